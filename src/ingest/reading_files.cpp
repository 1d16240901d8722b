// The files of `submeter ingest file` and `submeter readings export` (reading_files.hpp).
#include "ingest/reading_files.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/meters/hex.hpp"

namespace submeter::ingest {
namespace {

/// The lines of a text, 1-based, without their line ends; a UTF-8 byte-order mark is skipped.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t pos = 0;
  std::size_t number = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(number, line);
  }
}

struct cell {
  std::string_view text;
  std::size_t column;
};

std::vector<cell> split(std::string_view line) {
  std::vector<cell> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    cells.push_back({line.substr(start, end - start), start + 1});
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return cells;
}

/// At most this much of a bad value is quoted in a message (the contract: never echo an input).
std::string quote(std::string_view s) {
  return "\"" + std::string(s.substr(0, 40)) + (s.size() > 40 ? "…" : "") + "\"";
}

error at(errc code, const std::string& message, const std::string& file, std::size_t line,
         std::size_t column, const std::string& field, std::vector<context_item> more = {}) {
  std::vector<context_item> ctx{{"file", file},
                                {"line", std::to_string(line)},
                                {"column", std::to_string(column)},
                                {"field", field}};
  ctx.insert(ctx.end(), more.begin(), more.end());
  return error(code, message, std::move(ctx));
}

energy cell_value(const cell& c, const std::string& file, std::size_t line,
                  const std::string& field) {
  const auto p = detail::parse_mantissa(c.text, 4, std::nullopt);
  if (p.failure != detail::parse_failure::none) {
    throw at(errc::parse, "not a decimal (" + std::string(detail::describe(p.failure)) + ")", file,
             line, c.column, field, {{"text", quote(c.text)}});
  }
  if (p.mantissa < 0) {
    throw at(errc::invalid_argument, "a register value is negative", file, line, c.column, field);
  }
  return energy::from_mantissa(p.mantissa);
}

local_time cell_time(const cell& c, const std::string& file, std::size_t line,
                     const std::string& field) {
  const auto t = try_parse_local_time(c.text);
  if (!t) {
    throw at(errc::parse, "not a local time (expected YYYY-MM-DDTHH:MM)", file, line, c.column,
             field, {{"text", quote(c.text)}});
  }
  return *t;
}

std::string time_text(local_time t) {
  auto s = local_interval::format(t);
  if (s.size() == 19 && s.compare(16, 3, ":00") == 0) s.resize(16);
  return s;
}

}  // namespace

std::vector<metering::register_value> parse_readings_csv_values(std::string_view text,
                                                                const std::string& file) {
  std::vector<metering::register_value> out;
  for_each_readings_csv_row(
      text, file,
      [&](std::string_view meter, local_time t, std::size_t /*line*/,
          const std::array<std::optional<energy>, metering::max_rate_registers + 1>& values) {
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (!values[i]) continue;
          metering::register_value v;
          v.meter_id = std::string(meter);
          v.register_number = static_cast<int>(i);
          v.time = t;
          v.value = *values[i];
          v.source = metering::reading_source::file;
          out.push_back(std::move(v));
        }
      });
  return out;
}

void for_each_readings_csv_row(
    std::string_view text, const std::string& file,
    const std::function<void(
        std::string_view meter, local_time time, std::size_t line,
        const std::array<std::optional<energy>, metering::max_rate_registers + 1>& values)>& row) {
  std::vector<std::string> header;
  std::array<std::optional<energy>, metering::max_rate_registers + 1> values;
  for_each_line(text, [&](std::size_t n, std::string_view line) {
    if (line.empty()) return;
    const auto cells = split(line);
    for (const auto& c : cells) {
      if (c.text.find('"') != std::string_view::npos) {
        throw at(errc::parse, "quoted cells are not supported", file, n, c.column,
                 header.empty() ? "header" : "value");
      }
    }
    if (header.empty()) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string expected = i == 0   ? "meter_id"
                                     : i == 1 ? "time"
                                     : i == 2 ? "total"
                                              : "t" + std::to_string(i - 2);
        if (cells[i].text != expected || i >= 3 + metering::max_rate_registers) {
          throw at(errc::parse, "bad header: expected meter_id,time,total then t1..t8 in order",
                   file, n, cells[i].column, std::string(cells[i].text.substr(0, 40)),
                   {{"expected", i < 11 ? expected : "no more columns"}});
        }
        header.push_back(expected);
      }
      if (header.size() < 3) {
        throw at(errc::parse, "bad header: expected meter_id,time,total then t1..t8 in order", file,
                 n, line.size() + 1, "header");
      }
      return;
    }
    if (cells.size() != header.size()) {
      throw at(errc::parse,
               "expected " + std::to_string(header.size()) + " fields, got " +
                   std::to_string(cells.size()),
               file, n, cells.back().column,
               cells.size() > header.size() ? "(extra)" : header[cells.size()]);
    }
    if (cells[0].text.empty()) throw at(errc::parse, "missing meter id", file, n, 1, "meter_id");
    const local_time t = cell_time(cells[1], file, n, "time");
    if (cells[2].text.empty()) {
      throw at(errc::parse, "missing total", file, n, cells[2].column, "total");
    }
    values.fill(std::nullopt);
    for (std::size_t i = 2; i < cells.size(); ++i) {
      if (cells[i].text.empty()) continue;
      values[i - 2] = cell_value(cells[i], file, n, header[i]);
    }
    row(cells[0].text, t, n, values);
  });
  if (header.empty())
    throw at(errc::parse, "empty file: expected a header line", file, 1, 1, "header");
}

std::vector<metering::register_value> parse_value_lines(std::string_view text,
                                                        const std::string& file) {
  std::vector<metering::register_value> out;
  for_each_line(text, [&](std::size_t n, std::string_view line) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    const auto doc = read_message_json(line);
    auto refuse = [&](errc code, const std::string& why, const std::string& field) {
      return error(code, why, {{"file", file}, {"line", std::to_string(n)}, {"field", field}});
    };
    if (!doc.json) throw refuse(errc::parse, doc.why, "line");
    const auto& j = *doc.json;
    if (!j.is_object()) throw refuse(errc::parse, "not a JSON object", "line");
    static const char* const known[] = {"meter",    "register", "time",   "value",
                                        "received", "source",   "quality"};
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::none_of(std::begin(known), std::end(known),
                       [&it](const char* k) { return it.key() == k; })) {
        throw refuse(errc::parse, "an unknown key", it.key().substr(0, 40));
      }
    }
    auto text_field = [&](const char* key, bool required) -> std::optional<std::string> {
      const auto it = j.find(key);
      if (it == j.end()) {
        if (required) throw refuse(errc::parse, "a required key is missing", key);
        return std::nullopt;
      }
      if (!it->is_string()) throw refuse(errc::parse, "not a string", key);
      return it->get<std::string>();
    };
    metering::register_value v;
    v.meter_id = *text_field("meter", true);
    if (v.meter_id.empty()) throw refuse(errc::parse, "an empty meter id", "meter");
    const auto reg = j.find("register");
    if (reg == j.end()) {
      v.register_number = 0;
    } else if (!reg->is_number_integer() || reg->get<std::int64_t>() < 0 ||
               reg->get<std::int64_t>() > metering::max_rate_registers) {
      throw refuse(errc::invalid_argument, "a register is 0 (total) or 1..8", "register");
    } else {
      v.register_number = reg->get<int>();
    }
    const auto t = try_parse_local_time(*text_field("time", true));
    if (!t) throw refuse(errc::parse, "not a local time (expected YYYY-MM-DDTHH:MM)", "time");
    v.time = *t;
    const auto p = detail::parse_mantissa(*text_field("value", true), 4, std::nullopt);
    if (p.failure != detail::parse_failure::none || p.mantissa < 0) {
      throw refuse(errc::parse, "not a decimal register value", "value");
    }
    v.value = energy::from_mantissa(p.mantissa);
    if (const auto r = text_field("received", false)) {
      const auto rt = try_parse_local_time(*r);
      if (!rt) throw refuse(errc::parse, "not a local time", "received");
      v.received = *rt;
    }
    if (const auto s = text_field("source", false)) {
      const auto src = metering::parse_reading_source(*s);
      if (!src) throw refuse(errc::parse, "an unknown source", "source");
      v.source = *src;
    }
    if (const auto q = text_field("quality", false)) {
      const auto qual = metering::parse_reading_quality(*q);
      if (!qual) throw refuse(errc::parse, "an unknown quality", "quality");
      v.quality = *qual;
    }
    out.push_back(std::move(v));
  });
  return out;
}

void parse_frames_csv(std::string_view text, const std::string& file, const parse_options& options,
                      parse_result& out) {
  bool header = false;
  for_each_line(text, [&](std::size_t n, std::string_view line) {
    if (line.empty() || line.front() == '#') return;
    const auto cells = split(line);
    if (!header) {
      if (line != "time,meter,frame") {
        throw at(errc::parse, "bad header: expected time,meter,frame", file, n, 1, "header");
      }
      header = true;
      return;
    }
    if (cells.size() != 3) {
      throw at(errc::parse, "expected 3 fields, got " + std::to_string(cells.size()), file, n,
               cells.back().column, cells.size() > 3 ? "(extra)" : "frame");
    }
    const local_time t = cell_time(cells[0], file, n, "time");
    std::optional<std::string> meter;
    if (!cells[1].text.empty()) meter = std::string(cells[1].text);
    const auto bytes = meters::parse_hex(cells[2].text);
    if (!bytes || bytes->empty()) {
      throw at(errc::parse, "not hex bytes", file, n, cells[2].column, "frame");
    }
    auto r = parse_frames(*bytes, t, meter, options);
    if (r.status != message_status::ok) {
      throw at(r.status == message_status::unsupported ? errc::unsupported : errc::parse,
               std::string(to_string(r.status)) + ": " + r.detail, file, n, cells[2].column,
               "frame");
    }
    for (auto& v : r.values) out.values.push_back(std::move(v));
    for (auto& m : r.multipliers) out.multipliers.push_back(std::move(m));
    out.skipped += r.skipped;
  });
  if (!header) throw at(errc::parse, "empty file: expected a header line", file, 1, 1, "header");
  out.status = message_status::ok;
}

capture_summary parse_capture(std::string_view text, message_format format,
                              const parse_options& options) {
  capture_summary s;
  for_each_line(text, [&](std::size_t n, std::string_view line) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') return;
    line.remove_prefix(first);
    std::string_view topic;
    std::string_view payload = line;
    if (line.front() != '{' && line.front() != '[') {
      const auto space = line.find(' ');
      topic = line.substr(0, space);
      payload = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
    }
    auto r = parse_message(format, topic, payload, options);
    ++s.messages[static_cast<std::size_t>(r.status)];
    s.skipped += r.skipped;
    if (r.status == message_status::malformed || r.status == message_status::unsupported) {
      if (s.problems.size() < 10) {
        s.problems.push_back("line " + std::to_string(n) + ": " + std::string(to_string(r.status)) +
                             ": " + r.detail.substr(0, 200));
      }
      return;
    }
    for (auto& v : r.values) s.values.push_back(std::move(v));
    for (auto& m : r.multipliers) s.multipliers.push_back(std::move(m));
  });
  return s;
}

void write_readings_csv(std::ostream& out, const std::vector<metering::register_value>& values) {
  struct row {
    std::optional<energy> total;
    std::array<std::optional<energy>, metering::max_rate_registers> rates{};
  };
  std::map<std::pair<local_time, std::string>, row> rows;
  int highest = 4;
  for (const auto& v : values) {
    auto& r = rows[{v.time, v.meter_id}];
    if (v.register_number == 0) {
      r.total = v.value;
    } else if (metering::is_rate_register(v.register_number)) {
      r.rates[static_cast<std::size_t>(v.register_number - 1)] = v.value;
      highest = std::max(highest, v.register_number);
    }
  }
  out << "meter_id,time,total";
  for (int n = 1; n <= highest; ++n) out << ",t" << n;
  out << "\n";
  for (const auto& [key, r] : rows) {
    if (!r.total) {
      throw error(errc::inconsistent, "a reading has rate registers but no total",
                  {{"meter", key.second}, {"time", local_interval::format(key.first)}});
    }
    out << key.second << ',' << time_text(key.first) << ',' << r.total->to_string(2);
    for (int n = 1; n <= highest; ++n) {
      out << ',';
      if (const auto& v = r.rates[static_cast<std::size_t>(n - 1)]) out << v->to_string(2);
    }
    out << "\n";
  }
}

}  // namespace submeter::ingest
