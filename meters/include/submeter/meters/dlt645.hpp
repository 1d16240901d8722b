#pragma once
/// \file
/// Umbrella header of the DL/T 645-2007 and -1997 codecs.

#include "submeter/meters/dlt645/address.hpp"
#include "submeter/meters/dlt645/control.hpp"
#include "submeter/meters/dlt645/data_identifier.hpp"
#include "submeter/meters/dlt645/follow_up.hpp"
#include "submeter/meters/dlt645/frame.hpp"
#include "submeter/meters/dlt645/item_value.hpp"
#include "submeter/meters/dlt645/price_items.hpp"
#include "submeter/meters/dlt645/read_response.hpp"
#include "submeter/meters/dlt645/reading.hpp"
#include "submeter/meters/dlt645/request.hpp"
#include "submeter/meters/dlt645/scanner.hpp"
#include "submeter/meters/dlt645/settings_plan.hpp"
#include "submeter/meters/dlt645/settings_write.hpp"
#include "submeter/meters/dlt645/tou_tables.hpp"
