#pragma once
/// \file
/// cjt188::message: the data field of a CJ/T 188 frame split into DI, SER and body, with the DI
/// read in the profile's byte order.
///
/// protocols.md 3.1/3.3: DATA = DI (2) + SER (1) + payload. The DI byte order is the vendor's
/// (see profile.hpp); a profile may order write items (A0xx) differently from read items, so a
/// DI that reads as A0xx in write order is taken as such, anything else in read order.

#include <cstdint>
#include <string>

#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/cjt188/frame.hpp"
#include "submeter/meters/cjt188/profile.hpp"

namespace submeter::meters::cjt188 {

/// Well-known DIs (protocols.md 3.2).
namespace di {
inline constexpr std::uint16_t metering_data = 0x901F;  ///< current metering data
inline constexpr std::uint16_t history_first = 0xD120;  ///< history 1 (D120..D12B = 1..12)
inline constexpr std::uint16_t price_table = 0x8102;    ///< read price table
inline constexpr std::uint16_t settlement_day = 0x8103;
inline constexpr std::uint16_t reading_day = 0x8104;
inline constexpr std::uint16_t purchase_amount = 0x8105;  ///< read purchase amount
inline constexpr std::uint16_t key_version = 0x8106;
inline constexpr std::uint16_t address = 0x810A;
inline constexpr std::uint16_t write_price_table = 0xA010;
inline constexpr std::uint16_t write_settlement_day = 0xA011;
inline constexpr std::uint16_t write_reading_day = 0xA012;
inline constexpr std::uint16_t write_purchase_amount = 0xA013;
inline constexpr std::uint16_t new_key = 0xA014;
inline constexpr std::uint16_t standard_time = 0xA015;
inline constexpr std::uint16_t valve_control = 0xA017;
}  // namespace di

/// The DI of history record n (1..12): D120..D12B.
[[nodiscard]] constexpr std::uint16_t history_di(int n) noexcept {
  return static_cast<std::uint16_t>(di::history_first + n - 1);
}

/// A data field taken apart.
struct message {
  std::uint16_t di = 0;
  std::uint8_t ser = 0;
  /// The bytes after SER (a view into the frame: keep the frame alive).
  byte_span body;
};

/// The DI of two wire bytes under `p`.
[[nodiscard]] constexpr std::uint16_t read_di(const profile& p, std::uint8_t first,
                                              std::uint8_t second) noexcept {
  const auto as = [&](di_order o) {
    return o == di_order::high_first ? static_cast<std::uint16_t>(first << 8 | second)
                                     : static_cast<std::uint16_t>(second << 8 | first);
  };
  const std::uint16_t w = as(p.write_di);
  if ((w & 0xF000) == 0xA000) return w;
  return as(p.read_di);
}

/// Splits a frame's data into DI, SER and body. bad_length when shorter than 3 bytes (an
/// abnormal reply without DI is also refused: check control first).
[[nodiscard]] inline decode_result<message> decode_message(const frame& f, const profile& p) {
  const byte_span d = f.payload();
  if (d.size() < 3) return decode_result<message>::failure(decode_status::bad_length);
  return decode_result<message>::success(message{read_di(p, d[0], d[1]), d[2], d.subspan(3)},
                                         d.size());
}

/// The DI as text ("901F").
[[nodiscard]] inline std::string di_to_string(std::uint16_t di) {
  const std::array<std::uint8_t, 2> b{static_cast<std::uint8_t>(di >> 8),
                                      static_cast<std::uint8_t>(di & 0xFF)};
  return to_hex(b, '\0');
}

}  // namespace submeter::meters::cjt188
