// Tests of include/submeter/tariff/tier_reset.hpp: the reset instants of yearly and monthly
// tier counters (TIER-3) and the cycles it refuses.
#include "submeter/tariff/tier_reset.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "support/error_of.hpp"

namespace {

using submeter::errc;

template <class F>
errc reset_error_of(F&& f) {
  return submeter::test_support::error_of(std::forward<F>(f)).code();
}

TEST(TierReset, YearlyAndMonthlyResetInstants) {
  using submeter::parse_local_time;
  using submeter::tariff::tier_reset;
  const auto yearly = tier_reset::make(tier_reset::cycle::yearly, 1, 1);
  EXPECT_EQ(yearly.last_at_or_before(parse_local_time("2025-08-15 12:00")),
            parse_local_time("2025-01-01 00:00"));
  EXPECT_EQ(yearly.last_at_or_before(parse_local_time("2026-01-01 00:00")),
            parse_local_time("2026-01-01 00:00"));
  EXPECT_TRUE(yearly.resets_between(parse_local_time("2025-12-01 00:00"),
                                    parse_local_time("2026-01-01 00:00")));
  EXPECT_FALSE(yearly.resets_between(parse_local_time("2025-01-01 00:00"),
                                     parse_local_time("2025-12-31 23:59")));
  // Monthly on the 15th (a read day): 2025-03-10 belongs to the cycle from 15 February.
  const auto monthly = tier_reset::make(tier_reset::cycle::monthly, 1, 15);
  EXPECT_EQ(monthly.last_at_or_before(parse_local_time("2025-03-10 08:00")),
            parse_local_time("2025-02-15 00:00"));
  EXPECT_EQ(monthly.last_at_or_before(parse_local_time("2025-01-10 08:00")),
            parse_local_time("2024-12-15 00:00"));
  EXPECT_EQ(reset_error_of([] { (void)tier_reset::make(tier_reset::cycle::monthly, 1, 31); }),
            errc::invalid_argument);
  EXPECT_EQ(reset_error_of([] { (void)tier_reset::make(tier_reset::cycle::yearly, 13, 1); }),
            errc::invalid_argument);
}

}  // namespace
