// Tests of include/submeter/metering/interval_series.hpp: series built from values or timestamped
// samples, what they refuse (naming index, time or gap), their accessors, and the sum of series on
// one grid.
#include "submeter/metering/interval_series.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <vector>

#include "submeter/metering/demand.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::metering;
using namespace std::chrono_literals;
using submeter::test_support::error_of;

TEST(IntervalSeries, AccessorsDescribeTheGridAndTheValues) {
  const auto t0 = parse_local_time("2025-07-15T10:00");
  const auto s = interval_series::of_energy(
      t0, 15min, {energy::parse("2.5"), energy::parse("0"), energy::parse("1.0001")},
      demand_unit::kva);
  EXPECT_EQ(s.start(), t0);
  EXPECT_EQ(s.step(), 15min);
  EXPECT_EQ(s.end(), parse_local_time("2025-07-15T10:45"));
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.value_kind(), interval_series::kind::energy);
  EXPECT_EQ(s.unit(), demand_unit::kva);
  EXPECT_EQ(to_string(s.unit()), "kVA");
  EXPECT_EQ(s.mantissas(), (std::vector<std::int64_t>{25000, 0, 10001}));
}

TEST(IntervalSeries, SumOfSeriesOnOneGridIsIntervalByInterval) {
  const auto t0 = parse_local_time("2025-07-15T10:00");
  const auto a = interval_series::of_power(t0, 1min, {power::parse("1"), power::parse("2.5")});
  const auto b = interval_series::of_power(t0, 1min, {power::parse("0.25"), power::parse("3")});
  const auto sum = sum_series({a, b});
  EXPECT_EQ(sum.start(), t0);
  EXPECT_EQ(sum.value_kind(), interval_series::kind::average_power);
  EXPECT_EQ(sum.mantissas(), (std::vector<std::int64_t>{12500, 55000}));
  EXPECT_EQ(error_of([] { (void)sum_series({}); }).code(), errc::invalid_argument);
}

TEST(IntervalSeries, RefusesBadInput) {
  const auto t0 = parse_local_time("2025-07-15T10:00");
  // Negative demand, named by index and time.
  std::vector<power> v(20, power::parse("1"));
  v[7] = power::parse("-3");
  const auto neg = error_of([&] { (void)interval_series::of_power(t0, 1min, v); });
  EXPECT_EQ(neg.code(), errc::invalid_argument);
  EXPECT_EQ(neg.context_value("index"), "7");
  EXPECT_EQ(neg.context_value("time"), "2025-07-15T10:07:00");
  // A step that does not divide the day.
  EXPECT_EQ(error_of([&] { (void)interval_series::of_power(t0, 7min, {power{}}); }).code(),
            errc::invalid_argument);
  // A start off the step grid.
  EXPECT_EQ(error_of([] {
              (void)interval_series::of_power(parse_local_time("2025-07-15T10:07"), 15min,
                                              {power{}});
            }).code(),
            errc::invalid_argument);
  // Lines on different grids cannot be summed.
  const auto short_series = interval_series::of_power(t0, 1min, std::vector<power>(14, power{}));
  const auto other = interval_series::of_power(t0 + 1min, 1min, std::vector<power>(14, power{}));
  EXPECT_EQ(error_of([&] { (void)sum_series({short_series, other}); }).code(), errc::inconsistent);
}

TEST(IntervalSeries, GapsInSamplesAreRefusedAndNamed) {
  const auto t0 = parse_local_time("2025-07-15T10:00");
  std::vector<power_sample> s;
  for (int i = 0; i < 20; ++i) {
    if (i == 5 || i == 6) continue;  // 10:05 and 10:06 missing
    s.push_back({t0 + std::chrono::minutes{i}, power::parse("10")});
  }
  const auto e = error_of([&] { (void)interval_series::from_samples(s, 1min); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("gap_begin"), "2025-07-15T10:05:00");
  EXPECT_EQ(e.context_value("gap_end"), "2025-07-15T10:07:00");
  EXPECT_EQ(e.context_value("missing_intervals"), "2");
  const std::vector<power_sample> twice{{t0, power::parse("1")}, {t0, power::parse("1")}};
  EXPECT_EQ(error_of([&] { (void)interval_series::from_samples(twice, 1min); }).code(),
            errc::out_of_order);
  std::vector<power_sample> ok;
  for (int i = 0; i < 15; ++i) ok.push_back({t0 + std::chrono::minutes{i}, power::parse("2")});
  EXPECT_EQ(max_demand(interval_series::from_samples(ok, 1min), demand_window::sliding()).demand,
            power::parse("2"));
}

}  // namespace
