#include "submeter/tariff/tiers.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::volume;
using submeter::volume_price;
using submeter::bill::exact_money;
using submeter::bill::line;
using submeter::bill::rounding_rule;
using submeter::tariff::bound_basis;
using submeter::tariff::register_tier_prices;
using submeter::tariff::register_use;
using submeter::tariff::tier_counter;
using submeter::tariff::tier_ladder;
using submeter::tariff::tier_shape;
using submeter::tariff::tiered_tariff;
using json = nlohmann::json;

template <class F>
errc tiers_error_of(F&& f) {
  return submeter::test_support::error_of(std::forward<F>(f)).code();
}

const json& tiers_vectors() {
  static const json doc = [] {
    std::ifstream in(SUBMETER_TEST_DATA "/vectors/tiers.json");
    return json::parse(in);
  }();
  return doc;
}

const json& vector_by_id(const std::string& id) {
  for (const auto& v : tiers_vectors()["vectors"]) {
    if (v["id"] == id) return v;
  }
  throw std::runtime_error("no vector " + id);
}

template <class T>
std::vector<T> parse_all(const json& list) {
  std::vector<T> out;
  for (const auto& x : list) out.push_back(T::parse(x.get<std::string>()));
  return out;
}

exact_money total_of(const std::vector<line>& lines) {
  exact_money sum;
  for (const auto& l : lines) sum += l.amount;
  return sum;
}

// Compares lines with a vector's expected_lines: quantity, price, exact and charged amounts.
void expect_lines(const std::vector<line>& lines, const json& expected, const std::string& id) {
  ASSERT_EQ(lines.size(), expected.size()) << id;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& e = expected[i];
    SCOPED_TRACE(id + " line " + std::to_string(i) + " " + e["label"].get<std::string>());
    EXPECT_EQ(lines[i].quantity.to_string(),
              submeter::bill::line_quantity::parse(e["quantity"].get<std::string>()).to_string());
    EXPECT_EQ(lines[i].unit_price,
              submeter::bill::line_price::parse(e["price"].get<std::string>()));
    EXPECT_EQ(lines[i].unrounded, exact_money::parse(e["amount_exact"].get<std::string>()));
    EXPECT_EQ(lines[i].amount, exact_money::parse(e["amount"].get<std::string>()));
  }
}

tier_counter<energy> counter_at(const std::string& before) {
  tier_counter<energy> c;
  c.pooled = energy::parse(before);
  return c;
}

TEST(TierVectors, PlainLaddersZhejiangAndWater) {
  int seen = 0;
  for (const auto& v : tiers_vectors()["vectors"]) {
    const std::string scheme = v["scheme"];
    const std::string id = v["id"];
    if (scheme == "zhejiang_annual" && v.contains("consumption")) {
      const auto t = tiered_tariff<energy>::ladder(
          id, tier_ladder<energy>::make(parse_all<energy>(v["thresholds"])),
          parse_all<energy_price>(v["tier_prices"]));
      const auto r = t.rate("M", {{0, energy::parse(v["consumption"].get<std::string>())}},
                            counter_at(v["cumulative_before"]), 31, rounding_rule{});
      EXPECT_EQ(r.per_tier, parse_all<energy>(v["expected_tier_kwh"])) << id;
      expect_lines(r.lines, v["expected_lines"], id);
      EXPECT_EQ(total_of(r.lines), exact_money::parse(v["expected_total"].get<std::string>()));
      ++seen;
    } else if (scheme == "water_monthly") {
      const auto prices = parse_all<volume_price>(v["tier_prices"]);
      const auto t = tiered_tariff<volume>::ladder(
          id, tier_ladder<volume>::make(parse_all<volume>(v["thresholds_m3"])), prices);
      const auto r = t.rate("W", {{0, volume::parse(v["consumption_m3"].get<std::string>())}}, {},
                            30, rounding_rule{});
      EXPECT_EQ(r.per_tier, parse_all<volume>(v["expected_tier_m3"])) << id;
      expect_lines(r.lines, v["expected_lines"], id);
      for (const auto& l : r.lines) EXPECT_EQ(l.component, submeter::bill::component::water);
      EXPECT_EQ(total_of(r.lines), exact_money::parse(v["expected_total"].get<std::string>()));
      EXPECT_TRUE(submeter::tariff::check_water_ratios(id, prices).empty()) << id;
      ++seen;
    }
  }
  EXPECT_EQ(seen, 5);
}

TEST(TierVectors, ZhejiangYearCarriesTheCounterAcrossMonthlyBills) {
  const auto& v = vector_by_id("tier-zj-seq");
  const auto t = tiered_tariff<energy>::ladder(
      "zj", tier_ladder<energy>::make(parse_all<energy>(v["thresholds"])),
      parse_all<energy_price>(v["tier_prices"]));
  const auto reset = submeter::tariff::tier_reset::make(submeter::tariff::tier_reset::cycle::yearly,
                                                        1, 1);  // "yearly, 1 Jan 00:00"
  tier_counter<energy> counter;
  exact_money year;
  std::vector<energy> year_tiers(3);
  std::optional<submeter::local_time> previous;
  for (const auto& m : v["months"]) {
    const std::string period = m["period"];
    const auto start = submeter::parse_local_time(period + "-01 00:00");
    if (previous && reset.resets_between(*previous, start)) {
      // The 2025 year is over: check it, then start the counter again.
      EXPECT_EQ(counter.pooled, energy::parse(v["expected_year_kwh"].get<std::string>()));
      EXPECT_EQ(year_tiers, parse_all<energy>(v["expected_year_tier_kwh"]));
      EXPECT_EQ(year,
                exact_money::parse(v["expected_year_total_of_monthly_bills"].get<std::string>()));
      counter = {};
      year = {};
      year_tiers.assign(3, energy{});
    }
    previous = start;
    EXPECT_EQ(counter.pooled, energy::parse(m["cumulative_before"].get<std::string>())) << period;
    const auto r = t.rate("M", {{0, energy::parse(m["consumption"].get<std::string>())}}, counter,
                          30, rounding_rule{});
    EXPECT_EQ(r.per_tier, parse_all<energy>(m["expected_tier_kwh"])) << period;
    expect_lines(r.lines, m["expected_lines"], period);
    EXPECT_EQ(total_of(r.lines), exact_money::parse(m["expected_total"].get<std::string>()));
    for (std::size_t k = 0; k < 3; ++k) year_tiers[k] += r.per_tier[k];
    year += total_of(r.lines);
    counter = r.after;
  }
  EXPECT_TRUE(previous.has_value());
}

TEST(TierVectors, AddersOnTopOfTouAndBasePrices) {
  int seen = 0;
  for (const auto& v : tiers_vectors()["vectors"]) {
    const std::string scheme = v["scheme"];
    const std::string id = v["id"];
    if (scheme != "zhejiang_annual_tou" && scheme != "guangdong_monthly" &&
        scheme != "beijing_monthly")
      continue;
    const auto ladder = tier_ladder<energy>::make(parse_all<energy>(v["thresholds"]));
    const auto adders = parse_all<energy_price>(v["tier_adders"]);
    std::vector<register_tier_prices<energy>> prices;
    std::vector<register_use<energy>> use;
    if (scheme == "zhejiang_annual_tou") {
      // Registers as the meter numbers them: 2 peak, 4 valley.
      const auto& tou = v["tou_prices_tier1"];
      prices = {{2, {energy_price::parse(tou["peak"].get<std::string>())}, {}},
                {4, {energy_price::parse(tou["valley"].get<std::string>())}, {}}};
      const auto& by = v["consumption_by_period"];
      use = {{2, energy::parse(by["peak"].get<std::string>())},
             {4, energy::parse(by["valley"].get<std::string>())}};
    } else {
      prices = {{0, {energy_price::parse(v["base_price"].get<std::string>())}, {}}};
      use = {{0, energy::parse(v["consumption"].get<std::string>())}};
    }
    const auto t = tiered_tariff<energy>::adder(id, ladder, prices, adders);
    const auto r = t.rate("M", use, counter_at(v["cumulative_before"]), 31, rounding_rule{});
    EXPECT_EQ(r.per_tier, parse_all<energy>(v["expected_tier_kwh"])) << id;
    expect_lines(r.lines, v["expected_lines"], id);
    EXPECT_EQ(total_of(r.lines), exact_money::parse(v["expected_total"].get<std::string>())) << id;
    if (v.contains("expected_adders_total")) {
      exact_money adders_total;
      for (const auto& l : r.lines) {
        if (l.component == submeter::bill::component::tier_adder) adders_total += l.amount;
      }
      EXPECT_EQ(adders_total, exact_money::parse(v["expected_adders_total"].get<std::string>()));
    }
    ++seen;
  }
  EXPECT_EQ(seen, 10);
}

// tariffs.md §1.4: the four shapes on one data set where they all differ. Ladder 100 | ∞, peak
// (2) 1.00 → 1.50 (step 0.50), valley (4) 0.40 → 0.60 (step 0.20); per_period ladders 60 | ∞ for
// both registers. Use in time order: valley 80, then peak 60 (140 kWh in all).
TEST(TierShapes, FourShapesDifferOnOneDataSet) {
  const auto ladder = tier_ladder<energy>::make({energy::parse("100")});
  const auto p = [](const char* s) { return energy_price::parse(s); };
  const std::vector<register_tier_prices<energy>> table = {{2, {p("1.00"), p("1.50")}, {}},
                                                           {4, {p("0.40"), p("0.60")}, {}}};
  const std::vector<register_use<energy>> use = {{4, energy::parse("80")},
                                                 {2, energy::parse("60")}};
  const rounding_rule rule{};
  const auto pooled = tiered_tariff<energy>::shared("t", tier_shape::pooled, ladder, table)
                          .rate("M", use, {}, 30, rule);
  const auto pro_rata = tiered_tariff<energy>::shared("t", tier_shape::pro_rata, ladder, table)
                            .rate("M", use, {}, 30, rule);
  auto per_table = table;
  for (auto& r : per_table) r.ladder = tier_ladder<energy>::make({energy::parse("60")});
  const auto per_period =
      tiered_tariff<energy>::per_period("t", per_table).rate("M", use, {}, 30, rule);
  const auto adder =
      tiered_tariff<energy>::adder("t", ladder, {{2, {p("1.00")}, {}}, {4, {p("0.40")}, {}}},
                                   {p("0"), p("0.50")})
          .rate("M", use, {}, 30, rule);
  // pooled: valley 80 in tier 1 (32.00); peak 20 in tier 1 (20.00) + 40 in tier 2 (60.00).
  EXPECT_EQ(total_of(pooled.lines), exact_money::parse("112"));
  // pro_rata: tier 2 = 40 shared 80:60 → valley 22.8571, peak 17.1429 (largest remainder to
  // 0.0001); tier 1 = 100 → valley 57.1429, peak 42.8571.
  // peak 42.8571 × 1 + 17.1429 × 1.5 = 42.86 + 25.71; valley 57.1429 × 0.4 + 22.8571 × 0.6
  // = 22.86 + 13.71.
  EXPECT_EQ(total_of(pro_rata.lines), exact_money::parse("105.14"));
  // per_period: peak 60 all in tier 1 (60.00); valley 60 × 0.4 + 20 × 0.6 = 24 + 12.
  EXPECT_EQ(total_of(per_period.lines), exact_money::parse("96"));
  // adder: peak 60 (60.00) + valley 80 (32.00) + tier-2 adder 40 × 0.50 (20.00).
  EXPECT_EQ(total_of(adder.lines), exact_money::parse("112"));
  // The adder and pooled totals agree only because the peak step (0.50) equals the adder; give
  // the valley its own step and the adder shape keeps charging 0.50 while pooled follows time.
  EXPECT_EQ(pooled.per_tier, (std::vector<energy>{energy::parse("100"), energy::parse("40")}));
  EXPECT_EQ(per_period.after.per_register[2], energy::parse("60"));
  EXPECT_EQ(per_period.after.per_register[4], energy::parse("80"));
  for (const auto& l : pro_rata.lines) EXPECT_GE(l.tier, 1);
  // pro_rata quantities add up to the use exactly.
  energy sum;
  for (const auto& l : pro_rata.lines) sum += energy::from_mantissa(l.quantity.mantissa());
  EXPECT_EQ(sum, energy::parse("140"));
}

TEST(TierShapes, PooledFollowsTimeOrder) {
  const auto ladder = tier_ladder<energy>::make({energy::parse("100")});
  const auto p = [](const char* s) { return energy_price::parse(s); };
  const auto t = tiered_tariff<energy>::shared(
      "t", tier_shape::pooled, ladder,
      {{2, {p("1.00"), p("1.50")}, {}}, {4, {p("0.40"), p("0.60")}, {}}});
  const auto valley_first =
      t.rate("M", {{4, energy::parse("80")}, {2, energy::parse("60")}}, {}, 30, rounding_rule{});
  const auto peak_first =
      t.rate("M", {{2, energy::parse("60")}, {4, energy::parse("80")}}, {}, 30, rounding_rule{});
  // Peak first: peak 60 in tier 1 (60), valley 40 tier 1 (16) + 40 tier 2 (24) = 100.
  EXPECT_EQ(total_of(peak_first.lines), exact_money::parse("100"));
  EXPECT_NE(total_of(valley_first.lines), total_of(peak_first.lines));
}

// The pooled shape fills the tiers in place, use by use; the reference is fill_tiers on each use
// in turn from the counter so far (TIER-3). Random ladders (bounds that may repeat, as per-kW
// bounds do at zero demand), counters already past some bounds, zero uses, any register order.
RC_GTEST_PROP(TierShapes, PooledInPlaceEqualsFillTiersUseByUse, ()) {
  const auto p = [](const char* s) { return energy_price::parse(s); };
  const auto steps = *rc::gen::container<std::vector<std::int64_t>>(
      *rc::gen::inRange<std::size_t>(1, 5), rc::gen::inRange<std::int64_t>(1, 5'000'000));
  std::vector<energy> bounds;
  std::int64_t at = 0;
  for (const auto s : steps) bounds.push_back(energy::from_mantissa(at += s));
  const bool per_kw = *rc::gen::arbitrary<bool>();
  const auto ladder = per_kw ? tier_ladder<energy>::make(bounds, bound_basis::per_kw)
                             : tier_ladder<energy>::make(bounds);
  // Demand 0 makes every per-kW bound 0 (all use in the last tier); 0.0001 kW makes them small.
  const std::optional<submeter::power> demand =
      per_kw ? std::optional{submeter::power::from_mantissa(
                   *rc::gen::element<std::int64_t>(0, 1, 10'000))}
             : std::nullopt;
  std::vector<register_tier_prices<energy>> registers;
  const std::vector<int> priced = {1, 2, 5, 8};
  for (const int r : priced) {
    registers.push_back({r, std::vector<energy_price>(bounds.size() + 1, p("0.5")), {}});
  }
  const auto t = tiered_tariff<energy>::shared("t", tier_shape::pooled, ladder, registers);
  const auto use = *rc::gen::container<std::vector<register_use<energy>>>(
      *rc::gen::inRange<std::size_t>(0, 40),
      rc::gen::apply(
          [](int r, std::int64_t q) {
            return register_use<energy>{r, energy::from_mantissa(q)};
          },
          rc::gen::elementOf(priced),
          rc::gen::oneOf(rc::gen::just<std::int64_t>(0),
                         rc::gen::inRange<std::int64_t>(1, 3'000'000))));
  const auto before = counter_at("0");
  tier_counter<energy> start = before;
  start.pooled = energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, at + 2'000'000));
  const auto got = t.rate("M", use, start, 1, rounding_rule{}, demand);

  const auto resolved = ladder.bounds_for(1, demand);
  std::vector<std::vector<energy>> want(9, std::vector<energy>(bounds.size() + 1));
  std::vector<energy> per_tier(bounds.size() + 1);
  energy counter = start.pooled;
  for (const auto& u : use) {
    const auto parts = submeter::tariff::fill_tiers(resolved, counter, u.quantity);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      want[static_cast<std::size_t>(u.rate_register)][k] += parts[k];
      per_tier[k] += parts[k];
    }
    counter += u.quantity;
  }
  RC_ASSERT(got.after.pooled == counter);
  RC_ASSERT(got.per_tier == per_tier);
  std::size_t lines = 0;
  for (const int r : priced) {
    for (std::size_t k = 0; k < per_tier.size(); ++k) {
      const auto& q = want[static_cast<std::size_t>(r)][k];
      if (q.is_zero()) continue;
      RC_ASSERT(lines < got.lines.size());
      const auto& l = got.lines[lines++];
      RC_ASSERT(l.rate_register == r);
      RC_ASSERT(l.tier == static_cast<int>(k + 1));
      RC_ASSERT(l.quantity.mantissa() == q.mantissa());
    }
  }
  RC_ASSERT(lines == got.lines.size());
}

TEST(TierShapes, PooledRefusesANegativeCounterAndAnUnknownRegisterAsBefore) {
  const auto ladder = tier_ladder<energy>::make({energy::parse("100")});
  const auto p = energy_price::parse("0.5");
  const auto t = tiered_tariff<energy>::shared("t", tier_shape::pooled, ladder,
                                               {{2, {p, p}, {}}, {4, {p, p}, {}}});
  const auto e = submeter::test_support::error_of([&] {
    (void)t.rate("M", {{2, energy::parse("1")}}, counter_at("-1"), 30, rounding_rule{});
  });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(std::string(e.what()).find("tier use and the counter before it must not be negative") !=
                std::string::npos,
            true)
      << e.what();
  // No use: nothing is filled, so a negative counter is carried as given.
  EXPECT_EQ(t.rate("M", {}, counter_at("-1"), 30, rounding_rule{}).after.pooled,
            energy::parse("-1"));
  for (const int r : {-1, 0, 3, 9, 100}) {
    EXPECT_EQ(tiers_error_of([&] {
                (void)t.rate("M", {{2, energy::parse("1")}, {r, energy::parse("1")}}, {}, 30,
                             rounding_rule{});
              }),
              errc::not_found)
        << r;
  }
}

TEST(TieredTariff, RefusesMismatchedTables) {
  const auto ladder = tier_ladder<energy>::make({energy::parse("100")});
  const auto p = energy_price::parse("0.5");
  EXPECT_EQ(tiers_error_of([&] { (void)tiered_tariff<energy>::ladder("t", ladder, {p}); }),
            errc::inconsistent);
  EXPECT_EQ(tiers_error_of([&] {
              (void)tiered_tariff<energy>::ladder("", ladder, {p, p});
            }),
            errc::invalid_argument);
  EXPECT_EQ(tiers_error_of([&] {
              (void)tiered_tariff<energy>::ladder("t", ladder, {p, energy_price::parse("-0.1")});
            }),
            errc::invalid_argument);
  EXPECT_EQ(tiers_error_of([&] {
              (void)tiered_tariff<energy>::adder("t", ladder, {{2, {p}, {}}}, {p});
            }),
            errc::inconsistent);
  EXPECT_EQ(tiers_error_of([&] {
              (void)tiered_tariff<energy>::adder("t", ladder, {{2, {p}, {}}, {2, {p}, {}}}, {p, p});
            }),
            errc::duplicate);
  EXPECT_EQ(tiers_error_of([&] {
              (void)tiered_tariff<energy>::adder("t", ladder, {{9, {p}, {}}}, {p, p});
            }),
            errc::invalid_argument);
  EXPECT_EQ(tiers_error_of([&] {
              (void)tiered_tariff<energy>::per_period("t", {{2, {p, p}, {}}});
            }),
            errc::invalid_argument);
  EXPECT_EQ(
      tiers_error_of([&] {
        (void)tiered_tariff<energy>::shared("t", tier_shape::adder, ladder, {{2, {p, p}, {}}});
      }),
      errc::invalid_argument);
  const auto t = tiered_tariff<energy>::ladder("t", ladder, {p, p});
  EXPECT_EQ(tiers_error_of([&] {
              (void)t.rate("M", {{3, energy::parse("1")}}, {}, 30, rounding_rule{});
            }),
            errc::not_found);
  EXPECT_EQ(tiers_error_of([&] {
              (void)t.rate("M", {{0, energy::parse("-1")}}, {}, 30, rounding_rule{});
            }),
            errc::invalid_argument);
}

TEST(TieredTariff, WaterRatiosBelowTheNationalDesignWarn) {
  const auto w = submeter::tariff::check_water_ratios(
      "w", {volume_price::parse("3.00"), volume_price::parse("4.00"), volume_price::parse("9.00")});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, "water_tier_ratio");
  EXPECT_EQ(w[0].context_value("tier"), "2");
}

// Per-kW bounds (SAM "kWh/kW" hours-use blocks): bound = kWh/kW × the billing demand, half-up to
// 1e-4 kWh. 250 kW × 200 kWh/kW = 50,000 kWh; 80,000 kWh fills 50,000 at 0.10 and 30,000 at 0.05.
TEST(TieredTariff, PerKwBoundsFollowTheBillingDemand) {
  using submeter::power;
  const auto ladder = tier_ladder<energy>::make({energy::parse("200")}, bound_basis::per_kw);
  const auto t = tiered_tariff<energy>::ladder(
      "hours-use", ladder, {energy_price::parse("0.10"), energy_price::parse("0.05")});
  const auto r =
      t.rate("M", {{0, energy::parse("80000")}}, {}, 31, rounding_rule{}, power::parse("250"));
  ASSERT_EQ(r.lines.size(), 2U);
  EXPECT_EQ(r.per_tier[0], energy::parse("50000"));
  EXPECT_EQ(r.lines[0].amount, exact_money::parse("5000"));
  EXPECT_EQ(r.lines[1].amount, exact_money::parse("1500"));
  EXPECT_EQ(r.lines[0].explanation,
            "50,000.00 kWh × 0.10 = 5,000.00 [tier 1 up to 200 kWh/kW × 250 kW = 50,000.00 kWh]");
  EXPECT_EQ(r.lines[1].explanation,
            "30,000.00 kWh × 0.05 = 1,500.00 [tier 2 above 200 kWh/kW × 250 kW = 50,000.00 kWh]");
  // A higher billing demand (a ratchet) moves the bound: 400 kW → 80,000 kWh, all in tier 1.
  EXPECT_EQ(t.rate("M", {{0, energy::parse("80000")}}, {}, 31, rounding_rule{}, power::parse("400"))
                .lines.size(),
            1U);
}

// Edges: no demand at all puts every kWh above a per-kW bound; mixed ladders cap a kWh step at a
// later per-kW bound, so the capped tier is empty; a bound exactly at the use fills tier 1 only.
TEST(TieredTariff, PerKwEdges) {
  using submeter::power;
  using submeter::tariff::tier_bound;
  const auto kw = [](const char* v) {
    return tier_bound<energy>{energy::parse(v), bound_basis::per_kw};
  };
  const auto kwh = [](const char* v) { return tier_bound<energy>{energy::parse(v)}; };
  const auto mixed = tier_ladder<energy>::make_mixed({kwh("1000"), kw("100"), kw("300")});
  const auto t =
      tiered_tariff<energy>::ladder("m", mixed,
                                    {energy_price::parse("0.4"), energy_price::parse("0.3"),
                                     energy_price::parse("0.2"), energy_price::parse("0.1")});
  const auto r =
      t.rate("M", {{0, energy::parse("500")}}, {}, 30, rounding_rule{}, power::parse("5"));
  ASSERT_EQ(r.lines.size(), 1U);
  EXPECT_EQ(r.lines[0].tier, 1);
  EXPECT_EQ(r.lines[0].explanation,
            "500.00 kWh × 0.40 = 200.00 [tier 1 up to 1,000 kWh capped at 500.00 kWh]");
  const auto zero = t.rate("M", {{0, energy::parse("10")}}, {}, 30, rounding_rule{}, power{});
  EXPECT_EQ(zero.per_tier[3], energy::parse("10"));
}

TEST(TieredTariff, PerKwRefusesARatingWithoutTheBillingDemand) {
  const auto ladder = tier_ladder<energy>::make({energy::parse("200")}, bound_basis::per_kw);
  const auto t = tiered_tariff<energy>::ladder(
      "hours-use", ladder, {energy_price::parse("0.10"), energy_price::parse("0.05")});
  EXPECT_EQ(tiers_error_of([&] {
              (void)t.rate("M", {{0, energy::parse("1")}}, {}, 31, rounding_rule{});
            }),
            errc::invalid_argument);
}

}  // namespace
