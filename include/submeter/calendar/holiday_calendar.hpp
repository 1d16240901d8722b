#pragma once
/// \file
/// Holiday calendars as data: public holidays and swapped workdays (调休) per year.
///
/// tariffs.md §1.1: the kind of a date comes from a calendar object; a calendar entry overrides
/// the weekday name. Calendars are data (China's State Council arrangement ships as a file, see
/// docs/calendars.md) and more can be added without recompiling; this header only builds and
/// queries them, it reads no file.

#include <date/date.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/calendar/day_kind.hpp"
#include "submeter/core/error.hpp"

namespace submeter::calendar {

/// One dated entry: a holiday (with the festival's name) or a swapped workday.
struct calendar_entry {
  date::local_days day;
  day_kind kind = day_kind::holiday;  ///< holiday or swapped_workday
  std::string name;  ///< "春节", "国庆节"…; for a swapped workday, the festival it serves
};

/// "YYYY-MM-DD" of a local date.
[[nodiscard]] inline std::string format_date(date::local_days day) {
  const date::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

/// A validated holiday calendar covering a declared set of years.
class holiday_calendar {
 public:
  /// An empty calendar that covers no year: every date has its weekday kind.
  holiday_calendar() = default;

  /// Builds a calendar. `years` are the years the calendar claims to know completely (a date in
  /// another year is not refused by kind_of, but covers() tells). Refuses (submeter::error):
  /// an entry whose kind is not holiday or swapped_workday (errc::invalid_argument); a swapped
  /// workday on a Monday–Friday (errc::inconsistent: 调休 turns a weekend day into a workday);
  /// the same date twice (errc::duplicate); an entry outside the declared years
  /// (errc::inconsistent).
  [[nodiscard]] static holiday_calendar make(std::string name, std::vector<int> years,
                                             std::vector<calendar_entry> entries) {
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    for (const auto& e : entries) {
      const std::string when = format_date(e.day);
      if (e.kind != day_kind::holiday && e.kind != day_kind::swapped_workday) {
        throw error(errc::invalid_argument, "a calendar entry is a holiday or a swapped workday",
                    {{"calendar", name}, {"date", when}, {"kind", std::string(to_string(e.kind))}});
      }
      if (e.kind == day_kind::swapped_workday && weekday_kind(e.day) == day_kind::workday) {
        throw error(errc::inconsistent,
                    "a swapped workday (调休) must fall on a Saturday or Sunday",
                    {{"calendar", name}, {"date", when}, {"name", e.name}});
      }
      const int y = static_cast<int>(date::year_month_day{e.day}.year());
      if (!std::binary_search(years.begin(), years.end(), y)) {
        throw error(errc::inconsistent, "calendar entry outside the calendar's declared years",
                    {{"calendar", name}, {"date", when}, {"year", std::to_string(y)}});
      }
    }
    std::sort(entries.begin(), entries.end(),
              [](const calendar_entry& a, const calendar_entry& b) { return a.day < b.day; });
    for (std::size_t i = 1; i < entries.size(); ++i) {
      if (entries[i].day == entries[i - 1].day) {
        throw error(errc::duplicate, "the same date is listed twice",
                    {{"calendar", name},
                     {"date", format_date(entries[i].day)},
                     {"names", entries[i - 1].name + ", " + entries[i].name}});
      }
    }
    holiday_calendar c;
    c.name_ = std::move(name);
    c.years_ = std::move(years);
    c.entries_ = std::move(entries);
    return c;
  }

  /// The union of two calendars (e.g. 2024–2025 and a 2026 file added later). Refuses a year
  /// declared by both (errc::duplicate), so that two sources never silently disagree.
  [[nodiscard]] static holiday_calendar merge(const holiday_calendar& a,
                                              const holiday_calendar& b) {
    for (int y : b.years_) {
      if (std::binary_search(a.years_.begin(), a.years_.end(), y)) {
        throw error(errc::duplicate, "both calendars declare the same year",
                    {{"first", a.name_}, {"second", b.name_}, {"year", std::to_string(y)}});
      }
    }
    auto years = a.years_;
    years.insert(years.end(), b.years_.begin(), b.years_.end());
    auto entries = a.entries_;
    entries.insert(entries.end(), b.entries_.begin(), b.entries_.end());
    return make(a.name_.empty() ? b.name_ : a.name_, std::move(years), std::move(entries));
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::vector<int>& years() const noexcept { return years_; }
  [[nodiscard]] const std::vector<calendar_entry>& entries() const noexcept { return entries_; }

  /// True when the calendar declares `year`.
  [[nodiscard]] bool covers(int year) const noexcept {
    return std::binary_search(years_.begin(), years_.end(), year);
  }

  /// The kind of a date: its entry when listed, else its weekday kind.
  [[nodiscard]] day_kind kind_of(date::local_days day) const noexcept {
    if (const auto* e = find(day)) return e->kind;
    return weekday_kind(day);
  }

  /// The festival name of a holiday or swapped workday, or nullopt for an ordinary day.
  [[nodiscard]] std::optional<std::string> name_of(date::local_days day) const {
    if (const auto* e = find(day)) return e->name;
    return std::nullopt;
  }

  /// The entry listed for a date (its kind and festival name), or nullptr for an ordinary day:
  /// kind_of and name_of in one look-up, without copying the name.
  [[nodiscard]] const calendar_entry* entry_of(date::local_days day) const noexcept {
    return find(day);
  }

 private:
  [[nodiscard]] const calendar_entry* find(date::local_days day) const noexcept {
    const auto it =
        std::lower_bound(entries_.begin(), entries_.end(), day,
                         [](const calendar_entry& e, date::local_days d) { return e.day < d; });
    return it != entries_.end() && it->day == day ? &*it : nullptr;
  }

  std::string name_;
  std::vector<int> years_;
  std::vector<calendar_entry> entries_;
};

}  // namespace submeter::calendar
