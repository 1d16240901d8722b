// readings.csv → reading series per meter. See docs/formats.md.
//
// Header: meter_id,time,total followed by t1..tN (N <= 8, in order; v0 files use t1..t4).
// No quoting: ids and values never contain commas. Blank lines are skipped; CRLF and a UTF-8
// byte-order mark are accepted (spreadsheet exports).
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/detail.hpp"
#include "io/limits.hpp"
#include "io/site_loader.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"

namespace submeter::io {
namespace {

using site_detail::located;

struct cell {
  std::string_view text;
  std::size_t column;  // 1-based character column where the cell starts
};

/// Splits `line` into `cells` (cleared first; its storage is reused from line to line).
void split_line(std::string_view line, std::vector<cell>& cells) {
  cells.clear();
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    cells.push_back({line.substr(start, end - start), start + 1});
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

std::vector<cell> split_line(std::string_view line) {
  std::vector<cell> cells;
  split_line(line, cells);
  return cells;
}

/// A reading kept until its meter's series is built, with where its line is: an error found then
/// re-splits the line for the column of the offending cell.
struct pending_reading {
  metering::register_reading reading;
  std::size_t line = 0;
  std::string_view text;  // the line, without its end
};

}  // namespace

std::vector<metering::reading_series> parse_readings_csv(std::string_view text,
                                                         const std::string& file,
                                                         const site_document& doc) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  auto fail = [&file](errc code, std::string message, std::size_t line, std::size_t column,
                      const std::string& field, const std::vector<context_item>& more = {}) {
    return located(code, std::move(message),
                   {{"file", file},
                    {"line", std::to_string(line)},
                    {"column", std::to_string(column)},
                    {"field", field}},
                   more);
  };

  // Keyed by views of the ids in `doc`, which outlives this function.
  std::unordered_map<std::string_view, std::size_t> meter_index;
  meter_index.reserve(doc.meters.size());
  for (std::size_t i = 0; i < doc.meters.size(); ++i) meter_index.emplace(doc.meters[i].id(), i);
  // parse_site_json refuses a meter id given twice; a document made otherwise may hold one, and
  // its readings then go to its first meter, as the lookup gives.
  const bool unique_ids = meter_index.size() == doc.meters.size();
  std::vector<std::vector<pending_reading>> per_meter(doc.meters.size());

  std::vector<std::string> header;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  std::vector<cell> cells;
  std::string_view last_meter;  // empty: no line read yet (an empty id is refused)
  std::size_t last_index = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (site_detail::only_blanks(line)) throw site_detail::blank_line(file, line_no);
    split_line(line, cells);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].text.find('"') != std::string_view::npos) {
        throw fail(errc::parse, "quoted cells are not supported", line_no, cells[i].column,
                   i < header.size() ? header[i] : std::string("header"));
      }
    }
    if (header.empty()) {
      static constexpr std::string_view required[] = {"meter_id", "time", "total"};
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string name(cells[i].text);
        const std::string expected = i < 3 ? std::string(required[i]) : "t" + std::to_string(i - 2);
        if (name != expected || i >= 3 + metering::max_rate_registers) {
          throw fail(errc::parse, "bad header: expected meter_id,time,total then t1..t8 in order",
                     line_no, cells[i].column, echo(name),
                     {{"expected", i < 11 ? expected : "no more columns"}});
        }
        header.push_back(name);
      }
      if (header.size() < 3) {
        throw fail(errc::parse, "bad header: expected meter_id,time,total then t1..t8 in order",
                   line_no, line.size() + 1, "header");
      }
      continue;
    }
    if (cells.size() != header.size()) {
      throw fail(errc::parse,
                 "expected " + std::to_string(header.size()) + " fields, got " +
                     std::to_string(cells.size()),
                 line_no, cells.back().column,
                 cells.size() > header.size() ? "(extra)" : header[cells.size()]);
    }
    const std::string_view meter_id = cells[0].text;
    if (meter_id.empty())
      throw fail(errc::parse, "missing meter id", line_no, cells[0].column, "meter_id");
    // Files list the readings of one meter together, or those of one time in the order of
    // site.json: the meter of the line before and the meter after it are tried before the hash
    // lookup (with 100,000s of meters, a lookup misses the cache three times).
    if (meter_id != last_meter) {
      const auto next = last_meter.empty() ? 0 : last_index + 1;
      if (unique_ids && next < doc.meters.size() && doc.meters[next].id() == meter_id) {
        last_index = next;
      } else {
        const auto m = meter_index.find(meter_id);
        if (m == meter_index.end()) {
          throw fail(errc::not_found, "unknown meter (not in site.json)", line_no, cells[0].column,
                     "meter_id", {{"text", std::string(meter_id)}});
        }
        last_index = m->second;
      }
      last_meter = doc.meters[last_index].id();
    }
    pending_reading p;
    p.line = line_no;
    p.text = line;
    const auto t = try_parse_local_time(cells[1].text);
    if (!t) {
      throw fail(errc::parse, "not a local time (expected YYYY-MM-DDTHH:MM)", line_no,
                 cells[1].column, "time", {{"text", "\"" + std::string(cells[1].text) + "\""}});
    }
    p.reading.time = *t;
    auto parse_energy = [&](std::size_t i) {
      energy value;
      try {
        value = energy::parse(cells[i].text);
      } catch (const error& e) {
        throw fail(e.code(), e.message(), line_no, cells[i].column, header[i], e.context());
      }
      if (!quantity_in_range(value)) {
        throw fail(errc::invalid_argument, "a value out of range", line_no, cells[i].column,
                   header[i], {{"text", value.to_string()}, {"expected", quantity_limit_text}});
      }
      // A cumulative register counts up from zero (issue 16 #20: -100 then -50 is not 50 kWh).
      if (value.is_negative()) {
        throw fail(errc::invalid_argument, "a cumulative register reading cannot be negative",
                   line_no, cells[i].column, header[i], {{"text", value.to_string()}});
      }
      return value;
    };
    if (cells[2].text.empty())
      throw fail(errc::parse, "missing total", line_no, cells[2].column, "total");
    p.reading.total = parse_energy(2);
    for (std::size_t i = 3; i < cells.size(); ++i) {
      if (!cells[i].text.empty()) p.reading.rates[i - 3] = parse_energy(i);
    }
    per_meter[last_index].push_back(std::move(p));
  }
  if (header.empty()) throw fail(errc::parse, "empty file: expected a header line", 1, 1, "header");

  std::vector<metering::reading_series> out;
  for (std::size_t i = 0; i < doc.meters.size(); ++i) {
    if (per_meter[i].empty()) continue;
    std::vector<metering::register_reading> readings;
    readings.reserve(per_meter[i].size());
    for (const auto& p : per_meter[i]) readings.push_back(p.reading);
    try {
      out.push_back(metering::reading_series::make(doc.meters[i], std::move(readings)));
    } catch (const error& e) {
      // The series names the offending reading's position; turn it into its line.
      const auto index = static_cast<std::size_t>(std::stoul(e.context_value("index")));
      const auto& p = per_meter[i][index];
      const auto columns = split_line(p.text);
      std::vector<context_item> more;
      for (const auto& item : e.context()) {
        if (item.key != "index") more.push_back(item);
      }
      if (index > 0) {
        more.push_back({"previous_line", std::to_string(per_meter[i][index - 1].line)});
      }
      // A register going backwards points at its cell; an order problem at the time.
      std::size_t column_index = 1;
      const auto reg = e.context_value("register");
      if (reg == "total") column_index = 2;
      for (int n = 1; n <= metering::max_rate_registers; ++n) {
        if (reg == metering::register_name(n)) column_index = 2 + static_cast<std::size_t>(n);
      }
      if (column_index >= columns.size()) column_index = 1;
      throw fail(e.code(), e.message(), p.line, columns[column_index].column, header[column_index],
                 more);
    }
  }
  return out;
}

}  // namespace submeter::io
