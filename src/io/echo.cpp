// Untrusted text quoted in an error message (echo.hpp).
#include "io/echo.hpp"

#include <cstdint>
#include <utility>

namespace submeter::io {
namespace {

/// True for a code point that must not reach a terminal as it is: C0, DEL, C1.
bool is_control(char32_t c) noexcept { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

void append_escaped(std::string& out, unsigned char byte) {
  static constexpr char hex[] = "0123456789ABCDEF";
  out += "\\x";
  out += hex[byte >> 4];
  out += hex[byte & 0xF];
}

}  // namespace

std::size_t utf8_char_length(std::string_view text) noexcept {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto cont = [&](std::size_t i) { return i < text.size() && (b(i) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

char32_t utf8_code_point(std::string_view text, std::size_t length) noexcept {
  const auto b = [&](std::size_t i) {
    return static_cast<char32_t>(static_cast<unsigned char>(text[i]));
  };
  switch (length) {
    case 1:
      return b(0);
    case 2:
      return (b(0) & 0x1F) << 6 | (b(1) & 0x3F);
    case 3:
      return (b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
    default:
      return (b(0) & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
  }
}

std::string echo(std::string_view text, std::size_t max_chars) {
  std::string out;
  out.reserve(text.size() < max_chars * 4 ? text.size() : max_chars * 4);
  std::size_t chars = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (chars == max_chars) {
      out += "\xE2\x80\xA6(" + std::to_string(text.size()) + " bytes)";
      return out;
    }
    const auto rest = text.substr(i);
    const auto n = utf8_char_length(rest);
    if (n == 0) {
      append_escaped(out, static_cast<unsigned char>(text[i]));
      ++i;
    } else if (is_control(utf8_code_point(rest, n))) {
      for (std::size_t k = 0; k < n; ++k)
        append_escaped(out, static_cast<unsigned char>(text[i + k]));
      i += n;
    } else {
      out.append(rest.substr(0, n));
      i += n;
    }
    ++chars;
  }
  return out;
}

std::vector<context_item> echo_all(std::vector<context_item> items) {
  for (auto& item : items)
    item.value = echo(item.value, item.key == "text" ? echo_chars : context_chars);
  return items;
}

}  // namespace submeter::io
