#include "submeter/bill/period.hpp"

#include <gtest/gtest.h>

namespace {

using submeter::errc;
using submeter::error;
using submeter::parse_local_time;
using submeter::bill::billing_period;

TEST(BillingPeriod, MonthIsHalfOpenWindow) {
  const auto p = billing_period::parse("2026-07");
  EXPECT_EQ(p.label(), "2026-07");
  EXPECT_EQ(p.window().begin(), parse_local_time("2026-07-01T00:00"));
  EXPECT_EQ(p.window().end(), parse_local_time("2026-08-01T00:00"));
  const auto dec = billing_period::parse("2026-12");
  EXPECT_EQ(dec.window().end(), parse_local_time("2027-01-01T00:00"));
  const auto feb = billing_period::parse("2028-02");
  EXPECT_EQ(feb.window().end(), parse_local_time("2028-03-01T00:00"));
}

TEST(BillingPeriod, RefusesMalformed) {
  for (const char* bad : {"", "2026-7", "2026-13", "2026-00", "2026-07-01", "26-07", "2026/07"}) {
    try {
      (void)billing_period::parse(bad);
      ADD_FAILURE() << bad;
    } catch (const error& e) {
      EXPECT_EQ(e.code(), errc::parse) << bad;
    }
  }
}

}  // namespace
