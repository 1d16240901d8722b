#pragma once
/// \file
/// The prepaid balance levels (rules.md §11 PP-1, PP-2): the parameters that set them, the level
/// of a balance, and which levels trip the relay (PP-3).

#include <cstdint>
#include <optional>
#include <string_view>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"

namespace submeter::ledger {

/// The balance level (PP-2), from best to worst; the order is the direction "down".
enum class level : std::uint8_t { normal, alarm1, alarm2, overdraft, exhausted };

/// "normal", "alarm1", "alarm2", "overdraft", "exhausted".
[[nodiscard]] constexpr std::string_view to_string(level l) noexcept {
  switch (l) {
    case level::normal:
      return "normal";
    case level::alarm1:
      return "alarm1";
    case level::alarm2:
      return "alarm2";
    case level::overdraft:
      return "overdraft";
    case level::exhausted:
      return "exhausted";
  }
  return "unknown";
}

/// The prepaid parameters of PP-1, in yuan.
struct level_params {
  /// 报警金额1: alarm1 when Alarm2 < B ≤ Alarm1.
  money alarm1;
  /// 报警金额2: alarm2 (warning trip) when 0 < B ≤ Alarm2.
  money alarm2;
  /// 透支金额门限: exhausted when B ≤ 0 and −B ≥ it (0: exhausted as soon as B ≤ 0).
  money overdraft_limit;
  /// 合闸允许金额: after a hard trip, a recharge closes only when the new B > it.
  money close_limit;
  /// 囤积金额: a recharge that would take B above it is refused; none: no limit.
  std::optional<money> hoarding_limit;

  /// Refuses (errc::invalid_argument) alarm2 < 0, alarm1 < alarm2, a negative overdraft or close
  /// limit, a non-positive hoarding limit (PP-1: Alarm1 ≥ Alarm2 ≥ 0; the firmware's strict
  /// Alarm1 > Alarm2 is relaxed to allow one alarm level).
  [[nodiscard]] static level_params make(money alarm1, money alarm2, money overdraft_limit,
                                         money close_limit,
                                         std::optional<money> hoarding_limit = std::nullopt) {
    if (alarm2.is_negative() || alarm1 < alarm2) {
      throw error(errc::invalid_argument, "alarm thresholds must satisfy alarm1 >= alarm2 >= 0",
                  {{"alarm1", alarm1.to_string(2)}, {"alarm2", alarm2.to_string(2)}});
    }
    if (overdraft_limit.is_negative() || close_limit.is_negative()) {
      throw error(errc::invalid_argument, "overdraft and close limits cannot be negative",
                  {{"overdraft_limit", overdraft_limit.to_string(2)},
                   {"close_limit", close_limit.to_string(2)}});
    }
    if (hoarding_limit && hoarding_limit->sign() <= 0) {
      throw error(errc::invalid_argument, "a hoarding limit must be positive",
                  {{"hoarding_limit", hoarding_limit->to_string(2)}});
    }
    return level_params{alarm1, alarm2, overdraft_limit, close_limit, hoarding_limit};
  }
};

/// The level of balance `b` (PP-2, unified form of the vectors): exhausted ⇔ B ≤ 0 ∧ −B ≥ limit.
[[nodiscard]] constexpr level level_of(money b, const level_params& p) noexcept {
  if (b.sign() <= 0) {
    return money::from_mantissa(-b.mantissa()) >= p.overdraft_limit ? level::exhausted
                                                                    : level::overdraft;
  }
  if (b <= p.alarm2) return level::alarm2;
  if (b <= p.alarm1) return level::alarm1;
  return level::normal;
}

/// True for the levels whose entry raises a trip (PP-3): alarm2, overdraft (warning trip,
/// restorable) and exhausted (hard trip, locked).
[[nodiscard]] constexpr bool trips(level l) noexcept {
  return l == level::alarm2 || l == level::overdraft || l == level::exhausted;
}

}  // namespace submeter::ledger
