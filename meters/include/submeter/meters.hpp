#pragma once
/// \file
/// Umbrella header of submeter::meters: pure meter protocol codecs (DL/T 645-2007/1997,
/// CJ/T 188, Modbus RTU/TCP and register maps). No I/O.

#include "submeter/meters/bcd.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/cjt188.hpp"
#include "submeter/meters/clock_value.hpp"
#include "submeter/meters/dlt645.hpp"
#include "submeter/meters/frame_bytes.hpp"
#include "submeter/meters/frame_scanner.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/meter_reading.hpp"
#include "submeter/meters/modbus.hpp"
#include "submeter/meters/scaled_value.hpp"
