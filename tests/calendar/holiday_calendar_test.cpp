// Tests of include/submeter/calendar/holiday_calendar.hpp and the shipped China calendar
// (src/data/calendars/cn.json, read with src/io/calendar_json.hpp).
#include "submeter/calendar/holiday_calendar.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "io/calendar_json.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::calendar;
using date::local_days;
using date::year;

local_days d(int y, unsigned m, unsigned dd) {
  return local_days{year{y} / date::month{m} / date::day{dd}};
}

holiday_calendar china() {
  std::ifstream in(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json");
  return io::calendar_from_json(nlohmann::json::parse(in));
}

TEST(HolidayCalendar, EntriesOverrideTheWeekday) {
  const auto c = holiday_calendar::make("test", {2026},
                                        {{d(2026, 10, 1), day_kind::holiday, "国庆节"},
                                         {d(2026, 10, 10), day_kind::swapped_workday, "国庆节"}});
  EXPECT_EQ(c.kind_of(d(2026, 10, 1)), day_kind::holiday);           // a Thursday
  EXPECT_EQ(c.kind_of(d(2026, 10, 10)), day_kind::swapped_workday);  // a Saturday
  EXPECT_EQ(c.kind_of(d(2026, 10, 11)), day_kind::sunday);
  EXPECT_EQ(c.kind_of(d(2026, 10, 12)), day_kind::workday);
  EXPECT_EQ(c.name_of(d(2026, 10, 1)).value_or(""), "国庆节");
  EXPECT_FALSE(c.name_of(d(2026, 10, 12)).has_value());
  EXPECT_TRUE(c.covers(2026));
  EXPECT_FALSE(c.covers(2027));
}

TEST(HolidayCalendar, EmptyCalendarUsesWeekdays) {
  const holiday_calendar c;
  EXPECT_EQ(c.kind_of(d(2026, 10, 1)), day_kind::workday);
  EXPECT_FALSE(c.covers(2026));
}

errc code_of(const std::function<void()>& f) { return submeter::test_support::error_of(f).code(); }

TEST(HolidayCalendar, RefusesBadEntries) {
  EXPECT_EQ(code_of([] {
              (void)holiday_calendar::make("t", {2026},
                                           {{d(2026, 10, 9), day_kind::swapped_workday, "x"}});
            }),
            errc::inconsistent);  // a Friday cannot be a swapped workday
  EXPECT_EQ(code_of([] {
              (void)holiday_calendar::make("t", {2026},
                                           {{d(2026, 10, 1), day_kind::holiday, "a"},
                                            {d(2026, 10, 1), day_kind::holiday, "b"}});
            }),
            errc::duplicate);
  EXPECT_EQ(
      code_of([] {
        (void)holiday_calendar::make("t", {2026}, {{d(2027, 1, 1), day_kind::holiday, "元旦"}});
      }),
      errc::inconsistent);
  EXPECT_EQ(code_of([] {
              (void)holiday_calendar::make("t", {2026}, {{d(2026, 1, 5), day_kind::workday, "x"}});
            }),
            errc::invalid_argument);
  try {
    (void)holiday_calendar::make("cn", {2026},
                                 {{d(2026, 10, 9), day_kind::swapped_workday, "国庆节"}});
  } catch (const error& e) {
    EXPECT_EQ(e.context_value("date"), "2026-10-09");
    EXPECT_EQ(e.context_value("calendar"), "cn");
  }
}

TEST(HolidayCalendar, MergeAddsYearsAndRefusesOverlap) {
  const auto a = holiday_calendar::make("cn", {2025}, {{d(2025, 1, 1), day_kind::holiday, "元旦"}});
  const auto b =
      holiday_calendar::make("cn-2026", {2026}, {{d(2026, 1, 1), day_kind::holiday, "元旦"}});
  const auto ab = holiday_calendar::merge(a, b);
  EXPECT_TRUE(ab.covers(2025));
  EXPECT_TRUE(ab.covers(2026));
  EXPECT_EQ(ab.kind_of(d(2026, 1, 1)), day_kind::holiday);
  EXPECT_EQ(code_of([&] { (void)holiday_calendar::merge(a, a); }), errc::duplicate);
}

// The State Council notices, day by day: days off per year and festival, and the 调休 days.
TEST(ChinaCalendar, MatchesTheStateCouncilNotices) {
  const auto c = china();
  EXPECT_TRUE(c.covers(2024) && c.covers(2025) && c.covers(2026));
  std::map<std::string, int> days_off;
  int swapped = 0;
  for (const auto& e : c.entries()) {
    const int y = static_cast<int>(date::year_month_day{e.day}.year());
    if (e.kind == day_kind::holiday)
      ++days_off[std::to_string(y) + " " + e.name];
    else
      ++swapped;
  }
  // 共N天 in each notice (2024 New Year: only 1 January lies inside 2024).
  EXPECT_EQ(days_off["2024 春节"], 8);
  EXPECT_EQ(days_off["2024 国庆节"], 7);
  EXPECT_EQ(days_off["2025 春节"], 8);
  EXPECT_EQ(days_off["2025 国庆节"], 8);  // 国庆节、中秋节 merged
  EXPECT_EQ(days_off["2026 元旦"], 3);
  EXPECT_EQ(days_off["2026 春节"], 9);
  EXPECT_EQ(days_off["2026 劳动节"], 5);
  EXPECT_EQ(swapped, 19);
  // Spot checks against the notices' text.
  EXPECT_EQ(c.kind_of(d(2026, 2, 14)), day_kind::swapped_workday);  // 2月14日(周六)上班
  EXPECT_EQ(c.kind_of(d(2026, 2, 15)), day_kind::holiday);          // 春节 starts, a Sunday
  EXPECT_EQ(c.kind_of(d(2026, 2, 23)), day_kind::holiday);          // a Monday off
  EXPECT_EQ(c.kind_of(d(2026, 2, 24)), day_kind::workday);
  EXPECT_EQ(c.kind_of(d(2026, 2, 28)), day_kind::swapped_workday);
  EXPECT_EQ(c.kind_of(d(2025, 10, 8)), day_kind::holiday);
  EXPECT_EQ(c.kind_of(d(2025, 10, 11)), day_kind::swapped_workday);
  EXPECT_EQ(c.kind_of(d(2024, 6, 10)), day_kind::holiday);  // 端午 "6月10日放假，与周末连休"
  EXPECT_EQ(c.kind_of(d(2024, 5, 11)), day_kind::swapped_workday);
  EXPECT_EQ(c.name_of(d(2026, 10, 10)).value_or(""), "国庆节");
  EXPECT_EQ(c.kind_of(d(2026, 7, 4)), day_kind::saturday);  // an ordinary weekend
}

TEST(ChinaCalendar, FileErrorsNameThePath) {
  auto doc = nlohmann::json::parse(R"({"format":"submeter-calendar-v1","name":"x","years":[2026],
    "holidays":[{"name":"元旦","from":"2026-01-01","to":"2026-13-01"}]})");
  try {
    (void)io::calendar_from_json(doc);
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.context_value("path"), "$.holidays[0].to");
  }
  doc = nlohmann::json::parse(R"({"format":"submeter-calendar-v1","years":[2026]})");
  EXPECT_THROW((void)io::calendar_from_json(doc), error);
  doc = nlohmann::json::parse(R"({"format":"v0","name":"x","years":[2026]})");
  EXPECT_EQ(code_of([&] { (void)io::calendar_from_json(doc); }), errc::unsupported);
  doc = nlohmann::json::parse(R"({"format":"submeter-calendar-v1","name":"x","years":[2026],
    "holidays":[{"name":"a","from":"2026-01-03","to":"2026-01-01"}]})");
  EXPECT_EQ(code_of([&] { (void)io::calendar_from_json(doc); }), errc::out_of_order);
}

}  // namespace
