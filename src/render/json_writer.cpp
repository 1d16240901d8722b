#include "render/json_writer.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

#include "submeter/core/error.hpp"

namespace submeter::render {
namespace {

std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(c));
  return buf;
}

[[noreturn]] void not_utf8(std::string_view text, std::size_t at) {
  throw error(errc::invalid_argument, "text is not valid UTF-8",
              {{"byte", at < text.size() ? hex_byte(static_cast<unsigned char>(text[at])) : "end"},
               {"index", std::to_string(at)}});
}

// The length of the well-formed UTF-8 sequence starting at text[i] (a byte >= 0x80), per The
// Unicode Standard Table 3-7 (no overlong forms, no surrogates, nothing above U+10FFFF): the bytes
// nlohmann's decoder accepts.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  const unsigned c = at(0);
  const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    const unsigned b = at(k);
    if (b < lo || b > hi) not_utf8(text, i + k);
  };
  if (c >= 0xC2 && c <= 0xDF) {
    cont(1);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    cont(1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF);
    cont(2);
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    cont(1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF);
    cont(2);
    cont(3);
    return 4;
  }
  not_utf8(text, i);
}

// Whether any of the 8 bytes of `w` is one the escaper must look at: a control character
// (< 0x20), '"', '\\' or a byte >= 0x80 (UTF-8, checked). Exact (no false answer either way):
// "some byte < n" is ((w − n·ones) & ~w & high) != 0 for n <= 0x80, and a byte equal to b is a
// zero byte of w ^ b·ones.
bool needs_a_look(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  const auto below = [&](std::uint64_t x, std::uint64_t n) { return (x - n * ones) & ~x & high; };
  return ((w & high) | below(w, 0x20) | below(w ^ ('"' * ones), 1) | below(w ^ ('\\' * ones), 1)) !=
         0;
}

// Writes the escape of `c` (a control character, '"' or '\\') at `out` as nlohmann's dump
// writes it and returns its end (at most six bytes).
char* put_escape(char* out, unsigned char c) noexcept {
  static constexpr char hex[] = "0123456789abcdef";
  *out++ = '\\';
  switch (c) {
    case '"':
      *out++ = '"';
      break;
    case '\\':
      *out++ = '\\';
      break;
    case '\b':
      *out++ = 'b';
      break;
    case '\f':
      *out++ = 'f';
      break;
    case '\n':
      *out++ = 'n';
      break;
    case '\r':
      *out++ = 'r';
      break;
    case '\t':
      *out++ = 't';
      break;
    default:
      std::memcpy(out, "u00", 3);
      out[3] = hex[c >> 4];
      out[4] = hex[c & 0xF];
      out += 5;
  }
  return out;
}

// The escaper's one pass over `text` (both writers below): `copy(begin, end)` is called for each
// run of bytes written as they are, `escape(c)` for each byte that needs an escape, in order.
// Refuses invalid UTF-8 (not_utf8) when it meets it, after the runs and escapes before it.
template <class Copy, class Escape>
void scan_json_string(std::string_view text, Copy&& copy, Escape&& escape) {
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < text.size()) {
    // Eight plain bytes at a time (most text is ASCII without quotes or controls).
    if (i + 8 <= text.size()) {
      std::uint64_t w;
      std::memcpy(&w, text.data() + i, 8);
      if (!needs_a_look(w)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      i += utf8_length(text, i);
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    copy(run, i);
    escape(c);
    run = ++i;
  }
  copy(run, text.size());
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  scan_json_string(
      text, [&](std::size_t from, std::size_t to) { out.append(text.data() + from, to - from); },
      [&](unsigned char c) {
        char e[6];
        out.append(e, static_cast<std::size_t>(put_escape(e, c) - e));
      });
  out += '"';
}

char* put_json_string(char* out, std::string_view text) {
  *out++ = '"';
  scan_json_string(
      text,
      [&](std::size_t from, std::size_t to) {
        if (to == from) return;  // (an empty view's data may be null)
        std::memcpy(out, text.data() + from, to - from);
        out += to - from;
      },
      [&](unsigned char c) { out = put_escape(out, c); });
  *out++ = '"';
  return out;
}

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_string(out, text);
  return out;
}

json_writer::json_writer(std::ostream& out, std::size_t block) : out_(out), block_(block) {}

json_writer::json_writer(std::ostream& out, std::vector<bool> open, std::size_t block)
    : out_(out), block_(block), empty_(std::move(open)) {}

void json_writer::element() {
  if (after_key_) {  // the value of a member: its separator and indent came with the key
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;  // the document's value
  buf_ += empty_.back() ? "\n" : ",\n";
  empty_.back() = false;
  buf_.append(2 * empty_.size(), ' ');
}

void json_writer::maybe_write() {
  if (buf_.size() < block_) return;
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

json_writer& json_writer::begin_object() {
  element();
  buf_ += '{';
  empty_.push_back(true);
  return *this;
}

json_writer& json_writer::begin_array() {
  element();
  buf_ += '[';
  empty_.push_back(true);
  return *this;
}

void json_writer::close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) {
    buf_ += '\n';
    buf_.append(2 * empty_.size(), ' ');
  }
  buf_ += bracket;
  maybe_write();
}

json_writer& json_writer::end_object() {
  close('}');
  return *this;
}

json_writer& json_writer::end_array() {
  close(']');
  return *this;
}

json_writer& json_writer::key(std::string_view name) {
  element();
  append_json_string(buf_, name);
  buf_ += ": ";
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view text) {
  element();
  append_json_string(buf_, text);
  return *this;
}

json_writer& json_writer::value(bool b) {
  element();
  buf_ += b ? "true" : "false";
  return *this;
}

namespace {

/// Appends the decimal digits of a 64-bit integer.
template <class Int>
void append_digits(std::string& buf, Int n) {
  char digits[24];
  const auto r = std::to_chars(digits, digits + sizeof digits, n);
  buf.append(digits, r.ptr);
}

}  // namespace

json_writer& json_writer::integer(std::int64_t n) {
  element();
  append_digits(buf_, n);
  return *this;
}

json_writer& json_writer::unsigned_integer(std::uint64_t n) {
  element();
  append_digits(buf_, n);
  return *this;
}

json_writer& json_writer::strings(const std::vector<std::string>& list) {
  begin_array();
  for (const auto& s : list) value(s);
  return end_array();
}

void json_writer::finish() {
  buf_ += '\n';
  finish_part();
}

void json_writer::finish_part() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  out_.flush();
}

}  // namespace submeter::render
