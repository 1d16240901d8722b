#pragma once
/// \file
/// site::recurring_lines: the sixth step of the site run: a tenant's property fee and rent for the
/// days it occupied the period (allocation::charge_recurring, prorated by days, rounded once).

#include <utility>
#include <vector>

#include "submeter/allocation/property_fee.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/time.hpp"
#include "submeter/site/site.hpp"

namespace submeter::site {

/// The tenant's recurring charges (monthly cycles starting with `period`) for `occupied`, the part
/// of the period it occupied, under the site's rounding rule, in the tenant's order; the tenant is
/// each line's payer. Refuses what allocation::charge_recurring refuses.
[[nodiscard]] inline std::vector<bill::line> recurring_lines(const site& s, const tenant& t,
                                                             const bill::billing_period& period,
                                                             const local_interval& occupied) {
  std::vector<bill::line> out;
  for (const auto& c : t.recurring) {
    auto r = allocation::charge_recurring(
        c, t.id, t.floor_area, local_date(period.month().begin()), local_date(occupied.begin()),
        local_date(occupied.end()), s.rule());
    out.push_back(std::move(r.line));
  }
  return out;
}

}  // namespace submeter::site
