#include "submeter/metering/meter.hpp"

#include <gtest/gtest.h>

namespace {

using submeter::errc;
using submeter::error;
using submeter::ratio;
using submeter::metering::meter;

TEST(Meter, KeepsIdAndMultiplier) {
  const auto m = meter::make("M-01", ratio::parse("4000"));
  EXPECT_EQ(m.id(), "M-01");
  EXPECT_EQ(m.multiplier(), ratio::from_integer(4000));
  EXPECT_EQ(meter::make("M-02").multiplier(), ratio::from_integer(1));
}

TEST(Meter, RefusesEmptyIdAndNonPositiveMultiplier) {
  EXPECT_THROW((void)meter::make("", ratio::from_integer(1)), error);
  try {
    (void)meter::make("M-03", ratio::parse("0"));
    FAIL() << "a zero multiplier was accepted";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.context_value("meter"), "M-03");
  }
  EXPECT_THROW((void)meter::make("M-04", ratio::parse("-1")), error);
}

}  // namespace
