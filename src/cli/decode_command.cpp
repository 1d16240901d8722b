// `submeter decode dlt645|cjt188|modbus <hex>`: one frame, decoded by the pure codecs of
// submeter::meters, printed as JSON (decimal values as exact strings). A frame the codec refuses
// is an error naming the decoder's status (bad_checksum, bad_end, …); so is text that is not hex.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/meter_maps.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/cjt188.hpp"
#include "submeter/meters/dlt645.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/modbus.hpp"

namespace submeter::cli {
namespace {

using json = nlohmann::ordered_json;
namespace dlt = meters::dlt645;
namespace cj = meters::cjt188;
namespace mb = meters::modbus;

std::string hex8(unsigned v) {
  const std::uint8_t b = static_cast<std::uint8_t>(v & 0xFFu);
  return meters::to_hex(std::vector<std::uint8_t>{b}, '\0');
}

std::string hex16(unsigned v) {
  return meters::to_hex(std::vector<std::uint8_t>{static_cast<std::uint8_t>((v >> 8) & 0xFFu),
                                                  static_cast<std::uint8_t>(v & 0xFFu)},
                        '\0');
}

std::string hex32(std::uint32_t v) { return hex16(v >> 16) + hex16(v & 0xFFFFu); }

/// The bytes of `text`, or errc::parse naming the problem.
std::vector<std::uint8_t> bytes_of(const std::string& text) {
  auto bytes = meters::parse_hex(text);
  if (!bytes) {
    throw error(errc::parse, "bad_hex: not hex bytes (pairs of 0-9 A-F, separated or not)",
                {{"text", text.size() > 60 ? text.substr(0, 60) + "…" : text}});
  }
  if (bytes->empty()) throw error(errc::parse, "bad_hex: no bytes given");
  return *bytes;
}

/// Refuses a frame the decoder did not accept, naming its status.
[[noreturn]] void refuse(const char* what, decode_status s, std::size_t size) {
  const std::string status(to_string(s));
  const std::string why = s == decode_status::need_more ? "incomplete " : "refused ";
  throw error(errc::parse, status + ": " + why + what, {{"bytes", std::to_string(size)}});
}

void refuse_trailing(const char* what, std::size_t consumed, std::size_t size) {
  if (consumed < size) {
    throw error(errc::parse, std::string("trailing_bytes: bytes after the ") + what,
                {{"frame_bytes", std::to_string(consumed)},
                 {"extra_bytes", std::to_string(size - consumed)}});
  }
}

json item_value_json(const dlt::item_value& v) {
  switch (v.kind) {
    case dlt::value_kind::number:
      return v.number.to_string();
    case dlt::value_kind::text:
    case dlt::value_kind::clock:
      return v.to_string();
    case dlt::value_kind::absent:
      break;
  }
  return nullptr;
}

std::string function_name_1997(std::uint8_t fn) {
  switch (fn) {
    case 0x01:
      return "read";
    case 0x02:
      return "read_follow_up";
    case 0x03:
      return "reread";
    case 0x04:
      return "write";
    case 0x08:
      return "broadcast_time";
    case 0x0A:
      return "write_address";
    case 0x0C:
      return "change_baud";
    case 0x0F:
      return "change_password";
    case 0x10:
      return "clear_max_demand";
    default:
      return "unknown";
  }
}

// ---- DL/T 645 --------------------------------------------------------------------------------

std::string decode_dlt645(const std::string& hex, const std::string& edition_option) {
  const auto bytes = bytes_of(hex);
  const auto f = dlt::decode(bytes);
  if (!f) refuse("DL/T 645 frame", f.status, bytes.size());
  refuse_trailing("DL/T 645 frame", f.consumed, bytes.size());
  const dlt::frame& fr = *f.value;
  const auto cls = dlt::classify_edition(fr);
  if (cls == dlt::frame_edition::mixed) {
    throw error(errc::parse, "unsupported: a 2007 read with a 1997 (2-byte) DI; refused",
                {{"control", hex8(fr.control.code)}});
  }
  dlt::edition ed = cls == dlt::frame_edition::v1997 ? dlt::edition::v1997 : dlt::edition::v2007;
  if (edition_option == "1997") ed = dlt::edition::v1997;
  if (edition_option == "2007") ed = dlt::edition::v2007;
  const auto fn = fr.control.function_code();

  json j;
  j["protocol"] = "dlt645";
  j["edition"] = ed == dlt::edition::v2007 ? "2007" : "1997";
  j["preamble"] = fr.preamble;
  j["address"] = fr.address.to_string();
  j["control"] = hex8(fr.control.code);
  j["function"] =
      ed == dlt::edition::v2007 ? std::string(dlt::function_name(fn)) : function_name_1997(fn);
  j["direction"] = fr.control.is_reply() ? "reply" : "request";
  j["abnormal"] = fr.control.is_abnormal();
  j["follow_up"] = fr.control.has_follow_up();
  j["length"] = fr.length;
  j["data"] = meters::to_hex(fr.payload());

  const bool read_fn =
      ed == dlt::edition::v2007 ? (fn == 0x11 || fn == 0x12) : (fn == 0x01 || fn == 0x02);
  if (read_fn && fr.control.is_reply()) {
    const auto r = dlt::decode_read_response(fr, ed);
    if (!r) refuse("DL/T 645 read reply", r.status, bytes.size());
    const auto& rr = *r.value;
    if (rr.error) {
      json e;
      e["bits"] = hex8(rr.error->bits);
      e["names"] = rr.error->names();
      e["not_supported"] = rr.not_supported();
      j["error_word"] = e;
    } else {
      j["di"] = ed == dlt::edition::v2007 ? hex32(rr.di) : hex16(rr.di);
      if (rr.entry != nullptr) {
        j["item"] = std::string(rr.entry->name);
        if (!rr.entry->unit.empty()) j["unit"] = std::string(rr.entry->unit);
      }
      if (rr.sequence) j["sequence"] = *rr.sequence;
      json values = json::array();
      for (const auto& v : rr.values) values.push_back(item_value_json(v));
      j["values"] = values;
      if (rr.entry == nullptr || rr.values.empty()) j["item_data"] = meters::to_hex(rr.raw);
      if (const auto reading = dlt::to_reading(rr)) j["reading"] = reading_json(*reading.value);
    }
  } else if (read_fn && fr.length >= (ed == dlt::edition::v2007 ? 4 : 2)) {
    const std::size_t n = ed == dlt::edition::v2007 ? 4 : 2;
    std::uint32_t di = 0;
    for (std::size_t i = n; i-- > 0;) di = di << 8 | fr.data[i];
    j["di"] = n == 4 ? hex32(di) : hex16(di);
    if (const auto* e = dlt::find_di(di, ed)) j["item"] = std::string(e->name);
  }
  return j.dump(2) + "\n";
}

// ---- CJ/T 188 --------------------------------------------------------------------------------

json measured_json(const cj::measured& m) {
  json j;
  j["value"] = m.value ? json(m.value->to_string()) : json(nullptr);
  j["unit_code"] = hex8(m.unit);
  j["unit"] = std::string(cj::unit_symbol(m.unit));
  return j;
}

json optional_value(const std::optional<meters::scaled_value>& v) {
  return v ? json(v->to_string()) : json(nullptr);
}

json status_json(const cj::meter_status& s) {
  json j;
  switch (s.valve) {
    case cj::valve_state::open:
      j["valve"] = "open";
      break;
    case cj::valve_state::closed:
      j["valve"] = "closed";
      break;
    case cj::valve_state::abnormal:
      j["valve"] = "abnormal";
      break;
    default:
      j["valve"] = "unknown";
      break;
  }
  j["battery_low"] = s.battery_low;
  j["raw"] = hex8(s.raw[0]) + " " + hex8(s.raw[1]);
  return j;
}

json clock_json(const meters::clock_value& c) {
  return c.ok() ? json(c.to_string()) : json(nullptr);
}

std::string decode_cjt188(const std::string& hex, const std::string& profile_name) {
  const auto* profile = cj::find_profile(profile_name);
  if (profile == nullptr) {
    throw error(errc::not_found, "unknown CJ/T 188 profile",
                {{"profile", profile_name}, {"known", "cjt188-2004 cjt188-2018 sc-water jy-heat"}});
  }
  const auto bytes = bytes_of(hex);
  const auto f = cj::decode(bytes);
  if (!f) refuse("CJ/T 188 frame", f.status, bytes.size());
  refuse_trailing("CJ/T 188 frame", f.consumed, bytes.size());
  const cj::frame& fr = *f.value;
  json j;
  j["protocol"] = "cjt188";
  j["profile"] = std::string(profile->name);
  j["preamble"] = fr.preamble;
  j["meter_type"] = hex8(fr.meter_type);
  switch (cj::family_of(fr.meter_type)) {
    case cj::meter_family::water:
      j["family"] = "water";
      break;
    case cj::meter_family::heat:
      j["family"] = "heat";
      break;
    case cj::meter_family::gas:
      j["family"] = "gas";
      break;
    case cj::meter_family::other:
      j["family"] = "other";
      break;
  }
  j["address"] = fr.address.to_string();
  j["meter_number"] = fr.address.meter_number();
  j["manufacturer_code"] = fr.address.manufacturer_code();
  j["control"] = hex8(fr.control.code);
  j["function"] = hex8(fr.control.function_code());
  j["direction"] = fr.control.is_reply() ? "reply" : "request";
  j["abnormal"] = fr.control.is_abnormal();
  j["length"] = fr.length;
  j["data"] = meters::to_hex(fr.payload());
  if (fr.length >= 3 && !fr.control.is_abnormal()) {
    const auto m = cj::decode_message(fr, *profile);
    if (m) {
      j["di"] = cj::di_to_string(m.value->di);
      j["ser"] = hex8(m.value->ser);
      const bool metering = fr.control.is_reply() && cj::is_metering_di(m.value->di);
      if (metering && cj::family_of(fr.meter_type) == cj::meter_family::heat) {
        const auto h = cj::decode_heat_reply(fr, *profile);
        if (!h) refuse("CJ/T 188 heat meter reply", h.status, bytes.size());
        json d;
        d["settlement_heat"] = measured_json(h.value->settlement_heat);
        d["current_heat"] = measured_json(h.value->current_heat);
        d["heat_power"] = measured_json(h.value->heat_power);
        d["flow_rate"] = measured_json(h.value->flow_rate);
        d["cumulative_flow"] = measured_json(h.value->cumulative_flow);
        d["supply_temperature"] = optional_value(h.value->supply_temperature);
        d["return_temperature"] = optional_value(h.value->return_temperature);
        d["working_hours"] = optional_value(h.value->working_hours);
        d["time"] = clock_json(h.value->time);
        d["status"] = status_json(h.value->status);
        j["heat"] = d;
      } else if (metering) {
        const auto w = cj::decode_water_reply(fr, *profile);
        if (!w) refuse("CJ/T 188 water/gas meter reply", w.status, bytes.size());
        json d;
        d["current_flow"] = measured_json(w.value->current_flow);
        d["settlement_flow"] = measured_json(w.value->settlement_flow);
        d["time"] = clock_json(w.value->time);
        d["status"] = status_json(w.value->status);
        j["water"] = d;
      }
    }
  }
  return j.dump(2) + "\n";
}

// ---- Modbus ----------------------------------------------------------------------------------

std::string exception_name(std::uint8_t code) {
  switch (code) {
    case 1:
      return "illegal_function";
    case 2:
      return "illegal_data_address";
    case 3:
      return "illegal_data_value";
    case 4:
      return "server_device_failure";
    case 5:
      return "acknowledge";
    case 6:
      return "server_device_busy";
    default:
      return "unknown";
  }
}

json registers_json(const std::vector<std::uint16_t>& regs) {
  json a = json::array();
  for (const auto r : regs) a.push_back(hex16(r));
  return a;
}

json request_json(const mb::request& r) {
  json j;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, mb::read_request>) {
          j["function"] = hex8(p.function);
          j["start"] = p.start;
          j["quantity"] = p.quantity;
        } else if constexpr (std::is_same_v<T, mb::write_single>) {
          j["function"] = hex8(p.function);
          j["address"] = p.address;
          j["value"] = hex16(p.value);
        } else if constexpr (std::is_same_v<T, mb::write_registers_request>) {
          j["function"] = "10";
          j["start"] = p.start;
          j["values"] = registers_json(p.values);
        } else {
          j["function"] = "17";
          j["read_start"] = p.read_start;
          j["read_quantity"] = p.read_quantity;
          j["write_start"] = p.write_start;
          j["values"] = registers_json(p.values);
        }
      },
      r);
  return j;
}

struct map_option {
  std::string map;
  int start = -1;
  std::string pt_ct = "1";
};

json response_json(const mb::response& r, const map_option& m) {
  json j;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, mb::registers_response>) {
          j["function"] = hex8(p.function);
          j["registers"] = registers_json(p.registers);
          if (!m.map.empty()) {
            if (m.start < 0) {
              throw error(errc::invalid_argument,
                          "--map needs --start (the first register's "
                          "0-based PDU address)");
            }
            const auto map = load_map(m.map);
            const auto first = static_cast<std::uint16_t>(m.start);
            const auto block = mb::decode_block(map, first, p.registers.data(), p.registers.size());
            if (!block) refuse("register block", block.status, p.registers.size());
            const auto pt_ct = ratio::parse(m.pt_ct);
            json values = json::array();
            for (const auto& d : *block.value) {
              json v;
              v["name"] = d.entry->name;
              v["address"] = d.entry->address;
              v["value"] = d.value.to_string();
              if (!d.entry->unit.empty()) v["unit"] = d.entry->unit;
              if (d.entry->transformer_scaled) {
                if (const auto pv = mb::primary_value(*d.entry, d.value, pt_ct))
                  v["primary_value"] = pv->to_string();
              }
              values.push_back(v);
            }
            j["map"] = map.model;
            j["values"] = values;
            const auto reading =
                mb::decode_reading(map, first, p.registers.data(), p.registers.size(), pt_ct);
            if (reading) j["reading"] = reading_json(*reading.value);
          }
        } else if constexpr (std::is_same_v<T, mb::bits_response>) {
          j["function"] = hex8(p.function);
          j["bytes"] = meters::to_hex(p.bytes);
        } else if constexpr (std::is_same_v<T, mb::write_single>) {
          j["function"] = hex8(p.function);
          j["address"] = p.address;
          j["value"] = hex16(p.value);
        } else if constexpr (std::is_same_v<T, mb::write_multiple_response>) {
          j["function"] = hex8(p.function);
          j["start"] = p.start;
          j["quantity"] = p.quantity;
        } else {
          j["function"] = hex8(p.function | 0x80u);
          j["exception"] = {
              {"function", hex8(p.function)}, {"code", p.code}, {"name", exception_name(p.code)}};
        }
      },
      r);
  return j;
}

/// "response", or "request_or_echo" for FC 05/06, whose reply echoes the request byte for byte
/// (unless --request or --response says which).
std::string direction_of(const mb::response& r) {
  return std::holds_alternative<mb::write_single>(r) ? "request_or_echo" : "response";
}

struct modbus_options {
  bool rtu = false;
  bool tcp = false;
  bool request = false;
  bool response = false;
  map_option map;
};

std::string decode_modbus(const std::string& hex, const modbus_options& o) {
  const auto bytes = bytes_of(hex);
  const bool try_rtu = o.rtu || !o.tcp;
  const bool try_tcp = o.tcp || !o.rtu;
  const bool try_response = o.response || !o.request;
  const bool try_request = o.request || !o.response;
  // Candidates in order of preference; the first that decodes the whole input wins. When none
  // does, the error is the status of the most specific framing asked for (RTU first).
  std::optional<decode_status> first_failure;
  const auto note = [&](decode_status s) {
    if (!first_failure) first_failure = s == decode_status::ok ? decode_status::bad_length : s;
  };
  json j;
  j["protocol"] = "modbus";
  if (try_rtu) {
    if (try_response) {
      const auto r = mb::decode_rtu_response(bytes);
      if (r && r.consumed == bytes.size()) {
        j["framing"] = "rtu";
        j["slave"] = r.value->slave;
        j["direction"] = o.response ? "response" : direction_of(r.value->pdu);
        j["crc"] = meters::to_hex(meters::byte_span(bytes).subspan(bytes.size() - 2));
        j["pdu"] = response_json(r.value->pdu, o.map);
        return j.dump(2) + "\n";
      }
      note(r.status);
    }
    if (try_request) {
      const auto r = mb::decode_rtu_request(bytes);
      if (r && r.consumed == bytes.size()) {
        j["framing"] = "rtu";
        j["slave"] = r.value->slave;
        j["direction"] = "request";
        j["crc"] = meters::to_hex(meters::byte_span(bytes).subspan(bytes.size() - 2));
        j["pdu"] = request_json(r.value->pdu);
        return j.dump(2) + "\n";
      }
      note(r.status);
    }
  }
  if (try_tcp) {
    const auto mbap = [&](const mb::mbap_header& h) {
      j["framing"] = "tcp";
      j["transaction"] = h.transaction;
      j["unit"] = h.unit;
    };
    if (try_response) {
      const auto r = mb::decode_tcp_response(bytes);
      if (r && r.consumed == bytes.size()) {
        mbap(r.value->header);
        j["direction"] = o.response ? "response" : direction_of(r.value->pdu);
        j["pdu"] = response_json(r.value->pdu, o.map);
        return j.dump(2) + "\n";
      }
      note(r.status);
    }
    if (try_request) {
      const auto r = mb::decode_tcp_request(bytes);
      if (r && r.consumed == bytes.size()) {
        mbap(r.value->header);
        j["direction"] = "request";
        j["pdu"] = request_json(r.value->pdu);
        return j.dump(2) + "\n";
      }
      note(r.status);
    }
  }
  const char* what = o.rtu ? "Modbus RTU frame" : o.tcp ? "Modbus TCP frame" : "Modbus frame";
  refuse(what, first_failure.value_or(decode_status::bad_length), bytes.size());
}

}  // namespace

command add_decode_command(CLI::App& app) {
  auto* decode = app.add_subcommand("decode", "Decode one meter frame (hex) and print it as JSON");
  decode->require_subcommand(1);

  // Options live as long as the app: the action runs after parsing.
  struct state {
    std::string hex;
    std::string edition = "auto";
    std::string cj_hex;
    std::string profile = "cjt188-2004";
    std::string mb_hex;
    modbus_options modbus;
  };
  auto s = std::make_shared<state>();

  auto* d645 = decode->add_subcommand("dlt645", "A DL/T 645-2007 or -1997 frame");
  d645->add_option("hex", s->hex, "The frame as hex (\"68 AA … 16\"; spaces optional)")->required();
  d645->add_option("--edition", s->edition, "Edition of the DI (auto: from the control code)")
      ->check(CLI::IsMember({"auto", "2007", "1997"}))
      ->capture_default_str();

  auto* d188 = decode->add_subcommand("cjt188", "A CJ/T 188 (water, heat, gas meter) frame");
  d188->add_option("hex", s->cj_hex, "The frame as hex")->required();
  d188->add_option("--profile", s->profile,
                   "Vendor profile: cjt188-2004, cjt188-2018, sc-water, jy-heat")
      ->capture_default_str();

  auto* dmb = decode->add_subcommand("modbus", "A Modbus RTU or TCP (ADU) frame");
  dmb->add_option("hex", s->mb_hex, "The frame as hex")->required();
  auto* rtu = dmb->add_flag("--rtu", s->modbus.rtu, "RTU framing (slave, PDU, CRC)");
  auto* tcp = dmb->add_flag("--tcp", s->modbus.tcp, "TCP framing (MBAP header, PDU)");
  rtu->excludes(tcp);
  auto* req = dmb->add_flag("--request", s->modbus.request, "Decode as a request");
  auto* resp = dmb->add_flag("--response", s->modbus.response, "Decode as a response");
  req->excludes(resp);
  auto* map = dmb->add_option("--map", s->modbus.map.map,
                              "Decode a register read reply with this map (built-in name or JSON "
                              "map file)");
  dmb->add_option("--start", s->modbus.map.start,
                  "0-based PDU address of the first register of the reply (with --map)")
      ->check(CLI::Range(0, 65535))
      ->needs(map);
  dmb->add_option("--pt-ct", s->modbus.map.pt_ct, "PT × CT multiplier (with --map)")
      ->needs(map)
      ->capture_default_str();

  return {decode, [s, d645, d188, dmb]() -> std::string {
            if (*d645) return decode_dlt645(s->hex, s->edition);
            if (*d188) return decode_cjt188(s->cj_hex, s->profile);
            (void)dmb;
            return decode_modbus(s->mb_hex, s->modbus);
          }};
}

}  // namespace submeter::cli
