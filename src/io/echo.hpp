#pragma once
/// \file
/// Untrusted text quoted in an error message: bounded and made printable (issue 16 #16).
///
/// Every reader of src/io quotes the cell or field it refuses (`text=…`). A 10 MB cell must not
/// become a 10 MB line on stderr, and a NUL, an escape sequence or a byte that is not UTF-8 must
/// not reach a terminal, a log or a Python `str` as it is.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/error.hpp"

namespace submeter::io {

/// How many characters of an untrusted value an error message quotes.
inline constexpr std::size_t echo_chars = 60;

/// `text` as an error message quotes it: valid UTF-8 characters kept, except the C0 controls
/// (U+0000..U+001F), DEL and the C1 controls (U+0080..U+009F), which are written `\xNN` per byte,
/// as is every byte that is not part of valid UTF-8; cut after `max_chars` characters (an escape
/// counts as one), the cut marked `…` followed by the whole text's length, e.g.
/// `AAAA…(10485760 bytes)`. A short printable text comes back unchanged.
[[nodiscard]] std::string echo(std::string_view text, std::size_t max_chars = echo_chars);

/// How many characters of any other context value (a reason, a hint, an expected form) an error
/// message keeps.
inline constexpr std::size_t context_chars = 200;

/// `items` with every value passed through echo: a value keyed `text` (the input the core or a
/// reader quotes as it is) cut at echo_chars, any other at context_chars. For the context of an
/// error thrown by the core, which quotes what it refused whole.
[[nodiscard]] std::vector<context_item> echo_all(std::vector<context_item> items);

/// The length in bytes of the valid UTF-8 character at the start of `text`, or 0 when `text`
/// starts with a byte that does not begin one (a stray continuation byte, an overlong form, a
/// surrogate, a code point above U+10FFFF, a truncated sequence). `text` must not be empty.
[[nodiscard]] std::size_t utf8_char_length(std::string_view text) noexcept;

/// The code point of the valid UTF-8 character of `length` bytes (utf8_char_length) at the start
/// of `text`.
[[nodiscard]] char32_t utf8_code_point(std::string_view text, std::size_t length) noexcept;

}  // namespace submeter::io
