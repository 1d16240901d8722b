// site::run_site: the whole-site run as a sequence of steps, its options, and a tenant that moved
// out before the period. (v1-small's figures, worked by hand, are in tests/io/site_v1_test.cpp.)
#include "submeter/site/run.hpp"

#include <gtest/gtest.h>

#include <chrono>
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
using submeter::site::run_options;
using submeter::site::run_site;
using submeter::site::tenant_bill;
using submeter::test_support::good_readings;
using submeter::test_support::sample;
using submeter::test_support::v1_small;

const tenant_bill* bill_of(const std::vector<tenant_bill>& bills, const std::string& tenant) {
  for (const auto& b : bills) {
    if (b.tenant_id == tenant) return &b;
  }
  return nullptr;
}

money component_sum(const tenant_bill& b, submeter::bill::component c) {
  money sum;
  for (const auto& l : b.lines) {
    if (l.component == c) sum += submeter::rescale<money>(l.amount, submeter::rounding::half_up);
  }
  return sum;
}

TEST(RunSite, BillsEveryTenantFromReadingsAtTheBounds) {
  const auto s = sample(good_readings());
  const auto bills = run_site(s, billing_period::parse("2026-07")).bills;
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

TEST(RunSite, RefusesAPeriodWithoutReadingsAtItsBounds) {
  const auto s = sample(good_readings());
  try {
    (void)run_site(s, billing_period::parse("2026-06"));
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::not_found);
    EXPECT_EQ(e.context_value("bound"), "start");
    EXPECT_EQ(e.context_value("meter"), "M-1");
    EXPECT_EQ(e.context_value("time"), "2026-06-01T00:00:00");
  }
}

// Issue 16 item 13: T-A of v1-small moved out on 2026-06-15. July is billed for the others, with
// a warning naming T-A; before, the whole run failed ("no meter of the tenant was in service").
TEST(RunSite, ATenantWhoMovedOutBeforeThePeriodIsNotBilled) {
  const auto july = billing_period::parse("2026-07");
  const auto before = run_site(v1_small(), july);
  auto parts = v1_small().parts();
  ASSERT_EQ(parts.tenants[0].id, "T-A");
  parts.tenants[0].move_out = parse_local_time("2026-06-15T00:00");
  const auto run = run_site(submeter::site::site::make(parts), july);
  EXPECT_EQ(run.bills.size(), before.bills.size() - 1);
  EXPECT_EQ(bill_of(run.bills, "T-A"), nullptr);
  EXPECT_EQ(run.report.summary.bills, run.bills.size());
  ASSERT_FALSE(run.report.warnings.empty());
  EXPECT_EQ(run.report.warnings[0].code, "tenant_moved_out");
  EXPECT_EQ(run.report.warnings[0].context_value("tenant"), "T-A");
  EXPECT_EQ(run.report.warnings[0].context_value("move_out"), "2026-06-15T00:00:00");
  // The others' metered lines are as before; T-A's kWh are no longer a tenant's.
  for (const auto& b : run.bills) {
    const auto* was = bill_of(before.bills, b.tenant_id);
    ASSERT_NE(was, nullptr);
    EXPECT_EQ(component_sum(b, submeter::bill::component::energy),
              component_sum(*was, submeter::bill::component::energy))
        << b.tenant_id;
  }
  EXPECT_EQ(run.report.summary.tenant_kwh + bill_of(before.bills, "T-A")->usages[0].total,
            before.report.summary.tenant_kwh);
  // The common area (by area, among the tenants billed) is shared, all of it, without T-A.
  const auto common = [](const std::vector<tenant_bill>& bills) {
    money sum;
    for (const auto& b : bills) sum += component_sum(b, submeter::bill::component::common_area);
    return sum;
  };
  EXPECT_EQ(common(run.bills), common(before.bills));
  EXPECT_GT(component_sum(*bill_of(run.bills, "T-B"), submeter::bill::component::common_area),
            component_sum(*bill_of(before.bills, "T-B"), submeter::bill::component::common_area));
}

// T-B moved out at the end of June: not billed in July, but the June correction of its tariff
// (b2026-06-corr, published 07-10) is due to it: a warning says so, with the amount July's bill
// would have carried.
TEST(RunSite, AnAdjustmentDueToATenantWhoMovedOutIsReported) {
  const auto july = billing_period::parse("2026-07");
  const auto before = run_site(v1_small(), july);
  auto parts = v1_small().parts();
  ASSERT_EQ(parts.tenants[1].id, "T-B");
  parts.tenants[1].move_out = parse_local_time("2026-07-01T00:00");
  const auto run = run_site(submeter::site::site::make(parts), july);
  EXPECT_EQ(bill_of(run.bills, "T-B"), nullptr);
  const auto due =
      component_sum(*bill_of(before.bills, "T-B"), submeter::bill::component::adjustment);
  ASSERT_FALSE(due.is_zero());
  bool found = false;
  for (const auto& w : run.report.warnings) {
    if (w.code != "moved_out_adjustment") continue;
    found = true;
    EXPECT_EQ(w.context_value("tenant"), "T-B");
    EXPECT_EQ(w.context_value("amount"), due.to_string(2));
  }
  EXPECT_TRUE(found);
}

// The defaults are today's policy; each option changes only what it names.
TEST(RunSite, Options) {
  const auto july = billing_period::parse("2026-07");
  const auto& s = v1_small();
  const auto by_default = run_site(s, july);
  const auto same = run_site(s, july, run_options{});
  ASSERT_EQ(same.bills.size(), by_default.bills.size());
  for (std::size_t i = 0; i < same.bills.size(); ++i) {
    EXPECT_EQ(same.bills[i].total, by_default.bills[i].total);
  }
  // 15-minute blocks: T-F's demand charge is 240.00 (tests/io/site_v1_test.cpp); over hourly
  // blocks its peak is averaged down.
  const auto demand_of = [](const submeter::site::site_run& r) {
    return component_sum(*bill_of(r.bills, "T-F"), submeter::bill::component::demand);
  };
  EXPECT_EQ(demand_of(by_default), money::parse("240.00"));
  run_options hourly;
  hourly.demand_window = submeter::metering::demand_window::block(std::chrono::minutes{60});
  EXPECT_LE(demand_of(run_site(s, july, hourly)), demand_of(by_default));
  // History: none asked, none shown; the counters the run posts are 1, 2, … either way.
  run_options no_history;
  no_history.history_months = 0;
  for (const auto& b : run_site(s, july, no_history).bills) EXPECT_TRUE(b.history.empty());
  EXPECT_FALSE(bill_of(by_default.bills, "T-A")->history.empty());
  run_options strict;
  strict.counter_policy = submeter::ledger::counter_policy::strict_next;
  EXPECT_EQ(bill_of(run_site(s, july, strict).bills, "T-A")->account->balance,
            bill_of(by_default.bills, "T-A")->account->balance);
  run_options negative;
  negative.history_months = -1;
  EXPECT_EQ(submeter::test_support::error_of([&] { (void)run_site(s, july, negative); }).code(),
            errc::invalid_argument);
  // Progress: once per bill.
  std::vector<std::size_t> seen;
  (void)run_site(s, july, {}, [&](std::size_t n) { seen.push_back(n); });
  ASSERT_EQ(seen.size(), by_default.bills.size());
  EXPECT_EQ(seen.back(), by_default.bills.size());
}

}  // namespace
