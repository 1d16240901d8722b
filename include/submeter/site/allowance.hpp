#pragma once
/// \file
/// site::allowance_lines: a tenant's free electricity quota (学生公寓, campus and staff housing),
/// rule ALLOW-1 (docs/formats.md "Allowances"):
///
/// - The quota of a month is the tenant's monthly quota, plus, with carry-over, what the previous
///   month left unused (tenant_allowance::carried_*, written back by the platform from the
///   previous bill's line, which states it).
/// - A kWh quota frees the **first** kWh of the month at the prices the tenant would pay: its
///   energy lines priced as usual, then one `allowance` line crediting the free kWh. On a ladder
///   the free kWh are the lowest tiers' (tier 1 first: the month's first kWh); with time-of-use
///   registers (readings do not say which kWh came first) they are shared among the registers in
///   proportion to their kWh, by largest remainder to 0.0001 kWh, and within a register taken
///   from its lines in bill order (an earlier price version first). Free kWh are min(quota, kWh).
/// - A yuan quota frees min(quota, the month's electricity charges) from the lines before it
///   (energy, tiers, basic charge, power factor, a Mode B share).
/// - The credit is exact and rounded once, by the bill's rule, on the allowance line.

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/site/site.hpp"

namespace submeter::site {

namespace detail {

/// "12.50": a quantity as a bill line writes it.
template <class Q>
[[nodiscard]] std::string amount_text(const Q& q) {
  return bill::group_thousands(q.to_string(2));
}

/// ALLOW-1 for a kWh quota over `lines` (the tenant's lines so far).
[[nodiscard]] inline std::vector<bill::line> kwh_allowance(const site& s, const tenant& t,
                                                           const tenant_allowance& a,
                                                           const std::vector<bill::line>& lines) {
  const energy quota = *a.kwh + (a.carry_over ? a.carried_kwh : energy{});
  // The tenant's metered energy lines, grouped by register in order of first appearance.
  std::vector<int> registers;
  std::map<int, std::vector<const bill::line*>> by_register;
  energy total;
  for (const auto& l : lines) {
    if (l.component != bill::component::energy || l.meter_id.empty() || is_water(s, l.meter_id) ||
        l.quantity.mantissa() <= 0) {
      continue;
    }
    if (by_register.count(l.rate_register) == 0) registers.push_back(l.rate_register);
    by_register[l.rate_register].push_back(&l);
    total += energy::from_mantissa(l.quantity.mantissa());
  }
  const energy free = std::min(quota, total);
  std::vector<energy> per_register(registers.size());
  if (registers.size() == 1) {
    per_register[0] = free;
  } else if (!registers.empty() && !free.is_zero()) {
    std::vector<energy> weights;
    for (const auto r : registers) {
      energy w;
      for (const auto* l : by_register[r]) w += energy::from_mantissa(l->quantity.mantissa());
      weights.push_back(w);
    }
    per_register = split(free, weights, energy::from_mantissa(1));
  }
  bill::exact_money value;
  std::string parts;
  for (std::size_t i = 0; i < registers.size(); ++i) {
    energy left = per_register[i];
    for (const auto* l : by_register[registers[i]]) {
      if (left.is_zero()) break;
      const energy take = std::min(left, energy::from_mantissa(l->quantity.mantissa()));
      const auto price = energy_price::from_mantissa(l->unit_price.mantissa());
      value += multiply<bill::exact_money>(take, price, rounding::half_up);
      parts += (parts.empty() ? "" : " + ") + amount_text(take) + " × " + price.to_string(4);
      left -= take;
    }
  }
  const energy unused = quota - free;
  std::string why = "free quota " + amount_text(*a.kwh) + " kWh a month (ALLOW-1)";
  if (a.carry_over && !a.carried_kwh.is_zero()) {
    why += " + " + amount_text(a.carried_kwh) + " kWh carried";
  }
  why += ": " + amount_text(free) + " of " + amount_text(total) + " kWh free, the first kWh at " +
         "the prices charged";
  if (!parts.empty()) why += " (" + parts + ")";
  why += "; unused " + amount_text(unused) + " kWh " +
         (a.carry_over ? "carried to the next month" : "lapses");
  auto l = bill::amount_line(bill::component::allowance, {}, -value, std::move(why), s.rule());
  l.payer = t.id;
  l.quantity = bill::line_quantity::from_mantissa(-free.mantissa());
  l.unit = "kWh";
  return {std::move(l)};
}

/// ALLOW-1 for a yuan quota over `lines` (the tenant's lines so far).
[[nodiscard]] inline std::vector<bill::line> yuan_allowance(const site& s, const tenant& t,
                                                            const tenant_allowance& a,
                                                            const std::vector<bill::line>& lines) {
  const money quota = *a.yuan + (a.carry_over ? a.carried_yuan : money{});
  bill::exact_money charges;
  for (const auto& l : lines) {
    if (bill::is_electricity(l.component) && l.component != bill::component::allowance) {
      charges += l.amount;
    }
  }
  const auto quota_exact = rescale<bill::exact_money>(quota);
  bill::exact_money free = charges.is_negative() ? bill::exact_money{} : charges;
  if (quota_exact < free) free = quota_exact;
  const money unused = quota - rescale<money>(free, rounding::half_up);
  std::string why = "free quota " + amount_text(*a.yuan) + " yuan a month (ALLOW-1)";
  if (a.carry_over && !a.carried_yuan.is_zero()) {
    why += " + " + amount_text(a.carried_yuan) + " yuan carried";
  }
  why += ": " + amount_text(free) + " of " + amount_text(charges) +
         " yuan of electricity free; unused " + amount_text(unused) + " yuan " +
         (a.carry_over ? "carried to the next month" : "lapses");
  auto l = bill::amount_line(bill::component::allowance, {}, -free, std::move(why), s.rule());
  l.payer = t.id;
  return {std::move(l)};
}

}  // namespace detail

/// ALLOW-1 (file comment): tenant `t`'s allowance line for the month, from `lines`, its lines so
/// far (metered, Mode B share, two-part); none without an allowance.
[[nodiscard]] inline std::vector<bill::line> allowance_lines(const site& s, const tenant& t,
                                                             const std::vector<bill::line>& lines) {
  if (!t.allowance) return {};
  const auto& a = *t.allowance;
  return a.kwh ? detail::kwh_allowance(s, t, a, lines) : detail::yuan_allowance(s, t, a, lines);
}

}  // namespace submeter::site
