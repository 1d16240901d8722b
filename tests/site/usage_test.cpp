// site::usage_bill and site::usage_of: each tenant's meters read at the bounds of the period and
// rated; the tenants' kWh and m³; the earlier months a bill shows.
#include "submeter/site/usage.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sample.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::errc;
using submeter::error;
using submeter::money;
using submeter::parse_local_time;
using submeter::bill::billing_period;
using submeter::bill::exact_money;
using submeter::test_support::good_readings;
using submeter::test_support::sample;

// T-1: M-1 100 → 200.01 = 100.01 kWh × 0.7 = 70.007 → 70.01; M-3 0.99 × 0.7 = 0.693 → 0.69.
TEST(UsageBill, OneTenantFromReadingsAtTheBounds) {
  const auto s = sample(good_readings());
  const auto b = submeter::site::usage_bill(s, s.tenants()[0], billing_period::parse("2026-07"));
  EXPECT_EQ(b.tenant_id, "T-1");
  ASSERT_EQ(b.lines.size(), 2u);
  EXPECT_EQ(b.lines[0].amount, exact_money::parse("70.01"));
  EXPECT_EQ(b.lines[1].amount, exact_money::parse("0.69"));
  EXPECT_EQ(b.total, money::parse("70.70"));
  EXPECT_EQ(b.usages[0].from.time, parse_local_time("2026-06-30T23:45"));
}

TEST(UsageBill, RefusesAPeriodWithoutReadingsAtItsBounds) {
  const auto s = sample(good_readings());
  const auto e = submeter::test_support::error_of([&] {
    (void)submeter::site::usage_bill(s, s.tenants()[0], billing_period::parse("2026-06"));
  });
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.context_value("bound"), "start");
  EXPECT_EQ(e.context_value("meter"), "M-1");
  EXPECT_EQ(e.context_value("time"), "2026-06-01T00:00:00");
}

// Every tenant, in the site's order, with the site's kWh.
TEST(UsageOf, EveryTenantAndTheTotals) {
  const auto s = sample(good_readings());
  const auto u = submeter::site::usage_of(s, billing_period::parse("2026-07"));
  ASSERT_EQ(u.tenants.size(), 2u);
  EXPECT_EQ(u.tenants[1].tenant_index, 1u);
  EXPECT_EQ(u.tenants[0].kwh, energy::parse("101"));  // 100.01 + 0.99
  EXPECT_EQ(u.tenants[1].kwh, energy::parse("420"));  // 10.5 × 40
  EXPECT_EQ(u.tenant_kwh, energy::parse("521"));
  EXPECT_EQ(u.find("T-2"), &u.tenants[1]);
  EXPECT_EQ(u.find("T-9"), nullptr);
  EXPECT_TRUE(u.warnings.empty());
  EXPECT_EQ(submeter::site::electricity_tenants(s, u), (std::vector<std::string>{"T-1", "T-2"}));
}

// A tenant who moved out before the period (or at its first instant) is not billed: a warning
// names it, instead of "no meter of the tenant was in service" refusing the whole site.
TEST(UsageOf, SkipsATenantWhoMovedOutBefore) {
  for (const char* when : {"2026-06-15T00:00", "2026-07-01T00:00"}) {
    auto parts = sample(good_readings()).parts();
    parts.tenants[0].move_out = parse_local_time(when);
    const auto s = submeter::site::site::make(parts);
    const auto july = billing_period::parse("2026-07");
    const auto u = submeter::site::usage_of(s, july);
    ASSERT_EQ(u.tenants.size(), 1u) << when;
    EXPECT_EQ(u.tenants[0].tenant_index, 1u);
    EXPECT_EQ(u.find("T-1"), nullptr);
    EXPECT_EQ(u.tenant_kwh, energy::parse("420"));
    ASSERT_EQ(u.warnings.size(), 1u);
    EXPECT_EQ(u.warnings[0].code, "tenant_moved_out");
    EXPECT_EQ(u.warnings[0].context_value("tenant"), "T-1");
    // usage_bill itself still refuses such a tenant.
    const auto e = submeter::test_support::error_of(
        [&] { (void)submeter::site::usage_bill(s, s.tenants()[0], july); });
    EXPECT_EQ(e.code(), errc::not_found);
    EXPECT_EQ(e.context_value("tenant"), "T-1");
  }
}

// v1-small's T-A (A1 read on 06-01 and 07-01): one earlier month, then no readings.
TEST(UsageHistory, EarlierMonthsOldestFirst) {
  const auto& s = submeter::test_support::v1_small();
  const auto h =
      submeter::site::usage_history(s, s.tenants()[0], billing_period::parse("2026-07"), 5);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].period, "2026-06");
  EXPECT_EQ(h[0].kwh, energy::parse("600"));
  EXPECT_TRUE(submeter::site::usage_history(s, s.tenants()[0], billing_period::parse("2026-07"), 0)
                  .empty());
}

}  // namespace
