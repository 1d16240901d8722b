#pragma once
/// \file
/// Reads a TOU schedule file (format "submeter-tou-v1", docs/tou.md) into a
/// submeter::tariff::tou_schedule. Errors name the JSON path of the bad field.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "io/calendar_json.hpp"
#include "io/json_fields.hpp"
#include "io/read_json.hpp"
#include "submeter/calendar/day_kind.hpp"
#include "submeter/calendar/season.hpp"
#include "submeter/core/error.hpp"
#include "submeter/tariff/tou_schedule.hpp"

namespace submeter::io {

namespace detail {

[[nodiscard]] inline int minute_of(const nlohmann::json& j, const std::string& path) {
  const auto m = tariff::parse_minute_of_day(as_string(j, path));
  if (!m)
    throw error(errc::parse, "expected a time of day HH:MM (00:00..24:00)",
                {{"path", path}, {"text", describe(j)}});
  return *m;
}

[[nodiscard]] inline calendar::month_day month_day_of(const nlohmann::json& j,
                                                      const std::string& path) {
  const auto& s = as_string(j, path);
  unsigned m = 0, d = 0;
  char extra = 0;
  if (s.size() != 5 || s[2] != '-' || std::sscanf(s.c_str(), "%2u-%2u%c", &m, &d, &extra) != 2 ||
      !calendar::month_day{m, d}.ok()) {
    throw error(errc::parse, "expected a month-day MM-DD", {{"path", path}, {"text", echo(s)}});
  }
  return {m, d};
}

/// {"peak": [["08:00","15:00"], …], …} → periods, registers looked up by name.
[[nodiscard]] inline std::vector<tariff::period> periods_of(const nlohmann::json& j,
                                                            const std::string& path,
                                                            const tariff::register_set& registers) {
  if (!j.is_object())
    throw error(errc::parse, "expected an object of register: [[start, end], …]", {{"path", path}});
  std::vector<tariff::period> out;
  for (const auto& [reg_name, list] : j.items()) {
    const std::string rpath = key_path(path, reg_name);
    const auto number = registers.number_of(reg_name);
    if (!number)
      throw error(errc::not_found, "unknown rate register",
                  {{"path", rpath}, {"register", echo(reg_name)}});
    if (!list.is_array())
      throw error(errc::parse, "expected a list of [start, end] pairs", {{"path", rpath}});
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string ipath = rpath + "[" + std::to_string(i) + "]";
      if (!list[i].is_array() || list[i].size() != 2) {
        throw error(errc::parse, "expected [start, end]", {{"path", ipath}});
      }
      out.push_back(
          {*number, minute_of(list[i][0], ipath + "[0]"), minute_of(list[i][1], ipath + "[1]")});
    }
  }
  return out;
}

[[nodiscard]] inline calendar::day_kind_set kinds_of(const nlohmann::json& obj,
                                                     const std::string& path) {
  calendar::day_kind_set kinds;
  if (!obj.contains("kinds")) return kinds;
  const auto& ks = obj.at("kinds");
  if (!ks.is_array())
    throw error(errc::parse, "expected a list of day kinds", {{"path", path + ".kinds"}});
  for (std::size_t i = 0; i < ks.size(); ++i) {
    const std::string kpath = path + ".kinds[" + std::to_string(i) + "]";
    const auto k = calendar::parse_day_kind(as_string(ks[i], kpath));
    if (!k) {
      throw error(errc::parse,
                  "unknown day kind (workday, saturday, sunday, holiday, swapped_workday)",
                  {{"path", kpath}, {"text", describe(ks[i])}});
    }
    kinds.insert(*k);
  }
  return kinds;
}

[[nodiscard]] inline std::vector<std::string> strings_of(const nlohmann::json& obj, const char* key,
                                                         const std::string& path) {
  std::vector<std::string> out;
  if (!obj.contains(key)) return out;
  const auto& a = obj.at(key);
  if (!a.is_array())
    throw error(errc::parse, "expected a list of strings", {{"path", path + "." + key}});
  for (std::size_t i = 0; i < a.size(); ++i)
    out.push_back(as_name(a[i], path + "." + key + "[" + std::to_string(i) + "]"));
  return out;
}

[[nodiscard]] inline std::vector<unsigned> months_of(const nlohmann::json& obj,
                                                     const std::string& path) {
  std::vector<unsigned> out;
  if (!obj.contains("months")) return out;
  const auto& a = obj.at("months");
  if (!a.is_array())
    throw error(errc::parse, "expected a list of months 1..12", {{"path", path + ".months"}});
  for (std::size_t i = 0; i < a.size(); ++i) {
    // integer_in, not get<int>(): 4294967297 must not read as 1.
    const auto m = integer_in(a[i], 1, 12);
    if (!m) {
      throw error(
          errc::parse, "expected a month 1..12",
          {{"path", path + ".months[" + std::to_string(i) + "]"}, {"text", describe(a[i])}});
    }
    out.push_back(static_cast<unsigned>(*m));
  }
  return out;
}

}  // namespace detail

/// Builds a TOU schedule from a parsed "submeter-tou-v1" document (docs/tou.md).
/// Refuses a missing or mistyped field naming its JSON path, and everything tou_schedule::make,
/// day_table::make, season_table::make and register_set::make refuse (with the path added).
[[nodiscard]] inline tariff::tou_schedule tou_schedule_from_json(const nlohmann::json& doc) {
  using detail::require;
  const auto& format = require(doc, "format", "$");
  if (format != "submeter-tou-v1") {
    throw error(errc::unsupported, "unknown TOU schedule format",
                {{"path", "$.format"}, {"text", describe(format)}});
  }
  const std::string name = detail::as_name(require(doc, "name", "$"), "$.name");
  // Registers: {"sharp": 1, …}
  std::vector<tariff::rate_register> regs;
  const auto& rj = require(doc, "registers", "$");
  if (!rj.is_object())
    throw error(errc::parse, "expected an object of name: number", {{"path", "$.registers"}});
  for (const auto& [rname, number] : rj.items()) {
    const auto rpath = detail::key_path("$.registers", rname);
    if (const char* problem = name_problem(rname)) {
      throw error(errc::invalid_argument, problem, {{"path", rpath}, {"text", echo(rname)}});
    }
    // integer_in, not get<int>(): 4294967297 must not read as register 1.
    const auto n = integer_in(number, 1, 8);
    if (!n) {
      throw error(errc::parse, "expected a register number 1..8",
                  {{"path", rpath}, {"text", describe(number)}});
    }
    regs.push_back({static_cast<int>(*n), rname});
  }
  auto registers = tariff::register_set::make(std::move(regs));
  // Seasons: [{"name": …, "months": […]} or {"name": …, "ranges": [["MM-DD","MM-DD"], …]}]
  std::vector<calendar::season> seasons;
  if (doc.contains("seasons")) {
    const auto& sj = doc.at("seasons");
    if (!sj.is_array())
      throw error(errc::parse, "expected a list of seasons", {{"path", "$.seasons"}});
    for (std::size_t i = 0; i < sj.size(); ++i) {
      const std::string path = "$.seasons[" + std::to_string(i) + "]";
      calendar::season s;
      s.name = detail::as_name(require(sj[i], "name", path), path + ".name");
      for (unsigned m : detail::months_of(sj[i], path))
        s.ranges.push_back(calendar::month_day_range::months(m, m));
      if (sj[i].contains("ranges")) {
        const auto& rs = sj[i].at("ranges");
        if (!rs.is_array())
          throw error(errc::parse, "expected a list of [from, to]", {{"path", path + ".ranges"}});
        for (std::size_t k = 0; k < rs.size(); ++k) {
          const std::string rpath = path + ".ranges[" + std::to_string(k) + "]";
          if (!rs[k].is_array() || rs[k].size() != 2)
            throw error(errc::parse, "expected [from, to]", {{"path", rpath}});
          s.ranges.push_back({detail::month_day_of(rs[k][0], rpath + "[0]"),
                              detail::month_day_of(rs[k][1], rpath + "[1]")});
        }
      }
      seasons.push_back(std::move(s));
    }
  }
  auto season_table =
      seasons.empty() ? calendar::season_table{} : calendar::season_table::make(std::move(seasons));
  // Day tables: {"summer": {"peak": [[…]], …}, …}
  std::vector<tariff::day_table> tables;
  const auto& tj = require(doc, "day_tables", "$");
  if (!tj.is_object())
    throw error(errc::parse, "expected an object of day tables", {{"path", "$.day_tables"}});
  for (const auto& [tname, tdef] : tj.items()) {
    const std::string path = detail::key_path("$.day_tables", tname);
    if (const char* problem = name_problem(tname)) {
      throw error(errc::invalid_argument, problem, {{"path", path}, {"text", echo(tname)}});
    }
    try {
      tables.push_back(tariff::day_table::make(tname, detail::periods_of(tdef, path, registers)));
    } catch (const error& e) {
      if (!e.context_value("path").empty()) throw;
      throw e.with("path", path);
    }
  }
  // Rules: [{"seasons": […], "kinds": […], "flag": …, "table": …}]; default: one table, every day.
  std::vector<tariff::day_rule> rules;
  if (doc.contains("rules")) {
    const auto& rl = doc.at("rules");
    if (!rl.is_array()) throw error(errc::parse, "expected a list of rules", {{"path", "$.rules"}});
    for (std::size_t i = 0; i < rl.size(); ++i) {
      const std::string path = "$.rules[" + std::to_string(i) + "]";
      tariff::day_rule r;
      r.seasons = detail::strings_of(rl[i], "seasons", path);
      r.kinds = detail::kinds_of(rl[i], path);
      if (rl[i].contains("flag")) r.flag = detail::as_name(rl[i].at("flag"), path + ".flag");
      r.table = detail::as_name(require(rl[i], "table", path), path + ".table");
      rules.push_back(std::move(r));
    }
  } else if (tables.size() == 1) {
    rules.push_back({{}, {}, "", tables.front().name()});
  } else {
    throw error(errc::parse, "several day tables need rules saying when each applies",
                {{"path", "$.rules"}});
  }
  // Overlays
  std::vector<tariff::overlay_rule> overlays;
  if (doc.contains("overlays")) {
    const auto& ol = doc.at("overlays");
    if (!ol.is_array())
      throw error(errc::parse, "expected a list of overlays", {{"path", "$.overlays"}});
    for (std::size_t i = 0; i < ol.size(); ++i) {
      const std::string path = "$.overlays[" + std::to_string(i) + "]";
      tariff::overlay_rule o;
      o.name = detail::as_name(require(ol[i], "name", path), path + ".name");
      o.periods = detail::periods_of(require(ol[i], "periods", path), path + ".periods", registers);
      for (const auto& over : detail::strings_of(ol[i], "over", path)) {
        const auto n = registers.number_of(over);
        if (!n)
          throw error(errc::not_found, "unknown rate register",
                      {{"path", path + ".over"}, {"register", echo(over)}});
        o.over.push_back(*n);
      }
      o.months = detail::months_of(ol[i], path);
      o.kinds = detail::kinds_of(ol[i], path);
      o.holidays = detail::strings_of(ol[i], "holidays", path);
      if (ol[i].contains("flag")) o.flag = detail::as_name(ol[i].at("flag"), path + ".flag");
      overlays.push_back(std::move(o));
    }
  }
  return tariff::tou_schedule::make(name, std::move(registers), std::move(season_table),
                                    std::move(tables), std::move(rules), std::move(overlays));
}

/// Reads a "submeter-tou-v1" file (read_json: strict) into a TOU schedule; refuses what read_json
/// and tou_schedule_from_json refuse, naming the file first.
[[nodiscard]] inline tariff::tou_schedule load_tou_schedule(const std::filesystem::path& file) {
  return read_json(file, [](const nlohmann::json& doc) { return tou_schedule_from_json(doc); });
}

}  // namespace submeter::io
