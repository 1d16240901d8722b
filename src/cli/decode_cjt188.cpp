// `submeter decode cjt188 <hex>`: a CJ/T 188 (water, heat, gas meter) frame, decoded by
// submeter::meters::cjt188 under a vendor profile and printed as JSON.
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "cli/decode.hpp"
#include "submeter/meters/cjt188.hpp"

namespace submeter::cli::decode {
namespace {

namespace cj = meters::cjt188;

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

}  // namespace

void add_cjt188(CLI::App& parent, context& ctx) {
  struct options {
    std::string hex;
    std::string profile = "cjt188-2004";
  };
  auto o = std::make_shared<options>();
  auto* sub = parent.add_subcommand("cjt188", "A CJ/T 188 (water, heat, gas meter) frame");
  sub->add_option("hex", o->hex, "The frame as hex")->required();
  sub->add_option("--profile", o->profile,
                  "Vendor profile: cjt188-2004, cjt188-2018, sc-water, jy-heat")
      ->capture_default_str();
  ctx.add(*sub, [o](std::ostream& out) { out << decode_cjt188(o->hex, o->profile); });
}

}  // namespace submeter::cli::decode
