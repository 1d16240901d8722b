#pragma once
/// \file
/// dlt645::address: the 6-byte meter address of DL/T 645 (2007 and 1997).
///
/// DL/T 645-2007 4.1 / protocols.md 2.1: 12 BCD digits, A0 (least significant) first on the
/// wire; AA bytes are a wildcard for reads (缩位寻址), 99 99 99 99 99 99 is the broadcast address
/// (no reply). Text is written A5..A0, most significant first, as on the meter's nameplate.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "submeter/meters/hex.hpp"

namespace submeter::meters::dlt645 {

/// A meter address; `bytes[0]` is A0, the least significant byte, as sent first on the wire.
struct address {
  std::array<std::uint8_t, 6> bytes{};

  /// From text A5..A0: up to 12 characters, digits or 'A' (wildcard nibbles), left-padded with
  /// '0' (a 10-digit "1234567890" is 001234567890, as DL/T 645 pads). nullopt for anything else.
  [[nodiscard]] static std::optional<address> parse(std::string_view text) {
    if (text.empty() || text.size() > 12) return std::nullopt;
    std::string padded(12 - text.size(), '0');
    padded += text;
    address a;
    for (std::size_t i = 0; i < 6; ++i) {
      const int hi = meters::detail::hex_digit(padded[2 * i]);
      const int lo = meters::detail::hex_digit(padded[2 * i + 1]);
      const auto ok = [](int d) { return (d >= 0 && d <= 9) || d == 0xA; };
      if (!ok(hi) || !ok(lo)) return std::nullopt;
      a.bytes[5 - i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return a;
  }
  /// The wildcard AA AA AA AA AA AA (reads only, one meter on the bus).
  [[nodiscard]] static constexpr address wildcard() noexcept {
    return address{{0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}};
  }
  /// The broadcast 99 99 99 99 99 99 (broadcast time, freeze; no reply).
  [[nodiscard]] static constexpr address broadcast() noexcept {
    return address{{0x99, 0x99, 0x99, 0x99, 0x99, 0x99}};
  }
  /// Text A5..A0, upper case: "020247020276", "AAAAAAAAAAAA".
  [[nodiscard]] std::string to_string() const {
    const std::array<std::uint8_t, 6> msb_first{bytes[5], bytes[4], bytes[3],
                                                bytes[2], bytes[1], bytes[0]};
    return to_hex(msb_first, '\0');
  }
  /// True when every byte is AA.
  [[nodiscard]] constexpr bool is_wildcard() const noexcept { return *this == wildcard(); }
  /// True when every byte is 99.
  [[nodiscard]] constexpr bool is_broadcast() const noexcept { return *this == broadcast(); }

  [[nodiscard]] friend constexpr bool operator==(const address& a, const address& b) noexcept {
    for (std::size_t i = 0; i < 6; ++i) {
      if (a.bytes[i] != b.bytes[i]) return false;
    }
    return true;
  }
  [[nodiscard]] friend constexpr bool operator!=(const address& a, const address& b) noexcept {
    return !(a == b);
  }
};

}  // namespace submeter::meters::dlt645
