#pragma once
/// \file
/// Day kinds: what a date is for tariff purposes (tariffs.md §1.1 "Explicit day kinds").
///
/// The kind of a date comes from a holiday calendar, never from the weekday alone: a public
/// holiday or a swapped workday (调休, a weekend day declared a working day) overrides the
/// weekday. Saturday and Sunday are distinct kinds; a tariff may map both to one day table.

#include <date/date.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace submeter::calendar {

/// The kind of a civil date.
enum class day_kind : std::uint8_t {
  workday,          ///< Monday to Friday, not a holiday
  saturday,         ///< a Saturday that is neither a holiday nor a swapped workday
  sunday,           ///< a Sunday that is neither a holiday nor a swapped workday
  holiday,          ///< a public holiday (法定节假日 and the rest days joined to it)
  swapped_workday,  ///< 调休: a Saturday or Sunday declared a working day
};

/// Number of day kinds.
inline constexpr int day_kind_count = 5;

/// "workday", "saturday", "sunday", "holiday", "swapped_workday".
[[nodiscard]] constexpr std::string_view to_string(day_kind kind) noexcept {
  switch (kind) {
    case day_kind::workday:
      return "workday";
    case day_kind::saturday:
      return "saturday";
    case day_kind::sunday:
      return "sunday";
    case day_kind::holiday:
      return "holiday";
    case day_kind::swapped_workday:
      return "swapped_workday";
  }
  return "unknown";
}

/// Parses the names printed by to_string; nullopt for anything else.
[[nodiscard]] constexpr std::optional<day_kind> parse_day_kind(std::string_view text) noexcept {
  for (int i = 0; i < day_kind_count; ++i) {
    const auto kind = static_cast<day_kind>(i);
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

/// Rest days (休息日): Saturday, Sunday and holidays. Shanghai's deep valley applies on them.
[[nodiscard]] constexpr bool is_rest_day(day_kind kind) noexcept {
  return kind == day_kind::saturday || kind == day_kind::sunday || kind == day_kind::holiday;
}

/// The kind a date has by its weekday alone (no calendar): Mon–Fri workday, Saturday, Sunday.
[[nodiscard]] constexpr day_kind weekday_kind(date::local_days day) noexcept {
  const date::weekday wd{day};
  if (wd == date::Saturday) return day_kind::saturday;
  if (wd == date::Sunday) return day_kind::sunday;
  return day_kind::workday;
}

/// A set of day kinds, as a bit mask (bit i = day_kind i).
class day_kind_set {
 public:
  constexpr day_kind_set() noexcept = default;
  constexpr day_kind_set(std::initializer_list<day_kind> kinds) noexcept {
    for (auto k : kinds) bits_ = static_cast<std::uint8_t>(bits_ | bit(k));
  }
  /// Every kind.
  [[nodiscard]] static constexpr day_kind_set all() noexcept {
    day_kind_set s;
    s.bits_ = (1u << day_kind_count) - 1u;
    return s;
  }
  [[nodiscard]] constexpr bool contains(day_kind k) const noexcept { return (bits_ & bit(k)) != 0; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr bool intersects(day_kind_set o) const noexcept {
    return (bits_ & o.bits_) != 0;
  }
  constexpr day_kind_set& insert(day_kind k) noexcept {
    bits_ = static_cast<std::uint8_t>(bits_ | bit(k));
    return *this;
  }
  [[nodiscard]] friend constexpr bool operator==(day_kind_set a, day_kind_set b) noexcept {
    return a.bits_ == b.bits_;
  }

 private:
  static constexpr std::uint8_t bit(day_kind k) noexcept {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(k));
  }
  std::uint8_t bits_ = 0;
};

}  // namespace submeter::calendar
