#pragma once
/// \file
/// Umbrella header of the Modbus codec and register maps.

#include "submeter/meters/modbus/acrel.hpp"
#include "submeter/meters/modbus/adf400l.hpp"
#include "submeter/meters/modbus/crc.hpp"
#include "submeter/meters/modbus/pdu.hpp"
#include "submeter/meters/modbus/register_map.hpp"
#include "submeter/meters/modbus/register_value.hpp"
#include "submeter/meters/modbus/rtu.hpp"
#include "submeter/meters/modbus/tcp.hpp"
