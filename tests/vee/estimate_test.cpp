// Tests of include/submeter/vee/estimate.hpp: EST-1 linear and EST-2 like-day estimates add up
// to the register delta exactly; EST-3 (估抄) is the last read plus the average of 3 periods;
// EST-4 caps consecutive estimates.
#include "submeter/vee/estimate.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <vector>

#include "support/error_of.hpp"
#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::at;
using test::kwh;

const auto quarter = std::chrono::minutes(15);

TEST(estimate_gaps, linear_splits_the_delta_at_the_register_resolution) {
  // 10.00 → 10.10 across 3 intervals (2 missing reads): 0.04, 0.03, 0.03 (remainder first)
  const std::vector<std::int64_t> reads{kwh("10.00"), missing, missing, kwh("10.10")};
  const auto e = estimate_gaps("M1", 0, at("2026-07-01T00:00"), quarter, reads);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].time, at("2026-07-01T00:15"));
  EXPECT_EQ(e[0].value, energy::parse("10.04"));
  EXPECT_EQ(e[1].value, energy::parse("10.07"));
  EXPECT_EQ(e[0].method, estimate_method::linear);
  EXPECT_EQ(e[0].basis, "between 2026-07-01T00:00:00 (10.00) and 2026-07-01T00:45:00 (10.10)");
  const auto v = e[1].as_value();
  EXPECT_EQ(v.quality, metering::reading_quality::estimated);
  EXPECT_EQ(v.source, metering::reading_source::vee_estimate);
  EXPECT_EQ(rule_id(estimate_method::like_day), "EST-2");
  EXPECT_EQ(parse_estimate_method("average_of_periods"), estimate_method::average_of_periods);
}

TEST(estimate_gaps, across_a_rollover_and_not_at_the_ends_or_backwards) {
  const std::vector<std::int64_t> reads{missing, kwh("999999.98"), missing, kwh("0.02"),
                                        missing, kwh("0.01"),      missing};
  const auto e = estimate_gaps("M1", 0, at("2026-07-01T00:00"), quarter, reads);
  ASSERT_EQ(e.size(), 1u);                       // the ends are open; 0.02 → 0.01 goes backwards
  EXPECT_EQ(e[0].value, energy::parse("0.00"));  // 999999.98 + 0.02 wraps to 0.00
}

TEST(estimate_gaps, like_day_follows_the_profile_a_week_earlier) {
  // 8 days of hourly reads: the first week uses 1 kWh an hour, except 2 kWh from 10:00 to
  // 14:00; on day 8 the reads from 09:00 to 15:00 are missing (6 > linear_max 4).
  const auto hour = std::chrono::minutes(60);
  std::vector<std::int64_t> reads;
  std::int64_t r = kwh("100");
  for (int h = 0; h <= 8 * 24; ++h) {
    reads.push_back(r);
    const int hod = h % 24;
    r += hod >= 10 && hod < 14 ? kwh("2") : kwh("1");
  }
  const std::size_t day8 = 7 * 24;
  for (std::size_t h = day8 + 9; h <= day8 + 14; ++h) reads[h] = missing;
  const auto e = estimate_gaps("M1", 0, at("2026-07-01T00:00"), hour, reads);
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[0].method, estimate_method::like_day);
  EXPECT_NE(e[0].basis.find("shaped like 7 days earlier"), std::string::npos);
  // the week-earlier profile and the actual one agree, so the estimates are the true reads
  std::int64_t truth = kwh("100");
  std::vector<std::int64_t> truths;
  for (int h = 0; h <= 8 * 24; ++h) {
    truths.push_back(truth);
    const int hod = h % 24;
    truth += hod >= 10 && hod < 14 ? kwh("2") : kwh("1");
  }
  for (std::size_t k = 0; k < e.size(); ++k) {
    EXPECT_EQ(e[k].value.mantissa(), truths[day8 + 9 + k]) << k;
  }
}

RC_GTEST_PROP(estimate_gaps, never_backwards_and_lands_on_the_closing_read, ()) {
  const auto missing_count = *rc::gen::inRange<std::size_t>(1, 30);
  const auto delta = *rc::gen::inRange<std::int64_t>(0, 100000) * 100;  // whole 0.01 kWh
  const auto base = *rc::gen::inRange<std::int64_t>(0, 900000) * 10000;
  std::vector<std::int64_t> reads(missing_count + 2, missing);
  reads.front() = base;
  reads.back() = base + delta;
  const auto e = estimate_gaps("M", 0, at("2026-07-01T00:00"), quarter, reads);
  RC_ASSERT(e.size() == missing_count);
  std::int64_t prev = base;
  for (const auto& x : e) {
    RC_ASSERT(x.value.mantissa() >= prev);
    RC_ASSERT(x.value.mantissa() % 100 == 0);  // the register's resolution
    prev = x.value.mantissa();
  }
  RC_ASSERT(prev <= base + delta);
}

TEST(estimate_bound_read, last_read_plus_the_average_of_three_periods) {
  // 估抄: the July-end read is missing; June-end 1234.56; April..June used 300, 310, 320.01
  const std::vector<energy> use{energy::parse("500"), energy::parse("300"), energy::parse("310"),
                                energy::parse("320.01")};
  const auto month = std::chrono::seconds(std::chrono::hours(24 * 31));
  const auto e = estimate_bound_read("M1", 0, at("2026-08-01T00:00"), at("2026-07-01T00:00"),
                                     energy::parse("1234.56"), use, month);
  ASSERT_TRUE(e);
  // (300 + 310 + 320.01) / 3 = 310.003… → 310.00
  EXPECT_EQ(e->value, energy::parse("1544.56"));
  EXPECT_EQ(e->method, estimate_method::average_of_periods);
  EXPECT_EQ(e->basis,
            "last read 1234.56 at 2026-07-01T00:00:00 + 310.00 (average use of 3 earlier periods)");
  // the last read was mid-period: pro rata of the time left
  const auto half = estimate_bound_read("M1", 0, at("2026-08-01T00:00"), at("2026-07-16T12:00"),
                                        energy::parse("1400.00"), use, month);
  ASSERT_TRUE(half);
  EXPECT_EQ(half->value, energy::parse("1555.00"));  // 310.003 × 15.5 / 31 = 155.0017 → 155.00
  EXPECT_NE(half->basis.find("pro rata"), std::string::npos);
  EXPECT_FALSE(estimate_bound_read("M1", 0, at("2026-08-01T00:00"), at("2026-07-01T00:00"),
                                   energy::parse("1"), {}, month));
  EXPECT_EQ(test_support::error_of([&] {
              (void)estimate_bound_read("M1", 0, at("2026-07-01T00:00"), at("2026-07-02T00:00"),
                                        energy::parse("1"), use, month);
            }).code(),
            errc::invalid_argument);
  // wraps past 999999.99
  const auto wrap = estimate_bound_read("M1", 0, at("2026-08-01T00:00"), at("2026-07-01T00:00"),
                                        energy::parse("999900.00"), use, month);
  EXPECT_EQ(wrap->value, energy::parse("210.00"));
}

TEST(check_estimate_cap, the_third_consecutive_estimate_is_an_exception) {
  EXPECT_FALSE(check_estimate_cap("M1", at("2026-08-01T00:00"), 2));
  const auto f = check_estimate_cap("M1", at("2026-08-01T00:00"), 3);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->level, severity::exception);
  EXPECT_EQ(f->id(), "EST-4");
}

}  // namespace
}  // namespace submeter::vee
