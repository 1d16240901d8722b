#pragma once
/// \file
/// site::usage_of: the first step of the site run: each tenant's meters read at the bounds of
/// the part of the period they were in service and rated by their tariffs into energy and water
/// lines (site::usage_bill); the tenants' kWh and m³; the earlier months' kWh a bill shows.

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/site/interval_split.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/tiered_energy.hpp"
#include "submeter/tariff/price_version.hpp"
#include "submeter/tariff/register_tariff.hpp"
#include "submeter/tariff/version_split.hpp"

namespace submeter::site {

namespace detail {

/// Runs `step` of the site run (its name, e.g. "usage") for `tenant` (empty: the whole site) and
/// returns its result, turning the core's std::overflow_error into bad input: a site whose
/// values, each within what the site files may give (docs/formats.md "Limits"), combine into an
/// amount or quantity too large to compute exactly is refused (errc::invalid_argument, naming
/// the step, the tenant and the operation), not reported as an internal error.
template <class Step>
auto exactly(const char* step, const std::string& tenant, Step&& compute) -> decltype(compute()) {
  try {
    return std::forward<Step>(compute)();
  } catch (const std::overflow_error& e) {
    std::vector<context_item> context{{"step", step}};
    if (!tenant.empty()) context.push_back({"tenant", tenant});
    context.push_back({"detail", e.what()});
    throw error(errc::invalid_argument,
                "the site's values are too large to bill exactly (arithmetic overflow)",
                std::move(context));
  }
}

[[nodiscard]] inline metering::register_reading reading_at_bound(const site& s,
                                                                 const std::string& meter_id,
                                                                 const std::string& tenant_id,
                                                                 local_time bound,
                                                                 const char* which) {
  const auto* series = s.series(meter_id);
  std::optional<metering::register_reading> r;
  if (series != nullptr) r = series->at_or_before(bound, bill::reading_tolerance);
  if (!r) {
    throw error(errc::not_found, "no reading at a bound of the billing period",
                {{"tenant", tenant_id},
                 {"meter", meter_id},
                 {"bound", which},
                 {"time", local_interval::format(bound)},
                 {"expected", "a reading at or up to 24 h before the bound"}});
  }
  return *r;
}

}  // namespace detail

/// The electricity usage of any meter of the site over `window` (billing_period policy:
/// multiplier products rounded half_up to 1e-4), or nullopt without readings at its bounds.
[[nodiscard]] inline std::optional<metering::register_usage> try_meter_usage(
    const site& s, const std::string& meter_id, const local_interval& window) {
  const auto* series = s.series(meter_id);
  if (series == nullptr) return std::nullopt;
  const auto from = series->at_or_before(window.begin(), bill::reading_tolerance);
  const auto to = series->at_or_before(window.end(), bill::reading_tolerance);
  if (!from || !to || !(from->time < to->time)) return std::nullopt;
  return metering::usage(s.meter(meter_id), *from, *to, rounding::half_up);
}

/// The usage of a meter that must have readings at the bounds of `window`; `role` names what it
/// is for in the refusal (errc::not_found).
[[nodiscard]] inline metering::register_usage meter_usage(const site& s,
                                                          const std::string& meter_id,
                                                          const local_interval& window,
                                                          const std::string& role) {
  auto u = try_meter_usage(s, meter_id, window);
  if (!u) {
    throw error(errc::not_found, "no readings at the bounds of the billing period",
                {{"meter", meter_id},
                 {"role", role},
                 {"period", local_interval::format(window.begin()) + " .. " +
                                local_interval::format(window.end())}});
  }
  return *u;
}

/// One meter's usage between reads `from` and `to` over `window` (the part of the period it was
/// in service) and its lines, rated as usage_bill rates it: the meter's tariff (its own, else the
/// tenant's): flat or TOU energy lines split at price versions (TOU-5, `as_issued` replacing a
/// tariff's history when given), tiered water lines (TIER-3), or tiered electricity lines
/// (site/tiered_energy.hpp) from `tier_counter` (default: the tenant's counter at the window's
/// start, ladder_counter_at); a replaced meter's lines say so. Refuses what rating refuses.
struct rated_meter {
  metering::register_usage usage;
  std::vector<bill::line> lines;
};

[[nodiscard]] inline rated_meter rate_meter(
    const site& s, const tenant& t, const std::string& meter_id, const local_interval& window,
    const metering::register_reading& from, const metering::register_reading& to,
    const std::map<std::string, tariff::version_history>* as_issued = nullptr,
    std::optional<energy> tier_counter = std::nullopt) {
  const auto& m = s.meter(meter_id);
  auto u = metering::usage(m, from, to, rounding::half_up);
  const auto tariff_id = meter_tariff_id(s, t, meter_id);
  std::vector<bill::line> meter_lines;
  if (const auto* w = s.water(tariff_id)) {
    const auto m3 = volume::from_mantissa(u.total.mantissa());  // readings.csv: m³ at 1e-4
    meter_lines = w->rate(meter_id, {{0, m3}}, {}, days_in(window), s.rule()).lines;
  } else if (const auto* l = s.ladder(tariff_id)) {
    const auto counter = tier_counter ? *tier_counter : ladder_counter_at(s, t, *l, window.begin());
    meter_lines = rate_ladder(s, *l, meter_id, u.total, counter, days_in(window));
  } else {
    const tariff::version_history* h = s.versions(tariff_id);
    if (as_issued != nullptr) {
      const auto it = as_issued->find(tariff_id);
      if (it != as_issued->end()) h = &it->second;
    }
    if (h != nullptr) {
      std::vector<metering::register_reading> inside;
      for (const auto& r : s.series(meter_id)->readings()) {
        if (window.begin() < r.time && r.time < window.end()) inside.push_back(r);
      }
      // Format v2 `tou_periods`: interval data covering the window split a price change by
      // the energy before and after the instant (reads at the instant still come first).
      std::vector<tariff::interval_series> by_register;
      const auto* table = s.tou_periods(tariff_id);
      const auto* series = s.intervals(meter_id);
      if (table != nullptr && series != nullptr) {
        by_register = interval_split_series(meter_id, *series, *table, window);
      }
      meter_lines = tariff::rate_versions(*h, u, s.rule(), inside, by_register);
    } else {
      meter_lines = tariff::rate(s.tariff(tariff_id), u, s.rule());
    }
  }
  if (const auto* p = s.place(meter_id); p != nullptr && (p->removed || p->installed)) {
    const std::string note =
        p->removed ? " [meter removed " + local_interval::format(*p->removed) + "]"
                   : " [meter installed " + local_interval::format(*p->installed) +
                         (p->replaces.empty() ? std::string() : ", replaces " + p->replaces) + "]";
    for (auto& l : meter_lines) l.explanation += note;
  }
  return {std::move(u), std::move(meter_lines)};
}

/// Bills one tenant's meters for `period` under the site's rounding rule: for each meter, the
/// usage between the readings at the bounds of the part of the period it was in service
/// (billing_period policy; multiplier products rounded half_up to 1e-4), rated by its tariff
/// (the meter's own, else the tenant's): flat or TOU energy lines, split at price versions
/// (TOU-5: reads at the change instant, else by days), or tiered water lines (TIER-3, reset each
/// month). A replaced meter is billed to its removal and its successor from its installation; a
/// tenant moving out is billed to the move-out. `as_issued`, when given, replaces a tariff's
/// price history (re-rating bills as they were issued). Refuses (errc::not_found) a meter without
/// a reading at a bound, a tenant none of whose meters was in service, and whatever rating
/// refuses.
[[nodiscard]] inline bill::bill usage_bill(
    const site& s, const tenant& t, const bill::billing_period& period,
    const std::map<std::string, tariff::version_history>* as_issued = nullptr) {
  std::vector<metering::register_usage> usages;
  std::vector<bill::line> lines;
  std::vector<bill::read_note> reads;
  // TIER-3: each electricity ladder's counter, the tenant's, carried from meter to meter.
  std::map<std::string, energy> counters;
  for (const auto& meter_id : t.meter_ids) {
    const auto window = meter_window(s, t, meter_id, period.window());
    if (!window) continue;
    const auto from = detail::reading_at_bound(s, meter_id, t.id, window->begin(), "start");
    const auto to = detail::reading_at_bound(s, meter_id, t.id, window->end(), "end");
    if (!(from.time < to.time)) {
      throw error(errc::not_found, "no reading inside the billing period",
                  {{"tenant", t.id}, {"meter", meter_id}, {"period", period.label()}});
    }
    std::optional<energy> counter;
    if (const auto* l =
            is_water(s, meter_id) ? nullptr : s.ladder(meter_tariff_id(s, t, meter_id))) {
      auto it = counters.find(l->id());
      if (it == counters.end()) {
        it = counters.emplace(l->id(), ladder_counter_at(s, t, *l, period.window().begin())).first;
      }
      counter = it->second;
      it->second += metering::usage(s.meter(meter_id), from, to, rounding::half_up).total;
    }
    auto rated = rate_meter(s, t, meter_id, *window, from, to, as_issued, counter);
    for (auto& l : rated.lines) lines.push_back(std::move(l));
    // QUAL-1: the reads at the bounds that are not actual, start then end, by register.
    for (const auto* n : s.read_notes_at(meter_id, from.time)) reads.push_back(*n);
    for (const auto* n : s.read_notes_at(meter_id, to.time)) reads.push_back(*n);
    usages.push_back(std::move(rated.usage));
  }
  if (usages.empty()) {
    throw error(errc::not_found, "no meter of the tenant was in service in the period",
                {{"tenant", t.id}, {"period", period.label()}});
  }
  auto b = bill::assemble(t.id, t.name, period.label(), t.tariff_id, std::move(usages),
                          std::move(lines), s.rule());
  b.reads = std::move(reads);
  return b;
}

/// One tenant billed in the period: its metered lines and usages, what they add up to, and the
/// part of the period it occupied.
struct tenant_usage {
  /// The tenant's place in site::tenants().
  std::size_t tenant_index = 0;
  /// usage_bill: the meters' energy and water lines and their usages.
  bill::bill metered;
  /// Σ of its electricity meters, kWh, and of its water meters, m³.
  energy kwh;
  volume m3;
  /// The period up to the tenant's move-out.
  local_interval occupied;
};

/// Lines for the tenants billed in a period: one list per tenant, in site_usage's order.
using tenant_lines = std::vector<std::vector<bill::line>>;

/// The tenants billed in a period, in the site's order (a tenant that moved out before the
/// period is not billed), with the site's totals.
struct site_usage {
  std::vector<tenant_usage> tenants;
  /// Tenant id → place in `tenants`.
  std::map<std::string, std::size_t> index;
  /// Σ of the billed tenants' electricity meters, kWh, and water meters, m³.
  energy tenant_kwh;
  volume tenant_m3;
  /// "tenant_moved_out" for each tenant not billed.
  std::vector<warning> warnings;

  /// The billed tenant with id `id`, or nullptr.
  [[nodiscard]] const tenant_usage* find(const std::string& id) const noexcept {
    const auto it = index.find(id);
    return it == index.end() ? nullptr : &tenants[it->second];
  }
  /// Empty line lists, one per billed tenant.
  [[nodiscard]] tenant_lines no_lines() const { return tenant_lines(tenants.size()); }
};

/// The usage_bill for `period` of every tenant in `range`, in the site's order, and their totals.
/// A tenant that moved out at or before the period's start is not billed (none of its meters was
/// in service): a warning "tenant_moved_out" names it. The usage of a site billed in parts is the
/// parts' usages one after the other. Refuses (errc::invalid_argument) a range beyond the site's
/// tenants, and what usage_bill refuses.
[[nodiscard]] inline site_usage usage_of(const site& s, const bill::billing_period& period,
                                         const tenant_range& range) {
  if (range.last < range.first || s.tenants().size() < range.last) {
    throw error(errc::invalid_argument, "a range of tenants beyond the site's tenants",
                {{"first", std::to_string(range.first)},
                 {"last", std::to_string(range.last)},
                 {"tenants", std::to_string(s.tenants().size())}});
  }
  site_usage out;
  out.tenants.reserve(range.size());
  for (std::size_t i = range.first; i < range.last; ++i) {
    const auto& t = s.tenants()[i];
    if (t.move_out && !(period.window().begin() < *t.move_out)) {
      out.warnings.push_back({"tenant_moved_out",
                              "the tenant moved out before the period and is not billed",
                              {{"tenant", t.id},
                               {"move_out", local_interval::format(*t.move_out)},
                               {"period", period.label()}}});
      continue;
    }
    if (t.move_in && !(*t.move_in < period.window().end())) {
      out.warnings.push_back({"tenant_not_yet_moved_in",
                              "the tenant moves in after the period and is not billed",
                              {{"tenant", t.id},
                               {"move_in", local_interval::format(*t.move_in)},
                               {"period", period.label()}}});
      continue;
    }
    auto u = detail::exactly("usage", t.id, [&] {
      tenant_usage tu{i, usage_bill(s, t, period), {}, {}, period.window()};
      if (const auto w = meter_window(s, t, "", period.window())) tu.occupied = *w;
      for (const auto& m : tu.metered.usages) {
        if (is_water(s, m.meter_id)) {
          tu.m3 += volume::from_mantissa(m.total.mantissa());
        } else {
          tu.kwh += m.total;
        }
      }
      out.tenant_kwh += tu.kwh;
      out.tenant_m3 += tu.m3;
      return tu;
    });
    out.index.emplace(t.id, out.tenants.size());
    out.tenants.push_back(std::move(u));
  }
  return out;
}

/// usage_of every tenant of the site.
[[nodiscard]] inline site_usage usage_of(const site& s, const bill::billing_period& period) {
  return usage_of(s, period, all_tenants(s));
}

/// The billed tenants that have an electricity meter, in the site's order (the sharers of a
/// common area without its own list, and of site-wide losses). `Usage` is site_usage or
/// site_quantities (site/quantities.hpp): anything whose `tenants` have a `tenant_index`.
template <class Usage>
[[nodiscard]] std::vector<std::string> electricity_tenants(const site& s, const Usage& usage) {
  std::vector<std::string> out;
  for (const auto& u : usage.tenants) {
    const auto& t = s.tenants()[u.tenant_index];
    if (!electricity_meters(s, t).empty()) out.push_back(t.id);
  }
  return out;
}

/// Earlier periods' electricity kWh of a tenant, oldest first: up to `months` periods before
/// `period`, stopping at the first without readings (the bill's history chart).
[[nodiscard]] inline std::vector<bill::usage_history> usage_history(
    const site& s, const tenant& t, const bill::billing_period& period, int months) {
  std::vector<bill::usage_history> out;
  auto p = period;
  for (int k = 0; k < months; ++k) {
    p = p.shifted(-1);
    energy kwh;
    bool any = false;
    for (const auto& m : electricity_meters(s, t)) {
      const auto w = meter_window(s, t, m, p.window());
      if (!w) continue;
      if (const auto u = try_meter_usage(s, m, *w)) {
        kwh += u->total;
        any = true;
      }
    }
    if (!any) break;
    out.push_back({p.label(), kwh});
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace submeter::site
