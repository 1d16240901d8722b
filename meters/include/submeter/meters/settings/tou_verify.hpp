#pragma once
/// \file
/// From the tables a DL/T 645-2007 meter holds back to a TOU schedule, and a comparison with the
/// site's schedule minute by minute (MTOU-9 in docs/meters.md: what `submeter configure verify`
/// reports).
///
/// The schedule of a meter's tables: one season per year time zone (from its start to the day
/// before the next zone's, across the year end), one day table per daily table used (each row
/// from its start to the next row's, the last across midnight to the first), a rule per zone, and
/// the public holidays and rest days as caller flags (`meter_holiday_t<N>`, `meter_rest_day_t<N>`)
/// with the day marks that carry them, so tariff::tou_schedule::table_for gives the meter's table
/// on every date (MTOU-1..6). Rows repeated to pad a table are read once.

#include <date/date.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/calendar/season.hpp"
#include "submeter/core/error.hpp"
#include "submeter/meters/dlt645/tou_tables.hpp"
#include "submeter/meters/settings/tou_plan.hpp"
#include "submeter/tariff/day_table.hpp"
#include "submeter/tariff/rate_register.hpp"
#include "submeter/tariff/tou_schedule.hpp"

namespace submeter::meters::settings {

/// A meter's tables as a schedule, with the day marks its holidays and rest days need.
struct meter_schedule {
  tariff::tou_schedule schedule;
  calendar::day_marks marks;

  /// The register in force at `minute` (0..1439) of `day`.
  [[nodiscard]] int register_at(date::local_days day, int minute) const {
    return schedule.table_for(day, calendar::holiday_calendar{}, marks).register_at(minute);
  }
};

namespace detail {

[[nodiscard]] inline calendar::month_day month_day_before(int month, int day) {
  const date::year_month_day ymd{
      date::local_days{date::year{2000} / date::month{static_cast<unsigned>(month)} /
                       date::day{static_cast<unsigned>(day)}} -
      date::days{1}};
  return {static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

/// Rows by start, a repeated start read once (the later row wins, as a meter reads them).
template <class Row, class Key>
[[nodiscard]] std::vector<Row> by_start(std::vector<Row> rows, Key key) {
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const Row& a, const Row& b) { return key(a) < key(b); });
  std::vector<Row> out;
  for (const auto& r : rows) {
    if (!out.empty() && key(out.back()) == key(r)) {
      out.back() = r;
    } else {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace detail

/// The schedule of a meter's tables (file comment), named `name`, with register names from
/// `names` where it has them (conventional names otherwise), and day marks for `range`.
/// Refuses (submeter::error): no zones, a table used but not held (errc::invalid_argument); a
/// tariff above 8, which a schedule cannot name (errc::unsupported).
[[nodiscard]] inline meter_schedule schedule_of(const dlt645::tou_tables& t, std::string name,
                                                const date_range& range,
                                                const tariff::register_set& names = {}) {
  range.check();
  if (t.zones.empty()) {
    throw error(errc::invalid_argument, "the meter's tables have no year time zone",
                {{"schedule", name}});
  }
  const auto zones =
      detail::by_start(t.zones, [](const dlt645::zone_row& z) { return z.month * 32 + z.day; });
  // Which tables are used.
  std::vector<int> used;
  for (const auto& z : zones) used.push_back(z.table);
  for (const auto& h : t.holidays) used.push_back(h.table);
  const bool rest = (t.weekend_character & dlt645::no_rest_days) != dlt645::no_rest_days;
  if (rest) used.push_back(t.weekend_table);
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  // Day tables and registers.
  std::vector<tariff::day_table> tables;
  std::vector<int> registers;
  for (const int n : used) {
    if (n < 1 || static_cast<std::size_t>(n) > t.daily_tables.size() ||
        t.daily_tables[static_cast<std::size_t>(n - 1)].empty()) {
      throw error(errc::invalid_argument, "a daily table is used but the meter does not hold it",
                  {{"schedule", name}, {"table", std::to_string(n)}});
    }
    const auto rows = detail::by_start(t.daily_tables[static_cast<std::size_t>(n - 1)],
                                       [](const dlt645::period_row& r) { return r.start(); });
    std::vector<tariff::period> periods;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const int tariff = rows[i].tariff;
      if (tariff > tariff::max_rate_registers) {
        throw error(
            errc::unsupported, "a meter tariff above 8 has no rate register",
            {{"schedule", name}, {"table", std::to_string(n)}, {"tariff", std::to_string(tariff)}});
      }
      registers.push_back(tariff);
      if (rows.size() == 1) {
        periods.push_back({tariff, 0, tariff::minutes_per_day});
        break;
      }
      const int start = rows[i].start();
      const int end = i + 1 < rows.size()
                          ? rows[i + 1].start()
                          : (rows[0].start() == 0 ? tariff::minutes_per_day : rows[0].start());
      periods.push_back({tariff, start, end});
    }
    tables.push_back(tariff::day_table::make("t" + std::to_string(n), periods));
  }
  std::sort(registers.begin(), registers.end());
  registers.erase(std::unique(registers.begin(), registers.end()), registers.end());
  std::vector<tariff::rate_register> regs;
  for (const int r : registers) {
    const auto* known = names.find(r);
    regs.push_back({r, known != nullptr ? known->name : tariff::conventional_name(r)});
  }
  // Seasons: one per zone, to the day before the next zone's start (across the year end).
  std::vector<calendar::season> seasons;
  std::vector<tariff::day_rule> rules;
  // Holidays first, then rest days: table_for takes the first flagged rule a day carries.
  std::vector<calendar::day_mark> marks;
  std::vector<int> holiday_tables;
  for (const auto& h : t.holidays) {
    holiday_tables.push_back(h.table);
    marks.push_back({h.day, "meter_holiday_t" + std::to_string(h.table)});
  }
  std::sort(holiday_tables.begin(), holiday_tables.end());
  holiday_tables.erase(std::unique(holiday_tables.begin(), holiday_tables.end()),
                       holiday_tables.end());
  for (const int n : holiday_tables) {
    rules.push_back({{}, {}, "meter_holiday_t" + std::to_string(n), "t" + std::to_string(n)});
  }
  if (rest) {
    const std::string flag = "meter_rest_day_t" + std::to_string(t.weekend_table);
    rules.push_back({{}, {}, flag, "t" + std::to_string(t.weekend_table)});
    for (auto d = range.first; d <= range.last; d += date::days{1}) {
      if (((t.weekend_character >> date::weekday{d}.c_encoding()) & 1u) == 0) {
        marks.push_back({d, flag});
      }
    }
  }
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const auto& z = zones[i];
    const auto& next = zones[(i + 1) % zones.size()];
    const calendar::month_day from{static_cast<unsigned>(z.month), static_cast<unsigned>(z.day)};
    const auto to = zones.size() == 1 ? detail::month_day_before(z.month, z.day)
                                      : detail::month_day_before(next.month, next.day);
    const std::string season = "zone" + std::to_string(i + 1);
    seasons.push_back({season, {{from, to}}});
    rules.push_back({{season}, {}, "", "t" + std::to_string(z.table)});
  }
  return {tariff::tou_schedule::make(std::move(name), tariff::register_set::make(std::move(regs)),
                                     calendar::season_table::make(std::move(seasons)),
                                     std::move(tables), std::move(rules), {}),
          calendar::day_marks::make(std::move(marks))};
}

/// A date on which the meter and the site disagree: the first minute and both registers.
struct tou_difference {
  date::local_days day;
  int minute = 0;    ///< 0..1439
  int expected = 0;  ///< the site's register
  int found = 0;     ///< the meter's register
};

/// The outcome of comparing a meter's tables with a site's schedule over a range.
struct tou_comparison {
  std::size_t days = 0;
  /// One entry per date that differs, in date order.
  std::vector<tou_difference> differences;

  [[nodiscard]] bool matches() const noexcept { return differences.empty(); }
};

/// Compares, minute by minute on every date of `range`, the register the site's `schedule`
/// gives (day kinds from `holidays`, no flags) with the register the meter's tables give
/// (MTOU-9). Refuses what schedule_of refuses.
[[nodiscard]] inline tou_comparison compare(const tariff::tou_schedule& schedule,
                                            const calendar::holiday_calendar& holidays,
                                            const dlt645::tou_tables& meter,
                                            const date_range& range) {
  const auto mine = schedule_of(meter, "meter", range, schedule.registers());
  tou_comparison out;
  const calendar::holiday_calendar none;
  for (auto d = range.first; d <= range.last; d += date::days{1}) {
    ++out.days;
    const auto want = schedule.table_for(d, holidays);
    const auto got = mine.schedule.table_for(d, none, mine.marks);
    if (want == got) continue;
    for (int m = 0; m < tariff::minutes_per_day; ++m) {
      if (want.register_at(m) != got.register_at(m)) {
        out.differences.push_back({d, m, want.register_at(m), got.register_at(m)});
        break;
      }
    }
  }
  return out;
}

}  // namespace submeter::meters::settings
