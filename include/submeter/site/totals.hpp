#pragma once
/// \file
/// site::totals_of: the site-wide steps of the site run, over every billed tenant at once: the
/// common areas shared (site/shares.hpp) and the losses passed on (site/losses.hpp). For a site
/// billed in parts (site/shard.hpp) this is the reduce: it runs once, on the parts' quantities
/// joined, and each part takes its tenants' lines from it (split_shares).

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/site/losses.hpp"
#include "submeter/site/pass_through.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/shares.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"
#include "submeter/site/water_losses.hpp"

namespace submeter::site {

/// The common areas and losses of a period, with every billed tenant's lines (in
/// site_quantities' order) until split_shares takes them.
struct site_totals {
  common_area_shares common;
  loss_shares losses;
  /// SUP-2 Mode B: the grid bill's shares (empty lists in Mode A).
  pass_through_totals pass_through;
  /// Format v2 `water_losses` (pass_on_water_losses): m³ in place of kWh; its lines are moved
  /// to the end of `losses.lines`, tenant by tenant.
  loss_shares water;
};

/// The common-area and loss lines of consecutive billed tenants (a part of a site), one list
/// per tenant.
struct tenant_shares {
  tenant_lines common_area;
  tenant_lines losses;
  /// SUP-2 Mode B: each tenant's share of the grid bill (empty lists in Mode A).
  tenant_lines pass_through;
};

/// share_common_areas, then pass_on_losses with the common areas' kWh, then pass_through_shares
/// (SUP-2 Mode B), then pass_on_water_losses, over the billed tenants `q`. Refuses what they
/// refuse.
[[nodiscard]] inline site_totals totals_of(const site& s, const site_quantities& q,
                                           const bill::billing_period& period) {
  auto common = detail::exactly("common_areas", std::string(),
                                [&] { return share_common_areas(s, q, period); });
  auto losses = detail::exactly("losses", std::string(),
                                [&] { return pass_on_losses(s, q, common.kwh, period); });
  auto pass = detail::exactly("pass_through", std::string(),
                              [&] { return pass_through_shares(s, q, period); });
  auto water = detail::exactly("water_losses", std::string(),
                               [&] { return pass_on_water_losses(s, q, period); });
  if (s.parts().water_losses) {
    for (std::size_t i = 0; i < water.lines.size(); ++i) {
      for (auto& l : water.lines[i]) losses.lines[i].push_back(std::move(l));
    }
  }
  water.lines.clear();
  return {std::move(common), std::move(losses), std::move(pass), std::move(water)};
}

/// Moves the tenants' lines out of `totals`, cut into consecutive parts of `counts[i]` billed
/// tenants (the parts of a site, in order); `totals` keeps what the site report needs. Refuses
/// (errc::inconsistent) counts that do not add up to the billed tenants.
[[nodiscard]] inline std::vector<tenant_shares> split_shares(
    site_totals& totals, const std::vector<std::size_t>& counts) {
  std::size_t sum = 0;
  for (const auto n : counts) sum += n;
  if (sum != totals.common.lines.size() || sum != totals.losses.lines.size() ||
      sum != totals.pass_through.lines.size()) {
    throw error(
        errc::inconsistent, "the parts of a site do not hold its billed tenants",
        {{"parts", std::to_string(sum)}, {"billed", std::to_string(totals.common.lines.size())}});
  }
  std::vector<tenant_shares> out;
  out.reserve(counts.size());
  std::size_t first = 0;
  for (const auto n : counts) {
    tenant_shares part;
    part.common_area.reserve(n);
    part.losses.reserve(n);
    part.pass_through.reserve(n);
    for (std::size_t i = first; i < first + n; ++i) {
      part.common_area.push_back(std::move(totals.common.lines[i]));
      part.losses.push_back(std::move(totals.losses.lines[i]));
      part.pass_through.push_back(std::move(totals.pass_through.lines[i]));
    }
    out.push_back(std::move(part));
    first += n;
  }
  totals.common.lines.clear();
  totals.losses.lines.clear();
  totals.pass_through.lines.clear();
  return out;
}

}  // namespace submeter::site
