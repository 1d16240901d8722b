#pragma once
/// \file
/// Packed BCD as DL/T 645 and CJ/T 188 put numbers on the wire: low byte first, two digits a
/// byte, optionally a sign in the top bit of the most significant byte, and all-FF "fillers".
///
/// protocols.md 2.4: signed items (combined energy, current, power, PF) are sign-magnitude: bit 7
/// of the most significant byte is the sign and the rest is BCD, so XXXXXX.XX spans
/// −799999.99..799999.99. Meters send FF bytes for items they do not support inside a block: that
/// is "absent", not a BCD error.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"

namespace submeter::meters {

/// Whether a BCD field carries a sign bit (protocols.md 2.4).
enum class bcd_sign {
  unsigned_value,  ///< every nibble is a digit
  sign_bit,        ///< bit 7 of the most significant byte is the sign (1 = negative)
};

/// A decoded BCD field: a filler, or a magnitude and a sign.
struct bcd_number {
  /// All bytes were FF: the meter does not support the item.
  bool filler = false;
  /// The sign bit was set (only with bcd_sign::sign_bit; a negative zero keeps it).
  bool negative = false;
  /// The digits as an integer (no decimal point).
  std::uint64_t magnitude = 0;
};

/// Decodes `bytes` (low byte first, at most 9 bytes = 18 digits) as packed BCD.
/// ok with a filler when every byte is FF; bad_value for a nibble above 9 or more than 9 bytes;
/// bad_length for an empty field. `consumed` is the field size on ok.
[[nodiscard]] inline decode_result<bcd_number> decode_bcd(byte_span bytes, bcd_sign sign) {
  using result = decode_result<bcd_number>;
  if (bytes.empty()) return result::failure(decode_status::bad_length);
  if (bytes.size() > 9) return result::failure(decode_status::bad_value);
  bool all_ff = true;
  for (const auto b : bytes) all_ff = all_ff && b == 0xFF;
  if (all_ff) return result::success(bcd_number{true, false, 0}, bytes.size());
  bcd_number n;
  for (std::size_t i = bytes.size(); i-- > 0;) {
    std::uint8_t b = bytes[i];
    if (i == bytes.size() - 1 && sign == bcd_sign::sign_bit) {
      n.negative = (b & 0x80) != 0;
      b = static_cast<std::uint8_t>(b & 0x7F);
    }
    const unsigned hi = b >> 4;
    const unsigned lo = b & 0x0Fu;
    if (hi > 9 || lo > 9) return result::failure(decode_status::bad_value);
    n.magnitude = n.magnitude * 100 + hi * 10 + lo;
  }
  return result::success(n, bytes.size());
}

/// The largest magnitude a BCD field of `size` bytes can hold (8 bytes → 10^16 − 1; with a sign
/// bit the top digit is at most 7).
[[nodiscard]] constexpr std::uint64_t bcd_max(std::size_t size, bcd_sign sign) noexcept {
  std::uint64_t m = 1;
  for (std::size_t i = 0; i < 2 * size && i < 19; ++i) m *= 10;
  if (sign == bcd_sign::sign_bit && size > 0) return m / 10 * 8 - 1;
  return m - 1;
}

/// Encodes `magnitude` (and the sign bit when `sign` says so) as `size` bytes of BCD, low byte
/// first. nullopt when it does not fit (or `size` is 0 or above 9).
[[nodiscard]] inline std::optional<std::vector<std::uint8_t>> encode_bcd(std::uint64_t magnitude,
                                                                         bool negative,
                                                                         std::size_t size,
                                                                         bcd_sign sign) {
  if (size == 0 || size > 9) return std::nullopt;
  if (magnitude > bcd_max(size, sign)) return std::nullopt;
  if (negative && sign != bcd_sign::sign_bit) return std::nullopt;
  std::vector<std::uint8_t> out(size);
  for (std::size_t i = 0; i < size; ++i) {
    const auto lo = static_cast<unsigned>(magnitude % 10);
    magnitude /= 10;
    const auto hi = static_cast<unsigned>(magnitude % 10);
    magnitude /= 10;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  if (negative) out[size - 1] = static_cast<std::uint8_t>(out[size - 1] | 0x80);
  return out;
}

/// One BCD byte (two digits, 0..99) as its value, or nullopt for a nibble above 9.
[[nodiscard]] constexpr std::optional<int> bcd_byte(std::uint8_t b) noexcept {
  const int hi = b >> 4;
  const int lo = b & 0x0F;
  if (hi > 9 || lo > 9) return std::nullopt;
  return hi * 10 + lo;
}

/// 0..99 as one BCD byte; precondition 0 <= v <= 99.
[[nodiscard]] constexpr std::uint8_t to_bcd_byte(int v) noexcept {
  return static_cast<std::uint8_t>((v / 10) << 4 | (v % 10));
}

}  // namespace submeter::meters
