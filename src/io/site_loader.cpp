// Reads a site directory: site.json + readings.csv.
#include "io/site_loader.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "io/detail.hpp"
#include "io/echo.hpp"
#include "io/limits.hpp"
#include "io/read_json.hpp"

namespace submeter::io {
namespace {

/// One data line of a small CSV: its cells split at commas, with where each starts.
struct csv_row {
  std::size_t line = 0;
  std::vector<std::string_view> cells;
  std::vector<std::size_t> columns;
};

/// Splits `text` into rows after checking the header is exactly `header`.
std::vector<csv_row> csv_rows(std::string_view text, const std::string& file,
                              std::string_view header) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<csv_row> rows;
  std::size_t line_no = 0;
  bool seen_header = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (site_detail::only_blanks(line)) throw site_detail::blank_line(file, line_no);
    if (!seen_header) {
      if (line != header) {
        throw site_detail::located(
            errc::parse, "bad header",
            {{"file", file},
             {"line", std::to_string(line_no)},
             {"column", "1"},
             {"field", "header"}},
            {{"text", std::string(line)}, {"expected", std::string(header)}});
      }
      seen_header = true;
      continue;
    }
    csv_row r;
    r.line = line_no;
    std::size_t start = 0;
    while (true) {
      const auto comma = line.find(',', start);
      r.cells.push_back(line.substr(
          start, comma == std::string_view::npos ? line.size() - start : comma - start));
      r.columns.push_back(start + 1);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    rows.push_back(std::move(r));
  }
  if (!seen_header) {
    throw site_detail::located(
        errc::parse, "empty file: expected a header line",
        {{"file", file}, {"line", "1"}, {"column", "1"}, {"field", "header"}},
        {{"expected", std::string(header)}});
  }
  return rows;
}

/// The ids of the site's meters.
std::unordered_set<std::string> meter_ids(const site_document& doc) {
  std::unordered_set<std::string> ids;
  ids.reserve(doc.meters.size());
  for (const auto& m : doc.meters) ids.insert(m.id());
  return ids;
}

/// Reads the three cells meter,time,value of a row, refusing what is malformed and a value out of
/// range (limits.hpp: a magnitude of 10^10 or more; a negative one too when `cumulative`).
template <class Decimal>
std::tuple<std::string, local_time, Decimal> csv_triple(const csv_row& r, const std::string& file,
                                                        const std::unordered_set<std::string>& ids,
                                                        const char* value_name, bool cumulative) {
  const auto fail = [&](errc code, std::string message, std::size_t cell, const char* field,
                        const std::vector<context_item>& more = {}) {
    return site_detail::located(
        code, std::move(message),
        {{"file", file},
         {"line", std::to_string(r.line)},
         {"column", std::to_string(cell < r.columns.size() ? r.columns[cell] : 1)},
         {"field", field}},
        more);
  };
  if (r.cells.size() != 3) {
    throw fail(errc::parse, "expected 3 fields, got " + std::to_string(r.cells.size()), 0, "(row)");
  }
  const std::string meter(r.cells[0]);
  if (ids.count(meter) == 0)
    throw fail(errc::not_found, "unknown meter (not in site.json)", 0, "meter_id",
               {{"text", meter}});
  const auto t = try_parse_local_time(r.cells[1]);
  if (!t) {
    throw fail(errc::parse, "expected a local time YYYY-MM-DDTHH:MM", 1, "time",
               {{"text", std::string(r.cells[1])}});
  }
  Decimal value;
  try {
    value = Decimal::parse(r.cells[2]);
  } catch (const error& e) {
    throw fail(e.code(), e.message(), 2, value_name, e.context());
  }
  if (!quantity_in_range(value)) {
    throw fail(errc::invalid_argument, "a value out of range", 2, value_name,
               {{"text", value.to_string()}, {"expected", quantity_limit_text}});
  }
  if (cumulative && value.is_negative()) {
    throw fail(errc::invalid_argument, "a cumulative register reading cannot be negative", 2,
               value_name, {{"text", value.to_string()}});
  }
  return {meter, *t, value};
}

}  // namespace

void parse_intervals_csv(std::string_view text, const std::string& file, site_document& doc) {
  struct pending {
    local_time start{};
    local_time last{};
    std::chrono::seconds step{0};
    std::size_t first_line = 0;
    std::vector<energy> values;
  };
  std::map<std::string, pending> by_meter;
  std::vector<std::string> order;
  const auto ids = meter_ids(doc);
  for (const auto& r : csv_rows(text, file, "meter_id,start,kwh")) {
    auto [meter, t, kwh] = csv_triple<energy>(r, file, ids, "kwh", false);
    const auto where = [&, m = meter](errc code, std::string message,
                                      const std::vector<context_item>& more = {}) {
      std::vector<context_item> context{{"meter", m}};
      for (const auto& item : more) context.push_back(item);
      return site_detail::located(code, std::move(message),
                                  {{"file", file},
                                   {"line", std::to_string(r.line)},
                                   {"column", std::to_string(r.columns[1])},
                                   {"field", "start"}},
                                  context);
    };
    auto it = by_meter.find(meter);
    if (it == by_meter.end()) {
      order.push_back(meter);
      by_meter.emplace(meter, pending{t, t, std::chrono::seconds{0}, r.line, {kwh}});
      continue;
    }
    auto& p = it->second;
    if (!(p.last < t)) throw where(errc::out_of_order, "an interval at or before the previous one");
    // In seconds: a step of 30 s or of 15 min 30 s is not a step of whole minutes.
    const auto step = std::chrono::duration_cast<std::chrono::seconds>(t - p.last);
    if (p.step.count() == 0) {
      if (step.count() % 60 != 0 || std::chrono::minutes{15} % step != std::chrono::seconds{0}) {
        throw where(errc::invalid_argument,
                    "an interval step must be 1, 3, 5 or 15 minutes (a whole number of minutes "
                    "dividing the 15-minute demand window)",
                    {{"step_seconds", std::to_string(step.count())}});
      }
      p.step = step;
    }
    if (step != p.step) {
      throw where(errc::inconsistent, "a gap in the interval data (intervals must be consecutive)",
                  {{"step_seconds", std::to_string(p.step.count())},
                   {"seconds_since_previous", std::to_string(step.count())}});
    }
    p.last = t;
    p.values.push_back(kwh);
  }
  for (const auto& m : order) {
    auto& p = by_meter.at(m);
    if (p.step.count() == 0) {
      // One interval alone does not say how long it is.
      throw site_detail::located(
          errc::invalid_argument, "a meter with a single interval: its step cannot be told",
          {{"file", file},
           {"line", std::to_string(p.first_line)},
           {"column", "1"},
           {"field", "meter_id"}},
          {{"meter", m}, {"expected", "at least two consecutive intervals per meter"}});
    }
    try {
      doc.intervals.push_back(
          {m, metering::interval_series::of_energy(
                  p.start, std::chrono::duration_cast<std::chrono::minutes>(p.step), p.values)});
    } catch (const error& e) {
      throw site_detail::located(e.code(), e.message(), {{"file", file}, {"meter", m}},
                                 e.context());
    }
  }
}

void parse_reactive_csv(std::string_view text, const std::string& file, site_document& doc) {
  std::map<std::string, std::size_t> index;
  const auto ids = meter_ids(doc);
  for (const auto& r : csv_rows(text, file, "meter_id,time,kvarh")) {
    auto [meter, t, kvarh] = csv_triple<reactive_energy>(r, file, ids, "kvarh", true);
    auto it = index.find(meter);
    if (it == index.end()) {
      it = index.emplace(meter, doc.reactive.size()).first;
      doc.reactive.push_back({meter, {}});
    }
    auto& list = doc.reactive[it->second].readings;
    if (!list.empty() && !(list.back().time < t && !(kvarh < list.back().kvarh))) {
      throw site_detail::located(errc::out_of_order,
                                 "reactive readings must go forward in time and never decrease",
                                 {{"file", file},
                                  {"line", std::to_string(r.line)},
                                  {"column", std::to_string(r.columns[1])},
                                  {"field", "time"}},
                                 {{"meter", meter}});
    }
    list.push_back({t, kvarh});
  }
}

site::site parse_site_files(const site_files& files) {
  auto doc = parse_site_json(files.site_json.text, files.site_json.name);
  doc.readings = parse_readings_csv(files.readings_csv.text, files.readings_csv.name, doc);
  if (files.intervals_csv) {
    parse_intervals_csv(files.intervals_csv->text, files.intervals_csv->name, doc);
  }
  if (files.reactive_csv) {
    parse_reactive_csv(files.reactive_csv->text, files.reactive_csv->name, doc);
  }
  try {
    return site::site::make(std::move(doc));
  } catch (const error& e) {
    // parse_site_json checks every reference with its JSON path first; this is a safety net.
    throw site_detail::located(e.code(), e.message(), {{"file", files.site_json.name}},
                               e.context());
  }
}

site::site parse_site(std::string_view site_json, const std::string& json_file,
                      std::string_view readings_csv, const std::string& csv_file) {
  return parse_site_files({{json_file, site_json}, {csv_file, readings_csv}, {}, {}});
}

site::site load_site(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw error(errc::not_found, "not a site directory", {{"file", dir.string()}});
  }
  const auto json_path = dir / "site.json";
  const auto csv_path = dir / "readings.csv";
  const auto json_text = read_file(json_path);
  const auto csv_text = read_file(csv_path);
  site_files files{{json_path.string(), json_text}, {csv_path.string(), csv_text}, {}, {}};
  // The optional files, read when present (a FIFO or a device there is refused by read_file).
  const auto optional = [&dir](const char* name, std::string& text) -> std::optional<site_file> {
    const auto path = dir / name;
    std::error_code absent;
    if (!std::filesystem::exists(path, absent)) return std::nullopt;
    text = read_file(path);
    return site_file{path.string(), text};
  };
  std::string intervals_text;
  std::string reactive_text;
  files.intervals_csv = optional("intervals.csv", intervals_text);
  files.reactive_csv = optional("reactive.csv", reactive_text);
  return parse_site_files(files);
}

}  // namespace submeter::io
