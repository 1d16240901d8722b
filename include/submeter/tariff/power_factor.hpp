#pragma once
/// \file
/// Power-factor adjustment (力调, 功率因数调整电费), 1983 rules: (83)水电财字第215号
/// 《功率因数调整电费办法》 (PF-1 … PF-5, rules.md §7).
///
/// PF-2: cos φ = W_P / sqrt(W_P² + W_Q²) from the month's kWh and kvarh (W_Q = |import| +
/// |export| where reactive energy can flow back), rounded half-up to 2 decimals. Decided exactly:
/// cos φ rounds to k/100 or above ⇔ 200·W_P ≥ (2k − 1)·sqrt(W_P² + W_Q²) ⇔ 40000·W_P² ≥
/// (2k − 1)²·(W_P² + W_Q²), compared on 128-bit integers; no floating point.
/// PF-3: the adjustment percentage by standard 0.90, 0.85 or 0.80, generated from the piecewise
/// rule. PF-4: adjustment = base × percentage, rounded half-up (away from zero) to 0.01; the base
/// is a configurable set of bill components (basic + energy by default).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"

namespace submeter::tariff {

/// PF-1: the standard power factor a user is held to.
enum class pf_standard {
  s0_90 = 90,  ///< HV industrial > 160 kVA, HV users with on-load tap changers, large pumping
  s0_85 = 85,  ///< other industrial and non-industrial users ≥ 100 kVA (kW)
  s0_80 = 80,  ///< agricultural and wholesale users ≥ 100 kVA
};

/// The standard in hundredths (90, 85, 80).
[[nodiscard]] constexpr int hundredths(pf_standard s) noexcept { return static_cast<int>(s); }

/// "0.90", "0.85", "0.80".
[[nodiscard]] inline std::string to_string(pf_standard s) {
  return "0." + std::to_string(hundredths(s));
}

/// The standard of "0.90", "0.85", "0.80" (also "0.9", "0.8"); refuses (errc::invalid_argument)
/// anything else.
[[nodiscard]] inline pf_standard parse_pf_standard(const std::string& text) {
  const auto r = ratio::try_parse(text);
  if (r && *r == ratio::parse("0.9")) return pf_standard::s0_90;
  if (r && *r == ratio::parse("0.85")) return pf_standard::s0_85;
  if (r && *r == ratio::parse("0.8")) return pf_standard::s0_80;
  throw error(errc::invalid_argument, "a power-factor standard is 0.90, 0.85 or 0.80 (PF-1)",
              {{"standard", text}});
}

/// PF-2: the month's average power factor, half-up to 2 decimals, as hundredths (0..100).
/// `wq_export` is given where reactive energy can flow back: W_Q = |import| + |export|.
/// Refuses: negative kWh (errc::invalid_argument); kvarh without kWh, or no energy at all
/// (errc::inconsistent: cos φ is undefined and no adjustment applies).
[[nodiscard]] inline int cos_phi_hundredths(energy wp, reactive_energy wq_import,
                                            std::optional<reactive_energy> wq_export = {}) {
  using submeter::detail::int128;
  if (wp.is_negative()) {
    throw error(errc::invalid_argument, "negative active energy for the power factor",
                {{"kwh", wp.to_string(0)}});
  }
  const reactive_energy wq = wq_import.abs() + (wq_export ? wq_export->abs() : reactive_energy{});
  if (wp.is_zero()) {
    throw error(errc::inconsistent,
                wq.is_zero() ? "no energy: the power factor is undefined"
                             : "reactive energy without active energy: the power factor is "
                               "undefined",
                {{"kwh", wp.to_string(0)}, {"kvarh", wq.to_string(0)}});
  }
  const int128 p = wp.mantissa();
  const int128 q = wq.mantissa();
  const int128 p2 = p * p;
  const int128 s2 = p2 + q * q;
  const int128 lhs = p2 * 40000;
  // The largest k whose lower rounding edge (2k − 1)/200 lies at or below cos φ.
  int k = 100;
  while (k > 0 && int128((2 * k - 1) * (2 * k - 1)) * s2 > lhs) --k;
  return k;
}

/// PF-2 as a ratio: cos_phi_hundredths / 100.
[[nodiscard]] inline ratio cos_phi(energy wp, reactive_energy wq_import,
                                   std::optional<reactive_energy> wq_export = {}) {
  return ratio::from_mantissa(std::int64_t{cos_phi_hundredths(wp, wq_import, wq_export)} *
                              10000000);
}

/// PF-3: the adjustment in basis points of the base (1 bp = 0.01 %; positive = surcharge 增收,
/// negative = reduction 减收) for cos φ in hundredths (0..100). Piecewise rule: above the
/// standard, −0.1 % per step up to 0.90 then −0.15 % per step, floored at −0.75 % (0.90),
/// −1.1 % (0.85), −1.3 % (0.80); below it, +0.5 % per step for 0.20, +1 % per step for the next
/// 0.05, +2 % per step below that, without a cap. Refuses (errc::invalid_argument) cos φ outside
/// 0..100.
[[nodiscard]] inline int adjustment_basis_points(pf_standard standard, int cos_hundredths) {
  if (cos_hundredths < 0 || cos_hundredths > 100) {
    throw error(errc::invalid_argument, "cos φ must lie within 0.00..1.00",
                {{"cos_phi_hundredths", std::to_string(cos_hundredths)}});
  }
  const int s = hundredths(standard);
  const int c = cos_hundredths;
  if (c >= s) {
    const int floor_bp = standard == pf_standard::s0_90   ? -75
                         : standard == pf_standard::s0_85 ? -110
                                                          : -130;
    const int bp = -10 * (std::min(c, 90) - s) - 15 * (std::max(c, 90) - 90);
    return std::max(bp, floor_bp);
  }
  const int d = s - c;
  if (d <= 20) return 50 * d;
  if (d <= 25) return 1000 + 100 * (d - 20);
  return 1500 + 200 * (d - 25);
}

/// One row of the PF-3 table.
struct pf_table_row {
  int cos_hundredths = 0;
  int basis_points = 0;
};

/// PF-3: the adjustment table of a standard, from cos φ 1.00 down to `lowest` (0.30 as published).
[[nodiscard]] inline std::vector<pf_table_row> adjustment_table(pf_standard standard,
                                                                int lowest_hundredths = 30) {
  std::vector<pf_table_row> rows;
  for (int c = 100; c >= std::max(0, lowest_hundredths); --c) {
    rows.push_back({c, adjustment_basis_points(standard, c)});
  }
  return rows;
}

/// Basis points as a signed percentage with 2 places: 250 → "+2.50", −15 → "-0.15", 0 → "0.00".
[[nodiscard]] inline std::string percent_text(int basis_points) {
  const int a = basis_points < 0 ? -basis_points : basis_points;
  std::string frac = std::to_string(a % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return std::string(basis_points > 0 ? "+" : (basis_points < 0 ? "-" : "")) +
         std::to_string(a / 100) + "." + frac;
}

/// PF-4: the bill components an adjustment applies to. Default: the basic charge (capacity,
/// demand) and the energy charge (energy, and tier_adder, the tiered part of the energy charge).
/// Provinces exclude or add components; pass your own set.
[[nodiscard]] inline std::set<bill::component> default_pf_base() {
  return {bill::component::capacity, bill::component::demand, bill::component::energy,
          bill::component::tier_adder};
}

/// PF-4: Σ of the charged amounts of the lines whose component is in `base`.
[[nodiscard]] inline bill::exact_money pf_base_amount(const std::vector<bill::line>& lines,
                                                      const std::set<bill::component>& base) {
  bill::exact_money sum;
  for (const auto& l : lines) {
    if (base.count(l.component) != 0) sum += l.amount;
  }
  return sum;
}

/// PF-4: the adjustment line (component "power_factor"): base × percentage from the table of
/// `standard` at cos φ `cos_hundredths`, exact, rounded by `rule` (half-up, away from zero, to
/// 0.01 by default). Quantity = the base (unit "yuan"), unit price = the signed fraction (0.025 =
/// +2.5 %). The explanation states cos φ, the standard, the percentage and the base.
[[nodiscard]] inline bill::line power_factor_line(
    std::string meter_id, bill::exact_money base, pf_standard standard, int cos_hundredths,
    const bill::rounding_rule& rule, const std::string& base_description = "basic + energy") {
  const int bp = adjustment_basis_points(standard, cos_hundredths);
  // base (1e-10) × bp / 10000: exact at 1e-10 when the base has at most 6 places (bills keep
  // 4); otherwise rounded half-up at 1e-10.
  const auto exact = bill::exact_money::from_mantissa(
      submeter::detail::narrow(submeter::detail::divide_rounded<submeter::detail::int128>(
                                   submeter::detail::int128(base.mantissa()) * bp,
                                   submeter::detail::int128(10000), rounding::half_up),
                               "power factor adjustment"));
  const std::string cos_text = std::to_string(cos_hundredths / 100) + "." +
                               (cos_hundredths % 100 < 10 ? "0" : "") +
                               std::to_string(cos_hundredths % 100);
  auto l = bill::amount_line(bill::component::power_factor, std::move(meter_id), exact,
                             "cos φ " + cos_text + " vs standard " + to_string(standard) + ": " +
                                 percent_text(bp) + " % × base " +
                                 bill::group_thousands(base.to_string(2)) + " (" +
                                 base_description + ", PF-3/PF-4)",
                             rule);
  l.quantity = bill::line_quantity::from_mantissa(
      submeter::detail::divide_rounded<std::int64_t>(base.mantissa(), 1000000, rounding::half_up));
  l.unit = "yuan";
  l.unit_price = bill::line_price::from_mantissa(std::int64_t{bp} * 100);
  l.price_unit = "fraction of base";
  return l;
}

/// PF-2 + PF-4 from the month's readings and bill lines: cos φ from kWh and kvarh, the base from
/// `lines` by component, and the adjustment line. The explanation also states W_P and W_Q.
[[nodiscard]] inline bill::line power_factor_line(
    std::string meter_id, const std::vector<bill::line>& lines, energy wp,
    reactive_energy wq_import, std::optional<reactive_energy> wq_export, pf_standard standard,
    const bill::rounding_rule& rule, const std::set<bill::component>& base = default_pf_base()) {
  const int c = cos_phi_hundredths(wp, wq_import, wq_export);
  std::string names;  // in the order of their names (bill::component's order)
  for (const auto b : base) names += (names.empty() ? "" : " + ") + std::string(bill::to_string(b));
  auto l =
      power_factor_line(std::move(meter_id), pf_base_amount(lines, base), standard, c, rule, names);
  const reactive_energy wq = wq_import.abs() + (wq_export ? wq_export->abs() : reactive_energy{});
  l.explanation = "W_P " + bill::group_thousands(wp.to_string(2)) + " kWh, W_Q " +
                  bill::group_thousands(wq.to_string(2)) + " kvarh; " + l.explanation;
  return l;
}

}  // namespace submeter::tariff
