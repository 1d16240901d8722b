// Tests of include/submeter/vee/clock_skew.hpp (VEE-8): a device clock ahead of reception.
#include "submeter/vee/clock_skew.hpp"

#include <gtest/gtest.h>

#include "vee_support.hpp"

namespace submeter::vee {
namespace {

using test::read;

TEST(check_clock, ahead_is_a_warning_late_is_normal) {
  EXPECT_FALSE(check_clock(read("M1", 0, "2026-07-01T10:05", "1", "2026-07-01T10:00")));
  const auto f = check_clock(read("M1", 0, "2026-07-01T10:05:01", "1", "2026-07-01T10:00"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->message, "device time is 301 s ahead of the time received (2026-07-01T10:00:00)");
  EXPECT_FALSE(check_clock(read("M1", 0, "2026-06-01T10:00", "1", "2026-07-01T10:00")));
  EXPECT_FALSE(check_clock(read("M1", 0, "2026-07-01T10:00", "1")));  // no received time
  clock_params strict;
  strict.max_behind = std::chrono::hours(24);
  const auto late = check_clock(read("M1", 0, "2026-06-01T10:00", "1", "2026-07-01T10:00"), strict);
  ASSERT_TRUE(late);
  EXPECT_NE(late->message.find("behind"), std::string::npos);
  EXPECT_EQ(late->id(), "VEE-8");
}

}  // namespace
}  // namespace submeter::vee
