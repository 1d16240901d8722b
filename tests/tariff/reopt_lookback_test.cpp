// REopt look-back demand charges (tests/data/cross-checks/reopt-urdb/cases.json, case
// reopt_lookback_custom, from REopt.jl's "Lookback Demand Charges" testset parts 2 and 3; Apache
// 2.0): billed kW = max(month peak, 75 % of the highest peak in the look-back), on REopt's cyclic
// year (the year's own months stand in for the year before). The billed peaks are whole kW and
// REopt's costs are sums of kW × whole $/kW, so they are matched exactly. Part 1
// (reopt_lookback_urdb_label) needs the URDB API and is not run.
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "submeter/metering/demand.hpp"
#include "submeter/tariff/demand_charge.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using namespace std::chrono_literals;
using namespace date::literals;
using json = nlohmann::json;

const json& lookback_case() {
  static const json doc = [] {
    std::ifstream in(SUBMETER_TEST_DATA "/cross-checks/reopt-urdb/cases.json");
    return json::parse(in);
  }();
  for (const auto& c : doc["cases"]) {
    if (c["id"] == "reopt_lookback_custom") return c;
  }
  throw std::runtime_error("no reopt_lookback_custom");
}

// The load of cases.json: 100 kW every hour of 2022, except Julia (1-based) hours 22 → 200 kW,
// 2403 → 400, 4088 → 500, 8333 → 300. Each month's peak by the demand engine (hourly blocks).
std::array<power, 12> monthly_peaks() {
  std::vector<energy> kwh(8760, energy::parse("100"));
  kwh[22 - 1] = energy::parse("200");
  kwh[2403 - 1] = energy::parse("400");
  kwh[4088 - 1] = energy::parse("500");
  kwh[8333 - 1] = energy::parse("300");
  std::array<power, 12> out{};
  std::size_t first = 0;
  for (unsigned m = 1; m <= 12; ++m) {
    const auto ym = 2022_y / date::month{m};
    const auto month_hours = static_cast<std::size_t>(
        (date::sys_days{ym / date::last} - date::sys_days{ym / 1} + date::days{1}).count() * 24);
    const auto series = metering::interval_series::of_energy(
        local_time{date::local_days{ym / 1}}, 60min,
        std::vector<energy>(kwh.begin() + static_cast<std::ptrdiff_t>(first),
                            kwh.begin() + static_cast<std::ptrdiff_t>(first + month_hours)));
    out[m - 1] = metering::max_demand(series, metering::demand_window::block(60min)).demand;
    first += month_hours;
  }
  EXPECT_EQ(first, 8760U);
  return out;
}

ratio lookback_percent() {
  return ratio::parse(lookback_case()["inputs"]["demand_lookback_percent"].dump());
}

std::array<power_price, 12> monthly_rates() {
  std::array<power_price, 12> out{};
  const auto& r = lookback_case()["inputs"]["monthly_demand_rates"];
  for (std::size_t m = 0; m < 12; ++m) out[m] = power_price::parse(r[m].dump());
  return out;
}

// Checks the billed peaks against the case and returns the year's demand cost from the lines.
bill::exact_money check_year(const ratchet& r, const json& variant) {
  const auto peaks = monthly_peaks();
  const auto billed = ratchet_cyclic_year(r, 2022_y, peaks);
  const auto rates = monthly_rates();
  const auto& expected = variant["expected_billed_peaks_kw"];
  bill::exact_money cost;
  bill::exact_money expected_cost;
  for (unsigned m = 0; m < 12; ++m) {
    EXPECT_EQ(billed[m].demand, power::parse(expected[m].dump())) << "month " << m + 1;
    const auto l = ratchet_line("site", r, 2022_y / date::month{m + 1}, peaks[m], billed[m],
                                rates[m], bill::rounding_rule{});
    cost += l.amount;
    // REopt's expected_demand_cost: sum(expected_billed_peaks_kw .* monthly_demand_rates).
    expected_cost += bill::exact_money::from_integer(
        expected[m].get<std::int64_t>() *
        lookback_case()["inputs"]["monthly_demand_rates"][m].get<std::int64_t>());
  }
  EXPECT_EQ(cost, expected_cost);
  return cost;
}

// Part 2: look-back months flagged (January, April, December): 75 % of April's 400 kW sets every
// month whose own peak is lower, across the year end.
TEST(ReoptLookback, FlaggedMonthsOnTheCyclicYear) {
  const auto& v = lookback_case()["variant_lookback_months"];
  std::array<ratio, 12> pct{};
  for (std::size_t m = 0; m < 12; ++m) {
    if (v["demand_lookback_months"][m].get<int>() == 1) pct[m] = lookback_percent();
  }
  std::array<bool, 12> current{};
  current.fill(true);
  // 11 months before each month: with the month itself (its peak at 100 %), the whole cyclic
  // year, REopt's "trailing 12 months".
  const auto r = ratchet::make(power{}, 11, pct, current);
  EXPECT_EQ(check_year(r, v), bill::exact_money::parse("74500"));
  const auto jan = ratchet_cyclic_year(r, 2022_y, monthly_peaks())[0];
  EXPECT_EQ(jan.basis, "lookback");
  ASSERT_TRUE(jan.from_month);
  EXPECT_EQ(*jan.from_month, 2021_y / 4);  // April stands in as last year's April
}

// Part 3: look-back range of 6 months at 75 %: December's 300 kW sets January to March at 225 kW;
// June's 500 kW sets July to December at 375 kW.
TEST(ReoptLookback, RangeOfSixMonthsOnTheCyclicYear) {
  const auto& v = lookback_case()["variant_lookback_range"];
  std::array<ratio, 12> pct{};
  pct.fill(lookback_percent());
  std::array<bool, 12> current{};
  current.fill(true);
  const auto r = ratchet::make(power{}, v["demand_lookback_range"].get<int>(), pct, current);
  EXPECT_EQ(check_year(r, v), bill::exact_money::parse("79375"));
  const auto peaks = monthly_peaks();
  const auto billed = ratchet_cyclic_year(r, 2022_y, peaks);
  const auto l = ratchet_line("site", r, 2022_y / 1, peaks[0], billed[0], monthly_rates()[0],
                              bill::rounding_rule{});
  EXPECT_EQ(l.explanation,
            "billing demand 225 kW = 75 % of the 2021-12 peak (look-back 6 months); 2022-01 peak "
            "200 kW; 225.00 kW × 10.00 = 2,250.00");
  const auto jun = ratchet_line("site", r, 2022_y / 6, peaks[5], billed[5], monthly_rates()[5],
                                bill::rounding_rule{});
  EXPECT_EQ(jun.explanation,
            "billing demand 500 kW = the month's peak; 2022-06 peak 500 kW; 500.00 kW × 10.00 = "
            "5,000.00");
}

// Edges: no look-back gives the month's own peaks; a look-back of 12 reaches a month's own peak
// as last year's (75 % of it never beats 100 %); a minimum above every peak bills the minimum.
TEST(ReoptLookback, CyclicYearEdges) {
  const auto peaks = monthly_peaks();
  std::array<ratio, 12> pct{};
  pct.fill(ratio::parse("0.75"));
  std::array<bool, 12> current{};
  current.fill(true);
  const auto none = ratchet_cyclic_year(ratchet::make(power{}, 0, pct, current), 2022_y, peaks);
  for (std::size_t m = 0; m < 12; ++m) EXPECT_EQ(none[m].demand, peaks[m]);
  const auto twelve = ratchet_cyclic_year(ratchet::make(power{}, 12, pct, current), 2022_y, peaks);
  EXPECT_EQ(twelve[5].demand, power::parse("500"));
  EXPECT_EQ(twelve[5].basis, "current");
  EXPECT_EQ(twelve[0].demand, power::parse("375"));
  const auto floor =
      ratchet_cyclic_year(ratchet::make(power::parse("600"), 6, pct, current), 2022_y, peaks);
  EXPECT_EQ(floor[5].basis, "minimum");
  const auto l =
      ratchet_line("site", ratchet::make(power::parse("600"), 6, pct, current), 2022_y / 6,
                   peaks[5], floor[5], power_price::parse("1"), bill::rounding_rule{});
  EXPECT_EQ(l.explanation.str().substr(0, 40), "billing demand 600 kW = the minimum; 202");
}

TEST(ReoptLookback, RefusesBadInput) {
  std::array<ratio, 12> pct{};
  std::array<bool, 12> current{};
  current.fill(true);
  const auto r = ratchet::make(power{}, 6, pct, current);
  auto peaks = monthly_peaks();
  peaks[3] = power::parse("-1");
  EXPECT_EQ(test_support::error_of([&] { (void)ratchet_cyclic_year(r, 2022_y, peaks); }).code(),
            errc::invalid_argument);
  const auto ok = ratchet_cyclic_year(r, 2022_y, monthly_peaks());
  EXPECT_EQ(test_support::error_of([&] {
              (void)ratchet_line("site", r, 2022_y / 1, power::parse("200"), ok[0],
                                 power_price::parse("-1"), bill::rounding_rule{});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(test_support::error_of([&] { (void)ratchet::make(power{}, 37, pct, current); }).code(),
            errc::invalid_argument);
}

}  // namespace
