// Tests of include/submeter/vee/zero_use.hpp (VEE-6): zero runs count only while occupied.
#include "submeter/vee/zero_use.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/error_of.hpp"
#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::at;

TEST(find_zero_runs, only_inside_occupied_windows) {
  std::vector<std::int64_t> use(12, 0);
  use[6] = 5;
  const auto v = interval_values::of(at("2026-07-01T00:00"), std::chrono::minutes(60), use);
  zero_use_params p;
  p.min_intervals = 3;
  const std::vector<local_interval> always{
      local_interval::make(at("2026-07-01T00:00"), at("2026-07-02T00:00"))};
  auto f = find_zero_runs("M1", v, always, p);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].time, at("2026-07-01T00:00"));
  EXPECT_EQ(f[0].until, at("2026-07-01T06:00"));
  EXPECT_EQ(f[1].time, at("2026-07-01T07:00"));
  EXPECT_EQ(f[1].until, at("2026-07-01T12:00"));
  // occupied only 08:00..10:00: a run of two, below the minimum
  const std::vector<local_interval> morning{
      local_interval::make(at("2026-07-01T08:00"), at("2026-07-01T10:00"))};
  EXPECT_TRUE(find_zero_runs("M1", v, morning, p).empty());
  EXPECT_TRUE(find_zero_runs("M1", v, {}, p).empty());  // never occupied
  const std::vector<local_interval> overlapping{
      local_interval::make(at("2026-07-01T08:00"), at("2026-07-01T10:00")),
      local_interval::make(at("2026-07-01T09:00"), at("2026-07-01T11:00"))};
  EXPECT_EQ(test_support::error_of([&] { (void)find_zero_runs("M1", v, overlapping, p); }).code(),
            errc::out_of_order);
}

}  // namespace
}  // namespace submeter::vee
