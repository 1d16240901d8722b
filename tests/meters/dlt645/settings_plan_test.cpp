// Tests of submeter/meters/dlt645/settings_plan.hpp: the items of a set's TOU tables, rate
// prices and ladder, in writing order, as the independent vectors of dlt645-settings.json; what
// a meter cannot hold is refused naming 04000201..05; the tables come back from the items.
#include "submeter/meters/dlt645/settings_plan.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/error_of.hpp"
#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::meters::clock_fields;
using submeter::meters::clock_value;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;
using submeter::test_support::error_of;

namespace {

const auto plan_meter = *dlt::address::parse("000000001234");
const clock_value june_1{clock_fields::date_time, 2025, 6, 1, 0, 0};

std::vector<std::uint8_t> plan_frame_of(const std::string& id) {
  const auto doc = load_vectors("dlt645-settings.json");
  for (const auto& v : doc["vectors"]) {
    if (v["id"] == id) return hex(v["hex"].get<std::string>());
  }
  ADD_FAILURE() << "no vector " << id;
  return {};
}

dlt::tou_tables jiangsu() {
  dlt::tou_tables t;
  t.zones = {{1, 1, 1}, {3, 1, 2}, {6, 1, 1}, {9, 1, 2}, {12, 1, 1}};
  t.daily_tables = {
      {{0, 0, 4}, {6, 0, 3}, {11, 0, 4}, {13, 0, 3}, {14, 0, 2}, {22, 0, 3}},
      {{0, 0, 3}, {2, 0, 4}, {6, 0, 3}, {10, 0, 4}, {14, 0, 3}, {15, 0, 2}, {22, 0, 3}}};
  return t;
}

std::vector<std::string> dis(const std::vector<dlt::write_item>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(dlt::di_to_string(i.di));
  return out;
}

}  // namespace

TEST(dlt645_settings_plan, jiangsu_into_the_second_set_as_the_vectors_in_writing_order) {
  const auto items = dlt::tou_write_items(jiangsu(), {dlt::table_set::second, {}, june_1});
  EXPECT_EQ(dis(items), (std::vector<std::string>{"04020000", "04020001", "04020002", "04000205",
                                                  "04000801", "04000106", "04000107"}));
  const std::vector<std::string> ids{"set2-zones-jiangsu",
                                     "set2-table1-jiangsu-summer-winter",
                                     "set2-table2-jiangsu-spring-autumn",
                                     "holiday-count-0",
                                     "weekend-no-rest-day",
                                     "zone-switch-2025-06-01",
                                     "daily-switch-2025-06-01"};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    SCOPED_TRACE(ids[i]);
    EXPECT_EQ(dlt::write_frame(plan_meter, items[i], {}), plan_frame_of(ids[i]));
  }
  EXPECT_EQ(items[0].what,
            "second set: year time zones 01-01 t1, 03-01 t2, 06-01 t1, 09-01 t2, "
            "12-01 t1");
  EXPECT_EQ(items[5].what, "switch-over of the year time-zone tables at 2025-06-01 00:00");
}

TEST(dlt645_settings_plan, tables_are_padded_to_the_meter_counts) {
  dlt::meter_capacity cap;
  cap.year_zones = 6;
  cap.daily_periods = 8;
  const auto items = dlt::tou_write_items(jiangsu(), {dlt::table_set::first, cap, {}});
  EXPECT_EQ(items[0].di, 0x04010000u);
  EXPECT_EQ(items[0].data.size(), 18u);
  EXPECT_EQ(items[1].data.size(), 24u);
  EXPECT_EQ(dis(items).back(), "04000801");  // no switch-over without a time
}

TEST(dlt645_settings_plan, what_the_meter_cannot_hold_is_refused_naming_the_limit) {
  dlt::meter_capacity cap;
  cap.year_zones = 4;
  auto e = error_of([&] {
    (void)dlt::tou_write_items(jiangsu(), {dlt::table_set::second, cap, {}});
  });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("limit"), "04000201");
  EXPECT_EQ(e.context_value("needed"), "5");
  EXPECT_EQ(e.context_value("meter_holds"), "4");
  cap = {};
  cap.daily_periods = 6;
  e = error_of([&] { (void)dlt::tou_write_items(jiangsu(), {dlt::table_set::second, cap, {}}); });
  EXPECT_EQ(e.context_value("limit"), "04000203");
  EXPECT_EQ(e.context_value("table"), "2");
  cap = {};
  cap.daily_tables = 1;
  e = error_of([&] { (void)dlt::tou_write_items(jiangsu(), {dlt::table_set::second, cap, {}}); });
  EXPECT_EQ(e.context_value("limit"), "04000202");
  cap = {};
  cap.tariffs = 3;
  e = error_of([&] { (void)dlt::tou_write_items(jiangsu(), {dlt::table_set::second, cap, {}}); });
  EXPECT_EQ(e.context_value("limit"), "04000204");
  cap = {};
  cap.public_holidays = 1;
  auto t = jiangsu();
  t.holidays = {{date::local_days{date::year{2025} / 10 / 1}, 1},
                {date::local_days{date::year{2025} / 10 / 2}, 1}};
  e = error_of([&] { (void)dlt::tou_write_items(t, {dlt::table_set::second, cap, {}}); });
  EXPECT_EQ(e.context_value("limit"), "04000205");
}

TEST(dlt645_settings_plan, malformed_tables_are_refused) {
  auto t = jiangsu();
  t.zones = {{3, 1, 2}, {1, 1, 1}};
  EXPECT_EQ(error_of([&] { (void)dlt::tou_write_items(t, {}); }).code(), errc::out_of_order);
  t = jiangsu();
  t.daily_tables[0] = {{6, 0, 3}, {0, 0, 4}};
  EXPECT_EQ(error_of([&] { (void)dlt::tou_write_items(t, {}); }).code(), errc::out_of_order);
  t = jiangsu();
  t.zones.push_back({12, 15, 3});  // table 3 is not given
  const auto e = error_of([&] { (void)dlt::tou_write_items(t, {}); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("table"), "3");
  EXPECT_EQ(error_of([] { (void)dlt::tou_write_items(dlt::tou_tables{}, {}); }).code(),
            errc::invalid_argument);
}

TEST(dlt645_settings_plan, rest_days_write_the_weekend_table) {
  auto t = jiangsu();
  t.weekend_character = 0x3E;
  t.weekend_table = 2;
  const auto items = dlt::tou_write_items(t, {});
  EXPECT_EQ(dis(items), (std::vector<std::string>{"04020000", "04020001", "04020002", "04000205",
                                                  "04000801", "04000802"}));
  EXPECT_EQ(items[4].data, hex("3E"));
  EXPECT_EQ(items[5].data, hex("02"));
}

TEST(dlt645_settings_plan, rate_prices_and_their_switch_over) {
  const auto items = dlt::rate_price_write_items(
      {{2, energy_price::parse("0.8976")}, {1, energy_price::parse("1.0771")}},
      dlt::table_set::second, 4, june_1);
  EXPECT_EQ(dis(items), (std::vector<std::string>{"04050201", "04050202", "04000108"}));
  EXPECT_EQ(dlt::write_frame(plan_meter, items[1], {}), plan_frame_of("set2-price-T2-0.8976"));
  EXPECT_EQ(dlt::write_frame(plan_meter, items[2], {}), plan_frame_of("price-switch-2025-06-01"));
  EXPECT_EQ(items[0].what, "second set: rate price T1 1.0771 yuan/kWh");
  const auto e = error_of([] {
    (void)dlt::rate_price_write_items({{5, energy_price::parse("0.1")}}, dlt::table_set::first, 4,
                                      {});
  });
  EXPECT_EQ(e.context_value("limit"), "04000204");
  EXPECT_EQ(error_of([] {
              (void)dlt::rate_price_write_items(
                  {{1, energy_price::parse("0.1")}, {1, energy_price::parse("0.2")}},
                  dlt::table_set::first, 4, {});
            }).code(),
            errc::duplicate);
}

TEST(dlt645_settings_plan, a_ladder_has_one_price_more_than_bounds) {
  const auto items = dlt::ladder_write_items(
      {energy::parse("2760"), energy::parse("4800")},
      {energy_price::parse("0.5283"), energy_price::parse("0.5783"), energy_price::parse("0.8283")},
      dlt::table_set::second, clock_value{clock_fields::date_time, 2026, 1, 1, 0, 0});
  EXPECT_EQ(dis(items), (std::vector<std::string>{"04060201", "04060202", "04060301", "04060302",
                                                  "04060303", "04000109"}));
  EXPECT_EQ(dlt::write_frame(plan_meter, items[0], {}), plan_frame_of("set2-ladder-bound1-2760"));
  EXPECT_EQ(dlt::write_frame(plan_meter, items[3], {}), plan_frame_of("set2-ladder-price2-0.5783"));
  EXPECT_EQ(dlt::write_frame(plan_meter, items[5], {}), plan_frame_of("ladder-switch-2026-01-01"));
  EXPECT_EQ(error_of([] {
              (void)dlt::ladder_write_items({energy::parse("10")}, {energy_price::parse("1")},
                                            dlt::table_set::first, {});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)dlt::ladder_write_items(
                  {energy::parse("10"), energy::parse("5")},
                  {energy_price::parse("1"), energy_price::parse("1"), energy_price::parse("1")},
                  dlt::table_set::first, {});
            }).code(),
            errc::invalid_argument);
  const std::vector<energy> seven(7, energy::parse("1"));
  const std::vector<energy_price> eight(8, energy_price::parse("1"));
  EXPECT_EQ(error_of([&] {
              (void)dlt::ladder_write_items(seven, eight, dlt::table_set::first, {});
            }).code(),
            errc::unsupported);
}

TEST(dlt645_settings_plan, tables_come_back_from_the_items) {
  auto t = jiangsu();
  t.holidays = {{date::local_days{date::year{2025} / 10 / 1}, 2}};
  dlt::item_map items;
  for (const auto& i : dlt::tou_write_items(t, {dlt::table_set::first, {}, june_1})) {
    items[i.di] = i.data;
  }
  const auto back = dlt::tou_tables_from_items(dlt::table_set::first, items);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value->holidays, t.holidays);
  EXPECT_EQ(back.value->daily_tables.size(), 2u);
  EXPECT_EQ(back.value->daily_tables[0].size(), 14u);  // as padded
  EXPECT_EQ(back.value->weekend_character, dlt::no_rest_days);
  EXPECT_EQ(back.value->tariff_on(date::local_days{date::year{2025} / 7 / 1}, 15 * 60), 2);
  // the other set is not there; a used table or a counted holiday missing is need_more
  EXPECT_EQ(dlt::tou_tables_from_items(dlt::table_set::second, items).status,
            decode_status::need_more);
  auto missing = items;
  missing.erase(0x04010002);
  EXPECT_EQ(dlt::tou_tables_from_items(dlt::table_set::first, missing).status,
            decode_status::need_more);
  missing = items;
  missing.erase(0x04030001);
  EXPECT_EQ(dlt::tou_tables_from_items(dlt::table_set::first, missing).status,
            decode_status::need_more);
  auto bad = items;
  bad[0x04010001] = hex("00 00");
  EXPECT_EQ(dlt::tou_tables_from_items(dlt::table_set::first, bad).status,
            decode_status::bad_length);
}
