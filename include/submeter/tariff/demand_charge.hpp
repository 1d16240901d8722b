#pragma once
/// \file
/// The demand-based basic charge (按需量计收基本电费): contract demand (合同最大需量) with its 40 %
/// floor and 105 % rule, the 260 kWh/kVA price factor, graduated demand prices per register, and
/// ratchets (TP-3 … TP-7, rules.md §6; tariffs.md §1.5).

#include <date/date.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/tariff/detail/exact_amount.hpp"

namespace submeter::tariff {

/// TP-4: a declared contract demand, checked against its floor of 40 % of (transformer kVA +
/// high-voltage motor kW). A declared value below the floor is raised to it, with a warning
/// "contract_demand_raised_to_floor"; equal to the floor is not raised.
struct contract_demand {
  power declared;  ///< as the user declared it
  power floor;     ///< 40 % × (kVA + kW), rounded up to 1e-4 so the floor is never under 40 %
  power contract;  ///< max(declared, floor): the value billed against
  bool raised = false;
  std::vector<warning> warnings;

  /// Refuses (errc::invalid_argument) a negative declared value, capacity or motor rating.
  [[nodiscard]] static contract_demand make(power declared, power transformer_kva,
                                            power hv_motor_kw = power{}) {
    if (declared.is_negative() || transformer_kva.is_negative() || hv_motor_kw.is_negative()) {
      throw error(errc::invalid_argument, "contract demand and capacities must not be negative",
                  {{"declared_kw", declared.to_string(0)},
                   {"transformer_kva", transformer_kva.to_string(0)},
                   {"hv_motor_kw", hv_motor_kw.to_string(0)}});
    }
    contract_demand c;
    c.declared = declared;
    c.floor = power::from_mantissa(submeter::detail::divide_rounded<std::int64_t>(
        (transformer_kva + hv_motor_kw).mantissa() * 4, 10, rounding::ceil));
    c.raised = declared < c.floor;
    c.contract = c.raised ? c.floor : declared;
    if (c.raised) {
      c.warnings.push_back({"contract_demand_raised_to_floor",
                            "contract demand below 40 % of capacity raised to the floor (TP-4)",
                            {{"declared_kw", declared.to_string(0)},
                             {"floor_kw", c.floor.to_string(0)},
                             {"transformer_kva", transformer_kva.to_string(0)},
                             {"hv_motor_kw", hv_motor_kw.to_string(0)}}});
    }
    return c;
  }
};

/// TP-6: how demand above the contract is billed (C contract, D actual maximum demand, p price).
enum class excess_rule {
  variant_ii,          ///< default: D ≤ 1.05C → C·p; else D·p + (D − 1.05C)·p
  variant_i,           ///< D ≤ 1.05C → C·p; else C·p + 2·(D − 1.05C)·p
  pre_2016,            ///< D ≤ C → D·p; else C·p + 2·(D − C)·p
  pre_2016_with_band,  ///< as pre_2016, and D < 0.95C → 0.95C·p [verify]
};

/// "variant_ii", "variant_i", "pre_2016", "pre_2016_with_band".
[[nodiscard]] constexpr std::string_view to_string(excess_rule r) noexcept {
  switch (r) {
    case excess_rule::variant_ii:
      return "variant_ii";
    case excess_rule::variant_i:
      return "variant_i";
    case excess_rule::pre_2016:
      return "pre_2016";
    case excess_rule::pre_2016_with_band:
      return "pre_2016_with_band";
  }
  return "unknown";
}

/// TP-7 (发改价格〔2023〕526号): the month's kWh per kVA of contract capacity and the demand price
/// factor it earns.
struct load_factor_discount {
  energy total_kwh;        ///< Σ of all the user's metering points
  ratio kwh_per_kva;       ///< total ÷ kVA, cut (toward zero) to 1e-9, for display
  bool qualifies = false;  ///< kWh ≥ 260 × kVA, decided exactly (exactly 260 qualifies)
  ratio price_factor;      ///< 0.9 when it qualifies (the given discount), else 1
};

/// TP-7: demand-billed users whose monthly kWh per kVA reaches 260 pay `factor` (90 %) of the
/// demand price that month. Refuses (errc::invalid_argument) a capacity ≤ 0, a negative kWh, no
/// metering points.
[[nodiscard]] inline load_factor_discount high_load_factor(
    const std::vector<energy>& metering_point_kwh, power contract_kva,
    ratio factor = ratio::parse("0.9"), std::int64_t threshold_kwh_per_kva = 260) {
  if (contract_kva.mantissa() <= 0) {
    throw error(errc::invalid_argument, "contract capacity must be > 0",
                {{"kva", contract_kva.to_string(0)}});
  }
  if (metering_point_kwh.empty()) throw error(errc::invalid_argument, "no metering points");
  load_factor_discount d;
  for (std::size_t i = 0; i < metering_point_kwh.size(); ++i) {
    if (metering_point_kwh[i].is_negative()) {
      throw error(
          errc::invalid_argument, "negative monthly kWh",
          {{"metering_point", std::to_string(i)}, {"kwh", metering_point_kwh[i].to_string(0)}});
    }
    d.total_kwh += metering_point_kwh[i];
  }
  d.kwh_per_kva = ratio::from_mantissa(submeter::detail::narrow(
      submeter::detail::divide_rounded<submeter::detail::int128>(
          submeter::detail::int128(d.total_kwh.mantissa()) * ratio::one,
          submeter::detail::int128(contract_kva.mantissa()), rounding::toward_zero),
      "kWh per kVA"));
  d.qualifies = submeter::detail::int128(d.total_kwh.mantissa()) >=
                submeter::detail::int128(contract_kva.mantissa()) * threshold_kwh_per_kva;
  d.price_factor = d.qualifies ? factor : ratio::from_integer(1);
  return d;
}

/// TP-6: the demand charge against a contract demand (or, with no contract, D × p), as one line
/// (component "demand") rounded once from the exact formula: the formula's parts are not rounded
/// separately (dem-105-7). `price_factor` is the TP-7 factor, applied to the whole charge including
/// the doubled part [verify]. The line's quantity is the billed equivalent demand (the amount ÷
/// the effective price, half-up to 1e-4) and the explanation spells the formula out.
/// Refuses (errc::invalid_argument) a negative demand, price, contract or factor.
[[nodiscard]] inline bill::line demand_line(std::string meter_id, power max_demand,
                                            std::optional<power> contract, power_price price,
                                            const bill::rounding_rule& rule,
                                            excess_rule excess = excess_rule::variant_ii,
                                            ratio price_factor = ratio::from_integer(1),
                                            std::string_view unit = "kW") {
  if (max_demand.is_negative() || price.is_negative() || price_factor.is_negative() ||
      (contract && contract->is_negative())) {
    throw error(errc::invalid_argument, "negative demand, contract, price or factor",
                {{"meter", meter_id},
                 {"max_demand", max_demand.to_string(0)},
                 {"contract", contract ? contract->to_string(0) : std::string("none")},
                 {"price", price.to_string(2)},
                 {"factor", price_factor.to_string(0)}});
  }
  using submeter::detail::int128;
  const std::string u(unit);
  auto kw = [&u](std::int64_t m6) {  // a quantity at 1e-6 as text
    return bill::group_thousands(decimal<dimension::power, 6>::from_mantissa(m6).to_string(0)) +
           " " + u;
  };
  // Quantities at 1e-6 so that 1.05C and 0.95C are exact.
  const std::int64_t d = max_demand.mantissa() * 100;
  std::int64_t q = d;  // billed equivalent demand, 1e-6
  std::string formula = kw(d) + " × p";
  if (contract) {
    const std::int64_t c = contract->mantissa() * 100;
    const std::int64_t c105 = contract->mantissa() * 105;
    const std::int64_t c95 = contract->mantissa() * 95;
    const std::string cd = "D " + kw(d) + ", C " + kw(c) + ": ";
    switch (excess) {
      case excess_rule::variant_ii:
      case excess_rule::variant_i:
        if (d <= c105) {
          q = c;
          formula = cd + "D ≤ 105 % C, bill C × p";
        } else if (excess == excess_rule::variant_ii) {
          q = d + (d - c105);
          formula = cd + "D > 105 % C, D × p + (D − 1.05C) × p";
        } else {
          q = c + 2 * (d - c105);
          formula = cd + "D > 105 % C, C × p + 2 × (D − 1.05C) × p";
        }
        break;
      case excess_rule::pre_2016:
      case excess_rule::pre_2016_with_band:
        if (d > c) {
          q = c + 2 * (d - c);
          formula = cd + "D > C, C × p + 2 × (D − C) × p";
        } else if (excess == excess_rule::pre_2016_with_band && d < c95) {
          q = c95;
          formula = cd + "D < 95 % C, bill 0.95C × p";
        } else {
          q = d;
          formula = cd + "D ≤ C, bill D × p";
        }
        break;
    }
    formula += " (TP-6 " + std::string(to_string(excess)) + ")";
  }
  bill::line l;
  l.component = bill::component::demand;
  l.meter_id = std::move(meter_id);
  l.rule = rule;
  l.unit = u;
  l.price_unit = "yuan/" + u + "·month";
  const int128 effective_price9 = int128(price.mantissa()) * price_factor.mantissa();  // 1e-15
  l.unit_price = bill::line_price::from_mantissa(
      submeter::detail::narrow(submeter::detail::divide_rounded<int128>(
                                   effective_price9, detail::pow10_wide(9), rounding::half_up),
                               "demand price"));
  l.quantity = bill::line_quantity::from_mantissa(
      submeter::detail::divide_rounded<std::int64_t>(q, 100, rounding::half_up));
  l.explanation = formula + ", p = " + price.to_string(2) + " yuan/" + u + "·month";
  if (price_factor != ratio::from_integer(1)) {
    l.explanation += " × " + price_factor.to_string(1) + " (TP-7 260 kWh/kVA)";
  }
  detail::settle(l, int128(q) * effective_price9, 6 + 15);
  return l;
}

/// One step of a graduated demand price: demand up to `up_to` (cumulative, kW) at `price`; the
/// last step is unbounded (nullopt).
struct demand_tier {
  std::optional<power> up_to;  ///< cumulative upper bound, kW; nullopt for the last step
  power_price price;           ///< yuan/kW·month
};

/// Graduated demand charges for one register (tariffs.md §1.5; SAM's tiered demand): the first
/// `up_to` kW at the first price, the next at the second, …; one line per step reached, component
/// "demand", with rate_register, register_name and tier set. Refuses (errc::invalid_argument) no
/// steps, bounds not strictly increasing, a bounded last step, a negative price or demand.
[[nodiscard]] inline std::vector<bill::line> graduated_demand_lines(
    const std::string& meter_id, int rate_register, const std::string& register_name, power demand,
    const std::vector<demand_tier>& tiers, const bill::rounding_rule& rule,
    const std::string& unit = "kW") {
  if (tiers.empty() || tiers.back().up_to) {
    throw error(errc::invalid_argument, "demand tiers need a last, unbounded step",
                {{"meter", meter_id}, {"register", register_name}});
  }
  if (demand.is_negative()) {
    throw error(errc::invalid_argument, "negative demand",
                {{"meter", meter_id}, {"register", register_name}, {"kw", demand.to_string(0)}});
  }
  power below;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    if (tiers[i].price.is_negative() || (tiers[i].up_to && *tiers[i].up_to <= below)) {
      throw error(
          errc::invalid_argument, "demand tiers must rise and be priced >= 0",
          {{"meter", meter_id}, {"register", register_name}, {"tier", std::to_string(i + 1)}});
    }
    if (tiers[i].up_to) below = *tiers[i].up_to;
  }
  std::vector<bill::line> out;
  out.reserve(tiers.size());
  power lower;
  for (std::size_t i = 0; i < tiers.size() && lower < demand; ++i) {
    const power upper = tiers[i].up_to && *tiers[i].up_to < demand ? *tiers[i].up_to : demand;
    auto& l = out.emplace_back();  // built in place (bill::detail::charge_into)
    bill::detail::charge_into(l, bill::component::demand, upper - lower, tiers[i].price, rule, unit,
                              "·month");  // price unit "yuan/<unit>·month"
    // The new line's strings are empty: append (libstdc++ _M_append), cheaper than assign.
    l.meter_id.append(meter_id);
    l.rate_register = rate_register;
    l.register_name.append(register_name);
    l.tier = static_cast<int>(i + 1);
    lower = upper;
  }
  return out;
}

/// A past month's peak demand, for ratchets: the look-back state is an input, never kept.
struct month_peak {
  date::year_month month;  ///< the calendar month
  power peak;              ///< its maximum demand, kW
};

/// A demand ratchet (tariffs.md §1.5; SAM utilityrate5): billing demand = max(minimum,
/// percent[m] × peak of each of the `lookback_months` months m before the current one (each at its
/// own calendar month's percentage, as SAM applies it), the current month's peak where
/// `current_counts[current month]`).
struct ratchet {
  power minimum;                             ///< the least billing demand, kW
  int lookback_months = 11;                  ///< how many months before the current one count
  std::array<ratio, 12> percent_by_month{};  ///< fractions, 0.95 = 95 %; index 0 = January
  std::array<bool, 12> current_counts{true, true, true, true, true, true,
                                      true, true, true, true, true, true};

  /// Refuses (errc::invalid_argument) a negative minimum or percentage, look-back outside 0..36.
  [[nodiscard]] static ratchet make(power minimum, int lookback_months,
                                    std::array<ratio, 12> percent_by_month,
                                    std::array<bool, 12> current_counts) {
    if (minimum.is_negative() || lookback_months < 0 || lookback_months > 36) {
      throw error(errc::invalid_argument, "a ratchet needs minimum >= 0 and look-back 0..36 months",
                  {{"minimum", minimum.to_string(0)},
                   {"lookback_months", std::to_string(lookback_months)}});
    }
    for (std::size_t m = 0; m < 12; ++m) {
      if (percent_by_month[m].is_negative()) {
        throw error(errc::invalid_argument, "negative ratchet percentage",
                    {{"month", std::to_string(m + 1)}});
      }
    }
    return ratchet{minimum, lookback_months, percent_by_month, current_counts};
  }
};

/// Which term set the billing demand.
struct billing_demand {
  power demand;                                ///< half-up to 1e-4
  std::string basis;                           ///< "minimum", "current" or "lookback"
  std::optional<date::year_month> from_month;  ///< the month whose peak set it (lookback)
};

/// The ratchet's billing demand for `current` given its peak and the past months' peaks
/// (`history`, any order; months outside the look-back are ignored). On a tie the current month
/// wins, then the most recent month. Refuses (errc::duplicate) a month given twice and
/// (errc::invalid_argument) a negative peak.
[[nodiscard]] inline billing_demand ratchet_demand(const ratchet& r, date::year_month current,
                                                   power current_peak,
                                                   const std::vector<month_peak>& history) {
  if (current_peak.is_negative()) {
    throw error(errc::invalid_argument, "negative peak demand",
                {{"kw", current_peak.to_string(0)}});
  }
  auto index = [](date::year_month ym) {
    return static_cast<std::size_t>(static_cast<unsigned>(ym.month()) - 1);
  };
  billing_demand b{r.minimum, "minimum", std::nullopt};
  if (r.current_counts[index(current)] && current_peak >= b.demand) {
    b = {current_peak, "current", std::nullopt};
  }
  for (std::size_t i = 0; i < history.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (history[j].month == history[i].month) {
        throw error(
            errc::duplicate, "a month's peak given twice",
            {{"month", std::to_string(static_cast<int>(history[i].month.year())) + "-" +
                           std::to_string(static_cast<unsigned>(history[i].month.month()))}});
      }
    }
  }
  for (int k = 1; k <= r.lookback_months; ++k) {
    const auto m = current - date::months{k};
    for (const auto& h : history) {
      if (h.month != m) continue;
      if (h.peak.is_negative()) {
        throw error(errc::invalid_argument, "negative peak demand in the look-back",
                    {{"kw", h.peak.to_string(0)}});
      }
      const auto v = multiply<power>(h.peak, r.percent_by_month[index(m)], rounding::half_up);
      if (v > b.demand) b = {v, "lookback", m};
    }
  }
  return b;
}

/// "2022-04": a month as written on lines and in errors.
[[nodiscard]] inline std::string month_text(date::year_month ym) {
  const auto m = static_cast<unsigned>(ym.month());
  return std::to_string(static_cast<int>(ym.year())) + (m < 10 ? "-0" : "-") + std::to_string(m);
}

/// REopt's cyclic year (REopt.jl `demand_lookback_months` / `demand_lookback_range`): the billing
/// demand of each month of `year` when the year's own peaks stand in for the months before it,
/// so December's peak reaches January's look-back. `peaks[0]` is January. Each month is
/// `ratchet_demand` with the look-back months taken from `peaks` by calendar month (a
/// look-back of 12 or more reaches a month's own peak as last year's). Refuses
/// (errc::invalid_argument) a negative peak.
[[nodiscard]] inline std::array<billing_demand, 12> ratchet_cyclic_year(
    const ratchet& r, date::year year, const std::array<power, 12>& peaks) {
  std::array<billing_demand, 12> out{};
  for (unsigned m = 1; m <= 12; ++m) {
    const date::year_month current{year, date::month{m}};
    std::vector<month_peak> history;
    for (int k = 1; k <= r.lookback_months; ++k) {
      const auto ym = current - date::months{k};
      history.push_back({ym, peaks[static_cast<unsigned>(ym.month()) - 1]});
    }
    out[m - 1] = ratchet_demand(r, current, peaks[m - 1], history);
  }
  return out;
}

/// The demand line of a ratcheted month (component "demand"): billing demand × price, with the
/// term that set the billing demand stated: "billing demand 300 kW = 75 % of 400 kW (2022-04,
/// look-back 11 months); month peak 100 kW", "… = the month's peak", "… = the minimum 50 kW".
/// Refuses (errc::invalid_argument) a negative price.
[[nodiscard]] inline bill::line ratchet_line(const std::string& meter_id, const ratchet& r,
                                             date::year_month current, power current_peak,
                                             const billing_demand& b, power_price price,
                                             const bill::rounding_rule& rule) {
  if (price.is_negative()) {
    throw error(errc::invalid_argument, "a negative demand price",
                {{"price", price.to_string()}, {"month", month_text(current)}});
  }
  auto l = bill::charge_line(bill::component::demand, meter_id, b.demand, price, rule);
  std::string why = "billing demand " + b.demand.to_string(0) + " kW = ";
  if (b.basis == "lookback" && b.from_month) {
    const auto pct = r.percent_by_month[static_cast<unsigned>(b.from_month->month()) - 1];
    // A fraction to 1e-9 is a percentage to 1e-7: the same mantissa.
    const auto percent = decimal<dimension::ratio, 7>::from_mantissa(pct.mantissa());
    why += percent.to_string(0) + " % of the " + month_text(*b.from_month) + " peak (look-back " +
           std::to_string(r.lookback_months) + " months)";
  } else if (b.basis == "minimum") {
    why += "the minimum";
  } else {
    why += "the month's peak";
  }
  why += "; " + month_text(current) + " peak " + current_peak.to_string(0) + " kW";
  l.explanation = why + "; " + l.explanation;
  return l;
}

}  // namespace submeter::tariff
