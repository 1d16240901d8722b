// Tests of include/submeter/core/decimal.hpp: parse, print, checked arithmetic, products,
// quotients and rescaling, every rounding mode, and the edges of the int64 mantissa.
#include "submeter/core/decimal.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "submeter/core/quantity.hpp"

namespace {

using namespace submeter;
using i64 = std::int64_t;
constexpr i64 i64_max = std::numeric_limits<i64>::max();
constexpr i64 i64_min = std::numeric_limits<i64>::min();

// ---- parse
// ---------------------------------------------------------------------------------------

TEST(DecimalParse, ExactValues) {
  EXPECT_EQ(money::parse("1234.56").mantissa(), 12345600);
  EXPECT_EQ(money::parse("-0.5").mantissa(), -5000);
  EXPECT_EQ(money::parse("0").mantissa(), 0);
  EXPECT_EQ(money::parse("-0").mantissa(), 0);
  EXPECT_EQ(money::parse("007").mantissa(), 70000);
  EXPECT_EQ(energy_price::parse("0.612300").mantissa(), 612300);
  EXPECT_EQ(ratio::parse("1.25").mantissa(), 1250000000);
  EXPECT_EQ(money::parse("0.0001").mantissa(), 1);
}

TEST(DecimalParse, TrailingZerosBeyondTheScaleAreExact) {
  EXPECT_EQ(money::parse("1.230000000").mantissa(), 12300);
}

TEST(DecimalParse, ExtremeMantissas) {
  EXPECT_EQ(money::parse("922337203685477.5807").mantissa(), i64_max);
  EXPECT_EQ(money::parse("-922337203685477.5808").mantissa(), i64_min);
  using whole = decimal<dimension::money, 0>;
  EXPECT_EQ(whole::parse("9223372036854775807").mantissa(), i64_max);
  EXPECT_EQ(whole::parse("-9223372036854775808").mantissa(), i64_min);
}

void expect_parse_error(std::string_view text, std::string_view reason_part) {
  try {
    (void)money::parse(text);
    ADD_FAILURE() << "parsed \"" << text << "\"";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::parse) << text;
    EXPECT_NE(e.context_value("reason").find(reason_part), std::string::npos)
        << text << " → " << e.what();
    EXPECT_EQ(e.context_value("text"), "\"" + std::string(text) + "\"");
  }
}

TEST(DecimalParse, RefusesMalformedStrings) {
  expect_parse_error("", "empty");
  expect_parse_error("-", "digits");
  expect_parse_error(".", "digits");
  expect_parse_error("1.", "digits");
  expect_parse_error(".5", "digits");
  expect_parse_error("-.5", "digits");
  expect_parse_error("1.2.3", "only");  // two dots
  expect_parse_error("1..2", "only");
  expect_parse_error("1e5", "only");  // exponent
  expect_parse_error("1E-2", "only");
  expect_parse_error("+1", "only");  // leading plus
  expect_parse_error(" 1", "only");  // whitespace
  expect_parse_error("1 ", "only");
  expect_parse_error("1\t", "only");
  expect_parse_error("1,234.56", "only");  // thousands separator
  expect_parse_error("--1", "only");
  expect_parse_error("0x10", "only");
  expect_parse_error("NaN", "only");
  expect_parse_error("inf", "only");
  expect_parse_error("１", "only");  // full-width digit
}

TEST(DecimalParse, RefusesTooManyDigitsWithoutAPolicy) {
  expect_parse_error("0.00001", "decimal places");
  expect_parse_error("1.23456", "decimal places");
  expect_parse_error("1.00000000001", "decimal places");
}

TEST(DecimalParse, RefusesOutOfRange) {
  expect_parse_error("922337203685477.5808", "range");
  expect_parse_error("-922337203685477.5809", "range");
  expect_parse_error("99999999999999999999", "range");
}

TEST(DecimalParse, RoundsExtraDigitsWithAPolicy) {
  EXPECT_EQ(money::parse("1.23455", rounding::half_up).mantissa(), 12346);
  EXPECT_EQ(money::parse("1.23455", rounding::half_even).mantissa(), 12346);
  EXPECT_EQ(money::parse("1.23445", rounding::half_even).mantissa(), 12344);
  EXPECT_EQ(money::parse("1.234450001", rounding::half_even).mantissa(), 12345);
  EXPECT_EQ(money::parse("-1.23455", rounding::half_up).mantissa(), -12346);
  EXPECT_EQ(money::parse("-1.23451", rounding::floor).mantissa(), -12346);
  EXPECT_EQ(money::parse("-1.23459", rounding::ceil).mantissa(), -12345);
  EXPECT_EQ(money::parse("1.23459", rounding::toward_zero).mantissa(), 12345);
  EXPECT_EQ(money::parse("1.23451", rounding::ceil).mantissa(), 12346);
  EXPECT_EQ(money::parse("1.23450", rounding::ceil).mantissa(), 12345);  // exact: no step
  EXPECT_THROW((void)money::parse("922337203685477.58079", rounding::half_up), error);
  EXPECT_EQ(money::parse("922337203685477.58071", rounding::half_up).mantissa(), i64_max);
}

TEST(DecimalParse, TryParseNeverThrows) {
  EXPECT_FALSE(money::try_parse("abc").has_value());
  EXPECT_FALSE(money::try_parse("1.00001").has_value());
  ASSERT_TRUE(money::try_parse("-3.5").has_value());
  EXPECT_EQ(money::try_parse("-3.5")->mantissa(), -35000);
}

// ---- print
// ---------------------------------------------------------------------------------------

TEST(DecimalPrint, AllPlaces) {
  EXPECT_EQ(money::parse("1234.56").to_string(), "1234.5600");
  EXPECT_EQ(money::parse("-0.01").to_string(), "-0.0100");
  EXPECT_EQ(money::parse("0").to_string(), "0.0000");
  EXPECT_EQ(money::min().to_string(), "-922337203685477.5808");
  EXPECT_EQ(money::max().to_string(), "922337203685477.5807");
  EXPECT_EQ((decimal<dimension::money, 0>::from_mantissa(-42).to_string()), "-42");
  EXPECT_EQ((decimal<dimension::money, 18>::from_mantissa(i64_min).to_string()),
            "-9.223372036854775808");
}

TEST(DecimalPrint, TrimmedToAMinimumOfPlaces) {
  EXPECT_EQ(money::parse("755.9").to_string(2), "755.90");
  EXPECT_EQ(money::parse("755.9211").to_string(2), "755.9211");
  EXPECT_EQ(money::parse("755").to_string(0), "755");
  EXPECT_EQ(money::parse("-0.5").to_string(0), "-0.5");
  EXPECT_EQ(energy_price::parse("0.6123").to_string(0), "0.6123");
  EXPECT_EQ(money::parse("1").to_string(7), "1.0000");  // never pads beyond the scale
}

TEST(DecimalPrint, AppendToAddsTheSameTextAfterWhatIsThere) {
  std::string s = "total ";
  money::parse("-0.5").append_to(s, 2);
  s += " / ";
  money::min().append_to(s, 0);
  s += " / ";
  (decimal<dimension::money, 18>::from_mantissa(i64_min)).append_to(s, 18);
  EXPECT_EQ(s, "total -0.50 / -922337203685477.5808 / -9.223372036854775808");
}

// ---- checked arithmetic
// --------------------------------------------------------------------------

TEST(DecimalArithmetic, AddSubtractNegateCompare) {
  const auto a = money::parse("10.25");
  const auto b = money::parse("-0.2500");
  EXPECT_EQ(a + b, money::parse("10"));
  EXPECT_EQ(a - b, money::parse("10.5"));
  EXPECT_EQ(-a, money::parse("-10.25"));
  EXPECT_EQ(b.abs(), money::parse("0.25"));
  EXPECT_LT(b, a);
  EXPECT_GT(a, b);
  EXPECT_LE(a, a);
  EXPECT_GE(a, a);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.sign(), 1);
  EXPECT_EQ(b.sign(), -1);
  EXPECT_EQ(money{}.sign(), 0);
  EXPECT_TRUE(money{}.is_zero());
  EXPECT_TRUE(b.is_negative());
}

TEST(DecimalArithmetic, OverflowThrowsNamingTheOperation) {
  auto expect_overflow = [](auto f, std::string_view op) {
    try {
      f();
      ADD_FAILURE() << "no overflow for " << op;
    } catch (const std::overflow_error& e) {
      EXPECT_NE(std::string(e.what()).find(op), std::string::npos) << e.what();
    }
  };
  expect_overflow([] { (void)(money::max() + money::from_mantissa(1)); }, "money +");
  expect_overflow([] { (void)(money::min() - money::from_mantissa(1)); }, "money -");
  expect_overflow([] { (void)(-money::min()); }, "money negation");
  expect_overflow([] { (void)money::min().abs(); }, "money negation");
  expect_overflow([] { (void)(money::max() * 2); }, "money * integer");
  expect_overflow([] { (void)money::from_integer(i64_max / 1000); }, "money from_integer");
  expect_overflow(
      [] { (void)multiply(energy::max(), energy_price::parse("2"), rounding::half_up); },
      "money multiply");
  expect_overflow([] { (void)rescale<decimal<dimension::money, 8>>(money::max()); },
                  "money rescale");
  expect_overflow(
      [] { (void)divide<ratio>(energy::max(), energy::from_mantissa(1), rounding::floor); },
      "ratio divide");
  expect_overflow([] { (void)scale_by(money::max(), 3, 2, rounding::floor); }, "money scale_by");
}

TEST(DecimalArithmetic, IntegerMultiplication) {
  EXPECT_EQ(money::parse("346.6667") * 3, money::parse("1040.0001"));
  EXPECT_EQ(-2 * money::parse("1.5"), money::parse("-3"));
  EXPECT_EQ(money::from_integer(26) * 400, money::parse("10400"));
}

// ---- products and quotients
// ----------------------------------------------------------------------

TEST(DecimalProduct, EnergyTimesPriceIsMoney) {
  // The explanation line of issue 3: 1,234.56 kWh × 0.6123 = 755.90 (755.921088 exact).
  const money exact =
      multiply(energy::parse("1234.56"), energy_price::parse("0.6123"), rounding::half_up);
  EXPECT_EQ(exact, money::parse("755.9211"));
  EXPECT_EQ(round(exact, 2, rounding::half_up), money::parse("755.92"));
  // The Shanghai July constant 100 kW day (rules.md TOU vectors): 1686.00.
  money day;
  day += multiply(energy::parse("200"), energy_price::parse("1.35"), rounding::half_up);
  day += multiply(energy::parse("800"), energy_price::parse("1.08"), rounding::half_up);
  day += multiply(energy::parse("600"), energy_price::parse("0.60"), rounding::half_up);
  day += multiply(energy::parse("800"), energy_price::parse("0.24"), rounding::half_up);
  EXPECT_EQ(day, money::parse("1686.00"));
}

TEST(DecimalProduct, RatioKeepsTheDimension) {
  // 尖 = 平 × 1.7 × 1.25 = 平 × 2.125 (PRC-1): chained exactly, rounded once.
  const auto flat = energy_price::parse("0.6");
  const auto chained = multiply<energy_price>(
      flat, multiply(ratio::parse("1.7"), ratio::parse("1.25"), rounding::half_up),
      rounding::half_up);
  EXPECT_EQ(chained, energy_price::parse("1.275"));
  EXPECT_EQ(multiply(energy::parse("10000"), ratio::parse("0.07"), rounding::half_up),
            energy::parse("700"));
  EXPECT_EQ(multiply(ratio::parse("0.5"), power::parse("1000"), rounding::half_up),
            power::parse("500"));
}

TEST(DecimalProduct, EveryRoundingModeAtHalf) {
  // 0.5 kWh × 0.0001 yuan/kWh = 0.00005 yuan: exactly half of the last money digit.
  const auto q = energy::parse("0.5");
  const auto p = energy_price::parse("0.0001");
  const auto n = energy::parse("-0.5");
  EXPECT_EQ(multiply(q, p, rounding::half_up).mantissa(), 1);
  EXPECT_EQ(multiply(n, p, rounding::half_up).mantissa(), -1);
  EXPECT_EQ(multiply(q, p, rounding::half_even).mantissa(), 0);
  EXPECT_EQ(multiply(n, p, rounding::half_even).mantissa(), 0);
  EXPECT_EQ(multiply(energy::parse("1.5"), p, rounding::half_even).mantissa(), 2);
  EXPECT_EQ(multiply(energy::parse("-1.5"), p, rounding::half_even).mantissa(), -2);
  EXPECT_EQ(multiply(q, p, rounding::toward_zero).mantissa(), 0);
  EXPECT_EQ(multiply(n, p, rounding::toward_zero).mantissa(), 0);
  EXPECT_EQ(multiply(q, p, rounding::floor).mantissa(), 0);
  EXPECT_EQ(multiply(n, p, rounding::floor).mantissa(), -1);
  EXPECT_EQ(multiply(q, p, rounding::ceil).mantissa(), 1);
  EXPECT_EQ(multiply(n, p, rounding::ceil).mantissa(), 0);
}

TEST(DecimalProduct, WideProductsGoThrough128Bits) {
  // 9e14 kWh × 9.99 yuan/kWh overflows int64 in the mantissa product but not in the result.
  const auto big = energy::parse("90000000000");
  const auto price = energy_price::parse("9.99");
  EXPECT_EQ(multiply(big, price, rounding::half_up), money::parse("899100000000"));
}

TEST(DecimalQuotient, DividesWithRounding) {
  EXPECT_EQ(divide(money::parse("100"), energy::parse("3"), rounding::half_up),
            energy_price::parse("33.333333"));
  EXPECT_EQ(divide(money::parse("-100"), energy::parse("3"), rounding::half_up),
            energy_price::parse("-33.333333"));
  EXPECT_EQ(divide(money::parse("200"), energy::parse("3"), rounding::ceil),
            energy_price::parse("66.666667"));
  EXPECT_EQ(divide(energy::parse("700"), energy::parse("10000"), rounding::half_up),
            ratio::parse("0.07"));
  EXPECT_EQ(divide<money>(money::parse("10400"), ratio::parse("3"), rounding::half_up),
            money::parse("3466.6667"));
  EXPECT_EQ(divide(money::parse("10400"), 3, rounding::half_up), money::parse("3466.6667"));
  EXPECT_EQ(divide(money::parse("0.0003"), 2, rounding::half_even), money::parse("0.0002"));
  EXPECT_EQ(divide(money::parse("0.0005"), 2, rounding::half_even), money::parse("0.0002"));
  EXPECT_EQ(divide(money::min(), 1, rounding::half_even), money::min());
}

TEST(DecimalQuotient, RefusesDivisionByZero) {
  EXPECT_THROW((void)divide(money::parse("1"), energy{}, rounding::half_up), error);
  EXPECT_THROW((void)divide(money::parse("1"), 0, rounding::half_up), error);
  EXPECT_THROW((void)scale_by(money::parse("1"), 1, 0, rounding::half_up), error);
  try {
    (void)divide(money::parse("1"), 0, rounding::half_up);
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
  }
}

TEST(DecimalQuotient, ScaleByIsOneExactStep) {
  // TP-8: 10,400 × 10/30 = 3,466.67 (to the fen).
  EXPECT_EQ(round(scale_by(money::parse("10400"), 10, 30, rounding::half_up), 2, rounding::half_up),
            money::parse("3466.67"));
  // Huge intermediate products stay exact: max × 3 / 3 == max.
  EXPECT_EQ(scale_by(money::max(), 3, 3, rounding::half_up), money::max());
}

// ---- rescale and round
// ---------------------------------------------------------------------------

TEST(DecimalRescale, WideningIsExactNarrowingTakesAPolicy) {
  using money2 = decimal<dimension::money, 2>;
  using money6 = decimal<dimension::money, 6>;
  EXPECT_EQ(rescale<money6>(money::parse("1.2345")).mantissa(), 1234500);
  EXPECT_EQ(rescale<money2>(money::parse("1.2350"), rounding::half_up).mantissa(), 124);
  EXPECT_EQ(rescale<money2>(money::parse("1.2350"), rounding::half_even).mantissa(), 124);
  EXPECT_EQ(rescale<money2>(money::parse("1.2250"), rounding::half_even).mantissa(), 122);
  EXPECT_EQ(rescale<money2>(money::parse("-1.2250"), rounding::half_up).mantissa(), -123);
  EXPECT_EQ(rescale<money2>(money::parse("-1.2299"), rounding::toward_zero).mantissa(), -122);
  EXPECT_EQ(rescale<money6>(money::parse("1.5"), rounding::floor).mantissa(), 1500000);
}

TEST(DecimalRound, ToTheFenInEveryMode) {
  const auto tie = money::parse("-15.025");  // pf-amt-3: ties away from zero
  EXPECT_EQ(round(tie, 2, rounding::half_up), money::parse("-15.03"));
  EXPECT_EQ(round(tie, 2, rounding::half_even), money::parse("-15.02"));
  EXPECT_EQ(round(tie, 2, rounding::toward_zero), money::parse("-15.02"));
  EXPECT_EQ(round(tie, 2, rounding::floor), money::parse("-15.03"));
  EXPECT_EQ(round(tie, 2, rounding::ceil), money::parse("-15.02"));
  EXPECT_EQ(round(money::parse("15.025"), 2, rounding::half_up), money::parse("15.03"));
  EXPECT_EQ(round(money::parse("15.035"), 2, rounding::half_even), money::parse("15.04"));
  EXPECT_EQ(round(money::parse("15.0251"), 2, rounding::half_even), money::parse("15.03"));
  EXPECT_EQ(round(money::parse("15.0249"), 2, rounding::half_up), money::parse("15.02"));
  EXPECT_EQ(round(money::parse("15.0249"), 4, rounding::half_up), money::parse("15.0249"));
  EXPECT_EQ(round(money::parse("15.5"), 0, rounding::half_even), money::parse("16"));
  EXPECT_THROW((void)round(money::parse("1"), -1, rounding::half_up), error);
  EXPECT_TRUE(is_rounded(money::parse("15.02"), 2));
  EXPECT_FALSE(is_rounded(money::parse("15.025"), 2));
}

}  // namespace
