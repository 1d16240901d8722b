// Tests of include/submeter/tariff/tou_prices.hpp, driven by tests/data/vectors/tou.json ›
// price_vectors (PRC-1..3), daily_cost_vectors and ndrc_floor_checks (NDRC-1..3).
#include "submeter/tariff/tou_prices.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "submeter/bill/line.hpp"
#include "submeter/tariff/day_table.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;

nlohmann::json vectors() {
  std::ifstream in(SUBMETER_TEST_DATA "/vectors/tou.json");
  return nlohmann::json::parse(in);
}

register_set registers_of(const nlohmann::json& multipliers) {
  std::vector<rate_register> rs;
  for (const auto& [name, m] : multipliers.items())
    rs.push_back({*conventional_register(name), name});
  return register_set::make(rs);
}

std::vector<price_component> base_of(const nlohmann::json& v, const char* floating_key) {
  std::vector<price_component> c{
      {"base", energy_price::parse(v[floating_key].get<std::string>()), true}};
  if (v.contains("non_floating_components")) {
    c.push_back(
        {"funds", energy_price::parse(v["non_floating_components"].get<std::string>()), false});
  }
  return c;
}

std::vector<price_ratio> ratios_of(const nlohmann::json& multipliers) {
  std::vector<price_ratio> out;
  for (const auto& [name, m] : multipliers.items()) {
    out.push_back({*conventional_register(name), {ratio::parse(m.get<std::string>())}});
  }
  return out;
}

TEST(TouPrices, EveryPriceVector) {
  const auto doc = vectors();
  ASSERT_EQ(doc["price_vectors"].size(), 8u);
  for (const auto& v : doc["price_vectors"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    const auto regs = registers_of(v["multipliers_on_flat"]);
    const auto derived =
        derive_prices(regs, base_of(v, "flat_base_floating"), ratios_of(v["multipliers_on_flat"]));
    for (const auto& d : derived) {
      const auto name = regs.name_of(d.rate_register);
      EXPECT_EQ(d.price, energy_price::parse(v["expected_prices"][name].get<std::string>()))
          << name;
      // The exact value equals the vector's exact value (compare by value: strip zeros).
      const auto exact = v["expected_prices_exact"][name].get<std::string>();
      using exact12 = decimal<dimension::ratio, 12>;
      EXPECT_EQ(exact12::parse(d.exact), exact12::parse(exact)) << name;
    }
  }
}

TEST(TouPrices, ChainIsAppliedExactlyAndRoundedOnce) {
  // prc-gd-chain: 尖 = 平 × 1.7 × 1.25 on the exact 峰: 0.9567, not 0.9566.
  const auto regs = register_set::conventional(2);
  const auto derived =
      derive_prices(regs, {{"base", energy_price::parse("0.4502"), true}},
                    {{1, {ratio::parse("1.7"), ratio::parse("1.25")}}, {2, {ratio::parse("1.7")}}});
  EXPECT_EQ(derived[0].price, energy_price::parse("0.9567"));
  EXPECT_EQ(derived[0].exact, "0.956675");
  EXPECT_EQ(derived[0].explanation,
            "0.4502 × 1.7 × 1.25 + 0 = 0.956675 → 0.9567 (half_up, 4 places)");
  EXPECT_EQ(derived[1].price, energy_price::parse("0.7653"));
  // Other rounding: 6 places keeps the exact value; 2 places half_even.
  EXPECT_EQ(derive_prices(regs, {{"b", energy_price::parse("0.4502"), true}},
                          {{1, {ratio::parse("2.125")}}, {2, {ratio::parse("1")}}},
                          {6, rounding::half_up})[0]
                .price,
            energy_price::parse("0.956675"));
  EXPECT_EQ(derive_prices(regs, {{"b", energy_price::parse("0.125"), true}},
                          {{1, {ratio::parse("1")}}, {2, {ratio::parse("1")}}},
                          {2, rounding::half_even})[0]
                .price,
            energy_price::parse("0.12"));
}

TEST(TouPrices, RefusesBadDerivations) {
  const auto regs = register_set::conventional(2);
  const std::vector<price_component> base{{"b", energy_price::parse("0.5"), true}};
  EXPECT_THROW((void)derive_prices(regs, base, {{1, {ratio::parse("2")}}}),
               error);  // no ratio for 2
  EXPECT_THROW((void)derive_prices(regs, base, {{1, {ratio::parse("2")}}, {2, {}}}), error);
  EXPECT_THROW((void)derive_prices(
                   regs, base,
                   {{1, {ratio::parse("2")}}, {1, {ratio::parse("2")}}, {2, {ratio::parse("1")}}}),
               error);
  EXPECT_THROW((void)derive_prices(
                   regs, base,
                   {{1, {ratio::parse("2")}}, {2, {ratio::parse("1")}}, {7, {ratio::parse("1")}}}),
               error);
  EXPECT_THROW(
      (void)derive_prices(regs, base, {{1, {ratio::parse("-2")}}, {2, {ratio::parse("1")}}}),
      error);
  EXPECT_THROW((void)derive_prices(regs, {{"f", energy_price::parse("0.1"), false}},
                                   {{1, {ratio::parse("2")}}, {2, {ratio::parse("1")}}}),
               error);
  EXPECT_THROW((void)derive_prices(regs, base, {{1, {ratio::parse("2")}}, {2, {ratio::parse("1")}}},
                                   {7, rounding::half_up}),
               error);
  EXPECT_THROW((void)register_prices::make(regs, {{1, energy_price::parse("1")}}),
               error);  // 2 unpriced
  EXPECT_THROW((void)register_prices::make(
                   regs, {{1, energy_price::parse("1")}, {2, energy_price::parse("-1")}}),
               error);
  EXPECT_THROW((void)register_prices::make(
                   regs, {{1, energy_price::parse("1")}, {1, energy_price::parse("1")}}),
               error);
  EXPECT_THROW((void)register_prices::make(regs, {{1, energy_price::parse("1")},
                                                  {2, energy_price::parse("1")},
                                                  {3, energy_price::parse("1")}}),
               error);
}

TEST(TouPrices, DailyCostVectors) {
  // A constant load over a day table: kWh per register × derived price, each line half-up to the
  // fen.
  const auto doc = vectors();
  for (const auto& v : doc["daily_cost_vectors"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    const auto regs = registers_of(v["multipliers_on_flat"]);
    const auto prices = to_register_prices(
        regs, derive_prices(
                  regs, {{"base", energy_price::parse(v["flat_base"].get<std::string>()), true}},
                  ratios_of(v["multipliers_on_flat"])));
    const auto load = power::parse(v["constant_load_kw"].get<std::string>());
    money total;
    for (const auto& expected : v["expected_lines"]) {
      const int r = *conventional_register(expected["period"].get<std::string>());
      const auto hours = decimal<dimension::ratio, 1>::parse(expected["hours"].get<std::string>());
      // kWh = kW × h, exactly: power (1e-4) × hours (1e-1) → energy (1e-4).
      const auto kwh = energy::from_mantissa(load.mantissa() * hours.mantissa() / 10);
      EXPECT_EQ(kwh, energy::parse(expected["kwh"].get<std::string>()));
      EXPECT_EQ(*prices.price(r), energy_price::parse(expected["price"].get<std::string>()));
      const auto l =
          bill::energy_line("m", r, regs.name_of(r), kwh, *prices.price(r), bill::rounding_rule{});
      EXPECT_EQ(rescale<money>(l.amount, rounding::half_up),
                money::parse(expected["amount"].get<std::string>()));
      total += rescale<money>(l.amount, rounding::half_up);
    }
    EXPECT_EQ(total, money::parse(v["expected_total"].get<std::string>()));
  }
}

TEST(TouPrices, NdrcFloorChecksWarnNeverRefuse) {
  const auto doc = vectors();
  ASSERT_EQ(doc["ndrc_floor_checks"].size(), 16u);
  for (const auto& v : doc["ndrc_floor_checks"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    std::vector<std::pair<int, energy_price>> p{
        {2, energy_price::parse(v["peak_multiplier"].get<std::string>())},
        {3, energy_price::parse("1")},
        {4, energy_price::parse(v["valley_multiplier"].get<std::string>())}};
    std::vector<rate_register> rs{{2, "peak"}, {3, "flat"}, {4, "valley"}};
    if (v.contains("sharp_multiplier")) {
      p.emplace_back(1, energy_price::parse(v["sharp_multiplier"].get<std::string>()));
      rs.push_back({1, "sharp"});
    }
    const auto prices = register_prices::make(register_set::make(rs), p);
    const auto warnings =
        check_ndrc_floors(prices, v["system_peak_valley_diff_over_40pct"].get<bool>());
    std::vector<std::string> codes;
    for (const auto& w : warnings) {
      codes.push_back(w.code);
      if (w.code.rfind("peak_valley", 0) == 0) {
        EXPECT_EQ(w.context_value("ratio"), v["peak_valley_ratio_4dp"].get<std::string>());
      } else {
        EXPECT_EQ(w.context_value("ratio"), v["sharp_peak_ratio_4dp"].get<std::string>());
      }
    }
    EXPECT_EQ(codes, v["expected_warnings"].get<std::vector<std::string>>());
  }
}

}  // namespace
