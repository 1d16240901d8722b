// `submeter read dlt645 <endpoint> --address A [--store DB --meter ID]`: a DL/T 645-2007 meter's
// forward active energy (0001FF00: total and T1..T4; the registers one by one when the meter
// lacks the block) through a transparent TCP gateway or a serial line (stream_link), printed as
// `read modbus` prints, and appended to the readings store with --store. Link failures exit 2.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/meter_maps.hpp"
#include "cli/read_store.hpp"
#include "cli/readings_db.hpp"
#include "store/open_store.hpp"
#include "submeter/core/error.hpp"
#include "submeter/meters/dlt645/data_identifier.hpp"
#include "submeter/meters/dlt645/frame.hpp"
#include "submeter/meters/dlt645/read_response.hpp"
#include "submeter/meters/dlt645/reading.hpp"
#include "submeter/meters/dlt645/request.hpp"
#include "submeter/meters/transport/stream_link.hpp"

namespace submeter::cli {

void add_read_store_options(CLI::App* sub, read_store_options& o) {
  sub->add_option("--store", o.store,
                  "Append the reading to this readings store (SQLite file or postgresql:// URI)");
  sub->add_option("--meter", o.meter, "The meter id the reading is stored under");
  sub->add_option("--utc-offset", o.utc_offset, "Local civil time's offset from UTC")
      ->capture_default_str();
}

std::string store_read(const read_store_options& o, const meters::meter_reading& r,
                       const std::string& default_meter, metering::reading_source source) {
  if (o.store.empty()) return {};
  if (o.meter.empty() && default_meter.empty()) {
    throw error(errc::invalid_argument,
                "--store needs --meter: the id the reading is stored under");
  }
  if (!r.total) {
    throw error(errc::invalid_argument, "the meter sent no total register: nothing to store",
                {{"meter", o.meter.empty() ? default_meter : o.meter}});
  }
  const auto now = local_now(parse_utc_offset(o.utc_offset));
  metering::reading reading;
  reading.meter_id = o.meter.empty() ? default_meter : o.meter;
  reading.registers.time = now;
  reading.registers.total = *r.total;
  for (int n = 1; n <= meters::max_rates; ++n) {
    reading.registers.rates[static_cast<std::size_t>(n - 1)] = r.rate(n);
  }
  reading.received = now;
  reading.source = source;
  const auto values = metering::register_values(reading);
  const auto s = store::open_readings_store(o.store);
  const auto a = s->append(values);
  return "stored in " + o.store + ": " + std::to_string(values.size()) + " reads of meter " +
         reading.meter_id + " at " + local_interval::format(now) + " (stored " +
         std::to_string(a.inserted) + ", duplicates " + std::to_string(a.duplicates) +
         ", conflicts " + std::to_string(a.conflicts) + ")\n";
}

namespace {

namespace tr = meters::transport;
namespace dlt = meters::dlt645;
using json = nlohmann::ordered_json;

struct dlt645_read_options {
  std::string endpoint;
  std::string address;
  std::string pt_ct = "1";
  int timeout_ms = 1000;
  int retries = 1;
  std::string format = "text";
  read_store_options store;
};

/// One read request; the decoded reply, or nullopt when the meter lacks the item.
std::optional<dlt::read_response> read_item(tr::stream_link& link, const dlt::address& a,
                                            std::uint32_t di, const std::string& endpoint) {
  const auto r = tr::exchange<dlt::frame_codec>(link, dlt::read(a, di));
  if (!r.ok()) {
    throw command_failure(exit_link_failure, std::string(tr::to_string(r.error)) + ": " +
                                                 r.message + " [endpoint=" + endpoint +
                                                 ", address=" + a.to_string() +
                                                 ", di=" + dlt::di_to_string(di) +
                                                 ", attempts=" + std::to_string(r.attempts) + "]");
  }
  const auto d = dlt::decode_read_response(*r.frame);
  if (!d) {
    throw command_failure(exit_link_failure, "bad_reply: " + std::string(to_string(d.status)) +
                                                 " [endpoint=" + endpoint +
                                                 ", di=" + dlt::di_to_string(di) + "]");
  }
  if (d.value->not_supported()) return std::nullopt;
  if (d.value->error) {
    throw command_failure(exit_link_failure, "refused: the meter answered the read of " +
                                                 dlt::di_to_string(di) +
                                                 " with an error [endpoint=" + endpoint + "]");
  }
  return *d.value;
}

std::string read_dlt645(const dlt645_read_options& o) {
  const auto a = dlt::address::parse(o.address);
  if (!a || a->is_broadcast()) {
    throw error(errc::parse, "not a meter address (up to 12 digits, AAAAAAAAAAAA for any)",
                {{"address", o.address.substr(0, 40)}});
  }
  const auto pt_ct = ratio::parse(o.pt_ct);
  tr::link_options l;
  l.response_timeout = std::chrono::milliseconds(o.timeout_ms);
  l.byte_timeout = std::chrono::milliseconds(o.timeout_ms);
  l.retries = o.retries;
  auto link = tr::stream_link::open(tr::parse_endpoint(o.endpoint, 0), l);
  meters::meter_reading m;
  m.multiplier = pt_ct;
  std::string answered_by = a->to_string();
  if (const auto block = read_item(link, *a, 0x0001FF00, o.endpoint)) {
    answered_by = block->address.to_string();
    if (dlt::merge_into(m, *block) != decode_status::ok) {
      throw command_failure(
          exit_link_failure,
          "bad_reply: 0001FF00 is not an energy block [endpoint=" + o.endpoint + "]");
    }
  } else {
    for (std::uint32_t n = 0; n <= 4; ++n) {
      const std::uint32_t di = 0x00010000 | (n << 8);
      if (const auto one = read_item(link, *a, di, o.endpoint)) {
        answered_by = one->address.to_string();
        (void)dlt::merge_into(m, *one);
      }
    }
  }
  const auto stored = store_read(o.store, m, answered_by, metering::reading_source::dlt645);
  if (o.format == "json") {
    json j;
    j["endpoint"] = o.endpoint;
    j["address"] = answered_by;
    j["reading"] = reading_json(m);
    if (const auto p = m.primary_total(rounding::half_up)) {
      j["reading"]["primary_total"] = p->to_string(2);
    }
    if (!stored.empty()) j["stored"] = stored.substr(0, stored.size() - 1);
    return j.dump(2) + "\n";
  }
  std::string text = "meter: DL/T 645 " + answered_by + " at " + o.endpoint + "\n";
  text += "total: " + (m.total ? m.total->to_string(2) + " kWh" : "absent") + "\n";
  for (int n = 1; n <= meters::max_rates; ++n) {
    if (const auto v = m.rate(n)) {
      text += "T" + std::to_string(n) + " " + metering::register_name(n) + ": " + v->to_string(2) +
              " kWh\n";
    }
  }
  text += "multiplier (PT x CT): " + m.multiplier.to_string(0) + "\n";
  if (const auto p = m.primary_total(rounding::half_up)) {
    text += "primary total: " + p->to_string(2) + " kWh\n";
  }
  return text + stored;
}

}  // namespace

void add_read_dlt645(CLI::App* read, context& ctx) {
  auto o = std::make_shared<dlt645_read_options>();
  auto* sub = read->add_subcommand("dlt645", "Read a DL/T 645-2007 meter's energy registers");
  sub->add_option(
         "endpoint", o->endpoint,
         "tcp://HOST:PORT (a transparent gateway) or rtu:///dev/ttyUSB0?baud=2400&parity=E")
      ->required();
  sub->add_option("--address", o->address, "Meter address, 12 digits (AAAAAAAAAAAA: any)")
      ->required();
  sub->add_option("--pt-ct", o->pt_ct, "PT × CT multiplier of the meter")->capture_default_str();
  sub->add_option("--timeout-ms", o->timeout_ms, "Response timeout, ms")
      ->check(CLI::Range(1, 60000))
      ->capture_default_str();
  sub->add_option("--retries", o->retries, "Extra attempts after a timeout")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  sub->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_read_store_options(sub, o->store);
  ctx.add(*sub, [o](std::ostream& out) { out << read_dlt645(*o); });
}

}  // namespace submeter::cli
