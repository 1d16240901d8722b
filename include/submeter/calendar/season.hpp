#pragma once
/// \file
/// Seasons as month or month-day ranges, which may wrap the year end (tariffs.md §1.1).
///
/// Every date falls in exactly one season: the table is checked against all 366 month-days of a
/// leap year when it is built, and a gap or an overlap is refused naming the day.

#include <date/date.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"

namespace submeter::calendar {

/// A month and day (1..12, 1..31), no year.
struct month_day {
  unsigned month = 1;
  unsigned day = 1;
  [[nodiscard]] constexpr bool ok() const noexcept {
    return month >= 1 && month <= 12 && day >= 1 &&
           day <= static_cast<unsigned>(
                      (date::year{2000} / date::month{month} / date::last).day());  // leap year
  }
  [[nodiscard]] constexpr unsigned ordinal() const noexcept { return month * 32 + day; }
  [[nodiscard]] friend constexpr bool operator==(month_day a, month_day b) noexcept {
    return a.month == b.month && a.day == b.day;
  }
};

/// "MM-DD".
[[nodiscard]] inline std::string format_month_day(month_day md) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u-%02u", md.month, md.day);
  return buf;
}

/// An inclusive range of month-days; `from` after `to` wraps the year end (12-01 .. 02-29).
struct month_day_range {
  month_day from;
  month_day to;
  [[nodiscard]] constexpr bool contains(month_day md) const noexcept {
    const auto x = md.ordinal();
    return from.ordinal() <= to.ordinal() ? (from.ordinal() <= x && x <= to.ordinal())
                                          : (x >= from.ordinal() || x <= to.ordinal());
  }
  /// Whole months first..last (inclusive; last < first wraps): months(12, 2) is Dec–Feb.
  [[nodiscard]] static constexpr month_day_range months(unsigned first, unsigned last) noexcept {
    return {
        {first, 1},
        {last, static_cast<unsigned>((date::year{2000} / date::month{last} / date::last).day())}};
  }
};

/// A named season: the union of its ranges.
struct season {
  std::string name;
  std::vector<month_day_range> ranges;
};

/// A validated set of seasons covering the year exactly once.
class season_table {
 public:
  /// One season, all year.
  season_table() : season_table(make({season{"all_year", {month_day_range::months(1, 12)}}})) {}

  /// Refuses (submeter::error): no season, an empty or duplicate name, a season without ranges
  /// or with an invalid month-day (errc::invalid_argument / errc::duplicate), and any month-day
  /// covered by no season or by two (errc::inconsistent, naming the day and the seasons).
  [[nodiscard]] static season_table make(std::vector<season> seasons) {
    if (seasons.empty())
      throw error(errc::invalid_argument, "a season table needs at least one season");
    if (seasons.size() > 255)
      throw error(errc::invalid_argument, "too many seasons",
                  {{"count", std::to_string(seasons.size())}});
    for (std::size_t i = 0; i < seasons.size(); ++i) {
      const auto& s = seasons[i];
      if (s.name.empty())
        throw error(errc::invalid_argument, "a season needs a name",
                    {{"index", std::to_string(i)}});
      if (s.ranges.empty())
        throw error(errc::invalid_argument, "a season needs at least one range",
                    {{"season", s.name}});
      for (std::size_t j = 0; j < i; ++j) {
        if (seasons[j].name == s.name)
          throw error(errc::duplicate, "season named twice", {{"season", s.name}});
      }
      for (const auto& r : s.ranges) {
        if (!r.from.ok() || !r.to.ok()) {
          throw error(errc::invalid_argument, "invalid month-day in a season",
                      {{"season", s.name},
                       {"from", format_month_day(r.from)},
                       {"to", format_month_day(r.to)}});
        }
      }
    }
    season_table t{private_tag{}};
    t.seasons_ = std::move(seasons);
    t.index_.fill(none);
    for (unsigned m = 1; m <= 12; ++m) {
      const unsigned days =
          static_cast<unsigned>((date::year{2000} / date::month{m} / date::last).day());
      for (unsigned d = 1; d <= days; ++d) {
        const month_day md{m, d};
        for (std::size_t s = 0; s < t.seasons_.size(); ++s) {
          bool in = false;
          for (const auto& r : t.seasons_[s].ranges) in = in || r.contains(md);
          if (!in) continue;
          auto& slot = t.index_[md.ordinal()];
          if (slot != none) {
            throw error(errc::inconsistent, "a day falls in two seasons",
                        {{"day", format_month_day(md)},
                         {"seasons", t.seasons_[slot].name + ", " + t.seasons_[s].name}});
          }
          slot = static_cast<std::uint8_t>(s);
        }
        if (t.index_[md.ordinal()] == none) {
          throw error(errc::inconsistent, "a day falls in no season",
                      {{"day", format_month_day(md)}});
        }
      }
    }
    return t;
  }

  [[nodiscard]] const std::vector<season>& seasons() const noexcept { return seasons_; }

  /// The index of the season of a date.
  [[nodiscard]] std::size_t season_of(date::local_days day) const noexcept {
    const date::year_month_day ymd{day};
    return season_of(
        month_day{static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())});
  }
  /// The index of the season of a valid month-day (md.ok()).
  [[nodiscard]] std::size_t season_of(month_day md) const noexcept { return index_[md.ordinal()]; }
  /// The index of a season by name, or seasons().size() when unknown.
  [[nodiscard]] std::size_t find(const std::string& name) const noexcept {
    for (std::size_t i = 0; i < seasons_.size(); ++i) {
      if (seasons_[i].name == name) return i;
    }
    return seasons_.size();
  }

 private:
  struct private_tag {};
  explicit season_table(private_tag) noexcept {}
  static constexpr std::uint8_t none = 255;
  std::vector<season> seasons_;
  std::array<std::uint8_t, 13 * 32> index_{};
};

}  // namespace submeter::calendar
