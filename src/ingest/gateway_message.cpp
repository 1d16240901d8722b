// Gateway messages into reads (gateway_message.hpp). Every parser works on a document read by
// read_message_json and reports the first problem as a status, naming where (a JSON path).
#include "ingest/gateway_message.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/decimal.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/meters/dlt645/frame.hpp"
#include "submeter/meters/dlt645/read_response.hpp"
#include "submeter/meters/dlt645/reading.hpp"
#include "submeter/meters/dlt645/scanner.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/meter_reading.hpp"
#include "submeter/meters/modbus/register_map.hpp"
#include "submeter/meters/modbus/rtu.hpp"

namespace submeter::ingest {
namespace {

using json = nlohmann::json;

/// The first problem found: becomes the result's status and detail.
struct problem {
  message_status status;
  std::string detail;
};

[[noreturn]] void malformed(const std::string& path, const std::string& what) {
  throw problem{message_status::malformed, path + ": " + what};
}

/// A register value from a JSON number or decimal string: exact at 1e-4, not negative.
energy register_value_of(const json& v, const std::string& path) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      malformed(path, "a register value out of range");
    }
    const auto units = v.get<std::int64_t>();
    std::int64_t m = 0;
    if (units < 0 || __builtin_mul_overflow(units, std::int64_t{10000}, &m)) {
      malformed(path, "a register value out of range");
    }
    return energy::from_mantissa(m);
  }
  if (!v.is_string()) malformed(path, "not a decimal number");
  const auto& text = v.get_ref<const std::string&>();
  const auto p = detail::parse_mantissa(text, 4, std::nullopt);
  if (p.failure != detail::parse_failure::none) {
    malformed(path,
              "not a decimal register value (" + std::string(detail::describe(p.failure)) + ")");
  }
  if (p.mantissa < 0) malformed(path, "a register value is negative");
  return energy::from_mantissa(p.mantissa);
}

/// An exact ratio (PT, CT) from a JSON number or decimal string; nullopt when not one.
std::optional<ratio> ratio_of(const json& v) {
  std::string text;
  if (v.is_number_integer()) {
    text = v.dump();
  } else if (v.is_string()) {
    text = v.get<std::string>();
  } else {
    return std::nullopt;
  }
  const auto p = detail::parse_mantissa(text, ratio::scale, std::nullopt);
  if (p.failure != detail::parse_failure::none || p.mantissa <= 0) return std::nullopt;
  return ratio::from_mantissa(p.mantissa);
}

/// Acrel's time: "YYYYMMDDhhmmss", local civil time.
local_time acrel_time(const json& v, const std::string& path) {
  if (!v.is_string() || v.get_ref<const std::string&>().size() != 14) {
    malformed(path, "not a time (YYYYMMDDhhmmss)");
  }
  const auto& s = v.get_ref<const std::string&>();
  const std::string iso = s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + "T" +
                          s.substr(8, 2) + ":" + s.substr(10, 2) + ":" + s.substr(12, 2);
  const auto t = try_parse_local_time(iso);
  if (!t || s.substr(8, 2) == "24") malformed(path, "not a time (YYYYMMDDhhmmss)");
  return *t;
}

/// Unix milliseconds (UTC) to local civil time.
local_time epoch_ms_time(const json& v, const std::string& path, std::chrono::minutes offset) {
  if (!v.is_number_integer()) malformed(path, "not Unix milliseconds");
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > 253402300799999ULL) {
    malformed(path, "Unix milliseconds out of range");
  }
  const auto ms = v.get<std::int64_t>();
  if (ms < 0 || ms > 253402300799999LL) malformed(path, "Unix milliseconds out of range");
  return local_time{std::chrono::seconds(ms / 1000)} + offset;
}

const json* member(const json& o, const char* key) {
  const auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

std::string text_of(const json& v, const std::string& path) {
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
    malformed(path, "not a non-empty string");
  }
  return v.get<std::string>();
}

metering::register_value make_value(const std::string& meter, int reg, local_time t, energy e,
                                    metering::reading_source source, const parse_options& o) {
  metering::register_value v;
  v.meter_id = meter;
  v.register_number = reg;
  v.time = t;
  v.received = o.received;
  v.value = e;
  v.source = source;
  v.quality = metering::reading_quality::actual;
  return v;
}

/// Reads the mapped fields of `values` (an object of data points); returns how many there were.
std::size_t take_fields(const json& values, const register_fields& fields, const std::string& path,
                        const std::string& meter, local_time t, metering::reading_source source,
                        const parse_options& o, parse_result& out) {
  std::size_t found = 0;
  for (const auto& [name, reg] : fields) {
    const json* v = member(values, name.c_str());
    if (v == nullptr) continue;
    out.values.push_back(
        make_value(meter, reg, t, register_value_of(*v, path + "." + name), source, o));
    ++found;
  }
  return found;
}

std::string topic_sn(std::string_view topic) {
  const auto slash = topic.rfind('/');
  return std::string(slash == std::string_view::npos ? topic : topic.substr(slash + 1));
}

json read_document(std::string_view payload, const parse_options& o) {
  auto doc = read_message_json(payload, o.limits);
  if (!doc.json) throw problem{message_status::malformed, doc.why};
  if (!doc.json->is_object() && !doc.json->is_array()) {
    malformed("$", "not a JSON object");
  }
  return std::move(*doc.json);
}

/// Runs `body` and turns a problem (or anything thrown) into the result's status.
template <class Body>
parse_result guarded(Body&& body) noexcept {
  parse_result r;
  try {
    body(r);
    if (r.status == message_status::ok && r.values.empty() && r.skipped == 0) {
      r.status = message_status::ignored;
      if (r.detail.empty()) r.detail = "no mapped data points";
    }
  } catch (const problem& p) {
    r.status = p.status;
    r.detail = p.detail;
    r.values.clear();
    r.multipliers.clear();
  } catch (const std::exception& e) {
    r = parse_result{};
    r.status = message_status::malformed;
    r.detail = std::string("unreadable: ") + e.what();
  } catch (...) {
    r = parse_result{};
    r.status = message_status::malformed;
    r.detail = "unreadable";
  }
  return r;
}

// ---- Acrel -------------------------------------------------------------------------------------

/// Acrel message types that carry no reads (hwprotocol.html's table).
bool acrel_without_reads(const std::string& type) {
  static const char* const types[] = {
      "login",    "time",       "para",       "heart",        "ota",
      "restart",  "control",    "allVersion", "gwConfigInfo", "downlinkConfigInfo",
      "instruct", "metermodel", "topology",   "callmodel",    "event"};
  return std::any_of(std::begin(types), std::end(types),
                     [&type](const char* t) { return type == t; });
}

void acrel_record(const json& rec, const json& top, const std::string& path, std::string_view topic,
                  const parse_options& o, parse_result& out) {
  if (!rec.is_object()) malformed(path, "not a JSON object");
  auto field = [&](const char* key) {
    const json* v = member(rec, key);
    return v != nullptr ? v : member(top, key);
  };
  if (const json* status = field("meterStatus");
      status != nullptr && status->is_string() && status->get<std::string>() == "missing") {
    ++out.skipped;  // the gateway could not reach the meter
    return;
  }
  std::string meter;
  if (const json* sn = field("meterSN")) {
    meter = text_of(*sn, path + ".meterSN");
  } else if (!topic.empty() && !topic_sn(topic).empty()) {
    meter = topic_sn(topic);
  } else {
    malformed(path, "no meterSN and no topic naming the meter");
  }
  if (const json* ch = field("ch")) {
    if (!ch->is_number_integer() || ch->get<std::int64_t>() < 0 || ch->get<std::int64_t>() > 999) {
      malformed(path + ".ch", "not a channel number");
    }
    if (ch->get<std::int64_t>() != 0) meter += "-" + std::to_string(ch->get<std::int64_t>());
  }
  const json* t = field("time");
  if (t == nullptr) malformed(path, "no time");
  const local_time when = acrel_time(*t, path + ".time");
  if (take_fields(rec, o.acrel, path, meter, when, metering::reading_source::acrel_gateway, o,
                  out) == 0) {
    ++out.skipped;
  }
  const json* pt = field("pt");
  const json* ct = field("ct");
  if (pt != nullptr && ct != nullptr) {
    const auto a = ratio_of(*pt);
    const auto b = ratio_of(*ct);
    if (!a || !b) malformed(path, "pt and ct are not positive numbers");
    out.multipliers.push_back({meter, when, multiply<ratio>(*a, *b, rounding::half_up)});
  }
}

}  // namespace

parse_result parse_acrel(std::string_view topic, std::string_view payload,
                         const parse_options& options) noexcept {
  return guarded([&](parse_result& out) {
    const json doc = read_document(payload, options);
    if (!doc.is_object()) malformed("$", "not a JSON object");
    const json* type = member(doc, "type");
    if (type == nullptr) malformed("$", "no type");
    const std::string t = text_of(*type, "$.type");
    if (acrel_without_reads(t)) {
      out.status = message_status::ignored;
      out.detail = "type " + t + " carries no reads";
      return;
    }
    if (t == "data" || t == "hstdata") {
      out.status = message_status::ok;
      const json* records = member(doc, "data");
      if (records != nullptr && records->is_array()) {
        for (std::size_t i = 0; i < records->size(); ++i) {
          acrel_record((*records)[i], doc, "$.data[" + std::to_string(i) + "]", topic, options,
                       out);
        }
      } else {
        acrel_record(doc, doc, "$", topic, options, out);
      }
      return;
    }
    if (t == "transport") {
      const json* frame = member(doc, "data");
      if (frame == nullptr) frame = member(doc, "frame");
      if (frame == nullptr) malformed("$", "no data (the frame as hex)");
      const auto bytes = meters::parse_hex(text_of(*frame, "$.data"));
      if (!bytes || bytes->empty()) malformed("$.data", "not hex bytes");
      const json* tm = member(doc, "time");
      if (tm == nullptr) malformed("$", "no time");
      std::optional<std::string> meter;
      if (const json* sn = member(doc, "meterSN")) meter = text_of(*sn, "$.meterSN");
      auto r = parse_frames(*bytes, acrel_time(*tm, "$.time"), meter, options);
      if (r.status != message_status::ok) throw problem{r.status, "$.data: " + r.detail};
      for (auto& v : r.values) v.source = metering::reading_source::acrel_gateway;
      out = std::move(r);
      return;
    }
    throw problem{message_status::unsupported, "$.type: " + t + " is not an Acrel type read here"};
  });
}

// ---- Neuron ------------------------------------------------------------------------------------

parse_result parse_neuron(std::string_view, std::string_view payload,
                          const parse_options& options) noexcept {
  return guarded([&](parse_result& out) {
    const json doc = read_document(payload, options);
    if (!doc.is_object()) malformed("$", "not a JSON object");
    if (member(doc, "states") != nullptr && member(doc, "values") == nullptr &&
        member(doc, "tags") == nullptr) {
      out.status = message_status::ignored;
      out.detail = "a Neuron heartbeat carries no reads";
      return;
    }
    const json* node = member(doc, "node");
    const char* node_key = "node";
    if (node == nullptr) {
      node = member(doc, "node_name");  // Neuron 2.0
      node_key = "node_name";
    }
    if (node == nullptr) malformed("$", "no node");
    const std::string meter = text_of(*node, std::string("$.") + node_key);
    const json* ts = member(doc, "timestamp");
    if (ts == nullptr) malformed("$", "no timestamp");
    const local_time when = epoch_ms_time(*ts, "$.timestamp", options.utc_offset);
    out.status = message_status::ok;
    auto mapped = [&options](const std::string& name) {
      return std::any_of(options.tags.begin(), options.tags.end(),
                         [&name](const auto& f) { return f.first == name; });
    };
    if (const json* values = member(doc, "values")) {
      if (!values->is_object()) malformed("$.values", "not a JSON object");
      take_fields(*values, options.tags, "$.values", meter, when, metering::reading_source::neuron,
                  options, out);
      if (const json* errors = member(doc, "errors")) {
        if (!errors->is_object()) malformed("$.errors", "not a JSON object");
        for (auto it = errors->begin(); it != errors->end(); ++it) {
          if (mapped(it.key())) ++out.skipped;
        }
      }
      return;
    }
    const json* tags = member(doc, "tags");
    if (tags == nullptr) malformed("$", "neither values nor tags");
    if (!tags->is_array()) malformed("$.tags", "not a JSON array");
    for (std::size_t i = 0; i < tags->size(); ++i) {
      const auto path = "$.tags[" + std::to_string(i) + "]";
      const json& tag = (*tags)[i];
      if (!tag.is_object()) malformed(path, "not a JSON object");
      const json* name = member(tag, "name");
      if (name == nullptr) malformed(path, "no name");
      const std::string n = text_of(*name, path + ".name");
      const auto f = std::find_if(options.tags.begin(), options.tags.end(),
                                  [&n](const auto& x) { return x.first == n; });
      if (f == options.tags.end()) continue;
      if (const json* v = member(tag, "value")) {
        out.values.push_back(make_value(meter, f->second, when,
                                        register_value_of(*v, path + ".value"),
                                        metering::reading_source::neuron, options));
      } else if (member(tag, "error") != nullptr) {
        ++out.skipped;
      } else {
        malformed(path, "neither value nor error");
      }
    }
  });
}

// ---- ThingsBoard -------------------------------------------------------------------------------

namespace {

void thingsboard_entry(const json& e, const std::string& path, const std::string& meter,
                       const parse_options& o, parse_result& out) {
  if (!e.is_object()) malformed(path, "not a JSON object");
  const json* values = member(e, "values");
  const json* ts = member(e, "ts");
  local_time when;
  if (values == nullptr) {
    // device telemetry without a client time: the whole object is the values
    if (ts != nullptr) malformed(path, "ts without values");
    values = &e;
  }
  if (!values->is_object()) malformed(path + ".values", "not a JSON object");
  if (ts != nullptr) {
    when = epoch_ms_time(*ts, path + ".ts", o.utc_offset);
  } else if (o.received) {
    when = *o.received;
  } else {
    malformed(path, "no ts and no time received to stamp it with");
  }
  take_fields(*values, o.tags, values == &e ? path : path + ".values", meter, when,
              metering::reading_source::thingsboard, o, out);
}

}  // namespace

parse_result parse_thingsboard(std::string_view, std::string_view payload,
                               const parse_options& options) noexcept {
  return guarded([&](parse_result& out) {
    const json doc = read_document(payload, options);
    out.status = message_status::ok;
    if (options.device) {
      if (doc.is_array()) {
        for (std::size_t i = 0; i < doc.size(); ++i) {
          thingsboard_entry(doc[i], "$[" + std::to_string(i) + "]", *options.device, options, out);
        }
      } else {
        thingsboard_entry(doc, "$", *options.device, options, out);
      }
      return;
    }
    if (!doc.is_object()) malformed("$", "not gateway telemetry (an object of devices)");
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      const std::string path = "$." + it.key();
      if (it.key().empty()) malformed(path, "an empty device name");
      if (!it.value().is_array()) {
        malformed(path, "not gateway telemetry (each device has an array of {ts, values})");
      }
      for (std::size_t i = 0; i < it.value().size(); ++i) {
        const json& e = it.value()[i];
        const auto p = path + "[" + std::to_string(i) + "]";
        if (!e.is_object() || member(e, "values") == nullptr) malformed(p, "no values");
        thingsboard_entry(e, p, it.key(), options, out);
      }
    }
  });
}

parse_result parse_message(message_format format, std::string_view topic, std::string_view payload,
                           const parse_options& options) noexcept {
  switch (format) {
    case message_format::acrel:
      return parse_acrel(topic, payload, options);
    case message_format::neuron:
      return parse_neuron(topic, payload, options);
    case message_format::thingsboard:
      return parse_thingsboard(topic, payload, options);
  }
  parse_result r;
  r.detail = "unknown format";
  return r;
}

// ---- frames ------------------------------------------------------------------------------------

namespace {

void reading_values(const meters::meter_reading& m, const std::string& meter, local_time t,
                    metering::reading_source source, const parse_options& o, parse_result& out) {
  if (!m.total) throw problem{message_status::unsupported, "the frames carry no total register"};
  out.values.push_back(make_value(meter, 0, t, *m.total, source, o));
  for (int n = 1; n <= meters::max_rates; ++n) {
    if (const auto v = m.rate(n)) out.values.push_back(make_value(meter, n, t, *v, source, o));
  }
  if (m.multiplier != ratio::from_integer(1)) out.multipliers.push_back({meter, t, m.multiplier});
}

void dlt645_frames(const std::vector<std::uint8_t>& bytes, local_time t,
                   const std::optional<std::string>& meter, const parse_options& o,
                   parse_result& out) {
  namespace dlt = meters::dlt645;
  dlt::scanner scanner;
  scanner.feed(meters::byte_span{bytes.data(), bytes.size()});
  meters::meter_reading m;
  std::optional<std::string> address;
  std::size_t frames = 0;
  for (;;) {
    const auto r = scanner.next();
    if (r.status == decode_status::need_more) break;
    if (!r.ok()) continue;  // noise, a bad checksum: the scanner resynchronises
    ++frames;
    auto rr = dlt::decode_read_response(*r.value, dlt::edition::v2007);
    if (!rr.ok()) rr = dlt::decode_read_response(*r.value, dlt::edition::v1997);
    if (!rr.ok()) {
      throw problem{message_status::unsupported, "frame " + std::to_string(frames) +
                                                     " is not a read reply (" +
                                                     std::string(to_string(rr.status)) + ")"};
    }
    const auto here = rr.value->address.to_string();
    if (address && *address != here) {
      throw problem{message_status::malformed, "frames of two meters in one capture"};
    }
    address = here;
    if (rr.value->error) {
      ++out.skipped;  // the meter answered that it lacks the item
      continue;
    }
    const auto s = dlt::merge_into(m, *rr.value);
    if (s != decode_status::ok) {
      throw problem{message_status::unsupported, "frame " + std::to_string(frames) +
                                                     " is not an energy reply (" +
                                                     std::string(to_string(s)) + ")"};
    }
  }
  if (frames == 0) throw problem{message_status::malformed, "no DL/T 645 frame"};
  if (!m.total && out.skipped > 0) return;
  reading_values(m, meter ? *meter : *address, t, metering::reading_source::dlt645, o, out);
}

void modbus_frame(const std::vector<std::uint8_t>& bytes, local_time t,
                  const std::optional<std::string>& meter, const parse_options& o,
                  parse_result& out) {
  namespace mb = meters::modbus;
  const auto r = mb::decode_rtu_response(meters::byte_span{bytes.data(), bytes.size()});
  if (!r.ok()) {
    throw problem{message_status::malformed, "neither DL/T 645 nor a Modbus RTU reply (" +
                                                 std::string(to_string(r.status)) + ")"};
  }
  if (!o.modbus_map) {
    throw problem{message_status::unsupported, "a Modbus RTU reply needs a register map"};
  }
  if (!meter) throw problem{message_status::malformed, "a Modbus RTU reply needs a meter id"};
  const auto* regs = std::get_if<mb::registers_response>(&r.value->pdu);
  if (regs == nullptr) throw problem{message_status::unsupported, "not a register reply"};
  std::uint16_t first = 0xFFFF;
  for (const auto& e : o.modbus_map->registers) {
    if (e.role != mb::reading_role::none) first = std::min(first, e.address);
  }
  const auto m =
      mb::decode_reading(*o.modbus_map, first, regs->registers.data(), regs->registers.size());
  if (!m.ok()) {
    throw problem{message_status::malformed, "the registers do not decode by the map (" +
                                                 std::string(to_string(m.status)) + ")"};
  }
  reading_values(*m.value, *meter, t, metering::reading_source::modbus, o, out);
}

}  // namespace

parse_result parse_frames(const std::vector<std::uint8_t>& bytes, local_time time,
                          const std::optional<std::string>& meter,
                          const parse_options& options) noexcept {
  return guarded([&](parse_result& out) {
    out.status = message_status::ok;
    if (bytes.empty()) throw problem{message_status::malformed, "no bytes"};
    if (bytes[0] == meters::dlt645::preamble_byte || bytes[0] == meters::dlt645::start_byte) {
      dlt645_frames(bytes, time, meter, options, out);
    } else {
      modbus_frame(bytes, time, meter, options, out);
    }
  });
}

}  // namespace submeter::ingest
