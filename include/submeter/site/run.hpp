#pragma once
/// \file
/// site::run_site: the main job of DESIGN.md for a whole site and month, as a sequence of steps
/// (one header each): usage, two-part charges, common-area shares, losses, re-rating of the
/// previous month, property fee and rent, posting to the accounts, and the site report. The
/// policy a site does not state is in site::run_options. Pure: a function of the site, the
/// period and the options.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/losses.hpp"
#include "submeter/site/recurring.hpp"
#include "submeter/site/report.hpp"
#include "submeter/site/rerating.hpp"
#include "submeter/site/shares.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/two_part.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// The policy of a site run that site.json does not state; the defaults are what `submeter bill`
/// does.
struct run_options {
  /// TP-3: how a demand-basis two-part tenant's maximum demand is taken from its interval data:
  /// 15-minute blocks (需量周期) by default.
  metering::demand_window demand_window{metering::demand_method::block, std::chrono::minutes{15},
                                        std::chrono::minutes{15}};
  /// PP-6: whether the purchase counters of the recharges the run posts (1, 2, … in a freshly
  /// opened account) may skip numbers.
  ledger::counter_policy counter_policy = ledger::counter_policy::allow_gap;
  /// How many earlier months of electricity use a bill shows (its history), at most (≥ 0).
  int history_months = 5;
};

/// Bills and report of one site and period.
struct site_run {
  std::vector<tenant_bill> bills;
  site_report report;
};

namespace detail {

inline void append(std::vector<bill::line>& to, std::vector<bill::line> lines) {
  for (auto& l : lines) to.push_back(std::move(l));
}

}  // namespace detail

/// Bills every tenant of the site for `period` and reports on the site: the steps in the file
/// comment, in that order, each tenant's lines in that order. A tenant that moved out before the
/// period is not billed (a warning "tenant_moved_out"; so is a re-rating adjustment due to it,
/// "moved_out_adjustment"). `progress`, when given, is called with the number of tenants billed
/// so far. Refuses (errc::invalid_argument) a negative history_months; values that combine into
/// an amount too large to compute exactly (errc::invalid_argument "arithmetic overflow", naming
/// the step and tenant, never std::overflow_error); and what the steps refuse, naming the tenant
/// or meter.
[[nodiscard]] inline site_run run_site(const site& s, const bill::billing_period& period,
                                       const run_options& options = {},
                                       const std::function<void(std::size_t)>& progress = {}) {
  if (options.history_months < 0) {
    throw error(errc::invalid_argument, "history_months must not be negative",
                {{"history_months", std::to_string(options.history_months)}});
  }
  auto usage = usage_of(s, period);
  const auto whole = [](const char* step, auto&& compute) {
    return detail::exactly(step, std::string(), std::forward<decltype(compute)>(compute));
  };
  auto two_part =
      whole("two_part", [&] { return two_part_charges(s, usage, period, options.demand_window); });
  auto common = whole("common_areas", [&] { return share_common_areas(s, usage, period); });
  auto losses = whole("losses", [&] { return pass_on_losses(s, usage, common.kwh, period); });
  auto adjustments = whole("rerating", [&] { return rerate_previous(s, period); });
  auto warnings = std::move(usage.warnings);
  for (auto& w : unbilled_adjustments(s, usage, adjustments)) warnings.push_back(std::move(w));
  site_run run;
  run.bills.reserve(usage.tenants.size());
  for (std::size_t i = 0; i < usage.tenants.size(); ++i) {
    auto& u = usage.tenants[i];
    const auto& t = s.tenants()[u.tenant_index];
    run.bills.push_back(detail::exactly("bill", t.id, [&] {
      auto lines = std::move(u.metered.lines);
      detail::append(lines, std::move(two_part[i]));
      detail::append(lines, std::move(common.lines[i]));
      detail::append(lines, std::move(losses.lines[i]));
      detail::append(lines, std::move(adjustments[u.tenant_index]));
      detail::append(lines, recurring_lines(s, t, period, u.occupied));
      tenant_bill b{bill::assemble(t.id, t.name, period.label(), t.tariff_id,
                                   std::move(u.metered.usages), std::move(lines), s.rule()),
                    std::nullopt};
      b.history = usage_history(s, t, period, options.history_months);
      if (t.account) {
        b.account = post_account(s, t, *t.account, b, u.occupied, options.counter_policy);
      }
      return b;
    }));
    if (progress) progress(run.bills.size());
  }
  run.report = whole("report", [&] {
    return report_on(s, period, usage, common, losses, run.bills, std::move(warnings));
  });
  return run;
}

}  // namespace submeter::site
