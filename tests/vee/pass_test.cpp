// Tests of include/submeter/vee/pass.hpp: check_intervals finds exactly what the separate
// interval rules find; run_vee over a small period of store rows finds each kind of problem,
// estimates what is missing and lists the meters that are not billable.
#include "submeter/vee/pass.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::at;
using test::read;

std::vector<std::tuple<int, local_time, local_time>> keys(std::vector<finding> f) {
  std::vector<std::tuple<int, local_time, local_time>> out;
  for (const auto& x : f) out.emplace_back(static_cast<int>(x.what), x.time, x.until);
  std::sort(out.begin(), out.end());
  return out;
}

RC_GTEST_PROP(check_intervals, equals_the_separate_rules, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(0, 300);
  std::vector<std::int64_t> use;
  for (std::size_t i = 0; i < n; ++i) {
    const int kind = *rc::gen::inRange(0, 10);
    if (kind == 0) {
      use.push_back(missing);
    } else if (kind < 4) {
      use.push_back(0);
    } else if (kind == 4) {
      use.push_back(*rc::gen::inRange<std::int64_t>(0, 10000000));
    } else {
      use.push_back(*rc::gen::inRange<std::int64_t>(0, 20000));
    }
  }
  interval_rules rules;
  rules.spikes.neighbours = *rc::gen::inRange(1, 6);
  rules.zero_use.min_intervals = *rc::gen::inRange<std::size_t>(1, 8);
  const auto v = interval_values::of(at("2026-07-01T00:00"), std::chrono::minutes(15), use);
  const std::vector<local_interval> occupied{
      local_interval::make(at("2026-07-01T02:00"), at("2026-07-02T00:00"))};
  auto separate = find_gaps("M", v);
  for (auto& f : find_spikes("M", v, rules.spikes)) separate.push_back(f);
  for (auto& f : find_zero_runs("M", v, occupied, rules.zero_use)) separate.push_back(f);
  RC_ASSERT(keys(check_intervals("M", v, occupied, rules)) == keys(separate));
}

TEST(run_vee, a_month_of_problems) {
  vee_period period;
  period.window = local_interval::make(at("2026-07-01T00:00"), at("2026-08-01T00:00"));
  for (const char* m : {"2026-04-01T00:00", "2026-05-01T00:00", "2026-06-01T00:00"}) {
    const auto b = at(m);
    period.history.push_back(local_interval::make(b, b + std::chrono::hours(24 * 30)));
  }
  std::vector<metering::register_value> rows;
  // A: monthly reads, July's end read missing → EST-3 from April..June (100 kWh a month)
  rows.push_back(read("A", 0, "2026-04-01T00:00", "1000.00"));
  rows.push_back(read("A", 0, "2026-05-01T00:00", "1100.00"));
  rows.push_back(read("A", 0, "2026-06-01T00:00", "1200.00"));
  rows.push_back(read("A", 0, "2026-07-01T00:00", "1300.00"));
  // B: goes backwards in July, read twice with two values, and its clock runs ahead
  rows.push_back(read("B", 0, "2026-07-01T00:00", "500.00"));
  rows.push_back(read("B", 0, "2026-07-10T00:00", "520.00"));
  rows.push_back(read("B", 0, "2026-07-20T00:00", "510.00"));
  rows.push_back(read("B", 0, "2026-08-01T00:00", "530.00", "2026-07-31T23:00"));
  rows.push_back(read("B", 0, "2026-07-10T00:00", "520.50"));
  // C: no history and no July-end read → an exception
  rows.push_back(read("C", 0, "2026-07-01T00:00", "1.00"));
  // D: used 500 kWh in July after 100 a month: high (VEE-5)
  for (const auto& [t, v] : {std::pair{"2026-04-01T00:00", "0.00"},
                             {"2026-05-01T00:00", "100.00"},
                             {"2026-06-01T00:00", "200.00"},
                             {"2026-07-01T00:00", "300.00"},
                             {"2026-08-01T00:00", "800.00"}}) {
    rows.push_back(read("D", 0, t, v));
  }
  // an estimated row in the store is not a read
  auto est = read("D", 0, "2026-07-15T00:00", "9999.00");
  est.quality = metering::reading_quality::estimated;
  rows.push_back(est);

  const auto rep = run_vee(rows, period);
  EXPECT_EQ(rep.meters, 4u);
  ASSERT_EQ(rep.estimates.size(), 1u);
  EXPECT_EQ(rep.estimates[0].meter_id, "A");
  EXPECT_EQ(rep.estimates[0].time, at("2026-08-01T00:00"));
  EXPECT_EQ(rep.estimates[0].value, energy::parse("1400.00"));
  EXPECT_EQ(rep.estimates[0].method, estimate_method::average_of_periods);

  std::vector<std::string> seen;
  for (const auto& f : rep.findings) {
    seen.push_back(f.meter_id + " " + std::string(f.id()) + " " + std::string(to_string(f.what)));
  }
  const std::vector<std::string> expected{"B VEE-1 duplicate", "B VEE-3 backwards",
                                          "B VEE-8 clock_skew", "C VEE-2 gap", "D VEE-5 high_low"};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(rep.exceptions, (std::vector<std::string>{"B", "C"}));

  // A second pass with A's estimate as an earlier one: not estimated again; a third estimated
  // month in a row trips EST-4.
  vee_period september = period;
  september.window = local_interval::make(at("2026-08-01T00:00"), at("2026-09-01T00:00"));
  september.history.erase(september.history.begin());
  september.history.push_back(period.window);
  const std::vector<estimate> earlier{rep.estimates[0]};
  const auto again = run_vee(rows, september, {}, {}, {}, earlier);
  std::vector<estimate> of_a;
  for (const auto& e : again.estimates) {
    if (e.meter_id == "A") of_a.push_back(e);
  }
  ASSERT_EQ(of_a.size(), 1u);
  EXPECT_EQ(of_a[0].time, at("2026-09-01T00:00"));
  EXPECT_EQ(of_a[0].value, energy::parse("1500.00"));
  vee_options strict;
  strict.estimates.max_consecutive = 1;
  const auto capped = run_vee(rows, september, strict, {}, {}, earlier);
  bool cap = false;
  for (const auto& f : capped.findings)
    cap = cap || (f.meter_id == "A" && f.what == rule::estimate_cap);
  EXPECT_TRUE(cap);
  EXPECT_NE(std::find(capped.exceptions.begin(), capped.exceptions.end(), "A"),
            capped.exceptions.end());
}

TEST(run_vee, fifteen_minute_meters_get_interval_rules_and_short_gaps_filled) {
  vee_period period;
  period.window = local_interval::make(at("2026-07-01T00:00"), at("2026-07-02T00:00"));
  std::vector<metering::register_value> rows;
  std::int64_t r = test::kwh("100.00");
  for (int q = 0; q <= 96; ++q) {
    const auto t = at("2026-07-01T00:00") + std::chrono::minutes(15) * q;
    if (q == 40) r += test::kwh("30.00");  // a spike in the 39th interval
    if (q != 10 && q != 11) {
      metering::register_value v;
      v.meter_id = "E";
      v.time = t;
      v.value = energy::from_mantissa(r);
      rows.push_back(v);
    }
    r += test::kwh("0.50");
  }
  const auto rep = run_vee(rows, period);
  std::vector<std::string> seen;
  for (const auto& f : rep.findings) seen.push_back(std::string(to_string(f.what)));
  EXPECT_EQ(seen, (std::vector<std::string>{"gap", "spike"}));
  ASSERT_EQ(rep.estimates.size(), 2u);
  EXPECT_EQ(rep.estimates[0].time, at("2026-07-01T02:30"));
  EXPECT_EQ(rep.estimates[0].value, energy::parse("105.00"));
  EXPECT_EQ(rep.estimates[1].value, energy::parse("105.50"));
  EXPECT_TRUE(rep.exceptions.empty());
}

}  // namespace
}  // namespace submeter::vee
