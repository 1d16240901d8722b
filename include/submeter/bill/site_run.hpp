#pragma once
/// \file
/// bill::run_site: the main job of DESIGN.md for a whole site and month (site format v1).
///
/// For each tenant: the meters' energy and water lines (bill_tenant), the two-part basic charge
/// and power-factor adjustment (TP-2..TP-8, PF-1..PF-4), the common area's and the losses' shares
/// valued at the catalogue price and kept off the electricity bill (SUP-1, SUP-2 Mode A, CA-1..
/// CA-4, LL-5), property fee and rent for the days occupied, and the re-rating (电费退补, RETRO-1)
/// of the previous month's bills under price versions published in this period; then the bill is
/// posted to the tenant's account (prepaid deduction with alarms and the relay decision, postpaid
/// receivable, closing on move-out). The site report adds the summary, the master-bill
/// reconciliation, the 转供电 compliance report and the list of alarms and relay decisions.
/// Pure: a function of the site and the period.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/line_loss.hpp"
#include "submeter/allocation/property_fee.hpp"
#include "submeter/allocation/reconciliation.hpp"
#include "submeter/allocation/share.hpp"
#include "submeter/bill/bill.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/site.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/metering/meter_tree.hpp"
#include "submeter/rerate/retroactive.hpp"
#include "submeter/tariff/two_part.hpp"

namespace submeter::bill {

/// The amount of one component over the site's bills, to 0.0001 yuan (a site's sums exceed what
/// an exact 1e-10 amount holds; lines rounded per line are exact at 1e-4).
struct component_total {
  std::string component;
  money amount;
};

/// The loss at one meter of the tree that has meters below it (LL-1).
struct node_loss_row {
  std::string meter_id;
  energy quantity;
  energy children;
  energy loss;
  /// loss ÷ quantity × 100, to 4 places.
  allocation::percent percent;
};

/// The site summary of one period.
struct site_summary {
  std::string site;
  std::string period;
  std::size_t bills = 0;
  /// Σ of the tenants' electricity meters, kWh, and water meters, m³.
  energy tenant_kwh;
  volume tenant_m3;
  /// The common-area, landlord and grid master kWh, and the losses (grid − Σ end users).
  energy common_area_kwh;
  energy landlord_kwh;
  std::optional<energy> grid_kwh;
  std::optional<energy> loss_kwh;
  /// How the losses were passed on: "down the meter tree (LL-4)" or "shared site-wide by …".
  std::string loss_method;
  /// Down the tree: every meter with meters below it, and the losses kept by the landlord
  /// (those received by common-area and own-use meters, and rounding residues).
  std::vector<node_loss_row> node_losses;
  energy loss_kept_by_landlord;
  /// Σ of the bills' totals.
  money total;
  /// Per component, in the order components first appear.
  std::vector<component_total> by_component;
  /// Accounts by mode and prepaid accounts by level at the period end.
  std::size_t prepaid = 0;
  std::size_t postpaid = 0;
  std::map<std::string, std::size_t> by_level;
};

/// One tenant's alarms and relay decision at the period end (prepaid accounts).
struct site_alarm {
  std::string tenant_id;
  std::string tenant_name;
  std::string level;
  money balance;
  std::vector<std::string> notices;
  bool cut = false;
  bool relay_closed = true;
  std::vector<std::string> reasons;
};

/// What run_site reports besides the bills.
struct site_report {
  site_summary summary;
  /// When the site names a grid master meter and the period's grid bill.
  std::optional<allocation::reconciliation_report> reconciliation;
  /// When the site names the period's grid bill.
  std::optional<compliance_report> compliance;
  /// Every prepaid account whose level is not normal, or with a notice or a cut.
  std::vector<site_alarm> alarms;
  std::vector<warning> warnings;
};

/// Bills and report of one site and period.
struct site_run {
  std::vector<bill> bills;
  site_report report;
};

/// The components an electricity bill carries (SUP-1); the others are other charges.
[[nodiscard]] inline bool electricity_component(const std::string& c) noexcept {
  return c == "energy" || c == "tier_adder" || c == "capacity" || c == "demand" ||
         c == "power_factor";
}

namespace detail {

/// The electricity usage of one meter over `window`, or nullopt without readings at its bounds.
[[nodiscard]] inline std::optional<metering::register_usage> try_usage(
    const site& s, const std::string& meter_id, const local_interval& window) {
  const auto* series = s.series(meter_id);
  if (series == nullptr) return std::nullopt;
  const auto from = series->at_or_before(window.begin(), reading_tolerance);
  const auto to = series->at_or_before(window.end(), reading_tolerance);
  if (!from || !to || !(from->time < to->time)) return std::nullopt;
  return metering::usage(s.meter(meter_id), *from, *to, rounding::half_up);
}

/// The usage of a meter that must have readings at the bounds of `window`.
[[nodiscard]] inline metering::register_usage usage_of(const site& s, const std::string& meter_id,
                                                       const local_interval& window,
                                                       const std::string& what) {
  auto u = try_usage(s, meter_id, window);
  if (!u) {
    throw error(errc::not_found, "no readings at the bounds of the billing period",
                {{"meter", meter_id},
                 {"role", what},
                 {"period", local_interval::format(window.begin()) + " .. " +
                                local_interval::format(window.end())}});
  }
  return *u;
}

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

/// Reactive import (kvarh, multiplier applied) of a meter over `window`.
[[nodiscard]] inline reactive_energy reactive_use(const site& s, const std::string& meter_id,
                                                  const local_interval& window) {
  const auto* r = s.reactive(meter_id);
  const auto at = [&](local_time t, const char* which) {
    std::optional<reactive_reading> found;
    if (r != nullptr) {
      for (const auto& x : r->readings) {
        if (x.time <= t && t - x.time <= reading_tolerance) found = x;
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

/// The tenant's electricity meters (water meters excluded), in the tenant's order.
[[nodiscard]] inline std::vector<std::string> electricity_meters(const site& s, const tenant& t) {
  std::vector<std::string> out;
  for (const auto& m : t.meter_ids) {
    if (!is_water(s, m)) out.push_back(m);
  }
  return out;
}

/// One tenant while the site is billed.
struct tenant_work {
  bill base;  // bill_tenant's meter lines and usages
  std::vector<line> extra;
  energy kwh;
  volume m3;
  local_interval window;  // the period up to the move-out
};

/// Two-part lines (basic charge, power factor) of a tenant under two-part tariff `tp`.
[[nodiscard]] inline tariff::two_part_result two_part_lines(const site& s, const tenant& t,
                                                            const site_two_part& tp,
                                                            const tenant_work& w,
                                                            const billing_period& period) {
  auto terms = tp.terms;
  if (terms.basis == tariff::basic_charge_basis::capacity || terms.declared_contract) {
    if (t.capacity_kva.mantissa() <= 0) {
      throw error(errc::invalid_argument, "a two-part tenant needs its capacity in kVA",
                  {{"tenant", t.id}, {"tariff", tp.id}});
    }
    terms.capacity_kva = t.capacity_kva;
  }
  tariff::two_part_usage u;
  const auto meters = electricity_meters(s, t);
  std::vector<line> energy_lines;
  for (const auto& l : w.base.lines) {
    if (electricity_component(l.component)) energy_lines.push_back(l);
  }
  for (const auto& usage : w.base.usages) {
    if (is_water(s, usage.meter_id)) continue;
    u.metering_point_kwh.push_back(usage.total);
    u.active_kwh += usage.total;
    if (terms.pf) u.reactive_import += reactive_use(s, usage.meter_id, usage.window());
  }
  if (terms.basis == tariff::basic_charge_basis::demand) {
    std::vector<metering::interval_series> series;
    for (const auto& m : meters) {
      if (const auto* data = s.intervals(m)) series.push_back(slice(*data, w.window, m));
    }
    if (series.empty()) {
      throw error(errc::not_found, "a demand-basis tenant needs interval data",
                  {{"tenant", t.id}, {"tariff", tp.id}});
    }
    const auto total = series.size() == 1 ? series.front() : metering::sum_series(series);
    const auto window =
        metering::demand_window::make(metering::demand_method::block, std::chrono::minutes{15});
    u.max_demand = metering::max_demand(total, window).demand;
  }
  if (w.window.end() < period.window().end()) u.days_used = days_in(w.window);
  return tariff::rate_two_part(meters.front(), terms, u, energy_lines, s.rule());
}

/// Sharers of a common area or of the losses. A tenant that moved out during the period shares
/// by area or equally for the days it occupied (CA-3); its kWh already reflect them.
[[nodiscard]] inline std::vector<allocation::sharer> sharers_of(
    const site& s, const std::vector<std::string>& ids, const std::vector<tenant_work>& work,
    const std::map<std::string, std::size_t>& index, allocation::basis basis,
    const local_interval& period) {
  std::vector<allocation::sharer> out;
  for (const auto& id : ids) {
    const auto i = index.at(id);
    allocation::sharer x;
    x.id = id;
    x.consumption = work[i].kwh;
    x.water = work[i].m3;
    x.floor_area = s.tenants()[i].floor_area;
    if (basis != allocation::basis::consumption && work[i].window.end() < period.end()) {
      x.occupied = allocation::occupancy{days_in(work[i].window), days_in(period)};
    }
    out.push_back(std::move(x));
  }
  return out;
}

/// The site's catalogue price, which values common area and losses (SUP-2 Mode A). Refuses
/// (errc::invalid_argument) a site without one, naming `what` needed it.
[[nodiscard]] inline energy_price catalogue_price(const site& s, const std::string& what) {
  const auto& price = s.setup().settlement.catalogue_price;
  if (!price) {
    throw error(errc::invalid_argument, "sharing common area or losses needs a catalogue price",
                {{"what", what}});
  }
  return *price;
}

/// Shares `kwh` valued at the catalogue price among `ids` as `component` lines added to each
/// tenant's extra lines (SUP-2 Mode A: recovered through the property fee, never on the
/// electricity bill).
inline void share_onto(const site& s, const std::string& component, const std::string& label,
                       energy kwh, allocation::basis basis, const std::vector<std::string>& ids,
                       std::vector<tenant_work>& work,
                       const std::map<std::string, std::size_t>& index,
                       const local_interval& period) {
  const auto price = catalogue_price(s, label);
  if (ids.empty() || kwh.is_zero()) return;
  const auto value =
      round(multiply<money>(kwh, price, rounding::half_up), s.rule().places, s.rule().mode);
  const auto lines =
      allocation::share_lines(component, value, sharers_of(s, ids, work, index, basis, period),
                              allocation::share_method::by(basis), s.rule());
  const std::string head = label + ": " + group_thousands(kwh.to_string(2)) + " kWh × " +
                           price.to_string(2) + " = " + group_thousands(value.to_string(2)) + "; ";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto l = lines[i];
    l.explanation = head + l.explanation;
    work[index.at(ids[i])].extra.push_back(std::move(l));
  }
}

/// The site's electricity meter tree (every electricity meter placed, each but a grid master
/// with a parent), or nullopt for a site without one (format v0, or meters without parents).
[[nodiscard]] inline std::optional<metering::meter_tree> electricity_tree(const site& s) {
  std::vector<metering::meter_node> nodes;
  for (const auto& t : s.tenants()) {
    for (const auto& m : t.meter_ids) {
      if (!is_water(s, m) && s.place(m) == nullptr) return std::nullopt;
    }
  }
  for (const auto& p : s.setup().places) {
    if (p.medium != metering::medium::electricity) continue;
    if (p.parent.empty() && p.role != meter_role::grid_master) return std::nullopt;
    metering::meter_node n;
    n.id = p.meter_id;
    n.parent = p.parent;
    n.multiplier = s.meter(p.meter_id).multiplier();
    switch (p.role) {
      case meter_role::grid_master:
        n.kind = metering::node_kind::grid_master;
        break;
      case meter_role::feeder:
        n.kind = metering::node_kind::feeder;
        break;
      case meter_role::tenant:
        n.kind = metering::node_kind::tenant;
        break;
      case meter_role::common_area:
        n.kind = metering::node_kind::common_area;
        break;
      case meter_role::landlord:
        n.kind = metering::node_kind::landlord_own_use;
        break;
    }
    nodes.push_back(std::move(n));
  }
  if (nodes.empty()) return std::nullopt;
  return metering::meter_tree::make(metering::medium::electricity, std::move(nodes));
}

/// LL-1..LL-4, TXL-3: each meter's loss (its kWh − its children's) is shared among the meters
/// below it by their kWh, down to the leaves (allocation::allocate_losses, to 0.01 kWh); each
/// tenant is charged the losses its meters received, valued at the catalogue price, as a "loss"
/// line (recovered beside the property fee, SUP-1). Losses received by common-area and own-use
/// meters, and rounding residues, stay with the landlord and are reported.
inline void losses_down_the_tree(const site& s, const metering::meter_tree& tree,
                                 std::vector<tenant_work>& work,
                                 const std::map<std::string, std::size_t>& index,
                                 const billing_period& period, site_summary& sum,
                                 site_report& report) {
  const auto price = catalogue_price(s, "losses");
  std::map<std::string, energy> read;  // tenant meters: what their bills used
  for (const auto& w : work) {
    for (const auto& u : w.base.usages) read[u.meter_id] = u.total;
  }
  std::vector<energy> quantities(tree.size());
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto& node = tree.node(i);
    const auto it = read.find(node.id);
    if (it != read.end()) {
      quantities[i] = it->second;
    } else if (node.kind != metering::node_kind::tenant) {
      quantities[i] =
          usage_of(s, node.id, period.window(), std::string(to_string(node.kind))).total;
    }  // a tenant meter not in service in the period: 0
  }
  const auto alloc = allocation::allocate_losses(tree, quantities);
  for (const auto& w : alloc.warnings) report.warnings.push_back(w);
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto& n = alloc.nodes[i];
    const auto kind = tree.node(i).kind;
    if (!tree.is_leaf(i)) {
      sum.node_losses.push_back({tree.node(i).id, n.quantity, n.children, n.loss, n.loss_pct});
    }
    sum.loss_kept_by_landlord += n.retained;
    if (kind == metering::node_kind::common_area || kind == metering::node_kind::landlord_own_use) {
      sum.loss_kept_by_landlord += n.received;
    }
  }
  sum.loss_method = "down the meter tree (LL-4)";
  for (std::size_t t = 0; t < s.tenants().size(); ++t) {
    energy kwh;
    for (const auto& m : electricity_meters(s, s.tenants()[t])) {
      kwh += alloc.nodes[tree.index_of(m)].received;
    }
    if (kwh.is_zero()) continue;
    auto l = charge_line("loss", s.tenants()[t].id, kwh, price, s.rule());
    l.explanation =
        "line and transformer losses received down the meter tree (LL-4): " + l.explanation;
    work[index.at(s.tenants()[t].id)].extra.push_back(std::move(l));
  }
}

/// The price histories as they stood when `period`'s bills were issued: versions published after
/// the period's end are left out.
[[nodiscard]] inline std::map<std::string, tariff::version_history> histories_as_issued(
    const site& s, const billing_period& period) {
  std::map<std::string, tariff::version_history> out;
  for (const auto& [id, h] : s.setup().versions) {
    std::vector<tariff::price_version> kept;
    for (const auto& v : h.versions()) {
      const auto it = s.setup().published.find(v.id);
      if (it == s.setup().published.end() || !(period.window().end() < it->second)) {
        kept.push_back(v);
      }
    }
    if (kept.size() != h.versions().size() && !kept.empty()) {
      const auto& regs = h.versions().front().prices.registers();
      out.emplace(id, tariff::version_history::make(regs, std::move(kept)));
    }
  }
  return out;
}

/// RETRO-1: adjustment lines for the previous period's bills of every tenant priced by a version
/// published inside `period` that took effect before it, added to the tenants' extra lines.
inline void rerate_previous(const site& s, const billing_period& period,
                            std::vector<tenant_work>& work) {
  const auto previous = period.shifted(-1);
  const auto issued = histories_as_issued(s, previous);
  for (const auto& [tariff_id, h] : s.setup().versions) {
    for (const auto& v : h.versions()) {
      const auto pub = s.setup().published.find(v.id);
      if (pub == s.setup().published.end()) continue;
      if (!(period.window().begin() < pub->second && pub->second <= period.window().end()) ||
          !(v.effective < period.window().begin())) {
        continue;
      }
      rerate::price_change change;
      change.tariff_id = tariff_id;
      change.version = v.id;
      change.effective = v.effective;
      change.document = v.document;
      for (const auto& r : v.prices.registers().registers()) {
        change.prices[{"energy", r.number, 0}] = *v.prices.price(r.number);
      }
      for (std::size_t i = 0; i < s.tenants().size(); ++i) {
        const auto& t = s.tenants()[i];
        bool uses = false;
        for (const auto& m : t.meter_ids) uses = uses || meter_tariff_id(s, t, m) == tariff_id;
        if (!uses) continue;
        std::optional<bill> old;
        try {
          old = bill_tenant(s, t, previous, &issued);
        } catch (const error& e) {
          if (e.code() != errc::not_found) throw;
          continue;  // the tenant had no bill in the previous period
        }
        // Only the lines this tariff priced; the bill cites the tariff the change belongs to.
        old->tariff_id = tariff_id;
        auto ib = rerate::issued_from(*old, t.id + "/" + previous.label(), s.name());
        // A reading up to 24 h before a bound counts as read at the bound: the issued bill
        // covered the billing period (each meter the part it was in service), not the minutes
        // between an early reading and the bound.
        ib.period = previous.window();
        for (auto& l : ib.lines) {
          if (!l.split_method.empty()) continue;  // a version split's own window
          if (const auto w = meter_window(s, t, l.meter_id, previous.window())) l.window = *w;
        }
        ib.lines.erase(std::remove_if(ib.lines.begin(), ib.lines.end(),
                                      [&](const line& l) {
                                        return l.component != "energy" ||
                                               meter_tariff_id(s, t, l.meter_id) != tariff_id;
                                      }),
                       ib.lines.end());
        if (ib.lines.empty() || !(v.effective < ib.period.end())) continue;
        for (auto& a : rerate::rerate_bills(s.name(), {ib}, change)) {
          a.line.explanation = previous.label() + " re-rated: " + a.line.explanation;
          work[i].extra.push_back(std::move(a.line));
        }
      }
    }
  }
}

/// Posts a tenant's bill to its account (see the file comment) and summarises it: the opening
/// balance is the balance at the start of the period billed; the recharges paid inside
/// [b_begin, end) are posted, then the bill at `end`.
[[nodiscard]] inline account_summary post_account(const site& s, const tenant& t,
                                                  const tenant_account& a, const bill& b,
                                                  local_time b_begin, local_time end) {
  std::vector<ledger::meter_ref> refs;
  for (const auto& m : t.meter_ids) {
    refs.push_back({m, is_water(s, m) ? ledger::utility::water : ledger::utility::electricity});
  }
  auto params = ledger::account_params::make(t.id, a.mode, refs, a.levels, {},
                                             ledger::counter_policy::allow_gap);
  auto state = ledger::opening_state(params);
  state.balance = a.opening_balance;
  state.current = ledger::level_of(state.available(), params.levels);
  auto acc = ledger::account::open(params, state);
  account_summary out;
  out.mode = std::string(ledger::to_string(a.mode));
  out.opening_balance = a.opening_balance;
  const auto post = [&](const ledger::event& e, bool notices = true) {
    const auto r = acc.post(e);
    if (!ledger::accepted(r.status)) {
      throw error(ledger::error_code(r.status), "the account refused a posting",
                  {{"tenant", t.id}, {"reason", r.message}});
    }
    for (const auto& n : r.notifications) {
      if (!notices) break;  // a closing's refund empties the balance on purpose
      out.notices.push_back(n.detail.empty() ? n.code : n.code + " " + n.detail);
    }
  };
  std::int64_t counter = 0;
  for (const auto& r : a.recharges) {
    if (r.time < b_begin || !(r.time < end)) continue;  // another period's recharge
    post(ledger::recharge(r.time, t.meter_ids.front(), ++counter, r.amount, r.how, r.reference));
    out.recharged += r.amount;
  }
  const std::string key = "bill/" + t.id + "/" + b.period;
  const std::string ref = "bill " + b.period;
  if (!b.total.is_zero()) {
    post(a.mode == ledger::account_mode::prepaid ? ledger::fee(end, key, b.total, ref)
                                                 : ledger::charge(end, key, b.total, ref));
  }
  out.charged = b.total;
  if (t.move_out) {
    const auto left = acc.state().available();
    if (money{} < left) {
      post(ledger::refund(end, "refund/" + t.id, left, "closing"), false);
      out.refunded = left;
    }
    if (acc.state().arrears().is_zero()) {
      post(ledger::close(end, "close/" + t.id), false);
      out.closed = true;
    } else {
      out.notices.push_back("not closed: arrears " + acc.state().arrears().to_string(2));
    }
  }
  const auto& st = acc.state();
  out.balance = st.balance;
  out.arrears = st.arrears();
  if (out.closed) {
    out.level = "closed";
  } else if (a.mode == ledger::account_mode::postpaid) {
    out.level = "postpaid";  // PP-1 levels and cut-off are for prepaid accounts
    out.relay_reasons = {"postpaid: no prepaid cut-off; arrears are collected by the bill"};
    return out;
  } else {
    out.level = std::string(ledger::to_string(st.current));
  }
  if (!out.closed) {
    const auto d = ledger::decide(st.relay, st.current, params.cuts, end);
    out.cut = d.cut;
    out.relay_closed = d.closed;
    out.relay_reasons = d.reasons;
  } else {
    out.relay_closed = false;
    out.relay_reasons = {"account closed"};
  }
  return out;
}

/// Earlier periods' electricity kWh of a tenant (up to `months`), oldest first.
[[nodiscard]] inline std::vector<usage_history> history_of(const site& s, const tenant& t,
                                                           const billing_period& period,
                                                           int months) {
  std::vector<usage_history> out;
  auto p = period;
  for (int k = 0; k < months; ++k) {
    p = p.shifted(-1);
    energy kwh;
    bool any = false;
    for (const auto& m : electricity_meters(s, t)) {
      const auto w = meter_window(s, t, m, p.window());
      if (!w) continue;
      if (const auto u = try_usage(s, m, *w)) {
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

}  // namespace detail

/// Bills every tenant of the site for `period` and reports on the site (see the file comment).
/// `progress`, when given, is called with the number of tenants billed so far. Refuses what
/// bill_tenant, rating, sharing and posting refuse, naming the tenant.
[[nodiscard]] inline site_run run_site(const site& s, const billing_period& period,
                                       const std::function<void(std::size_t)>& progress = {}) {
  const auto& setup = s.setup();
  const auto& rule = s.rule();
  std::vector<detail::tenant_work> work;
  work.reserve(s.tenants().size());
  std::map<std::string, std::size_t> index;
  site_summary sum;
  sum.site = s.name();
  sum.period = period.label();
  for (const auto& t : s.tenants()) {
    detail::tenant_work w{bill_tenant(s, t, period), {}, {}, {}, period.window()};
    if (t.move_out && *t.move_out < period.window().end()) {
      w.window = local_interval::make(period.window().begin(), *t.move_out);
    }
    for (const auto& u : w.base.usages) {
      if (detail::is_water(s, u.meter_id)) {
        w.m3 += volume::from_mantissa(u.total.mantissa());
      } else {
        w.kwh += u.total;
      }
    }
    sum.tenant_kwh += w.kwh;
    sum.tenant_m3 += w.m3;
    index.emplace(t.id, work.size());
    work.push_back(std::move(w));
  }
  // Two-part basic charge and power factor.
  for (std::size_t i = 0; i < work.size(); ++i) {
    const auto& t = s.tenants()[i];
    if (const auto* tp = s.two_part(t.tariff_id)) {
      auto r = detail::two_part_lines(s, t, *tp, work[i], period);
      for (auto& l : r.lines) work[i].base.lines.push_back(std::move(l));
    }
  }
  site_report report;
  // Common areas, landlord's own use, losses.
  std::vector<std::string> electricity_tenants;
  for (std::size_t i = 0; i < work.size(); ++i) {
    if (!detail::electricity_meters(s, s.tenants()[i]).empty()) {
      electricity_tenants.push_back(s.tenants()[i].id);
    }
  }
  money common_recovered;
  for (const auto& c : setup.common_areas) {
    const auto u = detail::usage_of(s, c.meter_id, period.window(), "common_area " + c.id);
    sum.common_area_kwh += u.total;
    const auto& ids = c.tenant_ids.empty() ? electricity_tenants : c.tenant_ids;
    detail::share_onto(s, "common_area", "common area " + c.id + " (" + c.meter_id + ")", u.total,
                       c.basis, ids, work, index, period.window());
  }
  for (const auto& p : setup.places) {
    if (p.role == meter_role::landlord) {
      sum.landlord_kwh += detail::usage_of(s, p.meter_id, period.window(), "landlord").total;
    }
  }
  if (!setup.settlement.grid_master.empty()) {
    const auto grid =
        detail::usage_of(s, setup.settlement.grid_master, period.window(), "grid_master").total;
    sum.grid_kwh = grid;
    const auto loss = grid - sum.tenant_kwh - sum.common_area_kwh - sum.landlord_kwh;
    sum.loss_kwh = loss;
    if (loss.is_negative()) {
      report.warnings.push_back(
          {"negative_loss",
           "the end-user meters read more than the grid master (LL-3)",
           {{"grid_kwh", grid.to_string(2)}, {"loss_kwh", loss.to_string(2)}}});
    } else if (setup.settlement.loss_basis) {
      const auto tree = setup.settlement.loss_basis == allocation::basis::consumption
                            ? detail::electricity_tree(s)
                            : std::nullopt;
      if (tree) {
        detail::losses_down_the_tree(s, *tree, work, index, period, sum, report);
      } else {
        sum.loss_method = "shared site-wide by " +
                          std::string(allocation::to_string(*setup.settlement.loss_basis));
        detail::share_onto(s, "loss", "losses (grid master − end users)", loss,
                           *setup.settlement.loss_basis, electricity_tenants, work, index,
                           period.window());
      }
    }
  }
  detail::rerate_previous(s, period, work);
  // Property fee and rent, then assembly and posting.
  std::vector<bill> bills;
  bills.reserve(work.size());
  for (std::size_t i = 0; i < work.size(); ++i) {
    const auto& t = s.tenants()[i];
    auto& w = work[i];
    for (const auto& c : t.recurring) {
      auto r = allocation::charge_recurring(
          c, t.id, t.floor_area, local_date(period.window().begin()), local_date(w.window.begin()),
          local_date(w.window.end()), rule);
      w.extra.push_back(std::move(r.line));
    }
    auto lines = std::move(w.base.lines);
    for (auto& l : w.extra) lines.push_back(std::move(l));
    auto b = assemble(t.id, t.name, period.label(), t.tariff_id, std::move(w.base.usages),
                      std::move(lines), rule);
    b.history = detail::history_of(s, t, period, 5);
    if (t.account) {
      b.account = detail::post_account(s, t, *t.account, b, w.window.begin(), w.window.end());
      const auto& a = *b.account;
      (t.account->mode == ledger::account_mode::prepaid ? sum.prepaid : sum.postpaid) += 1;
      if (t.account->mode == ledger::account_mode::prepaid) {
        sum.by_level[a.level] += 1;
        if (a.level != "normal" || !a.notices.empty() || a.cut) {
          report.alarms.push_back({t.id, t.name, a.level, a.balance, a.notices, a.cut,
                                   a.relay_closed, a.relay_reasons});
        }
      }
    }
    for (const auto& l : b.lines) {
      auto it = std::find_if(sum.by_component.begin(), sum.by_component.end(),
                             [&](const component_total& c) { return c.component == l.component; });
      if (it == sum.by_component.end()) {
        sum.by_component.push_back({l.component, {}});
        it = sum.by_component.end() - 1;
      }
      it->amount += rescale<money>(l.amount, rounding::half_up);
      if (l.component == "common_area")
        common_recovered += rescale<money>(l.amount, rounding::half_up);
    }
    sum.total += b.total;
    bills.push_back(std::move(b));
    if (progress) progress(bills.size());
  }
  sum.bills = bills.size();
  // Reconciliation and compliance against the grid bill.
  const auto grid_bill = setup.settlement.grid_bills.find(period.label());
  if (grid_bill != setup.settlement.grid_bills.end()) {
    compliance_input ci;
    ci.site_id = s.name();
    ci.month = period.label();
    ci.mode = setup.settlement.mode;
    ci.master_bill = grid_bill->second;
    money tenant_charges;
    money loss_recovered;
    for (const auto& b : bills) {
      electricity_bill eb;
      eb.user_id = b.tenant_id;
      for (const auto& l : b.lines) {
        if (electricity_component(l.component)) {
          eb.lines.push_back(l);
          tenant_charges += rescale<money>(l.amount, rounding::half_up);
        }
        if (l.component == "loss") loss_recovered += rescale<money>(l.amount, rounding::half_up);
      }
      ci.bills.push_back(std::move(eb));
    }
    report.compliance = check_compliance(ci);
    if (sum.grid_kwh) {
      allocation::reconciliation_input ri;
      ri.site_id = s.name();
      ri.month = period.label();
      ri.grid_energy = *sum.grid_kwh;
      ri.grid_bill = grid_bill->second;
      ri.tenant_energy = sum.tenant_kwh;
      ri.tenant_charges = tenant_charges;
      ri.common_area_energy = sum.common_area_kwh;
      ri.common_area_recovered = common_recovered;
      ri.landlord_energy = sum.landlord_kwh;
      ri.loss_energy = sum.loss_kwh && !sum.loss_kwh->is_negative() ? *sum.loss_kwh : energy{};
      ri.loss_recovered = loss_recovered;
      report.reconciliation = allocation::reconcile(ri);
    }
  }
  report.summary = std::move(sum);
  return {std::move(bills), std::move(report)};
}

}  // namespace submeter::bill
