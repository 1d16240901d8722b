// `submeter read modbus <endpoint> --map M --unit N`: reads a meter's mapped registers through
// submeter::modbus (libmodbus) and prints the reading and the decoded values. Built only when the
// transport is. A link failure (timeout, refused connection, Modbus exception) is reported on
// stderr with its name and exit status 2; nothing goes to stdout.
#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/meter_maps.hpp"
#include "submeter/core/error.hpp"
#include "submeter/meters/transport/modbus_client.hpp"

namespace submeter::cli {
namespace {

namespace tr = meters::transport;
using json = nlohmann::ordered_json;

struct read_options {
  std::string endpoint;
  std::string map;
  int unit = 1;
  std::string pt_ct = "1";
  int timeout_ms = 1000;
  int retries = 1;
  std::string format = "text";
};

std::string read_modbus(const read_options& o) {
  const auto ep = tr::parse_endpoint(o.endpoint);
  const auto map = load_map(o.map);
  const auto pt_ct = ratio::parse(o.pt_ct);
  tr::link_options link;
  link.response_timeout = std::chrono::milliseconds(o.timeout_ms);
  link.byte_timeout = std::chrono::milliseconds(o.timeout_ms);
  link.retries = o.retries;
  auto client =
      ep.tcp ? tr::modbus_client::tcp(ep.net, link) : tr::modbus_client::rtu(ep.serial, link);
  const auto m = client.read_map(static_cast<std::uint8_t>(o.unit), map, pt_ct);
  if (!m.link.ok()) {
    std::string text = std::string(tr::to_string(m.link.error)) + ": ";
    switch (m.link.error) {
      case tr::link_error::timeout:
        text += "no answer from unit " + std::to_string(o.unit);
        break;
      case tr::link_error::exception:
        text += "unit " + std::to_string(o.unit) + " answered with Modbus exception " +
                std::to_string(m.link.exception_code);
        break;
      case tr::link_error::connect_failed:
        text += "cannot connect";
        break;
      default:
        text += "read failed";
        break;
    }
    text += " [endpoint=" + o.endpoint + ", map=" + map.model +
            ", attempts=" + std::to_string(m.link.attempts);
    if (!m.link.message.empty()) text += ", detail=" + m.link.message;
    text += "]";
    throw command_failure(exit_link_failure, text);
  }
  if (m.status != decode_status::ok) {
    throw error(errc::parse,
                std::string(to_string(m.status)) + ": the registers read do not decode by the map",
                {{"endpoint", o.endpoint}, {"map", map.model}});
  }
  if (o.format == "json") {
    json j;
    j["endpoint"] = o.endpoint;
    j["unit"] = o.unit;
    j["map"] = map.model;
    j["attempts"] = m.link.attempts;
    j["reading"] = reading_json(m.reading);
    if (const auto p = m.reading.primary_total(rounding::half_up)) {
      j["reading"]["primary_total"] = p->to_string(2);
    }
    json values = json::array();
    for (const auto& [name, value] : m.values) {
      json v;
      v["name"] = name;
      v["value"] = value.to_string();
      if (const auto* e = map.find(name); e != nullptr && !e->unit.empty()) v["unit"] = e->unit;
      values.push_back(v);
    }
    j["values"] = values;
    return j.dump(2) + "\n";
  }
  std::string text =
      "meter: " + map.model + ", unit " + std::to_string(o.unit) + " at " + o.endpoint + "\n";
  text += "total: " + (m.reading.total ? m.reading.total->to_string(2) + " kWh" : "absent") + "\n";
  for (int n = 1; n <= meters::max_rates; ++n) {
    if (const auto v = m.reading.rate(n)) {
      text += "T" + std::to_string(n) + " " + metering::register_name(n) + ": " + v->to_string(2) +
              " kWh\n";
    }
  }
  text += "multiplier (PT x CT): " + m.reading.multiplier.to_string(0) + "\n";
  if (const auto p = m.reading.primary_total(rounding::half_up)) {
    text += "primary total: " + p->to_string(2) + " kWh\n";
  }
  for (const auto& [name, value] : m.values) {
    const auto* e = map.find(name);
    text += name + " = " + value.to_string();
    if (e != nullptr && !e->unit.empty()) text += " " + e->unit;
    text += "\n";
  }
  return text;
}

}  // namespace

void add_read_command(CLI::App& app, context& ctx) {
  auto* read = app.add_subcommand("read", "Read a meter over its transport and print a reading");
  read->require_subcommand(1);
  auto o = std::make_shared<read_options>();
  auto* modbus = read->add_subcommand("modbus", "Read a Modbus meter's mapped registers");
  modbus
      ->add_option("endpoint", o->endpoint,
                   "tcp://HOST:PORT or rtu:///dev/ttyUSB0?baud=9600&parity=E")
      ->required();
  modbus->add_option("--map", o->map, "Built-in map name (acrel-ddsy1352, …) or a JSON map file")
      ->required();
  modbus->add_option("--unit", o->unit, "Modbus unit (slave) id")
      ->check(CLI::Range(0, 247))
      ->capture_default_str();
  modbus->add_option("--pt-ct", o->pt_ct, "PT × CT multiplier of the meter")->capture_default_str();
  modbus->add_option("--timeout-ms", o->timeout_ms, "Response timeout, ms")
      ->check(CLI::Range(1, 60000))
      ->capture_default_str();
  modbus->add_option("--retries", o->retries, "Extra attempts after a timeout or CRC error")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  modbus->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  ctx.add(*modbus, [o](std::ostream& out) { out << read_modbus(*o); });
}

}  // namespace submeter::cli
