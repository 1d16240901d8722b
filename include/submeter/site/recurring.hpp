#pragma once
/// \file
/// site::recurring_lines: the sixth step of the site run: a tenant's property fee and rent for the
/// days it occupied the period (allocation::charge_recurring, prorated by days, rounded once).

#include <date/date.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/property_fee.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/time.hpp"
#include "submeter/site/charge_cycles.hpp"
#include "submeter/site/site.hpp"

namespace submeter::site {

/// The tenant's recurring charges for `occupied`, the part of the period it occupied, under the
/// site's rounding rule, in the tenant's order; the tenant is each line's payer: monthly cycles
/// starting with `period`, or (format v2, tenant::charge_cycles) the cycle parts the bill of
/// `period` carries (site/charge_cycles.hpp), each prorated by days ÷ days in its cycle, a
/// refund negative. Refuses what allocation::charge_recurring refuses.
[[nodiscard]] inline std::vector<bill::line> recurring_lines(const site& s, const tenant& t,
                                                             const bill::billing_period& period,
                                                             const local_interval& occupied) {
  std::vector<bill::line> out;
  for (const auto& c : t.recurring) {
    const auto cycle = t.charge_cycles.find(c.component());
    if (cycle != t.charge_cycles.end()) {
      std::optional<date::year_month_day> in;
      std::optional<date::year_month_day> gone;
      if (t.move_in) in = local_date(*t.move_in);
      if (t.move_out) gone = local_date(*t.move_out);
      const auto& terms = cycle->second;
      for (const auto& p : cycle_parts(terms, period, in, gone)) {
        auto r = allocation::charge_recurring(c, t.id, t.floor_area, p.cycle_begin, p.from, p.to,
                                              s.rule());
        const std::string note = std::string(allocation::to_string(terms.cycle)) + " " +
                                 std::string(allocation::to_string(terms.billing)) + ", cycle " +
                                 date::format("%F", p.cycle_begin) + "/" +
                                 date::format("%F", p.cycle_end);
        std::string text = r.line.explanation.str();
        if (p.refund) {
          auto l = bill::amount_line(c.component(), {}, -r.line.unrounded,
                                     "refund of the days paid in advance and not occupied: " +
                                         text.substr(0, text.rfind(" = ")) + " (" + note + ")",
                                     s.rule());
          l.payer = t.id;
          l.window = r.line.window;
          out.push_back(std::move(l));
        } else {
          text.insert(text.rfind(" = "), " (" + note + ")");
          r.line.explanation = std::move(text);
          out.push_back(std::move(r.line));
        }
      }
      continue;
    }
    auto r = allocation::charge_recurring(
        c, t.id, t.floor_area, local_date(period.month().begin()), local_date(occupied.begin()),
        local_date(occupied.end()), s.rule());
    out.push_back(std::move(r.line));
  }
  return out;
}

}  // namespace submeter::site
