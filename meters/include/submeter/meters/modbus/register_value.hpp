#pragma once
/// \file
/// Numbers from Modbus registers: u16, s16, u32, s32 and float32 in every word and byte order,
/// to exact decimals. Pure `uint16[] -> value` functions (protocols.md 4.1, 5.3).
///
/// A register is 16 bits, big-endian on the wire; how two registers make a 32-bit value is the
/// device's choice: word order (high word first: "ABCD", Acrel's "high characters before, low
/// after"; low word first: "CDAB") and byte order inside each register (swapped: "BADC", "DCBA").
/// libmodbus 3.1.6's float helpers get this wrong on Debian 12, so it is done here.
/// A float32 is an exact binary fraction m × 2^e; it becomes a decimal with integer arithmetic
/// and an explicit rounding policy — never through double.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "submeter/core/decimal.hpp"
#include "submeter/core/result.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/meters/scaled_value.hpp"

namespace submeter::meters::modbus {

/// The data type of a register entry.
enum class register_type : std::uint8_t { u16, s16, u32, s32, float32 };

/// Order of the two registers of a 32-bit value.
enum class word_order : std::uint8_t {
  high_first,  ///< ABCD / BADC
  low_first,   ///< CDAB / DCBA
};

/// Order of the two bytes inside each register.
enum class byte_order : std::uint8_t {
  big,      ///< as the spec says (AB)
  swapped,  ///< BA
};

/// Registers a type occupies.
[[nodiscard]] constexpr std::size_t register_count(register_type t) noexcept {
  return t == register_type::u16 || t == register_type::s16 ? 1 : 2;
}

/// The name used in map files: "u16", "s16", "u32", "s32", "float32".
[[nodiscard]] constexpr std::string_view to_string(register_type t) noexcept {
  switch (t) {
    case register_type::u16:
      return "u16";
    case register_type::s16:
      return "s16";
    case register_type::u32:
      return "u32";
    case register_type::s32:
      return "s32";
    case register_type::float32:
      return "float32";
  }
  return "unknown";
}

/// Parses a type name (also accepts the manuals' "UINT16", "INT32", "uint32", "float").
[[nodiscard]] constexpr std::optional<register_type> parse_register_type(
    std::string_view s) noexcept {
  if (s == "u16" || s == "UINT16" || s == "uint16") return register_type::u16;
  if (s == "s16" || s == "INT16" || s == "int16") return register_type::s16;
  if (s == "u32" || s == "UINT32" || s == "uint32") return register_type::u32;
  if (s == "s32" || s == "INT32" || s == "int32") return register_type::s32;
  if (s == "float32" || s == "FLOAT" || s == "float") return register_type::float32;
  return std::nullopt;
}

/// The raw bits of `count` (1 or 2) registers in the given orders, as ABCD (A most significant).
[[nodiscard]] constexpr std::uint32_t assemble(const std::uint16_t* regs, std::size_t count,
                                               word_order w, byte_order b) noexcept {
  const auto fix = [b](std::uint16_t r) {
    return b == byte_order::big ? std::uint32_t{r}
                                : std::uint32_t{static_cast<std::uint16_t>(r << 8 | r >> 8)};
  };
  if (count == 1) return fix(regs[0]);
  const std::uint32_t first = fix(regs[0]);
  const std::uint32_t second = fix(regs[1]);
  return w == word_order::high_first ? (first << 16 | second) : (second << 16 | first);
}

/// The registers of ABCD bits in the given orders (inverse of assemble; `out` holds `count`).
constexpr void disassemble(std::uint32_t bits, std::size_t count, word_order w, byte_order b,
                           std::uint16_t* out) noexcept {
  const auto fix = [b](std::uint32_t r) {
    const auto v = static_cast<std::uint16_t>(r & 0xFFFF);
    return b == byte_order::big ? v : static_cast<std::uint16_t>(v << 8 | v >> 8);
  };
  if (count == 1) {
    out[0] = fix(bits);
    return;
  }
  const std::uint16_t hi = fix(bits >> 16);
  const std::uint16_t lo = fix(bits);
  out[0] = w == word_order::high_first ? hi : lo;
  out[1] = w == word_order::high_first ? lo : hi;
}

/// An integer register value (u16/s16/u32/s32) from its bits.
[[nodiscard]] constexpr std::int64_t integer_value(std::uint32_t bits, register_type t) noexcept {
  switch (t) {
    case register_type::u16:
      return static_cast<std::int64_t>(bits & 0xFFFFu);
    case register_type::s16: {
      const auto v = static_cast<std::int64_t>(bits & 0xFFFFu);
      return v >= 0x8000 ? v - 0x10000 : v;
    }
    case register_type::u32:
      return static_cast<std::int64_t>(bits);
    case register_type::s32: {
      const auto v = static_cast<std::int64_t>(bits);
      return v >= 0x80000000LL ? v - 0x100000000LL : v;
    }
    case register_type::float32:
      break;
  }
  return 0;
}

/// The float32 with IEEE-754 bits `bits` as a decimal with `decimals` places (0..18), rounded by
/// `mode`. Exact arithmetic: the float is sig × 2^e, and sig × 10^decimals / 2^−e is divided with
/// the policy. bad_value for NaN, infinities and magnitudes beyond int64 at that scale.
/// Example: bits 0x4465229A (916.540649414…) at 6 places, half_even → 916.540649.
[[nodiscard]] inline decode_result<scaled_value> float_to_decimal(std::uint32_t bits, int decimals,
                                                                  rounding mode) {
  using result = decode_result<scaled_value>;
  using int128 = submeter::detail::int128;
  if (decimals < 0 || decimals > max_value_scale) return result::failure(decode_status::bad_value);
  const bool negative = (bits >> 31) != 0;
  const int exponent_bits = static_cast<int>((bits >> 23) & 0xFFu);
  const std::uint32_t fraction = bits & 0x7FFFFFu;
  if (exponent_bits == 0xFF) return result::failure(decode_status::bad_value);  // NaN, ±inf
  const std::uint32_t sig = exponent_bits == 0 ? fraction : (fraction | 0x800000u);
  const int e2 = exponent_bits == 0 ? -149 : exponent_bits - 150;
  if (sig == 0) return result::success(scaled_value{0, decimals}, 4);
  const int128 scale10 = submeter::detail::pow10_128(decimals);
  int128 m;
  if (e2 >= 0) {
    if (e2 > 40) return result::failure(decode_status::bad_value);  // ≥ 2^63 before scaling
    m = int128(sig) * (int128(1) << e2) * scale10;
    if (negative) m = -m;
  } else if (-e2 > 120) {
    // |value × 10^decimals| < 2^24 × 2^60 / 2^121 < 2^-37: rounds to 0 except toward ±∞.
    std::int64_t tiny = 0;
    if (mode == rounding::ceil && !negative) tiny = 1;
    if (mode == rounding::floor && negative) tiny = -1;
    return result::success(scaled_value{tiny, decimals}, 4);
  } else {
    int128 numerator = int128(sig) * scale10;
    if (negative) numerator = -numerator;
    m = submeter::detail::divide_rounded(numerator, int128(1) << -e2, mode);
  }
  if (m > std::numeric_limits<std::int64_t>::max() ||
      m < std::numeric_limits<std::int64_t>::min()) {
    return result::failure(decode_status::bad_value);
  }
  return result::success(scaled_value{static_cast<std::int64_t>(m), decimals}, 4);
}

/// The float32 bits of a decimal, when the decimal is exactly a float32 (inverse of
/// float_to_decimal for simulator tests). nullopt when it is not exactly representable.
[[nodiscard]] inline std::optional<std::uint32_t> exact_float_bits(const scaled_value& v) {
  using int128 = submeter::detail::int128;
  if (v.mantissa == 0) return std::uint32_t{0};
  const bool negative = v.mantissa < 0;
  int128 num = v.mantissa < 0 ? -int128(v.mantissa) : int128(v.mantissa);
  int128 den = submeter::detail::pow10_128(v.scale);
  // value = num / den; find e with 2^23 <= num × 2^-e / den < 2^24 and the quotient exact.
  int e = 0;
  while (num < den * (int128(1) << 23)) {
    num *= 2;
    --e;
    if (e < -200) return std::nullopt;
  }
  while (num >= den * (int128(1) << 24)) {
    if (num % 2 == 0) {
      num /= 2;
    } else {
      den *= 2;
    }
    ++e;
    if (e > 200) return std::nullopt;
  }
  if (num % den != 0) return std::nullopt;
  const int128 sig = num / den;
  const int biased = e + 150;
  if (biased <= 0 || biased >= 0xFF) return std::nullopt;  // subnormals and overflow: not needed
  auto bits = static_cast<std::uint32_t>(static_cast<std::uint64_t>(sig) & 0x7FFFFFu);
  bits |= static_cast<std::uint32_t>(biased) << 23;
  if (negative) bits |= 0x80000000u;
  return bits;
}

}  // namespace submeter::meters::modbus
