#include "submeter/rerate/retroactive.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::local_interval;
using submeter::parse_local_time;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::rerate::issued_bill;
using submeter::rerate::line_ref;
using submeter::rerate::price_change;
using submeter::rerate::rerate_bills;
using json = nlohmann::json;

std::string str_of(const json& j) { return j.get<std::string>(); }

issued_bill one_line_bill(const std::string& id, const char* from, const char* to, energy kwh,
                          energy_price price) {
  return issued_bill{id,
                     "site",
                     "tou",
                     local_interval::make(parse_local_time(from), parse_local_time(to)),
                     {submeter::bill::energy_line("M-01", 3, "flat", kwh, price, rounding_rule{})},
                     rounding_rule{}};
}

price_change change_to(const char* effective, const char* price, const char* version = "v2") {
  return price_change{"tou",
                      version,
                      parse_local_time(effective),
                      {{{submeter::bill::component::energy, 3, 0}, energy_price::parse(price)}},
                      ""};
}

TEST(Retroactive, Vectors) {
  std::ifstream in(SUBMETER_TEST_DATA "/vectors/retroactive.json");
  const auto doc = json::parse(in);
  int seen = 0;
  for (const auto& v : doc["vectors"]) {
    const std::string id = v["id"];
    const auto& o = v["original_line"];
    const auto bill = one_line_bill(
        str_of(o["line_id"]), str_of(o["period_start"]).c_str(), str_of(o["period_end"]).c_str(),
        energy::parse(str_of(o["kwh"])), energy_price::parse(str_of(o["price"])));
    ASSERT_EQ(bill.lines[0].amount, exact_money::parse(str_of(o["amount"]))) << id;
    const auto& e = v["expected"];
    submeter::rerate::split_data finer;
    if (e["split"]["method"] == "interval_data") {
      finer.intervals_before[{bill.bill_id, 0}] =
          energy::parse(str_of(e["split"]["old_price_kwh"]));
    }
    const auto adj = rerate_bills("site", {bill},
                                  change_to(str_of(v["price_change"]["effective"]).c_str(),
                                            str_of(v["price_change"]["new_price"]).c_str()),
                                  {}, finer);
    ASSERT_EQ(adj.size(), 1u) << id;
    const auto& a = adj[0];
    const auto& want = e["adjustment_line"];
    EXPECT_EQ(a.refers_to, (line_ref{str_of(o["line_id"]), 0})) << id;
    EXPECT_EQ(a.kind, str_of(want["kind"])) << id;
    EXPECT_EQ(a.line.quantity, submeter::bill::line_quantity::parse(str_of(want["kwh"]))) << id;
    EXPECT_EQ(a.line.unit_price, submeter::bill::line_price::parse(str_of(want["price_delta"])))
        << id;
    EXPECT_EQ(a.line.unrounded, exact_money::parse(str_of(want["amount_exact"]))) << id;
    EXPECT_EQ(a.line.amount, exact_money::parse(str_of(want["amount"]))) << id;
    EXPECT_EQ(a.line.component, submeter::bill::component::adjustment);
    EXPECT_EQ(a.line.version, "v2");
    EXPECT_EQ(a.line.window->begin(), parse_local_time(str_of(v["price_change"]["effective"])));
    if (e["split"]["method"] == "by_days") {
      EXPECT_EQ(a.line.split_method, "by days " +
                                         std::to_string(v["days_at_new_price"].get<int>()) + "/" +
                                         std::to_string(v["days_in_period"].get<int>()));
    } else {
      EXPECT_EQ(a.line.split_method, "interval data");
    }
    // The original line is unchanged.
    EXPECT_EQ(bill.lines[0].amount, exact_money::parse(str_of(o["amount"])));
    ++seen;
  }
  EXPECT_EQ(seen, 3);
}

TEST(Retroactive, ReadingAtTheInstantWinsAndExplains) {
  const auto bill = one_line_bill("B-7", "2025-06-01 00:00", "2025-07-01 00:00",
                                  energy::parse("3000"), energy_price::parse("0.60"));
  submeter::rerate::split_data finer;
  finer.read_before[{"B-7", 0}] = energy::parse("1200");
  auto change = change_to("2025-06-11 00:00", "0.62");
  change.document = "沪发改价管〔2025〕12号";
  const auto adj = rerate_bills("site", {bill}, change, {}, finer);
  ASSERT_EQ(adj.size(), 1u);
  EXPECT_EQ(adj[0].line.amount, exact_money::parse("36"));  // 1,800 × 0.02
  EXPECT_EQ(adj[0].line.split_method, "reads at the change instant");
  EXPECT_EQ(adj[0].line.explanation,
            "supplement of B-7 line 1 (flat): 1,800.00 kWh × (0.62 − 0.60) = 36.00 [v2 "
            "沪发改价管〔2025〕12号 from 2025-06-11T00:00:00, reads at the change instant]");
}

TEST(Retroactive, WholeWindowsAfterTheChangeAndBeforeIt) {
  const auto june = one_line_bill("B-6", "2025-06-01 00:00", "2025-07-01 00:00",
                                  energy::parse("1000"), energy_price::parse("0.60"));
  const auto july = one_line_bill("B-7", "2025-07-01 00:00", "2025-08-01 00:00",
                                  energy::parse("1000"), energy_price::parse("0.60"));
  const auto adj = rerate_bills("site", {june, july}, change_to("2025-07-01 00:00", "0.55"));
  ASSERT_EQ(adj.size(), 1u);  // June is wholly before the change
  EXPECT_EQ(adj[0].refers_to.bill_id, "B-7");
  EXPECT_EQ(adj[0].kind, "refund");
  EXPECT_EQ(adj[0].line.amount, exact_money::parse("-50"));
  EXPECT_TRUE(adj[0].line.split_method.empty());
}

TEST(Retroactive, PowerFactorLineFollowsItsBase) {
  auto b = one_line_bill("B-8", "2025-07-01 00:00", "2025-08-01 00:00", energy::parse("100000"),
                         energy_price::parse("0.60"));
  // +2.5 % on a base of 60,000 = 1,500 (rules.md PF vector shape).
  submeter::bill::line pf = submeter::bill::amount_line(
      submeter::bill::component::power_factor, "M-01", exact_money::parse("1500"),
      "cos φ 0.85 vs 0.90: +2.5 % × 60,000.00", rounding_rule{});
  pf.quantity = submeter::bill::line_quantity::parse("60000");
  pf.unit = "yuan";
  pf.unit_price = submeter::bill::line_price::parse("0.025");
  b.lines.push_back(pf);
  const auto adj = rerate_bills("site", {b}, change_to("2025-07-01 00:00", "0.50"));
  ASSERT_EQ(adj.size(), 2u);
  EXPECT_EQ(adj[0].line.amount, exact_money::parse("-10000"));
  EXPECT_EQ(adj[1].refers_to.line_index, 1u);
  EXPECT_EQ(adj[1].line.amount, exact_money::parse("-250"));  // 2.5 % of −10,000
}

TEST(Retroactive, RefusesBadInputAndWritesNothing) {
  const auto bill = one_line_bill("B-1", "2025-06-01 00:00", "2025-07-01 00:00",
                                  energy::parse("100"), energy_price::parse("0.60"));
  const auto code = [](auto&& f) { return submeter::test_support::error_of(f).code(); };
  EXPECT_EQ(
      code([&] { (void)rerate_bills("other-site", {bill}, change_to("2025-06-11 00:00", "1")); }),
      errc::inconsistent);
  EXPECT_EQ(code([&] { (void)rerate_bills("site", {bill}, change_to("2025-08-01 00:00", "1")); }),
            errc::out_of_order);
  submeter::rerate::adjustment ghost;
  ghost.refers_to = {"B-404", 0};
  EXPECT_EQ(code([&] {
              (void)rerate_bills("site", {bill}, change_to("2025-06-11 00:00", "1"), {ghost});
            }),
            errc::not_found);
  auto cited = bill;
  cited.lines[0].version = "v3";
  EXPECT_EQ(code([&] {
              (void)rerate_bills("site", {cited}, change_to("2025-06-11 00:00", "1"), {}, {},
                                 {{"v3", parse_local_time("2025-06-20 00:00")}});
            }),
            errc::out_of_order);
  submeter::rerate::split_data finer;
  finer.read_before[{"B-1", 0}] = energy::parse("150");
  EXPECT_EQ(code([&] {
              (void)rerate_bills("site", {bill}, change_to("2025-06-11 00:00", "1"), {}, finer);
            }),
            errc::inconsistent);
}

// RETRO properties: original + adjustments = re-rated exactly (to the fen, per-line rounding);
// re-rating twice emits nothing; re-rating back to the old price cancels the first adjustment.
RC_GTEST_PROP(RetroactiveProperties, AdjustmentsReconcileAndCancel,
              (std::uint32_t kwh_cents, std::uint16_t old_milli, std::uint16_t new_milli,
               std::uint8_t day)) {
  const auto kwh = energy::from_mantissa(static_cast<std::int64_t>(kwh_cents % 100000000) * 100);
  const auto old_price = energy_price::from_mantissa((old_milli % 2000 + 1) * 1000);
  const auto new_price = energy_price::from_mantissa((new_milli % 2000 + 1) * 1000);
  const auto bill = one_line_bill("B", "2025-07-01 00:00", "2025-08-01 00:00", kwh, old_price);
  const auto when = parse_local_time("2025-07-01 00:00") + date::days{day % 31};
  const price_change up{
      "tou", "v2", when, {{{submeter::bill::component::energy, 3, 0}, new_price}}, ""};
  const auto first = rerate_bills("site", {bill}, up);
  // Re-rated bill computed independently: split by days to 0.01 kWh, each part priced exactly.
  const auto d_before = static_cast<std::int64_t>(day % 31);
  const auto parts = submeter::split(kwh, std::vector<std::int64_t>{d_before, 31 - d_before},
                                     energy::parse("0.01"));
  const auto rerated = submeter::bill::charge_of(
      submeter::multiply<exact_money>(parts[0], old_price, submeter::rounding::half_up) +
          submeter::multiply<exact_money>(parts[1], new_price, submeter::rounding::half_up),
      rounding_rule{});
  exact_money total = bill.lines[0].amount;
  for (const auto& a : first) total += a.line.amount;
  RC_ASSERT(total == rerated);
  RC_ASSERT(rerate_bills("site", {bill}, up, first).empty());
  const price_change back{
      "tou", "v3", when, {{{submeter::bill::component::energy, 3, 0}, old_price}}, ""};
  const auto undo = rerate_bills("site", {bill}, back, first);
  exact_money net;
  for (const auto& a : first) net += a.line.amount;
  for (const auto& a : undo) net += a.line.amount;
  RC_ASSERT(net.is_zero());
}

}  // namespace

namespace {

TEST(Retroactive, OtherTariffsAreLeftAlone) {
  auto bill = one_line_bill("B-9", "2025-07-01 00:00", "2025-08-01 00:00", energy::parse("100"),
                            energy_price::parse("0.60"));
  bill.tariff_id = "flat-general";
  EXPECT_TRUE(rerate_bills("site", {bill}, change_to("2025-07-01 00:00", "0.50")).empty());
  auto any = change_to("2025-07-01 00:00", "0.50");
  any.tariff_id.clear();
  EXPECT_EQ(rerate_bills("site", {bill}, any).size(), 1u);
}

}  // namespace
