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
#include <cstdint>
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
        s.base_.push_back(s.rules_[unflagged.front()].table);
      }
    }
    for (const auto& rr : s.rules_) s.flagged_rules_ = s.flagged_rules_ || !rr.flag.empty();
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
    const auto d = day_facts(day, holidays);
    day_table t = tables_[base_table(d, marks)];
    for (const auto& o : overlays_) {
      if (overlay_applies(o, d, marks))
        t = t.with_overlay(o.name, o.periods, {});  // 'over' checked
    }
    return t;
  }

  /// What table_for(day) builds, named rather than built: the base table and the overlays.
  struct day_choice {
    std::size_t table = 0;       ///< index into tables()
    std::uint64_t overlays = 0;  ///< bit i: overlays()[i] applies (i < 64)
    [[nodiscard]] friend bool operator==(const day_choice& a, const day_choice& b) noexcept {
      return a.table == b.table && a.overlays == b.overlays;
    }
  };

  /// The base table and overlays table_for(day) applies, without copying a table: O(1) for the
  /// base (a season × day kind look-up, flagged rules first when `marks` has flags), one test per
  /// overlay. Bit i of `overlays` stands for overlays()[i]; a schedule with more than 64 overlays
  /// (none ships with more than 5) has only its first 64 here, so callers use table_for then.
  [[nodiscard]] day_choice choose(date::local_days day, const calendar::holiday_calendar& holidays,
                                  const calendar::day_marks& marks = {}) const noexcept {
    return choice_of(day_facts(day, holidays), marks);
  }

  /// choose() for `n` consecutive days from `first`, into out[0..n): the same choices, the
  /// dates walked day by day (month, day and weekday stepped, not converted from each date). A
  /// schedule without overlays, asked without holidays and without flags on its flagged rules,
  /// chooses by season and weekday alone: one look-up a day.
  void choose_days(date::local_days first, std::size_t n,
                   const calendar::holiday_calendar& holidays, const calendar::day_marks& marks,
                   day_choice* out) const noexcept {
    if (n == 0) return;
    date_walk at(first);
    const bool any_holidays = !holidays.entries().empty();
    if (!any_holidays && overlays_.empty() && !(flagged_rules_ && !marks.marks().empty())) {
      constexpr auto kinds = static_cast<std::size_t>(calendar::day_kind_count);
      for (std::size_t i = 0; i < n; ++i) {
        const auto kind = at.wd == 6   ? calendar::day_kind::saturday
                          : at.wd == 0 ? calendar::day_kind::sunday
                                       : calendar::day_kind::workday;
        out[i].table = base_[seasons_.season_of(calendar::month_day{at.month, at.mday}) * kinds +
                             static_cast<std::size_t>(kind)];
        out[i].overlays = 0;
        at.next();
      }
      return;
    }
    for (std::size_t i = 0; i < n; ++i) {
      facts f;
      f.day = first + date::days{static_cast<int>(i)};
      f.month = at.month;
      f.season = seasons_.season_of(calendar::month_day{at.month, at.mday});
      const auto* e = any_holidays ? holidays.entry_of(f.day) : nullptr;
      f.kind = e != nullptr ? e->kind
               : at.wd == 6 ? calendar::day_kind::saturday
               : at.wd == 0 ? calendar::day_kind::sunday
                            : calendar::day_kind::workday;
      if (e != nullptr && e->kind == calendar::day_kind::holiday) f.festival = &e->name;
      out[i] = choice_of(f, marks);
      at.next();
    }
  }

  /// The table a choice names: the base table with its overlays applied in order (what
  /// table_for builds for a day with that choice).
  [[nodiscard]] day_table table_of(const day_choice& c) const {
    day_table t = tables_[c.table];
    for (std::size_t i = 0; i < overlays_.size() && i < 64; ++i) {
      if ((c.overlays >> i) & 1u) {
        t = t.with_overlay(overlays_[i].name, overlays_[i].periods, {});  // 'over' was checked
      }
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

  // A date walked a day at a time: month, day of month and weekday stepped, not converted.
  struct date_walk {
    explicit date_walk(date::local_days first) noexcept {
      const date::year_month_day ymd{first};
      y = ymd.year();
      month = static_cast<unsigned>(ymd.month());
      mday = static_cast<unsigned>(ymd.day());
      month_days = static_cast<unsigned>((y / ymd.month() / date::last).day());
      wd = date::weekday{first}.c_encoding();
    }
    void next() noexcept {
      wd = wd == 6 ? 0 : wd + 1;
      if (++mday > month_days) {
        mday = 1;
        if (++month > 12) {
          month = 1;
          ++y;
        }
        month_days = static_cast<unsigned>((y / date::month{month} / date::last).day());
      }
    }
    date::year y;
    unsigned month = 1;
    unsigned mday = 1;
    unsigned month_days = 31;
    unsigned wd = 0;  // 0 = Sunday
  };

  // What the rules ask of a date, looked up once.
  struct facts {
    date::local_days day;
    std::size_t season = 0;
    calendar::day_kind kind = calendar::day_kind::workday;
    unsigned month = 1;
    const std::string* festival = nullptr;  // a holiday's festival name (not a swapped workday's)
  };
  [[nodiscard]] facts day_facts(date::local_days day,
                                const calendar::holiday_calendar& holidays) const noexcept {
    facts f;
    f.day = day;
    const date::year_month_day ymd{day};
    f.month = static_cast<unsigned>(ymd.month());
    f.season = seasons_.season_of(calendar::month_day{f.month, static_cast<unsigned>(ymd.day())});
    const auto* e = holidays.entry_of(day);
    f.kind = e != nullptr ? e->kind : calendar::weekday_kind(day);
    // A swapped workday carries its festival's name too, but only holidays match `holidays`.
    if (e != nullptr && e->kind == calendar::day_kind::holiday) f.festival = &e->name;
    return f;
  }
  [[nodiscard]] day_choice choice_of(const facts& d,
                                     const calendar::day_marks& marks) const noexcept {
    day_choice c;
    c.table = base_table(d, marks);
    const std::size_t n = overlays_.size() < 64 ? overlays_.size() : 64;
    for (std::size_t i = 0; i < n; ++i) {
      if (overlay_applies(overlays_[i], d, marks)) c.overlays |= std::uint64_t{1} << i;
    }
    return c;
  }
  // The base table: the first flagged rule whose flag the day carries, else the one unflagged
  // rule of its season and kind (validated to exist).
  [[nodiscard]] std::size_t base_table(const facts& f,
                                       const calendar::day_marks& marks) const noexcept {
    if (flagged_rules_ && !marks.marks().empty()) {
      for (const auto& rr : rules_) {
        if (!rr.flag.empty() && rr.seasons[f.season] && rr.kinds.contains(f.kind) &&
            marks.has(f.day, rr.flag)) {
          return rr.table;
        }
      }
    }
    return base_[f.season * static_cast<std::size_t>(calendar::day_kind_count) +
                 static_cast<std::size_t>(f.kind)];
  }
  [[nodiscard]] static bool overlay_applies(const overlay_rule& o, const facts& f,
                                            const calendar::day_marks& marks) noexcept {
    if (!o.months.empty() && std::find(o.months.begin(), o.months.end(), f.month) == o.months.end())
      return false;
    if (!o.kinds.empty() && !o.kinds.contains(f.kind)) return false;
    if (!o.holidays.empty() &&
        (f.festival == nullptr ||
         std::find(o.holidays.begin(), o.holidays.end(), *f.festival) == o.holidays.end())) {
      return false;
    }
    return o.flag.empty() || marks.has(f.day, o.flag);
  }

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
  std::vector<std::size_t> base_;  // [season × day_kind_count + kind]: the unflagged rule's table
  bool flagged_rules_ = false;
};

}  // namespace submeter::tariff
