#pragma once
/// \file
/// Hex text <-> bytes, as frames are printed in manuals, logs and test vectors ("68 AA .. 16").

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/meters/byte_span.hpp"

namespace submeter::meters {

namespace detail {
[[nodiscard]] constexpr int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace detail

/// Parses hex text into bytes. Spaces, tabs, newlines and '-' / ':' separators between bytes are
/// ignored, so "68 AA AA" and "68AAAA" both parse. Refuses (nullopt) any other character and an odd
/// number of digits.
[[nodiscard]] inline std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  int high = -1;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == ':') {
      if (high >= 0) return std::nullopt;  // a separator inside a byte
      continue;
    }
    const int d = detail::hex_digit(c);
    if (d < 0) return std::nullopt;
    if (high < 0) {
      high = d;
    } else {
      bytes.push_back(static_cast<std::uint8_t>(high * 16 + d));
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;
  return bytes;
}

/// Upper-case hex of `bytes`, separated by `separator` (none when '\0'): "68 AA 16".
[[nodiscard]] inline std::string to_hex(byte_span bytes, char separator = ' ') {
  constexpr std::string_view digits = "0123456789ABCDEF";
  std::string text;
  text.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0 && separator != '\0') text += separator;
    text += digits[bytes[i] >> 4];
    text += digits[bytes[i] & 0x0F];
  }
  return text;
}

}  // namespace submeter::meters
