// Tests of include/submeter/vee/sum_check.hpp (VEE-7): Σ intervals against the register delta.
#include "submeter/vee/sum_check.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::kwh;

TEST(check_sum, within_the_larger_tolerance_or_an_exception) {
  const std::vector<std::int64_t> use(96, kwh("1.00"));  // Σ = 96
  const auto v = interval_values::of(test::at("2026-07-01T00:00"), std::chrono::minutes(15), use);
  EXPECT_FALSE(check_sum("M1", v, energy::parse("96.1")));   // 0.1 absolute
  EXPECT_FALSE(check_sum("M1", v, energy::parse("96.48")));  // 0.5 % of 96.48 = 0.48
  const auto f = check_sum("M1", v, energy::parse("96.6"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->level, severity::exception);
  EXPECT_EQ(*f->value, energy::parse("96"));
  EXPECT_EQ(*f->expected, energy::parse("96.6"));
  EXPECT_EQ(f->until, test::at("2026-07-02T00:00"));
  std::vector<std::int64_t> holed = use;
  holed[3] = missing;
  EXPECT_FALSE(check_sum("M1", interval_values::of(v.start, v.step, holed), energy::parse("200")));
}

}  // namespace
}  // namespace submeter::vee
