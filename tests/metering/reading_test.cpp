// Tests of include/submeter/metering/reading.hpp: the names of qualities and sources round-trip,
// register values group into readings and back, and what cannot be one reading is refused.
#include "submeter/metering/reading.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/error_of.hpp"

namespace submeter::metering {
namespace {

using submeter::test_support::error_of;

register_value value(const char* meter, int reg, const char* time, const char* kwh,
                     reading_quality q = reading_quality::actual,
                     reading_source s = reading_source::acrel_gateway) {
  return {meter, reg, parse_local_time(time), std::nullopt, energy::parse(kwh), s, q};
}

TEST(reading_names, round_trip) {
  for (int i = 0; i <= static_cast<int>(reading_quality::substituted); ++i) {
    const auto q = static_cast<reading_quality>(i);
    EXPECT_EQ(parse_reading_quality(to_string(q)), q);
  }
  for (int i = 0; i <= static_cast<int>(reading_source::vee_estimate); ++i) {
    const auto s = static_cast<reading_source>(i);
    EXPECT_EQ(parse_reading_source(to_string(s)), s);
  }
  EXPECT_EQ(to_string(reading_quality::estimated), "estimated");
  EXPECT_EQ(to_string(reading_source::acrel_gateway), "acrel_gateway");
  EXPECT_FALSE(parse_reading_quality("Actual").has_value());
  EXPECT_FALSE(parse_reading_source("").has_value());
}

TEST(group_readings, puts_registers_of_one_meter_and_time_together_in_order) {
  auto late = value("M-2", 0, "2026-07-01T01:00", "20.5");
  late.received = parse_local_time("2026-07-03T08:00");
  const auto rs = group_readings({
      value("M-1", 2, "2026-07-01T01:00", "3.25"),
      late,
      value("M-1", 0, "2026-07-01T01:00", "10.00", reading_quality::estimated),
      value("M-1", 0, "2026-07-01T00:00", "9.00"),
      value("M-1", 1, "2026-07-01T01:00", "4.00"),
  });
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].meter_id, "M-1");
  EXPECT_EQ(rs[0].time(), parse_local_time("2026-07-01T00:00"));
  EXPECT_EQ(rs[0].registers.total, energy::parse("9"));
  EXPECT_EQ(rs[0].quality, reading_quality::actual);
  EXPECT_EQ(rs[1].registers.total, energy::parse("10"));
  EXPECT_EQ(rs[1].registers.rate(1), energy::parse("4"));
  EXPECT_EQ(rs[1].registers.rate(2), energy::parse("3.25"));
  EXPECT_FALSE(rs[1].registers.rate(3).has_value());
  // The worst quality of the registers is the reading's.
  EXPECT_EQ(rs[1].quality, reading_quality::estimated);
  EXPECT_EQ(rs[2].meter_id, "M-2");
  EXPECT_EQ(rs[2].received, parse_local_time("2026-07-03T08:00"));
  EXPECT_EQ(rs[2].source, reading_source::acrel_gateway);
}

TEST(group_readings, a_register_sent_twice_with_one_value_is_one_value) {
  const auto rs = group_readings(
      {value("M-1", 0, "2026-07-01T00:00", "9.00"), value("M-1", 0, "2026-07-01T00:00", "9.0000")});
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].registers.total, energy::parse("9"));
}

TEST(group_readings, round_trips_through_register_values) {
  const auto rs = group_readings(
      {value("M-1", 0, "2026-07-01T00:00", "9.00"), value("M-1", 4, "2026-07-01T00:00", "1.50")});
  ASSERT_EQ(rs.size(), 1u);
  const auto rows = register_values(rs[0]);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].register_number, 0);
  EXPECT_EQ(rows[1].register_number, 4);
  EXPECT_EQ(rows[1].value, energy::parse("1.5"));
  const auto again = group_readings(rows);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].registers.rate(4), energy::parse("1.5"));
  EXPECT_EQ(again[0].registers.total, rs[0].registers.total);
}

TEST(group_readings, refuses_what_cannot_be_one_reading) {
  const auto twice = error_of([] {
    (void)group_readings(
        {value("M-1", 0, "2026-07-01T00:00", "9.00"), value("M-1", 0, "2026-07-01T00:00", "9.01")});
  });
  EXPECT_EQ(twice.code(), errc::inconsistent);
  EXPECT_NE(std::string(twice.what()).find("9.0100"), std::string::npos) << twice.what();
  EXPECT_EQ(
      error_of([] { (void)group_readings({value("M-1", 9, "2026-07-01T00:00", "1")}); }).code(),
      errc::invalid_argument);
  EXPECT_EQ(
      error_of([] { (void)group_readings({value("M-1", -1, "2026-07-01T00:00", "1")}); }).code(),
      errc::invalid_argument);
  EXPECT_EQ(
      error_of([] { (void)group_readings({value("M-1", 1, "2026-07-01T00:00", "1")}); }).code(),
      errc::inconsistent);
  EXPECT_EQ(error_of([] {
              (void)group_readings({value("M-1", 0, "2026-07-01T00:00", "1"),
                                    value("M-1", 1, "2026-07-01T00:00", "1",
                                          reading_quality::actual, reading_source::file)});
            }).code(),
            errc::inconsistent);
}

TEST(group_readings, nothing_in_nothing_out) { EXPECT_TRUE(group_readings({}).empty()); }

}  // namespace
}  // namespace submeter::metering
