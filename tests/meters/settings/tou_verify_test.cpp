// Tests of submeter/meters/settings/tou_verify.hpp (MTOU-9): a meter's tables read as a schedule
// give the register a meter gives at every minute (holiday, rest day, zone; repeated rows read
// once; across midnight and the year end); a comparison with the site's schedule finds the first
// differing minute of every date that differs. (The round trip of every shipped provincial table
// is in tou_plan_test.cpp.)
#include "submeter/meters/settings/tou_verify.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "io/calendar_json.hpp"
#include "io/tou_json.hpp"
#include "support/error_of.hpp"

namespace dlt = submeter::meters::dlt645;
namespace st = submeter::meters::settings;
namespace cal = submeter::calendar;
using submeter::errc;
using submeter::test_support::error_of;

namespace {

nlohmann::json verify_read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

const cal::holiday_calendar& verify_china() {
  static const auto c = submeter::io::calendar_from_json(
      verify_read(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json"));
  return c;
}

date::local_days verify_day(int y, unsigned m, unsigned d) {
  return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

const st::date_range verify_year_2024{verify_day(2024, 1, 1), verify_day(2024, 12, 31)};

}  // namespace

TEST(settings_tou_verify, comparison_finds_the_first_differing_minute) {
  const auto s = submeter::io::tou_schedule_from_json(
      verify_read(SUBMETER_SOURCE_DIR "/src/data/tou/cn/jiangsu.json"));
  const st::date_range june{verify_day(2025, 6, 1), verify_day(2025, 6, 30)};
  auto m = st::map_schedule(s, verify_china(), june, {});
  EXPECT_TRUE(st::compare(s, verify_china(), m.tables, june).matches());
  m.tables.daily_tables[0][4].hour = 15;  // peak from 15:00 instead of 14:00 in summer
  const auto c = st::compare(s, verify_china(), m.tables, june);
  EXPECT_EQ(c.days, 30u);
  ASSERT_EQ(c.differences.size(), 30u);
  EXPECT_EQ(c.differences[0].day, verify_day(2025, 6, 1));
  EXPECT_EQ(c.differences[0].minute, 14 * 60);
  EXPECT_EQ(c.differences[0].expected, 2);
  EXPECT_EQ(c.differences[0].found, 3);
}

TEST(settings_tou_verify, a_meters_tables_as_a_schedule) {
  dlt::tou_tables t;
  t.zones = {{3, 1, 1}, {3, 1, 1}, {11, 15, 2}};  // a repeated (padding) row is read once
  t.daily_tables = {{{8, 0, 2}, {22, 0, 4}}, {{0, 0, 3}}, {{0, 0, 1}}};
  t.holidays = {{verify_day(2025, 10, 1), 3}};
  t.weekend_character = 0x3E;
  t.weekend_table = 2;
  const auto m = st::schedule_of(t, "meter", {verify_day(2025, 1, 1), verify_day(2025, 12, 31)});
  EXPECT_EQ(m.schedule.seasons().seasons().size(), 2u);
  EXPECT_EQ(m.register_at(verify_day(2025, 10, 1), 0), 1);       // holiday table 3
  EXPECT_EQ(m.register_at(verify_day(2025, 10, 4), 9 * 60), 3);  // Saturday: table 2
  EXPECT_EQ(m.register_at(verify_day(2025, 10, 6), 9 * 60), 2);  // Monday, zone 03-01
  EXPECT_EQ(m.register_at(verify_day(2025, 10, 6), 60), 4);      // across midnight
  EXPECT_EQ(m.register_at(verify_day(2025, 1, 6), 9 * 60), 3);   // January: the 11-15 zone
  for (auto d = verify_day(2025, 1, 1); d <= verify_day(2025, 12, 31); d += date::days{1}) {
    for (int minute = 0; minute < 1440; minute += 30) {
      ASSERT_EQ(m.register_at(d, minute), t.tariff_on(d, minute)) << cal::format_date(d);
    }
  }
  t.daily_tables[0][0].tariff = 9;
  EXPECT_EQ(error_of([&] { (void)st::schedule_of(t, "meter", verify_year_2024); }).code(),
            errc::unsupported);
  EXPECT_EQ(
      error_of([] { (void)st::schedule_of(dlt::tou_tables{}, "meter", verify_year_2024); }).code(),
      errc::invalid_argument);
}
