#pragma once
/// \file
/// site::pass_on_water_losses: the water tree's losses (the master water meter − Σ the water
/// meters below it) passed on to the tenants with a water meter as water_loss lines valued at the
/// site's water loss price (format v2 `water_losses`): down the water meter tree by m³ (LL-1..LL-4,
/// as the electricity tree's) when the basis is consumption and every water meter is placed in
/// one tree under the master, else shared site-wide by the basis.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/line_loss.hpp"
#include "submeter/allocation/share.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/metering/meter_tree.hpp"
#include "submeter/site/losses.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/shares.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// The site's water meter tree under `master` (every water meter placed with a parent, the
/// master without one), or nullopt when a water meter other than the master has no parent.
[[nodiscard]] inline std::optional<metering::meter_tree> water_tree(const site& s,
                                                                    const std::string& master) {
  std::vector<metering::meter_node> nodes;
  for (const auto& p : s.places()) {
    if (p.medium != metering::medium::water) continue;
    if (p.parent.empty() && p.meter_id != master) return std::nullopt;
    metering::meter_node n;
    n.id = p.meter_id;
    n.parent = p.parent;
    n.multiplier = s.meter(p.meter_id).multiplier();
    n.kind = p.role;
    nodes.push_back(std::move(n));
  }
  return metering::meter_tree::make(metering::medium::water, std::move(nodes));
}

/// Format v2 `water_losses`: the water tree's master, m³ in the period, and the losses
/// (master − Σ the billed tenants' water meters − common-area and own-use water meters) passed
/// on as water_loss lines: none without `water_losses`; a warning "negative_water_loss" (LL-3)
/// and none when the meters below read more than the master; down the water tree by m³ (to
/// 0.01 m³ by largest remainder, LL-4; what common-area and own-use water meters receive and the
/// residues stay with the landlord) when the basis is consumption and the site's water meters
/// form one tree under the master; else shared among the billed tenants with a water meter by
/// m³, area or equally (ALLOC-LR to the bill's places). The result reuses loss_shares: grid_kwh
/// and loss_kwh hold the master's and the losses' m³ (1e-4). Refuses (errc::not_found) a master,
/// common-area or own-use water meter without readings at the period's bounds.
[[nodiscard]] inline loss_shares pass_on_water_losses(const site& s, const site_quantities& usage,
                                                      const bill::billing_period& period) {
  loss_shares out;
  out.lines = usage.no_lines();
  const auto& terms = s.parts().water_losses;
  if (!terms) return out;
  const auto master = meter_usage(s, terms->master, period.window(), "water_master").total;
  energy below = energy::from_mantissa(usage.tenant_m3.mantissa());
  for (const auto& p : s.places()) {
    if (p.medium == metering::medium::water && (p.role == metering::node_kind::common_area ||
                                                p.role == metering::node_kind::landlord_own_use)) {
      const auto u =
          meter_usage(s, p.meter_id, period.window(), "water " + std::string(to_string(p.role)));
      below += u.total;
      out.landlord_kwh += u.total;
    }
  }
  const auto loss = master - below;
  out.grid_kwh = master;
  out.loss_kwh = loss;
  if (loss.is_negative()) {
    out.warnings.push_back({"negative_water_loss",
                            "the water meters read more than the master water meter (LL-3)",
                            {{"master_m3", master.to_string(2)}, {"loss_m3", loss.to_string(2)}}});
    return out;
  }
  const auto price = terms->price;
  std::vector<std::string> ids;  // billed tenants with a water meter
  for (const auto& u : usage.tenants) {
    const auto& t = s.tenants()[u.tenant_index];
    for (const auto& m : t.meter_ids) {
      if (is_water(s, m)) {
        ids.push_back(t.id);
        break;
      }
    }
  }
  const auto tree = terms->basis == allocation::basis::consumption
                        ? water_tree(s, terms->master)
                        : std::optional<metering::meter_tree>{};
  if (tree) {
    std::map<std::string, energy> read;
    for (const auto& u : usage.tenants) {
      for (const auto& m : u.meters) read[m.meter_id] = m.total;
    }
    std::vector<energy> quantities(tree->size());
    for (std::size_t i = 0; i < tree->size(); ++i) {
      const auto& node = tree->node(i);
      const auto it = read.find(node.id);
      if (it != read.end()) {
        quantities[i] = it->second;
      } else if (node.kind != metering::node_kind::tenant) {
        quantities[i] =
            meter_usage(s, node.id, period.window(), "water " + std::string(to_string(node.kind)))
                .total;
      }
    }
    const auto alloc = allocation::allocate_losses(*tree, quantities);
    for (const auto& w : alloc.warnings) out.warnings.push_back(w);
    for (std::size_t i = 0; i < tree->size(); ++i) {
      const auto& n = alloc.nodes[i];
      const auto kind = tree->node(i).kind;
      if (!tree->is_leaf(i)) {
        out.node_losses.push_back({tree->node(i).id, n.quantity, n.children, n.loss, n.loss_pct});
      }
      out.kept_by_landlord += n.retained;
      if (kind == metering::node_kind::common_area ||
          kind == metering::node_kind::landlord_own_use) {
        out.kept_by_landlord += n.received;
      }
    }
    out.method = "down the water meter tree (LL-4)";
    for (std::size_t i = 0; i < usage.tenants.size(); ++i) {
      const auto& t = s.tenants()[usage.tenants[i].tenant_index];
      energy m3;
      for (const auto& m : t.meter_ids) {
        if (is_water(s, m)) m3 += alloc.nodes[tree->index_of(m)].received;
      }
      if (m3.is_zero()) continue;
      auto l = bill::charge_line(bill::component::water_loss, {},
                                 volume::from_mantissa(m3.mantissa()), price, s.rule());
      l.payer = t.id;
      l.explanation = "water losses received down the water meter tree (LL-4): " + l.explanation;
      out.lines[i].push_back(std::move(l));
    }
    return out;
  }
  const auto basis =
      terms->basis == allocation::basis::consumption ? allocation::basis::water : terms->basis;
  out.method = "shared site-wide by " + std::string(allocation::to_string(terms->basis));
  if (ids.empty() || loss.is_zero()) return out;
  const auto m3 = volume::from_mantissa(loss.mantissa());
  const auto value =
      round(multiply<money>(m3, price, rounding::half_up), s.rule().places, s.rule().mode);
  const auto lines = allocation::share_lines(bill::component::water_loss, value,
                                             sharers_of(s, ids, usage, basis, period.window()),
                                             allocation::share_method::by(basis), s.rule());
  const std::string head =
      "water losses (master water meter − Σ below): " + bill::group_thousands(m3.to_string(2)) +
      " m3 × " + price.to_string(2) + " = " + bill::group_thousands(value.to_string(2)) + "; ";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto l = lines[i];
    l.explanation = head + l.explanation;
    out.lines[usage.index.at(ids[i])].push_back(std::move(l));
  }
  return out;
}

}  // namespace submeter::site
