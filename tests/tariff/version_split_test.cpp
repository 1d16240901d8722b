#include "submeter/tariff/version_split.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::parse_local_time;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::metering::register_reading;
using submeter::tariff::price_version;
using submeter::tariff::register_prices;
using submeter::tariff::register_set;
using submeter::tariff::version_history;

// A flat-register tariff (register 3 "flat") whose price drops from 0.60 to 0.50 on 16 July.
version_history history() {
  const auto regs = register_set::make({{3, "flat"}});
  return version_history::make(
      regs, {price_version{"v2026a", parse_local_time("2026-01-01 00:00"),
                           register_prices::make(regs, {{3, energy_price::parse("0.60")}}), ""},
             price_version{"v2026b", parse_local_time("2026-07-16 00:00"),
                           register_prices::make(regs, {{3, energy_price::parse("0.50")}}), ""}});
}

register_reading reading(const char* time, const char* total) {
  register_reading r;
  r.time = parse_local_time(time);
  r.total = energy::parse(total);
  r.rates[2] = energy::parse(total);  // T3 carries everything
  return r;
}

submeter::metering::register_usage july() {
  const auto m = submeter::metering::meter::make("M-01");
  return submeter::metering::usage(m, reading("2026-07-01 00:00", "1000"),
                                   reading("2026-08-01 00:00", "1310"),
                                   submeter::rounding::half_up);
}

exact_money total(const std::vector<submeter::bill::line>& lines) {
  exact_money t;
  for (const auto& l : lines) t += l.amount;
  return t;
}

TEST(VersionSplit, ReadingsAtTheInstantSplitExactly) {
  const auto lines = submeter::tariff::rate_versions(history(), july(), rounding_rule{},
                                                     {reading("2026-07-16 00:00", "1200")});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].version, "v2026a");
  EXPECT_EQ(lines[0].quantity, submeter::bill::line_quantity::parse("200"));
  EXPECT_EQ(lines[0].split_method, "reads at the change instant");
  EXPECT_EQ(lines[0].window->end(), parse_local_time("2026-07-16 00:00"));
  EXPECT_EQ(lines[1].version, "v2026b");
  EXPECT_EQ(lines[1].quantity, submeter::bill::line_quantity::parse("110"));
  EXPECT_EQ(total(lines), exact_money::parse("175"));  // 200 × 0.60 + 110 × 0.50
  EXPECT_NE(lines[1].explanation.str().find("v2026b"), std::string::npos);
}

TEST(VersionSplit, WithoutReadingsShareByElapsedTime) {
  // 310 kWh over 31 days: 15 days at 0.60, 16 days at 0.50 → 150 and 160 kWh.
  const auto lines = submeter::tariff::rate_versions(history(), july(), rounding_rule{});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].quantity, submeter::bill::line_quantity::parse("150"));
  EXPECT_EQ(lines[1].quantity, submeter::bill::line_quantity::parse("160"));
  EXPECT_EQ(lines[0].split_method, "by days");
  EXPECT_EQ(total(lines), exact_money::parse("170"));
}

TEST(VersionSplit, IntervalDataWinOverTime) {
  // Daily totals: 5 kWh a day for the first 15 days, 15 a day after (75 + 240 = 315? no: 16 × 15).
  submeter::tariff::interval_series daily{
      3, parse_local_time("2026-07-01 00:00"), std::chrono::minutes{1440}, {}};
  for (int d = 0; d < 31; ++d) daily.values.push_back(energy::parse(d < 15 ? "2" : "17.5"));
  // 15 × 2 + 16 × 17.5 = 30 + 280 = 310.
  submeter::tariff::interval_series total_series = daily;
  total_series.rate_register = 0;
  const auto lines = submeter::tariff::rate_versions(history(), july(), rounding_rule{}, {},
                                                     {daily, total_series});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].quantity, submeter::bill::line_quantity::parse("30"));
  EXPECT_EQ(lines[1].quantity, submeter::bill::line_quantity::parse("280"));
  EXPECT_EQ(lines[1].split_method, "interval data");
}

TEST(VersionSplit, AWindowInsideOneVersionIsNotSplit) {
  const auto m = submeter::metering::meter::make("M-01");
  const auto u =
      submeter::metering::usage(m, reading("2026-08-01 00:00", "1310"),
                                reading("2026-09-01 00:00", "1400"), submeter::rounding::half_up);
  const auto lines = submeter::tariff::rate_versions(history(), u, rounding_rule{});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].version, "v2026b");
  EXPECT_FALSE(lines[0].window.has_value());
  EXPECT_TRUE(lines[0].split_method.empty());
}

TEST(VersionSplit, ASplitLineExplainsItsVersionWindowAndMethod) {
  // The tail " (<version>, <begin>/<end>, <method>)" after the charge, for a short version id (on
  // the stack) and one of 200 bytes (longer than the stack buffer: written into a string).
  for (const auto& id : {std::string("v2026a"), std::string(200, 'v')}) {
    const auto regs = register_set::make({{3, "flat"}});
    const auto h = version_history::make(
        regs, {price_version{id, parse_local_time("2026-01-01 00:00"),
                             register_prices::make(regs, {{3, energy_price::parse("0.60")}}), ""},
               price_version{"v2026b", parse_local_time("2026-07-16 00:00"),
                             register_prices::make(regs, {{3, energy_price::parse("0.50")}}), ""}});
    const auto lines = submeter::tariff::rate_versions(h, july(), rounding_rule{},
                                                       {reading("2026-07-16 00:00", "1200")});
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].explanation, "200.00 kWh × 0.60 = 120.00 (" + id +
                                        ", 2026-07-01T00:00:00/2026-07-16T00:00:00, reads at the "
                                        "change instant)");
    EXPECT_EQ(lines[1].explanation,
              "110.00 kWh × 0.50 = 55.00 (v2026b, 2026-07-16T00:00:00/2026-08-01T00:00:00, reads "
              "at the change instant)");
    EXPECT_EQ(lines[0].price_unit, "yuan/kWh");
  }
}

TEST(VersionSplit, RefusesBadFinerData) {
  // Interval data that do not add up to the readings.
  submeter::tariff::interval_series bad{3, parse_local_time("2026-07-01 00:00"),
                                        std::chrono::minutes{1440},
                                        std::vector<energy>(31, energy::parse("1"))};
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::tariff::rate_versions(history(), july(), rounding_rule{}, {}, {bad});
            }).code(),
            errc::inconsistent);
  // Interval data that stop short of the window.
  bad.values.resize(20);
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::tariff::rate_versions(history(), july(), rounding_rule{}, {}, {bad});
            }).code(),
            errc::inconsistent);
  // A reading at the instant below the window's first reading.
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::tariff::rate_versions(history(), july(), rounding_rule{},
                                                    {reading("2026-07-16 00:00", "900")});
            }).code(),
            errc::inconsistent);
  // A window before the first version.
  const auto m = submeter::metering::meter::make("M-01");
  const auto early =
      submeter::metering::usage(m, reading("2025-12-01 00:00", "1"),
                                reading("2026-01-01 00:00", "2"), submeter::rounding::half_up);
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::tariff::rate_versions(history(), early, rounding_rule{});
            }).code(),
            errc::out_of_order);
}

// A split line's explanation is the energy line's own text followed by " (<version>, <window>,
// <method>)", for version ids of any length (the tail is written on the stack when it fits and
// into a string when it does not): the oracle builds it as rate_versions did before, with
// bill::energy_line and string concatenation.
RC_GTEST_PROP(VersionSplit, SplitLinesExplainLikeEnergyLinePlusTheirTail, ()) {
  const auto id_a = *rc::gen::container<std::string>(*rc::gen::inRange<std::size_t>(1, 400),
                                                     rc::gen::inRange('a', 'z'));
  const auto id_b = *rc::gen::container<std::string>(*rc::gen::inRange<std::size_t>(1, 400),
                                                     rc::gen::inRange('A', 'Z'));
  const auto regs = register_set::make({{3, "flat"}});
  const auto h = version_history::make(
      regs, {price_version{id_a, parse_local_time("2026-01-01 00:00"),
                           register_prices::make(regs, {{3, energy_price::parse("0.60")}}), ""},
             price_version{id_b, parse_local_time("2026-07-16 00:00"),
                           register_prices::make(regs, {{3, energy_price::parse("0.50")}}), ""}});
  const auto used = *rc::gen::inRange<std::int64_t>(0, 100000000000);
  register_reading a;
  a.time = parse_local_time("2026-07-01 00:00");
  a.total = energy::parse("1000");
  a.rates[2] = a.total;
  register_reading b = a;
  b.time = parse_local_time("2026-08-01 00:00");
  b.total = a.total + energy::from_mantissa(used);
  b.rates[2] = b.total;
  const auto u = submeter::metering::usage(submeter::metering::meter::make("M-01"), a, b,
                                           submeter::rounding::half_up);
  const auto rule =
      rounding_rule::make(*rc::gen::element(submeter::bill::rounding_scope::per_line,
                                            submeter::bill::rounding_scope::total_only),
                          *rc::gen::inRange(0, 5), submeter::rounding::half_up);
  const auto lines = submeter::tariff::rate_versions(h, u, rule);
  RC_ASSERT(lines.size() == 2u);
  for (const auto& l : lines) {
    RC_ASSERT(l.window.has_value());
    const auto& v = h.versions()[&l == &lines[0] ? 0 : 1];
    const auto expected = submeter::bill::energy_line(
        "M-01", 3, "flat", energy::from_mantissa(l.quantity.mantissa()), *v.prices.price(3), rule);
    RC_ASSERT(l.explanation == expected.explanation + " (" + v.id + ", " +
                                   submeter::local_interval::format(l.window->begin()) + "/" +
                                   submeter::local_interval::format(l.window->end()) +
                                   ", by days)");
    RC_ASSERT(l.version == v.id);
    RC_ASSERT(l.split_method == "by days");
    RC_ASSERT(l.amount == expected.amount);
    RC_ASSERT(l.price_unit == expected.price_unit);
  }
}

}  // namespace
