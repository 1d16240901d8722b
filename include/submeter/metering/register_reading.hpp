#pragma once
/// \file
/// Cumulative register readings, and the usage between two readings of one meter.
///
/// A register reading is what a meter shows at a local time: the cumulative total kWh and, on a
/// time-of-use meter, up to 8 rate registers T1..T8 (TOU-4: rate1 = 尖 sharp, rate2 = 峰 peak,
/// rate3 = 平 flat, rate4 = 谷 valley; DL/T 645-2007 IDs 04050101..04050104). Usage is the
/// difference of two readings, register by register, times the meter's multiplier (CT × PT).
///
/// Total versus registers (policy, v0): a meter's total need not equal the sum of its rate
/// registers (registers round separately, and some meters count a register the tariff does not
/// price). The engine never derives one from the other: a tariff bills the registers it prices
/// (a TOU tariff the rate registers, a flat tariff the total), and the other figures are shown
/// but not billed. Rollover and meter replacement are not handled yet: a register that goes
/// backwards is refused.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/meter.hpp"

namespace submeter::metering {

/// The number of rate registers a reading can hold (TOU-4: the library supports up to 8).
inline constexpr int max_rate_registers = 8;

/// The values of the rate registers T1..T8; index 0 is T1. Absent where the meter has no such
/// register (a single-rate meter has none at all).
using rate_registers = std::array<std::optional<energy>, max_rate_registers>;

/// True for a rate register number 1..8.
[[nodiscard]] constexpr bool is_rate_register(int number) noexcept {
  return number >= 1 && number <= max_rate_registers;
}

namespace detail {
/// register_name(number) for 0..8, without building a string (a line assigns it in place).
[[nodiscard]] constexpr std::string_view register_name_view(int number) noexcept {
  constexpr std::string_view names[] = {"total",       "sharp", "peak",  "flat", "valley",
                                        "deep_valley", "rate6", "rate7", "rate8"};
  return number >= 0 && number <= 8 ? names[number] : std::string_view{};
}
}  // namespace detail

/// The register's conventional name (TOU-4): 1 "sharp", 2 "peak", 3 "flat", 4 "valley", and by
/// submeter's convention 5 "deep_valley" (深谷); 6..8 "rate6".."rate8"; 0 is the "total" register.
/// The one source of register names: tariff::conventional_name uses it.
[[nodiscard]] inline std::string register_name(int number) {
  if (number >= 0 && number <= 8) return std::string(detail::register_name_view(number));
  return "rate" + std::to_string(number);
}

/// One cumulative reading of one meter at a local civil time (the meter is implied by the series
/// the reading belongs to).
struct register_reading {
  /// When the registers were read (local civil time, NUM-3).
  local_time time{};
  /// Cumulative total active energy, kWh, as the meter shows it (before the multiplier).
  energy total{};
  /// Cumulative rate registers T1..T8, kWh, as the meter shows them; absent when not fitted.
  rate_registers rates{};

  /// The value of rate register `number` (1..8), or nullopt when absent or out of range.
  [[nodiscard]] std::optional<energy> rate(int number) const noexcept {
    if (!is_rate_register(number)) return std::nullopt;
    return rates[static_cast<std::size_t>(number - 1)];
  }
};

/// The energy used between two readings of one meter, multiplier applied.
struct register_usage {
  /// The meter's id.
  std::string meter_id;
  /// The meter's multiplier (CT × PT) that was applied.
  ratio multiplier;
  /// The two readings the usage comes from (as read, before the multiplier).
  register_reading from;
  register_reading to;
  /// Total energy used: (to.total − from.total) × multiplier.
  energy total;
  /// Energy per rate register, present where both readings have the register.
  rate_registers rates;

  /// [from.time, to.time).
  [[nodiscard]] local_interval window() const { return local_interval::make(from.time, to.time); }
  /// The usage of rate register `number` (1..8), or nullopt when the meter lacks it.
  [[nodiscard]] std::optional<energy> rate(int number) const noexcept {
    if (!is_rate_register(number)) return std::nullopt;
    return rates[static_cast<std::size_t>(number - 1)];
  }
};

namespace detail {

[[nodiscard]] inline energy register_delta(const meter& m, const register_reading& from,
                                           const register_reading& to, energy a, energy b,
                                           int number, rounding mode) {
  if (b < a) {
    throw error(errc::inconsistent, "a meter register goes backwards",
                {{"meter", m.id()},
                 {"register", register_name(number)},
                 {"from_time", local_interval::format(from.time)},
                 {"from_value", a.to_string(2)},
                 {"to_time", local_interval::format(to.time)},
                 {"to_value", b.to_string(2)}});
  }
  return multiply<energy>(b - a, m.multiplier(), mode);
}

}  // namespace detail

/// The usage of meter `m` between readings `from` and `to`: per register (to − from) ×
/// multiplier, the product rounded to the energy scale (1e-4 kWh) by `mode` (exact for an integer
/// multiplier).
/// Refuses: `to` not after `from` (errc::out_of_order); any register, total or rate, that goes
/// backwards (errc::inconsistent, naming meter, register, both times and both values; rollover
/// and replacement are not handled yet); a rate register present in one reading and absent in
/// the other (errc::inconsistent).
[[nodiscard]] inline register_usage usage(const meter& m, const register_reading& from,
                                          const register_reading& to, rounding mode) {
  if (!(from.time < to.time)) {
    throw error(errc::out_of_order, "readings must be in time order",
                {{"meter", m.id()},
                 {"from_time", local_interval::format(from.time)},
                 {"to_time", local_interval::format(to.time)}});
  }
  register_usage u{m.id(), m.multiplier(), from, to, energy{}, rate_registers{}};
  u.total = detail::register_delta(m, from, to, from.total, to.total, 0, mode);
  for (int n = 1; n <= max_rate_registers; ++n) {
    const auto a = from.rate(n);
    const auto b = to.rate(n);
    if (a.has_value() != b.has_value()) {
      throw error(errc::inconsistent, "a rate register is present in one reading only",
                  {{"meter", m.id()},
                   {"register", register_name(n)},
                   {"from_time", local_interval::format(from.time)},
                   {"to_time", local_interval::format(to.time)}});
    }
    if (a)
      u.rates[static_cast<std::size_t>(n - 1)] =
          detail::register_delta(m, from, to, *a, *b, n, mode);
  }
  return u;
}

}  // namespace submeter::metering
