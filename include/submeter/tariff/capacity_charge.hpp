#pragma once
/// \file
/// The capacity-based basic charge (按容量计收基本电费) and the partial-month rule of the basic
/// charge (TP-2, TP-8, rules.md §6).
///
/// TP-2: yuan per kVA-month × the transformer capacity in operation, plus high-voltage motors not
/// fed through a dedicated transformer (a motor's kW counts as kVA). TP-8: in a month of
/// connection, capacity change, suspension or termination, the basic charge is charged by days
/// used: a part day counts as a whole day and each day is 1/30 of the monthly charge; outages do
/// not reduce it. A partial month never costs more than the monthly charge (design rule).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/tariff/detail/exact_amount.hpp"

namespace submeter::tariff {

/// The days of a basic charge month: each day is 1/30 of the monthly charge (TP-8).
inline constexpr std::int64_t basic_charge_days_per_month = 30;

/// TP-2: the capacity billed, kVA: Σ transformers in operation (kVA) + Σ high-voltage motors not
/// behind a dedicated transformer (kW counted as kVA). Refuses (errc::invalid_argument) a negative
/// capacity, naming its list and index.
[[nodiscard]] inline power capacity_in_operation(const std::vector<power>& transformers_kva,
                                                 const std::vector<power>& hv_motors_kw = {}) {
  power total;
  for (std::size_t i = 0; i < transformers_kva.size(); ++i) {
    if (transformers_kva[i].is_negative()) {
      throw error(errc::invalid_argument, "negative transformer capacity",
                  {{"transformer", std::to_string(i)}, {"kva", transformers_kva[i].to_string(0)}});
    }
    total += transformers_kva[i];
  }
  for (std::size_t i = 0; i < hv_motors_kw.size(); ++i) {
    if (hv_motors_kw[i].is_negative()) {
      throw error(errc::invalid_argument, "negative high-voltage motor capacity",
                  {{"motor", std::to_string(i)}, {"kw", hv_motors_kw[i].to_string(0)}});
    }
    total += hv_motors_kw[i];
  }
  return total;
}

/// TP-8: the days of `month` (local, half-open) in which the supply was in service during
/// `in_service` (connection to termination, local, half-open), a part day counting as a whole day.
/// Outages are not subtracted. Refuses (errc::invalid_argument) a service period outside the month.
[[nodiscard]] inline std::int64_t days_used(const local_interval& month,
                                            const local_interval& in_service) {
  const auto common = month.intersect(in_service);
  if (!common) {
    throw error(errc::invalid_argument, "the service period does not overlap the billing month",
                {{"month_begin", local_interval::format(month.begin())},
                 {"service_begin", local_interval::format(in_service.begin())},
                 {"service_end", local_interval::format(in_service.end())}});
  }
  return days_touched(*common);
}

/// TP-8: a monthly basic charge prorated to `days` used: monthly × min(days, 30) / 30, computed
/// exactly and rounded once by `rule`. The line states the monthly charge and the days.
/// Refuses (errc::invalid_argument) days < 1 and a negative monthly charge.
[[nodiscard]] inline bill::line prorated_basic_charge(bill::component what, std::string meter_id,
                                                      bill::exact_money monthly, std::int64_t days,
                                                      const bill::rounding_rule& rule) {
  if (days < 1) {
    throw error(errc::invalid_argument, "days used must be at least 1",
                {{"meter", meter_id}, {"days", std::to_string(days)}});
  }
  if (monthly.is_negative()) {
    throw error(errc::invalid_argument, "negative monthly basic charge",
                {{"meter", meter_id}, {"monthly", monthly.to_string(2)}});
  }
  const std::int64_t billed = std::min(days, basic_charge_days_per_month);
  bill::line l;
  l.component = what;
  l.meter_id = std::move(meter_id);
  l.rule = rule;
  l.quantity = bill::line_quantity::from_integer(billed);
  l.unit = "day";
  l.unit_price = bill::line_price::from_mantissa(submeter::detail::divide_rounded<std::int64_t>(
      monthly.mantissa(), basic_charge_days_per_month * 10000, rounding::half_up));
  l.price_unit = "yuan/day (1/30 of the month)";
  l.explanation =
      "monthly " + bill::group_thousands(monthly.to_string(2)) + " × " + std::to_string(billed) +
      "/30 days used" +
      (days > billed ? " (" + std::to_string(days) + " days, capped at the month)" : "") +
      " (TP-8: a part day counts in full)";
  // monthly × billed / 30 is a rational: the charged amount is rounded once from it, and the
  // unrounded amount is kept to 1e-10 half-up for display.
  const submeter::detail::int128 num =
      submeter::detail::int128(monthly.mantissa()) * submeter::detail::int128(billed);
  const auto& r = rule;
  constexpr int s = bill::exact_money::scale;
  l.unrounded = bill::exact_money::from_mantissa(submeter::detail::narrow(
      submeter::detail::divide_rounded<submeter::detail::int128>(
          num, submeter::detail::int128(basic_charge_days_per_month), rounding::half_up),
      "prorated basic charge"));
  if (r.scope == bill::rounding_scope::per_line) {
    const auto unit = detail::pow10_wide(s - r.places);
    const auto q = submeter::detail::divide_rounded<submeter::detail::int128>(
        num, submeter::detail::int128(basic_charge_days_per_month) * unit, r.mode);
    l.amount = bill::exact_money::from_mantissa(
        submeter::detail::narrow(submeter::detail::int128(q * unit), "prorated basic charge"));
  } else {
    l.amount = l.unrounded;
  }
  l.explanation += " = " + bill::group_thousands(l.amount.to_string(r.places));
  return l;
}

/// TP-2 (and TP-8 when `days` is given): the capacity charge of `capacity_kva` at `price` yuan per
/// kVA-month. A full month is one line "400 kVA × 26.00 = 10,400.00"; a partial month prorates the
/// monthly amount by days used (a part day counts in full, each day 1/30). Component "capacity".
/// Refuses (errc::invalid_argument) a negative capacity or price, and days < 1.
[[nodiscard]] inline bill::line capacity_line(std::string meter_id, power capacity_kva,
                                              power_price price, const bill::rounding_rule& rule,
                                              std::optional<std::int64_t> days = std::nullopt) {
  if (capacity_kva.is_negative() || price.is_negative()) {
    throw error(
        errc::invalid_argument, "capacity and its price must not be negative",
        {{"meter", meter_id}, {"kva", capacity_kva.to_string(0)}, {"price", price.to_string(2)}});
  }
  auto full =
      bill::charge_line(bill::component::capacity, meter_id, capacity_kva, price, rule, "kVA");
  full.price_unit = "yuan/kVA·month";
  if (!days) return full;
  auto l = prorated_basic_charge(bill::component::capacity, std::move(meter_id), full.unrounded,
                                 *days, rule);
  l.explanation = bill::group_thousands(capacity_kva.to_string(2)) + " kVA × " +
                  price.to_string(2) + " yuan/kVA·month, " + l.explanation;
  return l;
}

}  // namespace submeter::tariff
