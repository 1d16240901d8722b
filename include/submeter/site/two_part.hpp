#pragma once
/// \file
/// site::two_part_charges: the second step of the site run: for each tenant under a two-part
/// tariff, the basic charge by capacity or maximum demand and the power-factor adjustment
/// (TP-2..TP-8, PF-1..PF-4), from its metered lines, its interval and its reactive data.

#include <date/date.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
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
#include "submeter/site/charge_cycles.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"
#include "submeter/tariff/demand_charge.hpp"
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

/// The tenant's maximum demand over `window` from its electricity meters' interval data summed
/// (TP-3, TP-5 per line summed), or nullopt when a meter has none or they do not cover it.
[[nodiscard]] inline std::optional<power> covered_demand(const site& s, const tenant& t,
                                                         const local_interval& window,
                                                         const metering::demand_window& how) {
  std::vector<metering::interval_series> series;
  for (const auto& m : electricity_meters(s, t)) {
    const auto* data = s.intervals(m);
    if (data == nullptr || window.begin() < data->start() || data->end() < window.end()) {
      return std::nullopt;
    }
    series.push_back(slice(*data, window, m));
  }
  if (series.empty()) return std::nullopt;
  const auto total = series.size() == 1 ? series.front() : metering::sum_series(series);
  return metering::max_demand(total, how).demand;
}

/// The look-back months of ratchet `r` before `current`: each from the tenant's demand_history
/// when it gives the month, else from the site's interval data when they cover it; a month
/// neither gives is left out (and the bill says how many were known).
[[nodiscard]] inline std::vector<tariff::month_peak> ratchet_history(
    const site& s, const tenant& t, const tariff::ratchet& r, date::year_month current,
    const metering::demand_window& how) {
  std::vector<tariff::month_peak> out;
  for (int k = 1; k <= r.lookback_months; ++k) {
    const auto ym = current - date::months{k};
    bool given = false;
    for (const auto& h : t.demand_history) {
      if (h.month != ym) continue;
      out.push_back(h);
      given = true;
    }
    if (given) continue;
    const auto month = bill::billing_period::parse(tariff::month_text(ym)).window();
    if (const auto peak = covered_demand(s, t, month, how)) out.push_back({ym, *peak});
  }
  return out;
}

/// "billing demand 300 kW = 75 % of the 2026-04 peak (look-back 11 months, 4 known); 2026-07
/// peak 100 kW": why a ratcheted month bills the demand it does.
[[nodiscard]] inline std::string ratchet_reason(const tariff::ratchet& r, date::year_month current,
                                                power peak, const tariff::billing_demand& b,
                                                std::size_t known) {
  std::string why = "ratchet: billing demand " + b.demand.to_string(2) + " kW = ";
  if (b.basis == "lookback" && b.from_month) {
    const auto pct = r.percent_by_month[static_cast<unsigned>(b.from_month->month()) - 1];
    const auto percent = decimal<dimension::ratio, 7>::from_mantissa(pct.mantissa());
    why += percent.to_string(0) + " % of the " + tariff::month_text(*b.from_month) + " peak";
  } else if (b.basis == "minimum") {
    why += "the minimum";
  } else {
    why += "the month's peak";
  }
  return why + " (look-back " + std::to_string(r.lookback_months) + " months, " +
         std::to_string(known) + " known); " + tariff::month_text(current) + " peak " +
         peak.to_string(2) + " kW; ";
}

}  // namespace detail

/// TP-8 over a part of a cycle, [from, to) local dates: each calendar month wholly inside counts
/// 30 days, a month partly inside its days in it, at most 30; the part's charge is the monthly
/// charge × those days ÷ 30, exact.
[[nodiscard]] inline std::int64_t tp8_days(date::year_month_day from, date::year_month_day to) {
  std::int64_t days = 0;
  auto m = date::year_month{from.year(), from.month()};
  while (date::sys_days{m / date::day(1)} < date::sys_days{to}) {
    const date::sys_days mb{m / date::day(1)};
    const date::sys_days me{(m + date::months(1)) / date::day(1)};
    const auto b = std::max(mb, date::sys_days{from});
    const auto e = std::min(me, date::sys_days{to});
    const auto d = (e - b).count();
    days += (b == mb && e == me) ? 30 : std::min<std::int64_t>(d, 30);
    m += date::months(1);
  }
  return days;
}

/// The capacity lines of tenant `t` with a basic-charge cycle (format v2) that the bill of
/// `period` carries (site/charge_cycles.hpp): kVA × price × TP-8 days ÷ 30 of each part, a refund
/// negative; a part day at a move-out counts as a whole day (TP-8).
[[nodiscard]] inline std::vector<bill::line> capacity_cycle_lines(
    const site& s, const tenant& t, const tariff::two_part_tariff& terms,
    const allocation::cycle_terms& cycle, const bill::billing_period& period,
    const std::string& meter_id) {
  std::optional<date::year_month_day> in;
  std::optional<date::year_month_day> out_day;
  if (t.move_in) in = local_date(*t.move_in);
  if (t.move_out) {
    auto d = date::sys_days{local_date(*t.move_out)};
    if (date::local_days{date::year_month_day{d}} != *t.move_out) d += date::days(1);  // part day
    out_day = date::year_month_day{d};
  }
  std::vector<bill::line> lines;
  const auto monthly =
      multiply<bill::exact_money>(t.capacity_kva, terms.capacity_price, rounding::half_up);
  for (const auto& p : cycle_parts(cycle, period, in, out_day)) {
    const auto days = p.refund ? tp8_days(p.charged_from, p.to) - tp8_days(p.charged_from, p.from)
                               : tp8_days(p.from, p.to);
    auto exact = scale_by(monthly, days, 30, rounding::half_up);
    if (p.refund) exact = -exact;
    std::string text =
        std::string(p.refund ? "refund of the basic charge paid in advance for days "
                               "not occupied: "
                             : "basic charge (capacity, TP-2): ") +
        bill::group_thousands(t.capacity_kva.to_string(2)) + " kVA × " +
        terms.capacity_price.to_string(2) + " yuan/kVA·month × " + std::to_string(days) +
        "/30 months (TP-8; " + std::string(allocation::to_string(cycle.cycle)) + " " +
        std::string(allocation::to_string(cycle.billing)) + ", cycle " +
        date::format("%F", p.cycle_begin) + "/" + date::format("%F", p.cycle_end) + ", days " +
        date::format("%F", p.from) + "/" + date::format("%F", p.to) + ")";
    auto l = bill::amount_line(bill::component::capacity, meter_id, exact, text, s.rule());
    l.quantity = bill::as_line_quantity(t.capacity_kva);
    l.unit = "kVA";
    // The unit price is shown only when the amount is quantity × unit price (one whole month, no
    // refund); a cycle of several months or a part of one is shown without a price, its text
    // saying how it was computed (as issued-bill readers check, rerate_json.hpp).
    if (!p.refund && days == 30) {
      l.unit_price = bill::as_line_price(terms.capacity_price);
      l.price_unit = "yuan/kVA·month";
    }
    l.window = local_interval::make(date::local_days{p.from.year() / p.from.month() / p.from.day()},
                                    date::local_days{p.to.year() / p.to.month() / p.to.day()});
    lines.push_back(std::move(l));
  }
  return lines;
}

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
/// power-factor adjustment over its energy lines and basic charge (PF-4); with a ratchet, the
/// demand billed is tariff::ratchet_demand of the month's peak and the look-back months
/// (detail::ratchet_history), its line saying why. Refuses
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
  // TP-8: a tenant that used part of the month (a move-in, a move-out, or a range billed with
  // --from/--to) pays the basic charge for its days.
  if (!(u.occupied == period.month())) in.days_used = days_in(u.occupied);
  // The ratchet: the demand billed is the largest of the month's peak, the minimum and a
  // percentage of each look-back month's peak.
  std::string ratchet_note;
  if (terms.basis == tariff::basic_charge_basis::demand && tp.ratchet) {
    const auto ymd = local_date(period.window().begin());
    const date::year_month current{ymd.year(), ymd.month()};
    const auto history = detail::ratchet_history(s, t, *tp.ratchet, current, window);
    const auto peak = in.max_demand;
    const auto billed = tariff::ratchet_demand(*tp.ratchet, current, peak, history);
    in.max_demand = billed.demand;
    ratchet_note = detail::ratchet_reason(*tp.ratchet, current, peak, billed, history.size());
  }
  auto r = tariff::rate_two_part(meters.front(), terms, in, energy_lines, s.rule());
  if (!ratchet_note.empty()) {
    for (auto& l : r.lines) {
      if (l.component == bill::component::demand) l.explanation = ratchet_note + l.explanation;
    }
  }
  // Format v2: a basic charge by capacity with a cycle replaces the month's capacity line by the
  // cycle parts this bill carries (the power-factor adjustment stays on the month's, PF-4).
  const auto cycle = t.charge_cycles.find(bill::component::capacity);
  if (cycle != t.charge_cycles.end() && terms.basis == tariff::basic_charge_basis::capacity) {
    std::vector<bill::line> lines;
    for (auto& l : r.lines) {
      if (l.component == bill::component::capacity) {
        for (auto& c : capacity_cycle_lines(s, t, terms, cycle->second, period, meters.front())) {
          lines.push_back(std::move(c));
        }
      } else {
        lines.push_back(std::move(l));
      }
    }
    r.lines = std::move(lines);
  }
  return r;
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
