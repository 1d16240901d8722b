// What the meter-data subcommands share (readings_db.hpp).
#include "cli/readings_db.hpp"

#include <cctype>
#include <string>


#include "submeter/core/error.hpp"

namespace submeter::cli {

std::chrono::minutes parse_utc_offset(const std::string& text) {
  if (text == "Z") return std::chrono::minutes(0);
  const bool ok = text.size() == 6 && (text[0] == '+' || text[0] == '-') && text[3] == ':' &&
                  std::isdigit(static_cast<unsigned char>(text[1])) &&
                  std::isdigit(static_cast<unsigned char>(text[2])) &&
                  std::isdigit(static_cast<unsigned char>(text[4])) &&
                  std::isdigit(static_cast<unsigned char>(text[5]));
  const int h = ok ? (text[1] - '0') * 10 + (text[2] - '0') : 99;
  const int m = ok ? (text[4] - '0') * 10 + (text[5] - '0') : 99;
  if (!ok || h > 14 || m > 59) {
    throw error(errc::parse, "not a UTC offset (+08:00)", {{"utc_offset", text.substr(0, 20)}});
  }
  return std::chrono::minutes((text[0] == '-' ? -1 : 1) * (h * 60 + m));
}

local_time local_now(std::chrono::minutes offset) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return local_time{now.time_since_epoch()} + offset;
}

}  // namespace submeter::cli
