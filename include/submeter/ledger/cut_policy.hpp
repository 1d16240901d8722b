#pragma once
/// \file
/// When a trip becomes a cut (rules.md §12 CUT-1…CUT-3): the no-cut ("friendly credit") windows,
/// the notice period, and the first instant a cut may happen.
///
/// Pure values and functions; the relay state machine (relay.hpp) consults them.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submeter/calendar/day_kind.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"

namespace submeter::ledger {

/// One no-cut window (CUT-2): daily hours (optionally only on some day kinds), or whole days of
/// some day kinds (weekends, holidays by the holiday calendar), or a whole ISO weekday.
struct no_cut_window {
  enum class shape : std::uint8_t { daily_hours, day_kinds, weekday };
  shape kind = shape::daily_hours;
  /// daily_hours: [start, end) in minutes after midnight; start > end runs over midnight
  /// (18:00–08:00 is 1080–480).
  int start_minute = 0;
  int end_minute = 0;
  /// day_kinds: the kinds that are no-cut all day (e.g. sunday, holiday); daily_hours: when not
  /// empty, the hours apply only on days of these kinds (the start day for an overnight window).
  calendar::day_kind_set days;
  /// weekday: ISO weekday 1 (Monday) … 7 (Sunday).
  unsigned iso_weekday = 7;

  /// Daily hours "HH:MM"–"HH:MM" given in minutes. Refuses values outside 0..1440 and an empty
  /// window (errc::invalid_argument).
  [[nodiscard]] static no_cut_window daily(int start_minute, int end_minute,
                                           calendar::day_kind_set on = {}) {
    if (start_minute < 0 || start_minute > 1440 || end_minute < 0 || end_minute > 1440 ||
        start_minute == end_minute) {
      throw error(errc::invalid_argument, "a daily no-cut window runs between two minutes of a day",
                  {{"start_minute", std::to_string(start_minute)},
                   {"end_minute", std::to_string(end_minute)}});
    }
    return no_cut_window{shape::daily_hours, start_minute, end_minute, on, 7};
  }
  /// Whole days of the given kinds. Refuses an empty set.
  [[nodiscard]] static no_cut_window whole_days(calendar::day_kind_set kinds) {
    if (kinds.empty()) {
      throw error(errc::invalid_argument, "a day-kind no-cut window needs at least one day kind");
    }
    return no_cut_window{shape::day_kinds, 0, 0, kinds, 7};
  }
  /// A whole ISO weekday (1 = Monday … 7 = Sunday). Refuses other numbers.
  [[nodiscard]] static no_cut_window iso_weekday_window(unsigned iso) {
    if (iso < 1 || iso > 7) {
      throw error(errc::invalid_argument, "an ISO weekday is 1..7",
                  {{"weekday", std::to_string(iso)}});
    }
    return no_cut_window{shape::weekday, 0, 0, {}, iso};
  }
};

/// When and whether a trip becomes a cut (CUT-3).
struct cut_policy {
  /// Notice before a cut; 0: the trip is immediate (PP-3, no notice).
  std::chrono::minutes notice{0};
  /// No-cut windows; a cut that falls in one moves to the first minute outside every window.
  std::vector<no_cut_window> windows;
  /// Gives day kinds (holidays, 调休) to the windows; an empty calendar uses weekdays only.
  calendar::holiday_calendar holidays;
};

namespace detail {
/// The end of the window containing t, or nullopt when t is not in it.
[[nodiscard]] inline std::optional<local_time> window_end(const no_cut_window& w, local_time t,
                                                          const calendar::holiday_calendar& cal) {
  using std::chrono::minutes;
  const auto day = date::floor<date::days>(t);
  const auto minute = static_cast<int>(date::floor<minutes>(t - day).count());
  switch (w.kind) {
    case no_cut_window::shape::day_kinds:
      if (w.days.contains(cal.kind_of(day))) return local_time(day + date::days(1));
      return std::nullopt;
    case no_cut_window::shape::weekday:
      if (date::weekday(day).iso_encoding() == w.iso_weekday) {
        return local_time(day + date::days(1));
      }
      return std::nullopt;
    case no_cut_window::shape::daily_hours: {
      const auto applies = [&](date::local_days d) {
        return w.days.empty() || w.days.contains(cal.kind_of(d));
      };
      if (w.start_minute < w.end_minute) {
        if (minute >= w.start_minute && minute < w.end_minute && applies(day)) {
          return local_time(day + minutes(w.end_minute));
        }
        return std::nullopt;
      }
      // Overnight: [start, 24:00) of day d and [00:00, end) of day d+1, keyed by d.
      if (minute >= w.start_minute && applies(day)) {
        return local_time(day + date::days(1) + minutes(w.end_minute));
      }
      if (minute < w.end_minute && applies(day - date::days(1))) {
        return local_time(day + minutes(w.end_minute));
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}
}  // namespace detail

/// The no-cut window that contains `t`, as the instant it ends (the latest end among windows that
/// contain t), or nullopt when t is outside every window.
[[nodiscard]] inline std::optional<local_time> in_no_cut_window(const cut_policy& p, local_time t) {
  std::optional<local_time> end;
  for (const auto& w : p.windows) {
    if (auto e = detail::window_end(w, t, p.holidays); e && (!end || *e > *end)) end = e;
  }
  return end;
}

/// The first instant at or after `t` outside every no-cut window (CUT-3: a Saturday-night cut with
/// "18:00–08:00 daily" and "all Sunday" windows moves to Monday 08:00). Refuses
/// (errc::inconsistent) windows that never end (after 366 days of searching).
[[nodiscard]] inline local_time first_cut_time(const cut_policy& p, local_time t) {
  const local_time limit = t + date::days(366);
  while (auto end = in_no_cut_window(p, t)) {
    t = *end;
    if (t > limit) {
      throw error(errc::inconsistent, "the no-cut windows leave no time to cut in a year");
    }
  }
  return t;
}

}  // namespace submeter::ledger
