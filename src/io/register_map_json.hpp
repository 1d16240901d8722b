#pragma once
/// \file
/// Register maps as JSON: add a meter model without recompiling (docs/meters.md).
///
/// Part of the compiled edges (src/io), which alone use nlohmann-json (DESIGN.md
/// "Dependencies"): the codecs of submeter::meters stay dependency-free.
/// Format (every field but `name`, `address` and `type` optional):
///
///     {"model": "acme-em100", "source": "ACME EM100 manual 5.2", "function": 3,
///      "address_base": 0,
///      "registers": [
///        {"name": "total_active_energy", "address": "0000H", "type": "u32",
///         "words": "high_first", "bytes": "big", "scale": "0.01", "unit": "kWh",
///         "transformer_scaled": false, "float_decimals": 4, "role": "total"}]}
///
/// `address` is a number or hex text ("0x000A", "000AH"); with `"address_base": 1` the addresses
/// are 1-based: Modicon numbers (40001 for FC03, 30001 for FC04) or plain (1 = PDU address 0),
/// converted to 0-based PDU addresses when loading (protocols.md pitfall 11).
/// `scale` is a decimal string (never a JSON number: 0.1 is not exact in binary). The map is
/// validated (register_map.hpp validate()); errors name the field's path.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "io/identifier.hpp"
#include "io/json_fields.hpp"
#include "io/read_json.hpp"
#include "submeter/core/error.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/modbus/register_map.hpp"

namespace submeter::io {

namespace detail {

namespace mb = ::submeter::meters::modbus;

[[noreturn]] inline void bad_field(const std::string& path, const std::string& what) {
  throw error(errc::parse, "bad register map field: " + what, {{"path", path}});
}

inline std::string string_field(const nlohmann::json& j, const char* key, const std::string& path,
                                const std::string& fallback, bool required = false) {
  if (!j.contains(key)) {
    if (required) bad_field(path + "/" + key, "missing");
    return fallback;
  }
  if (!j.at(key).is_string()) bad_field(path + "/" + key, "expected a string");
  const auto& s = j.at(key).get_ref<const std::string&>();
  if (const char* problem = name_problem(s)) bad_field(path + "/" + key, problem);
  return s;
}

inline std::uint32_t address_field(const nlohmann::json& j, const std::string& path) {
  if (!j.contains("address")) bad_field(path + "/address", "missing");
  const auto& a = j.at("address");
  if (a.is_number_integer()) {
    const auto v = integer_in(a, 0, 465536);
    if (!v) bad_field(path + "/address", "out of range");
    return static_cast<std::uint32_t>(*v);
  }
  if (!a.is_string()) bad_field(path + "/address", "expected a number or hex text");
  std::string s = a.get<std::string>();
  if (!s.empty() && (s.back() == 'H' || s.back() == 'h')) s.pop_back();
  if (s.rfind("0x", 0) == 0 || s.rfind("0X", 0) == 0) s = s.substr(2);
  if (s.empty() || s.size() > 5) bad_field(path + "/address", "expected hex text like 000AH");
  std::uint32_t v = 0;
  for (const char c : s) {
    const int d = meters::detail::hex_digit(c);
    if (d < 0) bad_field(path + "/address", "expected hex text like 000AH");
    v = v * 16 + static_cast<std::uint32_t>(d);
  }
  return v;
}

inline mb::reading_role role_from(const std::string& s, const std::string& path) {
  if (s == "none") return mb::reading_role::none;
  if (s == "total") return mb::reading_role::total;
  if (s == "rate1") return mb::reading_role::rate1;
  if (s == "rate2") return mb::reading_role::rate2;
  if (s == "rate3") return mb::reading_role::rate3;
  if (s == "rate4") return mb::reading_role::rate4;
  bad_field(path, "role must be none, total or rate1..rate4");
}

inline std::string_view role_name(mb::reading_role r) {
  switch (r) {
    case mb::reading_role::total:
      return "total";
    case mb::reading_role::rate1:
      return "rate1";
    case mb::reading_role::rate2:
      return "rate2";
    case mb::reading_role::rate3:
      return "rate3";
    case mb::reading_role::rate4:
      return "rate4";
    case mb::reading_role::none:
      break;
  }
  return "none";
}

}  // namespace detail

/// Builds and validates a map from its JSON document. Throws submeter::error (errc::parse with
/// the field's path, or validate()'s codes) for anything malformed: a missing or mistyped field,
/// an integer out of its range (never truncated: `function` 4294967299 is not 3), a model that is
/// not an identifier or a text that is not a name (identifier.hpp).
[[nodiscard]] inline meters::modbus::register_map register_map_from_json(
    const nlohmann::json& doc) {
  if (!doc.is_object()) detail::bad_field("", "expected an object");
  meters::modbus::register_map map;
  map.model = detail::string_field(doc, "model", "", "", true);
  if (const char* problem = id_problem(map.model)) detail::bad_field("/model", problem);
  map.source = detail::string_field(doc, "source", "", "");
  if (doc.contains("function")) {
    // integer_in, not get<int>(): 4294967299 must not read as 3.
    const auto f = integer_in(doc.at("function"), 3, 4);
    if (!f) detail::bad_field("/function", "expected 3 or 4");
    map.function = static_cast<std::uint8_t>(*f);
  }
  std::uint32_t base = 0;
  if (doc.contains("address_base")) {
    const auto b = integer_in(doc.at("address_base"), 0, 1);
    if (!b) detail::bad_field("/address_base", "expected 0 or 1");
    base = static_cast<std::uint32_t>(*b);
  }
  if (!doc.contains("registers") || !doc.at("registers").is_array()) {
    detail::bad_field("/registers", "expected an array");
  }
  std::size_t i = 0;
  for (const auto& r : doc.at("registers")) {
    const std::string path = "/registers/" + std::to_string(i++);
    if (!r.is_object()) detail::bad_field(path, "expected an object");
    meters::modbus::register_entry e;
    e.name = detail::string_field(r, "name", path, "", true);
    std::uint32_t a = detail::address_field(r, path);
    if (base == 1) {
      // Modicon numbers: 4xxxx / 4xxxxx holding registers (FC03), 3xxxx / 3xxxxx input registers
      // (FC04); a plain 1-based number otherwise.
      const std::uint32_t kind = a >= 100000 ? a / 100000 : (a >= 10000 ? a / 10000 : 0);
      if (kind == 3 || kind == 4) {
        if (kind != (map.function == 3 ? 4u : 3u)) {
          detail::bad_field(path + "/address", "a Modicon number of the other register table");
        }
        a -= kind * (a >= 100000 ? 100000 : 10000);
      }
      if (a == 0) detail::bad_field(path + "/address", "1-based address 0");
      a -= 1;
    }
    if (a > 0xFFFF) detail::bad_field(path + "/address", "beyond 65535");
    e.address = static_cast<std::uint16_t>(a);
    const auto type =
        meters::modbus::parse_register_type(detail::string_field(r, "type", path, "", true));
    if (!type) detail::bad_field(path + "/type", "expected u16, s16, u32, s32 or float32");
    e.type = *type;
    const auto words = detail::string_field(r, "words", path, "high_first");
    if (words != "high_first" && words != "low_first")
      detail::bad_field(path + "/words", "high_first or low_first");
    e.words = words == "high_first" ? meters::modbus::word_order::high_first
                                    : meters::modbus::word_order::low_first;
    const auto bytes = detail::string_field(r, "bytes", path, "big");
    if (bytes != "big" && bytes != "swapped") detail::bad_field(path + "/bytes", "big or swapped");
    e.bytes =
        bytes == "big" ? meters::modbus::byte_order::big : meters::modbus::byte_order::swapped;
    const auto scale = meters::scaled_value::parse(detail::string_field(r, "scale", path, "1"));
    if (!scale) detail::bad_field(path + "/scale", "expected a decimal string like \"0.01\"");
    e.scale = *scale;
    e.unit = detail::string_field(r, "unit", path, "");
    if (r.contains("transformer_scaled")) {
      if (!r.at("transformer_scaled").is_boolean())
        detail::bad_field(path + "/transformer_scaled", "expected a boolean");
      e.transformer_scaled = r.at("transformer_scaled").get<bool>();
    }
    if (r.contains("float_decimals")) {
      const auto d = integer_in(r.at("float_decimals"), 0, 18);
      if (!d) detail::bad_field(path + "/float_decimals", "expected 0..18");
      e.float_decimals = static_cast<int>(*d);
    }
    e.role = detail::role_from(detail::string_field(r, "role", path, "none"), path + "/role");
    map.registers.push_back(std::move(e));
  }
  meters::modbus::validate(map);
  return map;
}

/// Reads a map file (read_json: strict) and builds the map as register_map_from_json does,
/// naming the file first in any error.
[[nodiscard]] inline meters::modbus::register_map load_register_map(
    const std::filesystem::path& file) {
  return read_json(file, [](const nlohmann::json& doc) { return register_map_from_json(doc); });
}

/// The JSON document of a map (0-based hex addresses), e.g. to start a new model from a built-in
/// one.
[[nodiscard]] inline nlohmann::json register_map_to_json(const meters::modbus::register_map& map) {
  nlohmann::json regs = nlohmann::json::array();
  for (const auto& e : map.registers) {
    char addr[8];
    std::snprintf(addr, sizeof addr, "%04XH", static_cast<unsigned>(e.address));
    nlohmann::json r = {
        {"name", e.name},
        {"address", addr},
        {"type", std::string(meters::modbus::to_string(e.type))},
        {"words", e.words == meters::modbus::word_order::high_first ? "high_first" : "low_first"},
        {"bytes", e.bytes == meters::modbus::byte_order::big ? "big" : "swapped"},
        {"scale", e.scale.to_string()},
        {"unit", e.unit},
        {"transformer_scaled", e.transformer_scaled},
        {"role", std::string(detail::role_name(e.role))}};
    if (e.type == meters::modbus::register_type::float32) r["float_decimals"] = e.float_decimals;
    regs.push_back(std::move(r));
  }
  return {{"model", map.model},
          {"source", map.source},
          {"function", map.function},
          {"registers", regs}};
}

}  // namespace submeter::io
