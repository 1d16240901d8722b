#pragma once
/// \file
/// site::pass_through_shares: the site-wide step of a site settled in 转供电 Mode B (SUP-2
/// pass-through, settlement_terms::mode): the period's whole grid bill shared among the end users
/// (the billed tenants with an electricity meter and the landlord's own-use meters) by their kWh,
/// largest remainder to the bill's rounding unit (allocation::settle_pass_through, ALLOC-LR). Each
/// tenant's share replaces the energy lines its tariff would give (site/shard.hpp bill_shard); the
/// landlord's share is borne by the landlord and reported. Common area and losses are inside the
/// shares, so a Mode B site has no common-area, loss or two-part lines (site::make refuses them).

#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/settlement.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/metering/meter_tree.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// The Mode B settlement of a period: the tenants' share lines and what the report needs.
struct pass_through_totals {
  /// True when the site is settled in Mode B (the rest is empty otherwise).
  bool applied = false;
  /// The period's grid bill, rounded by the site's rule.
  money grid_bill;
  /// Σ of the end users' kWh (billed tenants' electricity meters and own-use meters).
  energy end_user_kwh;
  /// Σ of the tenants' shares and the landlord's (own use) share: they add up to grid_bill.
  money tenant_total;
  money landlord_share;
  /// One list per billed tenant (site_quantities' order): its share line, or none for a tenant
  /// without an electricity meter.
  tenant_lines lines;
};

/// True when `s` is settled in Mode B (SUP-2 pass-through).
[[nodiscard]] inline bool is_pass_through(const site& s) noexcept {
  return s.settlement().mode == bill::settlement_mode::pass_through;
}

/// SUP-2 Mode B: for a site settled by pass-through, shares the period's grid bill among the end
/// users by kWh (allocation::settle_pass_through under the site's rounding rule): one energy line
/// per billed tenant with an electricity meter (payer = the tenant, no meter: the share is of the
/// tenant's whole electricity), explained "转供电 Mode B (SUP-2): pass-through share of the grid
/// bill <bill>: <kWh> of <Σ kWh> kWh"; the own-use meters' share is the landlord's. A Mode A site
/// gets empty lists (`applied` false). Refuses (errc::not_found) a Mode B site without the
/// period's grid bill or an own-use meter without readings at the bounds, and
/// (errc::invalid_argument) end users whose kWh are all zero while the bill is not.
[[nodiscard]] inline pass_through_totals pass_through_shares(const site& s,
                                                             const site_quantities& usage,
                                                             const bill::billing_period& period) {
  pass_through_totals out;
  out.lines = usage.no_lines();
  if (!is_pass_through(s)) return out;
  out.applied = true;
  const auto& terms = s.settlement();
  const auto bill_it = terms.grid_bills.find(period.label());
  if (bill_it == terms.grid_bills.end()) {
    throw error(errc::not_found, "a site settled by pass-through needs the period's grid bill",
                {{"period", period.label()},
                 {"expected", "settlement.grid_bill[\"" + period.label() + "\"] (SUP-2 Mode B)"}});
  }
  std::vector<allocation::end_user> users;
  std::vector<std::size_t> billed;  // users[k] is usage.tenants[billed[k]] for k < billed.size()
  for (std::size_t i = 0; i < usage.tenants.size(); ++i) {
    const auto& t = s.tenants()[usage.tenants[i].tenant_index];
    if (electricity_meters(s, t).empty()) continue;
    users.push_back({t.id, usage.tenants[i].kwh, allocation::end_user_kind::tenant});
    billed.push_back(i);
  }
  for (const auto& p : s.places()) {
    if (p.role != metering::node_kind::landlord_own_use) continue;
    users.push_back({p.meter_id, meter_usage(s, p.meter_id, period.window(), "landlord").total,
                     allocation::end_user_kind::landlord_own_use});
  }
  if (users.empty()) {
    throw error(errc::invalid_argument,
                "a site settled by pass-through needs an end user with an electricity meter",
                {{"period", period.label()}});
  }
  for (const auto& u : users) out.end_user_kwh += u.consumption;
  if (out.end_user_kwh.is_zero() && !bill_it->second.is_zero()) {
    throw error(errc::invalid_argument,
                "a grid bill cannot be shared by kWh when the end users read 0 kWh (SUP-2 Mode B)",
                {{"period", period.label()}, {"grid_bill", bill_it->second.to_string(2)}});
  }
  auto settled = allocation::settle_pass_through(bill_it->second, users, s.rule());
  out.grid_bill = settled.grid_bill;
  out.tenant_total = settled.tenant_total;
  out.landlord_share = settled.landlord_share;
  for (std::size_t k = 0; k < billed.size(); ++k) {
    auto& l = settled.lines[k];
    l.payer = l.meter_id;
    l.meter_id.clear();
    l.explanation = "转供电 Mode B (SUP-2): " + l.explanation;
    out.lines[billed[k]].push_back(std::move(l));
  }
  return out;
}

/// In Mode B, what a tenant's bill keeps of `lines` (its metered, re-rating or true-up lines):
/// the lines of its water meters and lines of no meter; the lines of its electricity meters go,
/// their kWh being priced by its share of the grid bill instead (pass_through_shares).
[[nodiscard]] inline std::vector<bill::line> without_electricity_lines(
    const site& s, std::vector<bill::line> lines) {
  std::vector<bill::line> out;
  out.reserve(lines.size());
  for (auto& l : lines) {
    if (!l.meter_id.empty() && !is_water(s, l.meter_id)) continue;
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace submeter::site
