// Tiered tariffs with their own price-version history (tiered_versions.hpp): a window that spans
// a price change is split at the instant (readings at the instant, interval data, or by days),
// the tier counter runs on across the segments, and every line says its version and method.
#include "submeter/tariff/tiered_versions.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using bill::exact_money;
using bill::rounding_rule;

template <class F>
errc versions_code_of(F&& f) {
  return test_support::error_of(std::forward<F>(f)).code();
}

local_interval versions_window(const char* from, const char* to) {
  return local_interval::make(parse_local_time(from), parse_local_time(to));
}

// Zhejiang's annual ladder (≤ 2760 / 2761–4800 / above), with a hypothetical price change on
// 16 July 2026 00:00 that raises every tier by 0.01 yuan/kWh.
tiered_tariff<energy> zj(const char* id, std::vector<const char*> prices,
                         std::vector<const char*> bounds = {"2760", "4800"}) {
  std::vector<energy> b;
  for (const auto* x : bounds) b.push_back(energy::parse(x));
  std::vector<energy_price> p;
  for (const auto* x : prices) p.push_back(energy_price::parse(x));
  return tiered_tariff<energy>::ladder(id, tier_ladder<energy>::make(std::move(b)), std::move(p));
}

tiered_version_history<energy> history() {
  return tiered_version_history<energy>::make(
      {{"zj-2026-07", parse_local_time("2026-07-16 00:00"),
        zj("zj-2026-07", {"0.548", "0.598", "0.848"}), "hypothetical"},
       {"zj-2012", parse_local_time("2012-07-01 00:00"), zj("zj-2012", {"0.538", "0.588", "0.838"}),
        "浙价资〔2012〕185号"}});
}

const auto july = versions_window("2026-07-01 00:00", "2026-08-01 00:00");

// By days: 600 kWh over 15 + 16 days → 290.3226 + 309.6774 (largest remainder). From a counter
// of 2,500: segment 1 fills tier 1 to 2,760 (260 at 0.538) and 30.3226 in tier 2 at 0.588;
// segment 2 continues at 2,790.3226, all 309.6774 in tier 2 at the new 0.598.
TEST(TieredVersions, SplitByDaysCarriesTheCounter) {
  tier_counter<energy> before;
  before.pooled = energy::parse("2500");
  const auto r = rate_tiered_versions(history(), "M", july, {{0, energy::parse("600")}}, before, 31,
                                      rounding_rule{});
  ASSERT_EQ(r.lines.size(), 3U);
  EXPECT_EQ(r.lines[0].version, "zj-2012");
  EXPECT_EQ(r.lines[0].quantity, bill::line_quantity::parse("260"));
  EXPECT_EQ(r.lines[0].amount, exact_money::parse("139.88"));
  EXPECT_EQ(r.lines[1].quantity, bill::line_quantity::parse("30.3226"));
  EXPECT_EQ(r.lines[1].amount, exact_money::parse("17.83"));
  EXPECT_EQ(r.lines[2].version, "zj-2026-07");
  EXPECT_EQ(r.lines[2].tier, 2);
  EXPECT_EQ(r.lines[2].quantity, bill::line_quantity::parse("309.6774"));
  EXPECT_EQ(r.lines[2].amount, exact_money::parse("185.19"));
  for (const auto& l : r.lines) EXPECT_EQ(l.split_method, "by days");
  ASSERT_TRUE(r.lines[2].window);
  EXPECT_EQ(*r.lines[2].window, versions_window("2026-07-16 00:00", "2026-08-01 00:00"));
  EXPECT_EQ(r.lines[2].explanation,
            "309.6774 kWh × 0.598 = 185.19 (zj-2026-07, 2026-07-16T00:00:00/2026-08-01T00:00:00, "
            "by days)");
  EXPECT_EQ(r.after.pooled, energy::parse("3100"));
  EXPECT_EQ(r.per_tier[0], energy::parse("260"));
  EXPECT_EQ(r.per_tier[1], energy::parse("340"));
}

// Readings at the change instant: 200 kWh before, 400 after. Segment 1 stays in tier 1
// (2,700); segment 2 puts 60 in tier 1 at 0.548 and 340 in tier 2 at 0.598.
TEST(TieredVersions, ReadingsAtTheInstantGiveEachSegmentItsUse) {
  tier_counter<energy> before;
  before.pooled = energy::parse("2500");
  const auto r = rate_tiered_versions(history(), "M", july, {{0, energy::parse("600")}}, before, 31,
                                      rounding_rule{},
                                      std::vector<std::vector<register_use<energy>>>{
                                          {{0, energy::parse("200")}}, {{0, energy::parse("400")}}},
                                      split_method::readings);
  ASSERT_EQ(r.lines.size(), 3U);
  EXPECT_EQ(r.lines[0].amount, exact_money::parse("107.60"));
  EXPECT_EQ(r.lines[1].amount, exact_money::parse("32.88"));
  EXPECT_EQ(r.lines[2].amount, exact_money::parse("203.32"));
  EXPECT_EQ(r.lines[2].split_method, "reads at the change instant");
  // Interval data give the same lines with their own method.
  const auto i = rate_tiered_versions(history(), "M", july, {{0, energy::parse("600")}}, before, 31,
                                      rounding_rule{},
                                      std::vector<std::vector<register_use<energy>>>{
                                          {{0, energy::parse("200")}}, {{0, energy::parse("400")}}},
                                      split_method::interval_data);
  EXPECT_EQ(i.lines[2].amount, r.lines[2].amount);
  EXPECT_EQ(i.lines[2].split_method, "interval data");
}

// Edges: a window inside one version gives plain lines with the version id; a window starting
// exactly at the change is not split; a new version may change the ladder too (the counter runs
// on against the new bounds).
TEST(TieredVersions, EdgesOfTheSplit) {
  const auto june =
      rate_tiered_versions(history(), "M", versions_window("2026-06-01 00:00", "2026-07-01 00:00"),
                           {{0, energy::parse("100")}}, {}, 30, rounding_rule{});
  ASSERT_EQ(june.lines.size(), 1U);
  EXPECT_EQ(june.lines[0].version, "zj-2012");
  EXPECT_TRUE(june.lines[0].split_method.empty());
  EXPECT_FALSE(june.lines[0].window);
  const auto at =
      rate_tiered_versions(history(), "M", versions_window("2026-07-16 00:00", "2026-08-16 00:00"),
                           {{0, energy::parse("100")}}, {}, 31, rounding_rule{});
  ASSERT_EQ(at.lines.size(), 1U);
  EXPECT_EQ(at.lines[0].version, "zj-2026-07");
  EXPECT_TRUE(at.lines[0].split_method.empty());
  // v2 lowers the first bound to 2,600: 300 kWh after the change from 2,500 + 300 = 2,800 are
  // all above it, in tier 2.
  const auto h = tiered_version_history<energy>::make(
      {{"a", parse_local_time("2026-01-01 00:00"), zj("a", {"0.5", "0.6", "0.8"}), ""},
       {"b", parse_local_time("2026-07-16 00:00"), zj("b", {"0.5", "0.6", "0.8"}, {"2600", "4800"}),
        ""}});
  tier_counter<energy> before;
  before.pooled = energy::parse("2500");
  const auto r =
      rate_tiered_versions(h, "M", july, {{0, energy::parse("600")}}, before, 31, rounding_rule{},
                           std::vector<std::vector<register_use<energy>>>{
                               {{0, energy::parse("300")}}, {{0, energy::parse("300")}}});
  ASSERT_EQ(r.lines.size(), 3U);
  EXPECT_EQ(r.lines[2].version, "b");
  EXPECT_EQ(r.lines[2].tier, 2);
  EXPECT_EQ(r.lines[2].quantity, bill::line_quantity::parse("300"));
}

TEST(TieredVersions, RefusesBadInput) {
  const auto h = history();
  const auto two = [](const char* a, const char* b) {
    return std::optional<std::vector<std::vector<register_use<energy>>>>(
        std::vector<std::vector<register_use<energy>>>{{{0, energy::parse(a)}},
                                                       {{0, energy::parse(b)}}});
  };
  EXPECT_EQ(versions_code_of([&] {
              (void)rate_tiered_versions(h, "M",
                                         versions_window("2012-06-01 00:00", "2012-07-01 00:00"),
                                         {{0, energy::parse("1")}}, {}, 30, rounding_rule{});
            }),
            errc::out_of_order);
  EXPECT_EQ(versions_code_of([&] {
              (void)rate_tiered_versions(h, "M", july, {{0, energy::parse("600")}}, {}, 31,
                                         rounding_rule{}, two("200", "300"));
            }),
            errc::inconsistent);
  EXPECT_EQ(versions_code_of([&] {
              (void)rate_tiered_versions(
                  h, "M", july, {{0, energy::parse("600")}}, {}, 31, rounding_rule{},
                  std::vector<std::vector<register_use<energy>>>{{{0, energy::parse("600")}}});
            }),
            errc::inconsistent);
  EXPECT_EQ(versions_code_of([&] {
              (void)rate_tiered_versions(h, "M", july, {{0, energy::parse("600")}}, {}, 31,
                                         rounding_rule{}, two("200", "400"), split_method::by_days);
            }),
            errc::invalid_argument);
  EXPECT_EQ(versions_code_of([] { (void)tiered_version_history<energy>::make({}); }),
            errc::invalid_argument);
  EXPECT_EQ(versions_code_of([] {
              (void)tiered_version_history<energy>::make(
                  {{"a", parse_local_time("2026-01-01 00:00"), zj("a", {"1", "2", "3"}), ""},
                   {"a", parse_local_time("2026-02-01 00:00"), zj("a", {"1", "2", "3"}), ""}});
            }),
            errc::duplicate);
  EXPECT_EQ(versions_code_of([] {
              (void)tiered_version_history<energy>::make(
                  {{"a", parse_local_time("2026-01-01 00:00"), zj("a", {"1", "2", "3"}), ""},
                   {"b", parse_local_time("2026-01-01 00:00"), zj("b", {"1", "2", "3"}), ""}});
            }),
            errc::duplicate);
  EXPECT_EQ(versions_code_of([] {
              (void)tiered_version_history<energy>::make(
                  {{"", parse_local_time("2026-01-01 00:00"), zj("a", {"1", "2", "3"}), ""}});
            }),
            errc::invalid_argument);
}

}  // namespace
