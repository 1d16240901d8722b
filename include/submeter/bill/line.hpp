#pragma once
/// \file
/// bill::line: one charged line of a bill, with its exact amount, its rounded amount, the
/// rounding rule applied and an explanation a tenant can read.
///
/// NUM-2 (rules.md): each line (quantity × price) is computed exactly and, by default, rounded
/// half-up to 0.01 yuan; a bill total is the sum of its rounded lines. "Round the total only" is
/// offered for cross-checks. This header depends on the core only, so tariffs can produce lines.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"

namespace submeter::bill {

/// Money held exactly to 1e-10 yuan: an energy (1e-4) × price (1e-6) product without loss.
/// Range ±922,337,203 yuan per line; beyond it the product throws std::overflow_error.
using exact_money = decimal<dimension::money, 10>;

/// Where a bill rounds (NUM-2): each line, or only the total (for cross-checks).
enum class rounding_scope {
  per_line,    ///< round each line; total = Σ rounded lines (the default)
  total_only,  ///< keep lines exact; round Σ exact lines once
};

[[nodiscard]] constexpr std::string_view to_string(rounding_scope s) noexcept {
  return s == rounding_scope::per_line ? "per_line" : "total_only";
}

/// The rounding point of a bill: where, to how many places (0..4), and how. Printed on bills.
struct rounding_rule {
  rounding_scope scope = rounding_scope::per_line;
  int places = 2;
  rounding mode = rounding::half_up;

  /// Refuses (errc::invalid_argument) places outside 0..4 (money is kept to 1e-4).
  static rounding_rule make(rounding_scope scope, int places, rounding mode) {
    if (places < 0 || places > 4) {
      throw error(errc::invalid_argument, "rounding places must be within 0..4",
                  {{"places", std::to_string(places)}});
    }
    return rounding_rule{scope, places, mode};
  }

  /// "half_up to 0.01 per line", "half_even to 1 on the total only".
  [[nodiscard]] std::string describe() const {
    std::string unit =
        places == 0 ? "1" : "0." + std::string(static_cast<std::size_t>(places - 1), '0') + "1";
    return std::string(submeter::to_string(mode)) + " to " + unit +
           (scope == rounding_scope::per_line ? " per line" : " on the total only");
  }

  friend bool operator==(const rounding_rule& a, const rounding_rule& b) noexcept {
    return a.scope == b.scope && a.places == b.places && a.mode == b.mode;
  }
};

/// Inserts thousands separators into exact decimal text: "1234567.5" → "1,234,567.5".
[[nodiscard]] inline std::string group_thousands(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  if (!text.empty() && text[0] == '-') {
    out += '-';
    start = 1;
  }
  const std::size_t dot = text.find('.');
  const std::size_t int_end = dot == std::string_view::npos ? text.size() : dot;
  for (std::size_t i = start; i < int_end; ++i) {
    out += text[i];
    const std::size_t left = int_end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  out += text.substr(int_end);
  return out;
}

/// One charged line of a bill.
struct line {
  /// What is charged: "energy" (v0); later "demand", "capacity", "power_factor", "fixed"…
  std::string component;
  /// The meter measured.
  std::string meter_id;
  /// The register priced: 0 for the total, 1..8 for a rate register (TOU-4).
  int rate_register = 0;
  /// "total", "sharp", "peak", "flat", "valley", "deep_valley", "rate6".."rate8".
  std::string register_name;
  /// The quantity charged (multiplier applied), and its unit ("kWh").
  energy quantity;
  std::string unit;
  /// The unit price, yuan per unit.
  energy_price unit_price;
  /// quantity × unit_price, exact.
  exact_money unrounded;
  /// The amount charged: `unrounded` rounded by `rule` when it rounds per line, else equal
  /// to `unrounded`.
  exact_money amount;
  /// The bill's rounding point, as applied to this line.
  rounding_rule rule;
  /// "1,234.56 kWh × 0.6123 = 755.90": quantity grouped by thousands and trimmed to at least 2
  /// places, the price as given (at least 2 places), the amount as charged.
  std::string explanation;
};

/// Builds an energy line: multiplies exactly, rounds per `rule` and writes the explanation.
[[nodiscard]] inline line energy_line(std::string meter_id, int rate_register,
                                      std::string register_name, energy quantity,
                                      energy_price price, const rounding_rule& rule) {
  const auto exact =
      multiply<exact_money>(quantity, price, rounding::half_up);  // exact: 4 + 6 <= 10
  const auto charged =
      rule.scope == rounding_scope::per_line ? round(exact, rule.places, rule.mode) : exact;
  std::string text = group_thousands(quantity.to_string(2)) + " kWh × " + price.to_string(2) +
                     " = " + group_thousands(charged.to_string(rule.places));
  return line{"energy",       std::move(meter_id),
              rate_register,  std::move(register_name),
              quantity,       "kWh",
              price,          exact,
              charged,        rule,
              std::move(text)};
}

}  // namespace submeter::bill
