#pragma once
/// \file
/// site::live_opening_of: a site's live prepaid plan (issue 17), as a store opens it the first
/// time: every tenant whose account is prepaid becomes a plan account (account id = tenant id,
/// its meters, the PP-1 levels of site.json) with its opening state (the opening balance), each
/// of its meters rated live under the tariff the monthly bill rates it by (site::usage_bill: a
/// water tariff, a price history, else the register tariff; the site's rounding rule); every
/// other meter of the site is known as not prepaid; a meter that `replaces` another of the same
/// tenant is marked so (LIFE-1: its first reading posts the replacement). The recharges
/// site.json lists are events to post live, in time order, with purchase counters 1, 2, … per
/// account. A meter under a price history with a day table and interval data has a price change
/// split by them (live_meter_of). A prepaid account on daily deduction (site.json v2 `"deduction":
/// "daily"`, 按日扣费) accrues its tenant's monthly fixed charges by day (live_daily.hpp,
/// daily_charges_of).

#include <date/date.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "submeter/allocation/property_fee.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/state.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/live_daily.hpp"
#include "submeter/site/live_rating.hpp"
#include "submeter/site/live_step.hpp"
#include "submeter/site/site.hpp"
#include "submeter/tariff/two_part.hpp"

namespace submeter::site {

/// A recharge of site.json to post live: the account and the event (ledger::recharge).
struct live_recharge {
  std::string account;
  ledger::event what;
};

/// What a store opens a site's live prepaid accounts with: the plan, the accounts' opening
/// states (in the plan's order) and the recharges of site.json (sorted by time, stable).
struct live_opening {
  live_plan plan;
  std::vector<ledger::account_state> openings;
  std::vector<live_recharge> recharges;
};

/// The tariff meter `meter_id` of tenant `t` is rated by live, as site::usage_bill rates it.
/// Refuses (errc::not_found) a tariff the site does not have.
[[nodiscard]] inline live_tariff live_tariff_of(const site& s, const tenant& t,
                                                const std::string& meter_id) {
  const auto id = meter_tariff_id(s, t, meter_id);
  if (const auto* w = s.water(id)) return *w;
  if (const auto* l = s.ladder(id)) return live_electricity_ladder{l->ladder, l->reset};
  if (const auto* h = s.versions(id)) return *h;
  return s.tariff(id);
}

/// Meter `meter_id` of tenant `t` as the live step rates it: its tariff (live_tariff_of), the
/// site's rounding rule and, under a price history whose tariff has a day table (format v2
/// `tou_periods`), the meter's interval data when the site has them (intervals.csv), which split
/// a price change as the monthly bill splits it (live_rating.hpp).
[[nodiscard]] inline live_meter live_meter_of(const site& s, const tenant& t,
                                              const std::string& meter_id) {
  auto m = live_meter::make(s.meter(meter_id), live_tariff_of(s, t, meter_id), s.rule());
  if (!std::holds_alternative<tariff::version_history>(m.tariff())) return m;
  const auto* table = s.tou_periods(meter_tariff_id(s, t, meter_id));
  const auto* series = s.intervals(meter_id);
  if (table == nullptr || series == nullptr ||
      series->value_kind() != metering::interval_series::kind::energy) {
    return m;
  }
  return m.with_intervals(*table, *series);
}

/// The meter of tenant `t` a recharge at `time` is posted to: its first meter in service then
/// (installed at or before `time`, not removed by it: after a replacement, LIFE-1, the new
/// meter), else its first meter.
[[nodiscard]] inline std::string meter_in_service(const site& s, const tenant& t, local_time time) {
  for (const auto& m : t.meter_ids) {
    const auto* place = s.place(m);
    if (place == nullptr) return m;
    if ((!place->installed || *place->installed <= time) &&
        (!place->removed || time < *place->removed)) {
      return m;
    }
  }
  return t.meter_ids.front();
}

/// What tenant `t` of site `s` accrues by day on daily deduction (live_daily.hpp): its recurring
/// charges with a monthly cycle (a charge on a longer cycle is left to the month-end true-up;
/// one on the tenant's payment bill, PAY-1, is not deducted at all), the basic charge by capacity
/// of its two-part tariff (TP-2, TP-8; not by demand, not on a longer cycle), its floor area,
/// move-in and move-out days and the site's rounding rule.
[[nodiscard]] inline live_daily_charges daily_charges_of(const site& s, const tenant& t) {
  live_daily_charges d;
  d.tenant = t.id;
  d.floor_area = t.floor_area;
  d.rule = s.rule();
  if (t.move_in) d.first_day = local_date(*t.move_in);
  if (t.move_out) d.end_day = local_date(*t.move_out);
  // PAY-1: a component on the tenant's payment bill is paid apart, never deducted.
  const auto& pay = s.issue().payments;
  const auto paid_apart = [&](bill::component c) {
    return pay && pay->billed_for(t.id).count(c) != 0;
  };
  for (const auto& c : t.recurring) {
    const auto cycle = t.charge_cycles.find(c.component());
    const bool monthly =
        allocation::months_in(c.cycle()) == 1 &&
        (cycle == t.charge_cycles.end() || allocation::months_in(cycle->second.cycle) == 1);
    if (monthly && !paid_apart(c.component())) d.charges.push_back(c);
  }
  // The basic charge by capacity of a two-part tariff, on the bill every month (no charge cycle,
  // not on a payment bill); by maximum demand it is known only at month end.
  const auto* tp = s.two_part(t.tariff_id);
  if (tp != nullptr && tp->terms.basis == tariff::basic_charge_basis::capacity &&
      t.charge_cycles.count(bill::component::capacity) == 0 && t.capacity_kva.mantissa() > 0 &&
      !paid_apart(bill::component::capacity)) {
    const auto meters = electricity_meters(s, t);
    if (!meters.empty()) {
      live_daily_capacity c;
      c.meter_id = meters.front();
      c.kva = t.capacity_kva;
      c.price = tp->terms.capacity_price;
      if (t.move_out) {
        // TP-8: a move-out inside a day charges that day in full.
        const auto day = local_date(*t.move_out);
        const bool midnight = date::local_days{day} == *t.move_out;
        c.end_day = midnight ? day : date::year_month_day{date::sys_days{day} + date::days(1)};
      }
      d.capacity = std::move(c);
    }
  }
  return d;
}

/// The live opening of site `s` (see the file comment). Refuses what live_plan::make,
/// live_meter::make and ledger::account_params::make refuse, and (errc::not_found) a tariff the
/// site does not have, each naming the tenant.
[[nodiscard]] inline live_opening live_opening_of(
    const site& s, ledger::counter_policy counters = ledger::counter_policy::allow_gap) {
  std::vector<ledger::account_params> accounts;
  std::vector<ledger::account_state> openings;
  std::vector<live_meter> meters;
  std::vector<live_recharge> recharges;
  std::set<std::string> rated;
  std::map<std::string, std::string> replaced;
  std::map<std::string, live_daily_charges> daily;
  for (const auto& t : s.tenants()) {
    if (!t.account || t.account->mode != ledger::account_mode::prepaid) continue;
    try {
      auto o = opening_of(s, t, *t.account, counters);
      for (const auto& m : t.meter_ids) {
        meters.push_back(live_meter_of(s, t, m));
        rated.insert(m);
        // LIFE-1: a meter replacing another of the same tenant (and utility) takes its place
        // on the account at its first reading (live_step.hpp, post_replacement).
        const auto* place = s.place(m);
        if (place != nullptr && !place->replaces.empty() &&
            std::find(t.meter_ids.begin(), t.meter_ids.end(), place->replaces) !=
                t.meter_ids.end()) {
          const auto* old_place = s.place(place->replaces);
          const auto medium_of = [](const meter_place* q) {
            return q == nullptr ? metering::medium::electricity : q->medium;
          };
          if (medium_of(old_place) == place->medium) replaced.emplace(m, place->replaces);
        }
      }
      std::int64_t counter = 0;
      for (const auto& r : t.account->recharges) {
        recharges.push_back({t.id, ledger::recharge(r.time, meter_in_service(s, t, r.time),
                                                    ++counter, r.amount, r.how, r.reference)});
      }
      if (t.account->daily_fixed_charges) daily.emplace(t.id, daily_charges_of(s, t));
      accounts.push_back(std::move(o.params));
      openings.push_back(std::move(o.state));
    } catch (const error& e) {
      throw e.with("tenant", t.id);
    }
  }
  std::set<std::string> others;
  for (const auto& m : s.meters()) {
    if (rated.count(m.id()) == 0) others.insert(m.id());
  }
  std::stable_sort(
      recharges.begin(), recharges.end(),
      [](const live_recharge& a, const live_recharge& b) { return a.what.time < b.what.time; });
  return {live_plan::make(std::move(accounts), std::move(meters), std::move(others),
                          std::move(daily), replaced),
          std::move(openings), std::move(recharges)};
}

/// The live state a site's live opening starts from: each account opened with its opening state.
[[nodiscard]] inline live_state open_state(const live_opening& o) {
  live_state st;
  for (std::size_t i = 0; i < o.plan.accounts().size(); ++i) {
    st.accounts.push_back(ledger::account::open(o.plan.accounts()[i], o.openings[i]));
  }
  return st;
}

}  // namespace submeter::site
