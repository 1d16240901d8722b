#include "submeter/tariff/fixed_charge.hpp"

#include <gtest/gtest.h>

#include "submeter/tariff/tiers.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::local_interval;
using submeter::money;
using submeter::parse_local_time;
using submeter::volume;
using submeter::volume_price;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::bill::rounding_scope;
using submeter::tariff::charge_cycle;
using submeter::tariff::day_count;
using submeter::tariff::fixed_charge;
using submeter::tariff::proration;

local_interval window(const char* from, const char* to) {
  return local_interval::make(parse_local_time(from), parse_local_time(to));
}

// rules.md TP-2: capacity 400 kVA × 26 = 10,400 a month; connected for the last 10 days of July:
// 10,400 × 10/30 = 3,466.67. A part day counts as a whole day; a whole month pays the rate.
TEST(FixedCharge, ThirtyDayMonthForTheBasicCharge) {
  const auto c =
      fixed_charge::make("capacity 400 kVA × 26", money::parse("10400"), charge_cycle::month,
                         proration::thirty_day_month, day_count::touched);
  EXPECT_EQ(
      c.charge("M-00", window("2026-07-22 00:00", "2026-08-01 00:00"), rounding_rule{}).amount,
      exact_money::parse("3466.67"));
  EXPECT_EQ(c.amount(window("2026-07-22 08:30", "2026-08-01 00:00")),
            c.amount(window("2026-07-22 00:00", "2026-08-01 00:00")));
  EXPECT_EQ(c.amount(window("2026-07-01 00:00", "2026-08-01 00:00")), exact_money::parse("10400"));
  EXPECT_EQ(c.amount(window("2026-02-01 00:00", "2026-03-01 00:00")), exact_money::parse("10400"));
}

TEST(FixedCharge, CalendarProrationByTheMonthsLength) {
  const auto c = fixed_charge::make("meter service", money::parse("300"), charge_cycle::month,
                                    proration::calendar);
  // 16 of July's 31 days.
  EXPECT_EQ(c.amount(window("2026-07-16 00:00", "2026-08-01 00:00")),
            exact_money::parse("154.8387096774"));
  // Across a month end: 16/31 of July + 15/31 of August = exactly one month here.
  EXPECT_EQ(c.amount(window("2026-07-16 00:00", "2026-08-16 00:00")), exact_money::parse("300"));
  const auto l = c.charge("M-01", window("2026-07-16 00:00", "2026-08-01 00:00"), rounding_rule{});
  EXPECT_EQ(l.component, submeter::bill::component::fixed);
  EXPECT_EQ(l.amount, exact_money::parse("154.84"));
  EXPECT_EQ(l.explanation, "meter service: 300.00 per month, 16 days (by calendar days) = 154.84");
}

// tariff-core tc_split_period_additivity: 1 a day + 0.1 per kWh; two 12-hour halves of one day
// with 1 kWh each: bill(day) = 1.2 = 0.6 + 0.6.
TEST(FixedCharge, ElapsedTimeMakesBillsAdditive) {
  const auto c =
      fixed_charge::make("supply", money::parse("1"), charge_cycle::day, proration::calendar);
  const auto half = c.amount(window("2026-10-07 00:00", "2026-10-07 12:00"));
  EXPECT_EQ(half, exact_money::parse("0.5"));
  EXPECT_EQ(half + c.amount(window("2026-10-07 12:00", "2026-10-08 00:00")),
            c.amount(window("2026-10-07 00:00", "2026-10-08 00:00")));
}

// tariff-core tc_water_quarterly (tests/data/cross-checks/tariff-core): a 92-day quarter, 50 kL.
// Access charges prorated per day of a 365-day year (× 4 / 365); the tier-1 bound 60 kL a quarter
// prorated × 92 / 91.25 = 60.4932 kL; bulk water stacked on the same volume; sewerage on 0.85 ×
// the volume. tariff-core asserts 569.6775342465753424657534247, rounded 569.68.
TEST(FixedCharge, TariffCoreWaterQuarter) {
  const auto quarter = window("2026-07-01 00:00", "2026-10-01 00:00");
  const rounding_rule rule =
      rounding_rule::make(rounding_scope::total_only, 2, submeter::rounding::half_up);
  const auto water_access = fixed_charge::make("water access", money::parse("75.20"),
                                               charge_cycle::quarter, proration::per_year_day);
  const auto sewer_access = fixed_charge::make("sewerage access", money::parse("165.40"),
                                               charge_cycle::quarter, proration::per_year_day);
  const auto used = volume::parse("50");
  const auto ladder = submeter::tariff::tier_ladder<volume>::make(
      {volume::parse("60")}, submeter::tariff::bound_basis::prorated,
      submeter::ratio::parse("91.25"));
  EXPECT_EQ(ladder.bounds_for(92)[0], volume::parse("60.4932"));
  const auto water = submeter::tariff::tiered_tariff<volume>::ladder(
      "water", ladder, {volume_price::parse("1.62"), volume_price::parse("2.10")});
  const auto tiers = water.rate("W", {{0, used}}, {}, 92, rule);
  ASSERT_EQ(tiers.lines.size(), 1u);
  const auto bulk = submeter::bill::charge_line(submeter::bill::component::water, "W", used,
                                                volume_price::parse("3.29"), rule);
  const auto sewer_volume =
      submeter::multiply<volume>(used, submeter::ratio::parse("0.85"), submeter::rounding::half_up);
  EXPECT_EQ(sewer_volume, volume::parse("42.5"));
  const auto sewer = submeter::bill::charge_line(submeter::bill::component::sewerage, "W",
                                                 sewer_volume, volume_price::parse("1.92"), rule);
  const exact_money total = water_access.amount(quarter) + sewer_access.amount(quarter) +
                            tiers.lines[0].unrounded + bulk.unrounded + sewer.unrounded;
  // Each access charge is one exact quotient kept to 1e-10 yuan.
  EXPECT_EQ(total, exact_money::parse("569.6775342466"));
  EXPECT_EQ(round(total, 2, submeter::rounding::half_up), exact_money::parse("569.68"));
}

TEST(FixedCharge, MinimumChargeTopsUpTheNamedComponents) {
  std::vector<submeter::bill::line> lines = {
      submeter::bill::energy_line("M", 0, "total", submeter::energy::parse("40"),
                                  submeter::energy_price::parse("0.5"), rounding_rule{})};
  const auto top_up = submeter::tariff::minimum_charge(lines, {submeter::bill::component::energy},
                                                       money::parse("30"), "M", rounding_rule{});
  ASSERT_EQ(top_up.size(), 1u);
  EXPECT_EQ(top_up[0].component, submeter::bill::component::minimum);
  EXPECT_EQ(top_up[0].amount, exact_money::parse("10"));
  EXPECT_TRUE(submeter::tariff::minimum_charge(lines, {submeter::bill::component::energy},
                                               money::parse("20"), "M", rounding_rule{})
                  .empty());
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::tariff::minimum_charge(lines, {submeter::bill::component::energy},
                                                     money::parse("-1"), "M", rounding_rule{});
            }).code(),
            errc::invalid_argument);
}

TEST(FixedCharge, RefusesBadCharges) {
  const auto code = [](auto&& f) { return submeter::test_support::error_of(f).code(); };
  EXPECT_EQ(code([] {
              (void)fixed_charge::make("", money::parse("1"), charge_cycle::month,
                                       proration::calendar);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([] {
              (void)fixed_charge::make("x", money::parse("-1"), charge_cycle::month,
                                       proration::calendar);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([] {
              (void)fixed_charge::make("x", money::parse("1"), charge_cycle::quarter,
                                       proration::calendar);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([] {
              (void)fixed_charge::make("x", money::parse("1"), charge_cycle::day,
                                       proration::thirty_day_month);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([] {
              (void)submeter::tariff::tier_ladder<volume>::make(
                  {volume::parse("60")}, submeter::tariff::bound_basis::prorated);
            }),
            errc::invalid_argument);
}

}  // namespace

#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/tariff/schedule_matrix.hpp"
#include "submeter/tariff/two_part.hpp"

namespace {

// tariff-core tc_demand_interval_average_window: 12.50 per kW-month on the largest 30-minute
// average inside 16:00–21:00, January 2026. Each day three 30-minute intervals, labelled by their
// end in tariff-core (by their start here): 2,500 Wh ending 16:00 (starts 15:30, outside the
// window), 1,500 Wh ending 17:00, 500 Wh ending 18:30. Demand 1.5 kWh / 0.5 h = 3 kW → 37.50;
// classifying by the end would give 5 kW and 62.50.
TEST(TariffCore, DemandWindowClassifiesIntervalsByTheirStart) {
  using namespace std::chrono_literals;
  submeter::tariff::month_hour_matrix in_window{};
  for (auto& row : in_window) {
    for (std::size_t h = 0; h < 24; ++h) row[h] = (h >= 16 && h < 21) ? 1 : 2;
  }
  const auto schedule = submeter::tariff::schedule_from_matrices("tc", in_window, in_window);
  const auto start = parse_local_time("2026-01-01 00:00");
  const std::int64_t n = 31 * 48;
  std::vector<submeter::energy> kwh(static_cast<std::size_t>(n));
  for (std::int64_t d = 0; d < 31; ++d) {
    kwh[static_cast<std::size_t>(d * 48 + 31)] = submeter::energy::parse("2.5");  // 15:30–16:00
    kwh[static_cast<std::size_t>(d * 48 + 33)] = submeter::energy::parse("1.5");  // 16:30–17:00
    kwh[static_cast<std::size_t>(d * 48 + 36)] = submeter::energy::parse("0.5");  // 18:00–18:30
  }
  const auto series = submeter::metering::interval_series::of_energy(start, 30min, kwh);
  const auto w =
      submeter::tariff::window_classifier::make(schedule, submeter::calendar::holiday_calendar{},
                                                submeter::calendar::day_marks{}, start, 30min, n);
  const auto peaks = submeter::tariff::demand_by_register(
      series, submeter::metering::demand_window::block(30min), w);
  ASSERT_TRUE(peaks[1].has_value());
  EXPECT_EQ(peaks[1]->demand, submeter::power::parse("3"));
  const auto line =
      submeter::bill::charge_line(submeter::bill::component::demand, "M", peaks[1]->demand,
                                  submeter::power_price::parse("12.50"), rounding_rule{});
  EXPECT_EQ(line.amount, exact_money::parse("37.50"));
  // Outside the window the 15:30 interval is the peak (5 kW): it is not billed.
  EXPECT_EQ(peaks[2]->demand, submeter::power::parse("5"));
}

}  // namespace
