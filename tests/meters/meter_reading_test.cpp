// Tests of submeter/meters/meter_reading.hpp.
#include "submeter/meters/meter_reading.hpp"

#include <gtest/gtest.h>

using submeter::energy;
using submeter::ratio;
using submeter::meters::meter_reading;

TEST(meter_reading, rates_and_primary_total) {
  meter_reading m;
  m.total = energy::parse("12.34");
  m.rates[0] = energy::parse("1");
  m.multiplier = ratio::parse("600");  // PT 10 x CT 60
  EXPECT_EQ(m.rate(1), energy::parse("1"));
  EXPECT_FALSE(m.rate(2));
  EXPECT_FALSE(m.rate(0));
  EXPECT_FALSE(m.rate(9));
  EXPECT_EQ(m.primary_total(submeter::rounding::half_up), energy::parse("7404"));
  m.total.reset();
  EXPECT_FALSE(m.primary_total(submeter::rounding::half_up));
}
