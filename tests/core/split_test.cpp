// Tests of include/submeter/core/split.hpp: largest remainder (ALLOC-LR) with exact ties.
#include "submeter/core/split.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;

const money fen = money::parse("0.01");
const energy hundredth_kwh = energy::parse("0.01");

std::vector<money> m(std::initializer_list<const char*> texts) {
  std::vector<money> out;
  for (auto t : texts) out.push_back(money::parse(t));
  return out;
}

TEST(Split, LineLossVectorLL1) {
  // rules.md LL-1: loss 700 kWh split over A 5,000 / B 3,000 / public 1,300 by consumption.
  const std::vector<energy> weights{energy::parse("5000"), energy::parse("3000"),
                                    energy::parse("1300")};
  const auto parts = split(energy::parse("700"), weights, hundredth_kwh);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], energy::parse("376.34"));
  EXPECT_EQ(parts[1], energy::parse("225.81"));
  EXPECT_EQ(parts[2], energy::parse("97.85"));
}

TEST(Split, EqualThirdsTieGoesToTheEarlierItem) {
  EXPECT_EQ(split(money::parse("100"), std::vector<int>{1, 1, 1}, fen),
            m({"33.34", "33.33", "33.33"}));
  EXPECT_EQ(split(money::parse("0.02"), std::vector<int>{1, 1, 1}, fen), m({"0.01", "0.01", "0"}));
}

TEST(Split, ExactTieIsDetectedAsATie) {
  // 1/3 and 2/6 are the same share; the earlier item wins the spare fen.
  EXPECT_EQ(split(money::parse("0.01"), std::vector<int>{2, 1, 3}, fen), m({"0", "0", "0.01"}));
  EXPECT_EQ(split(money::parse("0.01"), std::vector<int>{3, 3}, fen), m({"0.01", "0"}));
  EXPECT_EQ(split(money::parse("0.01"), std::vector<std::int64_t>{2, 4, 4}, fen),
            m({"0", "0.01", "0"}));
}

TEST(Split, NegativeAmountsSplitByMagnitude) {
  EXPECT_EQ(split(money::parse("-100"), std::vector<int>{1, 1, 1}, fen),
            m({"-33.34", "-33.33", "-33.33"}));
}

TEST(Split, MallExampleCA1) {
  // rules.md CA-1: common 30k; a shop with 10% of the area pays 3,000.
  const std::vector<area> areas{area::parse("100"), area::parse("900")};
  EXPECT_EQ(split(money::parse("30000"), areas, fen), m({"3000", "27000"}));
}

TEST(Split, ZeroWeightsGetNothing) {
  EXPECT_EQ(split(money::parse("10"), std::vector<int>{0, 1, 0}, fen), m({"0", "10", "0"}));
  EXPECT_EQ(split(money{}, std::vector<int>{0, 0}, fen), m({"0", "0"}));
}

TEST(Split, UnitOfTheScaleItself) {
  const auto parts = split(money::parse("0.0007"), std::vector<int>{1, 1}, money::from_mantissa(1));
  EXPECT_EQ(parts, m({"0.0004", "0.0003"}));
}

TEST(Split, ExtremeValuesStayExact) {
  const auto total = money::max() - money::from_mantissa(money::max().mantissa() % 100);
  const std::vector<std::int64_t> w{std::numeric_limits<std::int64_t>::max(), 1,
                                    std::numeric_limits<std::int64_t>::max()};
  const auto parts = split(total, w, fen);
  EXPECT_EQ(parts[0] + parts[1] + parts[2], total);
  EXPECT_EQ(parts[1], money{});
}

TEST(Split, RefusesBadInput) {
  auto code_of = [](auto f) { return submeter::test_support::error_of(f).code(); };
  EXPECT_EQ(code_of([] { (void)split(money::parse("1"), std::vector<int>{}, fen); }),
            errc::invalid_argument);
  EXPECT_EQ(code_of([] {
              (void)split(money::parse("1"), std::vector<int>{1, -1}, fen);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code_of([] {
              (void)split(money::parse("1"), std::vector<int>{0, 0}, fen);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code_of([] { (void)split(money::parse("1"), std::vector<int>{1}, money{}); }),
            errc::invalid_argument);
  EXPECT_EQ(code_of([] { (void)split(money::parse("1.005"), std::vector<int>{1}, fen); }),
            errc::invalid_argument);
  try {
    (void)split(money::parse("1"), std::vector<int>{1, 2, -3}, fen);
  } catch (const error& e) {
    EXPECT_EQ(e.context_value("index"), "2");
  }
}

// Wide weights (the exact combined weights of a mixture, allocation/share.hpp): 256-bit
// weights beyond 128 bits split exactly like their small equivalents.
TEST(Split, WideWeightsBeyond128Bits) {
  using detail::int256;
  const int256 big = int256(1) << 200;
  const auto wide = split(money::parse("1000.00"), std::vector<int256>{big, big * 2, big * 3},
                          money::parse("0.01"));
  const auto small =
      split(money::parse("1000.00"), std::vector<int>{1, 2, 3}, money::parse("0.01"));
  EXPECT_EQ(wide, small);
  EXPECT_EQ(wide[0], money::parse("166.67"));
  EXPECT_THROW(
      (void)split(money::parse("1"), std::vector<int256>{int256(-1), big}, money::parse("0.01")),
      error);
}

// The 64-bit path (remainders ranked beside their indices) gives the parts of the wide path
// (128-bit weights, 512-bit products), ties included: weights from a small range tie often.
RC_GTEST_PROP(Split, SixtyFourBitPathEqualsTheWidePath, ()) {
  const auto weights = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::int64_t>>(
      rc::gen::oneOf(rc::gen::inRange<std::int64_t>(0, 4),
                     rc::gen::inRange<std::int64_t>(0, 1'000'000'000'000))));
  const auto total =
      money::from_mantissa(*rc::gen::inRange<std::int64_t>(-1'000'000'000, 1'000'000'000) * 100);
  std::int64_t sum = 0;
  for (const auto w : weights) sum += w;
  RC_PRE(sum > 0 || total.is_zero());
  std::vector<detail::int128> wide(weights.begin(), weights.end());
  RC_ASSERT(split(total, weights, fen) == split(total, wide, fen));
}

// Remainders from every item, more items than fit in the cache of a small machine.
TEST(Split, ManyItemsSixtyFourBitPathEqualsTheWidePath) {
  std::vector<std::int64_t> weights(50'000);
  for (std::size_t i = 0; i < weights.size(); ++i)
    weights[i] = static_cast<std::int64_t>((i * 2654435761u) % 1000);
  const std::vector<detail::int128> wide(weights.begin(), weights.end());
  const auto total = money::parse("1234567.89");
  EXPECT_EQ(split(total, weights, fen), split(total, wide, fen));
}

}  // namespace
