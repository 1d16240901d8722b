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
  EXPECT_EQ(l.component, "fixed");
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
  const auto bulk =
      submeter::bill::charge_line("water", "W", used, volume_price::parse("3.29"), rule);
  const auto sewer_volume =
      submeter::multiply<volume>(used, submeter::ratio::parse("0.85"), submeter::rounding::half_up);
  EXPECT_EQ(sewer_volume, volume::parse("42.5"));
  const auto sewer =
      submeter::bill::charge_line("sewerage", "W", sewer_volume, volume_price::parse("1.92"), rule);
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
  const auto top_up =
      submeter::tariff::minimum_charge(lines, {"energy"}, money::parse("30"), "M", rounding_rule{});
  ASSERT_EQ(top_up.size(), 1u);
  EXPECT_EQ(top_up[0].component, "minimum");
  EXPECT_EQ(top_up[0].amount, exact_money::parse("10"));
  EXPECT_TRUE(
      submeter::tariff::minimum_charge(lines, {"energy"}, money::parse("20"), "M", rounding_rule{})
          .empty());
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::tariff::minimum_charge(lines, {"energy"}, money::parse("-1"), "M",
                                                     rounding_rule{});
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
