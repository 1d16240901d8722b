#pragma once
/// \file
/// Back-billing for meter faults (退补电量), 《供电营业规则》 (1996) Articles 80–81 (rules.md §13).
///
/// Each function returns an explained correction: the kWh the customer was billed on, the true
/// kWh, the signed correction (negative = refund 退, positive = supplement 补) and the bill line.
/// Corrections are computed exactly and then rounded half-up to 0.01 kWh; the line's money is
/// rounded by the caller's rule (0.01 yuan half-up by default). Nothing edits an issued bill.
///
/// - BB-1 `meter_error`: a verified error beyond the meter's class tolerance is corrected to zero
///   error over half the time since the last calibration or installation. With the error r
///   relative to the true value, true = recorded ÷ (1 + r) and the correction is
///   −recorded × r ÷ (1 + r) (recorded × r overstates it). Which kWh form the basis is not fixed by
///   the text (rules.md open question 7): `recent_half` takes the most recent half of the months,
///   `half_of_period` half of all kWh since calibration; the caller chooses.
/// - BB-2 `wrong_multiplier`: the correct multiplier over the period shown by the readings:
///   correction = billed × (actual ÷ used − 1).
/// - BB-3 `wrong_wiring`: recorded × (K − 1) over the full period, K = P_correct ÷ P_wrong from the
///   on-site phasor check.
/// - BB-4 `under_registration`: a voltage drop in the wiring (or another cause) that made the
///   meter register a fraction δ too little, from commissioning to correction: true = recorded ÷
///   (1 − δ).

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"

namespace submeter::rerate {

/// A multiplier ratio as written on the CT or PT nameplate, e.g. 300/5.
struct transformer_ratio {
  std::int64_t primary = 1;
  std::int64_t secondary = 1;

  /// Refuses (errc::invalid_argument) a primary or secondary below 1.
  [[nodiscard]] static transformer_ratio make(std::int64_t primary, std::int64_t secondary) {
    if (primary < 1 || secondary < 1) {
      throw error(errc::invalid_argument, "a transformer ratio needs positive windings",
                  {{"primary", std::to_string(primary)}, {"secondary", std::to_string(secondary)}});
    }
    return {primary, secondary};
  }
  [[nodiscard]] std::string to_string() const {
    return std::to_string(primary) + "/" + std::to_string(secondary);
  }
};

/// An explained back-bill.
struct backbill {
  /// The rule applied: "BB-1 meter error", "BB-2 wrong multiplier", …
  std::string rule;
  /// Whether a correction is due (false within tolerance).
  bool applies = false;
  /// The kWh the correction is computed on, as billed.
  energy basis;
  /// The true kWh of the basis (0.01 kWh, half-up).
  energy true_kwh;
  /// true_kwh − basis: negative = refund (退), positive = supplement (补).
  energy correction;
  /// "refund", "supplement" or "none".
  std::string direction;
  /// The money line (component backbill), absent when nothing applies.
  std::vector<bill::line> lines;
};

/// How many recorded months form the BB-1 basis.
enum class error_basis {
  recent_half,     ///< the most recent half of the months since calibration
  half_of_period,  ///< half of all kWh recorded since calibration
};

namespace detail {

[[nodiscard]] inline energy to_hundredth(energy e) { return round(e, 2, rounding::half_up); }

[[nodiscard]] inline backbill finish(std::string rule, energy basis, energy true_kwh,
                                     energy_price price, const std::string& meter_id,
                                     const std::string& why, const bill::rounding_rule& money) {
  backbill b;
  b.rule = std::move(rule);
  b.basis = basis;
  b.true_kwh = true_kwh;
  b.correction = true_kwh - basis;
  b.applies = !b.correction.is_zero();
  b.direction = b.correction.is_zero()       ? "none"
                : b.correction.is_negative() ? "refund"
                                             : "supplement";
  if (b.applies) {
    auto l = bill::charge_line(bill::component::backbill, meter_id, b.correction, price, money);
    l.explanation = b.rule + " " + b.direction + ": " + why + "; " + l.explanation;
    b.lines.push_back(std::move(l));
  }
  return b;
}

}  // namespace detail

/// BB-1: a verified error `error_pct` (percent, relative to the true value, e.g. "+4") beyond
/// `tolerance_pct` (the class, e.g. "2" for class 2.0). The period since the last calibration or
/// installation has `months_in_period` months; `monthly` are the recorded kWh of its most recent
/// months, oldest first (all of them for `half_of_period`, at least the recent half otherwise).
/// Half the time is corrected: for an odd count the middle month counts half. Refuses
/// (errc::invalid_argument): no months, months that do not cover the basis, a negative
/// tolerance, an error of −100 % or less, negative recorded kWh.
[[nodiscard]] inline backbill meter_error(const std::vector<energy>& monthly,
                                          std::size_t months_in_period,
                                          decimal<dimension::ratio, 4> error_pct,
                                          decimal<dimension::ratio, 4> tolerance_pct,
                                          error_basis basis, energy_price price,
                                          const std::string& meter_id,
                                          const bill::rounding_rule& money = {}) {
  const std::size_t n = months_in_period;
  const std::size_t given = monthly.size();
  const bool enough = basis == error_basis::half_of_period ? given == n : 2 * given >= n;
  if (given == 0 || given > n || !enough) {
    throw error(errc::invalid_argument, "the recorded months do not cover the back-bill basis",
                {{"months_in_period", std::to_string(n)},
                 {"months_given", std::to_string(given)},
                 {"basis", basis == error_basis::recent_half ? "recent_half" : "half_of_period"}});
  }
  if (tolerance_pct.is_negative()) {
    throw error(errc::invalid_argument, "a negative tolerance",
                {{"tolerance_pct", tolerance_pct.to_string()}});
  }
  if (!(decimal<dimension::ratio, 4>::from_integer(-100) < error_pct)) {
    throw error(errc::invalid_argument, "a meter error of −100 % or less",
                {{"error_pct", error_pct.to_string()}});
  }
  for (const auto& m : monthly) {
    if (m.is_negative())
      throw error(errc::invalid_argument, "negative recorded kWh", {{"kwh", m.to_string()}});
  }
  if (!(tolerance_pct < error_pct.abs())) {
    backbill b;
    b.rule = "BB-1 meter error";
    b.direction = "none";
    return b;
  }
  const std::string why =
      "error " + error_pct.to_string(0) + " % beyond ±" + tolerance_pct.to_string(0) +
      " %, half of " + std::to_string(n) + " months" +
      (basis == error_basis::recent_half ? " (the most recent)" : " (half of all kWh)");
  // Twice the basis, so that a half month stays exact.
  energy twice;
  for (std::size_t k = 0; k < given; ++k) {
    const std::size_t i = n - given + k;  // the month's place in the whole period
    if (basis == error_basis::half_of_period) {
      twice += monthly[k];
    } else if (2 * i + 1 > n) {
      twice += monthly[k] * 2;  // wholly in the recent half
    } else if (2 * i + 1 == n) {
      twice += monthly[k];  // the middle month of an odd count counts half
    }
  }
  const auto base = divide(twice, 2, rounding::half_up);
  // true = recorded × 100 ÷ (100 + r), one exact step, then half-up to 0.01 kWh.
  const auto hundred = decimal<dimension::ratio, 4>::from_integer(100);
  const auto true_exact =
      scale_by(base, hundred.mantissa(), (hundred + error_pct).mantissa(), rounding::half_up);
  return detail::finish("BB-1 meter error", base, detail::to_hundredth(true_exact), price, meter_id,
                        why, money);
}

/// BB-2: `billed` kWh computed with the multiplier `used` while `actual` is fitted:
/// true = billed × actual ÷ used (to 0.01 kWh).
[[nodiscard]] inline backbill wrong_multiplier(energy billed, transformer_ratio used,
                                               transformer_ratio actual, energy_price price,
                                               const std::string& meter_id,
                                               const bill::rounding_rule& money = {}) {
  if (billed.is_negative())
    throw error(errc::invalid_argument, "negative billed kWh", {{"kwh", billed.to_string()}});
  // actual ÷ used = (ap / as) ÷ (up / us) = ap·us ÷ (as·up)
  const auto true_kwh = scale_by(billed, actual.primary * used.secondary,
                                 actual.secondary * used.primary, rounding::half_up);
  return detail::finish(
      "BB-2 wrong multiplier", billed, detail::to_hundredth(true_kwh), price, meter_id,
      "CT " + used.to_string() + " used, " + actual.to_string() + " fitted", money);
}

/// BB-3: `recorded` kWh over the full period since the last calibration, wrong wiring with the
/// correction factor K = P_correct ÷ P_wrong (from the phasor check): true = recorded × K.
/// Refuses (errc::invalid_argument) K <= 0.
[[nodiscard]] inline backbill wrong_wiring(energy recorded, ratio k, energy_price price,
                                           const std::string& meter_id,
                                           const bill::rounding_rule& money = {}) {
  if (!(ratio{} < k))
    throw error(errc::invalid_argument, "a wiring correction factor must be > 0",
                {{"K", k.to_string()}});
  const auto true_kwh = multiply<energy>(recorded, k, rounding::half_up);
  return detail::finish("BB-3 wrong wiring", recorded, detail::to_hundredth(true_kwh), price,
                        meter_id,
                        "correction factor K = " + k.to_string(0) + " over the full period", money);
}

/// BB-4: the meter registered a fraction `shortfall` (0 < δ < 1) too little since commissioning
/// (a voltage drop in the wiring): true = recorded ÷ (1 − δ).
[[nodiscard]] inline backbill under_registration(energy recorded, ratio shortfall,
                                                 energy_price price, const std::string& meter_id,
                                                 const bill::rounding_rule& money = {}) {
  if (!(ratio{} < shortfall) || !(shortfall < ratio::from_integer(1))) {
    throw error(errc::invalid_argument, "an under-registration must be between 0 and 1",
                {{"shortfall", shortfall.to_string()}});
  }
  const auto registered = ratio::from_integer(1) - shortfall;
  const auto true_kwh = scale_by(recorded, ratio::one, registered.mantissa(), rounding::half_up);
  return detail::finish("BB-4 under-registration", recorded, detail::to_hundredth(true_kwh), price,
                        meter_id, "registered " + shortfall.to_string(0) + " too little", money);
}

}  // namespace submeter::rerate
