// Tests of include/submeter/tariff/interval_usage.hpp: classification of interval data.
#include "submeter/tariff/interval_usage.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "io/calendar_json.hpp"
#include "io/tou_json.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/tariff/tou_prices.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using namespace std::chrono_literals;

nlohmann::json read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}
const calendar::holiday_calendar& china() {
  static const auto c =
      io::calendar_from_json(read(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json"));
  return c;
}
tou_schedule province(const std::string& name) {
  return io::tou_schedule_from_json(read(SUBMETER_SOURCE_DIR "/src/data/tou/cn/" + name + ".json"));
}

TEST(IntervalUsage, ShanghaiJulyConstantLoadDayCosts1686) {
  // rules.md TOU vectors: a constant 100 kW load on a July day, two-part Shanghai, P = 0.6,
  // 峰 1.8P, 谷 0.4P, 尖 = 峰 × 1.25: 200×1.35 + 800×1.08 + 600×0.60 + 800×0.24 = 1686.00.
  const auto s = province("shanghai-2p");
  const auto w =
      window_classifier::make(s, china(), {}, parse_local_time("2026-07-15T00:00"), 15min, 96);
  const std::vector<energy> quarter_hours(96, energy::parse("25"));
  const auto u = w.classify(quarter_hours);
  EXPECT_EQ(u.by_register[1], energy::parse("200"));
  EXPECT_EQ(u.by_register[2], energy::parse("800"));
  EXPECT_EQ(u.by_register[3], energy::parse("600"));
  EXPECT_EQ(u.by_register[4], energy::parse("800"));
  EXPECT_EQ(u.total, energy::parse("2400"));
  EXPECT_EQ(u.split_intervals, 0);
  const auto prices = to_register_prices(
      s.registers(), derive_prices(s.registers(), {{"flat", energy_price::parse("0.6"), true}},
                                   {{1, {ratio::parse("1.8"), ratio::parse("1.25")}},
                                    {2, {ratio::parse("1.8")}},
                                    {3, {ratio::parse("1")}},
                                    {4, {ratio::parse("0.4")}}}));
  money total;
  for (int r = 1; r <= 4; ++r) {
    const auto l = bill::energy_line("M1", r, s.registers().name_of(r),
                                     u.by_register[static_cast<std::size_t>(r)], *prices.price(r),
                                     bill::rounding_rule{});
    total += rescale<money>(l.amount, rounding::half_up);
  }
  EXPECT_EQ(total, money::parse("1686.00"));
}

TEST(IntervalUsage, HourlyDataAcrossAHalfHourBoundaryIsSplitProRata) {
  // A synthetic table with half-hour boundaries: peak 07:30–15:00, flat 15:00–23:30, valley the
  // rest.
  const auto table = day_table::make(
      "half",
      {{2, 7 * 60 + 30, 15 * 60}, {3, 15 * 60, 23 * 60 + 30}, {4, 23 * 60 + 30, 7 * 60 + 30}});
  const auto s = tou_schedule::make("half", register_set::conventional(4), {}, {table},
                                    {{{}, {}, "", "half"}}, {});
  const auto w =
      window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:00"), 60min, 48);
  EXPECT_EQ(w.mixed_count(), 4u);  // 07:00 and 23:00 on each of two days
  std::vector<energy> hourly(48, energy::parse("1"));
  hourly[7] = energy::parse("0.0003");  // day 1, 07:00–08:00: 0.00015 valley / 0.00015 peak
  const auto u = w.classify(hourly);
  EXPECT_EQ(u.split_intervals, 4);
  EXPECT_EQ(u.total, energy::parse("47.0003"));
  // Per day: valley 7 whole hours + ½ of 07:00 + ½ of 23:00; peak 7 + ½ of 07:00; flat 8 + ½ of
  // 23:00. Day 1's 0.0003 kWh at 07:00 splits into 3 units of 0.0001 with equal weights: the tie
  // goes to the earlier item, register 2 (peak): peak 0.0002, valley 0.0001.
  EXPECT_EQ(u.by_register[2], energy::parse("14.5002"));  // 7.0002 + 7.5
  EXPECT_EQ(u.by_register[3], energy::parse("17"));       // 8.5 + 8.5
  EXPECT_EQ(u.by_register[4], energy::parse("15.5001"));  // 7.5001 + 8
  EXPECT_EQ(u.by_register[2] + u.by_register[3] + u.by_register[4], u.total);
}

TEST(IntervalUsage, HolidaysAndMonthsFollowTheCalendar) {
  // Zhejiang: 深谷 10:00–14:00 on 国庆节 days only; 15-minute data over 2026-09-30 .. 10-02.
  const auto s = province("zhejiang");
  const auto w =
      window_classifier::make(s, china(), {}, parse_local_time("2026-09-30T00:00"), 15min, 3 * 96);
  const auto u = w.classify(std::vector<energy>(3 * 96, energy::parse("1")));
  EXPECT_EQ(u.by_register[5], energy::parse("32"));  // 2 days × 4 h × 4 quarter hours
  EXPECT_EQ(u.total, energy::parse("288"));
}

TEST(IntervalUsage, RefusesBadWindowsAndData) {
  const auto s = province("beijing");
  auto code = [](const std::function<void()>& f) {
    return submeter::test_support::error_of(f).code();
  };
  EXPECT_EQ(code([&] {
              (void)window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:00"), 7min,
                                            10);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([&] {
              (void)window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:05"), 15min,
                                            10);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([&] {
              (void)window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:00"), 15min,
                                            0);
            }),
            errc::invalid_argument);
  const auto w = window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:00"), 15min, 4);
  EXPECT_EQ(code([&] { (void)w.classify(std::vector<energy>(3, energy::parse("1"))); }),
            errc::invalid_argument);
  std::vector<energy> v(4, energy::parse("1"));
  v[2] = energy::parse("-1");
  try {
    (void)w.classify(v);
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("index"), "2");
  }
  std::vector<std::int64_t> huge(4, std::numeric_limits<std::int64_t>::max());
  EXPECT_THROW((void)w.classify(huge.data()), std::overflow_error);
}

TEST(IntervalUsage, StartsMidDay) {
  const auto s = province("beijing");  // 谷 23:00–07:00
  const auto w = window_classifier::make(s, {}, {}, parse_local_time("2026-04-15T22:00"), 60min, 3);
  EXPECT_EQ(w.register_of(0), 3);  // 22:00 平
  EXPECT_EQ(w.register_of(1), 4);  // 23:00 谷
  EXPECT_EQ(w.register_of(2), 4);  // 00:00 next day 谷
}

}  // namespace
