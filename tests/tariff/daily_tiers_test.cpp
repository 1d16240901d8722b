// Daily tier blocks (bound_basis::daily, tiered_tariff::rate_by_day, split_by_day) and the gas
// m³ → MJ conversion (volume_conversion.hpp), cross-checked against tariff-core's golden bills
// (tests/data/cross-checks/tariff-core, MIT): tc_gas_daily_blocks_with_volume_conversion and
// tc_daily_blocks_long_read_split. tariff-core computes in Python Decimal; its figures are exact
// and matched exactly here.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "submeter/tariff/fixed_charge.hpp"
#include "submeter/tariff/tiers.hpp"
#include "submeter/tariff/volume_conversion.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using bill::exact_money;
using bill::rounding_rule;
using bill::rounding_scope;
using json = nlohmann::json;

template <class F>
errc code_of(F&& f) {
  return test_support::error_of(std::forward<F>(f)).code();
}

local_interval window(const char* from, const char* to) {
  return local_interval::make(parse_local_time(from), parse_local_time(to));
}

json read_tc(const std::string& name) {
  std::ifstream in(SUBMETER_TEST_DATA "/cross-checks/tariff-core/" + name);
  return json::parse(in);
}

const json& tc_case(const json& doc, const std::string& id) {
  for (const auto& c : doc["cases"]) {
    if (c["id"] == id) return c;
  }
  throw std::runtime_error("no tariff-core case " + id);
}

// tariff-core rounds the total only, half-up to 0.01 (golden_cases.json "notes").
const rounding_rule total_only =
    rounding_rule::make(rounding_scope::total_only, 2, rounding::half_up);

tiered_tariff<heat> daily_ladder(const json& blocks) {
  std::vector<heat> bounds;
  std::vector<heat_price> prices;
  for (const auto& t : blocks["tiers"]) {
    if (t.contains("up_to")) bounds.push_back(heat::parse(t["up_to"].get<std::string>()));
    prices.push_back(heat_price::parse(t["rate"].get<std::string>()));
  }
  EXPECT_EQ(blocks["period"], "day");
  EXPECT_FALSE(blocks["prorate"].get<bool>());
  return tiered_tariff<heat>::ladder(
      "gas", tier_ladder<heat>::make(std::move(bounds), bound_basis::daily), std::move(prices));
}

TEST(VolumeConversion, ConvertsExactlyAndSaysHow) {
  const auto c = volume_conversion::make(ratio::parse("38.62"), ratio::parse("0.9823"));
  const auto h = c.convert(volume::parse("3"));
  EXPECT_EQ(h.quantity, heat::parse("113.809278"));
  EXPECT_EQ(h.explanation,
            "3.00 m3 × 38.62 MJ/m3 × 0.9823 = 113.809278 MJ (half_up to 0.000001 MJ)");
  EXPECT_EQ(c.convert(volume{}).quantity, heat{});
}

TEST(VolumeConversion, RoundsOnceByTheStatedMode) {
  // 0.0001 m³ × 38.62 × 0.9823 = 0.0037936426 MJ: one rounding to 1e-6.
  const auto hv = ratio::parse("38.62");
  const auto cf = ratio::parse("0.9823");
  const auto small = volume::parse("0.0001");
  EXPECT_EQ(volume_conversion::make(hv, cf).convert(small).quantity, heat::parse("0.003794"));
  EXPECT_EQ(volume_conversion::make(hv, cf, rounding::floor).convert(small).quantity,
            heat::parse("0.003793"));
  // 1,234.5678 × 38.62 × 0.9823 = 46,835.0899866828 exactly: rounded once, at the end.
  const auto big = volume::parse("1234.5678");
  EXPECT_EQ(volume_conversion::make(hv, cf).convert(big).quantity, heat::parse("46835.089987"));
  EXPECT_EQ(volume_conversion::make(hv, cf, rounding::toward_zero).convert(big).quantity,
            heat::parse("46835.089986"));
}

TEST(VolumeConversion, RefusesBadInput) {
  EXPECT_EQ(code_of([] { (void)volume_conversion::make(ratio{}, ratio::parse("1")); }),
            errc::invalid_argument);
  EXPECT_EQ(
      code_of([] { (void)volume_conversion::make(ratio::parse("38.62"), ratio::parse("-0.98")); }),
      errc::invalid_argument);
  const auto c = volume_conversion::make(ratio::parse("38.62"), ratio::parse("0.9823"));
  EXPECT_EQ(code_of([&] { (void)c.convert(volume::parse("-1")); }), errc::invalid_argument);
}

// tariff-core tc_gas_daily_blocks_with_volume_conversion: one day (2026-10-07, the plan's
// off_peak season 10-01..06-01) of 3 m³ at 38.62 MJ/m³ × 0.9823 = 113.809278 MJ; supply 0.91 a
// day; daily blocks 100 MJ at 0.0390 then 0.0340. tariff-core asserts tier 2 = 13.809278 MJ,
// 0.4695154520, total 5.2795154520, rounded 5.28.
TEST(TariffCore, GasDailyBlocksWithVolumeConversion) {
  const auto golden = read_tc("golden_cases.json");
  const auto& tc = tc_case(golden, "tc_gas_daily_blocks_with_volume_conversion");
  const auto plan = read_tc(tc["plan"].get<std::string>());
  const auto& conv = tc["contract_conversion"];
  const auto c =
      volume_conversion::make(ratio::parse(conv["heating_value_MJ_per_m3"].get<std::string>()),
                              ratio::parse(conv["correction_factor"].get<std::string>()));
  const auto& read = tc["intervals"][0];
  const auto h = c.convert(volume::parse(read["import_qty"].get<std::string>()));
  EXPECT_EQ(h.quantity, heat::parse("113.809278"));

  const json* off_peak = nullptr;
  for (const auto& comp : plan["components"]) {
    if (comp.value("season", "") == "off_peak") off_peak = &comp;
  }
  ASSERT_NE(off_peak, nullptr);
  // The billing day 10-07 falls in off_peak (10-01 .. 06-01, wrapping the year end), not in peak.
  const auto in_season = [](const json& season, const std::string& mmdd) {
    const auto from = season["from"].get<std::string>();
    const auto to = season["to"].get<std::string>();
    return from < to ? (from <= mmdd && mmdd < to) : (from <= mmdd || mmdd < to);
  };
  EXPECT_TRUE(in_season(plan["seasons"]["off_peak"], "10-07"));
  EXPECT_FALSE(in_season(plan["seasons"]["peak"], "10-07"));
  const auto gas = daily_ladder((*off_peak)["blocks"]);
  const auto day = window("2026-10-07 00:00", "2026-10-08 00:00");
  const auto r = gas.rate_by_day("G", {{0, day, h.quantity}}, total_only);
  EXPECT_TRUE(r.warnings.empty());
  const auto lines = with_conversion(r.lines, h);
  ASSERT_EQ(lines.size(), 2U);
  const auto& expected = tc["expected_lines"];
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& e = expected[k + 1];
    EXPECT_EQ(lines[k].tier, static_cast<int>(k + 1));
    EXPECT_EQ(lines[k].component, submeter::bill::component::gas);
    EXPECT_EQ(lines[k].unit, "MJ");
    EXPECT_EQ(r.per_tier[k], heat::parse(e["quantity"].get<std::string>()));
    EXPECT_EQ(lines[k].unit_price, bill::line_price::parse(e["rate"].get<std::string>()));
    EXPECT_EQ(lines[k].unrounded, exact_money::parse(e["amount"].get<std::string>()));
  }
  EXPECT_EQ(lines[1].explanation,
            "13.809278 MJ × 0.034 = 0.469515452 (quantity field rounded half_up to 0.0001 MJ); "
            "heat from 3.00 m3 × 38.62 MJ/m3 × 0.9823 = 113.809278 MJ (half_up to 0.000001 MJ)");
  EXPECT_EQ(lines[1].quantity, bill::line_quantity::parse("13.8093"));

  const auto supply =
      fixed_charge::make("supply", money::parse("0.9100"), charge_cycle::day, proration::calendar);
  const auto supply_amount = supply.amount(day);
  EXPECT_EQ(supply_amount, exact_money::parse(expected[0]["amount"].get<std::string>()));
  const exact_money total = supply_amount + lines[0].unrounded + lines[1].unrounded;
  EXPECT_EQ(total, exact_money::parse(tc["expected_total"].get<std::string>()));
  EXPECT_EQ(round(total, 2, rounding::half_up),
            exact_money::parse(tc["expected_total_rounded"].get<std::string>()));
}

// tariff-core tc_daily_blocks_long_read_split: one 2-day read of 300 MJ, daily blocks of 100 MJ
// at 0.1 then 0.2: split 150/150 at midnight, each day's block from zero: 200 MJ at tier 1
// (20.0), 100 MJ at tier 2 (20.0), and a warning.
TEST(TariffCore, DailyBlocksLongReadSplit) {
  const auto golden = read_tc("golden_cases.json");
  const auto& tc = tc_case(golden, "tc_daily_blocks_long_read_split");
  const auto gas = daily_ladder(tc["plan_inline"]["components"][0]["blocks"]);
  const auto r = gas.rate_by_day(
      "G", {{0, window("2026-01-01 00:00", "2026-01-03 00:00"), heat::parse("300")}}, total_only);
  const auto& expected = tc["expected_lines"];
  ASSERT_EQ(r.lines.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(r.lines[k].tier, expected[k]["tier"].get<int>());
    EXPECT_EQ(r.per_tier[k], heat::parse(expected[k]["quantity"].get<std::string>()));
    EXPECT_EQ(r.lines[k].unrounded, exact_money::parse(expected[k]["amount"].get<std::string>()));
    EXPECT_EQ(r.lines[k].split_method, "by elapsed time at midnight (daily tiers)");
  }
  ASSERT_EQ(r.warnings.size(), 1U);
  EXPECT_EQ(r.warnings[0].code, "reading_split_by_day");
  EXPECT_EQ(r.warnings[0].context_value("quantity"), "300.000000");
  // The counter after is the last day's: 150 MJ.
  EXPECT_EQ(r.after.pooled, heat::parse("150"));
}

// The rule: each day starts from zero, so 250 MJ then 50 MJ fill tier 1 with 100 + 50; a
// per_day ladder over the same two days (200 MJ bound) would put 200 in tier 1.
TEST(DailyTiers, EachDayRestartsTheCounter) {
  const auto daily = tiered_tariff<heat>::ladder(
      "g", tier_ladder<heat>::make({heat::parse("100")}, bound_basis::daily),
      {heat_price::parse("0.1"), heat_price::parse("0.2")});
  const auto r =
      daily.rate_by_day("G",
                        {{0, window("2026-01-01 00:00", "2026-01-02 00:00"), heat::parse("250")},
                         {0, window("2026-01-02 00:00", "2026-01-03 00:00"), heat::parse("50")}},
                        total_only);
  ASSERT_EQ(r.per_tier.size(), 2U);
  EXPECT_EQ(r.per_tier[0], heat::parse("150"));
  EXPECT_EQ(r.per_tier[1], heat::parse("150"));
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_TRUE(r.lines[0].split_method.empty());
  const auto per_day = tiered_tariff<heat>::ladder(
      "g", tier_ladder<heat>::make({heat::parse("100")}, bound_basis::per_day),
      {heat_price::parse("0.1"), heat_price::parse("0.2")});
  const auto p = per_day.rate("G", {{0, heat::parse("300")}}, {}, 2, total_only);
  EXPECT_EQ(p.per_tier[0], heat::parse("200"));
}

// Edges: a read that starts mid-day is split by the hours it has in each day (12 h and 24 h:
// 100 and 200); a read ending exactly at midnight touches one day only; a zero read gives no
// line.
TEST(DailyTiers, SplitsByElapsedTimeAndKeepsTheTotal) {
  const auto parts =
      split_by_day(window("2026-01-01 12:00", "2026-01-03 00:00"), heat::parse("300"));
  ASSERT_EQ(parts.size(), 2U);
  EXPECT_EQ(parts[0].quantity, heat::parse("100"));
  EXPECT_EQ(parts[1].quantity, heat::parse("200"));
  EXPECT_EQ(parts[1].interval, window("2026-01-02 00:00", "2026-01-03 00:00"));
  EXPECT_EQ(split_by_day(window("2026-01-01 06:00", "2026-01-02 00:00"), heat::parse("7")).size(),
            1U);
  // 100 MJ over three days: 33.333334 + 33.333333 + 33.333333 (largest remainder, first wins).
  const auto thirds =
      split_by_day(window("2026-01-01 00:00", "2026-01-04 00:00"), heat::parse("100"));
  ASSERT_EQ(thirds.size(), 3U);
  EXPECT_EQ(thirds[0].quantity, heat::parse("33.333334"));
  EXPECT_EQ(thirds[2].quantity, heat::parse("33.333333"));
  const auto daily = tiered_tariff<heat>::ladder(
      "g", tier_ladder<heat>::make({heat::parse("100")}, bound_basis::daily),
      {heat_price::parse("0.1"), heat_price::parse("0.2")});
  EXPECT_TRUE(daily
                  .rate_by_day("G", {{0, window("2026-01-01 00:00", "2026-01-02 00:00"), heat{}}},
                               total_only)
                  .lines.empty());
}

RC_GTEST_PROP(DailyTiers, DayPartsAddUpToTheReading, (unsigned hours, unsigned start_hour)) {
  const auto h = 1 + hours % 200;
  const auto from = parse_local_time("2026-03-01 00:00") + std::chrono::hours{start_hour % 24};
  const auto q = heat::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 1'000'000'000'000));
  const auto parts = split_by_day(local_interval::make(from, from + std::chrono::hours{h}), q);
  heat sum;
  for (const auto& p : parts) sum += p.quantity;
  RC_ASSERT(sum == q);
  RC_ASSERT(parts.size() <= static_cast<std::size_t>(h / 24 + 2));
}

TEST(DailyTiers, RefusesBadInput) {
  const auto ladder = tier_ladder<heat>::make({heat::parse("100")}, bound_basis::daily);
  const auto daily = tiered_tariff<heat>::ladder(
      "g", ladder, {heat_price::parse("0.1"), heat_price::parse("0.2")});
  // A daily ladder rates one day at a time.
  EXPECT_EQ(code_of([&] { (void)ladder.bounds_for(2); }), errc::invalid_argument);
  EXPECT_EQ(code_of([&] {
              (void)daily.rate("G", {{0, heat::parse("1")}}, {}, 3, total_only);
            }),
            errc::invalid_argument);
  // Overlapping or unordered readings.
  EXPECT_EQ(code_of([&] {
              (void)daily.rate_by_day(
                  "G",
                  {{0, window("2026-01-02 00:00", "2026-01-03 00:00"), heat::parse("1")},
                   {0, window("2026-01-01 00:00", "2026-01-02 12:00"), heat::parse("1")}},
                  total_only);
            }),
            errc::out_of_order);
  EXPECT_EQ(code_of([&] {
              (void)daily.rate_by_day(
                  "G", {{0, window("2026-01-01 00:00", "2026-01-02 00:00"), heat::parse("-1")}},
                  total_only);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code_of([&] {
              (void)daily.rate_by_day(
                  "G", {{3, window("2026-01-01 00:00", "2026-01-02 00:00"), heat::parse("1")}},
                  total_only);
            }),
            errc::not_found);
  // rate_by_day needs a daily ladder.
  const auto absolute =
      tiered_tariff<heat>::ladder("g", tier_ladder<heat>::make({heat::parse("100")}),
                                  {heat_price::parse("0.1"), heat_price::parse("0.2")});
  EXPECT_EQ(code_of([&] {
              (void)absolute.rate_by_day(
                  "G", {{0, window("2026-01-01 00:00", "2026-01-02 00:00"), heat::parse("1")}},
                  total_only);
            }),
            errc::invalid_argument);
}

}  // namespace
