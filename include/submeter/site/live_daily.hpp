#pragma once
/// \file
/// site::live_daily_charges: daily fixed charges (按日扣费) on the live prepaid path (issue 17).
///
/// An account on daily deduction (site.json v2 `"deduction": "daily"`) has its tenant's monthly
/// fixed charges (property fee and rent, allocation/property_fee.hpp, and the basic charge by
/// capacity of a two-part tariff, tariff/capacity_charge.hpp) deducted live, one ledger
/// deduction per local day under the key `day/<account>/<YYYY-MM-DD>`, when a reading of one of
/// its meters crosses the boundary that ends the day (DAY-1 below). Rules (design rules):
/// - DAY-1 **Which days.** A rated reading at `t` whose meter was last read at `s` accrues every
///   day whose end (00:00 of the next day, local time) lies in (s, t]: one day or several when a
///   gap spans several boundaries. A meter's first reading (it opens the cursor), a duplicate, a
///   late, backwards or inconsistent reading accrues nothing, so no day before the account's
///   first reading is ever charged. Days before the move-in or from the move-out on are not
///   charged (the monthly bill does not charge them); the basic charge by capacity counts the
///   move-out day when the move-out falls inside it (TP-8: a part day counts in full). A tick
///   of the clock at `t` (site::tick, no reading) accrues the days whose end lies in (s, t] for
///   `s` the least advanced of the account's meters' last readings.
/// - DAY-2 **How much.** A day's amount is the month's fixed charges to date through that day
///   less the same through the day before, each to-date total computed by the monthly bill's own
///   function (allocation::charge_recurring: days ÷ days in the month, the bill's rounding rule,
///   site::total_of). So rounding never accumulates: the days of a whole month add up to the
///   monthly bill's fixed lines exactly, to the fen. The basic charge by capacity to date is the
///   bill's TP-8 line for the days occupied so far (each day 1/30 of the monthly charge, at most
///   30 days), or the monthly charge once the whole month is: so days 1..30 of a full month are
///   1/30 each, the 31st of a long month nothing, and 28 February 3/30 (its own day and the two
///   days February lacks). A charge whose cycle is longer than a month (quarterly, yearly: format
///   v2 `cycle`), the basic charge by maximum demand (known at month end) and the power-factor
///   adjustment are not accrued by day; the month-end true-up carries them.
/// - DAY-3 **Idempotent.** The key names the account and the day: a day is deducted once, however
///   many meters of the account cross its boundary and however often a stream is re-run.
/// - DAY-4 **The true-up.** A day's deduction is a live deduction of the month of its day: the
///   month-end true-up (bill total − Σ live deductions) counts it (daily_deducted_in), so
///   Σ daily deductions + Σ reading deductions + true-up = the monthly bill, to the fen.
/// Levels, alarms, trips, the cut decision and the outbox apply to a day's deduction as to a
/// reading's (ledger::post_live), in the same step.

#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/allocation/property_fee.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/posting.hpp"
#include "submeter/site/live_rating.hpp"
#include "submeter/tariff/capacity_charge.hpp"

namespace submeter::site {

/// The basic charge by capacity of a two-part tariff (TP-2) accrued by day: the tenant's kVA in
/// operation at the tariff's yuan/kVA·month, on the line of `meter_id` (the tenant's first
/// electricity meter, as the monthly bill writes it).
struct live_daily_capacity {
  /// The meter the bill's capacity line names.
  std::string meter_id;
  /// kVA in operation (TP-2).
  power kva;
  /// yuan/kVA·month.
  power_price price;
  /// The first day not charged: the move-out day, or the day after it when the move-out falls
  /// inside the day (TP-8: a part day counts in full); none when the tenant stays.
  std::optional<date::year_month_day> end_day;
};

/// What an account on daily deduction accrues each day: its tenant's monthly fixed charges, the
/// floor area they are priced by, its basic charge by capacity, the days the tenant occupies and
/// the bill's rounding rule.
struct live_daily_charges {
  /// The tenant (the payer, as on the monthly bill).
  std::string tenant;
  /// The recurring charges with a monthly cycle (DAY-2).
  std::vector<allocation::recurring_charge> charges;
  /// Floor area, m² (charges per m²).
  area floor_area{};
  /// The move-in day: no earlier day is charged.
  std::optional<date::year_month_day> first_day;
  /// The move-out day: neither it nor a later day is charged (the fixed charges; the capacity
  /// charge has its own end, live_daily_capacity::end_day).
  std::optional<date::year_month_day> end_day;
  /// The basic charge by capacity of a two-part tariff, when accrued by day.
  std::optional<live_daily_capacity> capacity;
  /// The monthly bill's rounding rule (NUM-2).
  bill::rounding_rule rule{};
};

/// "day/<account>/<YYYY-MM-DD>", e.g. "day/T-1/2026-07-03": the key of the daily fixed charges
/// of `day` deducted from `account` (DAY-3).
[[nodiscard]] inline std::string day_key(const std::string& account, date::year_month_day day) {
  return "day/" + account + "/" + date::format("%F", day);
}

namespace detail {

/// True when `day` lies in [first, end) (either bound absent: unbounded).
[[nodiscard]] inline bool day_within(date::year_month_day day,
                                     const std::optional<date::year_month_day>& first,
                                     const std::optional<date::year_month_day>& end) noexcept {
  const date::sys_days x{day};
  if (first && x < date::sys_days{*first}) return false;
  if (end && !(x < date::sys_days{*end})) return false;
  return true;
}

/// The end of the days charged through `day` in its month, given the first day not charged
/// (`end`): the day after `day`, or `end` when earlier.
[[nodiscard]] inline date::sys_days charged_through(
    date::year_month_day day, const std::optional<date::year_month_day>& end) {
  const date::sys_days to = date::sys_days{day} + date::days(1);
  return end && date::sys_days{*end} < to ? date::sys_days{*end} : to;
}

}  // namespace detail

/// The day a daily fixed-charges key of `account` names: "day/<account>/<YYYY-MM-DD>" (day_key)
/// gives that date; any other key (a reading's, another account's, a date that is not one)
/// nullopt. The one reader of the key (daily_deducted_in, `prepaid status`).
[[nodiscard]] inline std::optional<date::year_month_day> day_of_key(std::string_view key,
                                                                    std::string_view account) {
  constexpr std::string_view head = "day/";
  if (key.size() != head.size() + account.size() + 11 || key.substr(0, head.size()) != head ||
      key.substr(head.size(), account.size()) != account ||
      key[head.size() + account.size()] != '/') {
    return std::nullopt;
  }
  return try_parse_local_date(key.substr(key.size() - 10));
}

/// True when `day` is charged (DAY-1): on or after the move-in, and before the move-out (the
/// fixed charges) or before the capacity charge's end.
[[nodiscard]] inline bool is_charged_day(const live_daily_charges& d,
                                         date::year_month_day day) noexcept {
  if (detail::day_within(day, d.first_day, d.end_day) && !d.charges.empty()) return true;
  return d.capacity && detail::day_within(day, d.first_day, d.capacity->end_day);
}

/// The fixed charges of the month of `day` to date: from the month's first charged day through
/// `day` (or the last charged day before it), by the monthly bill's functions and rule (DAY-2):
/// allocation::charge_recurring for the property fee and rent, tariff::capacity_line for the
/// basic charge by capacity (the monthly charge for the whole month, else TP-8's days); zero
/// before the first charged day. Refuses what those functions refuse.
[[nodiscard]] inline money daily_to_date(const live_daily_charges& d, date::year_month_day day) {
  const date::year_month_day month_start = day.year() / day.month() / date::day(1);
  const date::sys_days month_end{month_start.year() / month_start.month() / date::last};
  date::sys_days from{month_start};
  if (d.first_day && from < date::sys_days{*d.first_day}) from = date::sys_days{*d.first_day};
  std::vector<bill::line> lines;
  lines.reserve(d.charges.size() + 1);
  const date::sys_days to = detail::charged_through(day, d.end_day);
  if (from < to) {
    for (const auto& c : d.charges) {
      lines.push_back(allocation::charge_recurring(c, d.tenant, d.floor_area, month_start,
                                                   date::year_month_day{from},
                                                   date::year_month_day{to}, d.rule)
                          .line);
    }
  }
  if (d.capacity) {
    const date::sys_days cap_to = detail::charged_through(day, d.capacity->end_day);
    if (from < cap_to) {
      const bool whole_month = from == date::sys_days{month_start} && cap_to > month_end;
      std::optional<std::int64_t> days;
      if (!whole_month) days = (cap_to - from).count();
      lines.push_back(tariff::capacity_line(d.capacity->meter_id, d.capacity->kva,
                                            d.capacity->price, d.rule, days));
    }
  }
  if (lines.empty()) return money{};
  return total_of(lines, d.rule);
}

/// The amount of `day` (DAY-2): daily_to_date(day) less daily_to_date(the day before) within
/// the same month; zero for a day not charged. Never negative.
[[nodiscard]] inline money daily_charge(const live_daily_charges& d, date::year_month_day day) {
  if (!is_charged_day(d, day)) return money{};
  const money through = daily_to_date(d, day);
  const date::year_month_day before{date::sys_days{day} - date::days(1)};
  const money earlier = before.month() == day.month() ? daily_to_date(d, before) : money{};
  return through > earlier ? through - earlier : money{};
}

/// The charged days whose end lies in (from, to] (DAY-1), oldest first.
[[nodiscard]] inline std::vector<date::year_month_day> days_ended(const live_daily_charges& d,
                                                                  local_time from, local_time to) {
  std::vector<date::year_month_day> out;
  const auto first = date::floor<date::days>(from);
  const auto last = date::floor<date::days>(to);
  for (auto x = first; x < last; x += date::days(1)) {
    const date::year_month_day day{date::sys_days{x.time_since_epoch()}};
    if (is_charged_day(d, day)) out.push_back(day);
  }
  return out;
}

/// The deduction event of the fixed charges of `day` for `account` (ledger::fee, key day_key),
/// `amount` (> 0) posted at `post_time`; its reference names the day and the charges.
[[nodiscard]] inline ledger::event daily_deduction(const std::string& account,
                                                   const live_daily_charges& d,
                                                   date::year_month_day day, money amount,
                                                   local_time post_time) {
  std::string what;
  for (const auto& c : d.charges) {
    what += (what.empty() ? "" : ", ") + std::string(bill::to_string(c.component()));
  }
  if (d.capacity) {
    what += (what.empty() ? "" : ", ") + std::string(bill::to_string(bill::component::capacity));
  }
  return ledger::fee(post_time, day_key(account, day), amount,
                     "fixed charges of " + date::format("%F", day) + ": " + what);
}

/// Σ the daily deductions of `account` in `period` ("YYYY-MM") among `entries` (the account's
/// entries): what the month-end true-up counts besides the meters' deductions (DAY-4).
[[nodiscard]] inline money daily_deducted_in(const std::vector<ledger::entry>& entries,
                                             const std::string& account,
                                             const std::string& period) {
  money sum;
  for (const auto& e : entries) {
    if (e.what.kind != ledger::event_kind::deduction) continue;
    const auto day = day_of_key(e.what.key, account);
    if (day && date::format("%Y-%m", *day) == period) sum += e.what.amount;
  }
  return sum;
}

}  // namespace submeter::site
