#pragma once
/// \file
/// A two-part tariff (两部制) as one record, its monthly rating (basic charge by capacity or by
/// demand, then the power-factor adjustment), and the sharing of a site's two-part lines among
/// tenants by weights (TP-1 … TP-10, PF-1 … PF-5).
///
/// On a submetered site the master meter's capacity/demand charge and 力调 are site-level lines.
/// TP-10/PF-5: they are passed to tenants by usage, area, equally or by peak demand
/// (`allocation::share_site_lines`, a largest-remainder split, ALLOC-LR), or recomputed per tenant
/// where tenants have their own two-part tariff and kvarh registers (`rate_two_part` per tenant).

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/tariff/capacity_charge.hpp"
#include "submeter/tariff/demand_charge.hpp"
#include "submeter/tariff/interval_usage.hpp"
#include "submeter/tariff/power_factor.hpp"

namespace submeter::tariff {

/// TP-2/TP-3: how the basic charge is computed.
enum class basic_charge_basis { capacity, demand };

/// A two-part tariff for one user (site or tenant). Aggregate; `validate()` checks it.
struct two_part_tariff {
  basic_charge_basis basis = basic_charge_basis::capacity;
  /// Capacity basis: kVA in operation (TP-2) and yuan/kVA·month.
  power capacity_kva;
  power_price capacity_price;
  /// Demand basis: yuan/kW·month, an optional declared contract demand with the capacity it is
  /// floored against (TP-4), the excess rule (TP-6) and whether TP-7 (260 kWh/kVA) applies.
  power_price demand_price;
  std::optional<power> declared_contract;
  power hv_motor_kw;
  excess_rule excess = excess_rule::variant_ii;
  bool high_load_discount = true;
  /// PF-1: the standard, or none when the user is not assessed (below 100 kVA).
  std::optional<pf_standard> pf;
  /// PF-4: the components the adjustment applies to.
  std::set<bill::component> pf_base = default_pf_base();
};

/// One month of a user's two-part inputs.
struct two_part_usage {
  /// TP-3: the month's maximum demand (from interval data or a demand register), kW.
  power max_demand;
  /// TP-7: the month's kWh of all the user's metering points.
  std::vector<energy> metering_point_kwh;
  /// PF-2: the month's kWh and kvarh (export only where reactive energy can flow back).
  energy active_kwh;
  reactive_energy reactive_import;
  std::optional<reactive_energy> reactive_export;
  /// TP-8: days used in a partial month; nullopt for a full month.
  std::optional<std::int64_t> days_used;
};

/// The lines of a two-part month and the warnings raised (a contract raised to its floor).
struct two_part_result {
  std::vector<bill::line> lines;
  std::vector<warning> warnings;
};

/// Rates one month: the basic charge (capacity, or demand with contract rules and TP-7), then the
/// PF adjustment over `energy_lines` + the basic charge (PF-4 base by component). Warnings ride on
/// the result and a raised contract is also noted on the demand line's explanation.
[[nodiscard]] inline two_part_result rate_two_part(const std::string& meter_id,
                                                   const two_part_tariff& t,
                                                   const two_part_usage& u,
                                                   const std::vector<bill::line>& energy_lines,
                                                   const bill::rounding_rule& rule) {
  two_part_result r;
  if (t.basis == basic_charge_basis::capacity) {
    r.lines.push_back(capacity_line(meter_id, t.capacity_kva, t.capacity_price, rule, u.days_used));
  } else {
    std::optional<power> contract;
    std::string note;
    if (t.declared_contract) {
      const auto c = contract_demand::make(*t.declared_contract, t.capacity_kva, t.hv_motor_kw);
      contract = c.contract;
      if (c.raised) {
        note = " [contract " + c.declared.to_string(0) + " kW raised to the 40 % floor " +
               c.floor.to_string(0) + " kW, TP-4]";
      }
      r.warnings.insert(r.warnings.end(), c.warnings.begin(), c.warnings.end());
    }
    ratio factor = ratio::from_integer(1);
    if (t.high_load_discount && !u.metering_point_kwh.empty() && t.capacity_kva.mantissa() > 0) {
      factor = high_load_factor(u.metering_point_kwh, t.capacity_kva).price_factor;
    }
    auto l = demand_line(meter_id, u.max_demand, contract, t.demand_price, rule, t.excess, factor);
    if (u.days_used) {
      auto p =
          prorated_basic_charge(bill::component::demand, meter_id, l.unrounded, *u.days_used, rule);
      p.explanation = l.explanation + "; " + p.explanation;
      l = std::move(p);
    }
    l.explanation += note;
    r.lines.push_back(std::move(l));
  }
  if (t.pf) {
    std::vector<bill::line> all = energy_lines;
    all.insert(all.end(), r.lines.begin(), r.lines.end());
    r.lines.push_back(power_factor_line(meter_id, all, u.active_kwh, u.reactive_import,
                                        u.reactive_export, *t.pf, rule, t.pf_base));
  }
  return r;
}

/// The rate register of each interval of a resolved TOU window, for
/// metering::max_demand_by_register (0 where an interval crosses a register boundary).
[[nodiscard]] inline std::vector<std::uint8_t> registers_of(const window_classifier& w) {
  return w.registers();
}

/// Maximum demand per TOU register where a tariff prices demand by period (tariffs.md §1.5): the
/// series' intervals are assigned to registers by `w` (resolved for the same start, step and
/// count; errc::invalid_argument otherwise), and a window counts for the register in force when
/// it closes. The same peaks as metering::max_demand_by_register(series, window, registers_of(w)),
/// in one pass over the window's runs (window_classifier::max_demand).
[[nodiscard]] inline std::array<std::optional<metering::demand_peak>, max_rate_registers + 1>
demand_by_register(const metering::interval_series& series, const metering::demand_window& window,
                   const window_classifier& w) {
  return w.max_demand(series, window);
}

// TP-10 (passing the master meter's two-part lines to tenants) lives with the other sharing rules:
// allocation::share_site_lines in submeter/allocation/share.hpp, one sharing API for the site.

}  // namespace submeter::tariff
