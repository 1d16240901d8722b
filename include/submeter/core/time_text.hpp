#pragma once
/// \file
/// append_local_time: a local civil time appended to a text as local_interval::format prints it
/// ("YYYY-MM-DDTHH:MM:SS"), without snprintf or a temporary string. The live prepaid step (issue
/// 17) writes two or three times into keys and references for every reading; formatting them
/// through snprintf was a fifth of its cost.
///
/// Byte-identical to local_interval::format for every time: years 0..9999 are written here with
/// fixed widths; any other year (which snprintf's "%04d" prints with a sign or more digits) is
/// handed to local_interval::format itself.

#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "submeter/core/time.hpp"

namespace submeter {

namespace detail {

/// Writes `v` (0..99) as two digits at `out`.
inline void put_two_digits(char* out, unsigned v) noexcept {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

}  // namespace detail

/// Number of characters append_local_time writes for a time of year 0..9999.
inline constexpr std::size_t local_time_text_size = 19;

/// Appends `t` to `out` exactly as local_interval::format(t) prints it.
inline void append_local_time(std::string& out, local_time t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    out += local_interval::format(t);
    return;
  }
  const auto secs = static_cast<unsigned>((t - day).count());  // 0..86399: t − floor(t) ≥ 0
  char buf[local_time_text_size];
  const auto y = static_cast<unsigned>(year);
  detail::put_two_digits(buf, y / 100);
  detail::put_two_digits(buf + 2, y % 100);
  buf[4] = '-';
  detail::put_two_digits(buf + 5, static_cast<unsigned>(ymd.month()));
  buf[7] = '-';
  detail::put_two_digits(buf + 8, static_cast<unsigned>(ymd.day()));
  buf[10] = 'T';
  detail::put_two_digits(buf + 11, secs / 3600);
  buf[13] = ':';
  detail::put_two_digits(buf + 14, secs / 60 % 60);
  buf[16] = ':';
  detail::put_two_digits(buf + 17, secs % 60);
  out.append(buf, local_time_text_size);
}

/// local_interval::format(t), through append_local_time.
[[nodiscard]] inline std::string local_time_text(local_time t) {
  std::string out;
  out.reserve(local_time_text_size);
  append_local_time(out, t);
  return out;
}

}  // namespace submeter
