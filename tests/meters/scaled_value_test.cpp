// Tests of submeter/meters/scaled_value.hpp.
#include "submeter/meters/scaled_value.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "submeter/core/quantity.hpp"

using submeter::meters::scaled_value;

TEST(scaled_value, text) {
  EXPECT_EQ((scaled_value{2, 2}).to_string(), "0.02");
  EXPECT_EQ((scaled_value{-2, 2}).to_string(), "-0.02");
  EXPECT_EQ((scaled_value{123456, 2}).to_string(), "1234.56");
  EXPECT_EQ((scaled_value{1200, 0}).to_string(), "1200");
  EXPECT_EQ((scaled_value{0, 2}).to_string(), "0.00");
  EXPECT_EQ((scaled_value{INT64_MIN, 0}).to_string(), "-9223372036854775808");
}

TEST(scaled_value, parse_keeps_places_and_refuses_junk) {
  EXPECT_EQ(scaled_value::parse("0.010")->scale, 3);
  EXPECT_EQ(scaled_value::parse("-12.5")->mantissa, -125);
  EXPECT_EQ(scaled_value::parse("9223372036854775807")->mantissa, INT64_MAX);
  EXPECT_EQ(scaled_value::parse("-9223372036854775808")->mantissa, INT64_MIN);
  for (const char* bad :
       {"", "-", "1.", ".5", "1e3", "+1", "1 ", "9223372036854775808", "0.1234567890123456789"}) {
    EXPECT_FALSE(scaled_value::parse(bad)) << bad;
  }
}

TEST(scaled_value, numeric_equality_across_scales) {
  EXPECT_EQ(*scaled_value::parse("1.50"), *scaled_value::parse("1.5"));
  EXPECT_NE(*scaled_value::parse("1.51"), *scaled_value::parse("1.5"));
}

TEST(scaled_value, to_typed_quantities) {
  EXPECT_EQ(scaled_value::parse("1234.56")->to_exact<submeter::energy>(),
            submeter::energy::parse("1234.56"));
  EXPECT_FALSE(scaled_value::parse("0.00001")->to_exact<submeter::energy>());
  EXPECT_EQ(scaled_value::parse("0.00005")->to<submeter::energy>(submeter::rounding::half_up),
            submeter::energy::parse("0.0001"));
  EXPECT_EQ(scaled_value::parse("0.00005")->to<submeter::energy>(submeter::rounding::half_even),
            submeter::energy::parse("0"));
  EXPECT_FALSE((scaled_value{INT64_MAX, 0}).to_exact<submeter::energy>());
}

TEST(scaled_value, multiply_exact) {
  EXPECT_EQ(
      submeter::meters::multiply_exact(*scaled_value::parse("1.5"), *scaled_value::parse("0.01"))
          ->to_string(),
      "0.015");
  EXPECT_FALSE(submeter::meters::multiply_exact(scaled_value{INT64_MAX, 0}, scaled_value{2, 0}));
  EXPECT_FALSE(submeter::meters::multiply_exact(scaled_value{1, 10}, scaled_value{1, 10}));
}

RC_GTEST_PROP(scaled_value, text_round_trips, (std::int64_t m, std::uint8_t s)) {
  const scaled_value v{m, s % 19};
  const auto back = scaled_value::parse(v.to_string());
  RC_ASSERT(back.has_value());
  RC_ASSERT(back->mantissa == v.mantissa);
  RC_ASSERT(back->scale == v.scale);
}
