#pragma once
/// \file
/// TOU schedules from 12 × 24 month-by-hour matrices, the way URDB (OpenEI) and NREL SAM state
/// them (tariffs.md §4.1): one weekday and one weekend matrix, row = month, column = hour of day,
/// value = a period number.
///
/// Mapping (tariffs.md §4.1): period n → rate register n (SAM numbers periods from 1; URDB from
/// 0, so pass `first_period = 0` and period p becomes register p + 1). Each month is a season;
/// each distinct 24-hour row is one day table of hour-long periods. Workdays and swapped workdays
/// (调休) take the weekday row; Saturdays, Sundays and holidays take the weekend row. A matrix
/// with a period beyond 8 registers is refused by name: submeter meters have at most 8 rate
/// registers (URDB records use up to 35 periods; SAM allows 36).

#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "submeter/calendar/day_kind.hpp"
#include "submeter/calendar/season.hpp"
#include "submeter/core/error.hpp"
#include "submeter/tariff/day_table.hpp"
#include "submeter/tariff/rate_register.hpp"
#include "submeter/tariff/tou_schedule.hpp"

namespace submeter::tariff {

/// A 12 × 24 matrix of period numbers: [month 0..11][hour 0..23].
using month_hour_matrix = std::array<std::array<int, 24>, 12>;

/// Builds a validated schedule from weekday and weekend matrices (see the file comment). The
/// registers are named conventionally (1 sharp … 5 deep_valley, then rate6..rate8); only the
/// numbers matter for pricing. Refuses (submeter::error, errc::invalid_argument) a period below
/// `first_period` or one that maps beyond register 8, naming the matrix, month and hour.
[[nodiscard]] inline tou_schedule schedule_from_matrices(std::string name,
                                                         const month_hour_matrix& weekday,
                                                         const month_hour_matrix& weekend,
                                                         int first_period = 1) {
  std::array<bool, 9> used{};
  const auto to_register = [&](const char* which, std::size_t month, std::size_t hour, int p) {
    const int r = p - first_period + 1;
    if (p < first_period || r > 8) {
      throw error(errc::invalid_argument,
                  "a period number does not map to a rate register 1..8 (meters have 8 at most)",
                  {{"schedule", name},
                   {"matrix", which},
                   {"month", std::to_string(month + 1)},
                   {"hour", std::to_string(hour)},
                   {"period", std::to_string(p)}});
    }
    used[static_cast<std::size_t>(r)] = true;
    return r;
  };
  std::vector<day_table> tables;
  std::vector<std::array<int, 24>> rows;  // distinct rows, in the order first seen
  const auto table_of = [&](const char* which, std::size_t month,
                            const std::array<int, 24>& row) -> std::string {
    std::array<int, 24> regs{};
    for (std::size_t h = 0; h < 24; ++h) regs[h] = to_register(which, month, h, row[h]);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i] == regs) return tables[i].name();
    }
    std::vector<period> periods;
    for (std::size_t h = 0; h < 24;) {
      std::size_t e = h + 1;
      while (e < 24 && regs[e] == regs[h]) ++e;
      periods.push_back({regs[h], static_cast<int>(h) * 60, static_cast<int>(e) * 60});
      h = e;
    }
    rows.push_back(regs);
    tables.push_back(day_table::make("row" + std::to_string(rows.size()), periods));
    return tables.back().name();
  };
  std::vector<calendar::season> seasons;
  std::vector<day_rule> rules;
  using calendar::day_kind;
  for (std::size_t m = 0; m < 12; ++m) {
    const std::string season = "month" + std::to_string(m + 1);
    const auto month = static_cast<unsigned>(m + 1);
    seasons.push_back({season, {calendar::month_day_range::months(month, month)}});
    rules.push_back({{season},
                     {day_kind::workday, day_kind::swapped_workday},
                     "",
                     table_of("weekday", m, weekday[m])});
    rules.push_back({{season},
                     {day_kind::saturday, day_kind::sunday, day_kind::holiday},
                     "",
                     table_of("weekend", m, weekend[m])});
  }
  std::vector<rate_register> registers;
  for (int r = 1; r <= 8; ++r) {
    if (used[static_cast<std::size_t>(r)]) registers.push_back({r, conventional_name(r)});
  }
  return tou_schedule::make(std::move(name), register_set::make(std::move(registers)),
                            calendar::season_table::make(std::move(seasons)), std::move(tables),
                            std::move(rules), {});
}

}  // namespace submeter::tariff
