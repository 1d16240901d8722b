// `submeter decode modbus <hex>`: a Modbus RTU or TCP (ADU) frame, decoded by
// submeter::meters::modbus and printed as JSON; a register read reply, with --map, also as the
// map's values and a reading.
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "cli/decode.hpp"
#include "cli/meter_maps.hpp"
#include "submeter/meters/modbus.hpp"

namespace submeter::cli::decode {
namespace {

namespace mb = meters::modbus;

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

void add_modbus(CLI::App& parent, context& ctx) {
  struct options {
    std::string hex;
    modbus_options modbus;
  };
  auto o = std::make_shared<options>();
  auto* sub = parent.add_subcommand("modbus", "A Modbus RTU or TCP (ADU) frame");
  sub->add_option("hex", o->hex, "The frame as hex")->required();
  auto* rtu = sub->add_flag("--rtu", o->modbus.rtu, "RTU framing (slave, PDU, CRC)");
  auto* tcp = sub->add_flag("--tcp", o->modbus.tcp, "TCP framing (MBAP header, PDU)");
  rtu->excludes(tcp);
  auto* req = sub->add_flag("--request", o->modbus.request, "Decode as a request");
  auto* resp = sub->add_flag("--response", o->modbus.response, "Decode as a response");
  req->excludes(resp);
  auto* map = sub->add_option("--map", o->modbus.map.map,
                              "Decode a register read reply with this map (built-in name or JSON "
                              "map file)");
  sub->add_option("--start", o->modbus.map.start,
                  "0-based PDU address of the first register of the reply (with --map)")
      ->check(CLI::Range(0, 65535))
      ->needs(map);
  sub->add_option("--pt-ct", o->modbus.map.pt_ct, "PT × CT multiplier (with --map)")
      ->needs(map)
      ->capture_default_str();
  ctx.add(*sub, [o](std::ostream& out) { out << decode_modbus(o->hex, o->modbus); });
}

}  // namespace submeter::cli::decode
