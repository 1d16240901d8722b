#pragma once
/// \file
/// site::site_quantities: what the site-wide steps of the site run (common areas, losses) need to
/// know of the billed tenants: each one's kWh, m³, the part of the period it occupied and what
/// its meters read. It is small (no lines) and mergeable: a site billed in parts (site/shard.hpp)
/// computes it per part and joins the parts in order, which gives the value the whole site's
/// usage gives.

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// What one of its meters read for a billed tenant in the period (the meter tree's leaf).
struct meter_total {
  std::string meter_id;
  /// The usage's total: kWh, or m³ for a water meter (1e-4 either way).
  energy total;
};

/// One billed tenant as the site-wide steps see it.
struct tenant_quantities {
  /// The tenant's place in site::tenants().
  std::size_t tenant_index = 0;
  /// Σ of its electricity meters, kWh, and of its water meters, m³.
  energy kwh;
  volume m3;
  /// The period up to the tenant's move-out.
  local_interval occupied;
  /// Each meter its bill read, in the bill's order.
  std::vector<meter_total> meters;
};

/// The billed tenants of a period (or of a range of a site's tenants), in the site's order, with
/// their totals and the usage step's warnings.
struct site_quantities {
  std::vector<tenant_quantities> tenants;
  /// Tenant id → place in `tenants`.
  std::map<std::string, std::size_t> index;
  /// Σ of the billed tenants' electricity meters, kWh, and water meters, m³.
  energy tenant_kwh;
  volume tenant_m3;
  /// "tenant_moved_out" for each tenant not billed, in the site's order.
  std::vector<warning> warnings;

  /// The billed tenant with id `id`, or nullptr.
  [[nodiscard]] const tenant_quantities* find(const std::string& id) const noexcept {
    const auto it = index.find(id);
    return it == index.end() ? nullptr : &tenants[it->second];
  }
  /// Empty line lists, one per billed tenant.
  [[nodiscard]] tenant_lines no_lines() const { return tenant_lines(tenants.size()); }

  /// Joins the quantities of the tenants that follow these in the site (the next range of a site
  /// billed in parts): tenants and warnings appended, totals added. Refuses
  /// (errc::out_of_order) a part whose first tenant does not come after this part's last, and
  /// (errc::duplicate) a tenant id already here.
  void append(site_quantities later) {
    if (!tenants.empty() && !later.tenants.empty() &&
        !(tenants.back().tenant_index < later.tenants.front().tenant_index)) {
      throw error(errc::out_of_order, "parts of a site are joined in the site's order",
                  {{"last", std::to_string(tenants.back().tenant_index)},
                   {"next", std::to_string(later.tenants.front().tenant_index)}});
    }
    const std::size_t offset = tenants.size();
    for (auto& [id, i] : later.index) {
      if (!index.emplace(id, offset + i).second) {
        throw error(errc::duplicate, "a tenant is in two parts of a site", {{"tenant", id}});
      }
    }
    for (auto& t : later.tenants) tenants.push_back(std::move(t));
    tenant_kwh += later.tenant_kwh;
    tenant_m3 += later.tenant_m3;
    for (auto& w : later.warnings) warnings.push_back(std::move(w));
  }
};

/// The quantities of the tenants billed in `usage` (usage_of's result), in its order, with its
/// totals and warnings.
[[nodiscard]] inline site_quantities quantities_of(const site_usage& usage) {
  site_quantities out;
  out.tenants.reserve(usage.tenants.size());
  for (const auto& u : usage.tenants) {
    tenant_quantities q{u.tenant_index, u.kwh, u.m3, u.occupied, {}};
    q.meters.reserve(u.metered.usages.size());
    for (const auto& m : u.metered.usages) q.meters.push_back({m.meter_id, m.total});
    out.tenants.push_back(std::move(q));
  }
  out.index = usage.index;
  out.tenant_kwh = usage.tenant_kwh;
  out.tenant_m3 = usage.tenant_m3;
  out.warnings = usage.warnings;
  return out;
}

}  // namespace submeter::site
