#pragma once
/// \file
/// A site billed in parts (shards: consecutive ranges of its tenants), the same computation as
/// site::run_site, which is its composition for one part holding every tenant:
///
/// 1. per part, shard_usage_of: the part's usage (site/usage.hpp) and two-part lines
///    (site/two_part.hpp), and its quantities (site/quantities.hpp, small and mergeable);
/// 2. once, on the parts' quantities joined in order: totals_of (site/totals.hpp: common areas
///    and losses need every billed tenant), whose lines split_shares hands back to the parts;
/// 3. per part, bill_shard: re-rating, recurring charges, history, accounts and the bills, with
///    the report's fold over them (site/report.hpp report_part);
/// 4. once, report_on over the quantities, the totals and the parts' folds joined in order.
///
/// The parts' bills one after the other are the site's bills, and the report is the site's:
/// a part sees every tenant of the site, bills only its own. Pure, like every step.

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/allowance.hpp"
#include "submeter/site/issue.hpp"
#include "submeter/site/estimate_true_up.hpp"
#include "submeter/site/options.hpp"
#include "submeter/site/pass_through.hpp"
#include "submeter/site/quantities.hpp"
#include "submeter/site/recurring.hpp"
#include "submeter/site/report.hpp"
#include "submeter/site/rerating.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/totals.hpp"
#include "submeter/site/two_part.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// The first phase of a part of a site: its tenants' usage and two-part lines.
struct shard_usage {
  tenant_range range;
  /// usage_of the range.
  site_usage usage;
  /// two_part_charges of the billed tenants, in `usage`'s order.
  tenant_lines two_part;
};

/// The second phase of a part of a site: its bills, in the site's order, and the report's fold
/// over them.
struct shard_bills {
  tenant_range range;
  std::vector<tenant_bill> bills;
  report_part report;
};

namespace detail {

inline void append(std::vector<bill::line>& to, std::vector<bill::line> lines) {
  for (auto& l : lines) to.push_back(std::move(l));
}

}  // namespace detail

/// Phase 1 for the tenants of `range`: usage_of, then two_part_charges with the options' demand
/// window. quantities_of(result.usage) is what the part contributes to totals_of. Refuses what
/// they refuse, and options check_options refuses.
[[nodiscard]] inline shard_usage shard_usage_of(const site& s, const bill::billing_period& period,
                                                const tenant_range& range,
                                                const run_options& options = {}) {
  check_options(options);
  shard_usage out{range, usage_of(s, period, range), {}};
  out.two_part = detail::exactly("two_part", std::string(), [&] {
    return two_part_charges(s, out.usage, period, options.demand_window);
  });
  return out;
}

/// Phase 2: bills the tenants of `part` (shard_usage_of's) with `shares`, their common-area and
/// loss lines (split_shares's part for them): rerate_previous for the range, then per billed
/// tenant its lines in this order (metered, its Mode B share, two-part, its allowance (ALLOW-1),
/// common area, losses, re-rating adjustments, estimate true-ups (QUAL-2), recurring_lines), the
/// bill assembled, its usage_history and, when it has an account, post_account (in Mode B, SUP-2
/// pass-through, the lines of its electricity meters, metered and true-ups, give way to its share
/// and nothing is re-rated); and report_part_of the bills with
/// unbilled_adjustments. `progress`, when given, is called with the number of the part's tenants
/// billed so far. Refuses (errc::inconsistent) shares for another number of tenants, and what the
/// steps refuse, naming the tenant or meter.
[[nodiscard]] inline shard_bills bill_shard(const site& s, const bill::billing_period& period,
                                            shard_usage part, tenant_shares shares,
                                            const run_options& options = {},
                                            const std::function<void(std::size_t)>& progress = {}) {
  check_options(options);
  auto& usage = part.usage;
  const auto n = usage.tenants.size();
  if (shares.common_area.size() != n || shares.losses.size() != n ||
      shares.pass_through.size() != n || part.two_part.size() != n) {
    throw error(errc::inconsistent, "a part's shares are for another number of tenants",
                {{"billed", std::to_string(n)},
                 {"common_area", std::to_string(shares.common_area.size())},
                 {"losses", std::to_string(shares.losses.size())}});
  }
  // SUP-2 Mode B: a tenant's electricity is its share of the grid bill, not its tariff's lines:
  // nothing to re-rate, and its electricity meters' lines give way to the share.
  const bool pass_through = is_pass_through(s);
  auto adjustments = detail::exactly("rerating", std::string(), [&] {
    return pass_through ? std::vector<std::vector<bill::line>>(part.range.size())
                        : rerate_previous(s, period, part.range);
  });
  auto unbilled = unbilled_adjustments(s, usage, adjustments, part.range);
  shard_bills out;
  out.range = part.range;
  out.bills.reserve(n);
  // BN-1: the place of the part's first bill in the period's series.
  std::size_t series_place = billed_before(s, period, part.range.first);
  for (std::size_t i = 0; i < n; ++i) {
    auto& u = usage.tenants[i];
    const auto& t = s.tenants()[u.tenant_index];
    out.bills.push_back(detail::exactly("bill", t.id, [&] {
      auto lines = pass_through ? without_electricity_lines(s, std::move(u.metered.lines))
                                : std::move(u.metered.lines);
      detail::append(lines, std::move(shares.pass_through[i]));
      detail::append(lines, std::move(part.two_part[i]));
      detail::append(lines, allowance_lines(s, t, lines));  // ALLOW-1: after the electricity
      detail::append(lines, std::move(shares.common_area[i]));
      detail::append(lines, std::move(shares.losses[i]));
      detail::append(lines, std::move(adjustments[u.tenant_index - part.range.first]));
      detail::append(lines, pass_through
                                ? without_electricity_lines(s, estimate_true_ups(s, t, period))
                                : estimate_true_ups(s, t, period));
      detail::append(lines, recurring_lines(s, t, period, u.occupied));
      tenant_bill b{bill::assemble(t.id, t.name, period.label(), t.tariff_id,
                                   std::move(u.metered.usages), std::move(lines), s.rule()),
                    std::nullopt};
      b.reads = std::move(u.metered.reads);
      b.history = usage_history(s, t, period, options.history_months);
      if (t.account) {
        b.account = post_account(s, t, *t.account, b, u.occupied, options.counter_policy);
      }
      return issued_bill(s, period.label(), period.window().end(), ++series_place, std::move(b));
    }));
    if (progress) progress(out.bills.size());
  }
  out.report = detail::exactly("report", std::string(), [&] {
    return report_part_of(s, period, out.bills, std::move(unbilled));
  });
  return out;
}

}  // namespace submeter::site
