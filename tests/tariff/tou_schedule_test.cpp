// Tests of include/submeter/tariff/tou_schedule.hpp: selection by season, day kind, flag and
// holiday, overlays, and everything a schedule refuses when built; and the JSON reader's errors.
#include "submeter/tariff/tou_schedule.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "io/tou_json.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using calendar::day_kind;
using date::local_days;

local_days d(int y, unsigned m, unsigned dd) {
  return local_days{date::year{y} / date::month{m} / date::day{dd}};
}
constexpr int h(int hour) { return hour * 60; }

const calendar::holiday_calendar& test_holidays() {
  static const auto c =
      calendar::holiday_calendar::make("t", {2026},
                                       {{d(2026, 10, 1), day_kind::holiday, "国庆节"},
                                        {d(2026, 10, 10), day_kind::swapped_workday, "国庆节"}});
  return c;
}

// Weekday table: peak 8–20, valley otherwise; weekend: all valley; summer weekdays get a sharp
// hour over peak; holidays named 国庆节 get deep valley 0–8 over valley.
tou_schedule sample() {
  auto seasons =
      calendar::season_table::make({{"summer", {calendar::month_day_range::months(6, 9)}},
                                    {"rest", {calendar::month_day_range::months(10, 5)}}});
  std::vector<day_table> tables{day_table::make("weekday", {{2, h(8), h(20)}, {4, h(20), h(8)}}),
                                day_table::make("weekend", {{4, 0, minutes_per_day}}),
                                day_table::make("hot", {{1, h(8), h(20)}, {4, h(20), h(8)}})};
  std::vector<day_rule> rules{
      {{}, {day_kind::workday, day_kind::swapped_workday}, "", "weekday"},
      {{}, {day_kind::saturday, day_kind::sunday, day_kind::holiday}, "", "weekend"},
      {{"summer"}, {day_kind::workday}, "hot_day", "hot"},
  };
  std::vector<overlay_rule> overlays{
      {"sharp", {{1, h(12), h(13)}}, {2, 1}, {7, 8}, {day_kind::workday}, {}, ""},
      {"deep", {{5, 0, h(8)}}, {4}, {}, {}, {"国庆节"}, ""},
  };
  return tou_schedule::make("sample", register_set::conventional(5), std::move(seasons),
                            std::move(tables), std::move(rules), std::move(overlays));
}

TEST(TouSchedule, SelectsByKindSeasonFlagAndHoliday) {
  const auto s = sample();
  const auto& cal = test_holidays();
  EXPECT_EQ(s.table_for(d(2026, 7, 15), cal).minutes_on(1), 60);  // July workday: sharp hour
  EXPECT_EQ(s.table_for(d(2026, 9, 15), cal).minutes_on(1), 0);   // September: no overlay
  EXPECT_EQ(s.table_for(d(2026, 7, 18), cal).minutes_on(4), minutes_per_day);  // Saturday
  EXPECT_EQ(s.table_for(d(2026, 10, 10), cal).minutes_on(2), h(12));  // 调休 Saturday is a workday
  const auto national_day = s.table_for(d(2026, 10, 1), cal);  // holiday: weekend table + deep
  EXPECT_EQ(national_day.minutes_on(5), h(8));
  EXPECT_EQ(national_day.minutes_on(4), h(16));
  const auto hot =
      calendar::day_marks::make({{d(2026, 7, 15), "hot_day"}, {d(2026, 11, 16), "hot_day"}});
  const auto t = s.table_for(d(2026, 7, 15), cal, hot);  // hot table + July sharp overlay
  EXPECT_EQ(t.minutes_on(1), h(12));
  EXPECT_EQ(t.minutes_on(2), 0);
  EXPECT_EQ(s.table_for(d(2026, 11, 16), cal, hot).minutes_on(1),
            0);  // the hot rule is summer-only
}

errc code_and_context(const std::function<void()>& f, const char* key, std::string& value) {
  const auto e = submeter::test_support::error_of(f);
  value = e.context_value(key);
  return e.code();
}

TEST(TouSchedule, RefusesIncompleteOrAmbiguousRules) {
  std::string v;
  auto build = [](std::vector<day_rule> rules, std::vector<overlay_rule> overlays = {}) {
    (void)tou_schedule::make("s", register_set::conventional(5), calendar::season_table{},
                             {day_table::make("a", {{2, h(8), h(20)}, {4, h(20), h(8)}}),
                              day_table::make("b", {{3, 0, minutes_per_day}})},
                             std::move(rules), std::move(overlays));
  };
  EXPECT_EQ(code_and_context(
                [&] {
                  build({{{}, {day_kind::workday}, "", "a"}});
                },
                "day_kind", v),
            errc::inconsistent);
  EXPECT_EQ(v, "saturday");
  EXPECT_EQ(code_and_context(
                [&] {
                  build({{{}, {}, "", "a"}, {{}, {day_kind::sunday}, "", "b"}});
                },
                "day_kind", v),
            errc::inconsistent);
  EXPECT_EQ(v, "sunday");
  EXPECT_EQ(code_and_context([&] { build({{{}, {}, "", "nope"}}); }, "table", v), errc::not_found);
  EXPECT_EQ(v, "nope");
  EXPECT_EQ(code_and_context(
                [&] {
                  build({{{"winter"}, {}, "", "a"}});
                },
                "season", v),
            errc::not_found);
  EXPECT_EQ(code_and_context(
                [&] {
                  build({{{}, {}, "", "a"}, {{}, {}, "x", "b"}, {{}, {}, "x", "a"}});
                },
                "flag", v),
            errc::inconsistent);
  EXPECT_EQ(v, "x");
  // Overlays: a register outside the set, replacing what 'over' forbids, overlapping itself, a bad
  // month.
  EXPECT_EQ(code_and_context(
                [&] {
                  build({{{}, {}, "", "a"}}, {{"o", {{7, 0, 60}}, {}, {}, {}, {}, ""}});
                },
                "register", v),
            errc::not_found);
  EXPECT_EQ(code_and_context(
                [&] {
                  build({{{}, {}, "", "a"}}, {{"o", {{1, h(7), h(9)}}, {2}, {}, {}, {}, ""}});
                },
                "minutes", v),
            errc::inconsistent);
  EXPECT_EQ(v, "07:00-08:00");
  EXPECT_EQ(code_and_context(
                [&] {
                  build({{{}, {}, "", "a"}},
                        {{"o", {{1, h(9), h(11)}, {1, h(10), h(12)}}, {}, {}, {}, {}, ""}});
                },
                "minute", v),
            errc::inconsistent);
  EXPECT_EQ(v, "10:00");
  EXPECT_EQ(code_and_context(
                [&] {
                  build({{{}, {}, "", "a"}}, {{"o", {{1, h(9), h(11)}}, {}, {13}, {}, {}, ""}});
                },
                "month", v),
            errc::invalid_argument);
  // A table using a register the set does not declare.
  EXPECT_EQ(code_and_context(
                [&] {
                  (void)tou_schedule::make(
                      "s", register_set::conventional(3), calendar::season_table{},
                      {day_table::make("a", {{4, 0, minutes_per_day}})}, {{{}, {}, "", "a"}}, {});
                },
                "table", v),
            errc::not_found);
}

TEST(TouJson, ErrorsNameThePath) {
  auto doc = nlohmann::json::parse(
      R"({"format":"submeter-tou-v1","name":"x","registers":{"peak":2,"valley":4},
    "day_tables":{"all":{"peak":[["08:00","20:00"]],"valley":[["20:00","07:00"]]}}})");
  std::string v;
  EXPECT_EQ(code_and_context([&] { (void)io::tou_schedule_from_json(doc); }, "path", v),
            errc::inconsistent);
  EXPECT_EQ(v, "$.day_tables.all");
  doc["day_tables"]["all"]["valley"][0][1] = "7:00";
  EXPECT_EQ(code_and_context([&] { (void)io::tou_schedule_from_json(doc); }, "path", v),
            errc::parse);
  EXPECT_EQ(v, "$.day_tables.all.valley[0][1]");
  doc["day_tables"]["all"]["shoulder"] = nlohmann::json::array();
  doc["day_tables"]["all"]["valley"][0][1] = "08:00";
  EXPECT_EQ(code_and_context([&] { (void)io::tou_schedule_from_json(doc); }, "path", v),
            errc::not_found);
  EXPECT_EQ(v, "$.day_tables.all.shoulder");
  doc["day_tables"]["all"].erase("shoulder");
  EXPECT_NO_THROW((void)io::tou_schedule_from_json(doc));
  doc["overlays"] = nlohmann::json::parse(
      R"([{"name":"o","kinds":["weekend"],"periods":{"peak":[["00:00","01:00"]]}}])");
  EXPECT_EQ(code_and_context([&] { (void)io::tou_schedule_from_json(doc); }, "path", v),
            errc::parse);
  EXPECT_EQ(v, "$.overlays[0].kinds[0]");
  doc.erase("overlays");
  doc["day_tables"]["other"] = doc["day_tables"]["all"];
  EXPECT_EQ(code_and_context([&] { (void)io::tou_schedule_from_json(doc); }, "path", v),
            errc::parse);
  EXPECT_EQ(v, "$.rules");
}

}  // namespace
