#pragma once
/// \file
/// Reads a holiday calendar file (format "submeter-calendar-v1", docs/calendars.md) into a
/// submeter::calendar::holiday_calendar. Errors name the JSON path of the bad field.

#include <nlohmann/json.hpp>

#include <cstdio>

#include <filesystem>
#include <string>
#include <vector>

#include "io/json_fields.hpp"
#include "io/read_json.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/core/error.hpp"

namespace submeter::io {

namespace detail {

[[nodiscard]] inline date::local_days parse_iso_date(const nlohmann::json& j,
                                                     const std::string& path) {
  if (!j.is_string())
    throw error(errc::parse, "expected a date string YYYY-MM-DD", {{"path", path}});
  const auto s = j.get<std::string>();
  int y = 0;
  unsigned m = 0, d = 0;
  char extra = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &extra) != 3 ||
      s[4] != '-' || s[7] != '-') {
    throw error(errc::parse, "expected a date YYYY-MM-DD", {{"path", path}, {"text", echo(s)}});
  }
  const date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok())
    throw error(errc::parse, "not a calendar date", {{"path", path}, {"text", echo(s)}});
  return date::local_days{ymd};
}

}  // namespace detail

/// Builds a holiday calendar from a parsed "submeter-calendar-v1" document. Holiday blocks
/// ("from".."to", inclusive) become one entry per day; swapped workdays one entry each.
/// Refuses (submeter::error) a missing or mistyped field, a year outside 1..9999, a name that
/// the name rule refuses (identifier.hpp), naming its JSON path, and everything
/// holiday_calendar::make refuses.
[[nodiscard]] inline calendar::holiday_calendar calendar_from_json(const nlohmann::json& doc) {
  using detail::require;
  const auto& format = require(doc, "format", "$");
  if (format != "submeter-calendar-v1") {
    throw error(errc::unsupported, "unknown calendar format",
                {{"path", "$.format"}, {"text", describe(format)}});
  }
  const auto& name = require(doc, "name", "$");
  (void)detail::as_name(name, "$.name");
  std::vector<int> years;
  const auto& ys = require(doc, "years", "$");
  if (!ys.is_array()) throw error(errc::parse, "expected an array of years", {{"path", "$.years"}});
  for (std::size_t i = 0; i < ys.size(); ++i) {
    // integer_in, not get<int>(): 4294969322 must not read as 2026.
    const auto y = integer_in(ys[i], 1, 9999);
    if (!y) {
      throw error(errc::parse, "expected an integer year 1..9999",
                  {{"path", "$.years[" + std::to_string(i) + "]"}, {"text", describe(ys[i])}});
    }
    years.push_back(static_cast<int>(*y));
  }
  std::vector<calendar::calendar_entry> entries;
  if (doc.contains("holidays")) {
    const auto& hs = doc.at("holidays");
    if (!hs.is_array()) throw error(errc::parse, "expected an array", {{"path", "$.holidays"}});
    for (std::size_t i = 0; i < hs.size(); ++i) {
      const std::string path = "$.holidays[" + std::to_string(i) + "]";
      const auto& n = require(hs[i], "name", path);
      (void)detail::as_name(n, path + ".name");
      const auto from = detail::parse_iso_date(require(hs[i], "from", path), path + ".from");
      const auto to = detail::parse_iso_date(require(hs[i], "to", path), path + ".to");
      if (to < from) {
        throw error(errc::out_of_order, "a holiday block ends before it begins", {{"path", path}});
      }
      for (auto d = from; d <= to; d += date::days{1}) {
        entries.push_back({d, calendar::day_kind::holiday, n.get<std::string>()});
      }
    }
  }
  if (doc.contains("swapped_workdays")) {
    const auto& ss = doc.at("swapped_workdays");
    if (!ss.is_array())
      throw error(errc::parse, "expected an array", {{"path", "$.swapped_workdays"}});
    for (std::size_t i = 0; i < ss.size(); ++i) {
      const std::string path = "$.swapped_workdays[" + std::to_string(i) + "]";
      const auto d = detail::parse_iso_date(require(ss[i], "date", path), path + ".date");
      std::string festival;
      if (ss[i].contains("for") && ss[i].at("for").is_string())
        festival = detail::as_name(ss[i].at("for"), path + ".for");
      entries.push_back({d, calendar::day_kind::swapped_workday, festival});
    }
  }
  return calendar::holiday_calendar::make(name.get<std::string>(), std::move(years),
                                          std::move(entries));
}

/// Reads a "submeter-calendar-v1" file (read_json: strict) into a holiday calendar; refuses what
/// read_json and calendar_from_json refuse, naming the file first.
[[nodiscard]] inline calendar::holiday_calendar load_calendar(const std::filesystem::path& file) {
  return read_json(file, [](const nlohmann::json& doc) { return calendar_from_json(doc); });
}

}  // namespace submeter::io
