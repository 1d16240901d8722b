#pragma once
/// \file
/// bill::compare_bills: what would change if a period were billed again, against the bills
/// already issued for it (issue 22 #10, `submeter bill --dry-run --against ISSUED.json`).
///
/// DRY-1: bills are matched by tenant; a tenant billed now and not in the issued file is a bill
/// added, one issued and not billed now a bill removed. Within a bill, lines are matched by
/// their key: component, meter (or payer), register, tier, price version and window; of several
/// lines with one key, the first issued with the first billed now, and so on. A key billed now
/// only is a line added, issued only a line removed; a matched line whose quantity, unit price
/// or amount differs is a line changed. A bill whose total or number differs is listed with the
/// old and new values, even when no line changed (a number moves when the tenants before it
/// change, BN-1). Pure; amounts compared exactly.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"

namespace submeter::bill {

/// A line as compared: its key and its figures.
struct compared_line {
  submeter::bill::component component = submeter::bill::component::energy;
  /// The meter, or the payer of a line no meter measured (as bills print the meter column).
  std::string meter;
  int rate_register = 0;
  std::string register_name;
  int tier = 0;
  std::string version;
  std::optional<local_interval> window;
  line_quantity quantity;
  std::string unit;
  line_price unit_price;
  exact_money amount;
  std::string explanation;

  /// DRY-1: the fields that say which line this is.
  [[nodiscard]] bool same_key(const compared_line& o) const noexcept {
    return component == o.component && meter == o.meter && rate_register == o.rate_register &&
           tier == o.tier && version == o.version && window == o.window;
  }
};

/// A bill as compared.
struct compared_bill {
  std::string tenant_id;
  /// BN-1: empty when the bill has none.
  std::string number;
  money total;
  std::vector<compared_line> lines;
};

/// What happened to a line.
enum class line_change { added, removed, changed };

/// A line added, removed or changed; `before` for removed and changed, `after` for added and
/// changed.
struct line_difference {
  line_change what = line_change::changed;
  std::optional<compared_line> before;
  std::optional<compared_line> after;
};

/// What happened to a bill.
enum class bill_change { added, removed, changed };

/// A bill added, removed, or changed (its total, its number or a line).
struct bill_difference {
  bill_change what = bill_change::changed;
  std::string tenant_id;
  std::string number_before;
  std::string number_after;
  money total_before;
  money total_after;
  /// For a changed bill: the lines that differ, issued order first (removed and changed), then
  /// added lines in billing order.
  std::vector<line_difference> lines;
};

/// The whole comparison.
struct bills_comparison {
  /// Bills compared: billed now and issued, matched or not.
  std::size_t billed = 0;
  std::size_t issued = 0;
  /// Bills that are the same (every line, total and number).
  std::size_t unchanged = 0;
  /// The differences, in the order of the bills billed now, then the removed ones in issued order.
  std::vector<bill_difference> bills;
  /// Σ totals billed now − Σ issued totals.
  money net_change;

  [[nodiscard]] bool any() const noexcept { return !bills.empty(); }
};

namespace detail {

[[nodiscard]] inline bool same_figures(const compared_line& a, const compared_line& b) noexcept {
  return a.quantity == b.quantity && a.unit_price == b.unit_price && a.amount == b.amount;
}

}  // namespace detail

/// DRY-1: the differences between the bills `issued` and the bills `billed` now. Refuses
/// (errc::duplicate) a tenant given twice on either side, naming it and the side.
[[nodiscard]] inline bills_comparison compare_bills(const std::vector<compared_bill>& issued,
                                                    const std::vector<compared_bill>& billed) {
  // Tenant id → place, for each side (linear in the bills; lines are matched within a bill).
  const auto index_of = [](const std::vector<compared_bill>& bills, const char* side) {
    std::unordered_map<std::string_view, std::size_t> at;
    at.reserve(bills.size());
    for (std::size_t i = 0; i < bills.size(); ++i) {
      if (!at.emplace(bills[i].tenant_id, i).second) {
        throw error(errc::duplicate, "a tenant has two bills",
                    {{"tenant", bills[i].tenant_id}, {"side", side}});
      }
    }
    return at;
  };
  const auto issued_at = index_of(issued, "issued");
  (void)index_of(billed, "billed");
  bills_comparison out;
  out.billed = billed.size();
  out.issued = issued.size();
  std::vector<bool> issued_seen(issued.size(), false);
  for (const auto& now : billed) {
    out.net_change += now.total;
    const auto found = issued_at.find(now.tenant_id);
    if (found == issued_at.end()) {
      bill_difference d{bill_change::added, now.tenant_id, {}, now.number, {}, now.total, {}};
      for (const auto& l : now.lines) d.lines.push_back({line_change::added, std::nullopt, l});
      out.bills.push_back(std::move(d));
      continue;
    }
    issued_seen[found->second] = true;
    const auto& before = issued[found->second];
    bill_difference d{bill_change::changed,
                      now.tenant_id,
                      before.number,
                      now.number,
                      before.total,
                      now.total,
                      {}};
    std::vector<bool> used(now.lines.size(), false);
    for (const auto& old_line : before.lines) {
      std::size_t k = 0;
      while (k < now.lines.size() && (used[k] || !now.lines[k].same_key(old_line))) ++k;
      if (k == now.lines.size()) {
        d.lines.push_back({line_change::removed, old_line, std::nullopt});
        continue;
      }
      used[k] = true;
      if (!detail::same_figures(old_line, now.lines[k])) {
        d.lines.push_back({line_change::changed, old_line, now.lines[k]});
      }
    }
    for (std::size_t k = 0; k < now.lines.size(); ++k) {
      if (!used[k]) d.lines.push_back({line_change::added, std::nullopt, now.lines[k]});
    }
    if (d.lines.empty() && before.total == now.total && before.number == now.number) {
      ++out.unchanged;
      continue;
    }
    out.bills.push_back(std::move(d));
  }
  for (std::size_t i = 0; i < issued.size(); ++i) {
    out.net_change -= issued[i].total;
    if (issued_seen[i]) continue;
    bill_difference d{
        bill_change::removed, issued[i].tenant_id, issued[i].number, {}, issued[i].total, {}, {}};
    for (const auto& l : issued[i].lines)
      d.lines.push_back({line_change::removed, l, std::nullopt});
    out.bills.push_back(std::move(d));
  }
  return out;
}

}  // namespace submeter::bill
