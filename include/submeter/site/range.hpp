#pragma once
/// \file
/// site::bill_range: every tenant's bill for a range of time that is not a calendar month (issue
/// 22 #7, `submeter bill --from T1 --to T2`): a move-out, a first partial month, a quarter.
///
/// RANGE-1: the range is billed month by month (bill::billing_period::parts): each part is a
/// site run (site::run_site) over the part of its month, so every line is explained as in a
/// monthly bill: meters are read at the part's bounds (or up to 24 h before), property fee and
/// rent are prorated to the days of the part within their monthly cycle
/// (allocation::charge_recurring), the basic charge by capacity or demand to the days used
/// (TP-8: 1/30 of the monthly charge per day, at most the month), common area and losses are
/// shared over the part. A tenant's parts are joined into one bill: readings and lines in part
/// order, each line of a range of several months carrying its part's window, the total the sum
/// of the lines (NUM-2). A range bill is a statement: the accounts are posted by the monthly
/// runs, so it carries no account summary, and a re-rating adjustment due in a month is on the
/// part that holds its publication instant only.

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/issue.hpp"
#include "submeter/site/options.hpp"
#include "submeter/site/run.hpp"
#include "submeter/site/site.hpp"

namespace submeter::site {

/// RANGE-1: the bills of `range` (billing_period::range, or a month), one per tenant billed in
/// any part, in the order tenants are first billed. Refuses what run_site refuses for a part
/// (a meter without a reading at a bound of the part names the tenant, meter and bound).
[[nodiscard]] inline std::vector<tenant_bill> bill_range(const site& s,
                                                         const bill::billing_period& range,
                                                         const run_options& options = {}) {
  const auto parts = range.parts();
  std::vector<tenant_bill> out;
  std::vector<std::vector<bill::line>> lines;
  std::map<std::string, std::size_t> at;
  for (const auto& part : parts) {
    auto run = run_site(s, part, options);
    for (auto& b : run.bills) {
      if (parts.size() > 1) {
        for (auto& l : b.lines) {
          if (!l.window) l.window = part.window();
        }
      }
      const auto [it, fresh] = at.emplace(b.tenant_id, out.size());
      if (fresh) {
        b.account.reset();
        lines.push_back(std::move(b.lines));
        out.push_back(std::move(b));
        continue;
      }
      auto& joined = out[it->second];
      for (auto& u : b.usages) joined.usages.push_back(std::move(u));
      for (auto& r : b.reads) joined.reads.push_back(std::move(r));
      for (auto& l : b.lines) lines[it->second].push_back(std::move(l));
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& b = out[i];
    auto history = std::move(b.history);
    auto reads = std::move(b.reads);
    static_cast<bill::bill&>(b) =
        bill::assemble(b.tenant_id, b.tenant_name, range.label(), b.tariff_id, std::move(b.usages),
                       std::move(lines[i]), s.rule());
    b.history = std::move(history);
    b.reads = std::move(reads);
  }
  // BN-1, VAT-2: the range is one series, numbered in the order its tenants were first billed,
  // each bill split for tax at the range's end; a range is a statement: no payment bills (PAY-3).
  return issue_bills(s, range.label(), range.window().end(), std::move(out), false);
}

}  // namespace submeter::site
