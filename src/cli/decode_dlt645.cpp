// `submeter decode dlt645 <hex>`: a DL/T 645-2007 or -1997 frame, decoded by
// submeter::meters::dlt645 and printed as JSON; a read reply also as a reading.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "cli/decode.hpp"
#include "cli/meter_maps.hpp"
#include "submeter/meters/dlt645.hpp"

namespace submeter::cli::decode {
namespace {

namespace dlt = meters::dlt645;

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

}  // namespace

void add_dlt645(CLI::App& parent, context& ctx) {
  struct options {
    std::string hex;
    std::string edition = "auto";
  };
  auto o = std::make_shared<options>();
  auto* sub = parent.add_subcommand("dlt645", "A DL/T 645-2007 or -1997 frame");
  sub->add_option("hex", o->hex, "The frame as hex (\"68 AA … 16\"; spaces optional)")->required();
  sub->add_option("--edition", o->edition, "Edition of the DI (auto: from the control code)")
      ->check(CLI::IsMember({"auto", "2007", "1997"}))
      ->capture_default_str();
  ctx.add(*sub, [o](std::ostream& out) { out << decode_dlt645(o->hex, o->edition); });
}

}  // namespace submeter::cli::decode
