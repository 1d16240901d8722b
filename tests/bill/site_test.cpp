#include "submeter/bill/site.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>
#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::error;
using submeter::money;
using submeter::parse_local_time;
using submeter::ratio;
using submeter::bill::bill_site;
using submeter::bill::billing_period;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::bill::site;
using submeter::bill::tenant;
using submeter::metering::meter;
using submeter::metering::reading_series;
using submeter::metering::register_reading;
using submeter::tariff::register_tariff;

register_reading reading(const char* time, const char* total, std::vector<const char*> rates = {}) {
  register_reading r;
  r.time = parse_local_time(time);
  r.total = energy::parse(total);
  for (std::size_t i = 0; i < rates.size(); ++i) r.rates[i] = energy::parse(rates[i]);
  return r;
}

site sample(std::vector<reading_series> readings) {
  return site::make(
      "Park", "CNY", rounding_rule{},
      {register_tariff::flat("flat", energy_price::parse("0.7")),
       register_tariff::tou("tou", {{1, energy_price::parse("1.35")},
                                    {2, energy_price::parse("1.08")},
                                    {3, energy_price::parse("0.60")},
                                    {4, energy_price::parse("0.24")}})},
      {meter::make("M-1"), meter::make("M-2", ratio::from_integer(40)), meter::make("M-3")},
      {tenant{"T-1", "Noodle bar", "flat", {"M-1", "M-3"}},
       tenant{"T-2", "Workshop", "tou", {"M-2"}}},
      std::move(readings));
}

std::vector<reading_series> good_readings() {
  return {
      reading_series::make(meter::make("M-1"),
                           {reading("2026-06-30T23:45", "100"), reading("2026-07-15T00:00", "150"),
                            reading("2026-08-01T00:00", "200.01")}),
      reading_series::make(meter::make("M-2", ratio::from_integer(40)),
                           {reading("2026-07-01T00:00", "50", {"5", "15", "10", "20"}),
                            reading("2026-08-01T00:00", "60.5", {"6", "18", "12.5", "24"})}),
      reading_series::make(meter::make("M-3"),
                           {reading("2026-07-01T00:00", "0"), reading("2026-07-31T23:00", "0.99")}),
  };
}

TEST(Site, BillsEveryTenantFromReadingsAtTheBounds) {
  const auto s = sample(good_readings());
  const auto bills = bill_site(s, billing_period::parse("2026-07"));
  ASSERT_EQ(bills.size(), 2u);
  // T-1: M-1 100 → 200.01 = 100.01 kWh × 0.7 = 70.007 → 70.01; M-3 0.99 × 0.7 = 0.693 → 0.69.
  const auto& t1 = bills[0];
  EXPECT_EQ(t1.tenant_id, "T-1");
  ASSERT_EQ(t1.lines.size(), 2u);
  EXPECT_EQ(t1.lines[0].amount, exact_money::parse("70.01"));
  EXPECT_EQ(t1.lines[1].amount, exact_money::parse("0.69"));
  EXPECT_EQ(t1.total, money::parse("70.70"));
  EXPECT_EQ(t1.usages[0].from.time, parse_local_time("2026-06-30T23:45"));
  // T-2 (×40): sharp 1 × 40 × 1.35 = 54; peak 3 × 40 × 1.08 = 129.6; flat 2.5 × 40 × 0.6 = 60;
  // valley 4 × 40 × 0.24 = 38.4; total 282.00.
  const auto& t2 = bills[1];
  ASSERT_EQ(t2.lines.size(), 4u);
  EXPECT_EQ(t2.lines[1].quantity, submeter::bill::line_quantity::parse("120"));
  EXPECT_EQ(t2.total, money::parse("282"));
  EXPECT_EQ(t2.usages[0].total, energy::parse("420"));  // shown, not billed
}

TEST(Site, RefusesAPeriodWithoutReadingsAtItsBounds) {
  const auto s = sample(good_readings());
  try {
    (void)bill_site(s, billing_period::parse("2026-06"));
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::not_found);
    EXPECT_EQ(e.context_value("bound"), "start");
    EXPECT_EQ(e.context_value("meter"), "M-1");
    EXPECT_EQ(e.context_value("time"), "2026-06-01T00:00:00");
  }
}

TEST(Site, RefusesBadReferences) {
  auto code_of = [](auto&& f) { return submeter::test_support::error_of(f).code(); };
  const auto tariffs =
      std::vector<register_tariff>{register_tariff::flat("f", energy_price::parse("1"))};
  const auto meters = std::vector<meter>{meter::make("M-1"), meter::make("M-2")};
  EXPECT_EQ(
      code_of([&] {
        (void)site::make("s", "CNY", {}, tariffs, meters, {tenant{"T", "t", "nope", {"M-1"}}}, {});
      }),
      errc::not_found);
  EXPECT_EQ(
      code_of([&] {
        (void)site::make("s", "CNY", {}, tariffs, meters, {tenant{"T", "t", "f", {"M-9"}}}, {});
      }),
      errc::not_found);
  EXPECT_EQ(code_of([&] {
              (void)site::make("s", "CNY", {}, tariffs, meters,
                               {tenant{"A", "a", "f", {"M-1"}}, tenant{"B", "b", "f", {"M-1"}}},
                               {});
            }),
            errc::inconsistent);
  EXPECT_EQ(code_of([&] {
              (void)site::make("s", "CNY", {}, tariffs, meters,
                               {tenant{"A", "a", "f", {"M-1"}}, tenant{"A", "b", "f", {"M-2"}}},
                               {});
            }),
            errc::duplicate);
  EXPECT_EQ(
      code_of([&] {
        (void)site::make("s", "CNY", {}, tariffs, {meter::make("M-1"), meter::make("M-1")}, {}, {});
      }),
      errc::duplicate);
  EXPECT_EQ(code_of([&] {
              (void)site::make("s", "CNY", {}, tariffs, meters, {},
                               {reading_series::make(meter::make("X"), {})});
            }),
            errc::not_found);
}

}  // namespace
