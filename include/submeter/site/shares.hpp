#pragma once
/// \file
/// site::share_common_areas: the third step of the site run: each common-area meter's kWh,
/// valued at the catalogue price, shared among its tenants (CA-1..CA-4) as common_area lines kept
/// off the electricity bill (SUP-1, SUP-2 Mode A: recovered beside the property fee); and the
/// sharing of a site amount that losses use too.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/share.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// The site's catalogue price, which values common area and losses (SUP-2 Mode A). Refuses
/// (errc::invalid_argument) a site without one, naming `what` needed it.
[[nodiscard]] inline energy_price catalogue_price(const site& s, const std::string& what) {
  const auto& price = s.settlement().catalogue_price;
  if (!price) {
    throw error(errc::invalid_argument, "sharing common area or losses needs a catalogue price",
                {{"what", what}});
  }
  return *price;
}

/// The sharers `ids` (billed tenants) with their kWh, m³ and floor area. A tenant that moved in
/// or out during the period shares by area or equally for the days it occupied (CA-3); its kWh
/// already reflect them.
[[nodiscard]] inline std::vector<allocation::sharer> sharers_of(const site& s,
                                                                const std::vector<std::string>& ids,
                                                                const site_quantities& usage,
                                                                allocation::basis basis,
                                                                const local_interval& period) {
  std::vector<allocation::sharer> out;
  for (const auto& id : ids) {
    const auto& u = usage.tenants[usage.index.at(id)];
    allocation::sharer x;
    x.id = id;
    x.consumption = u.kwh;
    x.water = u.m3;
    x.floor_area = s.tenants()[u.tenant_index].floor_area;
    if (basis != allocation::basis::consumption &&
        (u.occupied.end() < period.end() || period.begin() < u.occupied.begin())) {
      x.occupied = allocation::occupancy{days_in(u.occupied), days_in(period)};
    }
    out.push_back(std::move(x));
  }
  return out;
}

/// Shares `kwh` valued at the catalogue price (half-up to the bill's places) among the billed
/// tenants `ids` by `basis` (largest remainder, allocation::share_lines), one `what` line each,
/// explained as "<label>: <kWh> kWh × <price> = <value>; share …". Refuses a site without a
/// catalogue price, even when there is nothing to share.
[[nodiscard]] inline tenant_lines share_site_energy(const site& s, bill::component what,
                                                    const std::string& label, energy kwh,
                                                    allocation::basis basis,
                                                    const std::vector<std::string>& ids,
                                                    const site_quantities& usage,
                                                    const local_interval& period) {
  const auto price = catalogue_price(s, label);
  auto out = usage.no_lines();
  if (ids.empty() || kwh.is_zero()) return out;
  const auto value =
      round(multiply<money>(kwh, price, rounding::half_up), s.rule().places, s.rule().mode);
  const auto lines = allocation::share_lines(what, value, sharers_of(s, ids, usage, basis, period),
                                             allocation::share_method::by(basis), s.rule());
  const std::string head = label + ": " + bill::group_thousands(kwh.to_string(2)) + " kWh × " +
                           price.to_string(2) + " = " + bill::group_thousands(value.to_string(2)) +
                           "; ";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto l = lines[i];
    l.explanation = head + l.explanation;
    out[usage.index.at(ids[i])].push_back(std::move(l));
  }
  return out;
}

/// The common areas' kWh and the tenants' shares of them.
struct common_area_shares {
  /// Σ of the common-area meters, kWh.
  energy kwh;
  tenant_lines lines;
};

/// CA-1..CA-4, SUP-2 Mode A: every common area's kWh over the period, shared among its tenants
/// (all billed tenants with an electricity meter when it names none; a named tenant that moved
/// out before the period has no share) as common_area lines. Refuses (errc::not_found) a
/// common-area meter without readings at the bounds, and a site without a catalogue price.
[[nodiscard]] inline common_area_shares share_common_areas(const site& s,
                                                           const site_quantities& usage,
                                                           const bill::billing_period& period) {
  common_area_shares out{{}, usage.no_lines()};
  const auto everyone = electricity_tenants(s, usage);
  for (const auto& c : s.common_areas()) {
    const auto u = meter_usage(s, c.meter_id, period.window(), "common_area " + c.id);
    out.kwh += u.total;
    std::vector<std::string> ids;
    for (const auto& id : c.tenant_ids.empty() ? everyone : c.tenant_ids) {
      if (usage.find(id) != nullptr) ids.push_back(id);
    }
    auto shares = share_site_energy(s, bill::component::common_area,
                                    "common area " + c.id + " (" + c.meter_id + ")", u.total,
                                    c.basis, ids, usage, period.window());
    for (std::size_t i = 0; i < shares.size(); ++i) {
      for (auto& l : shares[i]) out.lines[i].push_back(std::move(l));
    }
  }
  return out;
}

}  // namespace submeter::site
