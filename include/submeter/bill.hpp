#pragma once
/// \file
/// Umbrella header of bills: lines, bills, billing periods, billing a site, 转供电 compliance.

#include "submeter/bill/bill.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/site.hpp"
#include "submeter/bill/site_run.hpp"
