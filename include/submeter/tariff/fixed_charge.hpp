#pragma once
/// \file
/// Fixed charges per day, month, quarter or year, prorated over a billing window, and minimum
/// charges (tariffs.md §1.5; rules.md TP-2 "a part day counts as a whole day, each day 1/30").
///
/// A fixed charge is money per cycle. Over a window it is prorated by one explicit rule:
/// - `calendar` (day and month cycles): each calendar month of the window pays rate × (its share
///   of that month); a whole month pays the rate exactly, whatever its length;
/// - `thirty_day_month` (month cycle; China's basic charge): a whole calendar month pays the rate,
///   a part month rate × days / 30, capped at the rate;
/// - `per_year_day` (tariff-core): rate × cycles per year / 365 for each day.
/// Days are counted as elapsed time (`day_count::elapsed`, exact seconds) or as days touched
/// (`day_count::touched`: a part day counts as a whole day). Prorated amounts are kept to
/// 1e-10 yuan, rounded half-even once per calendar month part; the line says how it prorated.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"

namespace submeter::tariff {

/// How often a fixed charge is due.
enum class charge_cycle { day, month, quarter, year };

/// How a fixed charge is prorated over a window (see the file comment).
enum class proration { calendar, thirty_day_month, per_year_day };

/// How days are counted for proration.
enum class day_count {
  elapsed,  ///< exact elapsed time (half a day is half a day)
  touched,  ///< a part day counts as a whole day (rules.md TP-2)
};

[[nodiscard]] constexpr std::string_view to_string(charge_cycle c) noexcept {
  switch (c) {
    case charge_cycle::day:
      return "day";
    case charge_cycle::month:
      return "month";
    case charge_cycle::quarter:
      return "quarter";
    case charge_cycle::year:
      return "year";
  }
  return "?";
}

/// A fixed charge: `rate` yuan per `cycle` (a service charge, a meter rent, a monthly fee).
class fixed_charge {
 public:
  /// Refuses (errc::invalid_argument): an empty name, a negative rate, `calendar` on a quarter or
  /// year cycle, `thirty_day_month` on any cycle but a month.
  [[nodiscard]] static fixed_charge make(std::string name, money rate, charge_cycle cycle,
                                         proration how, day_count days = day_count::elapsed) {
    const auto refuse = [&](const char* why) {
      throw error(errc::invalid_argument, why,
                  {{"charge", name},
                   {"cycle", std::string(to_string(cycle))},
                   {"rate", rate.to_string(2)}});
    };
    if (name.empty()) refuse("a fixed charge needs a name");
    if (rate.is_negative()) refuse("a fixed charge's rate is negative");
    if (how == proration::calendar &&
        (cycle == charge_cycle::quarter || cycle == charge_cycle::year)) {
      refuse("calendar proration is for day and month cycles; use per_year_day");
    }
    if (how == proration::thirty_day_month && cycle != charge_cycle::month)
      refuse("thirty-day proration is for a monthly charge");
    return fixed_charge(std::move(name), rate, cycle, how, days);
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] money rate() const noexcept { return rate_; }
  [[nodiscard]] charge_cycle cycle() const noexcept { return cycle_; }
  [[nodiscard]] proration how() const noexcept { return how_; }

  /// The exact charge for `window` (to 1e-10 yuan, see the file comment).
  [[nodiscard]] bill::exact_money amount(const local_interval& window) const {
    const auto rate = rescale<bill::exact_money>(rate_);
    bill::exact_money total;
    if (how_ == proration::per_year_day) {
      const std::int64_t per_year = cycle_ == charge_cycle::day       ? 365
                                    : cycle_ == charge_cycle::month   ? 12
                                    : cycle_ == charge_cycle::quarter ? 4
                                                                      : 1;
      // rate × per_year / 365 per day; a day is 86,400 s.
      const auto [num, den] = days_fraction(window, 1);
      if (cycle_ == charge_cycle::day) return scale_by(rate, num, den, rounding::half_even);
      return scale_by(rate, num * per_year, den * 365, rounding::half_even);
    }
    for (const auto& part : month_parts(window)) {
      const auto month_days = days_in_month(part.begin());
      if (cycle_ == charge_cycle::day) {
        const auto [num, den] = days_fraction(part, 1);
        total += scale_by(rate, num, den, rounding::half_even);
      } else if (covers_month(part)) {
        total += rate;
      } else if (how_ == proration::thirty_day_month) {
        const auto [num, den] = days_fraction(part, 30);
        total += num >= den ? rate : scale_by(rate, num, den, rounding::half_even);
      } else {
        const auto [num, den] = days_fraction(part, month_days);
        total += scale_by(rate, num, den, rounding::half_even);
      }
    }
    return total;
  }

  /// The bill line for `window`: component "fixed", explained as "<name>: <rate> per <cycle>,
  /// <days> days (<proration>)".
  [[nodiscard]] bill::line charge(std::string meter_id, const local_interval& window,
                                  const bill::rounding_rule& rule) const {
    const auto exact = amount(window);
    const char* how = how_ == proration::calendar           ? "by calendar days"
                      : how_ == proration::thirty_day_month ? "1/30 per day"
                                                            : "per day of a 365-day year";
    std::string text = name_ + ": " + rate_.to_string(2) + " per " +
                       std::string(to_string(cycle_)) + ", " + describe_days(window) + " days (" +
                       how + ")";
    auto l = bill::amount_line(bill::component::fixed, std::move(meter_id), exact, std::move(text),
                               rule);
    l.unit = "day";
    l.price_unit = "yuan/" + std::string(to_string(cycle_));
    l.unit_price = bill::line_price::from_mantissa(rate_.mantissa() * 100);  // 1e-4 → 1e-6
    return l;
  }

 private:
  fixed_charge(std::string name, money rate, charge_cycle cycle, proration how, day_count days)
      : name_(std::move(name)), rate_(rate), cycle_(cycle), how_(how), days_(days) {}

  // The window's length as num / den days, over `per` (the fraction of `per` days it spans).
  [[nodiscard]] std::pair<std::int64_t, std::int64_t> days_fraction(const local_interval& w,
                                                                    std::int64_t per) const {
    if (days_ == day_count::touched) return {days_touched(w), per};
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(w.end() - w.begin());
    return {seconds.count(), per * 86400};
  }
  [[nodiscard]] std::string describe_days(const local_interval& w) const {
    if (days_ == day_count::touched) return std::to_string(days_touched(w));
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(w.end() - w.begin());
    const auto days = scale_by(decimal<dimension::ratio, 4>::from_integer(1), seconds.count(),
                               86400, rounding::half_even);
    return days.to_string(0);
  }
  [[nodiscard]] static std::int64_t days_in_month(local_time t) {
    const auto ymd = local_date(t);
    return static_cast<std::int64_t>(
        static_cast<unsigned>((ymd.year() / ymd.month() / date::last).day()));
  }
  [[nodiscard]] static local_time month_start(local_time t) {
    const auto ymd = local_date(t);
    return local_time{date::local_days{ymd.year() / ymd.month() / 1}};
  }
  [[nodiscard]] static local_time next_month_start(local_time t) {
    const auto ymd = local_date(t);
    return local_time{
        date::local_days{(date::year_month{ymd.year(), ymd.month()} + date::months{1}) / 1}};
  }
  [[nodiscard]] static bool covers_month(const local_interval& part) {
    return part.begin() == month_start(part.begin()) &&
           part.end() == next_month_start(part.begin());
  }
  // The window cut at each calendar-month boundary.
  [[nodiscard]] static std::vector<local_interval> month_parts(const local_interval& w) {
    std::vector<local_interval> out;
    for (local_time from = w.begin(); from < w.end();) {
      const auto to = std::min(next_month_start(from), w.end());
      out.push_back(local_interval::make(from, to));
      from = to;
    }
    return out;
  }

  std::string name_;
  money rate_;
  charge_cycle cycle_ = charge_cycle::month;
  proration how_ = proration::calendar;
  day_count days_ = day_count::elapsed;
};

/// A minimum charge (tariffs.md §1.5): when the charged lines of `components` sum below
/// `minimum`, one "minimum" line for the difference; otherwise nothing. Refuses a negative
/// minimum (errc::invalid_argument).
[[nodiscard]] inline std::vector<bill::line> minimum_charge(
    const std::vector<bill::line>& lines, const std::vector<bill::component>& components,
    money minimum, std::string meter_id, const bill::rounding_rule& rule) {
  if (minimum.is_negative()) {
    throw error(errc::invalid_argument, "a minimum charge is negative",
                {{"minimum", minimum.to_string(2)}});
  }
  bill::exact_money charged;
  for (const auto& l : lines) {
    for (const auto& c : components) {
      if (l.component == c) charged += l.amount;
    }
  }
  const auto floor = rescale<bill::exact_money>(minimum);
  if (!(charged < floor)) return {};
  std::string text =
      "minimum " + minimum.to_string(2) + " − charged " + charged.to_string(rule.places);
  return {bill::amount_line(bill::component::minimum, std::move(meter_id), floor - charged,
                            std::move(text), rule)};
}

}  // namespace submeter::tariff
