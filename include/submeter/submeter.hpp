#pragma once
/// \file
/// Everything header-only in submeter: the core, calendars, metering, tariffs, bills, allocation,
/// the ledger, re-rating, the whole-site run and the validation and estimation of reads (vee).
/// The meter codecs are separate: <submeter/meters.hpp> (target submeter::meters).

#include "submeter/allocation.hpp"
#include "submeter/bill.hpp"
#include "submeter/calendar.hpp"
#include "submeter/core.hpp"
#include "submeter/ledger.hpp"
#include "submeter/metering.hpp"
#include "submeter/rerate.hpp"
#include "submeter/site.hpp"
#include "submeter/tariff.hpp"
#include "submeter/vee.hpp"
