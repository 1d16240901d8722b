#pragma once
/// \file
/// TOU prices: a price per rate register, absolute or derived from a flat base by ratios.
///
/// PRC-1 (rules.md): provinces define period prices as multipliers on the flat (平段) price, and
/// multipliers chain (尖 = 平 × 1.7 × 1.25); the chain is applied to the exact value and the period
/// price rounded once. PRC-2: a price is a sum of components, each floating with the period or
/// not: period price = Σ floating × multiplier + Σ non-floating. PRC-3: rounding of derived
/// prices is stated per tariff (Guangdong: half-up to 0.01 fen = 4 places of a yuan).
/// NDRC-1..3: validation warns, never refuses, when peak:valley is below 3:1 (4:1 where the
/// system's peak–valley load difference exceeds 40%) or sharp:peak below 1.2.

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/tariff/rate_register.hpp"

namespace submeter::tariff {

/// A validated price per rate register, yuan/kWh.
class register_prices {
 public:
  register_prices() = default;

  /// Refuses (submeter::error): a register outside `registers` (errc::not_found), a register
  /// priced twice (errc::duplicate), a register of `registers` with no price
  /// (errc::inconsistent), a negative price (errc::invalid_argument).
  [[nodiscard]] static register_prices make(
      const register_set& registers, const std::vector<std::pair<int, energy_price>>& prices) {
    register_prices p;
    for (const auto& [number, price] : prices) {
      if (!registers.contains(number)) {
        throw error(errc::not_found, "a price for a rate register the tariff does not declare",
                    {{"register", std::to_string(number)}});
      }
      if (p.price_[index(number)]) {
        throw error(errc::duplicate, "rate register priced twice",
                    {{"register", registers.name_of(number)}});
      }
      if (price.is_negative()) {
        throw error(errc::invalid_argument, "a negative energy price",
                    {{"register", registers.name_of(number)}, {"price", price.to_string(0)}});
      }
      p.price_[index(number)] = price;
    }
    for (const auto& r : registers.registers()) {
      if (!p.price_[index(r.number)]) {
        throw error(errc::inconsistent, "a rate register has no price", {{"register", r.name}});
      }
    }
    p.registers_ = registers;
    return p;
  }

  [[nodiscard]] const register_set& registers() const noexcept { return registers_; }
  /// The price of a register; nullopt when the register has none.
  [[nodiscard]] std::optional<energy_price> price(int number) const noexcept {
    if (number < 1 || number > max_rate_registers) return std::nullopt;
    return price_[index(number)];
  }

 private:
  static std::size_t index(int number) noexcept { return static_cast<std::size_t>(number - 1); }
  register_set registers_;
  std::array<std::optional<energy_price>, max_rate_registers> price_{};
};

/// One component of the base price (代理购电 notices list several): value, and whether it floats.
struct price_component {
  std::string name;  ///< "purchase", "transmission", "government_funds"…
  energy_price value;
  bool floating = true;  ///< multiplied by the period ratio (PRC-2); false: added as is
};

/// A register's multiplier on the floating base, as a chain applied exactly (尖 = 1.7 × 1.25).
struct price_ratio {
  int rate_register = 0;
  std::vector<ratio> chain;
};

/// How derived prices are rounded (PRC-3): places of a yuan and mode; default half-up to 4.
struct price_rounding {
  int places = 4;
  rounding mode = rounding::half_up;
};

/// A derived price with its exact value as text and how it was formed.
struct derived_price {
  int rate_register = 0;
  energy_price price;       ///< rounded per price_rounding
  std::string exact;        ///< the exact value before rounding, e.g. "0.956675"
  std::string explanation;  ///< "0.4502 × 1.7 × 1.25 + 0 = 0.956675 → 0.9567 (half_up, 4 places)"
};

namespace detail {

/// Exact decimal text of mantissa × 10^−scale for a 128-bit mantissa.
[[nodiscard]] inline std::string exact_text(submeter::detail::int128 mantissa, int scale) {
  const bool negative = mantissa < 0;
  if (negative) mantissa = -mantissa;
  std::string digits = mantissa.str();
  if (static_cast<int>(digits.size()) <= scale) {
    digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
  }
  std::string out = digits.substr(0, digits.size() - static_cast<std::size_t>(scale));
  std::string frac = digits.substr(digits.size() - static_cast<std::size_t>(scale));
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) out += "." + frac;
  return (negative ? "-" : "") + out;
}

}  // namespace detail

/// Derives each register's price from the base components and its ratio chain (PRC-1, PRC-2),
/// rounding once (PRC-3). Every register of `registers` needs a ratio. Refuses (submeter::error)
/// a missing or duplicate ratio, a ratio for an undeclared register, an empty chain, a negative
/// ratio or component, no floating component, and places outside 0..6.
[[nodiscard]] inline std::vector<derived_price> derive_prices(
    const register_set& registers, const std::vector<price_component>& components,
    const std::vector<price_ratio>& ratios, price_rounding rounding_rule = {}) {
  using submeter::detail::int128;
  if (rounding_rule.places < 0 || rounding_rule.places > 6) {
    throw error(errc::invalid_argument, "derived prices round to 0..6 places",
                {{"places", std::to_string(rounding_rule.places)}});
  }
  energy_price floating, fixed;
  bool any_floating = false;
  for (const auto& c : components) {
    if (c.value.is_negative()) {
      throw error(errc::invalid_argument, "a negative price component", {{"component", c.name}});
    }
    if (c.floating) {
      floating += c.value;
      any_floating = true;
    } else {
      fixed += c.value;
    }
  }
  if (!any_floating)
    throw error(errc::invalid_argument, "no floating price component to apply ratios to");
  std::vector<derived_price> out;
  for (const auto& r : registers.registers()) {
    const price_ratio* found = nullptr;
    for (const auto& pr : ratios) {
      if (!registers.contains(pr.rate_register)) {
        throw error(errc::not_found, "a ratio for a rate register the tariff does not declare",
                    {{"register", std::to_string(pr.rate_register)}});
      }
      if (pr.rate_register != r.number) continue;
      if (found)
        throw error(errc::duplicate, "rate register given two ratios", {{"register", r.name}});
      found = &pr;
    }
    if (!found)
      throw error(errc::inconsistent, "a rate register has no ratio", {{"register", r.name}});
    if (found->chain.empty())
      throw error(errc::invalid_argument, "an empty ratio chain", {{"register", r.name}});
    // Exact: floating (scale 6) × each ratio (scale 9), then + fixed, all in 128 bits.
    int128 value = floating.mantissa();
    int scale = energy_price::scale;
    std::string text = floating.to_string(0);
    for (const auto& k : found->chain) {
      if (k.is_negative())
        throw error(errc::invalid_argument, "a negative ratio", {{"register", r.name}});
      value *= k.mantissa();
      scale += ratio::scale;
      text += " × " + k.to_string(0);
      // Keep the scale bounded: drop trailing zeros exactly.
      while (scale > energy_price::scale && value % 10 == 0) {
        value /= 10;
        --scale;
      }
    }
    value += int128(fixed.mantissa()) * submeter::detail::pow10_128(scale - energy_price::scale);
    text += " + " + fixed.to_string(0);
    const int128 rounded = submeter::detail::divide_rounded(
        value, submeter::detail::pow10_128(scale - rounding_rule.places), rounding_rule.mode);
    const auto price = energy_price::from_mantissa(submeter::detail::narrow(
        rounded * submeter::detail::pow10_128(energy_price::scale - rounding_rule.places),
        "energy_price derive"));
    const std::string exact = detail::exact_text(value, scale);
    text += " = " + exact + " → " + price.to_string(0) + " (" +
            std::string(to_string(rounding_rule.mode)) + ", " +
            std::to_string(rounding_rule.places) + " places)";
    out.push_back({r.number, price, exact, std::move(text)});
  }
  return out;
}

/// The derived prices as a register_prices table.
[[nodiscard]] inline register_prices to_register_prices(const register_set& registers,
                                                        const std::vector<derived_price>& derived) {
  std::vector<std::pair<int, energy_price>> prices;
  for (const auto& d : derived) prices.emplace_back(d.rate_register, d.price);
  return register_prices::make(registers, prices);
}

/// NDRC 发改价格〔2021〕1093号 floors (NDRC-1, NDRC-2), as warnings (NDRC-3): peak:valley at
/// least 4:1 where the system's peak–valley load difference exceeds 40% (`high_difference`),
/// else 3:1; sharp at least peak × 1.2. Uses the conventional registers sharp 1, peak 2,
/// valley 4; a check whose registers are absent is skipped. A ratio equal to the floor passes.
/// Compared exactly (cross-multiplied integers); ratios are reported to 4 places.
[[nodiscard]] inline std::vector<warning> check_ndrc_floors(const register_prices& prices,
                                                            bool high_difference) {
  std::vector<warning> out;
  const auto sharp = prices.price(1);
  const auto peak = prices.price(2);
  const auto valley = prices.price(4);
  auto ratio_text = [](energy_price a, energy_price b) {
    return divide<decimal<dimension::ratio, 4>>(a, b, rounding::half_up).to_string();
  };
  if (peak && valley && !valley->is_zero()) {
    const std::int64_t floor = high_difference ? 4 : 3;
    if (submeter::detail::int128(peak->mantissa()) <
        submeter::detail::int128(valley->mantissa()) * floor) {
      out.push_back({high_difference ? "peak_valley_ratio_below_4" : "peak_valley_ratio_below_3",
                     "peak:valley price ratio below the NDRC floor (发改价格〔2021〕1093号)",
                     {{"ratio", ratio_text(*peak, *valley)}, {"floor", std::to_string(floor)}}});
    }
  }
  if (sharp && peak && !peak->is_zero()) {
    if (submeter::detail::int128(sharp->mantissa()) * 10 <
        submeter::detail::int128(peak->mantissa()) * 12) {
      out.push_back({"sharp_peak_ratio_below_1.2",
                     "sharp:peak price ratio below 1.2 (发改价格〔2021〕1093号)",
                     {{"ratio", ratio_text(*sharp, *peak)}, {"floor", "1.2"}}});
    }
  }
  return out;
}

}  // namespace submeter::tariff
