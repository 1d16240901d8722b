#include "submeter/bill/bill.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::error;
using submeter::money;
using submeter::rounding;
using submeter::bill::assemble;
using submeter::bill::energy_line;
using submeter::bill::exact_money;
using submeter::bill::line;
using submeter::bill::rounding_rule;
using submeter::bill::rounding_scope;

std::vector<line> two_ties(const rounding_rule& rule) {
  // Each line is 0.5 × 0.01 = 0.005 exactly.
  return {energy_line("M-1", 0, "total", energy::parse("0.5"), energy_price::parse("0.01"), rule),
          energy_line("M-2", 0, "total", energy::parse("0.5"), energy_price::parse("0.01"), rule)};
}

TEST(Bill, TotalIsSumOfRoundedLines) {
  const rounding_rule rule{};
  const auto b = assemble("T-1", "Shop", "2026-07", "flat", {}, two_ties(rule), rule);
  EXPECT_EQ(b.unrounded_total, exact_money::parse("0.01"));
  EXPECT_EQ(b.total, money::parse("0.02"));  // 0.01 + 0.01 (NUM-2)
}

TEST(Bill, TotalOnlyRoundsTheExactSumOnce) {
  const auto rule = rounding_rule::make(rounding_scope::total_only, 2, rounding::half_up);
  const auto b = assemble("T-1", "Shop", "2026-07", "flat", {}, two_ties(rule), rule);
  EXPECT_EQ(b.total, money::parse("0.01"));
}

TEST(Bill, EmptyBillIsZero) {
  const auto b = assemble("T-1", "Shop", "2026-07", "flat", {}, {}, rounding_rule{});
  EXPECT_TRUE(b.total.is_zero());
}

TEST(Bill, RefusesLinesRoundedByAnotherRule) {
  const auto other = rounding_rule::make(rounding_scope::per_line, 2, rounding::half_even);
  try {
    (void)assemble("T-1", "Shop", "2026-07", "flat", {}, two_ties(other), rounding_rule{});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("tenant"), "T-1");
  }
}

}  // namespace
