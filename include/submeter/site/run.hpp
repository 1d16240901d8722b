#pragma once
/// \file
/// site::run_site: the main job of DESIGN.md for a whole site and month, as a sequence of steps
/// (one header each): usage, two-part charges, common-area shares, losses, re-rating of the
/// previous month, property fee and rent, posting to the accounts, and the site report. It is
/// the composition of the phases of a site billed in parts (site/shard.hpp) for one part holding
/// every tenant, so a site billed in parts gives the same bills and report. The policy a site
/// does not state is in site::run_options (site/options.hpp). Pure: a function of the site, the
/// period and the options.

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/period.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/options.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/report.hpp"
#include "submeter/site/shard.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/totals.hpp"

namespace submeter::site {

/// Bills and report of one site and period.
struct site_run {
  std::vector<tenant_bill> bills;
  site_report report;
};

/// Bills every tenant of the site for `period` and reports on the site: the steps in the file
/// comment, in that order, each tenant's lines in that order. A tenant that moved out before the
/// period is not billed (a warning "tenant_moved_out"; so is a re-rating adjustment due to it,
/// "moved_out_adjustment"). `progress`, when given, is called with the number of tenants billed
/// so far. Phases: shard_usage_of every tenant, quantities_of, totals_of, split_shares,
/// bill_shard, report_on. Refuses (errc::invalid_argument) a negative history_months; values
/// that combine into an amount too large to compute exactly (errc::invalid_argument "arithmetic
/// overflow", naming the step and tenant, never std::overflow_error); and what the steps refuse,
/// naming the tenant or meter.
[[nodiscard]] inline site_run run_site(const site& s, const bill::billing_period& period,
                                       const run_options& options = {},
                                       const std::function<void(std::size_t)>& progress = {}) {
  auto part = shard_usage_of(s, period, all_tenants(s), options);
  const auto q = quantities_of(part.usage);
  auto totals = totals_of(s, q, period);
  auto shares = split_shares(totals, {q.tenants.size()});
  auto billed =
      bill_shard(s, period, std::move(part), std::move(shares.front()), options, progress);
  site_run run;
  run.bills = std::move(billed.bills);
  run.report = detail::exactly("report", std::string(), [&] {
    return report_on(s, period, q, totals, std::move(billed.report));
  });
  return run;
}

}  // namespace submeter::site
