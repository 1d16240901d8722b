#pragma once
/// \file
/// Everything header-only in submeter: the core, metering, tariffs and bills.

#include "submeter/bill.hpp"
#include "submeter/core.hpp"
#include "submeter/metering.hpp"
#include "submeter/tariff.hpp"
