#pragma once
/// \file
/// site::two_part_charges: the second step of the site run: for each tenant under a two-part
/// tariff, the basic charge by capacity or maximum demand and the power-factor adjustment
/// (TP-2..TP-8, PF-1..PF-4), from its metered lines, its interval and its reactive data.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"
#include "submeter/tariff/two_part.hpp"

namespace submeter::site {

namespace detail {

/// The part of `series` inside `window`. Refuses (errc::not_found) data that do not cover it.
[[nodiscard]] inline metering::interval_series slice(const metering::interval_series& series,
                                                     const local_interval& window,
                                                     const std::string& meter_id) {
  const auto step = series.step();
  if (window.begin() < series.start() || series.end() < window.end() ||
      (window.begin() - series.start()) % step != decltype(step){0}) {
    throw error(errc::not_found, "interval data do not cover the billing window",
                {{"meter", meter_id},
                 {"data", local_interval::format(series.start()) + " .. " +
                              local_interval::format(series.end())},
                 {"window", local_interval::format(window.begin()) + " .. " +
                                local_interval::format(window.end())}});
  }
  const auto first = static_cast<std::size_t>((window.begin() - series.start()) / step);
  const auto count = static_cast<std::size_t>((window.end() - window.begin()) / step);
  std::vector<energy> values;
  values.reserve(count);
  for (std::size_t i = first; i < first + count; ++i) {
    values.push_back(energy::from_mantissa(series.mantissas()[i]));
  }
  return metering::interval_series::of_energy(window.begin(), step, values, series.unit());
}

}  // namespace detail

/// Reactive import (kvarh, multiplier applied) of a meter over `window`, from readings at or up
/// to 24 h before its bounds. Refuses (errc::not_found) a bound without one, and
/// (errc::inconsistent) a register that goes backwards.
[[nodiscard]] inline reactive_energy reactive_use(const site& s, const std::string& meter_id,
                                                  const local_interval& window) {
  const auto* r = s.reactive(meter_id);
  const auto at = [&](local_time t, const char* which) {
    std::optional<reactive_reading> found;
    if (r != nullptr) {
      for (const auto& x : r->readings) {
        if (x.time <= t && t - x.time <= bill::reading_tolerance) found = x;
      }
    }
    if (!found) {
      throw error(errc::not_found, "no reactive reading at a bound (power-factor adjustment)",
                  {{"meter", meter_id}, {"bound", which}, {"time", local_interval::format(t)}});
    }
    return found->kvarh;
  };
  const auto delta = at(window.end(), "end") - at(window.begin(), "start");
  if (delta.is_negative()) {
    throw error(errc::inconsistent, "a reactive register goes backwards", {{"meter", meter_id}});
  }
  return multiply<reactive_energy>(delta, s.meter(meter_id).multiplier(), rounding::half_up);
}

/// Two-part lines (basic charge, power factor) of tenant `t` under two-part tariff `tp`: the
/// capacity in operation (TP-2), or the maximum demand over `window` of its electricity meters'
/// interval data summed (TP-3), prorated by the days occupied after a move-out (TP-8); the
/// power-factor adjustment over its energy lines and basic charge (PF-4). Refuses
/// (errc::invalid_argument) a capacity tenant without its kVA, (errc::not_found) a demand tenant
/// without interval data covering the period, and what rating refuses.
[[nodiscard]] inline tariff::two_part_result two_part_lines(const site& s, const tenant& t,
                                                            const two_part_tariff& tp,
                                                            const tenant_usage& u,
                                                            const bill::billing_period& period,
                                                            const metering::demand_window& window) {
  auto terms = tp.terms;
  if (terms.basis == tariff::basic_charge_basis::capacity || terms.declared_contract) {
    if (t.capacity_kva.mantissa() <= 0) {
      throw error(errc::invalid_argument, "a two-part tenant needs its capacity in kVA",
                  {{"tenant", t.id}, {"tariff", tp.id}});
    }
    terms.capacity_kva = t.capacity_kva;
  }
  tariff::two_part_usage in;
  const auto meters = electricity_meters(s, t);
  std::vector<bill::line> energy_lines;
  for (const auto& l : u.metered.lines) {
    if (bill::is_electricity(l.component)) energy_lines.push_back(l);
  }
  for (const auto& usage : u.metered.usages) {
    if (is_water(s, usage.meter_id)) continue;
    in.metering_point_kwh.push_back(usage.total);
    in.active_kwh += usage.total;
    if (terms.pf) in.reactive_import += reactive_use(s, usage.meter_id, usage.window());
  }
  if (terms.basis == tariff::basic_charge_basis::demand) {
    std::vector<metering::interval_series> series;
    for (const auto& m : meters) {
      if (const auto* data = s.intervals(m)) series.push_back(detail::slice(*data, u.occupied, m));
    }
    if (series.empty()) {
      throw error(errc::not_found, "a demand-basis tenant needs interval data",
                  {{"tenant", t.id}, {"tariff", tp.id}});
    }
    const auto total = series.size() == 1 ? series.front() : metering::sum_series(series);
    in.max_demand = metering::max_demand(total, window).demand;
  }
  // TP-8: a tenant that used part of the month (a move-out, or a range billed with --from/--to)
  // pays the basic charge for its days.
  if (!(u.occupied == period.month())) in.days_used = days_in(u.occupied);
  return tariff::rate_two_part(meters.front(), terms, in, energy_lines, s.rule());
}

/// The two-part lines of every billed tenant whose tariff is a two-part tariff (none for the
/// others), in site_usage's order; the demand of a demand-basis tenant over `window`.
[[nodiscard]] inline tenant_lines two_part_charges(const site& s, const site_usage& usage,
                                                   const bill::billing_period& period,
                                                   const metering::demand_window& window) {
  auto out = usage.no_lines();
  for (std::size_t i = 0; i < usage.tenants.size(); ++i) {
    const auto& t = s.tenants()[usage.tenants[i].tenant_index];
    if (const auto* tp = s.two_part(t.tariff_id)) {
      out[i] = two_part_lines(s, t, *tp, usage.tenants[i], period, window).lines;
    }
  }
  return out;
}

}  // namespace submeter::site
