#pragma once
/// \file
/// Instants, local civil times and half-open intervals (NUM-3, DESIGN.md "Time").
///
/// Instants are UTC `date::sys_seconds`; tariff rules are written in local civil time
/// (`date::local_seconds`). Every interval is half-open [begin, end). The core never reads a clock
/// or a time-zone database: callers convert with date's tz library or pass local times (China
/// has no DST).

#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "submeter/core/error.hpp"

namespace submeter {

/// A UTC instant, to the second.
using instant = date::sys_seconds;
/// A local civil date-time, to the second, with no zone attached.
using local_time = date::local_seconds;

/// A half-open interval [begin, end) of instants or local times, never empty.
template <class TimePoint>
class basic_interval {
 public:
  using time_point = TimePoint;
  using duration = typename TimePoint::duration;

  /// Refuses (errc::out_of_order) an end that is not after the begin.
  [[nodiscard]] static basic_interval make(TimePoint begin, TimePoint end) {
    if (!(begin < end)) {
      throw error(errc::out_of_order, "an interval must end after it begins",
                  {{"begin", format(begin)}, {"end", format(end)}});
    }
    return basic_interval(begin, end);
  }

  [[nodiscard]] constexpr TimePoint begin() const noexcept { return begin_; }
  [[nodiscard]] constexpr TimePoint end() const noexcept { return end_; }
  [[nodiscard]] constexpr duration length() const noexcept { return end_ - begin_; }

  /// begin <= t < end.
  [[nodiscard]] constexpr bool contains(TimePoint t) const noexcept {
    return begin_ <= t && t < end_;
  }
  /// `other` lies wholly inside this interval.
  [[nodiscard]] constexpr bool contains(const basic_interval& other) const noexcept {
    return begin_ <= other.begin_ && other.end_ <= end_;
  }
  /// The two share at least one instant (touching ends do not overlap).
  [[nodiscard]] constexpr bool overlaps(const basic_interval& other) const noexcept {
    return begin_ < other.end_ && other.begin_ < end_;
  }
  /// The common part, or nullopt when they do not overlap.
  [[nodiscard]] constexpr std::optional<basic_interval> intersect(
      const basic_interval& other) const noexcept {
    if (!overlaps(other)) return std::nullopt;
    return basic_interval(begin_ < other.begin_ ? other.begin_ : begin_,
                          end_ < other.end_ ? end_ : other.end_);
  }

  [[nodiscard]] friend constexpr bool operator==(const basic_interval& a,
                                                 const basic_interval& b) noexcept {
    return a.begin_ == b.begin_ && a.end_ == b.end_;
  }
  [[nodiscard]] friend constexpr bool operator!=(const basic_interval& a,
                                                 const basic_interval& b) noexcept {
    return !(a == b);
  }

  /// "YYYY-MM-DDTHH:MM:SS" of a time point (UTC instants get a trailing "Z").
  [[nodiscard]] static std::string format(TimePoint t) {
    char buf[40];
    return std::string(buf, format_into(buf, t));
  }

  /// Writes format(t) into `buf` and returns its length (at most 39). Years 0..9999 are written
  /// digit by digit (the hot path: a line's window is printed on every split line); others go
  /// through snprintf's "%04d", as format always wrote them.
  [[nodiscard]] static std::size_t format_into(char (&buf)[40], TimePoint t) noexcept {
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const auto secs = static_cast<unsigned>(
        std::chrono::duration_cast<std::chrono::seconds>(t - day).count());  // 0..86399
    const int year = static_cast<int>(ymd.year());
    const auto two = [](char* at, unsigned v) noexcept {
      at[0] = static_cast<char>('0' + v / 10);
      at[1] = static_cast<char>('0' + v % 10);
    };
    std::size_t n = 0;
    if (year >= 0 && year <= 9999) {
      const auto y = static_cast<unsigned>(year);
      two(buf, y / 100);
      two(buf + 2, y % 100);
      buf[4] = '-';
      two(buf + 5, static_cast<unsigned>(ymd.month()));
      buf[7] = '-';
      two(buf + 8, static_cast<unsigned>(ymd.day()));
      buf[10] = 'T';
      two(buf + 11, secs / 3600);
      buf[13] = ':';
      two(buf + 14, secs / 60 % 60);
      buf[16] = ':';
      two(buf + 17, secs % 60);
      n = 19;
    } else {
      const int written =
          std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u", year,
                        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                        secs / 3600, secs / 60 % 60, secs % 60);
      n = written < 0 ? 0 : static_cast<std::size_t>(written);
    }
    if constexpr (std::is_same_v<typename TimePoint::clock, std::chrono::system_clock>) {
      buf[n++] = 'Z';
    }
    return n;
  }

 private:
  constexpr basic_interval(TimePoint b, TimePoint e) noexcept : begin_(b), end_(e) {}
  TimePoint begin_;
  TimePoint end_;
};

/// [begin, end) of UTC instants.
using interval = basic_interval<instant>;
/// [begin, end) of local civil times.
using local_interval = basic_interval<local_time>;

namespace detail {

[[nodiscard]] constexpr bool parse_digits(std::string_view s, std::size_t pos, std::size_t count,
                                          int& out) noexcept {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace detail

/// The last local time that prints in the four-digit form parse_local_time reads back
/// (9999-12-31T23:59:59): format and parse are symmetric up to it.
inline constexpr local_time last_printable_local_time =
    local_time{date::local_days{date::year{9999} / 12 / 31}} + std::chrono::hours{23} +
    std::chrono::minutes{59} + std::chrono::seconds{59};

/// Parses a local date "YYYY-MM-DD" (a real date); nullopt otherwise. The date part of
/// try_parse_local_time, and how a daily key's date is read (site/live_daily.hpp, day_of_key).
[[nodiscard]] inline std::optional<date::year_month_day> try_parse_local_date(
    std::string_view s) noexcept {
  int y = 0, mo = 0, d = 0;
  if (s.size() != 10 || !detail::parse_digits(s, 0, 4, y) || s[4] != '-' ||
      !detail::parse_digits(s, 5, 2, mo) || s[7] != '-' || !detail::parse_digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

/// Parses a local civil time "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (a space may stand for
/// the 'T'; "24:00" is the end of the day, i.e. the next midnight). Returns nullopt when malformed,
/// not a real date or time, or after last_printable_local_time ("9999-12-31T24:00" would print as
/// year 10000, which no reader takes back).
[[nodiscard]] inline std::optional<local_time> try_parse_local_time(std::string_view s) noexcept {
  int h = 0, mi = 0, sec = 0;
  if (s.size() != 16 && s.size() != 19) return std::nullopt;
  const auto ymd = try_parse_local_date(s.substr(0, 10));
  if (!ymd || (s[10] != 'T' && s[10] != ' ') || !detail::parse_digits(s, 11, 2, h) ||
      s[13] != ':' || !detail::parse_digits(s, 14, 2, mi)) {
    return std::nullopt;
  }
  if (s.size() == 19 && (s[16] != ':' || !detail::parse_digits(s, 17, 2, sec))) return std::nullopt;
  const bool end_of_day = h == 24 && mi == 0 && sec == 0;
  if (!end_of_day && (h > 23 || mi > 59 || sec > 59)) return std::nullopt;
  const local_time t = local_time{date::local_days{*ymd}} + std::chrono::hours{h} +
                       std::chrono::minutes{mi} + std::chrono::seconds{sec};
  if (t > last_printable_local_time) return std::nullopt;
  return t;
}

/// Parses like try_parse_local_time, refusing (errc::parse) what it cannot read.
[[nodiscard]] inline local_time parse_local_time(std::string_view s) {
  if (auto t = try_parse_local_time(s)) return *t;
  throw error(errc::parse, "not a local time (expected YYYY-MM-DDTHH:MM[:SS])",
              {{"text", "\"" + std::string(s) + "\""}});
}

/// The local date of a local time.
[[nodiscard]] inline date::year_month_day local_date(local_time t) noexcept {
  return date::year_month_day{date::floor<date::days>(t)};
}

/// Whole days in an interval of local times, counting a part day as a whole day (TP-8).
[[nodiscard]] inline std::int64_t days_touched(const local_interval& window) noexcept {
  const auto first = date::floor<date::days>(window.begin());
  const auto last = date::floor<date::days>(window.end() - std::chrono::seconds{1});
  return (last - first).count() + 1;
}

}  // namespace submeter
