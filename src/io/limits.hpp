#pragma once
/// \file
/// The range of every value a file may give (issue 16 #14; docs/formats.md "Limits").
///
/// The core computes exactly in 64-bit mantissas (128-bit products) and throws
/// std::overflow_error when a result does not fit: an internal error, not bad input. So that a
/// file's values cannot reach that point on their own, each reader refuses a value outside these
/// ranges, naming the file and place. They are far beyond any real meter, price or bill (a meter
/// register shows at most 8 or 9 integer digits; CT × PT of a 110 kV meter is 440,000).

#include <cstdint>
#include <utility>

namespace submeter::io {

/// Energy, volume, power, area and money values (readings, intervals, amounts, balances, tier
/// bounds, areas, capacities): the magnitude must be below 10^10 (ten integer digits).
inline constexpr std::int64_t max_quantity_integer_digits = 10;
/// Unit prices (yuan per kWh, m³, kVA·month, m²·month): at most 100,000 per unit.
inline constexpr std::int64_t max_unit_price = 100000;
/// A meter multiplier (CT ratio × PT ratio): at most 1,000,000.
inline constexpr std::int64_t max_multiplier = 1000000;

/// |d| as a mantissa (exact, also for the minimum) and the mantissa of one whole unit.
template <class Decimal>
[[nodiscard]] std::pair<std::uint64_t, std::uint64_t> magnitude_of(const Decimal& d) noexcept {
  const auto m = d.mantissa();
  const auto magnitude = m < 0 ? 0 - static_cast<std::uint64_t>(m) : static_cast<std::uint64_t>(m);
  std::uint64_t one = 1;
  for (int i = 0; i < Decimal::scale; ++i) one *= 10;
  return {magnitude, one};
}

/// True when |d| ≤ `limit` (whole units).
template <class Decimal>
[[nodiscard]] bool at_most(const Decimal& d, std::int64_t limit) noexcept {
  const auto [magnitude, one] = magnitude_of(d);
  const auto bound = static_cast<std::uint64_t>(limit);
  return magnitude / one < bound || (magnitude / one == bound && magnitude % one == 0);
}

/// True when |d| < 10^10 (at most max_quantity_integer_digits integer digits).
template <class Decimal>
[[nodiscard]] bool quantity_in_range(const Decimal& d) noexcept {
  const auto [magnitude, one] = magnitude_of(d);
  return magnitude / one < 10000000000ULL;
}

/// The quantity limit in words, for messages and context.
inline constexpr const char* quantity_limit_text = "magnitude below 10^10";

}  // namespace submeter::io
