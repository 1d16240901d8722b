// Tests of include/submeter/allocation/property_fee.hpp: fixed and per-m² property fee and
// rent, monthly / quarterly / yearly cycles, proration by days, the settlement setting.
#include "submeter/allocation/property_fee.hpp"

#include <gtest/gtest.h>

#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::allocation;
using namespace date::literals;
using test_support::error_of;

TEST(PropertyFee, PerSquareMetreQuarterlyFullAndPartial) {
  const auto fee = recurring_charge::make(
      submeter::bill::component::property_fee, fee_cycle::quarterly, std::nullopt,
      area_price::parse("5.5"), fee_settlement::deduct_from_prepaid);
  // Q4 2026: Oct 1 .. Jan 1 = 92 days; 120.5 m² × 5.5 × 3 = 1,988.25
  const auto full = charge_recurring(fee, "S1", area::parse("120.5"), 2026_y / 10 / 1,
                                     2026_y / 10 / 1, 2027_y / 1 / 1);
  EXPECT_EQ(full.line.amount, bill::exact_money::parse("1988.25"));
  EXPECT_EQ(full.days_in_cycle, 92);
  EXPECT_EQ(full.settlement, fee_settlement::deduct_from_prepaid);
  EXPECT_EQ(full.line.component, submeter::bill::component::property_fee);
  EXPECT_EQ(full.line.unit, "m2");
  EXPECT_EQ(full.line.explanation, "120.50 m2 × 5.50 yuan/m2·month × 3 months = 1,988.25");
  // Move-in on Nov 16: 46 of 92 days → exactly half.
  const auto part = charge_recurring(fee, "S1", area::parse("120.5"), 2026_y / 10 / 1,
                                     2026_y / 11 / 16, 2027_y / 1 / 1);
  EXPECT_EQ(part.days_charged, 46);
  EXPECT_EQ(part.line.amount, bill::exact_money::parse("994.13"));  // 994.125 half-up
  EXPECT_EQ(part.line.unrounded, bill::exact_money::parse("994.125"));
  EXPECT_EQ(part.line.explanation,
            "120.50 m2 × 5.50 yuan/m2·month × 3 months × 46/92 days = 994.13");
}

TEST(PropertyFee, FixedRentMonthlyAndYearly) {
  const auto rent = recurring_charge::make(submeter::bill::component::rent, fee_cycle::monthly,
                                           money::parse("3000"), std::nullopt);
  const auto r = charge_recurring(rent, "S2", area{}, 2026_y / 2 / 1, 2026_y / 2 / 1,
                                  2026_y / 2 / 11);  // 10 of 28 days
  EXPECT_EQ(r.line.amount, bill::exact_money::parse("1071.43"));
  EXPECT_EQ(r.settlement, fee_settlement::bill);
  EXPECT_EQ(r.line.explanation, "3,000.00 per monthly cycle × 10/28 days = 1,071.43");
  const auto yearly = recurring_charge::make(submeter::bill::component::rent, fee_cycle::yearly,
                                             money::parse("36500"), std::nullopt);
  const auto y = charge_recurring(yearly, "S2", area{}, 2026_y / 1 / 1, 2026_y / 3 / 1,
                                  2027_y / 1 / 1);  // 306 of 365 days
  EXPECT_EQ(y.line.amount, bill::exact_money::parse("30600"));
}

TEST(PropertyFee, BadInput) {
  EXPECT_EQ(error_of([] {
              (void)recurring_charge::make(submeter::bill::component::service_fee,
                                           fee_cycle::monthly, money::parse("1"), std::nullopt);
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)recurring_charge::make(submeter::bill::component::rent, fee_cycle::monthly,
                                           money::parse("1"), area_price::parse("1"));
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)recurring_charge::make(submeter::bill::component::rent, fee_cycle::monthly,
                                           money::parse("-1"), std::nullopt);
            }).code(),
            errc::invalid_argument);
  const auto fee = recurring_charge::make(submeter::bill::component::property_fee,
                                          fee_cycle::monthly, std::nullopt, area_price::parse("3"));
  EXPECT_EQ(error_of([&] {
              (void)charge_recurring(fee, "S1", area::parse("-1"), 2026_y / 1 / 1, 2026_y / 1 / 1,
                                     2026_y / 2 / 1);
            }).code(),
            errc::invalid_argument);
  const auto e = error_of([&] {
    (void)charge_recurring(fee, "S1", area::parse("1"), 2026_y / 1 / 1, 2026_y / 1 / 15,
                           2026_y / 2 / 2);
  });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("cycle_end"), "2026-02-01");
}

}  // namespace
