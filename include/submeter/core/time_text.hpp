#pragma once
/// \file
/// append_local_time: a local civil time appended to a text as local_interval::format prints it
/// ("YYYY-MM-DDTHH:MM:SS"), without a temporary string. The live prepaid step (issue 17) writes
/// two or three times into keys and references for every reading; formatting them through
/// snprintf was a fifth of its cost.
///
/// Byte-identical to local_interval::format for every time: both are local_interval::format_into,
/// which writes years 0..9999 digit by digit and any other year (which snprintf's "%04d" prints
/// with a sign or more digits) through snprintf.

#include <cstddef>
#include <string>

#include "submeter/core/time.hpp"

namespace submeter {

/// Number of characters append_local_time writes for a time of year 0..9999.
inline constexpr std::size_t local_time_text_size = 19;

/// Appends `t` to `out` exactly as local_interval::format(t) prints it (through
/// local_interval::format_into: no temporary string).
inline void append_local_time(std::string& out, local_time t) {
  char buf[40];
  out.append(buf, local_interval::format_into(buf, t));
}

/// local_interval::format(t), through append_local_time.
[[nodiscard]] inline std::string local_time_text(local_time t) {
  std::string out;
  out.reserve(local_time_text_size);
  append_local_time(out, t);
  return out;
}

}  // namespace submeter
