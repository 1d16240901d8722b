// Tests of include/submeter/calendar/season.hpp.
#include "submeter/calendar/season.hpp"

#include <gtest/gtest.h>

namespace {

using namespace submeter;
using namespace submeter::calendar;
using date::local_days;
using date::year;

local_days season_day(int y, unsigned m, unsigned dd) {
  return local_days{year{y} / date::month{m} / date::day{dd}};
}

TEST(SeasonTable, JiangsuSeasonsWrapTheYearEnd) {
  // 苏发改价格发〔2025〕426号: summer/winter Jun–Aug and Dec–Feb; spring/autumn Mar–May, Sep–Nov.
  const auto t = season_table::make({
      {"summer_winter", {month_day_range::months(6, 8), month_day_range::months(12, 2)}},
      {"spring_autumn", {month_day_range::months(3, 5), month_day_range::months(9, 11)}},
  });
  EXPECT_EQ(t.season_of(season_day(2026, 1, 15)), 0u);
  EXPECT_EQ(t.season_of(season_day(2024, 2, 29)), 0u);
  EXPECT_EQ(t.season_of(season_day(2026, 3, 1)), 1u);
  EXPECT_EQ(t.season_of(season_day(2026, 8, 31)), 0u);
  EXPECT_EQ(t.season_of(season_day(2026, 9, 1)), 1u);
  EXPECT_EQ(t.season_of(season_day(2026, 12, 31)), 0u);
  EXPECT_EQ(t.find("spring_autumn"), 1u);
  EXPECT_EQ(t.find("monsoon"), 2u);
}

TEST(SeasonTable, MonthDayRanges) {
  const auto t = season_table::make({
      {"hot", {{{6, 15}, {9, 14}}}},
      {"rest", {{{9, 15}, {6, 14}}}},
  });
  EXPECT_EQ(t.season_of(season_day(2026, 6, 14)), 1u);
  EXPECT_EQ(t.season_of(season_day(2026, 6, 15)), 0u);
  EXPECT_EQ(t.season_of(season_day(2026, 9, 14)), 0u);
  EXPECT_EQ(t.season_of(season_day(2026, 9, 15)), 1u);
}

TEST(SeasonTable, DefaultIsOneSeasonAllYear) {
  const season_table t;
  EXPECT_EQ(t.seasons().size(), 1u);
  EXPECT_EQ(t.season_of(season_day(2026, 12, 31)), 0u);
}

TEST(SeasonTable, RefusesGapsOverlapsAndBadInput) {
  try {
    (void)season_table::make(
        {{"summer", {month_day_range::months(6, 8)}},
         {"winter", {{{12, 1}, {2, 28}}}},
         {"other", {month_day_range::months(3, 5), month_day_range::months(9, 11)}}});
    ADD_FAILURE() << "29 February is uncovered";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("day"), "02-29");
  }
  try {
    (void)season_table::make(
        {{"a", {month_day_range::months(1, 7)}}, {"b", {month_day_range::months(7, 12)}}});
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.context_value("day"), "07-01");
    EXPECT_EQ(e.context_value("seasons"), "a, b");
  }
  EXPECT_THROW((void)season_table::make({}), error);
  EXPECT_THROW((void)season_table::make({{"", {month_day_range::months(1, 12)}}}), error);
  EXPECT_THROW((void)season_table::make({{"a", {}}}), error);
  EXPECT_THROW((void)season_table::make({{"a", {{{2, 30}, {3, 1}}}}}), error);
  EXPECT_THROW((void)season_table::make({{"a", {month_day_range::months(1, 6)}},
                                         {"a", {month_day_range::months(7, 12)}}}),
               error);
}

}  // namespace
