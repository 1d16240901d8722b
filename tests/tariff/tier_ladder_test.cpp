// Tests of include/submeter/tariff/tier_ladder.hpp: bounds stated per day, per kW and mixed, the
// ladders it refuses, and how use fills the tiers (TIER-3), with a property: tiers add up to the
// use and two windows fill the same tiers as one.
#include "submeter/tariff/tier_ladder.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::errc;
using submeter::tariff::bound_basis;
using submeter::tariff::fill_tiers;
using submeter::tariff::tier_ladder;

template <class F>
errc ladder_error_of(F&& f) {
  return submeter::test_support::error_of(std::forward<F>(f)).code();
}

TEST(TierLadder, PerDayBoundsScaleWithTheWindow) {
  const auto ladder =
      tier_ladder<energy>::make({energy::parse("10"), energy::parse("20")}, bound_basis::per_day);
  EXPECT_EQ(ladder.bounds_for(31),
            (std::vector<energy>{energy::parse("310"), energy::parse("620")}));
  EXPECT_EQ(ladder_error_of([&] { (void)ladder.bounds_for(0); }), errc::invalid_argument);
}

TEST(TierLadder, CrossingABoundSplitsTheUse) {
  const std::vector<energy> bounds = {energy::parse("2760"), energy::parse("4800")};
  EXPECT_EQ(
      fill_tiers(bounds, energy::parse("2700"), energy::parse("2200")),
      (std::vector<energy>{energy::parse("60"), energy::parse("2040"), energy::parse("100")}));
  // Exactly at a bound: the bound belongs to the lower tier.
  EXPECT_EQ(fill_tiers(bounds, energy{}, energy::parse("2760")),
            (std::vector<energy>{energy::parse("2760"), energy{}, energy{}}));
  EXPECT_EQ(fill_tiers(bounds, energy::parse("2760"), energy::parse("0.0001")),
            (std::vector<energy>{energy{}, energy::parse("0.0001"), energy{}}));
  // Starting beyond the last bound: all in the last tier.
  EXPECT_EQ(fill_tiers(bounds, energy::parse("9000"), energy::parse("5")),
            (std::vector<energy>{energy{}, energy{}, energy::parse("5")}));
}

TEST(TierLadder, RefusesBadBounds) {
  EXPECT_EQ(ladder_error_of([] { (void)tier_ladder<energy>::make({energy::parse("-1")}); }),
            errc::invalid_argument);
  EXPECT_EQ(ladder_error_of([] {
              (void)tier_ladder<energy>::make({energy::parse("200"), energy::parse("200")});
            }),
            errc::out_of_order);
  EXPECT_EQ(ladder_error_of([] {
              (void)tier_ladder<energy>::make({energy::parse("300"), energy::parse("200")});
            }),
            errc::out_of_order);
  EXPECT_EQ(ladder_error_of([] {
              (void)fill_tiers<energy>({energy::parse("1")}, energy{}, energy::parse("-1"));
            }),
            errc::invalid_argument);
}

RC_GTEST_PROP(TierProperties, TiersAddUpToTheUseAndCarryTheCounter,
              (std::uint32_t b1, std::uint32_t gap, std::uint32_t before, std::uint32_t use)) {
  const auto e = [](std::uint32_t m) {
    return energy::from_mantissa(static_cast<std::int64_t>(m));
  };
  const std::vector<energy> bounds = {e(b1), e(b1) + e(gap) + energy::from_mantissa(1)};
  const auto parts = fill_tiers(bounds, e(before), e(use));
  energy sum;
  for (const auto& x : parts) {
    RC_ASSERT(!x.is_negative());
    sum += x;
  }
  RC_ASSERT(sum == e(use));
  // Splitting the use in two windows gives the same tiers as one window.
  const auto first = fill_tiers(bounds, e(before), e(use / 2));
  const auto second = fill_tiers(bounds, e(before) + e(use / 2), e(use - use / 2));
  for (std::size_t k = 0; k < parts.size(); ++k) RC_ASSERT(first[k] + second[k] == parts[k]);
}

// Per-kW bounds (SAM "kWh/kW" hours-use blocks): bound = kWh/kW × the billing demand, half-up to
// 1e-4 kWh.
TEST(TierLadder, PerKwBoundsAreKwhPerKwTimesTheBillingDemand) {
  using submeter::power;
  const auto ladder = tier_ladder<energy>::make({energy::parse("200")}, bound_basis::per_kw);
  EXPECT_EQ(ladder.bounds_for(31, power::parse("250"))[0], energy::parse("50000"));
  EXPECT_EQ(ladder.bounds_for(31, power::parse("0.3333"))[0], energy::parse("66.66"));
  // 0.0001 kWh/kW × 0.5 kW = 0.00005 kWh → 0.0001 (one half-up rounding to 1e-4 kWh).
  EXPECT_EQ(tier_ladder<energy>::make({energy::parse("0.0001")}, bound_basis::per_kw)
                .bounds_for(1, power::parse("0.5"))[0],
            energy::parse("0.0001"));
}

// Mixed ladders cap a kWh step at a later per-kW bound, so the capped tier is empty; no demand at
// all puts every bound at zero.
TEST(TierLadder, MixedBoundsCapAKwhStepAtALaterPerKwBound) {
  using submeter::power;
  using submeter::tariff::tier_bound;
  const auto kw = [](const char* v) {
    return tier_bound<energy>{energy::parse(v), bound_basis::per_kw};
  };
  const auto kwh = [](const char* v) { return tier_bound<energy>{energy::parse(v)}; };
  const auto mixed = tier_ladder<energy>::make_mixed({kwh("1000"), kw("100"), kw("300")});
  EXPECT_EQ(mixed.basis(), bound_basis::per_kw);
  EXPECT_EQ(
      mixed.bounds_for(1, power::parse("5")),
      (std::vector<energy>{energy::parse("500"), energy::parse("500"), energy::parse("1500")}));
  EXPECT_EQ(
      mixed.bounds_for(1, power::parse("20")),
      (std::vector<energy>{energy::parse("1000"), energy::parse("2000"), energy::parse("6000")}));
  EXPECT_EQ(mixed.bounds_for(1, power{}), (std::vector<energy>{energy{}, energy{}, energy{}}));
  // An absolute-only mixed ladder is an ordinary ladder and needs no demand.
  EXPECT_EQ(tier_ladder<energy>::make_mixed({kwh("10")}).bounds_for(3)[0], energy::parse("10"));
}

TEST(TierLadder, PerKwRefusesBadInput) {
  using submeter::power;
  const auto ladder = tier_ladder<energy>::make({energy::parse("200")}, bound_basis::per_kw);
  EXPECT_EQ(ladder_error_of([&] { (void)ladder.bounds_for(31); }), errc::invalid_argument);
  EXPECT_EQ(ladder_error_of([&] { (void)ladder.bounds_for(31, power::parse("-1")); }),
            errc::invalid_argument);
  EXPECT_EQ(ladder_error_of([] {
              (void)tier_ladder<energy>::make_mixed({{energy::parse("200"), bound_basis::per_kw},
                                                     {energy::parse("100"), bound_basis::per_kw}});
            }),
            errc::out_of_order);
  EXPECT_EQ(ladder_error_of([] {
              (void)tier_ladder<energy>::make_mixed({{energy::parse("-1"), bound_basis::per_kw}});
            }),
            errc::invalid_argument);
  EXPECT_EQ(ladder_error_of([] {
              (void)tier_ladder<energy>::make_mixed({{energy::parse("10"), bound_basis::per_day}});
            }),
            errc::invalid_argument);
}

}  // namespace
