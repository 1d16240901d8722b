// Re-rating from files: the sample site's issued July bills (as the CLI writes them) and a price
// change file; the figures match tests/python/test_rerate.py and docs/rerate.md.
#include "io/rerate_json.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::bill::exact_money;
using json = nlohmann::json;

json read(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

TEST(RerateFiles, SampleSiteFlatPriceCut) {
  const auto bills = submeter::io::issued_bills_from_json(
      read(SUBMETER_TEST_DATA "/sites/v0-sample/expected/bills-2026-07.json"), "demo");
  ASSERT_EQ(bills.size(), 12u);
  EXPECT_EQ(bills[0].bill_id, "T-01-2026-07");
  const auto change = submeter::io::price_change_from_json(
      read(SUBMETER_TEST_DATA "/sites/v0-sample/price-change-flat-2026-07-16.json"));
  const auto adj = submeter::rerate::rerate_bills("demo", bills, change);
  ASSERT_EQ(adj.size(), 4u);
  exact_money total;
  for (const auto& a : adj) total += a.line.amount;
  EXPECT_EQ(total, exact_money::parse("-977.96"));
  EXPECT_EQ(adj[0].refers_to.bill_id, "T-05-2026-07");
  EXPECT_EQ(adj[0].line.amount, exact_money::parse("-448.48"));
  // Read back exactly: the issued amounts sum to the site total printed in the file.
  exact_money issued;
  for (const auto& b : bills) {
    for (const auto& l : b.lines) issued += l.amount;
  }
  EXPECT_EQ(issued, exact_money::parse("163751.38"));
}

TEST(RerateFiles, RefusesMalformedFiles) {
  const auto code = [](auto&& f) { return submeter::test_support::error_of(f).code(); };
  EXPECT_EQ(code([] {
              (void)submeter::io::price_change_from_json(json{{"format", "x"}});
            }),
            errc::unsupported);
  json c = {{"format", "submeter-price-change-v1"},
            {"tariff", "t"},
            {"version", "v"},
            {"effective", "2026-07-16 00:00"},
            {"prices", json::array({{{"register", 0}, {"price", "-1"}}})}};
  EXPECT_EQ(code([&] { (void)submeter::io::price_change_from_json(c); }), errc::invalid_argument);
  c["prices"] =
      json::array({{{"register", 0}, {"price", "0.5"}}, {{"register", 0}, {"price", "0.6"}}});
  EXPECT_EQ(code([&] { (void)submeter::io::price_change_from_json(c); }), errc::duplicate);
  c["effective"] = "16 July";
  const auto e =
      submeter::test_support::error_of([&] { (void)submeter::io::price_change_from_json(c); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("path"), ".effective");
  auto bills = read(SUBMETER_TEST_DATA "/sites/v0-sample/expected/bills-2026-07.json");
  bills["bills"][0]["lines"][0]["amount"] = 12.5;
  const auto e2 = submeter::test_support::error_of(
      [&] { (void)submeter::io::issued_bills_from_json(bills, "s"); });
  EXPECT_EQ(e2.code(), errc::parse);
  EXPECT_EQ(e2.context_value("path"), "bills[0].lines[0].amount");
}

}  // namespace
