// Tests of include/submeter/tariff/demand_charge.hpp, driven by tests/data/vectors/demand.json ›
// rule_105_vectors, contract_floor_vectors, factor_260_vectors (TP-4, TP-6, TP-7), plus graduated
// demand prices and ratchets.
#include "submeter/tariff/demand_charge.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/data_json.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using submeter::test_support::error_of;

const nlohmann::json& demand_vectors() { return test_support::data_json("vectors/demand.json"); }

power kw(const nlohmann::json& j) { return power::parse(j.get<std::string>()); }
bill::exact_money yuan(const nlohmann::json& j) {
  return bill::exact_money::parse(j.get<std::string>());
}

TEST(DemandCharge, Every105RuleVectorUnderEveryVariant) {
  const bill::rounding_rule rule{};
  int checked = 0;
  for (const auto& v : demand_vectors()["rule_105_vectors"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    const auto factor = v.contains("price_factor")
                            ? ratio::parse(v["price_factor"].get<std::string>())
                            : ratio::from_integer(1);
    for (const auto& [key, variant] :
         {std::pair{"variant_ii", excess_rule::variant_ii},
          std::pair{"variant_i", excess_rule::variant_i}, std::pair{"old", excess_rule::pre_2016},
          std::pair{"old_with_95pct_band", excess_rule::pre_2016_with_band}}) {
      SCOPED_TRACE(key);
      const auto l =
          demand_line("M1", kw(v["max_demand_kw"]), kw(v["contract_kw"]),
                      power_price::parse(v["price_yuan_per_kw_month"].get<std::string>()), rule,
                      variant, factor);
      EXPECT_EQ(l.amount, yuan(v["expected"][key]));
      EXPECT_EQ(l.component, submeter::bill::component::demand);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 32);
}

TEST(DemandCharge, IssueFiguresAndExplanation) {
  const bill::rounding_rule rule{};
  const auto p = power_price::parse("40");
  const auto c = power::parse("1000");
  const auto d = power::parse("1100");
  EXPECT_EQ(demand_line("M1", d, c, p, rule).amount, bill::exact_money::parse("46000"));
  EXPECT_EQ(demand_line("M1", d, c, p, rule, excess_rule::variant_i).amount,
            bill::exact_money::parse("44000"));
  EXPECT_EQ(demand_line("M1", d, c, p, rule, excess_rule::pre_2016).amount,
            bill::exact_money::parse("48000"));
  EXPECT_EQ(demand_line("M1", power::parse("1040"), c, p, rule).amount,
            bill::exact_money::parse("40000"));
  const auto l = demand_line("M1", d, c, p, rule);
  EXPECT_EQ(l.quantity, bill::line_quantity::parse("1150"));  // 1100 + 50: billed equivalent
  EXPECT_EQ(l.explanation,
            "D 1,100 kW, C 1,000 kW: D > 105 % C, D × p + (D − 1.05C) × p (TP-6 variant_ii), "
            "p = 40.00 yuan/kW·month = 46,000.00");
  // No contract: D × p.
  EXPECT_EQ(demand_line("M1", power::parse("300.5"), std::nullopt, p, rule).amount,
            bill::exact_money::parse("12020"));
}

TEST(DemandCharge, ContractFloorVectors) {
  const bill::rounding_rule rule{};
  for (const auto& v : demand_vectors()["contract_floor_vectors"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    const auto c = contract_demand::make(kw(v["declared_contract_kw"]), kw(v["transformer_kva"]),
                                         kw(v["hv_motor_kw"]));
    EXPECT_EQ(c.floor, kw(v["expected_floor_kw"]));
    EXPECT_EQ(c.contract, kw(v["expected_contract_kw"]));
    EXPECT_EQ(c.raised, v["raised"].get<bool>());
    EXPECT_EQ(c.warnings.size(), c.raised ? 1U : 0U);
    if (c.raised) {
      EXPECT_EQ(c.warnings[0].code, "contract_demand_raised_to_floor");
      EXPECT_EQ(c.warnings[0].context_value("floor_kw"), "480");
    }
    const auto l =
        demand_line("M1", kw(v["max_demand_kw"]), c.contract,
                    power_price::parse(v["price_yuan_per_kw_month"].get<std::string>()), rule);
    EXPECT_EQ(l.amount, yuan(v["expected_basic_charge_variant_ii"]));
  }
  // The floor rounds up at 1e-4: 40 % of 0.0001 kVA is 0.00004 → 0.0001.
  EXPECT_EQ(contract_demand::make(power{}, power::parse("0.0001")).floor, power::parse("0.0001"));
  EXPECT_EQ(
      error_of([] { (void)contract_demand::make(power::parse("-1"), power::parse("10")); }).code(),
      errc::invalid_argument);
}

TEST(DemandCharge, Factor260Vectors) {
  for (const auto& v : demand_vectors()["factor_260_vectors"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    std::vector<energy> points;
    for (const auto& k : v["metering_point_kwh"])
      points.push_back(energy::parse(k.get<std::string>()));
    const auto d = high_load_factor(points, kw(v["contract_kva"]));
    EXPECT_EQ(d.price_factor, ratio::parse(v["expected_factor"].get<std::string>()));
    EXPECT_EQ(d.total_kwh, energy::parse(v["total_kwh"].get<std::string>()));
    // Cut to 6 places, kWh/kVA agrees with the vector's truncated value.
    EXPECT_EQ(round(d.kwh_per_kva, 6, rounding::toward_zero),
              ratio::parse(v["kwh_per_kva_truncated_6dp"].get<std::string>()));
  }
  EXPECT_EQ(error_of([] { (void)high_load_factor({energy::parse("1")}, power{}); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(
      error_of([] { (void)high_load_factor({energy::parse("-1")}, power::parse("315")); }).code(),
      errc::invalid_argument);
}

TEST(DemandCharge, GraduatedDemandLinesPerRegister) {
  const bill::rounding_rule rule{};
  const std::vector<demand_tier> tiers{{power::parse("100"), power_price::parse("20")},
                                       {std::nullopt, power_price::parse("15")}};
  const auto lines = graduated_demand_lines("M1", 1, "peak", power::parse("234.676"), tiers, rule);
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].amount, bill::exact_money::parse("2000"));
  EXPECT_EQ(lines[1].amount, bill::exact_money::parse("2020.14"));  // 134.676 × 15
  EXPECT_EQ(lines[1].tier, 2);
  EXPECT_EQ(lines[1].rate_register, 1);
  EXPECT_EQ(lines[1].register_name, "peak");
  EXPECT_EQ(graduated_demand_lines("M1", 1, "peak", power::parse("50"), tiers, rule).size(), 1U);
  EXPECT_TRUE(graduated_demand_lines("M1", 1, "peak", power{}, tiers, rule).empty());
  EXPECT_EQ(error_of([&] {
              (void)graduated_demand_lines("M1", 1, "peak", power::parse("1"),
                                           {{power::parse("100"), power_price::parse("1")}}, rule);
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([&] {
              (void)graduated_demand_lines("M1", 1, "peak", power::parse("-1"), tiers, rule);
            }).code(),
            errc::invalid_argument);
}

ratchet sam_like() {
  std::array<ratio, 12> pct{};
  std::array<bool, 12> cur{};
  for (std::size_t m = 0; m < 12; ++m) {
    const bool summer = m >= 5 && m <= 8;
    pct[m] = ratio::parse(summer ? "0.95" : "0.6");
    cur[m] = summer;
  }
  return ratchet::make(power::parse("100"), 11, pct, cur);
}

TEST(DemandCharge, RatchetTakesTheLargestOfMinimumLookbackAndCurrent) {
  using namespace date::literals;
  const auto r = sam_like();
  // July: June's 95 % beats July's own peak.
  const std::vector<month_peak> hist{{2018_y / 6, power::parse("746.5875")},
                                     {2018_y / 1, power::parse("500")}};
  const auto b = ratchet_demand(r, 2018_y / 7, power::parse("658.0156"), hist);
  EXPECT_EQ(b.demand, power::parse("709.2581"));  // 746.5875 × 0.95 = 709.258125 → half-up
  EXPECT_EQ(b.basis, "lookback");
  ASSERT_TRUE(b.from_month);
  EXPECT_EQ(*b.from_month, 2018_y / 6);
  // The current peak wins when larger.
  EXPECT_EQ(ratchet_demand(r, 2018_y / 7, power::parse("800"), hist).basis, "current");
  // The minimum when nothing else reaches it; a month outside the look-back is ignored.
  const std::vector<month_peak> old{{2017_y / 7, power::parse("1000")}};
  const auto m = ratchet_demand(r, 2018_y / 7, power::parse("50"), old);
  EXPECT_EQ(m.demand, power::parse("100"));
  EXPECT_EQ(m.basis, "minimum");
  // In January the current month does not count (SAM's include flag), the look-back does.
  EXPECT_EQ(ratchet_demand(r, 2018_y / 1, power::parse("900"), {}).demand, power::parse("100"));
  EXPECT_EQ(error_of([&] {
              (void)ratchet_demand(
                  r, 2018_y / 7, power::parse("1"),
                  {{2018_y / 6, power::parse("1")}, {2018_y / 6, power::parse("2")}});
            }).code(),
            errc::duplicate);
}

// Variant i is continuous at 105 %; variant ii jumps by 0.05C·p just above it (dem-105-4).
RC_GTEST_PROP(DemandChargeProperty, VariantsAgreeUpTo105PercentAndOrderAbove, ()) {
  const auto c = *rc::gen::inRange<std::int64_t>(1, 100000000);
  const auto d = *rc::gen::inRange<std::int64_t>(0, 300000000);
  const auto p = power_price::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 100000000));
  const bill::rounding_rule rule{bill::rounding_scope::total_only, 2, rounding::half_up};
  const auto cd = power::from_mantissa(c);
  const auto dd = power::from_mantissa(d);
  const auto ii = demand_line("M", dd, cd, p, rule, excess_rule::variant_ii).unrounded;
  const auto i = demand_line("M", dd, cd, p, rule, excess_rule::variant_i).unrounded;
  const auto old = demand_line("M", dd, cd, p, rule, excess_rule::pre_2016).unrounded;
  if (d * 100 <= c * 105) {
    RC_ASSERT(ii == i);
  } else {
    RC_ASSERT(old >= i);
  }
  RC_ASSERT(ii >= demand_line("M", cd, cd, p, rule).unrounded);
}

}  // namespace
