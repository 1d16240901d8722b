// Tests of submeter/meters/settings/tou_plan.hpp (MTOU-8), read back with tou_verify.hpp: every
// shipped provincial TOU table round-trips — schedule → tables → write items → items read back →
// tables → schedule — with the same register at every minute of the leap year 2024; what a meter
// cannot hold is refused naming the limit and the schedule; shared tables, flags and years the
// calendar does not cover are warned about.
#include "submeter/meters/settings/tou_plan.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "io/calendar_json.hpp"
#include "io/tou_json.hpp"
#include "submeter/meters/dlt645/settings_plan.hpp"
#include "submeter/meters/settings/tou_verify.hpp"
#include "support/error_of.hpp"

namespace dlt = submeter::meters::dlt645;
namespace st = submeter::meters::settings;
namespace cal = submeter::calendar;
using submeter::errc;
using submeter::test_support::error_of;

namespace {

nlohmann::json read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

const cal::holiday_calendar& china() {
  static const auto c =
      submeter::io::calendar_from_json(read(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json"));
  return c;
}

submeter::tariff::tou_schedule province(const std::string& name) {
  return submeter::io::tou_schedule_from_json(
      read(SUBMETER_SOURCE_DIR "/src/data/tou/cn/" + name + ".json"));
}

date::local_days plan_day(int y, unsigned m, unsigned d) {
  return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

const st::date_range year_2024{plan_day(2024, 1, 1), plan_day(2024, 12, 31)};

dlt::meter_capacity eight_tariffs() {
  dlt::meter_capacity c;
  c.tariffs = 8;
  return c;
}

const std::vector<std::string> provinces{"beijing",
                                         "guangdong",
                                         "jiangsu",
                                         "shandong",
                                         "shanghai-1p",
                                         "shanghai-2p",
                                         "shanghai-large-industry",
                                         "zhejiang"};

}  // namespace

TEST(settings_tou_plan, every_shipped_table_round_trips_at_every_minute_of_a_leap_year) {
  for (const auto& name : provinces) {
    SCOPED_TRACE(name);
    const auto s = province(name);
    const auto m = st::map_schedule(s, china(), year_2024, eight_tariffs());
    dlt::item_map items;
    for (const auto& i :
         dlt::tou_write_items(m.tables, {dlt::table_set::second, eight_tariffs(), {}})) {
      items[i.di] = i.data;
    }
    const auto back = dlt::tou_tables_from_items(dlt::table_set::second, items);
    ASSERT_TRUE(back.ok());
    const auto meter = st::schedule_of(*back.value, name + "-meter", year_2024, s.registers());
    int minutes = 0;
    const cal::holiday_calendar none;
    std::array<std::array<std::uint8_t, submeter::tariff::minutes_per_day>, 9> direct{};
    for (auto d = year_2024.first; d <= year_2024.last; d += date::days{1}) {
      const auto want = s.table_for(d, china()).minute_map();
      const auto got = meter.schedule.table_for(d, none, meter.marks).minute_map();
      // and as a meter reads its tables, row by row
      const auto table = static_cast<std::size_t>(back.value->table_on(d));
      ASSERT_TRUE(table >= 1 && table <= 8);
      if (direct[table][0] == 0) {
        for (int minute = 0; minute < submeter::tariff::minutes_per_day; ++minute) {
          direct[table][static_cast<std::size_t>(minute)] =
              static_cast<std::uint8_t>(back.value->tariff_at(static_cast<int>(table), minute));
        }
      }
      ASSERT_EQ(want, got) << cal::format_date(d);
      ASSERT_EQ(want, direct[table]) << cal::format_date(d);
      minutes += submeter::tariff::minutes_per_day;
    }
    EXPECT_EQ(minutes, 366 * 1440);
    EXPECT_TRUE(st::compare(s, china(), *back.value, year_2024).matches());
  }
}

TEST(settings_tou_plan, what_each_province_needs) {
  struct need {
    std::string name;
    std::size_t zones, tables, holidays;
  };
  for (const auto& n : std::vector<need>{{"jiangsu", 5, 2, 0},
                                         {"beijing", 5, 3, 0},
                                         {"shanghai-1p", 1, 1, 0},
                                         {"zhejiang", 5, 3, 20},
                                         {"shanghai-large-industry", 6, 7, 81}}) {
    SCOPED_TRACE(n.name);
    const auto m = st::map_schedule(province(n.name), china(), year_2024, eight_tariffs());
    EXPECT_EQ(m.tables.zones.size(), n.zones);
    EXPECT_EQ(m.tables.daily_tables.size(), n.tables);
    EXPECT_EQ(m.tables.holidays.size(), n.holidays);
    EXPECT_EQ(m.sources.size(), n.tables);
  }
  const auto j = st::map_schedule(province("jiangsu"), china(), year_2024, {});
  EXPECT_EQ(j.sources, (std::vector<std::string>{"summer_winter", "spring_autumn"}));
  EXPECT_TRUE(j.warnings.empty());
  EXPECT_EQ(j.tables.zones.front(), (dlt::zone_row{1, 1, 1}));
  EXPECT_EQ(j.tables.daily_tables[1].front(), (dlt::period_row{0, 0, 3}));  // 22:00-02:00 flat
}

TEST(settings_tou_plan, zhejiang_deep_valley_holidays_are_public_holiday_entries) {
  const auto m = st::map_schedule(province("zhejiang"), china(),
                                  {plan_day(2025, 1, 1), plan_day(2025, 12, 31)}, eight_tariffs());
  ASSERT_FALSE(m.tables.holidays.empty());
  EXPECT_EQ(m.tables.holidays.front().day, plan_day(2025, 1, 28));  // 春节 2025-01-28..02-04
  const auto t = m.tables.holidays.front().table;
  EXPECT_EQ(m.tables.tariff_at(t, 11 * 60), 5);  // 深谷 10:00-14:00
  EXPECT_NE(m.sources[static_cast<std::size_t>(t - 1)].find("deep_valley_holidays"),
            std::string::npos);
}

TEST(settings_tou_plan, what_a_meter_cannot_hold_is_refused_naming_limit_and_schedule) {
  auto e = error_of([] { (void)st::map_schedule(province("zhejiang"), china(), year_2024, {}); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("limit"), "04000204");
  EXPECT_EQ(e.context_value("schedule"), "zhejiang");
  EXPECT_EQ(e.context_value("register"), "deep_valley");
  auto cap = eight_tariffs();
  cap.year_zones = 4;
  e = error_of([&] { (void)st::map_schedule(province("beijing"), china(), year_2024, cap); });
  EXPECT_EQ(e.context_value("limit"), "04000201");
  EXPECT_EQ(e.context_value("needed"), "5");
  cap = eight_tariffs();
  cap.daily_tables = 6;
  e = error_of([&] {
    (void)st::map_schedule(province("shanghai-large-industry"), china(), year_2024, cap);
  });
  EXPECT_EQ(e.context_value("limit"), "04000202");
  EXPECT_EQ(e.context_value("needed"), "7");
  cap = eight_tariffs();
  cap.daily_periods = 8;
  e = error_of([&] { (void)st::map_schedule(province("shandong"), china(), year_2024, cap); });
  EXPECT_EQ(e.context_value("limit"), "04000203");
  cap = eight_tariffs();
  cap.public_holidays = 50;
  e = error_of([&] {
    (void)st::map_schedule(province("shanghai-large-industry"), china(), year_2024, cap);
  });
  EXPECT_EQ(e.context_value("limit"), "04000205");
  EXPECT_EQ(e.context_value("needed"), "81");
  e = error_of([] {
    (void)st::map_schedule(province("jiangsu"), china(), {plan_day(2025, 1, 1), plan_day(2024, 1, 1)},
                           {});
  });
  EXPECT_EQ(e.code(), errc::invalid_argument);
}

TEST(settings_tou_plan, a_table_too_long_from_midnight_is_read_across_midnight) {
  // Shandong's tables need up to 12 rows from 00:00; at 11 the wrap saves one.
  auto cap = eight_tariffs();
  cap.daily_periods = 11;
  const auto m = st::map_schedule(province("shandong"), china(), year_2024, cap);
  std::size_t longest = 0;
  for (const auto& t : m.tables.daily_tables) longest = std::max(longest, t.size());
  EXPECT_EQ(longest, 11u);
  EXPECT_TRUE(st::compare(province("shandong"), china(), m.tables, year_2024).matches());
}

TEST(settings_tou_plan, warnings_say_what_the_meter_cannot_tell_apart_or_follow) {
  const auto li =
      st::map_schedule(province("shanghai-large-industry"), china(), year_2024, eight_tariffs());
  ASSERT_EQ(li.warnings.size(), 2u);
  EXPECT_EQ(li.warnings[0].code, "tou_meter_table_shared");
  EXPECT_EQ(li.warnings[0].context_value("schedule_tables"),
            "winter_other+deep_valley_holidays+deep_valley_rest_days, "
            "winter_other+deep_valley_rest_days");
  const auto gd = st::map_schedule(province("guangdong"), china(), year_2024, {});  // covered
  ASSERT_EQ(gd.warnings.size(), 1u);
  EXPECT_EQ(gd.warnings[0].code, "tou_flag_not_pushed");
  EXPECT_EQ(gd.warnings[0].context_value("flags"), "hot_day");
  const auto late = st::map_schedule(province("jiangsu"), china(),
                                     st::date_range::one_year_from(plan_day(2026, 6, 1)), {});
  ASSERT_EQ(late.warnings.size(), 1u);
  EXPECT_EQ(late.warnings[0].code, "tou_calendar_does_not_cover");
  EXPECT_EQ(late.warnings[0].context_value("years"), "2027");
  EXPECT_EQ(late.warnings[0].context_value("calendar"), "cn");
  const auto none = st::map_schedule(province("jiangsu"), cal::holiday_calendar{}, year_2024, {});
  ASSERT_EQ(none.warnings.size(), 1u);
  EXPECT_EQ(none.warnings[0].context_value("calendar"), "none");
}

TEST(settings_tou_plan, one_year_from_ends_the_day_before) {
  EXPECT_EQ(st::date_range::one_year_from(plan_day(2025, 6, 1)).last, plan_day(2026, 5, 31));
  EXPECT_EQ(st::date_range::one_year_from(plan_day(2024, 2, 29)).last, plan_day(2025, 2, 27));
}
