// The URDB importer (src/io/urdb_json.hpp) against NREL REopt.jl's URDB records and bill
// assertions (tests/data/cross-checks/README.md).
#include "io/urdb_json.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/tariff/interval_usage.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::tariff::tier_shape;
using json = nlohmann::json;

json read(const std::string& file) {
  std::ifstream in(SUBMETER_TEST_DATA "/cross-checks/reopt-urdb/" + file);
  return json::parse(in);
}

// REopt "Test leap year for URDB demand and energy charges": 10 kW in 0-based hour 1527 of the
// year. In 2023 that is Sunday 5 March 15:00 (weekend: 0.28); in 2024, a leap year, Monday 4 March
// 15:00 (weekday 07:00–20:00: 0.36). REopt asserts energy costs 2.8 and 3.6.
TEST(Urdb, LeapYearCalendarAlignment) {
  const auto rate =
      submeter::io::urdb_rate_from_json(read("leap_year.urdb.json"), tier_shape::pooled);
  for (const auto& [year, expected] : {std::pair{2023, "2.8"}, std::pair{2024, "3.6"}}) {
    const auto jan1 = date::local_days{date::year{year} / 1 / 1};
    const auto hour = submeter::local_time{jan1} + std::chrono::hours{1527};
    const auto day = date::floor<date::days>(hour);
    const auto w = submeter::tariff::window_classifier::make(
        rate.energy_schedule, submeter::calendar::holiday_calendar{},
        submeter::calendar::day_marks{}, submeter::local_time{day}, std::chrono::minutes{60}, 24);
    const int reg = w.register_of((hour - submeter::local_time{day}) / std::chrono::hours{1});
    const auto r =
        rate.energy_tariff.rate("M", {{reg, energy::parse("10")}}, {}, 31, rounding_rule{});
    exact_money cost;
    for (const auto& l : r.lines) cost += l.unrounded;
    EXPECT_EQ(cost, exact_money::parse(expected)) << year;
  }
  ASSERT_TRUE(rate.fixed.has_value());
  EXPECT_EQ(rate.fixed->rate(), submeter::money::parse("24.878"));
  EXPECT_EQ(rate.fixed->cycle(), submeter::tariff::charge_cycle::day);
  ASSERT_TRUE(rate.flat_demand.has_value());
  EXPECT_EQ(rate.flat_demand->periods[3][0].price, submeter::power_price::parse("18.05"));
  EXPECT_EQ(rate.flat_demand->month_period[2], 3);
  ASSERT_TRUE(rate.tou_demand.has_value());
  EXPECT_EQ(rate.tou_demand->periods[2][0].price, submeter::power_price::parse("10"));
  EXPECT_EQ(rate.lookback_percent, submeter::ratio{});
}

// REopt "Multi-tier demand and energy rates": periods with different tier counts, so only the
// per-period shape can price them; pooled is refused with the reason.
TEST(Urdb, MultiTierNeedsPerPeriodLadders) {
  const auto doc = read("multi_tier.urdb.json");
  const auto rate = submeter::io::urdb_rate_from_json(doc, tier_shape::per_period);
  EXPECT_EQ(rate.energy_tariff.shape(), tier_shape::per_period);
  const auto& regs = rate.energy_tariff.registers();
  const auto two =
      std::find_if(regs.begin(), regs.end(), [](const auto& r) { return r.rate_register == 2; });
  ASSERT_NE(two, regs.end());
  EXPECT_EQ(two->prices, (std::vector<energy_price>{energy_price::parse("0.078891"),
                                                    energy_price::parse("0.06")}));
  EXPECT_EQ(two->ladder->bounds(), std::vector<energy>{energy::parse("20000")});
  // 25,000 kWh in period 1 (register 2) in a month: 20,000 × 0.078891 + 5,000 × 0.06.
  const auto r =
      rate.energy_tariff.rate("M", {{2, energy::parse("25000")}}, {}, 31, rounding_rule{});
  exact_money cost;
  for (const auto& l : r.lines) cost += l.unrounded;
  EXPECT_EQ(cost, exact_money::parse("1877.82"));
  EXPECT_EQ(rate.fixed->rate(), submeter::money::parse("3.298"));
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::io::urdb_rate_from_json(doc, tier_shape::pooled);
            }).code(),
            errc::inconsistent);
}

TEST(Urdb, TieredTouDemandStructure) {
  const auto rate =
      submeter::io::urdb_rate_from_json(read("tiered_tou_demand.urdb.json"), tier_shape::pooled);
  EXPECT_EQ(rate.energy_tariff.shared_ladder().bounds(),
            std::vector<energy>{energy::parse("40000")});
  ASSERT_TRUE(rate.tou_demand.has_value());
  ASSERT_EQ(rate.tou_demand->periods[0].size(), 2u);
  EXPECT_EQ(rate.tou_demand->periods[0][0].max, submeter::power::parse("50"));
  EXPECT_EQ(rate.tou_demand->periods[0][1].price, submeter::power_price::parse("12"));
  EXPECT_FALSE(rate.tou_demand->periods[0][1].max.has_value());
}

TEST(Urdb, RefusesWhatItCannotPriceByName) {
  auto doc = read("tiered_tou_demand.urdb.json");
  doc["coincidentratestructure"] = json::array();
  const auto e = submeter::test_support::error_of(
      [&] { (void)submeter::io::urdb_rate_from_json(doc, tier_shape::pooled); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("field"), "coincidentratestructure");

  auto hours_use = read("tiered_tou_demand.urdb.json");
  hours_use["energyratestructure"][0][0]["unit"] = "kWh/kW";
  const auto e2 = submeter::test_support::error_of(
      [&] { (void)submeter::io::urdb_rate_from_json(hours_use, tier_shape::pooled); });
  EXPECT_EQ(e2.code(), errc::unsupported);
  EXPECT_EQ(e2.context_value("path"), "energyratestructure[0][0].unit");

  auto finite_last = read("tiered_tou_demand.urdb.json");
  finite_last["energyratestructure"][0][1]["max"] = 90000;
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::io::urdb_rate_from_json(finite_last, tier_shape::pooled);
            }).code(),
            errc::unsupported);

  auto nine = read("tiered_tou_demand.urdb.json");
  nine["energyweekdayschedule"][0][0] = 8;  // register 9
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::io::urdb_rate_from_json(nine, tier_shape::pooled);
            }).code(),
            errc::invalid_argument);

  auto precise = read("tiered_tou_demand.urdb.json");
  precise["energyratestructure"][0][0]["rate"] = 0.12345678;
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::io::urdb_rate_from_json(precise, tier_shape::pooled);
            }).code(),
            errc::parse);
}

}  // namespace
