#pragma once
/// \file
/// Umbrella header of bills: lines, bills, billing periods, and billing a site.

#include "submeter/bill/bill.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/site.hpp"
