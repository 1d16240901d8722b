#pragma once
/// \file
/// CRC-16/MODBUS, the check of a Modbus RTU frame.
///
/// Modbus over Serial Line V1.02 6.2.2 / protocols.md 4.1: reflected polynomial 0xA001, initial
/// value 0xFFFF, no final XOR, sent low byte first (`01 03 00 00 00 0A` → `C5 CD`).

#include <array>
#include <cstdint>

#include "submeter/meters/byte_span.hpp"

namespace submeter::meters::modbus {

namespace detail {
[[nodiscard]] constexpr std::array<std::uint16_t, 256> make_crc_table() noexcept {
  std::array<std::uint16_t, 256> t{};
  for (unsigned i = 0; i < 256; ++i) {
    unsigned c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) != 0 ? (c >> 1) ^ 0xA001u : c >> 1;
    t[i] = static_cast<std::uint16_t>(c);
  }
  return t;
}
inline constexpr std::array<std::uint16_t, 256> crc_table = make_crc_table();
}  // namespace detail

/// The CRC-16/MODBUS of `bytes` (as a number; the wire carries its low byte first).
[[nodiscard]] constexpr std::uint16_t crc16(byte_span bytes) noexcept {
  unsigned crc = 0xFFFF;
  for (const auto b : bytes) crc = (crc >> 8) ^ detail::crc_table[(crc ^ b) & 0xFFu];
  return static_cast<std::uint16_t>(crc);
}

}  // namespace submeter::meters::modbus
