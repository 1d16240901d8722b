#pragma once
/// \file
/// site::cycle_parts: which part of which cycle of a charge with a cycle (format v2: property
/// fee, rent, the basic charge by capacity; monthly, quarterly, half-yearly or yearly, in advance
/// or in arrears) a month's bill carries, for a tenant occupying [move-in, move-out).
///
/// The rule (docs/formats.md "Charge cycles"): cycles of N months start in the anchor month and
/// every N months from it. In advance, the bill of the first month the tenant occupies in a
/// cycle carries the cycle from that day (a move-in) to the cycle's end, or to the move-out when
/// it falls in that month; the bill of a later month in which the tenant moves out carries a
/// refund of the days from the move-out to the cycle's end. In arrears, the bill of the last month
/// the tenant occupies in a cycle (the cycle's last month, or the move-out month) carries the days
/// occupied in the cycle. A monthly cycle is the same either way. Days are local dates; a
/// partial cycle is prorated by the caller's rule (fee rules: days ÷ days in the cycle; TP-8:
/// days ÷ 30 per month).

#include <date/date.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "submeter/allocation/property_fee.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/time.hpp"

namespace submeter::site {

/// A part of a cycle a bill carries: the cycle [cycle_begin, cycle_end) and the charged days
/// [from, to) inside it; `refund` for days charged in advance and not occupied.
struct cycle_part {
  date::year_month_day cycle_begin;
  date::year_month_day cycle_end;
  date::year_month_day from;
  date::year_month_day to;
  bool refund = false;
  /// A refund: the first day the advance charge covered (TP-8 counts the days kept, not those
  /// refunded, since a part month is at most 30 days).
  date::year_month_day charged_from;
};

/// The first day of the cycle of `terms` containing `month`.
[[nodiscard]] inline date::year_month_day cycle_start_of(const allocation::cycle_terms& terms,
                                                         date::year_month month) {
  const int n = allocation::months_in(terms.cycle);
  const int since = (static_cast<int>(static_cast<unsigned>(month.month())) -
                     static_cast<int>(terms.anchor_month) + 12) %
                    12;
  const auto first = month - date::months(since % n);
  return first / date::day(1);
}

/// The parts of cycles of `terms` that the bill of `period` (a calendar month) carries for a
/// tenant that moved in on `moved_in` and out on `moved_out` (local dates; none when it did
/// not), in the rule of the file comment. Empty when it carries none.
[[nodiscard]] inline std::vector<cycle_part> cycle_parts(
    const allocation::cycle_terms& terms, const bill::billing_period& period,
    std::optional<date::year_month_day> moved_in, std::optional<date::year_month_day> moved_out) {
  std::vector<cycle_part> out;
  const auto pb = local_date(period.window().begin());
  const auto pe = local_date(period.window().end());
  const date::year_month month{pb.year(), pb.month()};
  const auto cb = cycle_start_of(terms, month);
  const date::year_month_day ce =
      (date::year_month{cb.year(), cb.month()} + date::months(allocation::months_in(terms.cycle))) /
      date::day(1);
  const auto lo = std::max(cb, moved_in.value_or(cb));
  const auto hi = std::min(ce, moved_out.value_or(ce));
  if (!(date::sys_days{lo} < date::sys_days{hi})) return out;
  const auto in_month = [&](date::year_month_day d) {
    return date::sys_days{pb} <= date::sys_days{d} && date::sys_days{d} < date::sys_days{pe};
  };
  // The move-out falls in this month: in (pb, pe].
  const bool out_here = moved_out && date::sys_days{pb} < date::sys_days{*moved_out} &&
                        date::sys_days{*moved_out} <= date::sys_days{pe};
  if (terms.billing == allocation::fee_billing::advance) {
    if (in_month(lo)) {
      out.push_back({cb, ce, lo, out_here ? hi : ce, false, lo});
    } else if (out_here && date::sys_days{*moved_out} < date::sys_days{ce}) {
      out.push_back({cb, ce, *moved_out, ce, true, lo});
    }
  } else {
    // The last month occupied in the cycle: the one holding the day before `hi`.
    const auto last_day = date::year_month_day{date::sys_days{hi} - date::days(1)};
    if (in_month(last_day)) out.push_back({cb, ce, lo, hi, false, lo});
  }
  return out;
}

}  // namespace submeter::site
