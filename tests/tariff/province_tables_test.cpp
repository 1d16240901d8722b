// The shipped provincial TOU tables (src/data/tou/cn/*.json, rules.md §16): hours per register
// on given dates, against the hours rules.md §2 and tou.json give, with China's 2026 calendar.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <string>

#include "io/calendar_json.hpp"
#include "io/tou_json.hpp"

namespace {

using namespace submeter;
using hours = std::map<std::string, int>;  // register name → whole hours

nlohmann::json province_read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}
const calendar::holiday_calendar& province_china() {
  static const auto c =
      io::calendar_from_json(province_read(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json"));
  return c;
}
tariff::tou_schedule province_schedule(const std::string& name) {
  return io::tou_schedule_from_json(
      province_read(SUBMETER_SOURCE_DIR "/src/data/tou/cn/" + name + ".json"));
}

hours hours_on(const tariff::tou_schedule& s, int y, unsigned m, unsigned d,
               const calendar::day_marks& marks = {}) {
  const auto t = s.table_for(date::local_days{date::year{y} / date::month{m} / date::day{d}},
                             province_china(), marks);
  hours h;
  for (const auto& r : s.registers().registers()) {
    const int minutes = t.minutes_on(r.number);
    EXPECT_EQ(minutes % 60, 0);
    if (minutes != 0) h[r.name] = minutes / 60;
  }
  return h;
}

TEST(ProvinceTables, Shanghai) {
  const auto s = province_schedule("shanghai-2p");
  EXPECT_EQ(hours_on(s, 2026, 7, 15),
            (hours{{"sharp", 2}, {"peak", 8}, {"flat", 6}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 9, 15), (hours{{"peak", 10}, {"flat", 6}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 1, 15),
            (hours{{"sharp", 2}, {"peak", 4}, {"flat", 10}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 4, 15), (hours{{"peak", 6}, {"flat", 10}, {"valley", 8}}));
  const auto one = province_schedule("shanghai-1p");
  EXPECT_EQ(hours_on(one, 2026, 7, 15), (hours{{"peak", 16}, {"valley", 8}}));
}

TEST(ProvinceTables, ShanghaiDeepValleyOnHolidaysAndRestDays) {
  const auto s = province_schedule("shanghai-large-industry");
  const hours deep_other{{"peak", 6}, {"flat", 10}, {"deep_valley", 8}};
  EXPECT_EQ(hours_on(s, 2026, 10, 3), deep_other);  // 国庆节 holiday
  EXPECT_EQ(hours_on(s, 2026, 3, 7), deep_other);   // a Saturday in March
  EXPECT_EQ(hours_on(s, 2026, 2, 17), deep_other);  // 春节
  EXPECT_EQ(hours_on(s, 2026, 2, 14),
            (hours{{"peak", 6}, {"flat", 10}, {"valley", 8}}));  // 调休 workday
  EXPECT_EQ(hours_on(s, 2026, 3, 9),
            (hours{{"peak", 6}, {"flat", 10}, {"valley", 8}}));  // a Monday
  // July rest days: no deep valley (Feb–Jun, Sep–Nov only), the July sharp peak stays.
  EXPECT_EQ(hours_on(s, 2026, 7, 4),
            (hours{{"sharp", 2}, {"peak", 8}, {"flat", 6}, {"valley", 8}}));
  // 元旦 in January: a listed holiday, so deep valley, and January's 19–21 sharp peak.
  EXPECT_EQ(hours_on(s, 2026, 1, 1),
            (hours{{"sharp", 2}, {"peak", 4}, {"flat", 10}, {"deep_valley", 8}}));
}

TEST(ProvinceTables, Zhejiang) {
  const auto s = province_schedule("zhejiang");
  EXPECT_EQ(hours_on(s, 2026, 7, 15),
            (hours{{"sharp", 4}, {"peak", 7}, {"flat", 3}, {"valley", 10}}));
  EXPECT_EQ(hours_on(s, 2026, 4, 15), (hours{{"peak", 7}, {"flat", 7}, {"valley", 10}}));
  EXPECT_EQ(hours_on(s, 2026, 10, 2),
            (hours{{"peak", 5}, {"flat", 7}, {"valley", 8}, {"deep_valley", 4}}));
  EXPECT_EQ(hours_on(s, 2026, 1, 2),
            (hours{{"sharp", 4}, {"peak", 7}, {"flat", 3}, {"valley", 10}}));  // 元旦: not listed
  EXPECT_EQ(
      hours_on(s, 2026, 2, 16),
      (hours{
          {"peak", 5}, {"flat", 7}, {"valley", 8}, {"deep_valley", 4}}));  // 春节 in spring/autumn
}

TEST(ProvinceTables, Jiangsu) {
  const auto s = province_schedule("jiangsu");
  EXPECT_EQ(hours_on(s, 2026, 7, 15), (hours{{"peak", 8}, {"flat", 8}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 12, 15), (hours{{"peak", 8}, {"flat", 8}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 4, 15), (hours{{"peak", 7}, {"flat", 9}, {"valley", 8}}));
}

TEST(ProvinceTables, GuangdongSharpPeakInSummerAndOnFlaggedHotDays) {
  const auto s = province_schedule("guangdong");
  EXPECT_EQ(hours_on(s, 2026, 4, 15), (hours{{"peak", 7}, {"flat", 9}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 7, 15),
            (hours{{"sharp", 3}, {"peak", 4}, {"flat", 9}, {"valley", 8}}));
  const auto hot =
      calendar::day_marks::make({{date::local_days{date::year{2026} / 5 / 20}, "hot_day"},
                                 {date::local_days{date::year{2026} / 7 / 15}, "hot_day"}});
  EXPECT_EQ(hours_on(s, 2026, 5, 20, hot),
            (hours{{"sharp", 3}, {"peak", 4}, {"flat", 9}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 5, 21, hot), (hours{{"peak", 7}, {"flat", 9}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 7, 15, hot),
            (hours{{"sharp", 3}, {"peak", 4}, {"flat", 9}, {"valley", 8}}));
}

TEST(ProvinceTables, BeijingSharpPeakTakesFromPeakAndFlat) {
  const auto s = province_schedule("beijing");
  EXPECT_EQ(hours_on(s, 2026, 4, 15), (hours{{"peak", 8}, {"flat", 8}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 7, 15),
            (hours{{"sharp", 3}, {"peak", 6}, {"flat", 7}, {"valley", 8}}));
  EXPECT_EQ(hours_on(s, 2026, 1, 15),
            (hours{{"sharp", 3}, {"peak", 5}, {"flat", 8}, {"valley", 8}}));
}

TEST(ProvinceTables, ShandongFiveLevels) {
  const auto s = province_schedule("shandong");
  EXPECT_EQ(hours_on(s, 2026, 1, 15),
            (hours{{"sharp", 3}, {"peak", 4}, {"flat", 8}, {"valley", 6}, {"deep_valley", 3}}));
  EXPECT_EQ(hours_on(s, 2026, 3, 16),
            (hours{{"sharp", 3}, {"peak", 2}, {"flat", 14}, {"valley", 2}, {"deep_valley", 3}}));
  EXPECT_EQ(hours_on(s, 2026, 6, 15),
            (hours{{"sharp", 5}, {"peak", 2}, {"flat", 12}, {"valley", 5}}));
  EXPECT_EQ(hours_on(s, 2026, 7, 15),
            (hours{{"sharp", 5}, {"peak", 2}, {"flat", 12}, {"valley", 5}}));
  EXPECT_EQ(hours_on(s, 2026, 9, 15),
            (hours{{"sharp", 2}, {"peak", 3}, {"flat", 14}, {"valley", 2}, {"deep_valley", 3}}));
}

TEST(ProvinceTables, EveryFileCitesItsDocument) {
  for (const char* name : {"shanghai-2p", "shanghai-1p", "shanghai-large-industry", "zhejiang",
                           "jiangsu", "guangdong", "beijing", "shandong"}) {
    const auto doc =
        province_read(std::string(SUBMETER_SOURCE_DIR "/src/data/tou/cn/") + name + ".json");
    EXPECT_TRUE(doc.contains("document") &&
                doc["document"].get<std::string>().find("〔") != std::string::npos)
        << name;
    EXPECT_EQ(doc["name"], name);
  }
}

}  // namespace
