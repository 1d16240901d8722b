#include "submeter/metering/register_reading.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using submeter::energy;
using submeter::errc;
using submeter::error;
using submeter::parse_local_time;
using submeter::ratio;
using submeter::rounding;
using submeter::metering::meter;
using submeter::metering::register_name;
using submeter::metering::register_reading;
using submeter::metering::usage;

register_reading reading(const char* time, const char* total, const char* t1 = nullptr,
                         const char* t2 = nullptr) {
  register_reading r;
  r.time = parse_local_time(time);
  r.total = energy::parse(total);
  if (t1 != nullptr) r.rates[0] = energy::parse(t1);
  if (t2 != nullptr) r.rates[1] = energy::parse(t2);
  return r;
}

TEST(RegisterReading, RegisterNamesFollowTou4) {
  EXPECT_EQ(register_name(0), "total");
  EXPECT_EQ(register_name(1), "sharp");
  EXPECT_EQ(register_name(2), "peak");
  EXPECT_EQ(register_name(3), "flat");
  EXPECT_EQ(register_name(4), "valley");
  EXPECT_EQ(register_name(5), "deep_valley");
  EXPECT_EQ(register_name(6), "rate6");
  EXPECT_EQ(register_name(8), "rate8");
}

TEST(RegisterReading, RateOutOfRangeIsAbsent) {
  const auto r = reading("2026-07-01T00:00", "10", "3");
  EXPECT_EQ(r.rate(1), energy::parse("3"));
  EXPECT_FALSE(r.rate(2).has_value());
  EXPECT_FALSE(r.rate(0).has_value());
  EXPECT_FALSE(r.rate(9).has_value());
}

TEST(RegisterUsage, DifferencePerRegisterTimesMultiplier) {
  const auto m = meter::make("M-01", ratio::from_integer(40));
  const auto u = usage(m, reading("2026-07-01T00:00", "100.25", "10.5", "20"),
                       reading("2026-08-01T00:00", "130.5", "12.75", "29.5"), rounding::half_up);
  EXPECT_EQ(u.meter_id, "M-01");
  EXPECT_EQ(u.total, energy::parse("1210"));   // 30.25 × 40
  EXPECT_EQ(u.rate(1), energy::parse("90"));   // 2.25 × 40
  EXPECT_EQ(u.rate(2), energy::parse("380"));  // 9.5 × 40
  EXPECT_FALSE(u.rate(3).has_value());
  EXPECT_EQ(u.window().length(), std::chrono::hours(24 * 31));
}

TEST(RegisterUsage, FractionalMultiplierRoundsByPolicy) {
  // 0.0001 × 1.5 = 0.00015 kWh: half_up gives 0.0002, toward_zero 0.0001.
  const auto m = meter::make("M-02", ratio::parse("1.5"));
  const auto a = reading("2026-07-01T00:00", "1.0000");
  const auto b = reading("2026-07-02T00:00", "1.0001");
  EXPECT_EQ(usage(m, a, b, rounding::half_up).total, energy::parse("0.0002"));
  EXPECT_EQ(usage(m, a, b, rounding::toward_zero).total, energy::parse("0.0001"));
}

TEST(RegisterUsage, ZeroUsageIsAllowed) {
  const auto m = meter::make("M-03");
  const auto u = usage(m, reading("2026-07-01T00:00", "5"), reading("2026-07-02T00:00", "5"),
                       rounding::half_up);
  EXPECT_TRUE(u.total.is_zero());
}

TEST(RegisterUsage, BackwardsTotalNamesMeterTimesAndValues) {
  const auto m = meter::make("M-07");
  try {
    (void)usage(m, reading("2026-07-01T00:00", "1234.5"), reading("2026-08-01T00:00", "1200"),
                rounding::half_up);
    FAIL() << "a backwards reading was accepted";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("meter"), "M-07");
    EXPECT_EQ(e.context_value("register"), "total");
    EXPECT_EQ(e.context_value("from_time"), "2026-07-01T00:00:00");
    EXPECT_EQ(e.context_value("to_time"), "2026-08-01T00:00:00");
    EXPECT_EQ(e.context_value("from_value"), "1234.50");
    EXPECT_EQ(e.context_value("to_value"), "1200.00");
  }
}

TEST(RegisterUsage, BackwardsRateRegisterIsRefused) {
  const auto m = meter::make("M-08");
  try {
    (void)usage(m, reading("2026-07-01T00:00", "10", "1", "5"),
                reading("2026-08-01T00:00", "20", "2", "4.9"), rounding::half_up);
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("register"), "peak");
  }
}

TEST(RegisterUsage, OutOfOrderAndEqualTimesAreRefused) {
  const auto m = meter::make("M-09");
  const auto a = reading("2026-07-01T00:00", "10");
  const auto b = reading("2026-08-01T00:00", "20");
  try {
    (void)usage(m, b, a, rounding::half_up);
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::out_of_order);
    EXPECT_EQ(e.context_value("meter"), "M-09");
  }
  EXPECT_THROW((void)usage(m, a, a, rounding::half_up), error);
}

TEST(RegisterUsage, RegisterPresentInOneReadingOnlyIsRefused) {
  const auto m = meter::make("M-10");
  try {
    (void)usage(m, reading("2026-07-01T00:00", "10", "1"), reading("2026-08-01T00:00", "20"),
                rounding::half_up);
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("register"), "sharp");
  }
}

}  // namespace
