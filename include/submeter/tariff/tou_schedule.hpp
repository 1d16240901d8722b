#pragma once
/// \file
/// A TOU schedule: which day table applies on a date, and which overlays carve it (TOU-1..TOU-3).
///
/// A date's base table is chosen by season × day kind, or by a rule that also names a caller flag
/// (e.g. "hot_day") when the date carries it. Overlays are then applied in order: each may be
/// limited to months, day kinds, named holidays (深谷 on 春节, 劳动节, 国庆节) and a flag, and may
/// list the registers it is allowed to replace ('over', a check). Everything is validated when the
/// schedule is built: every (season, day kind) has exactly one base table, every table covers the
/// day, every register used is declared, and no overlay replaces a register it may not.

#include <date/date.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/calendar/day_kind.hpp"
#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/calendar/season.hpp"
#include "submeter/core/error.hpp"
#include "submeter/tariff/day_table.hpp"
#include "submeter/tariff/rate_register.hpp"

namespace submeter::tariff {

/// Which base day table applies to which seasons and day kinds (and, optionally, flagged days).
struct day_rule {
  std::vector<std::string> seasons;  ///< season names; empty = every season
  calendar::day_kind_set kinds;      ///< empty = every kind
  std::string flag;   ///< non-empty: only on days carrying this flag; wins over unflagged rules
  std::string table;  ///< the day table's name
};

/// Periods applied over the base table on selected days.
struct overlay_rule {
  std::string name;
  std::vector<period> periods;
  std::vector<int> over;              ///< registers it may replace; empty = any
  std::vector<unsigned> months;       ///< 1..12; empty = every month
  calendar::day_kind_set kinds;       ///< empty = every kind
  std::vector<std::string> holidays;  ///< festival names from the holiday calendar; empty = any day
  std::string flag;                   ///< non-empty: only on days carrying this flag
};

/// A validated TOU schedule.
class tou_schedule {
 public:
  /// Builds and validates a schedule; see the file comment for what is refused. Errors are
  /// submeter::error with the schedule, table, rule, season, day kind or overlay named.
  [[nodiscard]] static tou_schedule make(std::string name, register_set registers,
                                         calendar::season_table seasons,
                                         std::vector<day_table> tables, std::vector<day_rule> rules,
                                         std::vector<overlay_rule> overlays) {
    tou_schedule s;
    s.name_ = std::move(name);
    s.registers_ = std::move(registers);
    s.seasons_ = std::move(seasons);
    s.tables_ = std::move(tables);
    s.overlays_ = std::move(overlays);
    const std::size_t n_seasons = s.seasons_.seasons().size();
    // Tables: unique names, registers declared.
    for (std::size_t i = 0; i < s.tables_.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (s.tables_[j].name() == s.tables_[i].name()) {
          throw error(errc::duplicate, "day table named twice",
                      {{"schedule", s.name_}, {"table", s.tables_[i].name()}});
        }
      }
      for (int r : s.tables_[i].registers_used())
        s.require_register(r, "table", s.tables_[i].name());
    }
    // Rules: resolve tables and seasons.
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      resolved_rule rr;
      rr.flag = r.flag;
      rr.kinds = r.kinds.empty() ? calendar::day_kind_set::all() : r.kinds;
      rr.table = s.table_index(r.table, i);
      rr.seasons.assign(n_seasons, r.seasons.empty());
      for (const auto& season_name : r.seasons) {
        const auto idx = s.seasons_.find(season_name);
        if (idx == n_seasons) {
          throw error(
              errc::not_found, "a day rule names an unknown season",
              {{"schedule", s.name_}, {"rule", std::to_string(i)}, {"season", season_name}});
        }
        rr.seasons[idx] = true;
      }
      s.rules_.push_back(std::move(rr));
    }
    // Coverage: exactly one unflagged rule per (season, kind); at most one per flag.
    for (std::size_t se = 0; se < n_seasons; ++se) {
      for (int k = 0; k < calendar::day_kind_count; ++k) {
        const auto kind = static_cast<calendar::day_kind>(k);
        std::vector<std::size_t> unflagged;
        for (std::size_t i = 0; i < s.rules_.size(); ++i) {
          const auto& rr = s.rules_[i];
          if (!rr.seasons[se] || !rr.kinds.contains(kind)) continue;
          if (rr.flag.empty()) {
            unflagged.push_back(i);
            continue;
          }
          for (std::size_t j = 0; j < i; ++j) {
            const auto& o = s.rules_[j];
            if (o.flag == rr.flag && o.seasons[se] && o.kinds.contains(kind)) {
              throw error(errc::inconsistent,
                          "two day rules for the same flag, season and day kind",
                          {{"schedule", s.name_},
                           {"season", s.seasons_.seasons()[se].name},
                           {"day_kind", std::string(calendar::to_string(kind))},
                           {"flag", rr.flag}});
            }
          }
        }
        if (unflagged.size() != 1) {
          throw error(errc::inconsistent,
                      unflagged.empty() ? "no day table for a season and day kind"
                                        : "two day tables for the same season and day kind",
                      {{"schedule", s.name_},
                       {"season", s.seasons_.seasons()[se].name},
                       {"day_kind", std::string(calendar::to_string(kind))}});
        }
      }
    }
    // Overlays: registers declared, months valid, 'over' respected on every table they can meet.
    std::vector<std::vector<bool>> seasons_in_month(13, std::vector<bool>(n_seasons, false));
    for (unsigned m = 1; m <= 12; ++m) {
      const auto last =
          static_cast<unsigned>((date::year{2000} / date::month{m} / date::last).day());
      for (unsigned d = 1; d <= last; ++d) {
        seasons_in_month[m][s.seasons_.season_of(
            date::local_days{date::year{2000} / date::month{m} / date::day{d}})] = true;
      }
    }
    for (const auto& o : s.overlays_) {
      if (o.name.empty())
        throw error(errc::invalid_argument, "an overlay needs a name", {{"schedule", s.name_}});
      if (o.periods.empty())
        throw error(errc::invalid_argument, "an overlay needs periods", {{"overlay", o.name}});
      for (const auto& p : o.periods) s.require_register(p.rate_register, "overlay", o.name);
      for (unsigned m : o.months) {
        if (m < 1 || m > 12) {
          throw error(errc::invalid_argument, "an overlay month is 1..12",
                      {{"overlay", o.name}, {"month", std::to_string(m)}});
        }
      }
      // Overlapping periods inside one overlay are a mistake: check with an empty base.
      std::vector<bool> seen(minutes_per_day, false);
      for (const auto& p : o.periods) {
        detail::check_period(o.name, p);
        detail::for_each_minute(p, [&](int minute) {
          if (seen[static_cast<std::size_t>(minute)]) {
            throw error(errc::inconsistent, "an overlay covers a minute twice",
                        {{"overlay", o.name}, {"minute", format_minute_of_day(minute)}});
          }
          seen[static_cast<std::size_t>(minute)] = true;
        });
      }
      const auto kinds = o.kinds.empty() ? calendar::day_kind_set::all() : o.kinds;
      for (unsigned m = 1; m <= 12; ++m) {
        if (!o.months.empty() && std::find(o.months.begin(), o.months.end(), m) == o.months.end())
          continue;
        for (std::size_t se = 0; se < n_seasons; ++se) {
          if (!seasons_in_month[m][se]) continue;
          for (const auto& rr : s.rules_) {
            if (!rr.seasons[se] || !rr.kinds.intersects(kinds)) continue;
            (void)s.tables_[rr.table].with_overlay(o.name, o.periods, o.over);
          }
        }
      }
    }
    return s;
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const register_set& registers() const noexcept { return registers_; }
  [[nodiscard]] const calendar::season_table& seasons() const noexcept { return seasons_; }
  [[nodiscard]] const std::vector<day_table>& tables() const noexcept { return tables_; }
  [[nodiscard]] const std::vector<overlay_rule>& overlays() const noexcept { return overlays_; }
  /// The caller flags (TOU-3) the rules and overlays select on ("hot_day"), sorted, each once.
  [[nodiscard]] std::vector<std::string> flags() const {
    std::vector<std::string> out;
    for (const auto& r : rules_) {
      if (!r.flag.empty()) out.push_back(r.flag);
    }
    for (const auto& o : overlays_) {
      if (!o.flag.empty()) out.push_back(o.flag);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  /// The day table in force on `day`: its base table by season, day kind (from `holidays`) and
  /// flags (from `marks`), with every matching overlay applied in order.
  [[nodiscard]] day_table table_for(date::local_days day,
                                    const calendar::holiday_calendar& holidays,
                                    const calendar::day_marks& marks = {}) const {
    const auto season = seasons_.season_of(day);
    const auto kind = holidays.kind_of(day);
    // A swapped workday carries its festival's name too, but only holidays match `holidays`.
    const auto festival =
        kind == calendar::day_kind::holiday ? holidays.name_of(day) : std::nullopt;
    const resolved_rule* base = nullptr;
    for (const auto& rr : rules_) {
      if (!rr.seasons[season] || !rr.kinds.contains(kind)) continue;
      if (!rr.flag.empty()) {
        if (marks.has(day, rr.flag)) {
          base = &rr;
          break;
        }
      } else if (base == nullptr) {
        base = &rr;
      }
    }
    day_table t = tables_[base->table];  // validated: every (season, kind) has a rule
    const auto month = static_cast<unsigned>(date::year_month_day{day}.month());
    for (const auto& o : overlays_) {
      if (!o.months.empty() && std::find(o.months.begin(), o.months.end(), month) == o.months.end())
        continue;
      if (!o.kinds.empty() && !o.kinds.contains(kind)) continue;
      if (!o.holidays.empty() && (!festival || std::find(o.holidays.begin(), o.holidays.end(),
                                                         *festival) == o.holidays.end())) {
        continue;
      }
      if (!o.flag.empty() && !marks.has(day, o.flag)) continue;
      t = t.with_overlay(o.name, o.periods, {});  // 'over' was checked when built
    }
    return t;
  }

 private:
  struct resolved_rule {
    std::vector<bool> seasons;
    calendar::day_kind_set kinds;
    std::string flag;
    std::size_t table = 0;
  };

  void require_register(int r, const char* what, const std::string& who) const {
    if (!registers_.contains(r)) {
      throw error(errc::not_found, "a period uses a rate register the schedule does not declare",
                  {{"schedule", name_}, {what, who}, {"register", std::to_string(r)}});
    }
  }
  [[nodiscard]] std::size_t table_index(const std::string& table, std::size_t rule) const {
    for (std::size_t i = 0; i < tables_.size(); ++i) {
      if (tables_[i].name() == table) return i;
    }
    throw error(errc::not_found, "a day rule names an unknown day table",
                {{"schedule", name_}, {"rule", std::to_string(rule)}, {"table", table}});
  }

  std::string name_;
  register_set registers_;
  calendar::season_table seasons_;
  std::vector<day_table> tables_;
  std::vector<resolved_rule> rules_;
  std::vector<overlay_rule> overlays_;
};

}  // namespace submeter::tariff
