#include "submeter/metering/reading_series.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace {

using submeter::energy;
using submeter::errc;
using submeter::error;
using submeter::parse_local_time;
using submeter::metering::meter;
using submeter::metering::reading_series;
using submeter::metering::register_reading;

register_reading series_reading(const char* time, const char* total) {
  register_reading r;
  r.time = parse_local_time(time);
  r.total = energy::parse(total);
  return r;
}

TEST(ReadingSeries, FindsLastReadingAtOrBeforeWithinTolerance) {
  const auto s =
      reading_series::make(meter::make("M-01"), {series_reading("2026-06-30T23:45", "10"),
                                                 series_reading("2026-07-15T00:00", "20"),
                                                 series_reading("2026-08-01T00:00", "30")});
  const std::chrono::seconds day{86400};
  const auto start = s.at_or_before(parse_local_time("2026-07-01T00:00"), day);
  ASSERT_TRUE(start.has_value());
  EXPECT_EQ(start->total, energy::parse("10"));
  const auto end = s.at_or_before(parse_local_time("2026-08-01T00:00"), day);
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->total, energy::parse("30"));
  // The 07-15 reading is more than a day before 07-20: not a reading "at" 07-20.
  EXPECT_FALSE(s.at_or_before(parse_local_time("2026-07-20T00:00"), day).has_value());
  EXPECT_FALSE(s.at_or_before(parse_local_time("2026-06-30T00:00"), day).has_value());
}

TEST(ReadingSeries, RefusesOutOfOrderWithIndex) {
  try {
    (void)reading_series::make(meter::make("M-02"), {series_reading("2026-07-15T00:00", "10"),
                                                     series_reading("2026-07-01T00:00", "5")});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::out_of_order);
    EXPECT_EQ(e.context_value("index"), "1");
    EXPECT_EQ(e.context_value("meter"), "M-02");
  }
}

TEST(ReadingSeries, RefusesDuplicateTimeAndBackwards) {
  try {
    (void)reading_series::make(meter::make("M-03"), {series_reading("2026-07-01T00:00", "10"),
                                                     series_reading("2026-07-01T00:00", "10")});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::duplicate);
  }
  try {
    (void)reading_series::make(meter::make("M-04"), {series_reading("2026-07-01T00:00", "10"),
                                                     series_reading("2026-07-02T00:00", "11"),
                                                     series_reading("2026-07-03T00:00", "9")});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("index"), "2");
  }
}

TEST(ReadingSeries, RefusesNegativeRegistersWithIndex) {
  // issue 16 #20: a cumulative register counts up from zero: -100 then -50 is not 50 kWh.
  try {
    (void)reading_series::make(meter::make("M-05"), {series_reading("2026-07-01T00:00", "-100"),
                                                     series_reading("2026-08-01T00:00", "-50")});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.context_value("index"), "0");
    EXPECT_EQ(e.context_value("register"), "total");
  }
  auto r = series_reading("2026-07-02T00:00", "5");
  r.rates[1] = energy::parse("-1");
  try {
    (void)reading_series::make(meter::make("M-06"), {series_reading("2026-07-01T00:00", "1"), r});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.context_value("index"), "1");
    EXPECT_EQ(e.context_value("register"), submeter::metering::register_name(2));
  }
}

TEST(ReadingSeries, AUsageBeyondTheEnergyTypeIsBadInputNotOverflow) {
  // issue 16 #14: register difference x multiplier beyond 9.2e14 kWh threw std::overflow_error.
  try {
    (void)reading_series::make(meter::make("M-07", submeter::ratio::from_integer(1000000)),
                               {series_reading("2026-07-01T00:00", "0"),
                                series_reading("2026-08-01T00:00", "9999999999")});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.context_value("index"), "1");
    EXPECT_EQ(e.context_value("meter"), "M-07");
  }
}

}  // namespace
