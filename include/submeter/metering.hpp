#pragma once
/// \file
/// Umbrella header of metering: meters, the meter tree, register readings, usage, reading series,
/// interval series, demand.

#include "submeter/metering/demand.hpp"
#include "submeter/metering/interval_series.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/meter_tree.hpp"
#include "submeter/metering/reading_series.hpp"
#include "submeter/metering/register_reading.hpp"
