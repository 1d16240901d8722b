#pragma once
// Helpers shared by the meter subcommands (decode, read): finding a register map by name or file,
// and rendering decoded registers and readings as JSON or text. Decimal values are exact strings.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/register_map_json.hpp"
#include "submeter/core/error.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/meters/meter_reading.hpp"
#include "submeter/meters/modbus/acrel.hpp"
#include "submeter/meters/modbus/register_map.hpp"

namespace submeter::cli {

/// A built-in map by name ("acrel-ddsy1352"), else a JSON map file at that path
/// (io::load_register_map: strict JSON, errors name the file). Refuses (errc::not_found) a name
/// that is neither.
inline meters::modbus::register_map load_map(const std::string& name_or_path) {
  if (auto m = meters::modbus::acrel::find_map(name_or_path)) return *m;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(name_or_path, ec)) {
    std::string known;
    for (const auto n : meters::modbus::acrel::map_names) {
      if (!known.empty()) known += ' ';
      known += n;
    }
    throw error(errc::not_found, "no built-in register map and no map file of that name",
                {{"map", name_or_path}, {"built_in", known}});
  }
  return io::load_register_map(name_or_path);
}

/// A reading as JSON: {"total": "1234.56", "rates": {"sharp": "1.00", …}, "multiplier": "1"}.
inline nlohmann::ordered_json reading_json(const meters::meter_reading& r) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["total"] =
      r.total ? nlohmann::ordered_json(r.total->to_string(2)) : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json rates = nlohmann::ordered_json::object();
  for (int n = 1; n <= meters::max_rates; ++n) {
    if (const auto v = r.rate(n)) rates[metering::register_name(n)] = v->to_string(2);
  }
  j["rates"] = rates;
  j["multiplier"] = r.multiplier.to_string(0);
  return j;
}

}  // namespace submeter::cli
