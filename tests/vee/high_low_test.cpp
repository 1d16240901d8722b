// Tests of include/submeter/vee/high_low.hpp (VEE-5): a period's use against the average of the
// meter's last 3 periods ± 50 %.
#include "submeter/vee/high_low.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/error_of.hpp"
#include "vee_support.hpp"

namespace submeter::vee {
namespace {

TEST(check_high_low, outside_the_band_of_the_last_three_periods) {
  const auto start = test::at("2026-07-01T00:00");
  // the oldest (1000) is not among the last 3: average (100 + 110 + 120) / 3 = 110
  const std::vector<energy> history{energy::parse("1000"), energy::parse("100"),
                                    energy::parse("110"), energy::parse("120")};
  EXPECT_FALSE(check_high_low("M1", start, energy::parse("165"), history));  // 150 % exactly
  const auto high = check_high_low("M1", start, energy::parse("165.01"), history);
  ASSERT_TRUE(high);
  EXPECT_EQ(*high->expected, energy::parse("110"));
  EXPECT_EQ(high->message, "above 150 % of the average of the last 3 periods");
  EXPECT_FALSE(check_high_low("M1", start, energy::parse("55"), history));  // 50 % exactly
  const auto low = check_high_low("M1", start, energy::parse("54.99"), history);
  ASSERT_TRUE(low);
  EXPECT_EQ(low->id(), "VEE-5");
  // not enough history, or a vacant unit
  EXPECT_FALSE(
      check_high_low("M1", start, energy::parse("1000"), {energy::parse("1"), energy::parse("1")}));
  EXPECT_FALSE(check_high_low("M1", start, energy::parse("1000"),
                              {energy::parse("0.1"), energy::parse("0.1"), energy::parse("0.1")}));
  high_low_params bad;
  bad.periods = 0;
  EXPECT_EQ(test_support::error_of([&] {
              (void)check_high_low("M1", start, energy::parse("1"), history, bad);
            }).code(),
            errc::invalid_argument);
}

}  // namespace
}  // namespace submeter::vee
