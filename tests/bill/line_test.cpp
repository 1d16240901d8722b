#include "submeter/bill/line.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::error;
using submeter::rounding;
using submeter::bill::energy_line;
using submeter::bill::exact_money;
using submeter::bill::group_thousands;
using submeter::bill::rounding_rule;
using submeter::bill::rounding_scope;

TEST(Line, GroupsThousands) {
  EXPECT_EQ(group_thousands("0.5"), "0.5");
  EXPECT_EQ(group_thousands("999"), "999");
  EXPECT_EQ(group_thousands("1000"), "1,000");
  EXPECT_EQ(group_thousands("1234567.891"), "1,234,567.891");
  EXPECT_EQ(group_thousands("-123456.00"), "-123,456.00");
}

TEST(Line, ExactProductRoundedHalfUpToTheFen) {
  // 1234.56 × 0.6123 = 755.921088 exactly; half_up to 0.01 is 755.92.
  const auto l = energy_line("M-01", 0, "total", energy::parse("1234.56"),
                             energy_price::parse("0.6123"), rounding_rule{});
  EXPECT_EQ(l.component, submeter::bill::component::energy);
  EXPECT_EQ(l.unit, "kWh");
  EXPECT_EQ(l.unrounded, exact_money::parse("755.921088"));
  EXPECT_EQ(l.amount, exact_money::parse("755.92"));
  EXPECT_EQ(l.explanation, "1,234.56 kWh × 0.6123 = 755.92");
}

TEST(Line, QuantityKeepsItsDigitsAndPriceAsGiven) {
  const auto l = energy_line("M-01", 2, "peak", energy::parse("12345.6789"),
                             energy_price::parse("1.08"), rounding_rule{});
  // 12345.6789 × 1.08 = 13333.333212 → 13333.33
  EXPECT_EQ(l.explanation, "12,345.6789 kWh × 1.08 = 13,333.33");
}

TEST(Line, TiesFollowTheRoundingMode) {
  // 0.5 × 0.01 = 0.005: half_up 0.01, half_even 0.00.
  const auto q = energy::parse("0.5");
  const auto p = energy_price::parse("0.01");
  EXPECT_EQ(energy_line("M", 0, "total", q, p, rounding_rule{}).amount, exact_money::parse("0.01"));
  const auto even = rounding_rule::make(rounding_scope::per_line, 2, rounding::half_even);
  EXPECT_EQ(energy_line("M", 0, "total", q, p, even).amount, exact_money::parse("0"));
  const auto total_only = rounding_rule::make(rounding_scope::total_only, 2, rounding::half_up);
  const auto exact = energy_line("M", 0, "total", q, p, total_only);
  EXPECT_EQ(exact.amount, exact_money::parse("0.005"));
  EXPECT_EQ(exact.explanation, "0.50 kWh × 0.01 = 0.005");
}

TEST(Line, RoundingRuleDescribesItselfAndRefusesBadPlaces) {
  EXPECT_EQ(rounding_rule{}.describe(), "half_up to 0.01 per line");
  EXPECT_EQ(rounding_rule::make(rounding_scope::total_only, 0, rounding::half_even).describe(),
            "half_even to 1 on the total only");
  EXPECT_EQ(rounding_rule::make(rounding_scope::per_line, 4, rounding::floor).describe(),
            "floor to 0.0001 per line");
  try {
    (void)rounding_rule::make(rounding_scope::per_line, 5, rounding::half_up);
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
  }
}

}  // namespace

namespace {

using submeter::bill::amount_line;
using submeter::bill::charge_line;
using submeter::bill::line_price;
using submeter::bill::line_quantity;

TEST(Line, ChargeLineForWaterStatesCubicMetres) {
  // 12.5 m³ × 3.45 = 43.125 → half_up 43.13.
  const auto l =
      charge_line(submeter::bill::component::water, "W-01", submeter::volume::parse("12.5"),
                  submeter::volume_price::parse("3.45"), rounding_rule{});
  EXPECT_EQ(l.unit, "m3");
  EXPECT_EQ(l.price_unit, "yuan/m3");
  EXPECT_EQ(l.quantity, line_quantity::parse("12.5"));
  EXPECT_EQ(l.unit_price, line_price::parse("3.45"));
  EXPECT_EQ(l.unrounded, exact_money::parse("43.125"));
  EXPECT_EQ(l.amount, exact_money::parse("43.13"));
  EXPECT_EQ(l.explanation, "12.50 m3 × 3.45 = 43.13");
  EXPECT_EQ(l.tier, 0);
  EXPECT_TRUE(l.version.empty());
  EXPECT_FALSE(l.window.has_value());
}

TEST(Line, ChargeLineTakesAUnitOverrideForCapacity) {
  const auto l =
      charge_line(submeter::bill::component::capacity, "M-00", submeter::power::parse("400"),
                  submeter::power_price::parse("26"), rounding_rule{}, "kVA");
  EXPECT_EQ(l.unit, "kVA");
  EXPECT_EQ(l.price_unit, "yuan/kVA");
  EXPECT_EQ(l.amount, exact_money::parse("10400"));
  EXPECT_EQ(l.explanation, "400.00 kVA × 26.00 = 10,400.00");
}

TEST(Line, ChargeLineTakesAUnitOfAnyLength) {
  // A unit longer than a string's own buffer: the explanation keeps it (with the head and tail)
  // and the price unit is appended, both whole.
  const std::string unit(300, 'u');
  const auto l =
      charge_line(submeter::bill::component::capacity, "M-00", submeter::power::parse("2"),
                  submeter::power_price::parse("1.5"), rounding_rule{}, unit);
  EXPECT_EQ(l.unit, unit);
  EXPECT_EQ(l.price_unit, "yuan/" + unit);
  EXPECT_EQ(l.explanation, "2.00 " + unit + " × 1.50 = 3.00");
}

TEST(Line, AmountLineRoundsTheCallersExactAmount) {
  // rules.md TP-1 vector: 10,400 × 10/30 = 3,466.666… → 3,466.67.
  const auto exact = exact_money::parse("3466.6666666667");
  const auto l = amount_line(submeter::bill::component::capacity, "M-00", exact,
                             "10,400.00 × 10/30 days", rounding_rule{});
  EXPECT_EQ(l.unrounded, exact);
  EXPECT_EQ(l.amount, exact_money::parse("3466.67"));
  EXPECT_EQ(l.explanation, "10,400.00 × 10/30 days = 3,466.67");
}

TEST(Line, TotalOnlyScopeKeepsLinesExact) {
  const auto rule = rounding_rule::make(rounding_scope::total_only, 2, rounding::half_up);
  const auto l = amount_line(submeter::bill::component::fixed, "", exact_money::parse("0.125"),
                             "service", rule);
  EXPECT_EQ(l.amount, exact_money::parse("0.125"));
}

// charge_line formats its explanation into one string without temporaries; the text must be what
// group_thousands(to_string(...)) prints, for every sign, size, scale and number of places.
template <int Scale>
std::string reference_text(std::int64_t m, int min_places, bool grouped) {
  const auto text =
      submeter::decimal<submeter::dimension::ratio, Scale>::from_mantissa(m).to_string(min_places);
  return grouped ? group_thousands(text) : text;
}
template <int Scale>
std::string fast_text(std::int64_t m, int min_places, bool grouped) {
  char buf[48];
  char* const end = buf + sizeof buf;
  return std::string(submeter::detail::decimal_text(end, m, Scale, min_places, grouped), end);
}

TEST(Line, DecimalTextAtTheEdges) {
  for (const auto m : {std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max(), std::int64_t{0}, std::int64_t{-1},
                       std::int64_t{999}, std::int64_t{1000}, std::int64_t{-1000000}}) {
    for (int places = -1; places <= 11; ++places) {
      for (const bool grouped : {false, true}) {
        EXPECT_EQ(fast_text<4>(m, places, grouped), reference_text<4>(m, places, grouped));
        EXPECT_EQ(fast_text<6>(m, places, grouped), reference_text<6>(m, places, grouped));
        EXPECT_EQ(fast_text<10>(m, places, grouped), reference_text<10>(m, places, grouped));
      }
    }
  }
}

RC_GTEST_PROP(LineProperty, DecimalTextIsGroupedToString, (std::int64_t m, bool grouped)) {
  const int places = *rc::gen::inRange(0, 11);
  RC_ASSERT(fast_text<4>(m, places, grouped) == reference_text<4>(m, places, grouped));
  RC_ASSERT(fast_text<6>(m, places, grouped) == reference_text<6>(m, places, grouped));
  RC_ASSERT(fast_text<10>(m, places, grouped) == reference_text<10>(m, places, grouped));
}

// Mantissas with 0..18 trailing zeros: the trimming takes steps of 8, 4, 2 and 1 digits.
RC_GTEST_PROP(LineProperty, DecimalTextTrimsTrailingZerosAsToString, (bool grouped)) {
  const int zeros = *rc::gen::inRange(0, 19);
  std::int64_t m = *rc::gen::inRange<std::int64_t>(-999, 1000);
  for (int i = 0; i < zeros && m > -922337203685477580 && m < 922337203685477580; ++i) m *= 10;
  const int places = *rc::gen::inRange(-1, 12);
  RC_ASSERT(fast_text<4>(m, places, grouped) == reference_text<4>(m, places, grouped));
  RC_ASSERT(fast_text<6>(m, places, grouped) == reference_text<6>(m, places, grouped));
  RC_ASSERT(fast_text<10>(m, places, grouped) == reference_text<10>(m, places, grouped));
}

RC_GTEST_PROP(LineProperty, ChargeLineExplainsQuantityPriceAmount, ()) {
  const auto q = energy::from_mantissa(*rc::gen::inRange<std::int64_t>(-2000000000, 2000000000));
  const auto p = energy_price::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 50000000));
  const auto rule = rounding_rule::make(
      *rc::gen::element(rounding_scope::per_line, rounding_scope::total_only),
      *rc::gen::inRange(0, 5), *rc::gen::element(rounding::half_up, rounding::half_even));
  const auto l = energy_line("M", 1, "sharp", q, p, rule);
  RC_ASSERT(l.explanation == group_thousands(q.to_string(2)) + " kWh × " + p.to_string(2) + " = " +
                                 group_thousands(l.amount.to_string(rule.places)));
}

// bill::explanation keeps a charge's numbers and writes the text when it is read; any other text
// it holds as given. Both read as one string.
using submeter::bill::explanation;

TEST(Explanation, AChargeIsWrittenWhenRead) {
  // 1234.56 kWh × 0.6123 = 755.921088 → 755.92 (mantissas: 1e-4, 1e-6, 1e-10).
  const auto e = explanation::charge({}, 12345600, "kWh", 612300, 7559200000000, 2);
  EXPECT_TRUE(e.is_formula());
  EXPECT_FALSE(e.empty());
  EXPECT_EQ(e.str(), "1,234.56 kWh × 0.6123 = 755.92");
  EXPECT_EQ(std::string(e), "1,234.56 kWh × 0.6123 = 755.92");
  std::string out = "line: ";
  e.append_to(out);
  EXPECT_EQ(out, "line: 1,234.56 kWh × 0.6123 = 755.92");
  std::ostringstream os;
  os << e;
  EXPECT_EQ(os.str(), "1,234.56 kWh × 0.6123 = 755.92");
  // An amount kept exact (a bill rounded on its total only) shows its digits beyond the places;
  // to four places it shows at least four.
  EXPECT_EQ(explanation::charge({}, 5000, "kWh", 10000, 50000000, 2).str(),
            "0.50 kWh × 0.01 = 0.005");
  EXPECT_EQ(explanation::charge({}, 5000, "kWh", 10000, 50000000, 4).str(),
            "0.50 kWh × 0.01 = 0.0050");
}

TEST(Explanation, HeadTailAndEditsAreWrittenAsText) {
  const auto e = explanation::charge("tier 2 adder: ", 20000, "kWh", 50000, 10000000000, 2,
                                     " (v2, 2026-07-16 00:00/2026-08-01 00:00, by days)");
  EXPECT_FALSE(e.is_formula());  // a head or a tail: written at once
  EXPECT_EQ(e,
            "tier 2 adder: 2.00 kWh × 0.05 = 1.00 (v2, 2026-07-16 00:00/2026-08-01 00:00, "
            "by days)");
  auto edited = explanation::charge({}, 20000, "kWh", 50000, 10000000000, 2);
  edited.prepend("2026-06 re-rated: ");
  edited += " [tier 2]";
  EXPECT_FALSE(edited.is_formula());
  EXPECT_EQ(edited.str(), "2026-06 re-rated: 2.00 kWh × 0.05 = 1.00 [tier 2]");
  // A unit longer than the 6 bytes kept beside the numbers: written at once, whole.
  const auto long_unit = explanation::charge({}, 20000, "kWh·day", 50000, 10000000000, 2);
  EXPECT_FALSE(long_unit.is_formula());
  EXPECT_EQ(long_unit, "2.00 kWh·day × 0.05 = 1.00");
  EXPECT_TRUE(explanation::charge({}, 20000, "kvarh", 50000, 10000000000, 2).is_formula());
}

// Numbers and text share storage: copies, moves and assignments between the two, either way.
TEST(Explanation, CopiesMovesAndAssignsAcrossTheTwoForms) {
  const auto formula = explanation::charge({}, 100000, "m3", 3450000, 345000000000, 2);
  const explanation text = std::string(100, 't');  // on the heap
  auto a = formula;
  EXPECT_TRUE(a.is_formula());
  EXPECT_EQ(a, "10.00 m3 × 3.45 = 34.50");
  a = text;
  EXPECT_FALSE(a.is_formula());
  EXPECT_EQ(a, std::string(100, 't'));
  a = formula;
  EXPECT_TRUE(a.is_formula());
  EXPECT_EQ(a, formula);
  auto b = std::move(a);
  EXPECT_EQ(b, "10.00 m3 × 3.45 = 34.50");
  auto c = text;
  auto d = std::move(c);
  EXPECT_EQ(d, text);
  d = std::move(b);
  EXPECT_TRUE(d.is_formula());
  b = std::move(d);
  EXPECT_EQ(b, formula);
  const auto& same = b;
  b = same;
  EXPECT_EQ(b, formula);
  std::vector<explanation> many(40, formula);
  many.insert(many.begin() + 3, text);
  many.resize(100, text);
  EXPECT_EQ(many[3], text);
  EXPECT_EQ(many[30], formula);
  EXPECT_EQ(many[50], text);
  EXPECT_EQ(many[99], text);
}

TEST(Explanation, TextIsHeldAsGiven) {
  explanation e;
  EXPECT_TRUE(e.empty());
  EXPECT_EQ(e, "");
  e = std::string("10,400.00 × 10/30 days");
  e += " = 3,466.67";
  e.prepend("capacity: ");
  EXPECT_FALSE(e.is_formula());
  EXPECT_EQ(e.str(), "capacity: 10,400.00 × 10/30 days = 3,466.67");
  e = "as a C string";
  EXPECT_EQ(e, "as a C string");
}

TEST(Explanation, ComparesAndConcatenatesAsItsText) {
  const auto formula = explanation::charge({}, 100000, "m3", 3450000, 345000000000, 2);
  const explanation text = std::string("10.00 m3 × 3.45 = 34.50");
  EXPECT_EQ(formula, text);
  EXPECT_EQ(text, formula);
  EXPECT_NE(formula, explanation("10.00 m3 × 3.45 = 34.51"));
  EXPECT_EQ(formula, std::string("10.00 m3 × 3.45 = 34.50"));
  EXPECT_EQ(std::string("10.00 m3 × 3.45 = 34.50"), formula);
  EXPECT_NE(formula, "10.00 m3");
  EXPECT_EQ("water: " + formula, "water: 10.00 m3 × 3.45 = 34.50");
  EXPECT_EQ(std::string("water: ") + formula, "water: 10.00 m3 × 3.45 = 34.50");
  EXPECT_EQ(formula + "; metered", "10.00 m3 × 3.45 = 34.50; metered");
  EXPECT_EQ(formula + std::string("; metered"), "10.00 m3 × 3.45 = 34.50; metered");
}

// Whatever is put before and after, a charge reads as the same text held as a string with the
// same edits; kept as numbers until the first edit (no head, tail or long unit).
RC_GTEST_PROP(LineProperty, ExplanationEditsMatchTheText, (std::string head, std::string tail)) {
  const auto q = energy::from_mantissa(*rc::gen::inRange<std::int64_t>(-2000000000, 2000000000));
  const auto p = energy_price::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 50000000));
  const auto a = exact_money::from_mantissa(
      *rc::gen::inRange<std::int64_t>(-(std::int64_t{1} << 60), std::int64_t{1} << 60));
  const int places = *rc::gen::inRange(0, 5);
  const std::string unit =
      *rc::gen::element<std::string>("kWh", "m3", "kvarh", "", "kWh·day", std::string(40, 'u'));
  auto e = explanation::charge(head, q.mantissa(), unit, p.mantissa(), a.mantissa(), places, tail);
  std::string text = head + group_thousands(q.to_string(2)) + " " + unit + " × " + p.to_string(2) +
                     " = " + group_thousands(a.to_string(places)) + tail;
  RC_ASSERT(e.str() == text);
  RC_ASSERT(e.is_formula() == (head.empty() && tail.empty() && unit.size() <= 6));
  const auto edits = *rc::gen::container<std::vector<std::pair<bool, std::string>>>(
      rc::gen::pair(rc::gen::arbitrary<bool>(), rc::gen::arbitrary<std::string>()));
  for (const auto& [before, more] : edits) {
    if (before) {
      e.prepend(more);
      text.insert(0, more);
    } else {
      e += more;
      text += more;
    }
  }
  RC_ASSERT(e.str() == text);
  RC_ASSERT(e == explanation(text));
  const explanation copy = e;
  RC_ASSERT(copy == text);
}

}  // namespace
