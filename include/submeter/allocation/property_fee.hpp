#pragma once
/// \file
/// allocation::recurring_charge: property fee (物业费) and rent as bill lines.
///
/// A fixed amount per cycle, or a price per m² per month (× the unit's area × the months of the
/// cycle); cycles are monthly, quarterly or yearly from a cycle start date; a partial period
/// (move-in, move-out) is prorated by days, exactly, then rounded once per the bill's rounding
/// rule (NUM-2). Whether the line is deducted from a prepaid balance or billed is an account
/// setting that the result carries for the ledger (allocation does not post anything).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <date/date.h>

#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"

namespace submeter::allocation {

/// How often the charge falls due.
enum class fee_cycle { monthly, quarterly, yearly, half_yearly };

[[nodiscard]] constexpr int months_in(fee_cycle c) noexcept {
  switch (c) {
    case fee_cycle::monthly:
      return 1;
    case fee_cycle::quarterly:
      return 3;
    case fee_cycle::half_yearly:
      return 6;
    case fee_cycle::yearly:
      return 12;
  }
  return 1;
}

[[nodiscard]] constexpr std::string_view to_string(fee_cycle c) noexcept {
  switch (c) {
    case fee_cycle::monthly:
      return "monthly";
    case fee_cycle::quarterly:
      return "quarterly";
    case fee_cycle::half_yearly:
      return "half-yearly";
    case fee_cycle::yearly:
      return "yearly";
  }
  return "?";
}

/// Which bill of a cycle carries its charge: the bill of the cycle's first month (in advance,
/// 预收) or of its last month (in arrears, 后付).
enum class fee_billing { advance, arrears };

[[nodiscard]] constexpr std::string_view to_string(fee_billing b) noexcept {
  return b == fee_billing::advance ? "in advance" : "in arrears";
}

/// A charge's cycle (format v2): its length, which bill carries it, and the month of the year the
/// cycles are anchored to (cycles start in that month and every months_in(cycle) months from
/// it: quarterly anchored at 1 is Jan/Apr/Jul/Oct).
struct cycle_terms {
  fee_cycle cycle = fee_cycle::monthly;
  fee_billing billing = fee_billing::advance;
  unsigned anchor_month = 1;  ///< 1..12
};

/// The account setting the ledger applies to the line.
enum class fee_settlement {
  deduct_from_prepaid,  ///< taken from the prepaid balance
  bill,                 ///< billed (postpaid)
};

/// A property fee or rent, validated.
class recurring_charge {
 public:
  /// Builds a charge: `what` is property_fee or rent (bill::is_recurring); exactly one of
  /// `fixed_per_cycle` and `price_per_m2_month`, not negative. Refuses anything else
  /// (errc::invalid_argument).
  [[nodiscard]] static recurring_charge make(bill::component what, fee_cycle cycle,
                                             std::optional<money> fixed_per_cycle,
                                             std::optional<area_price> price_per_m2_month,
                                             fee_settlement settlement = fee_settlement::bill) {
    const std::string name(bill::to_string(what));
    if (!bill::is_recurring(what)) {
      throw error(errc::invalid_argument, "a recurring charge is a property_fee or a rent",
                  {{"component", name}});
    }
    if (fixed_per_cycle.has_value() == price_per_m2_month.has_value()) {
      throw error(errc::invalid_argument,
                  "give either a fixed amount per cycle or a price per m2 per month",
                  {{"component", name}});
    }
    if ((fixed_per_cycle && fixed_per_cycle->is_negative()) ||
        (price_per_m2_month && price_per_m2_month->is_negative())) {
      throw error(errc::invalid_argument, "a recurring charge must not be negative",
                  {{"component", name}});
    }
    recurring_charge c;
    c.component_ = what;
    c.cycle_ = cycle;
    c.fixed_ = fixed_per_cycle;
    c.per_m2_ = price_per_m2_month;
    c.settlement_ = settlement;
    return c;
  }

  [[nodiscard]] bill::component component() const noexcept { return component_; }
  [[nodiscard]] fee_cycle cycle() const noexcept { return cycle_; }
  [[nodiscard]] std::optional<money> fixed_per_cycle() const noexcept { return fixed_; }
  [[nodiscard]] std::optional<area_price> price_per_m2_month() const noexcept { return per_m2_; }
  [[nodiscard]] fee_settlement settlement() const noexcept { return settlement_; }

 private:
  recurring_charge() = default;
  bill::component component_ = bill::component::property_fee;
  fee_cycle cycle_ = fee_cycle::monthly;
  std::optional<money> fixed_;
  std::optional<area_price> per_m2_;
  fee_settlement settlement_ = fee_settlement::bill;
};

/// A charged recurring line and how the ledger should settle it.
struct recurring_charge_line {
  bill::line line;
  fee_settlement settlement = fee_settlement::bill;
  /// The cycle's full amount (before proration), exact.
  bill::exact_money full_cycle;
  std::int64_t days_charged = 0;
  std::int64_t days_in_cycle = 0;
};

/// Charges `charge` for tenant/unit `unit_id` (the line's payer) of `floor_area` over the local
/// dates [from, to) inside the cycle that starts at `cycle_start`: the full cycle amount (fixed, or
/// price × area × months) × days charged ÷ days in the cycle, exact, rounded once by `rule`.
/// Refuses (errc::invalid_argument) invalid dates, a negative area, and [from, to) not inside the
/// cycle. A zero area under a per-m² price charges zero.
[[nodiscard]] inline recurring_charge_line charge_recurring(
    const recurring_charge& charge, const std::string& unit_id, area floor_area,
    date::year_month_day cycle_start, date::year_month_day from, date::year_month_day to,
    const bill::rounding_rule& rule = {}) {
  if (!cycle_start.ok() || !from.ok() || !to.ok()) {
    throw error(errc::invalid_argument, "a recurring charge needs valid dates",
                {{"unit", unit_id}});
  }
  if (floor_area.is_negative()) {
    throw error(errc::invalid_argument, "a floor area must not be negative",
                {{"unit", unit_id}, {"area", floor_area.to_string()}});
  }
  const date::year_month_day cycle_end = cycle_start + date::months(months_in(charge.cycle()));
  const date::sys_days s{cycle_start};
  const date::sys_days e{cycle_end};
  const date::sys_days f{from};
  const date::sys_days t{to};
  if (!(s <= f && f < t && t <= e)) {
    throw error(errc::invalid_argument, "the charged days must lie inside the cycle",
                {{"unit", unit_id},
                 {"cycle_start", date::format("%F", cycle_start)},
                 {"cycle_end", date::format("%F", cycle_end)},
                 {"from", date::format("%F", from)},
                 {"to", date::format("%F", to)}});
  }
  const std::int64_t days = (t - f).count();
  const std::int64_t cycle_days = (e - s).count();
  bill::exact_money full{};
  std::string text;
  if (charge.fixed_per_cycle()) {
    full = rescale<bill::exact_money>(*charge.fixed_per_cycle());
    text = bill::group_thousands(charge.fixed_per_cycle()->to_string(2)) + " per " +
           std::string(to_string(charge.cycle())) + " cycle";
  } else {
    const auto per_month = multiply<bill::exact_money>(floor_area, *charge.price_per_m2_month(),
                                                       rounding::half_up);  // exact: 4 + 6
    full = per_month * months_in(charge.cycle());
    text = bill::group_thousands(floor_area.to_string(2)) + " m2 × " +
           charge.price_per_m2_month()->to_string(2) + " yuan/m2·month × " +
           std::to_string(months_in(charge.cycle())) + " months";
  }
  const auto exact =
      days == cycle_days ? full : scale_by(full, days, cycle_days, rounding::half_up);
  if (days != cycle_days)
    text += " × " + std::to_string(days) + "/" + std::to_string(cycle_days) + " days";
  recurring_charge_line out;
  out.line = bill::amount_line(charge.component(), {}, exact, text, rule);
  out.line.payer = unit_id;
  if (charge.price_per_m2_month()) {
    out.line.quantity = bill::as_line_quantity(floor_area);
    out.line.unit = "m2";
    // A line's unit price is shown only when its amount is quantity × unit price (one whole
    // month): a cycle of several months or a part of one is a line shown without a price, its
    // text saying how it was computed (as issued-bill readers check, rerate_json.hpp).
    if (months_in(charge.cycle()) == 1 && days == cycle_days) {
      out.line.unit_price = bill::as_line_price(*charge.price_per_m2_month());
      out.line.price_unit = "yuan/m2·month";
    }
  }
  out.line.window = local_interval::make(date::local_days{from.year() / from.month() / from.day()},
                                         date::local_days{to.year() / to.month() / to.day()});
  out.settlement = charge.settlement();
  out.full_cycle = full;
  out.days_charged = days;
  out.days_in_cycle = cycle_days;
  return out;
}

}  // namespace submeter::allocation
