// Tests of include/submeter/vee/gaps.hpp (VEE-2): one finding per run of missing intervals.
#include "submeter/vee/gaps.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "vee_support.hpp"

namespace submeter::vee {
namespace {

TEST(find_gaps, one_finding_per_run_with_its_bounds) {
  const std::vector<std::int64_t> use{missing, 5, 5, missing, missing, missing, 5, missing};
  const auto v = interval_values::of(test::at("2026-07-01T00:00"), std::chrono::minutes(15), use);
  const auto f = find_gaps("M1", v);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].time, test::at("2026-07-01T00:00"));
  EXPECT_EQ(f[0].until, test::at("2026-07-01T00:15"));
  EXPECT_EQ(f[1].time, test::at("2026-07-01T00:45"));
  EXPECT_EQ(f[1].until, test::at("2026-07-01T01:30"));
  EXPECT_EQ(f[1].message, "3 intervals of 15 min missing");
  EXPECT_EQ(f[2].until, test::at("2026-07-01T02:00"));
  EXPECT_EQ(f[2].id(), "VEE-2");
  const std::vector<std::int64_t> full{1, 2, 3};
  EXPECT_TRUE(find_gaps("M1", interval_values::of(test::at("2026-07-01T00:00"),
                                                  std::chrono::minutes(15), full))
                  .empty());
}

}  // namespace
}  // namespace submeter::vee
