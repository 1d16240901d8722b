#pragma once
// Internal to submeter_render: what the text, JSON and CSV writers (text.cpp, json.cpp, csv.cpp)
// share. Not installed, not part of the API (render.hpp is).
#include <cstddef>
#include <map>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>

#include "render/render.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/quantity.hpp"

namespace submeter::render::detail {

/// An amount grouped by thousands, "53,085.80".
inline std::string money_text(const money& m, int places) {
  return bill::group_thousands(m.to_string(places));
}

inline std::string pad_right(std::string s, std::size_t width) {
  // Width in characters; every string padded here is ASCII.
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

inline std::string pad_left(std::string s, std::size_t width) {
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

/// A VAT rate as a percentage, trimmed: 0.13 → "13", 0.065 → "6.5".
inline std::string percent_text(const ratio& r) {
  return ratio::from_mantissa(r.mantissa() * 100).to_string(0);
}

/// The key of rate register `n` in the bills' JSON: "t1".."t8".
inline std::string rate_key(int n) { return "t" + std::to_string(n); }

// The string forms: a stream that appends to a string, so the text is not copied out of an
// ostringstream at the end (700 MB of JSON for Python's Site.render at 100,000 tenants).
class string_sink : public std::streambuf {
 public:
  std::string text;

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) text += traits_type::to_char_type(c);
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    text.append(s, static_cast<std::size_t>(n));
    return n;
  }
};

/// What `write(std::ostream&)` writes, as a string.
template <typename Write>
std::string to_string_with(Write write) {
  string_sink sink;
  std::ostream out(&sink);
  write(out);
  return std::move(sink.text);
}

/// An account's standing as printed (render.hpp's account_level_text of its mode and level).
inline std::string_view level_text(const site::account_summary& a) noexcept {
  return account_level_text(a.mode, a.level, a.closed);
}

/// Prepaid accounts by level as printed, in the order of the names ("closed" among the levels).
inline std::map<std::string, std::size_t> levels_by_name(const site::site_summary& s) {
  std::map<std::string, std::size_t> out;
  for (const auto& [level, n] : s.by_level) out[std::string(ledger::to_string(level))] += n;
  if (s.closed != 0) out["closed"] += s.closed;
  return out;
}

}  // namespace submeter::render::detail
