// Tests of include/submeter/calendar/day_kind.hpp.
#include "submeter/calendar/day_kind.hpp"

#include <gtest/gtest.h>

namespace {

using namespace submeter::calendar;
using date::local_days;
using date::year;

TEST(DayKind, WeekdayKind) {
  EXPECT_EQ(weekday_kind(local_days{year{2026} / 7 / 1}), day_kind::workday);  // Wednesday
  EXPECT_EQ(weekday_kind(local_days{year{2026} / 7 / 4}), day_kind::saturday);
  EXPECT_EQ(weekday_kind(local_days{year{2026} / 7 / 5}), day_kind::sunday);
  EXPECT_EQ(weekday_kind(local_days{year{2024} / 2 / 29}), day_kind::workday);  // Thursday
}

TEST(DayKind, NamesRoundTripAndRestDays) {
  for (int i = 0; i < day_kind_count; ++i) {
    const auto k = static_cast<day_kind>(i);
    ASSERT_TRUE(parse_day_kind(to_string(k)).has_value());
    EXPECT_EQ(*parse_day_kind(to_string(k)), k);
  }
  EXPECT_FALSE(parse_day_kind("weekend").has_value());
  EXPECT_TRUE(is_rest_day(day_kind::holiday));
  EXPECT_TRUE(is_rest_day(day_kind::saturday));
  EXPECT_FALSE(is_rest_day(day_kind::swapped_workday));
  EXPECT_FALSE(is_rest_day(day_kind::workday));
}

TEST(DayKind, Sets) {
  const day_kind_set rest{day_kind::saturday, day_kind::sunday, day_kind::holiday};
  EXPECT_TRUE(rest.contains(day_kind::sunday));
  EXPECT_FALSE(rest.contains(day_kind::workday));
  EXPECT_TRUE(day_kind_set::all().contains(day_kind::swapped_workday));
  EXPECT_TRUE(day_kind_set{}.empty());
  EXPECT_TRUE(rest.intersects(day_kind_set{day_kind::holiday}));
  EXPECT_FALSE(rest.intersects(day_kind_set{day_kind::workday}));
  day_kind_set s;
  s.insert(day_kind::workday).insert(day_kind::swapped_workday);
  EXPECT_EQ(s, (day_kind_set{day_kind::swapped_workday, day_kind::workday}));
}

}  // namespace
