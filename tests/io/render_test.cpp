// src/render: text and JSON bills.
#include "render/render.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "io/site_loader.hpp"

namespace {

using submeter::bill::billing_period;

class Rendered : public ::testing::Test {
 protected:
  const submeter::bill::site site =
      submeter::io::load_site(std::string(SUBMETER_TEST_DATA) + "/sites/good");
  const billing_period period = billing_period::parse("2026-07");
  const std::vector<submeter::bill::bill> bills = submeter::bill::bill_site(site, period);
};

TEST(FormatTime, MinutesAndSeconds) {
  EXPECT_EQ(submeter::render::format_time(submeter::parse_local_time("2026-07-31T23:50")),
            "2026-07-31T23:50");
  EXPECT_EQ(submeter::render::format_time(submeter::parse_local_time("2026-07-31T23:50:07")),
            "2026-07-31T23:50:07");
}

// Test Plaza (tests/data/sites/good): T-1 flat 0.73, M-1 1000.00 → 2234.56 = 1234.56 kWh,
// × 0.73 = 901.2288 → 901.23. T-2 tou, M-2 ×40: sharp 10.25 × 40 = 410 × 1.35 = 553.50;
// peak 30 × 40 = 1200 × 1.08 = 1296.00; flat 25 × 40 = 1000 × 0.60 = 600.00;
// valley 35.25 × 40 = 1410 × 0.24 = 338.40; total 2787.90.
TEST_F(Rendered, TextShowsReadingsLinesAndTotals) {
  const auto text = submeter::render::bills_text(site, period, bills);
  EXPECT_NE(text.find("Test Plaza - electricity bills for 2026-07 (CNY)"), std::string::npos);
  EXPECT_NE(text.find("Rounding: half_up to 0.01 per line"), std::string::npos);
  EXPECT_NE(text.find("1,234.56 kWh × 0.73 = 901.23"), std::string::npos);
  EXPECT_NE(text.find("Total: 901.23 CNY"), std::string::npos);
  EXPECT_NE(text.find("1,410.00 kWh × 0.24 = 338.40"), std::string::npos);
  EXPECT_NE(text.find("Total: 2,787.90 CNY"), std::string::npos);
  EXPECT_NE(text.find("Site total: 3,689.13 CNY over 2 tenants"), std::string::npos);
}

TEST_F(Rendered, JsonHasDecimalStringsOnly) {
  const auto doc = nlohmann::json::parse(submeter::render::bills_json(site, period, bills));
  EXPECT_EQ(doc.at("format"), "submeter-bills-v0");
  EXPECT_EQ(doc.at("site_total"), "3689.13");
  const auto& t2 = doc.at("bills").at(1);
  EXPECT_EQ(t2.at("total"), "2787.90");
  EXPECT_EQ(t2.at("meters").at(0).at("multiplier"), "40");
  EXPECT_EQ(t2.at("lines").at(0).at("amount"), "553.50");
  EXPECT_EQ(t2.at("lines").at(0).at("register_name"), "sharp");
  // No JSON number carries a quantity, price or amount.
  for (const auto& line : t2.at("lines")) {
    for (const char* key : {"quantity", "unit_price", "unrounded", "amount"}) {
      EXPECT_TRUE(line.at(key).is_string()) << key;
    }
  }
}

}  // namespace
