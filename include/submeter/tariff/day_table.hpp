#pragma once
/// \file
/// A TOU day table: every minute of a day mapped to exactly one rate register (TOU-1).
///
/// Periods are half-open [start, end) at minute resolution, "24:00" is the end of the day, and a
/// start later than its end wraps past midnight (Shanghai 谷 22:00–06:00). A table that leaves a
/// minute uncovered or covers one twice is refused, naming the table and the minutes.
/// Overlays (尖峰 carved out of 峰 or 平, 深谷 on holidays) replace minutes after the base table.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/tariff/rate_register.hpp"

namespace submeter::tariff {

/// Minutes in a day.
inline constexpr int minutes_per_day = 1440;

/// Parses "HH:MM" (00:00..24:00) into minutes after midnight; nullopt when malformed.
[[nodiscard]] constexpr std::optional<int> parse_minute_of_day(std::string_view s) noexcept {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

/// "HH:MM" of a minute of the day (1440 prints "24:00").
[[nodiscard]] inline std::string format_minute_of_day(int minute) {
  std::string s(5, ':');
  const int h = minute / 60;
  const int m = minute % 60;
  s[0] = static_cast<char>('0' + h / 10);
  s[1] = static_cast<char>('0' + h % 10);
  s[3] = static_cast<char>('0' + m / 10);
  s[4] = static_cast<char>('0' + m % 10);
  return s;
}

/// One period: [start, end) minutes after midnight on `rate_register`; start > end wraps midnight.
struct period {
  int rate_register = 0;  ///< 1..8
  int start = 0;          ///< 0..1439
  int end = 0;            ///< 1..1440; may be below start (wraps)
};

namespace detail {

/// Lists minute runs as "07:00-08:00, 11:00-11:30".
[[nodiscard]] inline std::string describe_minutes(const std::array<bool, minutes_per_day>& marked) {
  std::string out;
  for (int m = 0; m < minutes_per_day;) {
    if (!marked[static_cast<std::size_t>(m)]) {
      ++m;
      continue;
    }
    int e = m;
    while (e < minutes_per_day && marked[static_cast<std::size_t>(e)]) ++e;
    if (!out.empty()) out += ", ";
    out += format_minute_of_day(m) + "-" + format_minute_of_day(e);
    m = e;
  }
  return out;
}

/// Calls f(minute) for every minute of a period.
template <class F>
constexpr void for_each_minute(const period& p, F&& f) {
  if (p.start < p.end) {
    for (int m = p.start; m < p.end; ++m) f(m);
  } else {
    for (int m = p.start; m < minutes_per_day; ++m) f(m);
    for (int m = 0; m < p.end; ++m) f(m);
  }
}

/// The maximal runs of one register in a minute map, from 00:00 to 24:00.
[[nodiscard]] inline std::vector<period> segments_of(
    const std::array<std::uint8_t, minutes_per_day>& map) {
  std::vector<period> out;
  for (int m = 0; m < minutes_per_day;) {
    const auto r = map[static_cast<std::size_t>(m)];
    int e = m + 1;
    while (e < minutes_per_day && map[static_cast<std::size_t>(e)] == r) ++e;
    out.push_back({r, m, e});
    m = e;
  }
  return out;
}

inline void check_period(const std::string& table, const period& p) {
  if (p.rate_register < 1 || p.rate_register > max_rate_registers) {
    throw error(errc::invalid_argument, "a period's rate register is numbered 1..8",
                {{"table", table}, {"register", std::to_string(p.rate_register)}});
  }
  if (p.start < 0 || p.start >= minutes_per_day || p.end < 1 || p.end > minutes_per_day ||
      p.start == p.end) {
    throw error(
        errc::invalid_argument,
        "a period is [start, end) with 00:00 <= start < 24:00, start != end",
        {{"table", table}, {"start", std::to_string(p.start)}, {"end", std::to_string(p.end)}});
  }
}

}  // namespace detail

/// A validated day table: minute → register, full coverage.
class day_table {
 public:
  /// Refuses (submeter::error): a bad period (errc::invalid_argument); minutes covered twice
  /// (errc::inconsistent, context "overlap" lists them and "first_overlap" the first); minutes
  /// covered by no period (errc::inconsistent, "gap" and "first_uncovered").
  [[nodiscard]] static day_table make(std::string name, const std::vector<period>& periods) {
    std::array<std::uint8_t, minutes_per_day> map{};
    std::array<bool, minutes_per_day> twice{};
    bool any_twice = false;
    for (const auto& p : periods) {
      detail::check_period(name, p);
      detail::for_each_minute(p, [&](int m) {
        auto& slot = map[static_cast<std::size_t>(m)];
        if (slot != 0) {
          twice[static_cast<std::size_t>(m)] = true;
          any_twice = true;
        }
        slot = static_cast<std::uint8_t>(p.rate_register);
      });
    }
    if (any_twice) {
      int first = 0;
      while (!twice[static_cast<std::size_t>(first)]) ++first;
      throw error(errc::inconsistent, "a day table covers minutes twice",
                  {{"table", name},
                   {"overlap", detail::describe_minutes(twice)},
                   {"first_overlap", format_minute_of_day(first)}});
    }
    std::array<bool, minutes_per_day> gap{};
    int first_gap = -1;
    for (int m = 0; m < minutes_per_day; ++m) {
      if (map[static_cast<std::size_t>(m)] == 0) {
        gap[static_cast<std::size_t>(m)] = true;
        if (first_gap < 0) first_gap = m;
      }
    }
    if (first_gap >= 0) {
      throw error(errc::inconsistent, "a day table leaves minutes uncovered",
                  {{"table", name},
                   {"gap", detail::describe_minutes(gap)},
                   {"first_uncovered", format_minute_of_day(first_gap)}});
    }
    day_table t;
    t.name_ = std::move(name);
    t.map_ = map;
    t.segments_ = detail::segments_of(t.map_);
    return t;
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// The register of a minute of the day (0..1439).
  [[nodiscard]] int register_at(int minute) const noexcept {
    return map_[static_cast<std::size_t>(minute)];
  }
  /// Minutes per day on a register.
  [[nodiscard]] int minutes_on(int rate_register) const noexcept {
    int n = 0;
    for (auto r : map_) n += (r == rate_register);
    return n;
  }
  /// The registers used, ascending.
  [[nodiscard]] std::vector<int> registers_used() const {
    std::array<bool, max_rate_registers + 1> used{};
    for (auto r : map_) used[r] = true;
    std::vector<int> out;
    for (int i = 1; i <= max_rate_registers; ++i) {
      if (used[static_cast<std::size_t>(i)]) out.push_back(i);
    }
    return out;
  }
  /// The raw minute map (register numbers 1..8), for classification loops.
  [[nodiscard]] const std::array<std::uint8_t, minutes_per_day>& minute_map() const noexcept {
    return map_;
  }
  /// The table as its breakpoints: the maximal runs of minutes on one register, in time order
  /// from 00:00 to 24:00 (each [start, end) with start < end: a period wrapping midnight appears
  /// as two runs). Classification resolves interval steps from these, not minute by minute.
  [[nodiscard]] const std::vector<period>& segments() const noexcept { return segments_; }

  /// This table with an overlay's periods replacing the minutes they cover. `allowed` (when not
  /// empty) lists the registers the overlay may replace: replacing another is refused
  /// (errc::inconsistent), naming the overlay, the table, the minutes and the register found.
  [[nodiscard]] day_table with_overlay(const std::string& overlay_name,
                                       const std::vector<period>& periods,
                                       const std::vector<int>& allowed) const {
    day_table t = *this;
    t.name_ = name_ + "+" + overlay_name;
    std::array<bool, minutes_per_day> bad{};
    int bad_register = 0;
    for (const auto& p : periods) {
      detail::check_period(overlay_name, p);
      detail::for_each_minute(p, [&](int m) {
        const auto old = map_[static_cast<std::size_t>(m)];
        if (!allowed.empty() &&
            std::find(allowed.begin(), allowed.end(), static_cast<int>(old)) == allowed.end()) {
          bad[static_cast<std::size_t>(m)] = true;
          bad_register = old;
        }
        t.map_[static_cast<std::size_t>(m)] = static_cast<std::uint8_t>(p.rate_register);
      });
    }
    t.segments_ = detail::segments_of(t.map_);
    if (bad_register != 0) {
      throw error(errc::inconsistent, "an overlay replaces a register it may not replace",
                  {{"overlay", overlay_name},
                   {"table", name_},
                   {"minutes", detail::describe_minutes(bad)},
                   {"register", std::to_string(bad_register)}});
    }
    return t;
  }

  [[nodiscard]] friend bool operator==(const day_table& a, const day_table& b) noexcept {
    return a.map_ == b.map_;
  }

 private:
  std::string name_;
  std::array<std::uint8_t, minutes_per_day> map_{};
  std::vector<period> segments_;
};

}  // namespace submeter::tariff
