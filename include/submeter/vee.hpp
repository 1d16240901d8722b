#pragma once
/// \file
/// Umbrella header of vee: validation, estimation and editing of meter reads (rules VEE-1 ..
/// VEE-9, EST-1 .. EST-4), each a pure function with its parameters, and the VEE pass.

#include "submeter/vee/clock_skew.hpp"
#include "submeter/vee/duplicates.hpp"
#include "submeter/vee/estimate.hpp"
#include "submeter/vee/finding.hpp"
#include "submeter/vee/gaps.hpp"
#include "submeter/vee/high_low.hpp"
#include "submeter/vee/interval_values.hpp"
#include "submeter/vee/multiplier_change.hpp"
#include "submeter/vee/pass.hpp"
#include "submeter/vee/rollover.hpp"
#include "submeter/vee/spikes.hpp"
#include "submeter/vee/sum_check.hpp"
#include "submeter/vee/zero_use.hpp"
