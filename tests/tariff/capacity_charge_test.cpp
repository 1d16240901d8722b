// Tests of include/submeter/tariff/capacity_charge.hpp, driven by tests/data/vectors/demand.json ›
// capacity_vectors (TP-2, TP-8).
#include "submeter/tariff/capacity_charge.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/data_json.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using submeter::test_support::error_of;

const nlohmann::json& vectors() { return test_support::data_json("vectors/demand.json"); }

bill::exact_money yuan(const std::string& s) { return bill::exact_money::parse(s); }

TEST(CapacityCharge, EveryCapacityVector) {
  const bill::rounding_rule rule{};
  int checked = 0;
  for (const auto& v : vectors()["capacity_vectors"]) {
    const auto id = v["id"].get<std::string>();
    SCOPED_TRACE(id);
    if (v.contains("capacity_kva")) {
      const auto l =
          capacity_line("M1", power::parse(v["capacity_kva"].get<std::string>()),
                        power_price::parse(v["price_yuan_per_kva_month"].get<std::string>()), rule);
      EXPECT_EQ(l.amount, yuan(v["expected_monthly"].get<std::string>()));
      EXPECT_EQ(l.component, submeter::bill::component::capacity);
      EXPECT_EQ(l.unit, "kVA");
      EXPECT_EQ(l.explanation, "400.00 kVA × 26.00 = 10,400.00");
      ++checked;
      continue;
    }
    const auto monthly = yuan(v["monthly_basic_charge"].get<std::string>());
    if (v.contains("outage_days")) {
      // TP-8: outages do not reduce the basic charge: the month is billed in full (no days).
      const auto l = capacity_line("M1", power::parse("400"), power_price::parse("26"), rule);
      EXPECT_EQ(l.amount, yuan(v["expected"].get<std::string>()));
      ++checked;
      continue;
    }
    // Days from the first and last day billed, both counted in full.
    const auto first = parse_local_time(v["first_day_billed"].get<std::string>() + "T00:00");
    const auto last = parse_local_time(v["last_day_billed"].get<std::string>() + "T00:00");
    const auto ym = v["month"].get<std::string>();
    const auto month_begin = parse_local_time(ym + "-01T00:00");
    const date::year_month_day b{date::floor<date::days>(month_begin)};
    const auto month_end =
        local_time{date::local_days{(b.year() / b.month() + date::months{1}) / 1}};
    // A part day counts in full: service from 22 March 15:30 still bills 22 March.
    const auto days = days_used(
        local_interval::make(month_begin, month_end),
        local_interval::make(first + std::chrono::hours{15}, last + std::chrono::hours{10}));
    EXPECT_EQ(days, v["days_used"].get<std::int64_t>());
    const auto l =
        prorated_basic_charge(submeter::bill::component::capacity, "M1", monthly, days, rule);
    EXPECT_EQ(l.amount, yuan(v["expected"].get<std::string>()));
    // The unrounded amount is the exact value to 1e-10 (expected_exact holds more digits).
    EXPECT_EQ(l.unrounded,
              bill::exact_money::parse(v["expected_exact"].get<std::string>(), rounding::half_up));
    ++checked;
  }
  EXPECT_EQ(checked, 7);
}

TEST(CapacityCharge, PartialMonthThroughCapacityLineStatesTheDays) {
  const auto l =
      capacity_line("M1", power::parse("400"), power_price::parse("26"), bill::rounding_rule{}, 10);
  EXPECT_EQ(l.amount, yuan("3466.67"));
  EXPECT_EQ(l.explanation,
            "400.00 kVA × 26.00 yuan/kVA·month, monthly 10,400.00 × 10/30 days used (TP-8: a part "
            "day counts in full) = 3,466.67");
  // 31 days used: capped at the monthly charge.
  EXPECT_EQ(
      capacity_line("M1", power::parse("400"), power_price::parse("26"), bill::rounding_rule{}, 31)
          .amount,
      yuan("10400"));
}

TEST(CapacityCharge, CapacityInOperationAddsHighVoltageMotors) {
  EXPECT_EQ(
      capacity_in_operation({power::parse("315"), power::parse("400")}, {power::parse("250")}),
      power::parse("965"));
  EXPECT_EQ(error_of([] { (void)capacity_in_operation({power::parse("-1")}); }).code(),
            errc::invalid_argument);
}

TEST(CapacityCharge, RoundsOnceFromTheExactQuotient) {
  // 0.4499999999 / 30 = 0.014999999997 → 0.01; rounding first to 1e-10 (0.0150000000) and then
  // to the fen would give 0.02. Exactly 0.015 goes half-up to 0.02.
  const bill::rounding_rule rule{};
  EXPECT_EQ(prorated_basic_charge(submeter::bill::component::capacity, "M1", yuan("0.4499999999"),
                                  1, rule)
                .amount,
            yuan("0.01"));
  EXPECT_EQ(prorated_basic_charge(submeter::bill::component::capacity, "M1", yuan("0.45"), 1, rule)
                .amount,
            yuan("0.02"));
  EXPECT_EQ(prorated_basic_charge(submeter::bill::component::capacity, "M1", yuan("0.4499999998"),
                                  1, rule)
                .amount,
            yuan("0.01"));
}

TEST(CapacityCharge, RefusesBadInput) {
  const bill::rounding_rule rule{};
  EXPECT_EQ(error_of([&] {
              (void)prorated_basic_charge(submeter::bill::component::capacity, "M1", yuan("100"), 0,
                                          rule);
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([&] {
              (void)capacity_line("M1", power::parse("-400"), power_price::parse("26"), rule);
            }).code(),
            errc::invalid_argument);
  const auto march = local_interval::make(parse_local_time("2024-03-01T00:00"),
                                          parse_local_time("2024-04-01T00:00"));
  const auto may = local_interval::make(parse_local_time("2024-05-01T00:00"),
                                        parse_local_time("2024-05-03T00:00"));
  EXPECT_EQ(error_of([&] { (void)days_used(march, may); }).code(), errc::invalid_argument);
}

// A partial month never exceeds the month, and grows with the days.
RC_GTEST_PROP(CapacityChargeProperty, ProratedNeverAboveTheMonth, ()) {
  const auto m = *rc::gen::inRange<std::int64_t>(0, 1000000000000000);
  const auto days = *rc::gen::inRange<std::int64_t>(1, 40);
  const auto monthly = bill::exact_money::from_mantissa(m);
  const bill::rounding_rule rule{};
  const auto full = round(monthly, 2, rounding::half_up);
  const auto part =
      prorated_basic_charge(submeter::bill::component::capacity, "M", monthly, days, rule).amount;
  RC_ASSERT(part <= full);
  if (days >= 30) RC_ASSERT(part == full);
}

}  // namespace
