#pragma once
/// \file
/// Umbrella header of the CJ/T 188 codec.

#include "submeter/meters/cjt188/frame.hpp"
#include "submeter/meters/cjt188/message.hpp"
#include "submeter/meters/cjt188/metering_data.hpp"
#include "submeter/meters/cjt188/price_table.hpp"
#include "submeter/meters/cjt188/profile.hpp"
#include "submeter/meters/cjt188/request.hpp"
#include "submeter/meters/cjt188/scanner.hpp"
#include "submeter/meters/cjt188/valve.hpp"
