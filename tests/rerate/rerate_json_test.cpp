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

json sample_bills() {
  return read(SUBMETER_TEST_DATA "/sites/v0-sample/expected/bills-2026-07.json");
}

submeter::error bills_error(const json& doc) {
  return submeter::test_support::error_of(
      [&] { (void)submeter::io::issued_bills_from_json(doc, "demo"); });
}

TEST(RerateFiles, ABillGivenTwiceIsRefused) {
  // issue 16 #12: a bill listed twice was re-rated twice in the printed output.
  auto doc = sample_bills();
  doc["bills"].push_back(doc["bills"][4]);
  const auto e = bills_error(doc);
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.context_value("path"), "bills[12].tenant.id");
  EXPECT_EQ(e.context_value("bill"), "T-05-2026-07");
}

TEST(RerateFiles, ALineWhoseAmountIsNotQuantityTimesPriceIsRefused) {
  // issue 16 #12: a quantity that does not match its amount made a huge "supplement".
  auto doc = sample_bills();
  doc["bills"][4]["lines"][0]["quantity"] = "999999.00";
  const auto e = bills_error(doc);
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("path"), "bills[4].lines[0].amount");
  // Lines whose amount is not a product are not checked: an adjustment, a share shown at 0.00.
  doc = sample_bills();
  doc["bills"][4]["lines"][0]["component"] = "adjustment";
  doc["bills"][4]["lines"][0]["quantity"] = "999999.00";
  EXPECT_NO_THROW((void)submeter::io::issued_bills_from_json(doc, "demo"));
  // Every shipped bills file passes.
  EXPECT_NO_THROW((void)submeter::io::issued_bills_from_json(
      read(SUBMETER_SOURCE_DIR "/examples/site/expected/bills-2026-07.json"), "demo"));
  EXPECT_NO_THROW((void)submeter::io::issued_bills_from_json(
      read(SUBMETER_TEST_DATA "/issued-bills-2026-07-altered.json"), "demo"));
}

TEST(RerateFiles, IntegersOutOfRangeAreRefusedNotTruncated) {
  // issue 16 #12: get<int>() read places 4294967298 as 2 and register 4294967296 as 0.
  auto doc = sample_bills();
  doc["rounding"]["places"] = 4294967298LL;
  EXPECT_EQ(bills_error(doc).context_value("path"), "rounding.places");
  doc = sample_bills();
  doc["bills"][0]["lines"][0]["register"] = 4294967296LL;
  auto e = bills_error(doc);
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("path"), "bills[0].lines[0].register");
  EXPECT_EQ(e.context_value("text"), "4294967296");
  doc = sample_bills();
  doc["bills"][0]["lines"][0]["tier"] = -1;
  EXPECT_EQ(bills_error(doc).context_value("path"), "bills[0].lines[0].tier");
  json c = {{"format", "submeter-price-change-v1"},
            {"tariff", "t"},
            {"version", "v"},
            {"effective", "2026-07-16 00:00"},
            {"prices", json::array({{{"register", 4294967296LL}, {"price", "0.5"}}})}};
  e = submeter::test_support::error_of([&] { (void)submeter::io::price_change_from_json(c); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("path"), "prices[0].register");
  c["prices"] = json::array({{{"register", 0}, {"price", "1000000000000"}}});
  e = submeter::test_support::error_of([&] { (void)submeter::io::price_change_from_json(c); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("path"), "prices[0].price");
}

TEST(RerateFiles, MistypedFieldsAreParseErrorsWithTheirPath) {
  // issue 16 #14: nlohmann type_error.302 / .305 escaped as internal errors.
  auto doc = sample_bills();
  doc["bills"][0]["lines"][0]["tier"] = "1";
  EXPECT_EQ(bills_error(doc).context_value("path"), "bills[0].lines[0].tier");
  doc = sample_bills();
  doc["bills"] = json::object({{"a", 1}});
  EXPECT_EQ(bills_error(doc).context_value("path"), ".bills");
  doc = sample_bills();
  doc["bills"][0] = 7;
  EXPECT_EQ(bills_error(doc).code(), errc::parse);
  doc = sample_bills();
  doc["bills"][0]["lines"][0]["version"] = json::array();
  EXPECT_EQ(bills_error(doc).context_value("path"), "bills[0].lines[0].version");
  doc = sample_bills();
  doc["format"] = json::array({1});
  EXPECT_EQ(bills_error(doc).code(), errc::unsupported);
  doc = sample_bills();
  doc["site"] = 7;
  EXPECT_EQ(bills_error(doc).context_value("path"), ".site");
  json c = {{"format", "submeter-price-change-v1"},
            {"tariff", "t"},
            {"version", "v"},
            {"effective", "2026-07-16 00:00"},
            {"document", 5},
            {"prices", json::array({{{"register", 0}, {"price", "0.5"}}})}};
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::io::price_change_from_json(c);
            }).context_value("path"),
            ".document");
}

TEST(RerateFiles, IdsAndNamesFollowTheOneRule) {
  auto doc = sample_bills();
  doc["bills"][0]["tenant"]["id"] = "../x";
  auto e = bills_error(doc);
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("path"), "bills[0].tenant.id");
  doc = sample_bills();
  doc["bills"][0]["lines"][0]["explanation"] = "fine\n  Total: 0.00";
  EXPECT_EQ(bills_error(doc).context_value("path"), "bills[0].lines[0].explanation");
}

}  // namespace
