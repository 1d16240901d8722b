// VAT-1..VAT-3: tax lines (submeter/bill/tax.hpp). The worked example of
// docs/bill-numbers-and-tax.md.
#include "submeter/bill/tax.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "submeter/bill/bill.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::error;
using submeter::local_time;
using submeter::money;
using submeter::ratio;
using submeter::rounding;
using submeter::bill::amount_line;
using submeter::bill::assemble;
using submeter::bill::component;
using submeter::bill::energy_line;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::bill::rounding_scope;
using submeter::bill::split_tax;
using submeter::bill::tax_class;
using submeter::bill::tax_rounding;
using submeter::bill::tax_terms;
using submeter::bill::vat_rate;

const auto no_water = [](const std::string&) { return false; };

local_time at(const char* text) { return submeter::parse_local_time(text); }
date::local_days day(int y, unsigned m, unsigned d) {
  return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

// Electricity 901.23 (1,234.56 kWh × 0.73) + 100.00 common area, water 45.60, property fee 500.00.
submeter::bill::bill example(const rounding_rule& rule = {}) {
  return assemble(
      "T-1", "Tea shop", "2026-07", "flat", {},
      {energy_line("M-1", 0, "total", energy::parse("1234.56"), energy_price::parse("0.73"), rule),
       amount_line(component::common_area, "", exact_money::parse("100"), "share", rule),
       amount_line(component::water, "W-1", exact_money::parse("45.60"), "12 m3 x 3.80", rule),
       amount_line(component::property_fee, "", exact_money::parse("500"), "fee", rule)},
      rule);
}

TEST(Tax, WorkedExamplePerBill) {
  const auto b = example();
  ASSERT_EQ(b.total, money::parse("1546.83"));
  const auto t =
      split_tax(b, tax_terms::make({}, tax_rounding::per_bill), at("2026-08-01T00:00"), no_water);
  ASSERT_EQ(t.parts.size(), 2U);
  EXPECT_EQ(t.parts[0].what, tax_class::electricity);
  EXPECT_EQ(t.parts[0].rate, ratio::parse("0.13"));
  EXPECT_EQ(t.parts[0].gross, money::parse("1001.23"));
  EXPECT_EQ(t.parts[0].net, money::parse("886.04"));  // 1001.23 / 1.13 = 886.044…
  EXPECT_EQ(t.parts[0].vat, money::parse("115.19"));
  EXPECT_EQ(t.parts[1].what, tax_class::water);
  EXPECT_EQ(t.parts[1].net, money::parse("41.83"));  // 45.60 / 1.09 = 41.834…
  EXPECT_EQ(t.parts[1].vat, money::parse("3.77"));
  EXPECT_EQ(t.not_split, money::parse("500"));  // property fee: no rate unless configured
  EXPECT_EQ(t.net, money::parse("927.87"));
  EXPECT_EQ(t.vat, money::parse("118.96"));
  // The total is unchanged: net + VAT + what is not split.
  EXPECT_EQ(t.net + t.vat + t.not_split, b.total);
}

TEST(Tax, WorkedExamplePerLine) {
  const auto t = split_tax(example(), tax_terms::make({}, tax_rounding::per_line),
                           at("2026-08-01T00:00"), no_water);
  // 901.23 / 1.13 = 797.548… → 797.55; 100 / 1.13 = 88.495… → 88.50: one fen more net than
  // the class split once.
  EXPECT_EQ(t.parts[0].net, money::parse("886.05"));
  EXPECT_EQ(t.parts[0].vat, money::parse("115.18"));
  EXPECT_EQ(t.net, money::parse("927.88"));
  EXPECT_EQ(t.vat, money::parse("118.95"));
  EXPECT_EQ(t.net + t.vat + t.not_split, money::parse("1546.83"));
}

TEST(Tax, ConfiguredRatesAndRateChangeMidPeriod) {
  // Property fee 6 %; electricity 13 % then 12 % from 16 July: the July bill takes 12 % whole
  // (VAT-2: the rate in force on the period's last day). Water given only from 1 August: a class
  // given in the terms has exactly the rates given (its default is replaced), so July's water
  // has no rate and is not split.
  const auto terms =
      tax_terms::make({{tax_class::property_fee, day(2019, 4, 1), ratio::parse("0.06")},
                       {tax_class::electricity, day(2019, 4, 1), ratio::parse("0.13")},
                       {tax_class::electricity, day(2026, 7, 16), ratio::parse("0.12")},
                       {tax_class::water, day(2026, 8, 1), ratio::parse("0.05")}},
                      tax_rounding::per_bill);
  const auto t = split_tax(example(), terms, at("2026-08-01T00:00"), no_water);
  ASSERT_EQ(t.parts.size(), 2U);
  EXPECT_EQ(t.parts[0].rate, ratio::parse("0.12"));
  EXPECT_EQ(t.parts[0].net, money::parse("893.96"));  // 1001.23 / 1.12 = 893.955…
  EXPECT_EQ(t.parts[1].what, tax_class::property_fee);
  EXPECT_EQ(t.parts[1].net, money::parse("471.70"));  // 500 / 1.06 = 471.698…
  EXPECT_EQ(t.not_split, money::parse("45.60"));      // water
  EXPECT_EQ(t.net + t.vat + t.not_split, money::parse("1546.83"));
  // In August the water rate is 5 %: 45.60 / 1.05 = 43.428… → 43.43.
  const auto august = split_tax(example(), terms, at("2026-09-01T00:00"), no_water);
  ASSERT_EQ(august.parts.size(), 3U);
  EXPECT_EQ(august.parts[2].what, tax_class::water);
  EXPECT_EQ(august.parts[2].net, money::parse("43.43"));
  // Before the first rate of a class there is none: a window ending on 2019-04-01 00:00 (its
  // last day 31 March) has no rate yet, so nothing is split.
  const auto early = split_tax(example(), terms, at("2019-04-01T00:00"), no_water);
  EXPECT_TRUE(early.parts.empty());
  EXPECT_EQ(early.not_split, money::parse("1546.83"));
}

TEST(Tax, WaterMeterLinesAreWater) {
  // An adjustment of a water meter is water (VAT-1).
  const rounding_rule rule{};
  const auto b = assemble(
      "T-1", "Tea shop", "2026-07", "water", {},
      {amount_line(component::adjustment, "W-1", exact_money::parse("-10.90"), "refund", rule)},
      rule);
  const auto t = split_tax(b, tax_terms::make({}, tax_rounding::per_bill), at("2026-08-01T00:00"),
                           [](const std::string& m) { return m == "W-1"; });
  ASSERT_EQ(t.parts.size(), 1U);
  EXPECT_EQ(t.parts[0].what, tax_class::water);
  EXPECT_EQ(t.parts[0].net, money::parse("-10"));
  EXPECT_EQ(t.parts[0].vat, money::parse("-0.90"));
}

TEST(Tax, SumIsTheTotalForManyAmounts) {
  // net + VAT == gross for every amount, both rounding points (property, by enumeration).
  const rounding_rule rule{};
  for (int cents = -2000; cents <= 20000; cents += 7) {
    const auto amount = exact_money::from_mantissa(std::int64_t{cents} * 100'000'000);
    const auto b = assemble("T", "T", "2026-07", "f", {},
                            {amount_line(component::energy, "M", amount, "x", rule)}, rule);
    for (const auto point : {tax_rounding::per_bill, tax_rounding::per_line}) {
      const auto t = split_tax(b, tax_terms::make({}, point), at("2026-08-01T00:00"), no_water);
      ASSERT_EQ(t.net + t.vat, b.total) << cents;
    }
  }
}

TEST(Tax, Refusals) {
  EXPECT_THROW((void)tax_terms::make({{tax_class::water, day(2020, 1, 1), ratio::parse("1")}},
                                     tax_rounding::per_bill),
               error);
  EXPECT_THROW((void)tax_terms::make({{tax_class::water, day(2020, 1, 1), ratio::parse("-0.01")}},
                                     tax_rounding::per_bill),
               error);
  try {
    (void)tax_terms::make({{tax_class::rent, day(2020, 1, 1), ratio::parse("0.09")},
                           {tax_class::rent, day(2020, 1, 1), ratio::parse("0.05")}},
                          tax_rounding::per_bill);
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::duplicate);
    EXPECT_EQ(e.context_value("class"), "rent");
  }
  const rounding_rule total_only{rounding_scope::total_only, 2, rounding::half_up};
  try {
    (void)split_tax(example(total_only), tax_terms::make({}, tax_rounding::per_bill),
                    at("2026-08-01T00:00"), no_water);
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
  }
}

}  // namespace
