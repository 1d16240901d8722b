#include "submeter/rerate/backbilling.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::ratio;
using submeter::bill::exact_money;
using submeter::rerate::error_basis;
using submeter::rerate::transformer_ratio;
using pct = submeter::decimal<submeter::dimension::ratio, 4>;
using json = nlohmann::json;

const json& vector_by_id(const std::string& id) {
  static const json doc = [] {
    std::ifstream in(SUBMETER_TEST_DATA "/vectors/backbilling.json");
    return json::parse(in);
  }();
  for (const auto& v : doc["vectors"]) {
    if (v["id"] == id) return v;
  }
  throw std::runtime_error("no vector " + id);
}

std::string s(const json& j) { return j.get<std::string>(); }

std::vector<energy> months(const json& v) {
  std::vector<energy> out;
  for (const auto& [month, kwh] : v["monthly_recorded_kwh"].items())
    out.push_back(energy::parse(s(kwh)));
  return out;  // nlohmann's object keeps keys sorted: YYYY-MM sorts by time
}

pct percent(const json& j) {
  std::string t = s(j);
  if (!t.empty() && t[0] == '+') t.erase(0, 1);
  return pct::parse(t);
}

TEST(Backbilling, MeterRanFastRefundBothBases) {
  const auto& v = vector_by_id("bb-error-pos");
  const auto price = energy_price::parse(s(v["price"]));
  const std::size_t n = v["months_in_period"].get<std::size_t>();
  const auto recent = submeter::rerate::meter_error(months(v), n, percent(v["verified_error_pct"]),
                                                    percent(v["tolerance_pct"]),
                                                    error_basis::recent_half, price, "M-01");
  const auto& e = v["expected"]["variant_recent_half"];
  EXPECT_EQ(recent.basis, energy::parse(s(e["basis_kwh"])));
  EXPECT_EQ(recent.true_kwh, energy::parse(s(e["true_kwh"])));
  EXPECT_EQ(recent.correction, -energy::parse(s(e["refund_kwh"])));
  EXPECT_EQ(recent.direction, "refund");
  ASSERT_EQ(recent.lines.size(), 1u);
  EXPECT_EQ(recent.lines[0].amount, -exact_money::parse(s(e["refund_amount"])));
  EXPECT_EQ(recent.lines[0].component, submeter::bill::component::backbill);
  EXPECT_NE(recent.lines[0].explanation.str().find("BB-1"), std::string::npos);

  const auto half = submeter::rerate::meter_error(months(v), n, percent(v["verified_error_pct"]),
                                                  percent(v["tolerance_pct"]),
                                                  error_basis::half_of_period, price, "M-01");
  const auto& h = v["expected"]["variant_half_of_period"];
  EXPECT_EQ(half.basis, energy::parse(s(h["basis_kwh"])));
  EXPECT_EQ(half.correction, -energy::parse(s(h["refund_kwh"])));
  EXPECT_EQ(half.lines[0].amount, -exact_money::parse(s(h["refund_amount"])));
  // recorded × e (the "simple percentage") would overstate it: 1,040 kWh.
  EXPECT_NE(recent.correction.abs(),
            energy::parse(s(v["expected"]["wrong_simple_percentage"]["refund_kwh"])));
}

TEST(Backbilling, MeterRanSlowSupplement) {
  const auto& v = vector_by_id("bb-error-neg");
  const auto b = submeter::rerate::meter_error(
      months(v), v["months_in_period"].get<std::size_t>(), percent(v["verified_error_pct"]),
      percent(v["tolerance_pct"]), error_basis::recent_half, energy_price::parse(s(v["price"])),
      "M-02");
  EXPECT_EQ(b.true_kwh, energy::parse(s(v["expected"]["true_kwh"])));
  EXPECT_EQ(b.correction, energy::parse(s(v["expected"]["supplement_kwh"])));
  EXPECT_EQ(b.direction, "supplement");
  EXPECT_EQ(b.lines[0].amount, exact_money::parse(s(v["expected"]["supplement_amount"])));
}

TEST(Backbilling, WithinToleranceNothingIsDue) {
  const auto& v = vector_by_id("bb-within-tolerance");
  const auto b = submeter::rerate::meter_error(
      {energy::parse("1000"), energy::parse("1000")}, 2, percent(v["verified_error_pct"]),
      percent(v["tolerance_pct"]), error_basis::recent_half, energy_price::parse("0.6"), "M-03");
  EXPECT_FALSE(b.applies);
  EXPECT_TRUE(b.lines.empty());
  EXPECT_EQ(b.correction, energy{});
}

TEST(Backbilling, OddMonthsCountTheMiddleMonthHalf) {
  // 3 months: the recent half is the last month plus half the middle one: 300 + 200/2 = 400.
  const auto b = submeter::rerate::meter_error(
      {energy::parse("100"), energy::parse("200"), energy::parse("300")}, 3, pct::parse("4"),
      pct::parse("2"), error_basis::recent_half, energy_price::parse("1"), "M");
  EXPECT_EQ(b.basis, energy::parse("400"));
  EXPECT_EQ(b.true_kwh, energy::parse("384.62"));  // 400 ÷ 1.04 = 384.615… → 384.62
}

TEST(Backbilling, WrongMultiplierBothWays) {
  const auto& v1 = vector_by_id("bb-multiplier-1");
  // 125.50 register advance × 300/5 = 7,530 kWh billed; 600/5 fitted.
  const auto billed = submeter::multiply<energy>(energy::parse(s(v1["register_advance"])),
                                                 ratio::parse("60"), submeter::rounding::half_up);
  const auto up = submeter::rerate::wrong_multiplier(billed, transformer_ratio::make(300, 5),
                                                     transformer_ratio::make(600, 5),
                                                     energy_price::parse(s(v1["price"])), "M");
  EXPECT_EQ(up.basis, energy::parse(s(v1["expected"]["billed_kwh"])));
  EXPECT_EQ(up.true_kwh, energy::parse(s(v1["expected"]["true_kwh"])));
  EXPECT_EQ(up.correction, energy::parse(s(v1["expected"]["supplement_kwh"])));
  EXPECT_EQ(up.lines[0].amount, exact_money::parse(s(v1["expected"]["supplement_amount"])));

  const auto& v2 = vector_by_id("bb-multiplier-2");
  const auto down = submeter::rerate::wrong_multiplier(
      energy::parse(s(v2["billed_kwh"])), transformer_ratio::make(600, 5),
      transformer_ratio::make(400, 5), energy_price::parse(s(v2["price"])), "M");
  EXPECT_EQ(down.true_kwh, energy::parse(s(v2["expected"]["true_kwh"])));
  EXPECT_EQ(down.correction, -energy::parse(s(v2["expected"]["refund_kwh"])));
  EXPECT_EQ(down.lines[0].amount, -exact_money::parse(s(v2["expected"]["refund_amount"])));
}

TEST(Backbilling, WrongWiringOverTheFullPeriod) {
  const auto& v = vector_by_id("bb-wiring-1");
  const auto b = submeter::rerate::wrong_wiring(
      energy::parse(s(v["recorded_kwh"])), ratio::parse(s(v["expected"]["correction_factor_K"])),
      energy_price::parse(s(v["price"])), "M");
  EXPECT_EQ(b.true_kwh, energy::parse(s(v["expected"]["true_kwh"])));
  EXPECT_EQ(b.correction, energy::parse(s(v["expected"]["supplement_kwh"])));
  EXPECT_EQ(b.lines[0].amount, exact_money::parse(s(v["expected"]["supplement_amount"])));
}

TEST(Backbilling, UnderRegistrationFromAVoltageDrop) {
  // 9,500 kWh registered with 5 % lost to a voltage drop: 10,000 true, 500 to supplement.
  const auto b = submeter::rerate::under_registration(energy::parse("9500"), ratio::parse("0.05"),
                                                      energy_price::parse("0.7"), "M");
  EXPECT_EQ(b.true_kwh, energy::parse("10000"));
  EXPECT_EQ(b.lines[0].amount, exact_money::parse("350"));
}

TEST(Backbilling, RefusesBadInput) {
  const auto code = [](auto&& f) { return submeter::test_support::error_of(f).code(); };
  const auto p = energy_price::parse("1");
  EXPECT_EQ(code([&] {
              (void)submeter::rerate::meter_error({}, 4, pct::parse("4"), pct::parse("2"),
                                                  error_basis::recent_half, p, "M");
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([&] {  // half_of_period needs every month
              (void)submeter::rerate::meter_error({energy::parse("1")}, 4, pct::parse("4"),
                                                  pct::parse("2"), error_basis::half_of_period, p,
                                                  "M");
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([&] {
              (void)submeter::rerate::meter_error({energy::parse("1")}, 1, pct::parse("-100"),
                                                  pct::parse("2"), error_basis::recent_half, p,
                                                  "M");
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([&] {
              (void)submeter::rerate::meter_error({energy::parse("-1")}, 1, pct::parse("4"),
                                                  pct::parse("2"), error_basis::recent_half, p,
                                                  "M");
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([&] { (void)transformer_ratio::make(0, 5); }), errc::invalid_argument);
  EXPECT_EQ(
      code([&] { (void)submeter::rerate::wrong_wiring(energy::parse("1"), ratio{}, p, "M"); }),
      errc::invalid_argument);
  EXPECT_EQ(code([&] {
              (void)submeter::rerate::under_registration(energy::parse("1"), ratio::parse("1"), p,
                                                         "M");
            }),
            errc::invalid_argument);
}

}  // namespace
