#pragma once
// Internal to submeter_render: what the text, JSON and CSV writers (text.cpp, json.cpp, csv.cpp)
// share. Not installed, not part of the API (render.hpp is).
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>

#include "render/render.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"

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

/// A local time as "YYYY-MM-DD<sep>HH:MM", and ":SS" when `with_seconds`, for years 0..9999
/// (nullopt otherwise: the caller falls back to date::format). Written by hand: date::format
/// builds an ostringstream and imbues a locale per call, 0.9 s of a 100,000-tenant JSON render.
inline std::optional<std::string> four_digit_time(local_time t, char sep, bool with_seconds) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return std::nullopt;
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t - day).count();
  char buf[19];
  const auto put2 = [&buf](std::size_t at, long long v) {
    buf[at] = static_cast<char>('0' + v / 10);
    buf[at + 1] = static_cast<char>('0' + v % 10);
  };
  put2(0, year / 100);
  put2(2, year % 100);
  buf[4] = '-';
  put2(5, static_cast<unsigned>(ymd.month()));
  buf[7] = '-';
  put2(8, static_cast<unsigned>(ymd.day()));
  buf[10] = sep;
  put2(11, secs / 3600);
  buf[13] = ':';
  put2(14, secs / 60 % 60);
  if (!with_seconds) return std::string(buf, 16);
  buf[16] = ':';
  put2(17, secs % 60);
  return std::string(buf, 19);
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
