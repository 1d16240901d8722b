#pragma once
/// \file
/// site::rate_ladder: a tenant's electricity meter rated by a tiered electricity tariff of the
/// site (阶梯电价, TIER-1..TIER-3, site::electricity_ladder), and the tier counter it starts from.
///
/// The counter is the tenant's, not the meter's (TIER-3: a household's use, continuing across a
/// meter replacement, LIFE-1): at an instant it is the kWh of the tenant's meters priced by the
/// ladder from the ladder's last reset to that instant. It comes from the readings (each such
/// meter read at the reset, or at its installation after it, and at the instant), or from the
/// tenant's `tier_counter` (the counter at a later instant, carried from elsewhere) plus the
/// readings since. A monthly ladder restarts at every period start: its counter there is zero and
/// needs no reading. Inside a period, the tenant's meters are rated in the tenant's order, each
/// from the counter the earlier ones left (usage_bill), so tier-1 kWh are never charged twice.

#include <optional>
#include <string>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/site/site.hpp"
#include "submeter/tariff/tier_reset.hpp"
#include "submeter/tariff/tiers.hpp"

namespace submeter::site {

namespace detail {

/// kWh of meter `meter_id` of tenant `t` over the part of [from, to) it was in service; refuses
/// (errc::not_found) a meter without readings at those bounds, naming what the counter needs.
[[nodiscard]] inline energy counter_use(const site& s, const tenant& t, const std::string& meter_id,
                                        local_time from, local_time to, const std::string& ladder) {
  if (!(from < to)) return energy{};
  const auto w = meter_window(s, t, meter_id, local_interval::make(from, to));
  if (!w) return energy{};
  const auto* series = s.series(meter_id);
  std::optional<metering::register_reading> a;
  std::optional<metering::register_reading> b;
  if (series != nullptr) {
    a = series->at_or_before(w->begin(), bill::reading_tolerance);
    b = series->at_or_before(w->end(), bill::reading_tolerance);
  }
  if (!a || !b) {
    throw error(errc::not_found, "a tier counter needs the meter's readings since the last reset",
                {{"tenant", t.id},
                 {"meter", meter_id},
                 {"tariff", ladder},
                 {"from", local_interval::format(w->begin())},
                 {"to", local_interval::format(w->end())},
                 {"expected",
                  "readings at both instants, or the tenant's tier_counter (docs/formats.md)"}});
  }
  if (!(a->time < b->time)) return energy{};
  return metering::usage(s.meter(meter_id), *a, *b, rounding::half_up).total;
}

}  // namespace detail

/// TIER-3: tenant `t`'s counter of ladder `l` at `at`: the kWh of its meters priced by `l`
/// (meter_tariff_id) from the last reset at or before `at` to `at`, from the tenant's
/// tier_counter when it was taken after that reset and at or before `at` (its kWh plus the use
/// since), else from the readings at the reset. Zero at a reset. Refuses (errc::not_found) a
/// meter without the readings it needs.
[[nodiscard]] inline energy ladder_counter_at(const site& s, const tenant& t,
                                              const electricity_ladder& l, local_time at) {
  const auto reset = l.reset.last_at_or_before(at);
  local_time from = reset;
  energy counter{};
  if (t.tier_counter && reset <= t.tier_counter->time && t.tier_counter->time <= at) {
    from = t.tier_counter->time;
    counter = t.tier_counter->kwh;
  }
  for (const auto& m : t.meter_ids) {
    if (is_water(s, m) || meter_tariff_id(s, t, m) != l.id()) continue;
    counter += detail::counter_use(s, t, m, from, at, l.id());
  }
  return counter;
}

/// "monthly" or "yearly from MM-01": how a ladder's counter restarts, as a bill line says it.
[[nodiscard]] inline std::string reset_text(const tariff::tier_reset& r) {
  if (r.every == tariff::tier_reset::cycle::monthly) return "monthly";
  return std::string("yearly from ") + (r.month < 10 ? "0" : "") + std::to_string(r.month) + "-" +
         (r.day < 10 ? "0" : "") + std::to_string(r.day);
}

/// TIER-1..TIER-3: meter `meter_id`'s `kwh` rated by ladder `l` from the tenant's counter
/// `counter` (kWh since the last reset): one energy line per tier it reaches, each with its tier,
/// explained "<kWh> × <price> [tier k of <tariff>, counter <reset> from <counter> kWh]". Refuses
/// what tiered_tariff::rate refuses.
[[nodiscard]] inline std::vector<bill::line> rate_ladder(const site& s, const electricity_ladder& l,
                                                         const std::string& meter_id, energy kwh,
                                                         energy counter, std::int64_t days) {
  tariff::tier_counter<energy> before;
  before.pooled = counter;
  auto lines = l.ladder.rate(meter_id, {{0, kwh}}, before, days, s.rule()).lines;
  for (auto& line : lines) {
    line.explanation += " [tier " + std::to_string(line.tier) + " of " + l.id() + ", counter " +
                        reset_text(l.reset) + " from " +
                        bill::group_thousands(counter.to_string(2)) + " kWh]";
  }
  return lines;
}

}  // namespace submeter::site
