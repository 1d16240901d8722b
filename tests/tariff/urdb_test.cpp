// The URDB importer (src/io/urdb_json.hpp) against NREL REopt.jl's URDB records and bill
// assertions (tests/data/cross-checks/README.md).
#include "io/urdb_json.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/tariff/demand_charge.hpp"
#include "submeter/tariff/interval_usage.hpp"
#include "submeter/tariff/two_part.hpp"
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

// A year of hourly kW (zeros, or a flat load) billed for demand the way REopt reads a URDB
// record: per calendar month, the TOU demand per period from the demand schedule (1-hour
// windows) and the facility (flat) demand of the month's period, each graduated by its tiers.
submeter::bill::exact_money urdb_demand_cost(const submeter::io::urdb_rate& rate, int year,
                                             const std::vector<submeter::power>& hourly) {
  using namespace std::chrono_literals;
  const auto tiers_of = [](const std::vector<submeter::io::urdb_demand_tier>& t) {
    std::vector<submeter::tariff::demand_tier> out;
    for (const auto& x : t) out.push_back({x.max, x.price});
    return out;
  };
  const auto schedule = submeter::tariff::schedule_from_matrices("demand", rate.tou_demand->weekday,
                                                                 rate.tou_demand->weekend, 0);
  submeter::bill::exact_money cost;
  std::size_t hour = 0;
  const submeter::bill::rounding_rule rule{};
  for (unsigned m = 1; m <= 12; ++m) {
    const auto first = date::local_days{date::year{year} / date::month{m} / 1};
    const auto days = static_cast<std::size_t>(
        static_cast<unsigned>((date::year{year} / date::month{m} / date::last).day()));
    const std::vector<submeter::power> month(
        hourly.begin() + static_cast<std::ptrdiff_t>(hour),
        hourly.begin() + static_cast<std::ptrdiff_t>(hour + days * 24));
    hour += days * 24;
    const auto series =
        submeter::metering::interval_series::of_power(submeter::local_time{first}, 60min, month);
    const auto w = submeter::tariff::window_classifier::make(
        schedule, submeter::calendar::holiday_calendar{}, submeter::calendar::day_marks{},
        submeter::local_time{first}, 60min, static_cast<std::int64_t>(days * 24));
    const auto by_register = submeter::tariff::demand_by_register(
        series, submeter::metering::demand_window::block(60min), w);
    for (int r = 1; r <= 8; ++r) {
      const auto& peak = by_register[static_cast<std::size_t>(r)];
      if (!peak) continue;
      for (const auto& l : submeter::tariff::graduated_demand_lines(
               "M", r, "period", peak->demand,
               tiers_of(rate.tou_demand->periods[static_cast<std::size_t>(r - 1)]), rule))
        cost += l.amount;
    }
    if (rate.flat_demand) {
      const auto peak =
          submeter::metering::max_demand(series, submeter::metering::demand_window::block(60min));
      const auto period = static_cast<std::size_t>(rate.flat_demand->month_period[m - 1]);
      for (const auto& l : submeter::tariff::graduated_demand_lines(
               "M", 0, "facility", peak.demand, tiers_of(rate.flat_demand->periods[period]), rule))
        cost += l.amount;
    }
  }
  EXPECT_EQ(hour, hourly.size());
  return cost;
}

std::vector<submeter::power> hours_of(int year, std::initializer_list<std::size_t> at_10kw) {
  const bool leap = date::year{year}.is_leap();
  std::vector<submeter::power> v(leap ? 8784 : 8760);
  for (const auto h : at_10kw) v[h] = submeter::power::parse("10");
  return v;
}

// REopt "Test leap year for URDB demand and energy charges": 10 kW in 0-based hour 1527 is a
// Sunday in 2023 (facility demand only: 18.05 × 10 = 180.5) and a Monday 15:00 in 2024 (TOU demand
// 10 $/kW on weekdays 14–19 as well: 280.5). Then 07:00 on 28 February and 1 March 2023 (two
// months, 361.0) against 28 and 29 February 2024 (one month, 180.5).
TEST(Urdb, LeapYearDemandCharges) {
  const auto rate =
      submeter::io::urdb_rate_from_json(read("leap_year.urdb.json"), tier_shape::pooled);
  EXPECT_EQ(urdb_demand_cost(rate, 2023, hours_of(2023, {1527})), exact_money::parse("180.5"));
  EXPECT_EQ(urdb_demand_cost(rate, 2024, hours_of(2024, {1527})), exact_money::parse("280.5"));
  // Julia indices 31*24+27*24+8 and 31*24+28*24+8, 1-based.
  EXPECT_EQ(urdb_demand_cost(rate, 2023, hours_of(2023, {1399, 1423})), exact_money::parse("361"));
  EXPECT_EQ(urdb_demand_cost(rate, 2024, hours_of(2024, {1399, 1423})),
            exact_money::parse("180.5"));
}

// REopt "Tiered TOU Demand": a flat 1,000,000 kWh a year (114.1552511 kW every hour, read to
// 1e-4 kW), the first 50 kW free and 12 $/kW above, every month: REopt asserts
// 12 × (114.1552511 − 50) × 12 = 9,238.36 within 1.
TEST(Urdb, TieredTouDemand) {
  const auto rate =
      submeter::io::urdb_rate_from_json(read("tiered_tou_demand.urdb.json"), tier_shape::pooled);
  const std::vector<submeter::power> flat(
      8760, submeter::power::parse("114.1552511", submeter::rounding::half_even));
  const auto cost = urdb_demand_cost(rate, 2017, flat);
  EXPECT_LE((cost - exact_money::parse("9238.36")).abs(), exact_money::parse("1"));
  // Ours: each month's line 64.1553 kW × 12 = 769.8636 is charged to the fen (769.86), × 12.
  EXPECT_EQ(cost, exact_money::parse("9238.32"));
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
