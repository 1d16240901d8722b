// Tests of include/submeter/tariff/day_table.hpp and rate_register.hpp, driven by
// tests/data/vectors/tou.json › tables and invalid_tables (TOU-1, TOU-2).
#include "submeter/tariff/day_table.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "submeter/core/decimal.hpp"
#include "submeter/tariff/rate_register.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;

nlohmann::json day_table_vectors() {
  std::ifstream in(SUBMETER_TEST_DATA "/vectors/tou.json");
  return nlohmann::json::parse(in);
}

std::vector<period> periods_of(const nlohmann::json& periods) {
  std::vector<period> out;
  for (const auto& [name, list] : periods.items()) {
    const int r = *conventional_register(name);
    for (const auto& iv : list) {
      out.push_back({r, *parse_minute_of_day(iv[0].get<std::string>()),
                     *parse_minute_of_day(iv[1].get<std::string>())});
    }
  }
  return out;
}

// "7.5" hours → 450 minutes, exactly.
int minutes_of_hours(const std::string& hours) {
  return static_cast<int>(decimal<dimension::ratio, 1>::parse(hours).mantissa() * 6);
}

TEST(DayTable, EveryVectorTableHasItsHoursPerRegister) {
  const auto doc = day_table_vectors();
  ASSERT_EQ(doc["tables"].size(), 29u);
  for (const auto& t : doc["tables"]) {
    SCOPED_TRACE(t["id"].get<std::string>());
    auto table = day_table::make(t["id"], periods_of(t["base_periods"]));
    for (const auto& o : t["overlays"]) {
      std::vector<int> over;
      if (o.contains("over")) {
        for (const auto& n : o["over"])
          over.push_back(*conventional_register(n.get<std::string>()));
      }
      table = table.with_overlay(
          o["period"], periods_of(nlohmann::json{{o["period"].get<std::string>(), o["intervals"]}}),
          over);
    }
    int total = 0;
    for (const auto& [name, hours] : t["expected_hours"].items()) {
      EXPECT_EQ(table.minutes_on(*conventional_register(name)), minutes_of_hours(hours)) << name;
      total += minutes_of_hours(hours);
    }
    EXPECT_EQ(total, minutes_per_day);
  }
}

TEST(DayTable, InvalidVectorTablesAreRefusedNamingTheMinutes) {
  const auto doc = day_table_vectors();
  for (const auto& t : doc["invalid_tables"]) {
    SCOPED_TRACE(t["id"].get<std::string>());
    try {
      (void)day_table::make(t["id"], periods_of(t["base_periods"]));
      ADD_FAILURE() << "accepted";
    } catch (const error& e) {
      EXPECT_EQ(e.code(), errc::inconsistent);
      EXPECT_EQ(e.context_value("table"), t["id"].get<std::string>());
      if (t["expected_error"] == "gap") {
        EXPECT_EQ(e.context_value("first_uncovered"), t["first_uncovered"].get<std::string>());
        EXPECT_EQ(e.context_value("gap"), "07:00-08:00");
      } else {
        EXPECT_EQ(e.context_value("first_overlap"), t["first_overlap"].get<std::string>());
        EXPECT_EQ(e.context_value("overlap"), "11:00-12:00");
      }
    }
  }
}

TEST(DayTable, WrapsMidnightAndReportsRegisters) {
  // Jiangsu spring/autumn: 平 22:00–02:00 crosses midnight.
  const auto t = day_table::make("js-sa", {{2, 15 * 60, 22 * 60},
                                           {3, 6 * 60, 10 * 60},
                                           {3, 14 * 60, 15 * 60},
                                           {3, 22 * 60, 2 * 60},
                                           {4, 2 * 60, 6 * 60},
                                           {4, 10 * 60, 14 * 60}});
  EXPECT_EQ(t.register_at(0), 3);
  EXPECT_EQ(t.register_at(23 * 60 + 59), 3);
  EXPECT_EQ(t.register_at(2 * 60), 4);
  EXPECT_EQ(t.minutes_on(3), 9 * 60);
  EXPECT_EQ(t.registers_used(), (std::vector<int>{2, 3, 4}));
  const auto whole = day_table::make("flat", {{3, 0, minutes_per_day}});
  EXPECT_EQ(whole.minutes_on(3), minutes_per_day);
}

TEST(DayTable, OverlayRefusesReplacingAnotherRegister) {
  const auto base =
      day_table::make("b", {{2, 8 * 60, 12 * 60}, {3, 12 * 60, 22 * 60}, {4, 22 * 60, 8 * 60}});
  try {
    (void)base.with_overlay("sharp", {{1, 11 * 60, 13 * 60}}, {2});
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.context_value("overlay"), "sharp");
    EXPECT_EQ(e.context_value("minutes"), "12:00-13:00");
    EXPECT_EQ(e.context_value("register"), "3");
  }
}

TEST(DayTable, RefusesBadPeriods) {
  EXPECT_THROW((void)day_table::make("x", {{9, 0, minutes_per_day}}), error);
  EXPECT_THROW((void)day_table::make("x", {{0, 0, minutes_per_day}}), error);
  EXPECT_THROW((void)day_table::make("x", {{3, 60, 60}}), error);
  EXPECT_THROW((void)day_table::make("x", {{3, -1, 60}}), error);
  EXPECT_THROW((void)day_table::make("x", {{3, 0, minutes_per_day + 1}}), error);
  EXPECT_THROW((void)day_table::make("x", {}), error);
}

TEST(MinuteOfDay, ParsesAndPrints) {
  EXPECT_EQ(parse_minute_of_day("00:00"), 0);
  EXPECT_EQ(parse_minute_of_day("11:30"), 690);
  EXPECT_EQ(parse_minute_of_day("24:00"), 1440);
  for (const char* bad : {"24:01", "25:00", "7:00", "07:60", "07-00", "", "07:0a"}) {
    EXPECT_FALSE(parse_minute_of_day(bad).has_value()) << bad;
  }
  EXPECT_EQ(format_minute_of_day(690), "11:30");
  EXPECT_EQ(format_minute_of_day(1440), "24:00");
}

TEST(RateRegister, ConventionalNumbersAndSets) {
  EXPECT_EQ(conventional_register("sharp"), 1);
  EXPECT_EQ(conventional_register("峰"), 2);
  EXPECT_EQ(conventional_register("平段"), 3);
  EXPECT_EQ(conventional_register("valley"), 4);
  EXPECT_EQ(conventional_register("深谷"), 5);
  EXPECT_FALSE(conventional_register("shoulder").has_value());
  const auto s = register_set::conventional(5);
  EXPECT_EQ(s.name_of(5), "deep_valley");
  EXPECT_EQ(s.number_of("flat"), 3);
  EXPECT_EQ(s.name_of(7), "rate7");
  EXPECT_THROW((void)register_set::make({{9, "x"}}), error);
  EXPECT_THROW((void)register_set::make({{1, "a"}, {1, "b"}}), error);
  EXPECT_THROW((void)register_set::make({{1, "a"}, {2, "a"}}), error);
  EXPECT_THROW((void)register_set::make({{1, ""}}), error);
  std::vector<rate_register> nine;
  for (int i = 1; i <= 9; ++i) nine.push_back({i, "r" + std::to_string(i)});
  try {
    (void)register_set::make(nine);
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::unsupported);
  }
}

}  // namespace
