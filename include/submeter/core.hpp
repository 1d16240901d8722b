#pragma once
/// \file
/// Umbrella header of the core: exact decimals, rounding, splits, time, errors, codec results.

#include "submeter/core/decimal.hpp"
#include "submeter/core/dimension.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/id_table.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/result.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/time.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/core/warning.hpp"
