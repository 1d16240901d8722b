#pragma once
/// \file
/// site::rerate_previous: the fifth step of the site run: the previous month's bills re-rated
/// under the price versions published in this period that took effect before it (电费退补,
/// RETRO-1), as adjustment lines on this period's bills.

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/rerate/retroactive.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/usage.hpp"
#include "submeter/tariff/price_version.hpp"

namespace submeter::site {

/// The price histories as they stood when `period`'s bills were issued: versions published after
/// the period's end are left out (only the histories that change are returned).
[[nodiscard]] inline std::map<std::string, tariff::version_history> histories_as_issued(
    const site& s, const bill::billing_period& period) {
  std::map<std::string, tariff::version_history> out;
  for (const auto& [id, h] : s.price_versions()) {
    std::vector<tariff::price_version> kept;
    for (const auto& v : h.versions()) {
      const auto published = s.published(v.id);
      if (!published || !(period.window().end() < *published)) kept.push_back(v);
    }
    if (kept.size() != h.versions().size() && !kept.empty()) {
      const auto& regs = h.versions().front().prices.registers();
      out.emplace(id, tariff::version_history::make(regs, std::move(kept)));
    }
  }
  return out;
}

/// RETRO-1: adjustment lines for the previous period's bills of every tenant priced by a version
/// published inside `period` that took effect before it: each such tenant's previous bill is
/// rebuilt as issued (usage_bill under histories_as_issued) and its energy lines under the
/// version's tariff re-rated (rerate::rerate_bills), explained "<previous> re-rated: …". A
/// tenant without a bill in the previous period has none. Returns one list per tenant of
/// `range`, in site::tenants() order (a tenant not billed this period may have some: see
/// run_site). Refuses what usage_bill refuses other than a missing reading, and what re-rating
/// refuses.
[[nodiscard]] inline std::vector<std::vector<bill::line>> rerate_previous(
    const site& s, const bill::billing_period& period, const tenant_range& range) {
  std::vector<std::vector<bill::line>> out(range.size());
  const auto previous = period.shifted(-1);
  const auto issued = histories_as_issued(s, previous);
  for (const auto& [tariff_id, h] : s.price_versions()) {
    // A named reference for the lambda below: clang (the fuzz build) refuses capturing a
    // structured binding.
    const std::string& versioned = tariff_id;
    for (const auto& v : h.versions()) {
      const auto published = s.published(v.id);
      if (!published) continue;
      if (!(period.window().begin() < *published && *published <= period.window().end()) ||
          !(v.effective < period.window().begin())) {
        continue;
      }
      rerate::price_change change;
      change.tariff_id = tariff_id;
      change.version = v.id;
      change.effective = v.effective;
      change.document = v.document;
      for (const auto& r : v.prices.registers().registers()) {
        change.prices[{bill::component::energy, r.number, 0}] = *v.prices.price(r.number);
      }
      for (std::size_t i = range.first; i < range.last; ++i) {
        const auto& t = s.tenants()[i];
        bool uses = false;
        for (const auto& m : t.meter_ids) uses = uses || meter_tariff_id(s, t, m) == tariff_id;
        if (!uses) continue;
        std::optional<bill::bill> old;
        try {
          old = usage_bill(s, t, previous, &issued);
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
                                      [&](const bill::line& l) {
                                        return l.component != bill::component::energy ||
                                               meter_tariff_id(s, t, l.meter_id) != versioned;
                                      }),
                       ib.lines.end());
        if (ib.lines.empty() || !(v.effective < ib.period.end())) continue;
        for (auto& a : rerate::rerate_bills(s.name(), {ib}, change)) {
          a.line.explanation = previous.label() + " re-rated: " + a.line.explanation;
          out[i - range.first].push_back(std::move(a.line));
        }
      }
    }
  }
  return out;
}

/// rerate_previous for every tenant of the site.
[[nodiscard]] inline std::vector<std::vector<bill::line>> rerate_previous(
    const site& s, const bill::billing_period& period) {
  return rerate_previous(s, period, all_tenants(s));
}

/// A warning "moved_out_adjustment" (tenant, amount) for each tenant of `range` with
/// `adjustments` (rerate_previous's for `range`) that is not billed in `usage` (it moved out
/// before the period): the adjustment is due but no bill carries it.
[[nodiscard]] inline std::vector<warning> unbilled_adjustments(
    const site& s, const site_usage& usage, const std::vector<std::vector<bill::line>>& adjustments,
    const tenant_range& range) {
  std::vector<warning> out;
  for (std::size_t i = 0; i < range.size() && i < adjustments.size(); ++i) {
    const std::size_t k = range.first + i;
    if (adjustments[i].empty() || usage.find(s.tenants()[k].id) != nullptr) continue;
    money due;
    for (const auto& l : adjustments[i]) due += rescale<money>(l.amount, rounding::half_up);
    out.push_back({"moved_out_adjustment",
                   "a re-rating adjustment is due to a tenant that moved out; no bill carries it",
                   {{"tenant", s.tenants()[k].id}, {"amount", due.to_string(2)}}});
  }
  return out;
}

}  // namespace submeter::site
