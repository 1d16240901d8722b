#include "submeter/tariff/schedule_matrix.hpp"

#include <gtest/gtest.h>

#include "submeter/calendar/holiday_calendar.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::calendar::calendar_entry;
using submeter::calendar::day_kind;
using submeter::calendar::holiday_calendar;
using submeter::tariff::month_hour_matrix;
using submeter::tariff::schedule_from_matrices;

month_hour_matrix filled(int p) {
  month_hour_matrix m{};
  for (auto& row : m) row.fill(p);
  return m;
}

date::local_days day(int y, unsigned m, unsigned d) {
  return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

TEST(ScheduleMatrix, WeekdayRowsOnWorkdaysWeekendRowsOnRestDays) {
  auto weekday = filled(1);
  for (int h = 15; h < 20; ++h) weekday[6][static_cast<std::size_t>(h)] = 3;  // July 15–20
  const auto s = schedule_from_matrices("t", weekday, filled(1));
  // 2018-07-02 is a Monday; 2018-07-07 a Saturday.
  const holiday_calendar none;
  EXPECT_EQ(s.table_for(day(2018, 7, 2), none).register_at(15 * 60), 3);
  EXPECT_EQ(s.table_for(day(2018, 7, 2), none).register_at(20 * 60), 1);
  EXPECT_EQ(s.table_for(day(2018, 7, 7), none).register_at(15 * 60), 1);
  EXPECT_EQ(s.table_for(day(2018, 8, 1), none).register_at(15 * 60), 1);
  // A holiday takes the weekend row; a swapped workday (调休) the weekday row.
  const auto cn = holiday_calendar::make("t", {2018},
                                         {{day(2018, 7, 3), day_kind::holiday, "test"},
                                          {day(2018, 7, 8), day_kind::swapped_workday, "test"}});
  EXPECT_EQ(s.table_for(day(2018, 7, 3), cn).register_at(16 * 60), 1);
  EXPECT_EQ(s.table_for(day(2018, 7, 8), cn).register_at(16 * 60), 3);
  // Identical rows share one day table.
  EXPECT_EQ(s.tables().size(), 2u);
  EXPECT_EQ(s.registers().registers().size(), 2u);
}

TEST(ScheduleMatrix, UrdbPeriodsCountFromZero) {
  const auto s = schedule_from_matrices("urdb", filled(0), filled(2), 0);
  const holiday_calendar none;
  EXPECT_EQ(s.table_for(day(2018, 1, 1), none).register_at(0), 1);
  EXPECT_EQ(s.table_for(day(2018, 1, 6), none).register_at(0), 3);
}

TEST(ScheduleMatrix, RefusesPeriodsBeyondEightRegisters) {
  auto weekday = filled(1);
  weekday[2][5] = 9;
  const auto e = submeter::test_support::error_of(
      [&] { (void)schedule_from_matrices("big", weekday, filled(1)); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("month"), "3");
  EXPECT_EQ(e.context_value("hour"), "5");
  EXPECT_EQ(e.context_value("period"), "9");
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)schedule_from_matrices("neg", filled(0), filled(1));
            }).code(),
            errc::invalid_argument);
}

}  // namespace
