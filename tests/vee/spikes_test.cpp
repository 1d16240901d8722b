// Tests of include/submeter/vee/spikes.hpp (VEE-4): an interval far above its neighbours' mean
// is a warning; the floor keeps a small load after zeros from being one.
#include "submeter/vee/spikes.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/error_of.hpp"
#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::kwh;

interval_values view(const std::vector<std::int64_t>& v) {
  return interval_values::of(test::at("2026-07-01T00:00"), std::chrono::minutes(15), v);
}

TEST(find_spikes, above_ten_times_the_neighbours) {
  std::vector<std::int64_t> use(24, kwh("1.00"));
  use[5] = kwh("10.00");   // exactly 10 × the neighbours' mean: not above
  use[17] = kwh("10.01");  // above
  const auto f = find_spikes("M1", view(use));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].time, test::at("2026-07-01T04:15"));
  EXPECT_EQ(*f[0].value, energy::parse("10.01"));
  EXPECT_EQ(*f[0].expected, energy::parse("1"));
  EXPECT_EQ(f[0].id(), "VEE-4");
}

TEST(find_spikes, floor_and_missing_neighbours) {
  std::vector<std::int64_t> night(9, 0);
  night[4] = kwh("0.90");  // below 10 × the 0.1 kWh floor
  EXPECT_TRUE(find_spikes("M1", view(night)).empty());
  night[4] = kwh("1.01");
  EXPECT_EQ(find_spikes("M1", view(night)).size(), 1u);
  std::vector<std::int64_t> lonely{missing, missing, kwh("50"), missing, kwh("1")};
  EXPECT_TRUE(find_spikes("M1", view(lonely)).empty());  // one neighbour: no judgement
  spike_params bad;
  bad.neighbours = 0;
  EXPECT_EQ(test_support::error_of([&] { (void)find_spikes("M1", view(night), bad); }).code(),
            errc::invalid_argument);
}

}  // namespace
}  // namespace submeter::vee
