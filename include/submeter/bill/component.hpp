#pragma once
/// \file
/// bill::component: what a bill line charges, as a closed set, with its names and the predicates
/// the rules ask of it (SUP-1: which components an electricity bill carries; LL-5: which never
/// belong on one; property fee and rent).
///
/// A line's component is this type everywhere in the core; its name ("energy", "common_area", …)
/// is text only where bills are read or written (src/io, src/render, the Python module).

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "submeter/core/error.hpp"

namespace submeter::bill {

/// What a line charges. The enumerators are in the alphabetical order of their names, so that
/// ordering by component (sets, map keys) orders by name, as bills and explanations list them.
enum class component {
  adjustment,    ///< a re-rating refund or supplement of an issued line (RETRO-1)
  allowance,     ///< a free electricity quota used first, a credit (ALLOW-1, 学生公寓)
  backbill,      ///< back-billing for a meter fault (供电营业规则 Art. 80–81)
  capacity,      ///< the basic charge by capacity, kVA (TP-2)
  common_area,   ///< a share of a common-area meter (CA-1..CA-4)
  demand,        ///< the basic charge by maximum demand, kW (TP-3)
  energy,        ///< electricity by kWh, per register and tier
  fixed,         ///< a fixed charge per cycle (tariffs.md §1.5)
  gas,           ///< gas or heat by a tiered ladder
  loss,          ///< a share of line and transformer losses (LL-1..LL-5)
  minimum,       ///< the shortfall below a minimum charge (tariffs.md §1.5)
  power_factor,  ///< the power-factor adjustment (PF-1..PF-4)
  property_fee,  ///< property fee (物业费)
  rent,          ///< rent
  service_fee,   ///< a service fee on resale (forbidden on an electricity bill, SUP-1)
  sewerage,      ///< sewerage charged on water volume
  tier_adder,    ///< the tiered part of an energy charge (阶梯加价)
  water,         ///< water by m³, per tier (TIER-3)
  water_loss,    ///< a share of the water tree's losses (master water meter − Σ below, LL-1..LL-4)
};

/// Every component, in the order of the enumeration.
inline constexpr std::array<component, 19> all_components = {
    component::adjustment,   component::allowance,   component::backbill,    component::capacity,
    component::common_area,  component::demand,      component::energy,      component::fixed,
    component::gas,          component::loss,        component::minimum,     component::power_factor,
    component::property_fee, component::rent,        component::service_fee, component::sewerage,
    component::tier_adder,   component::water,       component::water_loss};

/// The component's name as bills print it: "energy", "tier_adder", "common_area", ….
[[nodiscard]] constexpr std::string_view to_string(component c) noexcept {
  switch (c) {
    case component::adjustment:
      return "adjustment";
    case component::allowance:
      return "allowance";
    case component::backbill:
      return "backbill";
    case component::capacity:
      return "capacity";
    case component::common_area:
      return "common_area";
    case component::demand:
      return "demand";
    case component::energy:
      return "energy";
    case component::fixed:
      return "fixed";
    case component::gas:
      return "gas";
    case component::loss:
      return "loss";
    case component::minimum:
      return "minimum";
    case component::power_factor:
      return "power_factor";
    case component::property_fee:
      return "property_fee";
    case component::rent:
      return "rent";
    case component::service_fee:
      return "service_fee";
    case component::sewerage:
      return "sewerage";
    case component::tier_adder:
      return "tier_adder";
    case component::water:
      return "water";
    case component::water_loss:
      return "water_loss";
  }
  return "unknown";
}

/// The component named `text` (as to_string prints it), or nullopt.
[[nodiscard]] constexpr std::optional<component> try_parse_component(
    std::string_view text) noexcept {
  for (const auto c : all_components) {
    if (to_string(c) == text) return c;
  }
  return std::nullopt;
}

/// The component named `text`. Refuses (errc::parse) a name that is not one, naming it and the
/// names expected; readers add where it stood.
[[nodiscard]] inline component parse_component(std::string_view text) {
  if (const auto c = try_parse_component(text)) return *c;
  std::string names;
  for (const auto c : all_components) {
    if (!names.empty()) names += ", ";
    names += to_string(c);
  }
  throw error(errc::parse, "unknown bill component",
              {{"component", std::string(text)}, {"expected", names}});
}

/// SUP-1: the components an electricity bill carries (energy and its tiers, the basic charge by
/// capacity or demand, the power-factor adjustment, and the free quota credited against them,
/// ALLOW-1); every other component is another charge.
[[nodiscard]] constexpr bool is_electricity(component c) noexcept {
  return c == component::energy || c == component::tier_adder || c == component::capacity ||
         c == component::demand || c == component::power_factor || c == component::allowance;
}

/// SUP-1, LL-5: the components that must not appear on an electricity bill (losses, common area,
/// service fees, property fee, rent: recovered through the property fee in Mode A, already
/// inside the shares in Mode B).
[[nodiscard]] constexpr bool forbidden_on_electricity_bill(component c) noexcept {
  return c == component::loss || c == component::common_area || c == component::service_fee ||
         c == component::property_fee || c == component::rent;
}

/// The recurring charges of a tenancy, by floor area or a fixed sum per cycle (property fee and
/// rent; allocation/property_fee.hpp).
[[nodiscard]] constexpr bool is_recurring(component c) noexcept {
  return c == component::property_fee || c == component::rent;
}

}  // namespace submeter::bill
