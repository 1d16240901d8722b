// Tests of include/submeter/vee/multiplier_change.hpp (VEE-9).
#include "submeter/vee/multiplier_change.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "vee_support.hpp"

namespace submeter::vee {
namespace {

TEST(find_multiplier_changes, each_change_and_a_difference_from_the_site) {
  const std::vector<multiplier_observation> obs{
      {"M1", test::at("2026-07-02T00:00"), ratio::from_integer(80)},
      {"M1", test::at("2026-07-01T00:00"), ratio::from_integer(40)},
      {"M1", test::at("2026-07-03T00:00"), ratio::from_integer(80)},
      {"M2", test::at("2026-07-01T00:00"), ratio::from_integer(1)},
  };
  const auto f = find_multiplier_changes(obs);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].time, test::at("2026-07-02T00:00"));
  EXPECT_EQ(f[0].message, "the multiplier changed from 40 to 80");
  const auto g = find_multiplier_changes(obs, ratio::from_integer(40));
  ASSERT_EQ(g.size(), 2u);  // M1 agrees with the site at first; M2 does not
  EXPECT_EQ(g[1].meter_id, "M2");
  EXPECT_EQ(g[1].message, "the multiplier reported (1) differs from the site's (40)");
}

}  // namespace
}  // namespace submeter::vee
