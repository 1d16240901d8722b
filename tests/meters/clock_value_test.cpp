// Tests of submeter/meters/clock_value.hpp.
#include "submeter/meters/clock_value.hpp"

#include <gtest/gtest.h>

using namespace submeter::meters;

TEST(clock_value, text_and_validity) {
  const clock_value d{clock_fields::date, 2018, 12, 29, 0, 0, 0, 6};
  EXPECT_EQ(d.to_string(), "2018-12-29");
  EXPECT_TRUE(d.ok());
  const clock_value t{clock_fields::time, 0, 0, 0, 18, 53, 32, -1};
  EXPECT_EQ(t.to_string(), "18:53:32");
  EXPECT_TRUE(t.ok());
  const clock_value zero{clock_fields::date_time, 0, 0, 0, 0, 0, 0, -1};
  EXPECT_FALSE(zero.ok());  // a CJ/T 188 self-test sends all zeros
  const clock_value late{clock_fields::time, 0, 0, 0, 24, 0, 0, -1};
  EXPECT_FALSE(late.ok());
  EXPECT_EQ((clock_value{clock_fields::date_time, 2015, 7, 10, 12, 0, 53, -1}).to_string(),
            "2015-07-10 12:00:53");
}
