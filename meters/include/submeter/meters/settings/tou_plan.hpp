#pragma once
/// \file
/// From a TOU schedule to the tables one set of a DL/T 645-2007 meter holds (MTOU-8 in
/// docs/meters.md), for a range of dates.
///
/// `meters/settings/` is the one part of the meters layer that reads the tariff vocabulary
/// (tariff::tou_schedule, calendar::holiday_calendar): DESIGN.md lists "settings" among the
/// meters codecs ("TOU tables and prices written to meters"), and the byte codecs it builds on
/// (dlt645/tou_tables.hpp, price_items.hpp, settings_plan.hpp) stay on core alone.
///
/// The mapping (MTOU-8):
/// - A year time zone per run of month-days whose workday table is the same, the first starting
///   on 01-01 (the workday table of a month-day is the schedule's table on a workday of that
///   month-day: seasons and month overlays decide it; they repeat every year).
/// - A public holiday entry for every date of the range whose table differs from its zone's:
///   holidays and rest days with their own periods (深谷 on 春节, weekend deep valley), a
///   Saturday with a day kind of its own. Swapped workdays (调休) keep the workday table.
/// - One daily table per distinct minute map; its rows are the runs of a register, the first
///   at 00:00 (dropped, and the table read across midnight, only when that is what makes it fit).
///   Tariff n is rate register n (TOU-4: T1 尖 … T4 谷, T5 深谷).
/// - The weekend character is written as "no rest day" (7F): rest days that differ are listed
///   as holidays, so one weekend table shared by every zone is never needed.
/// Refused, with errc::unsupported naming the item that sets the limit (04000201..05), the
/// schedule and what needs more: more zones, daily tables, periods in a table, tariffs or
/// public holidays than the meter holds. Warnings (never blocking): seasons or schedule tables
/// with identical periods that share one meter table (`tou_meter_table_shared`); flagged rules
/// and overlays (hot_day) that a meter cannot follow (`tou_flag_not_pushed`); years of the range
/// the holiday calendar does not cover (`tou_calendar_does_not_cover`).

#include <date/date.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/meters/dlt645/tou_tables.hpp"
#include "submeter/tariff/day_table.hpp"
#include "submeter/tariff/tou_schedule.hpp"

namespace submeter::meters::settings {

/// An inclusive range of local dates.
struct date_range {
  date::local_days first;
  date::local_days last;

  /// Refuses (errc::invalid_argument) a range that ends before it starts or spans more than ten
  /// years.
  void check() const {
    if (last < first || (last - first).count() > 3660) {
      throw error(errc::invalid_argument, "a date range runs forward and spans at most ten years",
                  {{"from", calendar::format_date(first)}, {"to", calendar::format_date(last)}});
    }
  }
  /// The range from `first` to one year later, less a day (2025-06-01 → 2026-05-31).
  [[nodiscard]] static date_range one_year_from(date::local_days first) {
    const date::year_month_day ymd{first};
    auto next = ymd + date::years{1};
    if (!next.ok()) next = next.year() / next.month() / date::last;  // 02-29 → 02-28
    return {first, date::local_days{next} - date::days{1}};
  }
};

/// The tables of one set for a schedule, with what they came from.
struct tou_mapping {
  /// The meter tables (zones, daily tables, holidays; weekend: no rest day).
  dlt645::tou_tables tables;
  /// sources[n - 1]: the schedule tables daily table n holds ("summer", "winter+sharp_jan_dec").
  std::vector<std::string> sources;
  /// Findings that never block.
  std::vector<warning> warnings;
};

namespace detail {

using minute_map = std::array<std::uint8_t, tariff::minutes_per_day>;

/// A workday on month-day (m, d) (a Wednesday; a leap year for 02-29), for the zone tables.
[[nodiscard]] inline date::local_days reference_workday(unsigned m, unsigned d) {
  for (int y = 2000; y < 2030; ++y) {
    const date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
    if (!ymd.ok()) continue;
    const date::local_days day{ymd};
    if (date::weekday{day} == date::Wednesday) return day;
  }
  return date::local_days{date::year{2000} / date::month{m} / date::day{d}};  // unreachable
}

/// The rows of a minute map: one per run of a register, the first at 00:00 unless
/// `across_midnight` and the day starts as it ends.
[[nodiscard]] inline std::vector<dlt645::period_row> rows_of(const minute_map& map,
                                                             bool across_midnight) {
  std::vector<dlt645::period_row> rows;
  for (int m = 0; m < tariff::minutes_per_day; ++m) {
    const int r = map[static_cast<std::size_t>(m)];
    if (m == 0 || r != map[static_cast<std::size_t>(m - 1)]) rows.push_back({m / 60, m % 60, r});
  }
  if (across_midnight && rows.size() > 1 && rows.front().tariff == rows.back().tariff) {
    rows.erase(rows.begin());
  }
  return rows;
}

[[nodiscard]] inline std::string join(const std::set<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace detail

/// The tables of one set that make a meter follow `schedule` on every date of `range`, with
/// `holidays` deciding day kinds (MTOU-8, file comment). Refuses (submeter::error) what
/// `capacity` cannot hold (errc::unsupported, naming 04000201..05 and the schedule) and a bad
/// range or capacity (errc::invalid_argument).
[[nodiscard]] inline tou_mapping map_schedule(const tariff::tou_schedule& schedule,
                                              const calendar::holiday_calendar& holidays,
                                              const date_range& range,
                                              const dlt645::meter_capacity& capacity) {
  range.check();
  capacity.check();
  tou_mapping out;
  const auto& name = schedule.name();
  const auto over = [&](const char* what, const char* di, std::size_t needed, int held,
                        std::vector<context_item> more = {}) {
    std::vector<context_item> ctx{{"schedule", name},
                                  {"limit", di},
                                  {"needed", std::to_string(needed)},
                                  {"meter_holds", std::to_string(held)}};
    ctx.insert(ctx.end(), more.begin(), more.end());
    return error(errc::unsupported, std::string("the meter cannot hold that many ") + what,
                 std::move(ctx));
  };
  // Registers beyond the meter's tariffs (04000204).
  for (const auto& r : schedule.registers().registers()) {
    if (r.number > capacity.tariffs) {
      throw over("tariffs", "04000204", static_cast<std::size_t>(r.number), capacity.tariffs,
                 {{"register", r.name}});
    }
  }
  // Distinct minute maps → daily tables, with where they came from.
  std::vector<detail::minute_map> maps;
  std::vector<std::set<std::string>> tables_of;   // schedule tables (with overlays) per map
  std::vector<std::set<std::string>> seasons_of;  // seasons per map
  const auto table_number = [&](const tariff::day_table& t, date::local_days day) {
    std::size_t i = 0;
    while (i < maps.size() && maps[i] != t.minute_map()) ++i;
    if (i == maps.size()) {
      maps.push_back(t.minute_map());
      tables_of.emplace_back();
      seasons_of.emplace_back();
    }
    tables_of[i].insert(t.name());
    seasons_of[i].insert(schedule.seasons().seasons()[schedule.seasons().season_of(day)].name);
    return static_cast<int>(i + 1);
  };
  // Zones: the workday table of each month-day, in calendar order from 01-01.
  const calendar::holiday_calendar no_holidays;
  std::array<int, 13 * 32> zone_table{};
  for (unsigned m = 1; m <= 12; ++m) {
    const auto days = static_cast<unsigned>((date::year{2000} / date::month{m} / date::last).day());
    for (unsigned d = 1; d <= days; ++d) {
      const auto day = detail::reference_workday(m, d);
      const int n = table_number(schedule.table_for(day, no_holidays), day);
      zone_table[m * 32 + d] = n;
      if (out.tables.zones.empty() || out.tables.zones.back().table != n) {
        out.tables.zones.push_back({static_cast<int>(m), static_cast<int>(d), n});
      }
    }
  }
  if (out.tables.zones.size() > static_cast<std::size_t>(capacity.year_zones)) {
    throw over("year time zones", "04000201", out.tables.zones.size(), capacity.year_zones);
  }
  // Public holidays: every date of the range whose table is not its zone's.
  std::set<int> uncovered;
  for (auto day = range.first; day <= range.last; day += date::days{1}) {
    const date::year_month_day ymd{day};
    if (!holidays.covers(static_cast<int>(ymd.year()))) {
      uncovered.insert(static_cast<int>(ymd.year()));
    }
    const auto t = schedule.table_for(day, holidays);
    const int n = table_number(t, day);
    const auto key = static_cast<unsigned>(ymd.month()) * 32 + static_cast<unsigned>(ymd.day());
    if (n != zone_table[key]) out.tables.holidays.push_back({day, n});
  }
  if (maps.size() > static_cast<std::size_t>(capacity.daily_tables)) {
    std::set<std::string> all;
    for (const auto& s : tables_of) all.insert(s.begin(), s.end());
    throw over("daily period tables", "04000202", maps.size(), capacity.daily_tables,
               {{"tables", detail::join(all)}});
  }
  if (out.tables.holidays.size() > static_cast<std::size_t>(capacity.public_holidays)) {
    throw over(
        "public holidays", "04000205", out.tables.holidays.size(), capacity.public_holidays,
        {{"from", calendar::format_date(range.first)}, {"to", calendar::format_date(range.last)}});
  }
  // Daily tables.
  for (std::size_t i = 0; i < maps.size(); ++i) {
    auto rows = detail::rows_of(maps[i], false);
    if (rows.size() > static_cast<std::size_t>(capacity.daily_periods)) {
      rows = detail::rows_of(maps[i], true);
    }
    if (rows.size() > static_cast<std::size_t>(capacity.daily_periods)) {
      throw over("daily periods", "04000203", rows.size(), capacity.daily_periods,
                 {{"table", detail::join(tables_of[i])}});
    }
    out.tables.daily_tables.push_back(std::move(rows));
    out.sources.push_back(detail::join(tables_of[i]));
    if (tables_of[i].size() > 1 || seasons_of[i].size() > 1) {
      out.warnings.push_back(
          {"tou_meter_table_shared",
           "seasons or schedule tables with identical periods share one meter daily table",
           {{"schedule", name},
            {"table", std::to_string(i + 1)},
            {"seasons", detail::join(seasons_of[i])},
            {"schedule_tables", detail::join(tables_of[i])}}});
    }
  }
  // Flags: a meter cannot know which days will be flagged (hot_day).
  const auto flag_list = schedule.flags();
  const std::set<std::string> flags(flag_list.begin(), flag_list.end());
  if (!flags.empty()) {
    out.warnings.push_back({"tou_flag_not_pushed",
                            "flagged days cannot be scheduled ahead on a meter; it keeps the "
                            "unflagged periods on them",
                            {{"schedule", name}, {"flags", detail::join(flags)}}});
  }
  if (!uncovered.empty()) {
    std::string years;
    for (const int y : uncovered) years += (years.empty() ? "" : ", ") + std::to_string(y);
    out.warnings.push_back(
        {"tou_calendar_does_not_cover",
         "the holiday calendar does not cover every year of the range: days "
         "of those years are taken by weekday",
         {{"calendar", holidays.name().empty() ? std::string("none") : holidays.name()},
          {"years", years}}});
  }
  return out;
}

}  // namespace submeter::meters::settings
