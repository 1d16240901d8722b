#pragma once
/// \file
/// tariff::tier_reset: when a tier counter starts again from zero (rules.md TIER-3): yearly on a
/// month and day, or monthly on a day, at 00:00 local time.
///
/// A tiered tariff's counter accumulates use since the last reset; its value at the start of a
/// window is an input the caller carries (tiers.hpp), so a caller splits windows at the reset and
/// restarts the counter there.

#include <string>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"

namespace submeter::tariff {

/// When a tier counter starts again from zero (TIER-3): every year on a month and day, or every
/// month on a day, at 00:00 local time (the State Grid firmware default is 1 January 00:00).
/// Counters never reset inside a window the caller rates: split windows at `last_reset` first.
struct tier_reset {
  enum class cycle { yearly, monthly };
  cycle every = cycle::yearly;
  unsigned month = 1;  ///< yearly only, 1..12
  unsigned day = 1;    ///< 1..28, so that every month has the day

  /// Refuses (errc::invalid_argument) a month outside 1..12 or a day outside 1..28.
  [[nodiscard]] static tier_reset make(cycle every, unsigned month, unsigned day) {
    if (month < 1 || month > 12 || day < 1 || day > 28) {
      throw error(errc::invalid_argument, "a tier reset needs month 1..12 and day 1..28",
                  {{"month", std::to_string(month)}, {"day", std::to_string(day)}});
    }
    return tier_reset{every, month, day};
  }

  /// The last reset instant at or before `t`.
  [[nodiscard]] local_time last_at_or_before(local_time t) const {
    const auto ymd = local_date(t);
    const auto at = [&](date::year y, unsigned m) {
      return local_time{date::local_days{y / date::month{m} / date::day{day}}};
    };
    if (every == cycle::yearly) {
      const auto this_year = at(ymd.year(), month);
      return this_year <= t ? this_year : at(ymd.year() - date::years{1}, month);
    }
    const auto this_month = at(ymd.year(), static_cast<unsigned>(ymd.month()));
    if (this_month <= t) return this_month;
    const auto prev = date::year_month{ymd.year(), ymd.month()} - date::months{1};
    return at(prev.year(), static_cast<unsigned>(prev.month()));
  }

  /// True when the counter carried from `from` must restart before a window starting at `to`.
  [[nodiscard]] bool resets_between(local_time from, local_time to) const {
    return last_at_or_before(from) < last_at_or_before(to);
  }
};

}  // namespace submeter::tariff
