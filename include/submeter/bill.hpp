#pragma once
/// \file
/// Umbrella header of bills: line components, lines, bills, billing periods, 转供电 compliance.

#include "submeter/bill/bill.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/issue_terms.hpp"
#include "submeter/bill/number.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/read_quality.hpp"
#include "submeter/bill/tax.hpp"
