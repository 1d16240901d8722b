// Tests of submeter/meters/dlt645/tou_tables.hpp: the year time-zone table, daily period tables,
// public holidays, switch-over times and counts (MTOU-1..6) encode as the vectors of
// dlt645-settings.json, decode back, refuse bad rows; a meter picks tables and periods as
// DL/T 645 meters do (holiday, rest day, zone; across the year end and midnight).
#include "submeter/meters/dlt645/tou_tables.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "submeter/meters/dlt645/frame.hpp"
#include "support/error_of.hpp"
#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::errc;
using submeter::meters::byte_span;
using submeter::meters::clock_fields;
using submeter::meters::clock_value;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;
using submeter::test_support::error_of;

namespace {

date::local_days day(int y, unsigned m, unsigned d) {
  return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

// The data of a write vector: after DI (4), PA P0..P2 (4), C0..C3 (4), −0x33.
std::vector<std::uint8_t> tables_write_data(const std::string& id) {
  const auto doc = load_vectors("dlt645-settings.json");
  for (const auto& v : doc["vectors"]) {
    if (v["id"] != id) continue;
    const auto f = dlt::decode(hex(v["hex"].get<std::string>()));
    return f.value->payload().subspan(12).to_vector();
  }
  ADD_FAILURE() << "no vector " << id;
  return {};
}

}  // namespace

TEST(dlt645_tou_tables, dis_of_the_two_sets) {
  EXPECT_EQ(dlt::year_zone_table_di(dlt::table_set::first), 0x04010000u);
  EXPECT_EQ(dlt::year_zone_table_di(dlt::table_set::second), 0x04020000u);
  EXPECT_EQ(dlt::daily_table_di(dlt::table_set::first, 1), 0x04010001u);
  EXPECT_EQ(dlt::daily_table_di(dlt::table_set::second, 8), 0x04020008u);
  EXPECT_EQ(dlt::public_holiday_di(1), 0x04030001u);
  EXPECT_EQ(dlt::public_holiday_di(254), 0x040300FEu);
  EXPECT_EQ(dlt::zone_switch_time_di, 0x04000106u);
  EXPECT_EQ(dlt::daily_switch_time_di, 0x04000107u);
}

TEST(dlt645_tou_tables, jiangsu_tables_encode_as_the_independent_vectors) {
  const std::vector<dlt::zone_row> zones{{1, 1, 1}, {3, 1, 2}, {6, 1, 1}, {9, 1, 2}, {12, 1, 1}};
  EXPECT_EQ(dlt::encode_zone_table(zones, 14), tables_write_data("set2-zones-jiangsu"));
  const std::vector<dlt::period_row> t1{{0, 0, 4},  {6, 0, 3},  {11, 0, 4},
                                        {13, 0, 3}, {14, 0, 2}, {22, 0, 3}};
  EXPECT_EQ(dlt::encode_daily_table(t1, 14),
            tables_write_data("set2-table1-jiangsu-summer-winter"));
  const auto h = dlt::encode_holiday({day(2025, 10, 1), 3});
  EXPECT_EQ(std::vector<std::uint8_t>(h.begin(), h.end()),
            tables_write_data("holiday-1-2025-10-01-t3"));
  const auto s = dlt::encode_switch_time(clock_value{clock_fields::date_time, 2025, 6, 1, 0, 0});
  EXPECT_EQ(std::vector<std::uint8_t>(s.begin(), s.end()),
            tables_write_data("zone-switch-2025-06-01"));
  EXPECT_EQ(dlt::encode_count(0, 2), tables_write_data("holiday-count-0"));
}

TEST(dlt645_tou_tables, tables_decode_back_and_padding_is_kept_as_sent) {
  const std::vector<dlt::zone_row> zones{{1, 1, 1}, {3, 1, 2}};
  const auto data = dlt::encode_zone_table(zones, 4);
  ASSERT_EQ(data.size(), 12u);
  const auto back = dlt::decode_zone_table(data);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back.value, (std::vector<dlt::zone_row>{{1, 1, 1}, {3, 1, 2}, {3, 1, 2}, {3, 1, 2}}));
  // FF rows (not supported) are dropped
  auto with_ff = dlt::encode_daily_table({{0, 0, 3}});
  with_ff.insert(with_ff.end(), {0xFF, 0xFF, 0xFF});
  const auto rows = dlt::decode_daily_table(with_ff);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value->size(), 1u);
  const auto h = dlt::decode_holiday(hex("03 01 10 25"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h.value, (dlt::holiday_row{day(2025, 10, 1), 3}));
}

TEST(dlt645_tou_tables, negative_vectors_are_refused_with_their_status) {
  const auto doc = load_vectors("dlt645-settings.json");
  for (const auto& v : doc["negative_vectors"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    const auto data = hex(v["data"].get<std::string>());
    const auto item = v["item"].get<std::string>();
    decode_status s = decode_status::ok;
    if (item == "04020000") s = dlt::decode_zone_table(data).status;
    if (item == "04020001") s = dlt::decode_daily_table(data).status;
    if (item == "04030001") s = dlt::decode_holiday(data).status;
    if (item == "04000106") s = dlt::decode_switch_time(data).status;
    if (item.rfind("0405", 0) == 0) continue;  // price_items_test.cpp
    EXPECT_EQ(std::string(to_string(s)), v["expect"].get<std::string>());
  }
}

TEST(dlt645_tou_tables, decoders_refuse_lengths_and_values) {
  EXPECT_EQ(dlt::decode_zone_table({}).status, decode_status::bad_length);
  EXPECT_EQ(dlt::decode_zone_table(std::vector<std::uint8_t>(45, 0x01)).status,
            decode_status::bad_length);                                                  // 15 rows
  EXPECT_EQ(dlt::decode_zone_table(hex("01 30 02")).status, decode_status::bad_value);   // 02-30
  EXPECT_EQ(dlt::decode_zone_table(hex("09 01 01")).status, decode_status::bad_value);   // t9
  EXPECT_EQ(dlt::decode_zone_table(hex("FF FF FF")).status, decode_status::bad_value);   // none
  EXPECT_EQ(dlt::decode_daily_table(hex("64 00 00")).status, decode_status::bad_value);  // T64
  EXPECT_EQ(dlt::decode_holiday(hex("01 01 01")).status, decode_status::bad_length);
  EXPECT_EQ(dlt::decode_holiday(hex("09 01 01 25")).status, decode_status::bad_value);
  EXPECT_EQ(dlt::decode_switch_time(hex("00 00 00 00")).status, decode_status::bad_length);
  EXPECT_EQ(dlt::decode_count(hex("FF")).status, decode_status::bad_value);
  EXPECT_EQ(dlt::decode_count(hex("1A")).status, decode_status::bad_value);
  EXPECT_EQ(*dlt::decode_count(hex("54 02")).value, 254);
}

TEST(dlt645_tou_tables, a_cleared_switch_over_time_reads_as_none) {
  const auto zero = dlt::decode_switch_time(hex("00 00 00 00 00"));
  ASSERT_TRUE(zero.ok());
  EXPECT_FALSE(zero.value->has_value());
  EXPECT_FALSE(dlt::decode_switch_time(hex("FF FF FF FF FF")).value->has_value());
  const auto t = dlt::decode_switch_time(hex("30 22 29 02 28"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ((*t.value)->to_string(), "2028-02-29 22:30:00");
}

TEST(dlt645_tou_tables, encoders_refuse_bad_rows_naming_them) {
  const auto e = error_of([] { (void)dlt::encode_zone_table({{1, 1, 1}, {2, 30, 1}}); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("row"), "2");
  EXPECT_EQ(error_of([] { (void)dlt::encode_zone_table({}); }).code(), errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)dlt::encode_daily_table(std::vector<dlt::period_row>(15, {0, 0, 1}));
            }).code(),
            errc::unsupported);
  EXPECT_EQ(error_of([] {
              (void)dlt::encode_daily_table({{24, 0, 1}});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)dlt::encode_holiday({day(2100, 1, 1), 1});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)dlt::encode_switch_time(clock_value{clock_fields::date_time, 2025, 2, 30});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)dlt::encode_count(100); }).code(), errc::invalid_argument);
  dlt::meter_capacity cap;
  cap.daily_tables = 9;
  const auto c = error_of([&] { cap.check(); });
  EXPECT_EQ(c.context_value("di"), "04000202");
}

TEST(dlt645_tou_tables, a_meter_picks_holiday_then_rest_day_then_zone) {
  dlt::tou_tables t;
  t.zones = {{3, 1, 1}, {11, 15, 2}};  // nothing starts on 01-01: January is in the 11-15 zone
  t.daily_tables = {{{8, 0, 2}, {22, 0, 4}}, {{0, 0, 3}}, {{0, 0, 1}}, {{0, 0, 4}}};
  t.holidays = {{day(2025, 10, 1), 3}};
  EXPECT_EQ(t.table_on(day(2025, 1, 10)), 2);  // before the first start: the last zone
  EXPECT_EQ(t.table_on(day(2025, 3, 1)), 1);
  EXPECT_EQ(t.table_on(day(2025, 11, 14)), 1);
  EXPECT_EQ(t.table_on(day(2025, 11, 15)), 2);
  EXPECT_EQ(t.table_on(day(2025, 10, 1)), 3);  // holiday
  t.weekend_character = 0x3E;                  // Sunday and Saturday rest (bits 0, 6 clear)
  t.weekend_table = 4;
  EXPECT_EQ(t.table_on(day(2025, 10, 4)), 4);  // a Saturday
  EXPECT_EQ(t.table_on(day(2025, 10, 6)), 1);  // a Monday
  EXPECT_EQ(t.table_on(day(2025, 10, 1)), 3);  // the holiday still wins
  // Periods: before the first start, the last row (across midnight)
  EXPECT_EQ(t.tariff_at(1, 0), 4);
  EXPECT_EQ(t.tariff_at(1, 7 * 60 + 59), 4);
  EXPECT_EQ(t.tariff_at(1, 8 * 60), 2);
  EXPECT_EQ(t.tariff_at(1, 22 * 60), 4);
  EXPECT_EQ(t.tariff_at(9, 0), 0);
  EXPECT_EQ(t.tariff_on(day(2025, 3, 3), 9 * 60), 2);  // a Monday
  EXPECT_EQ(dlt::tou_tables{}.table_on(day(2025, 1, 1)), 0);
}

TEST(dlt645_tou_tables, to_clock_value_drops_seconds) {
  const auto c = dlt::to_clock_value(submeter::parse_local_time("2025-06-01 00:00:59"));
  EXPECT_EQ(c.to_string(), "2025-06-01 00:00:00");
}

RC_GTEST_PROP(dlt645_tou_tables, rows_round_trip, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 15);
  std::vector<dlt::period_row> rows;
  for (std::size_t i = 0; i < n; ++i) {
    rows.push_back({*rc::gen::inRange(0, 24), *rc::gen::inRange(0, 60), *rc::gen::inRange(1, 64)});
  }
  const auto back = dlt::decode_daily_table(dlt::encode_daily_table(rows));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back.value == rows);
  std::vector<dlt::zone_row> zones;
  for (std::size_t i = 0; i < n; ++i) {
    const int m = *rc::gen::inRange(1, 13);
    zones.push_back(
        {m, *rc::gen::inRange(1, dlt::detail::days_in_month_leap(m) + 1), *rc::gen::inRange(1, 9)});
  }
  RC_ASSERT(*dlt::decode_zone_table(dlt::encode_zone_table(zones)).value == zones);
}
