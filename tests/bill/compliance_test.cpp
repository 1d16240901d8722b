// Tests of include/submeter/bill/compliance.hpp (SUP-1, SUP-2, SUP-5). The uplift vector
// (allocation.json › uplift-cap-1) runs in tests/allocation/settlement_test.cpp, which reads JSON.
#include "submeter/bill/compliance.hpp"

#include <gtest/gtest.h>

namespace {

using namespace submeter;
using namespace submeter::bill;

line energy_of(const std::string& meter, const char* kwh, const char* price) {
  return energy_line(meter, 3, "flat", energy::parse(kwh), energy_price::parse(price),
                     rounding_rule{});
}

compliance_input mode_a_site() {
  compliance_input in;
  in.site_id = "mall";
  in.month = "2026-10";
  in.mode = settlement_mode::catalogue_price;
  in.master_bill = money::parse("8650.00");
  in.catalogue_price = line_price::parse("0.8650");
  in.bills = {{"A", {energy_of("A", "5000", "0.8650")}},
              {"B", {energy_of("B", "3000", "0.8650")}},
              {"L", {energy_of("L", "500", "0.8650")}, true}};
  return in;
}

TEST(Compliance, ACompliantModeASite) {
  const auto r = check_compliance(mode_a_site());
  EXPECT_TRUE(r.compliant());
  EXPECT_EQ(r.tenant_total, money::parse("6920.00"));
  EXPECT_EQ(r.landlord_total, money::parse("432.50"));
}

TEST(Compliance, ModeAFlagsAPriceAboveCatalogueAndLossOrCommonAreaLines) {
  auto in = mode_a_site();
  in.bills[0].lines[0] = energy_of("A", "5000", "0.9000");
  in.bills[1].lines.push_back(
      amount_line(submeter::bill::component::loss, "B", exact_money::parse("100"), "loss", {}));
  in.bills[1].lines.push_back(amount_line(submeter::bill::component::common_area, "B",
                                          exact_money::parse("50"), "common", {}));
  const auto r = check_compliance(in);
  ASSERT_EQ(r.findings.size(), 3u);
  EXPECT_EQ(r.findings[0].code, "price_above_catalogue");
  EXPECT_EQ(r.findings[0].context_value("user"), "A");
  EXPECT_EQ(r.findings[1].code, "loss_on_electricity_bill");
  EXPECT_EQ(r.findings[2].code, "common_area_on_electricity_bill");
}

TEST(Compliance, CheckedInPartsAndJoinedIsCheckedAtOnce) {
  // A site billed in parts (site/shard.hpp): check_bills per part, join_checked in order, then
  // check_master_bill give check_compliance's report, findings in the same order.
  auto in = mode_a_site();
  in.master_bill = money::parse("6000.00");
  in.bills[0].lines[0] = energy_of("A", "5000", "0.9000");
  in.bills[2].lines.push_back(
      amount_line(submeter::bill::component::loss, "L", exact_money::parse("10"), "loss", {}));
  const auto whole = check_compliance(in);
  ASSERT_EQ(whole.findings.size(), 3u);
  for (std::size_t cut = 0; cut <= in.bills.size(); ++cut) {
    auto first = in;
    first.bills.assign(in.bills.begin(), in.bills.begin() + static_cast<std::ptrdiff_t>(cut));
    auto second = in;
    second.bills.assign(in.bills.begin() + static_cast<std::ptrdiff_t>(cut), in.bills.end());
    auto r = check_bills(first);
    join_checked(r, check_bills(second));
    check_master_bill(r);
    EXPECT_EQ(r.tenant_total, whole.tenant_total) << cut;
    EXPECT_EQ(r.landlord_total, whole.landlord_total) << cut;
    ASSERT_EQ(r.findings.size(), whole.findings.size()) << cut;
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
      EXPECT_EQ(r.findings[i].code, whole.findings[i].code) << cut;
      EXPECT_EQ(r.findings[i].context_value("user"), whole.findings[i].context_value("user"));
    }
  }
  EXPECT_EQ(whole.findings.back().code, "tenant_total_exceeds_master_bill");
}

TEST(Compliance, PerRegisterCatalogue) {
  auto in = mode_a_site();
  in.catalogue_by_register = {{"flat", line_price::parse("0.8000")}};
  const auto r = check_compliance(in);
  EXPECT_EQ(r.findings.size(), 3u);  // every flat line is above 0.80
}

TEST(Compliance, ModeBAboveTheMasterBillIsFlagged) {
  compliance_input in;
  in.site_id = "mall";
  in.month = "2026-10";
  in.mode = settlement_mode::pass_through;
  in.master_bill = money::parse("100.00");
  auto l = amount_line(submeter::bill::component::energy, "A", exact_money::parse("100.01"),
                       "share", {});
  in.bills = {{"A", {l}}};
  const auto r = check_compliance(in);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "tenant_total_exceeds_master_bill");
  EXPECT_EQ(r.findings[0].context_value("tenant_total"), "100.01");
  in.bills[0].lines[0].amount = exact_money::parse("100.00");
  EXPECT_TRUE(check_compliance(in).compliant());
}

TEST(Compliance, UpliftOnShareLinesUsesTheEffectivePrice) {
  compliance_input in;
  in.mode = settlement_mode::pass_through;
  in.master_bill = money::parse("1000");
  in.uplift = uplift_cap{line_price::parse("0.7"), ratio::parse("0.15")};
  auto ok =
      amount_line(submeter::bill::component::energy, "A", exact_money::parse("80.50"), "share", {});
  ok.quantity = line_quantity::parse("100");
  auto high =
      amount_line(submeter::bill::component::energy, "B", exact_money::parse("81.00"), "share", {});
  high.quantity = line_quantity::parse("100");
  in.bills = {{"A", {ok}}, {"B", {high}}};
  const auto r = check_compliance(in);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "uplift_cap_exceeded");
  EXPECT_EQ(r.findings[0].context_value("user"), "B");
}

}  // namespace
