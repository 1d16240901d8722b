#pragma once
/// \file
/// site::pass_on_losses: the fourth step of the site run: the losses (grid master − Σ end-user
/// meters) passed on to tenants as loss lines valued at the catalogue price, kept off the
/// electricity bill (SUP-1, LL-5): down the meter tree by kWh (LL-1..LL-4, TXL-3) when every
/// electricity meter is placed in one, else shared site-wide by the site's basis.

#include <cstddef>
#include <map>
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
#include "submeter/site/quantities.hpp"
#include "submeter/site/shares.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/transformers.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// The loss at one meter of the tree that has meters below it (LL-1).
struct node_loss_row {
  std::string meter_id;
  energy quantity;
  energy children;
  energy loss;
  /// loss ÷ quantity × 100, to 4 places.
  allocation::percent percent;
};

/// The site's energy balance and the tenants' loss lines.
struct loss_shares {
  /// The landlord's own-use meters, kWh.
  energy landlord_kwh;
  /// The grid master's kWh and the losses (grid − tenants − common area − landlord), when the
  /// site names a grid master.
  std::optional<energy> grid_kwh;
  std::optional<energy> loss_kwh;
  /// How the losses were passed on: "down the meter tree (LL-4)" or "shared site-wide by …";
  /// empty when they were not.
  std::string method;
  /// Down the tree: every meter with meters below it, and the losses kept by the landlord
  /// (those received by common-area and own-use meters, and rounding residues).
  std::vector<node_loss_row> node_losses;
  energy kept_by_landlord;
  tenant_lines lines;
  /// TXL-1: each transformer's DL/T 686 loss (format v2), added at the meter it feeds.
  std::vector<transformer_loss_row> transformers;
  /// "negative_loss" (LL-3), and the tree allocation's warnings.
  std::vector<warning> warnings;
};

/// The site's electricity meter tree (every electricity meter placed, each but a grid master
/// with a parent), or nullopt for a site without one (tenants' meters without places, or meters
/// without parents).
[[nodiscard]] inline std::optional<metering::meter_tree> electricity_tree(const site& s) {
  std::vector<metering::meter_node> nodes;
  for (const auto& t : s.tenants()) {
    for (const auto& m : t.meter_ids) {
      if (!is_water(s, m) && s.place(m) == nullptr) return std::nullopt;
    }
  }
  for (const auto& p : s.places()) {
    if (p.medium != metering::medium::electricity) continue;
    if (p.parent.empty() && p.role != metering::node_kind::grid_master) return std::nullopt;
    metering::meter_node n;
    n.id = p.meter_id;
    n.parent = p.parent;
    n.multiplier = s.meter(p.meter_id).multiplier();
    n.kind = p.role;
    nodes.push_back(std::move(n));
  }
  if (nodes.empty()) return std::nullopt;
  return metering::meter_tree::make(metering::medium::electricity, std::move(nodes));
}

namespace detail {

/// LL-1..LL-4, TXL-3: each meter's loss (its kWh − its children's) is shared among the meters
/// below it by their kWh, down to the leaves (allocation::allocate_losses, to 0.01 kWh); each
/// tenant is charged the losses its meters received, valued at the catalogue price, as a loss
/// line (recovered beside the property fee, SUP-1). Losses received by common-area and own-use
/// meters, and rounding residues, stay with the landlord and are reported. Returns `out` with
/// the lines, node losses, what the landlord kept and the method filled.
[[nodiscard]] inline loss_shares losses_down_the_tree(const site& s,
                                                      const metering::meter_tree& tree,
                                                      const site_quantities& usage,
                                                      const bill::billing_period& period,
                                                      loss_shares out) {
  const auto price = catalogue_price(s, "losses");
  std::map<std::string, energy> read;  // tenant meters: what their bills used
  for (const auto& u : usage.tenants) {
    for (const auto& m : u.meters) read[m.meter_id] = m.total;
  }
  std::vector<energy> quantities(tree.size());
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto& node = tree.node(i);
    const auto it = read.find(node.id);
    if (it != read.end()) {
      quantities[i] = it->second;
    } else if (node.kind != metering::node_kind::tenant) {
      quantities[i] =
          meter_usage(s, node.id, period.window(), std::string(to_string(node.kind))).total;
    }  // a tenant meter not in service in the period: 0
  }
  allocation::loss_options<energy> options;
  for (const auto& r : out.transformers) options.added_losses.push_back({r.meter_id, r.loss.total});
  const auto alloc = allocation::allocate_losses(tree, quantities, options);
  for (const auto& w : alloc.warnings) out.warnings.push_back(w);
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto& n = alloc.nodes[i];
    const auto kind = tree.node(i).kind;
    if (!tree.is_leaf(i)) {
      out.node_losses.push_back({tree.node(i).id, n.quantity, n.children, n.loss, n.loss_pct});
    }
    out.kept_by_landlord += n.retained;
    if (kind == metering::node_kind::common_area || kind == metering::node_kind::landlord_own_use) {
      out.kept_by_landlord += n.received;
    }
  }
  out.method = "down the meter tree (LL-4)";
  for (std::size_t i = 0; i < usage.tenants.size(); ++i) {
    const auto& t = s.tenants()[usage.tenants[i].tenant_index];
    energy kwh;
    for (const auto& m : electricity_meters(s, t)) {
      kwh += alloc.nodes[tree.index_of(m)].received;
    }
    if (kwh.is_zero()) continue;
    auto l = bill::charge_line(bill::component::loss, {}, kwh, price, s.rule());
    l.payer = t.id;
    l.explanation =
        "line and transformer losses received down the meter tree (LL-4): " + l.explanation;
    out.lines[i].push_back(std::move(l));
  }
  return out;
}

}  // namespace detail

/// The landlord's own use, the grid master's kWh and the losses of the period, and the tenants'
/// loss lines: none without a grid master or a loss basis; a warning "negative_loss" (LL-3) and
/// none when the end-user meters read more than the grid master; down the meter tree when the
/// basis is consumption and the site has a tree (detail::losses_down_the_tree), else shared
/// among the billed tenants with an electricity meter by the basis. `common_area_kwh` is the
/// common areas' Σ (share_common_areas). Refuses (errc::not_found) a landlord, grid master or
/// inner meter without readings at the bounds, and (errc::invalid_argument) losses to share on a
/// site without a catalogue price. The site's transformers' DL/T 686 losses (transformer_losses)
/// are added at the meters they feed down the tree, or to the losses shared site-wide.
[[nodiscard]] inline loss_shares pass_on_losses(const site& s, const site_quantities& usage,
                                                energy common_area_kwh,
                                                const bill::billing_period& period) {
  loss_shares out;
  out.lines = usage.no_lines();
  for (const auto& p : s.places()) {
    if (p.role == metering::node_kind::landlord_own_use) {
      out.landlord_kwh += meter_usage(s, p.meter_id, period.window(), "landlord").total;
    }
  }
  const auto& terms = s.settlement();
  if (terms.grid_master.empty()) return out;
  const auto grid = meter_usage(s, terms.grid_master, period.window(), "grid_master").total;
  out.grid_kwh = grid;
  const auto loss = grid - usage.tenant_kwh - common_area_kwh - out.landlord_kwh;
  out.loss_kwh = loss;
  out.transformers = transformer_losses(s, period);
  if (loss.is_negative()) {
    out.warnings.push_back({"negative_loss",
                            "the end-user meters read more than the grid master (LL-3)",
                            {{"grid_kwh", grid.to_string(2)}, {"loss_kwh", loss.to_string(2)}}});
    return out;
  }
  if (!terms.loss_basis) return out;
  const auto tree =
      *terms.loss_basis == allocation::basis::consumption ? electricity_tree(s) : std::nullopt;
  if (tree) return detail::losses_down_the_tree(s, *tree, usage, period, std::move(out));
  out.method = "shared site-wide by " + std::string(allocation::to_string(*terms.loss_basis));
  energy transformer_kwh;
  for (const auto& r : out.transformers) transformer_kwh += r.loss.total;
  out.lines = share_site_energy(
      s, bill::component::loss,
      transformer_kwh.is_zero() ? "losses (grid master − end users)"
                                : "losses (grid master − end users + transformer losses, TXL-1)",
      loss + transformer_kwh, *terms.loss_basis, electricity_tenants(s, usage), usage,
      period.window());
  return out;
}

}  // namespace submeter::site
