#pragma once
/// \file
/// Imports a URDB (OpenEI Utility Rate Database) rate record, as REopt and SAM take it, for
/// cross-checks (tariffs.md §4.2). Energy: the 12 × 24 weekday/weekend schedules (0-based periods)
/// and `energyratestructure[period][tier]` {rate, adj, max, unit}, effective price = rate + adj,
/// tiers cumulative within the month; fixed charges; demand structures are read into plain
/// records for the demand engine. Anything else is refused by name, never ignored silently.
///
/// Numbers: URDB stores prices as JSON numbers. Each is read back through its shortest
/// round-trip text (0.078891 stays "0.078891") and parsed as an exact decimal; a price with more
/// than 6 decimals is refused rather than rounded.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "io/echo.hpp"
#include "io/json_fields.hpp"
#include "io/read_json.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/tariff/fixed_charge.hpp"
#include "submeter/tariff/schedule_matrix.hpp"
#include "submeter/tariff/tiers.hpp"

namespace submeter::io {

/// One graduated demand tier: up to `max` kW (nullopt = unbounded) at `price` per kW.
struct urdb_demand_tier {
  std::optional<power> max;
  power_price price;
};

/// A TOU demand charge: schedules (period p → register p + 1) and graduated tiers per period.
struct urdb_tou_demand {
  tariff::month_hour_matrix weekday{};
  tariff::month_hour_matrix weekend{};
  std::vector<std::vector<urdb_demand_tier>> periods;
};

/// A facility (flat) demand charge: tiers per flat period, and the period of each month.
struct urdb_flat_demand {
  std::vector<std::vector<urdb_demand_tier>> periods;
  std::array<int, 12> month_period{};
};

/// A URDB record, imported.
struct urdb_rate {
  tariff::tou_schedule energy_schedule;
  tariff::tiered_tariff<submeter::energy> energy_tariff;
  std::optional<tariff::fixed_charge> fixed;
  std::optional<urdb_tou_demand> tou_demand;
  std::optional<urdb_flat_demand> flat_demand;
  /// Ratchet settings as given (lookbackpercent, lookbackrange, lookbackmonths), for the caller.
  std::optional<ratio> lookback_percent;
  std::optional<int> lookback_range;
  std::vector<int> lookback_months;
};

namespace detail {

template <class T>
[[nodiscard]] T urdb_number(const nlohmann::json& j, const std::string& path) {
  if (!j.is_number()) throw error(errc::parse, "expected a number", {{"path", path}});
  const auto text = j.dump();  // a number: a few characters, no recursion
  const auto parsed = T::try_parse(text);
  if (!parsed) {
    throw error(errc::parse, "a number does not fit the decimal's scale exactly",
                {{"path", path}, {"text", echo(text)}, {"places", std::to_string(T::scale)}});
  }
  return *parsed;
}

/// The largest period number or month count a URDB record may give.
inline constexpr std::int64_t max_urdb_index = 1000;

[[nodiscard]] inline tariff::month_hour_matrix urdb_matrix(const nlohmann::json& j,
                                                           const std::string& path) {
  tariff::month_hour_matrix m{};
  if (!j.is_array() || j.size() != 12)
    throw error(errc::parse, "expected 12 rows (months)", {{"path", path}});
  for (std::size_t i = 0; i < 12; ++i) {
    const auto& row = j[i];
    if (!row.is_array() || row.size() != 24) {
      throw error(errc::parse, "expected 24 hours in a month row",
                  {{"path", path + "[" + std::to_string(i) + "]"}});
    }
    for (std::size_t h = 0; h < 24; ++h) {
      // integer_in, not get<int>(): a period 4294967296 must not read as 0.
      const auto period = integer_in(row[h], 0, max_urdb_index);
      if (!period) {
        throw error(errc::parse, "expected a period number 0..1000",
                    {{"path", path + "[" + std::to_string(i) + "][" + std::to_string(h) + "]"},
                     {"text", describe(row[h])}});
      }
      m[i][h] = static_cast<int>(*period);
    }
  }
  return m;
}

inline void urdb_refuse_unknown(const nlohmann::json& obj, const std::set<std::string>& known,
                                const std::string& path) {
  for (const auto& [key, value] : obj.items()) {
    if (!known.count(key)) {
      throw error(errc::unsupported, "a URDB field submeter does not support",
                  {{"path", path.empty() ? echo(key) : key_path(path, key)}, {"field", echo(key)}});
    }
  }
}

[[nodiscard]] inline std::vector<std::vector<urdb_demand_tier>> urdb_demand_tiers(
    const nlohmann::json& j, const std::string& path) {
  std::vector<std::vector<urdb_demand_tier>> out;
  if (!j.is_array()) throw error(errc::parse, "expected [period][tier]", {{"path", path}});
  for (std::size_t p = 0; p < j.size(); ++p) {
    std::vector<urdb_demand_tier> tiers;
    for (std::size_t t = 0; t < j[p].size(); ++t) {
      const auto& tier = j[p][t];
      const std::string tpath = path + "[" + std::to_string(p) + "][" + std::to_string(t) + "]";
      urdb_refuse_unknown(tier, {"rate", "adj", "max", "unit"}, tpath);
      if (tier.contains("unit") && tier["unit"] != "kW") {
        throw error(errc::unsupported, "a demand unit other than kW",
                    {{"path", tpath + ".unit"}, {"unit", describe(tier["unit"])}});
      }
      urdb_demand_tier d;
      d.price = urdb_number<power_price>(tier.value("rate", nlohmann::json(0)), tpath + ".rate");
      if (tier.contains("adj")) d.price += urdb_number<power_price>(tier["adj"], tpath + ".adj");
      if (tier.contains("max")) d.max = urdb_number<power>(tier["max"], tpath + ".max");
      tiers.push_back(d);
    }
    out.push_back(std::move(tiers));
  }
  return out;
}

}  // namespace detail

/// Imports a URDB rate record. `shape` says how TOU registers meet the energy tiers (there is no
/// default: tariffs.md §1.4); `pooled` and `pro_rata` need the same bounds in every period, so a
/// record whose periods differ (REopt's multi-tier case) needs `per_period`. Refuses
/// (submeter::error): unknown fields (errc::unsupported, naming the field and its path); a tier
/// unit other than kWh or "kWh daily" (e.g. "kWh/kW" hours-use blocks); malformed schedules or
/// numbers (errc::parse, with the path); a schedule period without rates (errc::not_found).
[[nodiscard]] inline urdb_rate urdb_rate_from_json(const nlohmann::json& doc,
                                                   tariff::tier_shape shape,
                                                   const std::string& id = "urdb") {
  if (!doc.is_object()) throw error(errc::parse, "a URDB record is a JSON object");
  detail::urdb_refuse_unknown(
      doc,
      {// rates submeter imports
       "energyratestructure", "energyweekdayschedule", "energyweekendschedule",
       "demandratestructure", "demandweekdayschedule", "demandweekendschedule",
       "flatdemandstructure", "flatdemandmonths", "fixedchargefirstmeter", "fixedchargeunits",
       "lookbackpercent", "lookbackrange", "lookbackmonths",
       // descriptive fields, kept out of the bill
       "label", "uri", "name", "utility", "eiaid", "sector", "description", "source",
       "sourceparent", "startdate", "enddate", "approved", "country", "servicetype", "is_default",
       "revisions", "supersedes", "peakkwcapacitymin", "peakkwcapacitymax", "voltagecategory",
       "phasewiring", "demandunits", "demandrateunit", "flatdemandunit", "basicinformationcomments",
       "energycomments", "demandcomments"},
      "");
  for (const char* need :
       {"energyratestructure", "energyweekdayschedule", "energyweekendschedule"}) {
    if (!doc.contains(need))
      throw error(errc::parse, "a URDB record without energy rates", {{"field", need}});
  }
  const auto weekday = detail::urdb_matrix(doc["energyweekdayschedule"], "energyweekdayschedule");
  const auto weekend = detail::urdb_matrix(doc["energyweekendschedule"], "energyweekendschedule");
  auto schedule = tariff::schedule_from_matrices(id, weekday, weekend, 0);

  const auto& rates = doc["energyratestructure"];
  if (!rates.is_array())
    throw error(errc::parse, "expected [period][tier]", {{"path", "energyratestructure"}});
  std::vector<tariff::register_tier_prices<energy>> registers;
  std::optional<bool> daily;
  std::vector<std::vector<energy>> bounds_by_period;
  for (const auto& reg : schedule.registers().registers()) {
    const auto p = static_cast<std::size_t>(reg.number - 1);
    if (p >= rates.size()) {
      throw error(errc::not_found, "a schedule uses a period without rates",
                  {{"period", std::to_string(p)}, {"path", "energyratestructure"}});
    }
    tariff::register_tier_prices<energy> r;
    r.rate_register = reg.number;
    std::vector<energy> bounds;
    for (std::size_t t = 0; t < rates[p].size(); ++t) {
      const auto& tier = rates[p][t];
      const std::string path =
          "energyratestructure[" + std::to_string(p) + "][" + std::to_string(t) + "]";
      detail::urdb_refuse_unknown(tier, {"rate", "adj", "max", "unit", "sell"}, path);
      const std::string unit = tier.value("unit", "kWh");
      if (unit != "kWh" && unit != "kWh daily") {
        throw error(errc::unsupported, "a tier unit submeter does not support",
                    {{"path", path + ".unit"}, {"unit", unit}});
      }
      if (daily && *daily != (unit == "kWh daily")) {
        throw error(errc::unsupported, "tiers mix monthly and daily bounds",
                    {{"path", path + ".unit"}});
      }
      daily = unit == "kWh daily";
      auto price =
          detail::urdb_number<energy_price>(tier.value("rate", nlohmann::json(0)), path + ".rate");
      if (tier.contains("adj"))
        price += detail::urdb_number<energy_price>(tier["adj"], path + ".adj");
      r.prices.push_back(price);
      if (tier.contains("max")) {
        if (t + 1 == rates[p].size()) {
          throw error(errc::unsupported,
                      "the last tier has a finite max (use above it is unpriced)",
                      {{"path", path + ".max"}});
        }
        bounds.push_back(detail::urdb_number<energy>(tier["max"], path + ".max"));
      }
    }
    const auto basis =
        daily.value_or(false) ? tariff::bound_basis::per_day : tariff::bound_basis::absolute;
    r.ladder = tariff::tier_ladder<energy>::make(bounds, basis);
    bounds_by_period.push_back(bounds);
    registers.push_back(std::move(r));
  }
  const auto basis =
      daily.value_or(false) ? tariff::bound_basis::per_day : tariff::bound_basis::absolute;
  tariff::tiered_tariff<energy> energy_tariff = [&] {
    if (shape == tariff::tier_shape::per_period)
      return tariff::tiered_tariff<energy>::per_period(id, registers);
    const bool same = std::all_of(bounds_by_period.begin(), bounds_by_period.end(),
                                  [&](const auto& b) { return b == bounds_by_period.front(); });
    if (!same) {
      throw error(errc::inconsistent,
                  "energy periods have different tier bounds: only per_period can price them",
                  {{"shape", std::string(tariff::to_string(shape))}});
    }
    const auto ladder = tariff::tier_ladder<energy>::make(bounds_by_period.front(), basis);
    if (shape == tariff::tier_shape::adder) {
      throw error(errc::unsupported,
                  "URDB states tier prices, not adders: use pooled, pro_rata "
                  "or per_period");
    }
    return tariff::tiered_tariff<energy>::shared(id, shape, ladder, registers);
  }();

  urdb_rate out{std::move(schedule), std::move(energy_tariff),
                std::nullopt,        std::nullopt,
                std::nullopt,        std::nullopt,
                std::nullopt,        {}};
  if (doc.contains("fixedchargefirstmeter")) {
    const auto rate =
        detail::urdb_number<money>(doc["fixedchargefirstmeter"], "fixedchargefirstmeter");
    const std::string units = doc.value("fixedchargeunits", "$/month");
    if (units == "$/month") {
      out.fixed = tariff::fixed_charge::make("fixed charge", rate, tariff::charge_cycle::month,
                                             tariff::proration::calendar);
    } else if (units == "$/day") {
      out.fixed = tariff::fixed_charge::make("fixed charge", rate, tariff::charge_cycle::day,
                                             tariff::proration::calendar);
    } else if (units == "$/year") {
      out.fixed = tariff::fixed_charge::make("fixed charge", rate, tariff::charge_cycle::year,
                                             tariff::proration::per_year_day);
    } else {
      throw error(errc::unsupported, "fixed-charge units submeter does not support",
                  {{"path", "fixedchargeunits"}, {"units", units}});
    }
  }
  if (doc.contains("demandratestructure")) {
    urdb_tou_demand d;
    d.periods = detail::urdb_demand_tiers(doc["demandratestructure"], "demandratestructure");
    d.weekday = detail::urdb_matrix(doc.at("demandweekdayschedule"), "demandweekdayschedule");
    d.weekend = detail::urdb_matrix(doc.at("demandweekendschedule"), "demandweekendschedule");
    out.tou_demand = std::move(d);
  }
  if (doc.contains("flatdemandstructure")) {
    urdb_flat_demand d;
    d.periods = detail::urdb_demand_tiers(doc["flatdemandstructure"], "flatdemandstructure");
    const auto& months = doc.at("flatdemandmonths");
    if (!months.is_array() || months.size() != 12)
      throw error(errc::parse, "expected 12 months", {{"path", "flatdemandmonths"}});
    for (std::size_t m = 0; m < 12; ++m) {
      d.month_period[m] = static_cast<int>(detail::as_integer(
          months[m], 0, detail::max_urdb_index, "flatdemandmonths[" + std::to_string(m) + "]"));
    }
    out.flat_demand = std::move(d);
  }
  if (doc.contains("lookbackpercent"))
    out.lookback_percent = detail::urdb_number<ratio>(doc["lookbackpercent"], "lookbackpercent");
  if (doc.contains("lookbackrange")) {
    out.lookback_range = static_cast<int>(
        detail::as_integer(doc["lookbackrange"], 0, detail::max_urdb_index, "lookbackrange"));
  }
  if (doc.contains("lookbackmonths")) {
    const auto& months = detail::as_array(doc["lookbackmonths"], "lookbackmonths");
    for (std::size_t i = 0; i < months.size(); ++i) {
      out.lookback_months.push_back(static_cast<int>(detail::as_integer(
          months[i], 0, detail::max_urdb_index, "lookbackmonths[" + std::to_string(i) + "]")));
    }
  }
  return out;
}

/// Reads a URDB record file (read_json: strict) and imports it as urdb_rate_from_json does,
/// naming the file first in any error.
[[nodiscard]] inline urdb_rate load_urdb_rate(const std::filesystem::path& file,
                                              tariff::tier_shape shape,
                                              const std::string& id = "urdb") {
  return read_json(file,
                   [&](const nlohmann::json& doc) { return urdb_rate_from_json(doc, shape, id); });
}

}  // namespace submeter::io
