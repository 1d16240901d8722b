#pragma once
/// \file
/// site::report_on: the last step of the site run: the site summary (kWh and m³, losses, amounts
/// by component, accounts by level), the master-bill reconciliation (allocation::reconcile), the
/// 转供电 compliance report (bill::check_compliance over the electricity components, in the
/// site's settlement mode: SUP-2 Mode A or Mode B with the landlord's own-use share) and the
/// prepaid accounts in alarm.

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/reconciliation.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/losses.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/shares.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/totals.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// The amount of one component over the site's bills, to 0.0001 yuan (a site's sums exceed what
/// an exact 1e-10 amount holds; lines rounded per line are exact at 1e-4).
struct component_total {
  bill::component component = bill::component::energy;
  money amount;
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
  /// TXL-1: the transformers' DL/T 686 losses added to the tree (format v2; empty without).
  std::vector<transformer_loss_row> transformer_losses;
  /// Format v2 `water_losses`: the master water meter's m³, the water losses' m³ (master − Σ
  /// below), how they were passed on, the loss at every water meter with meters below it and the
  /// m³ kept by the landlord (all m³ at 1e-4, held as energy as in loss_shares).
  std::optional<energy> water_master_m3;
  std::optional<energy> water_loss_m3;
  std::string water_loss_method;
  std::vector<node_loss_row> water_node_losses;
  energy water_loss_kept_by_landlord;
  /// Σ of the bills' totals.
  money total;
  /// Per component, in the order components first appear.
  std::vector<component_total> by_component;
  /// Accounts by mode at the period end.
  std::size_t prepaid = 0;
  std::size_t postpaid = 0;
  /// Prepaid accounts open at the period end, by PP-2 level, and prepaid accounts closed at
  /// move-out.
  std::map<ledger::level, std::size_t> by_level;
  std::size_t closed = 0;
};

/// One tenant's alarms and relay decision at the period end (prepaid accounts).
struct site_alarm {
  std::string tenant_id;
  std::string tenant_name;
  /// The PP-2 level, unless the account was closed at move-out.
  ledger::level level = ledger::level::normal;
  bool closed = false;
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
  std::optional<bill::compliance_report> compliance;
  /// Every prepaid account whose level is not normal, that was closed, or with a notice or a
  /// cut.
  std::vector<site_alarm> alarms;
  std::vector<warning> warnings;
};

/// What the site report takes from the bills issued, folded over them in order (report_part_of).
/// A site billed in parts folds each part's bills and joins the parts in order (append), which
/// gives the fold over all the bills.
struct report_part {
  std::size_t bills = 0;
  /// Σ of the bills' totals.
  money total;
  /// Per component, in the order components first appear.
  std::vector<component_total> by_component;
  /// Accounts by mode, prepaid accounts by level and closed (site_summary's).
  std::size_t prepaid = 0;
  std::size_t postpaid = 0;
  std::map<ledger::level, std::size_t> by_level;
  std::size_t closed = 0;
  /// site_report::alarms, in bill order.
  std::vector<site_alarm> alarms;
  /// Σ of the common-area lines, of the loss lines and of the electricity lines, to 0.0001 yuan
  /// (the master-bill reconciliation's).
  money common_recovered;
  money loss_recovered;
  money tenant_charges;
  /// bill::check_bills of the bills' electricity lines, when the site has the period's grid bill.
  std::optional<bill::compliance_report> compliance;
  /// "moved_out_adjustment" (unbilled_adjustments) of the part's tenants, in the site's order.
  std::vector<warning> unbilled;

  /// Joins the part of the bills that follow these.
  void append(report_part later) {
    bills += later.bills;
    total += later.total;
    for (auto& c : later.by_component) {
      auto it = std::find_if(by_component.begin(), by_component.end(),
                             [&](const component_total& x) { return x.component == c.component; });
      if (it == by_component.end()) {
        by_component.push_back(c);
      } else {
        it->amount += c.amount;
      }
    }
    prepaid += later.prepaid;
    postpaid += later.postpaid;
    for (const auto& [level, n] : later.by_level) by_level[level] += n;
    closed += later.closed;
    for (auto& a : later.alarms) alarms.push_back(std::move(a));
    common_recovered += later.common_recovered;
    loss_recovered += later.loss_recovered;
    tenant_charges += later.tenant_charges;
    if (later.compliance) {
      if (compliance) {
        bill::join_checked(*compliance, std::move(*later.compliance));
      } else {
        compliance = std::move(later.compliance);
      }
    }
    for (auto& w : later.unbilled) unbilled.push_back(std::move(w));
  }
};

/// The report's fold over `bills` (in order) issued for `period`, with the part's `unbilled`
/// warnings: counts, totals by component, accounts and alarms, the amounts the reconciliation
/// recovers and, when the site has the period's grid bill, bill::check_bills of the electricity
/// lines. Never throws on business content.
[[nodiscard]] inline report_part report_part_of(const site& s, const bill::billing_period& period,
                                                const std::vector<tenant_bill>& bills,
                                                std::vector<warning> unbilled) {
  report_part p;
  p.bills = bills.size();
  p.unbilled = std::move(unbilled);
  for (const auto& b : bills) {
    if (const auto& a = b.account) {
      (a->mode == ledger::account_mode::prepaid ? p.prepaid : p.postpaid) += 1;
      if (a->mode == ledger::account_mode::prepaid) {
        if (a->closed) {
          p.closed += 1;
        } else {
          p.by_level[a->level] += 1;
        }
        if (a->closed || a->level != ledger::level::normal || !a->notices.empty() || a->cut) {
          p.alarms.push_back({b.tenant_id, b.tenant_name, a->level, a->closed, a->balance,
                              a->notices, a->cut, a->relay_closed, a->relay_reasons});
        }
      }
    }
    for (const auto& l : b.lines) {
      auto it = std::find_if(p.by_component.begin(), p.by_component.end(),
                             [&](const component_total& c) { return c.component == l.component; });
      if (it == p.by_component.end()) {
        p.by_component.push_back({l.component, {}});
        it = p.by_component.end() - 1;
      }
      const auto amount = rescale<money>(l.amount, rounding::half_up);
      it->amount += amount;
      if (l.component == bill::component::common_area) p.common_recovered += amount;
      if (l.component == bill::component::loss) p.loss_recovered += amount;
      if (bill::is_electricity(l.component)) p.tenant_charges += amount;
    }
    p.total += b.total;
  }
  const auto& terms = s.settlement();
  const auto grid_bill = terms.grid_bills.find(period.label());
  if (grid_bill == terms.grid_bills.end()) return p;
  bill::compliance_input ci;
  ci.site_id = s.name();
  ci.month = period.label();
  ci.mode = terms.mode;
  ci.master_bill = grid_bill->second;
  // Mode B: the site shares the whole bill; report_on adds the landlord's own-use share.
  ci.shares_cover_bill = terms.mode == bill::settlement_mode::pass_through;
  // check_bills over each bill's electricity lines, read in place (copying them into
  // ci.bills was 13 % of the peak memory of a 10,000-tenant run).
  auto report = bill::empty_report(ci);
  for (const auto& b : bills) {
    bill::check_bill_lines(
        ci, b.tenant_id, false, b.lines,
        [](const bill::line& l) { return bill::is_electricity(l.component); }, report);
  }
  p.compliance = std::move(report);
  return p;
}

/// The report of the period (see the file comment) from the billed tenants' quantities `q`, the
/// site-wide steps' `totals` and `bills`, the fold over every bill issued. Its warnings are the
/// usage step's ("tenant_moved_out"), the re-rating's ("moved_out_adjustment") and the losses'
/// ("negative_loss", the tree allocation's), in that order. Never throws on business content.
[[nodiscard]] inline site_report report_on(const site& s, const bill::billing_period& period,
                                           const site_quantities& q, const site_totals& totals,
                                           report_part bills) {
  site_report report;
  report.warnings = q.warnings;
  for (auto& w : bills.unbilled) report.warnings.push_back(std::move(w));
  for (const auto& w : totals.losses.warnings) report.warnings.push_back(w);
  for (const auto& w : totals.water.warnings) report.warnings.push_back(w);
  const auto& losses = totals.losses;
  auto& sum = report.summary;
  sum.site = s.name();
  sum.period = period.label();
  sum.bills = bills.bills;
  sum.tenant_kwh = q.tenant_kwh;
  sum.tenant_m3 = q.tenant_m3;
  sum.common_area_kwh = totals.common.kwh;
  sum.landlord_kwh = losses.landlord_kwh;
  sum.grid_kwh = losses.grid_kwh;
  sum.loss_kwh = losses.loss_kwh;
  sum.loss_method = losses.method;
  sum.node_losses = losses.node_losses;
  sum.loss_kept_by_landlord = losses.kept_by_landlord;
  sum.transformer_losses = losses.transformers;
  sum.water_master_m3 = totals.water.grid_kwh;
  sum.water_loss_m3 = totals.water.loss_kwh;
  sum.water_loss_method = totals.water.method;
  sum.water_node_losses = totals.water.node_losses;
  sum.water_loss_kept_by_landlord = totals.water.kept_by_landlord;
  sum.total = bills.total;
  sum.by_component = std::move(bills.by_component);
  sum.prepaid = bills.prepaid;
  sum.postpaid = bills.postpaid;
  sum.by_level = std::move(bills.by_level);
  sum.closed = bills.closed;
  report.alarms = std::move(bills.alarms);
  // Reconciliation and compliance against the grid bill.
  const auto& terms = s.settlement();
  const auto grid_bill = terms.grid_bills.find(period.label());
  if (grid_bill == terms.grid_bills.end() || !bills.compliance) return report;
  report.compliance = std::move(bills.compliance);
  if (totals.pass_through.applied) {
    report.compliance->landlord_total += totals.pass_through.landlord_share;
  }
  bill::check_master_bill(*report.compliance);
  if (sum.grid_kwh) {
    allocation::reconciliation_input ri;
    ri.site_id = s.name();
    ri.month = period.label();
    ri.grid_energy = *sum.grid_kwh;
    ri.grid_bill = grid_bill->second;
    ri.tenant_energy = sum.tenant_kwh;
    ri.tenant_charges = bills.tenant_charges;
    ri.common_area_energy = sum.common_area_kwh;
    ri.common_area_recovered = bills.common_recovered;
    ri.landlord_energy = sum.landlord_kwh;
    ri.loss_energy = sum.loss_kwh && !sum.loss_kwh->is_negative() ? *sum.loss_kwh : energy{};
    ri.loss_recovered = bills.loss_recovered;
    report.reconciliation = allocation::reconcile(ri);
  }
  return report;
}

}  // namespace submeter::site
