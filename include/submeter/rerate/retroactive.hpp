#pragma once
/// \file
/// Retroactive price adjustment (电费退补, rules.md RETRO-1, RETRO-2): issued bills are re-rated
/// under a new price version effective from a past instant, and the difference comes out as
/// signed adjustment lines that reference the original lines. An issued bill is never edited.
///
/// For each issued line the change touches (a price is given for its component, register and
/// tier, and its window ends after the change):
/// - the line's quantity is split at the change instant: by a reading at the instant when the
///   caller has one, else by interval data, else by whole days, to 0.01 kWh by largest remainder
///   (RETRO-2); the method is written on the adjustment line;
/// - the re-rated amount is old price × kWh before + new price × kWh after, exact, charged by the
///   bill's rounding rule;
/// - the adjustment is re-rated − (original + earlier adjustments of the same line), so
///   original + adjustments = re-rated exactly, re-rating again with the same version emits
///   nothing, and re-rating back to the old price cancels the first adjustment to the fen.
/// Percentage lines (power-factor adjustment) whose base includes re-rated components follow:
/// their base grows by the re-rated difference and their adjustment is computed the same way.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/time.hpp"

namespace submeter::rerate {

/// Which lines a new price applies to: component (energy, tier_adder, common_area, …), register
/// (0 = total) and tier (0 = untiered).
struct price_key {
  bill::component component = bill::component::energy;
  int rate_register = 0;
  int tier = 0;

  friend bool operator<(const price_key& a, const price_key& b) noexcept {
    return std::tie(a.component, a.rate_register, a.tier) <
           std::tie(b.component, b.rate_register, b.tier);
  }
};

/// A new price version effective from a past instant (local time), for the lines it prices.
struct price_change {
  /// The tariff the version belongs to; bills under other tariffs are left alone (empty: any).
  std::string tariff_id;
  std::string version;
  local_time effective;
  std::map<price_key, energy_price> prices;
  /// The notice that set it, e.g. "沪发改价管〔2025〕12号"; written on the lines.
  std::string document;
};

/// An issued bill as re-rating sees it: its id, site, period and lines (as issued, never edited).
struct issued_bill {
  std::string bill_id;
  std::string site_id;
  std::string tariff_id;
  local_interval period;
  std::vector<bill::line> lines;
  bill::rounding_rule rule;
};

/// An issued bill from a bill the engine made: its window spans its meters' readings, and each
/// line without a window of its own gets its meter's usage window. Refuses (errc::invalid_argument)
/// a bill without usages (nothing says which window it covered).
[[nodiscard]] inline issued_bill issued_from(const bill::bill& b, std::string bill_id,
                                             std::string site_id) {
  if (b.usages.empty()) {
    throw error(errc::invalid_argument, "an issued bill without readings has no window",
                {{"bill", bill_id}, {"tenant", b.tenant_id}});
  }
  local_time from = b.usages.front().from.time;
  local_time to = b.usages.front().to.time;
  for (const auto& u : b.usages) {
    from = std::min(from, u.from.time);
    to = std::max(to, u.to.time);
  }
  issued_bill out{std::move(bill_id),
                  std::move(site_id),
                  b.tariff_id,
                  local_interval::make(from, to),
                  b.lines,
                  b.rule};
  for (auto& l : out.lines) {
    if (l.window) continue;
    for (const auto& u : b.usages) {
      if (u.meter_id == l.meter_id) l.window = u.window();
    }
  }
  return out;
}

/// A reference to one line of an issued bill.
struct line_ref {
  std::string bill_id;
  std::size_t line_index = 0;

  friend bool operator<(const line_ref& a, const line_ref& b) noexcept {
    return std::tie(a.bill_id, a.line_index) < std::tie(b.bill_id, b.line_index);
  }
  friend bool operator==(const line_ref& a, const line_ref& b) noexcept {
    return a.bill_id == b.bill_id && a.line_index == b.line_index;
  }
};

/// A signed adjustment line: a refund (negative) or supplement (positive) of an issued line.
struct adjustment {
  line_ref refers_to;
  std::string kind;  ///< "refund" or "supplement"
  bill::line line;   ///< component adjustment; version, window and split method filled
};

/// Finer data for splitting a line's kWh at the change instant.
struct split_data {
  /// kWh of the line before the instant, from a reading at the instant (by line).
  std::map<line_ref, energy> read_before;
  /// kWh of the line before the instant, from interval data (by line).
  std::map<line_ref, energy> intervals_before;
  /// The unit the split rounds to (RETRO-2: 0.01 kWh).
  energy unit = energy::parse("0.01");
};

/// The components a power-factor line's base is made of (rules.md PF; basic + energy by
/// default), and that line's component.
struct dependent_lines {
  bill::component component = bill::component::power_factor;
  std::vector<bill::component> base = {bill::component::energy, bill::component::tier_adder,
                                       bill::component::capacity, bill::component::demand};
};

/// Re-rates `bills` under `change` and returns the adjustments still due, given the adjustments
/// already emitted (`earlier`). Refuses (submeter::error): a bill from another site than
/// `site_id` (errc::inconsistent); a change effective after every issued window
/// (errc::out_of_order: nothing to re-rate); a change not newer than the version an affected
/// line cites, when `issued_effective` knows it (errc::out_of_order); an earlier adjustment that
/// refers to a bill or line not given (errc::not_found); a reading or interval figure above the
/// line's quantity (errc::inconsistent).
[[nodiscard]] inline std::vector<adjustment> rerate_bills(
    const std::string& site_id, const std::vector<issued_bill>& bills, const price_change& change,
    const std::vector<adjustment>& earlier = {}, const split_data& finer = {},
    const std::map<std::string, local_time>& issued_effective = {},
    const dependent_lines& dependents = {}) {
  bool any_after = false;
  for (const auto& b : bills) {
    if (b.site_id != site_id) {
      throw error(errc::inconsistent, "a bill from another site",
                  {{"bill", b.bill_id}, {"bill_site", b.site_id}, {"site", site_id}});
    }
    if (change.effective < b.period.end()) any_after = true;
  }
  if (!any_after) {
    throw error(
        errc::out_of_order, "the price change takes effect after every issued window",
        {{"version", change.version}, {"effective", local_interval::format(change.effective)}});
  }
  // Earlier adjustments by bill; each must refer to a line given.
  std::map<std::string, std::vector<const adjustment*>> earlier_by_bill;
  for (const auto& a : earlier) earlier_by_bill[a.refers_to.bill_id].push_back(&a);
  for (const auto& [bill_id, list] : earlier_by_bill) {
    // A named reference, not the structured binding: clang (the fuzz build) refuses capturing one.
    const std::string& id = bill_id;
    const auto it = std::find_if(bills.begin(), bills.end(),
                                 [&](const issued_bill& b) { return b.bill_id == id; });
    for (const auto* a : list) {
      if (it == bills.end() || a->refers_to.line_index >= it->lines.size()) {
        throw error(
            errc::not_found, "an earlier adjustment refers to a line not given",
            {{"bill", a->refers_to.bill_id}, {"line", std::to_string(a->refers_to.line_index)}});
      }
    }
  }

  std::vector<adjustment> out;
  for (const auto& b : bills) {
    if (!change.tariff_id.empty() && b.tariff_id != change.tariff_id) continue;
    // What each line has been charged so far: original + earlier adjustments (exact, charged).
    std::vector<std::pair<bill::exact_money, bill::exact_money>> charged;
    charged.reserve(b.lines.size());
    for (const auto& l : b.lines) charged.emplace_back(l.unrounded, l.amount);
    if (const auto e = earlier_by_bill.find(b.bill_id); e != earlier_by_bill.end()) {
      for (const auto* a : e->second) {
        charged[a->refers_to.line_index].first += a->line.unrounded;
        charged[a->refers_to.line_index].second += a->line.amount;
      }
    }
    bill::exact_money base_delta;  // re-rated − issued, over the base of dependent lines
    std::vector<std::size_t> dependent_at;
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
      const auto& l = b.lines[i];
      if (l.component == dependents.component) {
        dependent_at.push_back(i);
        continue;
      }
      const auto price = change.prices.find({l.component, l.rate_register, l.tier});
      if (price == change.prices.end()) continue;
      const auto window = l.window.value_or(b.period);
      if (!(change.effective < window.end())) continue;  // wholly before the change
      if (!l.version.empty()) {
        const auto cited = issued_effective.find(l.version);
        if (cited != issued_effective.end() && !(cited->second < change.effective)) {
          throw error(
              errc::out_of_order, "the new version is not newer than the one a line cites",
              {{"bill", b.bill_id}, {"line_version", l.version}, {"version", change.version}});
        }
      }
      const line_ref ref{b.bill_id, i};
      const auto quantity = energy::from_mantissa(l.quantity.mantissa());
      const auto old_price = energy_price::from_mantissa(l.unit_price.mantissa());
      energy before;
      std::string method;
      if (window.begin() < change.effective) {
        const auto refuse_above = [&](energy e, const char* what) {
          if (e.is_negative() || quantity < e) {
            throw error(errc::inconsistent, "finer data give more kWh than the line",
                        {{"bill", b.bill_id},
                         {"line", std::to_string(i)},
                         {"source", what},
                         {"before", e.to_string(2)},
                         {"line_kwh", quantity.to_string(2)}});
          }
        };
        if (auto r = finer.read_before.find(ref); r != finer.read_before.end()) {
          refuse_above(r->second, "reading");
          before = r->second;
          method = "reads at the change instant";
        } else if (auto iv = finer.intervals_before.find(ref); iv != finer.intervals_before.end()) {
          refuse_above(iv->second, "interval data");
          before = iv->second;
          method = "interval data";
        } else {
          const auto days = [](local_time a, local_time z) {
            return static_cast<std::int64_t>(
                (date::floor<date::days>(z) - date::floor<date::days>(a)).count());
          };
          const std::int64_t d_before = days(window.begin(), change.effective);
          const std::int64_t d_after = days(change.effective, window.end());
          // To the split unit (0.01 kWh) when the line's kWh are whole units of it.
          const auto unit = quantity.mantissa() % finer.unit.mantissa() == 0
                                ? finer.unit
                                : energy::from_mantissa(1);
          const auto parts = split(quantity, std::vector<std::int64_t>{d_before, d_after}, unit);
          before = parts[0];
          method = "by days " + std::to_string(d_after) + "/" + std::to_string(d_before + d_after);
        }
      }
      const energy after = quantity - before;
      const auto rerated = multiply<bill::exact_money>(before, old_price, rounding::half_up) +
                           multiply<bill::exact_money>(after, price->second, rounding::half_up);
      const auto target = bill::charge_of(rerated, b.rule);
      auto& so_far = charged[i];
      const auto delta_amount = target - so_far.second;
      const auto delta_exact = rerated - so_far.first;
      if (std::find(dependents.base.begin(), dependents.base.end(), l.component) !=
          dependents.base.end()) {
        base_delta += delta_exact;
      }
      if (delta_amount.is_zero() && delta_exact.is_zero()) continue;
      bill::line a = l;
      a.component = bill::component::adjustment;
      a.version = change.version;
      a.window = local_interval::make(std::max(window.begin(), change.effective), window.end());
      a.split_method = method;
      a.quantity = bill::as_line_quantity(after);
      a.unit_price =
          bill::line_price::from_mantissa(price->second.mantissa() - old_price.mantissa());
      a.unrounded = delta_exact;
      a.amount = delta_amount;
      a.rule = b.rule;
      const std::string kind = delta_amount.is_negative() ? "refund" : "supplement";
      a.explanation = kind + " of " + b.bill_id + " line " + std::to_string(i + 1) + " (" +
                      l.register_name + (l.tier ? ", tier " + std::to_string(l.tier) : "") +
                      "): " + bill::group_thousands(after.to_string(2)) + " kWh × (" +
                      price->second.to_string(2) + " − " + old_price.to_string(2) +
                      ") = " + bill::group_thousands(delta_amount.to_string(b.rule.places)) + " [" +
                      change.version + (change.document.empty() ? "" : " " + change.document) +
                      " from " + local_interval::format(change.effective) +
                      (method.empty() ? "" : ", " + method) + "]";
      so_far.first += delta_exact;
      so_far.second += delta_amount;
      out.push_back({ref, kind, std::move(a)});
    }
    // Dependent percentage lines (power factor): base + Δbase at the same percentage.
    for (const auto i : dependent_at) {
      if (base_delta.is_zero()) break;
      const auto& l = b.lines[i];
      const line_ref ref{b.bill_id, i};
      const auto base = rescale<bill::exact_money>(
          decimal<dimension::money, 4>::from_mantissa(l.quantity.mantissa()));
      const auto pct = decimal<dimension::ratio, 6>::from_mantissa(l.unit_price.mantissa());
      const auto rerated = multiply<bill::exact_money>(base + base_delta, pct, rounding::half_up);
      const auto target = bill::charge_of(rerated, b.rule);
      auto& so_far = charged[i];
      const auto delta_amount = target - so_far.second;
      if (delta_amount.is_zero()) continue;
      bill::line a = l;
      a.component = bill::component::adjustment;
      a.version = change.version;
      a.quantity = bill::as_line_quantity(rescale<money>(base_delta, rounding::half_up));
      a.unrounded = rerated - so_far.first;
      a.amount = delta_amount;
      a.rule = b.rule;
      const std::string kind = delta_amount.is_negative() ? "refund" : "supplement";
      a.explanation = kind + " of " + b.bill_id + " line " + std::to_string(i + 1) + " (" +
                      std::string(bill::to_string(l.component)) + "): base changed by " +
                      base_delta.to_string(b.rule.places) + " at " + pct.to_string(2) + " = " +
                      delta_amount.to_string(b.rule.places) + " [" + change.version + "]";
      so_far.first += a.unrounded;
      so_far.second += delta_amount;
      out.push_back({ref, kind, std::move(a)});
    }
  }
  return out;
}

}  // namespace submeter::rerate
