#pragma once
/// \file
/// bill::tax_terms and bill::split_tax: the net amount and the VAT (增值税) inside a bill's
/// tax-inclusive total (issue 22 #8). Chinese tariffs are tax-inclusive (含税); an invoice
/// separates price and tax (价税分离).
///
/// VAT-1: every line belongs to a tax class (tax_class_of): water and sewerage lines (and lines
/// of a water meter) to `water`, property fee to `property_fee`, rent to `rent`, gas to `gas`,
/// service fees to `service`, every other line (energy, tiers, basic charges, power factor,
/// common area, losses, minimum, back-billing, adjustments of an electricity meter) to
/// `electricity`. A class is split when the terms give it a rate; electricity 13 % and water
/// 9 % from 2019-04-01 (财税〔2019〕39号) unless the terms say otherwise; the other classes only
/// when given. Lines of a class without a rate are shown as not split.
///
/// VAT-2: one rate per class and bill: the rate in force on the last day of the billing window
/// (the latest `from` before the window's end). VAT falls due when the bill is issued, at the
/// end of the period (增值税暂行条例实施细则 Art. 38), so a rate change inside the period applies
/// to the whole bill, not to the days after it; a line's price-version window does not split it.
///
/// VAT-3: net = gross ÷ (1 + rate), rounded by the bill's mode to its places; VAT = gross − net,
/// so net + VAT = gross exactly and the bill's total is unchanged. The rounding point is either
/// `per_bill` (the default: each class's gross is the sum of its lines, split once, as an
/// invoice line per class is) or `per_line` (each line split, the class's net and VAT the sums).

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/time.hpp"

namespace submeter::bill {

/// What a line is taxed as (VAT-1). In the alphabetical order of the names.
enum class tax_class { electricity, gas, property_fee, rent, service, water };

inline constexpr std::array<tax_class, 6> all_tax_classes = {
    tax_class::electricity, tax_class::gas,     tax_class::property_fee,
    tax_class::rent,        tax_class::service, tax_class::water};

[[nodiscard]] constexpr std::string_view to_string(tax_class c) noexcept {
  switch (c) {
    case tax_class::electricity:
      return "electricity";
    case tax_class::gas:
      return "gas";
    case tax_class::property_fee:
      return "property_fee";
    case tax_class::rent:
      return "rent";
    case tax_class::service:
      return "service";
    case tax_class::water:
      return "water";
  }
  return "unknown";
}

/// The class named `text`, or nullopt.
[[nodiscard]] constexpr std::optional<tax_class> try_parse_tax_class(
    std::string_view text) noexcept {
  for (const auto c : all_tax_classes) {
    if (to_string(c) == text) return c;
  }
  return std::nullopt;
}

/// VAT-1: the class of a line of component `c`; `water_meter` says that the line's meter is a
/// water meter (an adjustment or back-billing line of a water meter is water).
[[nodiscard]] constexpr tax_class tax_class_of(component c, bool water_meter) noexcept {
  switch (c) {
    case component::water:
    case component::sewerage:
      return tax_class::water;
    case component::property_fee:
      return tax_class::property_fee;
    case component::rent:
      return tax_class::rent;
    case component::gas:
      return tax_class::gas;
    case component::service_fee:
      return tax_class::service;
    default:
      return water_meter ? tax_class::water : tax_class::electricity;
  }
}

/// Where VAT-3 rounds.
enum class tax_rounding { per_bill, per_line };

[[nodiscard]] constexpr std::string_view to_string(tax_rounding r) noexcept {
  return r == tax_rounding::per_bill ? "per_bill" : "per_line";
}

/// A VAT rate of a class from a day on (until the next rate of the class).
struct vat_rate {
  tax_class what = tax_class::electricity;
  date::local_days from{};
  /// 0.13 for 13 %.
  ratio rate;
};

/// A site's VAT terms (site file v2 `tax`).
class tax_terms {
 public:
  /// The rates electricity and water have unless given (VAT-1): 13 % and 9 % from 2019-04-01.
  [[nodiscard]] static std::vector<vat_rate> default_rates() {
    const date::local_days from{date::year{2019} / date::April / 1};
    return {{tax_class::electricity, from, ratio::from_mantissa(130'000'000)},
            {tax_class::water, from, ratio::from_mantissa(90'000'000)}};
  }

  /// Terms with `rates` (a class given no rate keeps its default, VAT-1) rounded at `point`.
  /// Refuses (errc::invalid_argument) a rate below 0 or not below 1; (errc::duplicate) two rates
  /// of a class from the same day, naming the class and day.
  [[nodiscard]] static tax_terms make(std::vector<vat_rate> rates, tax_rounding point) {
    for (const auto& r : rates) {
      if (r.rate.is_negative() || !(r.rate < ratio::from_integer(1))) {
        throw error(errc::invalid_argument, "a VAT rate must be at least 0 and below 1",
                    {{"class", std::string(to_string(r.what))}, {"rate", r.rate.to_string()}});
      }
    }
    for (const auto& d : default_rates()) {
      const bool given = std::any_of(rates.begin(), rates.end(),
                                     [&](const vat_rate& r) { return r.what == d.what; });
      if (!given) rates.push_back(d);
    }
    std::stable_sort(rates.begin(), rates.end(), [](const vat_rate& a, const vat_rate& b) {
      return a.what != b.what ? a.what < b.what : a.from < b.from;
    });
    for (std::size_t i = 1; i < rates.size(); ++i) {
      if (rates[i].what == rates[i - 1].what && rates[i].from == rates[i - 1].from) {
        throw error(errc::duplicate, "two VAT rates of a class from the same day",
                    {{"class", std::string(to_string(rates[i].what))},
                     {"from", date::format("%F", rates[i].from)}});
      }
    }
    tax_terms t;
    t.rates_ = std::move(rates);
    t.point_ = point;
    return t;
  }

  /// Every rate, by class then day.
  [[nodiscard]] const std::vector<vat_rate>& rates() const noexcept { return rates_; }
  [[nodiscard]] tax_rounding point() const noexcept { return point_; }

  /// VAT-2: the rate of `what` in force on the last day of a window ending at `end` (the latest
  /// `from` before `end`), or nullopt when the class has none then.
  [[nodiscard]] std::optional<ratio> rate_for_window_ending(tax_class what,
                                                            local_time end) const noexcept {
    std::optional<ratio> out;
    for (const auto& r : rates_) {
      if (r.what == what && local_time{r.from} < end) out = r.rate;
    }
    return out;
  }

 private:
  std::vector<vat_rate> rates_;
  tax_rounding point_ = tax_rounding::per_bill;
};

/// One class of a bill, split (VAT-3).
struct tax_part {
  tax_class what = tax_class::electricity;
  ratio rate;
  /// Σ the class's line amounts, tax included; net + vat == gross.
  money gross;
  money net;
  money vat;
};

/// A bill's total split into net and VAT per class.
struct tax_breakdown {
  /// The classes with a rate that have lines on the bill, in class order.
  std::vector<tax_part> parts;
  /// Σ the lines of classes without a rate (not split).
  money not_split;
  money net;  ///< Σ parts' net
  money vat;  ///< Σ parts' VAT
  tax_rounding point = tax_rounding::per_bill;
};

namespace detail {

/// VAT-3: gross ÷ (1 + rate) to `places` by `mode`, in one rounding.
[[nodiscard]] inline money net_of(money gross, ratio rate, int places, rounding mode) {
  using submeter::detail::int128;
  // gross.m·10^-4 / ((10^9 + r.m)·10^-9), at 10^-places: gross.m·10^(5+places) / (10^9 + r.m).
  const int128 num = int128(gross.mantissa()) * submeter::detail::pow10_128(5 + places);
  const int128 den = int128(1'000'000'000) + int128(rate.mantissa());
  const int128 q = submeter::detail::divide_rounded(num, den, mode);
  return money::from_mantissa(submeter::detail::narrow(q * submeter::detail::pow10_128(4 - places),
                                                       money::op_name("net_of")));
}

}  // namespace detail

/// VAT-1..VAT-3: the tax breakdown of bill `b` (rounded per line, to `b.rule`'s places and mode)
/// under `terms`, for a window ending at `end`. `water_meter(meter_id)` says whether a meter is a
/// water meter. Refuses (errc::inconsistent) a bill that rounds only its total (its lines have no
/// charged amounts to split: tax lines need a bill rounded per line).
template <class IsWater>
[[nodiscard]] tax_breakdown split_tax(const bill& b, const tax_terms& terms, local_time end,
                                      IsWater water_meter) {
  if (b.rule.scope != rounding_scope::per_line) {
    throw error(errc::inconsistent, "tax lines need a bill rounded per line",
                {{"tenant", b.tenant_id}, {"rounding", b.rule.describe()}});
  }
  tax_breakdown out;
  out.point = terms.point();
  for (const auto c : all_tax_classes) {
    const auto rate = terms.rate_for_window_ending(c, end);
    bool any = false;
    tax_part part{c, rate ? *rate : ratio{}, {}, {}, {}};
    for (const auto& l : b.lines) {
      if (tax_class_of(l.component, !l.meter_id.empty() && water_meter(l.meter_id)) != c) continue;
      any = true;
      // Exact: a line rounded per line has at most 4 places.
      const money amount = rescale<money>(l.amount, rounding::half_up);
      part.gross += amount;
      if (rate && terms.point() == tax_rounding::per_line) {
        part.net += detail::net_of(amount, *rate, b.rule.places, b.rule.mode);
      }
    }
    if (!any) continue;
    if (!rate) {
      out.not_split += part.gross;
      continue;
    }
    if (terms.point() == tax_rounding::per_bill) {
      part.net = detail::net_of(part.gross, *rate, b.rule.places, b.rule.mode);
    }
    part.vat = part.gross - part.net;
    out.net += part.net;
    out.vat += part.vat;
    out.parts.push_back(part);
  }
  return out;
}

}  // namespace submeter::bill
