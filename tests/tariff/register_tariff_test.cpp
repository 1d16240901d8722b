#include "submeter/tariff/register_tariff.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "submeter/tariff/demand_charge.hpp"
#include "submeter/tariff/tiers.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::error;
using submeter::parse_local_time;
using submeter::rounding;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::metering::meter;
using submeter::metering::register_reading;
using submeter::metering::register_usage;
using submeter::tariff::rate;
using submeter::tariff::register_tariff;
using submeter::tariff::register_tariff_kind;

energy_price price(const char* s) { return energy_price::parse(s); }

register_usage tou_usage() {
  register_reading a;
  a.time = parse_local_time("2026-07-01T00:00");
  a.total = energy::parse("1000");
  a.rates = {energy::parse("100"), energy::parse("300"), energy::parse("200"),
             energy::parse("400")};
  register_reading b;
  b.time = parse_local_time("2026-08-01T00:00");
  b.total = energy::parse("2000.5");
  b.rates = {energy::parse("200"), energy::parse("600"), energy::parse("400.25"),
             energy::parse("800.25")};
  return usage(meter::make("M-01"), a, b, rounding::half_up);
}

TEST(RegisterTariff, FlatBillsTheTotal) {
  const auto t = register_tariff::flat("flat-072", price("0.72"));
  EXPECT_EQ(t.kind(), register_tariff_kind::flat);
  const auto lines = rate(t, tou_usage(), rounding_rule{});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rate_register, 0);
  EXPECT_EQ(lines[0].register_name, "total");
  EXPECT_EQ(lines[0].quantity, submeter::bill::line_quantity::parse("1000.5"));
  // 1000.5 × 0.72 = 720.36 exactly.
  EXPECT_EQ(lines[0].amount, exact_money::parse("720.36"));
  EXPECT_EQ(lines[0].explanation, "1,000.50 kWh × 0.72 = 720.36");
}

TEST(RegisterTariff, TouBillsEachPricedRegisterInOrder) {
  // Given out of order; kept in register order.
  const auto t = register_tariff::tou(
      "tou4", {{4, price("0.24")}, {1, price("1.35")}, {3, price("0.60")}, {2, price("1.08")}});
  ASSERT_EQ(t.prices().size(), 4u);
  EXPECT_EQ(t.prices()[0].rate_register, 1);
  EXPECT_EQ(t.price(2), price("1.08"));
  EXPECT_FALSE(t.price(5).has_value());
  const auto lines = rate(t, tou_usage(), rounding_rule{});
  ASSERT_EQ(lines.size(), 4u);
  // sharp 100 × 1.35 = 135; peak 300 × 1.08 = 324; flat 200.25 × 0.60 = 120.15;
  // valley 400.25 × 0.24 = 96.06.
  EXPECT_EQ(lines[0].register_name, "sharp");
  EXPECT_EQ(lines[0].amount, exact_money::parse("135"));
  EXPECT_EQ(lines[1].register_name, "peak");
  EXPECT_EQ(lines[1].amount, exact_money::parse("324"));
  EXPECT_EQ(lines[2].amount, exact_money::parse("120.15"));
  EXPECT_EQ(lines[3].register_name, "valley");
  EXPECT_EQ(lines[3].amount, exact_money::parse("96.06"));
  EXPECT_EQ(lines[3].explanation, "400.25 kWh × 0.24 = 96.06");
}

TEST(RegisterTariff, TouOnRegisterTheMeterLacksIsRefused) {
  const auto t = register_tariff::tou("tou5", {{5, price("0.1")}});
  try {
    (void)rate(t, tou_usage(), rounding_rule{});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::not_found);
    EXPECT_EQ(e.context_value("tariff"), "tou5");
    EXPECT_EQ(e.context_value("meter"), "M-01");
    EXPECT_EQ(e.context_value("register"), "deep_valley");
  }
}

TEST(RegisterTariff, FactoryRefusesBadInput) {
  auto code_of = [](auto&& f) { return submeter::test_support::error_of(f).code(); };
  EXPECT_EQ(code_of([] { (void)register_tariff::flat("neg", price("-0.01")); }),
            errc::invalid_argument);
  EXPECT_EQ(code_of([] { (void)register_tariff::flat("", price("0.5")); }), errc::invalid_argument);
  EXPECT_EQ(code_of([] { (void)register_tariff::tou("none", {}); }), errc::invalid_argument);
  EXPECT_EQ(code_of([] {
              (void)register_tariff::tou("r0", {{0, price("1")}});
            }),
            errc::invalid_argument);
  EXPECT_EQ(code_of([] {
              (void)register_tariff::tou("r9", {{9, price("1")}});
            }),
            errc::invalid_argument);
  EXPECT_EQ(code_of([] {
              (void)register_tariff::tou("dup", {{2, price("1")}, {2, price("1")}});
            }),
            errc::duplicate);
  EXPECT_EQ(code_of([] {
              (void)register_tariff::tou("neg", {{1, price("1")}, {2, price("-1")}});
            }),
            errc::invalid_argument);
  // All 8 registers and a zero price are fine.
  std::vector<submeter::tariff::register_price> eight;
  for (int n = 1; n <= 8; ++n) eight.push_back({n, price("0")});
  EXPECT_EQ(register_tariff::tou("eight", eight).prices().size(), 8u);
}

// Lines built in place take the meter id and register name by appending to the new line's
// empty strings: for ids of any length (within and beyond the short-string buffer) every line of a
// TOU tariff, a tier adder and a graduated demand charge carries exactly the id and name given.
RC_GTEST_PROP(LineIdentity, InPlaceLinesCarryTheMeterIdAndRegisterName, ()) {
  const auto id = *rc::gen::container<std::string>(*rc::gen::inRange<std::size_t>(1, 60),
                                                   rc::gen::inRange('A', 'Z'));
  auto u = tou_usage();
  u.meter_id = id;
  const auto t = register_tariff::tou(
      "tou4", {{1, price("1.2")}, {2, price("0.9")}, {3, price("0.6")}, {4, price("0.3")}});
  const auto tou_lines = rate(t, u, rounding_rule{});
  RC_ASSERT(tou_lines.size() == 4u);
  for (std::size_t i = 0; i < tou_lines.size(); ++i) {
    RC_ASSERT(tou_lines[i].meter_id == id);
    RC_ASSERT(tou_lines[i].register_name ==
              submeter::metering::register_name(static_cast<int>(i + 1)));
  }
  using submeter::tariff::tier_ladder;
  using submeter::tariff::tiered_tariff;
  const auto adder = tiered_tariff<energy>::adder(
      "adder", tier_ladder<energy>::make({energy::parse("100"), energy::parse("200")}),
      {{1, {price("1.2")}, {}}, {2, {price("0.9")}, {}}},
      {price("0"), price("0.05"), price("0.30")});
  const auto adder_lines =
      adder
          .rate(id, {{1, energy::parse("150")}, {2, energy::parse("100")}}, {}, 31, rounding_rule{})
          .lines;
  RC_ASSERT(!adder_lines.empty());
  for (const auto& l : adder_lines) RC_ASSERT(l.meter_id == id);
  const auto name = *rc::gen::container<std::string>(*rc::gen::inRange<std::size_t>(0, 40),
                                                     rc::gen::inRange('a', 'z'));
  const std::vector<submeter::tariff::demand_tier> tiers{
      {submeter::power::parse("100"), submeter::power_price::parse("20")},
      {std::nullopt, submeter::power_price::parse("15")}};
  const auto demand_lines = submeter::tariff::graduated_demand_lines(
      id, 2, name, submeter::power::parse("150"), tiers, rounding_rule{});
  RC_ASSERT(demand_lines.size() == 2u);
  for (const auto& l : demand_lines) {
    RC_ASSERT(l.meter_id == id);
    RC_ASSERT(l.register_name == name);
    RC_ASSERT(l.rate_register == 2);
  }
}

}  // namespace
