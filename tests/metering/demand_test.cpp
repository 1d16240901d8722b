// Tests of include/submeter/metering/demand.hpp, driven by tests/data/vectors/demand.json ›
// demand_series_vectors and multi_line_vectors (TP-3, TP-5), plus edges and bad input.
#include "submeter/metering/demand.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/data_json.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::metering;
using namespace std::chrono_literals;
using submeter::test_support::error_of;

const nlohmann::json& vectors() { return test_support::data_json("vectors/demand.json"); }

interval_series series_of(const nlohmann::json& start, const nlohmann::json& values) {
  std::vector<power> v;
  for (const auto& x : values) v.push_back(power::parse(x.get<std::string>()));
  return interval_series::of_power(parse_local_time(start.get<std::string>()), 1min, v);
}

// The window sum of a power series as a decimal of kW (Σ of the 1-minute values).
power sum_of(const demand_peak& p) { return power::from_mantissa(p.window_sum); }

TEST(Demand, SlidingAndBlockOnTheSeriesVector) {
  for (const auto& v : vectors()["demand_series_vectors"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    const auto s = series_of(v["start"], v["values_kw"]);
    for (const auto& [key, window] : {std::pair{"sliding_15_1", demand_window::sliding()},
                                      std::pair{"block_15", demand_window::block(15min)}}) {
      SCOPED_TRACE(key);
      const auto& e = v["expected"][key];
      const auto p = max_demand(s, window);
      EXPECT_EQ(p.demand, power::parse(e["max_demand_kw"].get<std::string>()));
      EXPECT_EQ(sum_of(p), power::parse(e["window_sum"].get<std::string>()));
      EXPECT_EQ(p.window_begin, parse_local_time(e["window_start"].get<std::string>()));
      EXPECT_EQ(p.window_end, parse_local_time(e["window_end"].get<std::string>()));
      EXPECT_EQ(p.windows_evaluated, e["windows_evaluated"].get<std::int64_t>());
    }
    const auto blocks = window_demands(s, demand_window::block(15min));
    const auto& all = v["expected"]["all_block_demands_kw"];
    ASSERT_EQ(blocks.size(), all.size());
    for (std::size_t i = 0; i < blocks.size(); ++i)
      EXPECT_EQ(blocks[i].demand, power::parse(all[i].get<std::string>()));
  }
}

TEST(Demand, SeveralIncomingLinesAreSummedNotCoincident) {
  for (const auto& v : vectors()["multi_line_vectors"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    const auto l1 = series_of(v["start"], v["line_1_kw"]);
    const auto l2 = series_of(v["start"], v["line_2_kw"]);
    const auto& e = v["expected"];
    const auto d = max_demand_of_lines({l1, l2}, demand_window::sliding());
    ASSERT_EQ(d.lines.size(), 2U);
    EXPECT_EQ(d.lines[0].demand, power::parse(e["line_1_max_kw"].get<std::string>()));
    EXPECT_EQ(d.lines[0].window_end, parse_local_time(e["line_1_window_end"].get<std::string>()));
    EXPECT_EQ(d.lines[1].demand, power::parse(e["line_2_max_kw"].get<std::string>()));
    EXPECT_EQ(d.lines[1].window_end, parse_local_time(e["line_2_window_end"].get<std::string>()));
    EXPECT_EQ(d.billing_demand, power::parse(e["billing_demand_kw"].get<std::string>()));
    const auto coincident = max_demand(sum_series({l1, l2}), demand_window::sliding());
    EXPECT_EQ(coincident.demand, power::parse(e["coincident_max_kw_not_used"].get<std::string>()));
    EXPECT_LT(coincident.demand, d.billing_demand);
  }
}

TEST(Demand, EnergySeriesGivesTheSameDemandAsPower) {
  // 15-minute energy: 25 kWh in a quarter hour is 100 kW; a 30-minute block averages two.
  const std::vector<energy> e{energy::parse("25"), energy::parse("50"), energy::parse("10"),
                              energy::parse("30")};
  const auto s = interval_series::of_energy(parse_local_time("2025-07-15T10:00"), 15min, e);
  const auto p15 = max_demand(s, demand_window::block(15min));
  EXPECT_EQ(p15.demand, power::parse("200"));
  EXPECT_EQ(p15.window_end, parse_local_time("2025-07-15T10:30"));
  const auto p30 = max_demand(s, demand_window::block(30min));
  EXPECT_EQ(p30.demand, power::parse("150"));
  EXPECT_EQ(p30.windows_evaluated, 2);
  // Sliding 30/15 sees the 10:15–10:45 window too: (50 + 10) kWh × 2 = 120 < 150.
  EXPECT_EQ(max_demand(s, demand_window::sliding(30min, 15min)).windows_evaluated, 3);
}

TEST(Demand, BlockWindowsAlignToMidnightAndOnlyCompleteWindowsCount) {
  // Data from 10:05: the first complete 15-minute block is 10:15–10:30.
  std::vector<power> v(40, power::parse("10"));
  v[0] = power::parse("1000");  // in the incomplete 10:05–10:15 part: never counted by blocks
  const auto s = interval_series::of_power(parse_local_time("2025-07-15T10:05"), 1min, v);
  const auto b = max_demand(s, demand_window::block(15min));
  EXPECT_EQ(b.window_begin, parse_local_time("2025-07-15T10:15"));
  EXPECT_EQ(b.windows_evaluated, 2);  // 10:15 and 10:30; 10:45 is incomplete
  EXPECT_EQ(b.demand, power::parse("10"));
  const auto sl = max_demand(s, demand_window::sliding());
  EXPECT_EQ(sl.window_begin, parse_local_time("2025-07-15T10:05"));
  EXPECT_EQ(sl.windows_evaluated, 26);
}

TEST(Demand, TiesReportTheEarliestWindowAndRoundHalfUp) {
  std::vector<power> v(45, power::parse("0"));
  v[0] = power::parse("0.0001");  // window sum 0.0001 / 15 → 0.0000067 → 0.0000 half-up
  const auto s = interval_series::of_power(parse_local_time("2025-07-15T00:00"), 1min, v);
  const auto p = max_demand(s, demand_window::sliding());
  EXPECT_EQ(p.window_begin, parse_local_time("2025-07-15T00:00"));
  EXPECT_EQ(p.demand, power::parse("0"));
  std::vector<power> w(15, power::parse("0"));
  w[0] = power::parse("0.0008");  // 0.0008 / 15 = 0.0000533… → 0.0001
  EXPECT_EQ(max_demand(interval_series::of_power(parse_local_time("2025-07-15T00:00"), 1min, w),
                       demand_window::block())
                .demand,
            power::parse("0.0001"));
}

TEST(Demand, PerRegisterWindowsBelongToTheRegisterInForceAtTheirEnd) {
  // 60 minutes: register 2 (peak) for 10:00–10:30, register 4 (valley) after.
  std::vector<power> v(60, power::parse("100"));
  for (std::size_t i = 20; i < 30; ++i) v[i] = power::parse("400");
  std::vector<std::uint8_t> reg(60, 2);
  for (std::size_t i = 30; i < 60; ++i) reg[i] = 4;
  const auto s = interval_series::of_power(parse_local_time("2025-07-15T10:00"), 1min, v);
  const auto r = max_demand_by_register(s, demand_window::sliding(), reg);
  ASSERT_TRUE(r[2] && r[4]);
  EXPECT_FALSE(r[1]);
  // Peak windows end 10:15..10:30: the best is 10:15–10:30 with 10 minutes at 400 → 300 kW.
  EXPECT_EQ(r[2]->demand, power::parse("300"));
  EXPECT_EQ(r[2]->window_end, parse_local_time("2025-07-15T10:30"));
  EXPECT_EQ(r[2]->windows_evaluated, 16);
  // Valley windows end 10:31..11:00; 10:16–10:31 also holds all 10 minutes at 400.
  EXPECT_EQ(r[4]->window_end, parse_local_time("2025-07-15T10:31"));
  EXPECT_EQ(r[4]->demand, power::parse("300"));
  EXPECT_EQ(r[4]->windows_evaluated, 30);
  EXPECT_EQ(error_of([&] { (void)max_demand_by_register(s, demand_window::sliding(), {}); }).code(),
            errc::invalid_argument);
}

TEST(Demand, TenantPeaksOwnAndCoincident) {
  // Site = A + B. A peaks early, B late; the site peaks where both are moderately high.
  std::vector<power> a(30, power::parse("10")), b(30, power::parse("10"));
  for (std::size_t i = 0; i < 15; ++i) a[i] = power::parse("50");
  for (std::size_t i = 15; i < 30; ++i) b[i] = power::parse("60");
  const auto t0 = parse_local_time("2025-07-15T10:00");
  const auto sa = interval_series::of_power(t0, 1min, a);
  const auto sb = interval_series::of_power(t0, 1min, b);
  const auto site = sum_series({sa, sb});
  const auto p = peaks_for_sharing(site, {sa, sb}, demand_window::block());
  EXPECT_EQ(p.site.demand, power::parse("70"));
  EXPECT_EQ(p.site.window_begin, parse_local_time("2025-07-15T10:15"));
  ASSERT_EQ(p.coincident.size(), 2U);
  EXPECT_EQ(p.coincident[0], power::parse("10"));
  EXPECT_EQ(p.coincident[1], power::parse("60"));
  EXPECT_EQ(p.own[0].demand, power::parse("50"));
  EXPECT_EQ(p.own[1].demand, power::parse("60"));
  EXPECT_EQ(p.coincident[0] + p.coincident[1], p.site.demand);
}

TEST(Demand, RegisterReadingTimesTheMultiplier) {
  const auto m = meter::make("M-1", ratio::parse("40"));
  const max_demand_reading r{power::parse("12.3456"), parse_local_time("2025-07-15T10:23"), 0,
                             demand_unit::kw};
  EXPECT_EQ(register_demand(r, m), power::parse("493.824"));
  const max_demand_reading neg{power::parse("-1"), parse_local_time("2025-07-15T10:23"), 0,
                               demand_unit::kw};
  EXPECT_EQ(error_of([&] { (void)register_demand(neg, m); }).code(), errc::invalid_argument);
}

TEST(Demand, RefusesBadInput) {
  const auto t0 = parse_local_time("2025-07-15T10:00");
  // A window that does not divide the day.
  EXPECT_EQ(error_of([] { (void)demand_window::block(7min); }).code(), errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)demand_window::sliding(15min, 4min); }).code(),
            errc::invalid_argument);
  // A window built as an aggregate is checked too.
  const auto s1 = interval_series::of_power(t0, 1min, std::vector<power>(30, power{}));
  EXPECT_EQ(error_of([&] {
              (void)max_demand(s1, demand_window{demand_method::sliding, 15min, 0min});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(max_demand(s1, demand_window{demand_method::block, 15min, 1min}).windows_evaluated, 2);
  // Window not a multiple of the step; too short for one window.
  const auto s15 = interval_series::of_power(t0, 15min, std::vector<power>(8, power{}));
  EXPECT_EQ(error_of([&] { (void)max_demand(s15, demand_window::sliding()); }).code(),
            errc::invalid_argument);
  const auto short_series = interval_series::of_power(t0, 1min, std::vector<power>(14, power{}));
  EXPECT_EQ(error_of([&] { (void)max_demand(short_series, demand_window::sliding()); }).code(),
            errc::invalid_argument);
}

// The O(n) running sum agrees with recomputing every window from scratch.
RC_GTEST_PROP(DemandProperty, RunningSumEqualsNaiveMaximum, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(15, 400);
  // Small ranges make ties frequent: the earliest window must still win.
  const auto hi = *rc::gen::element<std::int64_t>(2, 4, 100000000);
  const auto raw =
      *rc::gen::container<std::vector<std::int64_t>>(n, rc::gen::inRange<std::int64_t>(0, hi));
  std::vector<power> v;
  for (auto m : raw) v.push_back(power::from_mantissa(m));
  const auto s = interval_series::of_power(parse_local_time("2025-07-15T00:00"), 1min, v);
  const auto p = max_demand(s, demand_window::sliding());
  std::int64_t best = -1;
  std::size_t at = 0;
  for (std::size_t i = 0; i + 15 <= n; ++i) {
    std::int64_t sum = 0;
    for (std::size_t j = i; j < i + 15; ++j) sum += raw[j];
    if (sum > best) {
      best = sum;
      at = i;
    }
  }
  RC_ASSERT(p.window_sum == best);
  RC_ASSERT(p.window_begin == s.start() + std::chrono::minutes{static_cast<std::int64_t>(at)});
}

}  // namespace
