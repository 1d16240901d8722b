#pragma once
/// \file
/// scaled_value: an exact decimal read off the wire, mantissa × 10^−scale with a run-time scale.
///
/// A meter item's number of decimals is a property of its format (XXXXXX.XX, XX.XXXX, a Modbus
/// register's ×0.01), known only when the DI or register is. Codecs therefore return a
/// scaled_value, and the caller converts it once into a typed quantity (energy, power, money …)
/// with to_exact<Q>() or to<Q>(rounding). DESIGN.md "Values": no double anywhere on this path.

#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "submeter/core/decimal.hpp"
#include "submeter/core/rounding.hpp"

namespace submeter::meters {

/// The largest number of decimal places a scaled_value carries.
inline constexpr int max_value_scale = 18;

/// An exact decimal with a run-time number of places: the value is mantissa × 10^−scale.
/// Equality is numeric (1.50 == 1.5); `scale` records the places the wire format declares.
struct scaled_value {
  /// The integer mantissa.
  std::int64_t mantissa = 0;
  /// Decimal places, 0..max_value_scale.
  int scale = 0;

  /// Exact text with exactly `scale` places: "1234.56", "-0.02", "1200".
  [[nodiscard]] std::string to_string() const {
    const bool negative = mantissa < 0;
    const std::uint64_t magnitude = negative
                                        ? std::uint64_t{0} - static_cast<std::uint64_t>(mantissa)
                                        : static_cast<std::uint64_t>(mantissa);
    std::string digits = std::to_string(magnitude);
    const auto places = static_cast<std::size_t>(scale < 0 ? 0 : scale);
    if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
    if (places > 0) digits.insert(digits.size() - places, 1, '.');
    return negative ? "-" + digits : digits;
  }

  /// Parses `-?[0-9]+(\.[0-9]+)?` exactly, keeping the places as written ("0.010" has scale 3).
  /// nullopt for anything else, more than max_value_scale places, or a value beyond int64.
  [[nodiscard]] static std::optional<scaled_value> parse(std::string_view text) noexcept {
    scaled_value v;
    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) ++i;
    if (i >= text.size()) return std::nullopt;
    bool seen_point = false;
    bool digit_before = false;
    bool digit_after = false;
    std::uint64_t magnitude = 0;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '.') {
        if (seen_point || !digit_before) return std::nullopt;
        seen_point = true;
        continue;
      }
      if (c < '0' || c > '9') return std::nullopt;
      (seen_point ? digit_after : digit_before) = true;
      if (seen_point && ++v.scale > max_value_scale) return std::nullopt;
      const auto d = static_cast<std::uint64_t>(c - '0');
      if (magnitude > (std::uint64_t{1} << 63) / 10) return std::nullopt;
      magnitude = magnitude * 10 + d;
      if (magnitude > (std::uint64_t{1} << 63)) return std::nullopt;
    }
    if (seen_point && !digit_after) return std::nullopt;
    if (!negative &&
        magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    v.mantissa = negative ? static_cast<std::int64_t>(std::uint64_t{0} - magnitude)
                          : static_cast<std::int64_t>(magnitude);
    return v;
  }

  /// The value as a submeter decimal Q without loss, or nullopt when it has more places than Q or
  /// does not fit. Example: to_exact<energy>() of 1234.56 is energy 1234.5600.
  template <class Q>
  [[nodiscard]] std::optional<Q> to_exact() const noexcept {
    if (scale < 0 || scale > Q::scale) return std::nullopt;
    const submeter::detail::int128 m =
        submeter::detail::int128(mantissa) * submeter::detail::pow10_128(Q::scale - scale);
    if (m > std::numeric_limits<std::int64_t>::max() ||
        m < std::numeric_limits<std::int64_t>::min()) {
      return std::nullopt;
    }
    return Q::from_mantissa(static_cast<std::int64_t>(m));
  }

  /// The value as Q, rounded by `mode` when it has more places than Q; nullopt when out of range.
  template <class Q>
  [[nodiscard]] std::optional<Q> to(rounding mode) const noexcept {
    if (scale <= Q::scale) return to_exact<Q>();
    const submeter::detail::int128 m = submeter::detail::divide_rounded(
        submeter::detail::int128(mantissa), submeter::detail::pow10_128(scale - Q::scale), mode);
    if (m > std::numeric_limits<std::int64_t>::max() ||
        m < std::numeric_limits<std::int64_t>::min()) {
      return std::nullopt;
    }
    return Q::from_mantissa(static_cast<std::int64_t>(m));
  }

  /// Numeric equality across scales (1.50 == 1.5).
  [[nodiscard]] friend bool operator==(const scaled_value& a, const scaled_value& b) noexcept {
    const int s = a.scale > b.scale ? a.scale : b.scale;
    return submeter::detail::int128(a.mantissa) * submeter::detail::pow10_128(s - a.scale) ==
           submeter::detail::int128(b.mantissa) * submeter::detail::pow10_128(s - b.scale);
  }
  [[nodiscard]] friend bool operator!=(const scaled_value& a, const scaled_value& b) noexcept {
    return !(a == b);
  }
  friend std::ostream& operator<<(std::ostream& os, const scaled_value& v) {
    return os << v.to_string();
  }
};

/// The exact product a × b (scales add), or nullopt when the mantissa leaves int64 or the scale
/// exceeds max_value_scale. Used for register scale factors and PT × CT.
[[nodiscard]] inline std::optional<scaled_value> multiply_exact(scaled_value a,
                                                                scaled_value b) noexcept {
  const int s = a.scale + b.scale;
  if (s < 0 || s > max_value_scale) return std::nullopt;
  const submeter::detail::int128 m =
      submeter::detail::int128(a.mantissa) * submeter::detail::int128(b.mantissa);
  if (m > std::numeric_limits<std::int64_t>::max() ||
      m < std::numeric_limits<std::int64_t>::min()) {
    return std::nullopt;
  }
  return scaled_value{static_cast<std::int64_t>(m), s};
}

}  // namespace submeter::meters
