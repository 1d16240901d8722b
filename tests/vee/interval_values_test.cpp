// Tests of include/submeter/vee/interval_values.hpp: interval use from cumulative reads on a
// grid, across a rollover, with missing reads and a step backwards left missing.
#include "submeter/vee/interval_values.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::kwh;

TEST(interval_use, differences_rollover_and_missing) {
  const std::vector<std::int64_t> reads{kwh("999999.00"), kwh("999999.90"), kwh("0.40"), missing,
                                        kwh("1.00"),      kwh("0.50"),      kwh("0.60")};
  const auto use = interval_use(reads);
  ASSERT_EQ(use.size(), 6u);
  EXPECT_EQ(use[0], kwh("0.9"));
  EXPECT_EQ(use[1], kwh("0.5"));  // across 999999.99
  EXPECT_EQ(use[2], missing);
  EXPECT_EQ(use[3], missing);
  EXPECT_EQ(use[4], missing);  // 1.00 → 0.50 goes backwards
  EXPECT_EQ(use[5], kwh("0.1"));
  EXPECT_TRUE(interval_use({kwh("1")}).empty());
  const auto v = interval_values::of(test::at("2026-07-01T00:00"), std::chrono::minutes(15), use);
  EXPECT_EQ(v.time(4), test::at("2026-07-01T01:00"));
  EXPECT_FALSE(v.present(2));
}

}  // namespace
}  // namespace submeter::vee
