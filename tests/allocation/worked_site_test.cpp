// The worked site of docs/allocation.md: every number on that page is asserted here.
// A grid master (HV side, the utility's meter, 10,000 kWh, grid bill 8,650.00 as in
// allocation.json › mode-a-1 / mode-b-1), a transformer whose LV main reads 9,800 kWh, and under
// it tenants A (5,000 kWh, 300 m²) and B (3,000 kWh, 200 m²), the landlord's own use L (500) and
// a common-area meter P (800).
#include <gtest/gtest.h>

#include "submeter/allocation.hpp"
#include "submeter/bill/compliance.hpp"

namespace {

using namespace submeter;
using namespace submeter::allocation;
using metering::meter_node;
using metering::node_kind;

metering::meter_tree site_tree() {
  std::vector<meter_node> nodes(6);
  nodes[0] = {"M0", "", node_kind::grid_master, ratio::from_integer(1), true, {}, {}};
  nodes[1] = {"T1", "M0", node_kind::transformer, ratio::from_integer(1), false, {}, {}};
  nodes[2] = {"A", "T1", node_kind::tenant, ratio::from_integer(1), false, {}, {}};
  nodes[3] = {"B", "T1", node_kind::tenant, ratio::from_integer(1), false, {}, {}};
  nodes[4] = {"L", "T1", node_kind::landlord_own_use, ratio::from_integer(1), false, {}, {}};
  nodes[5] = {"P", "T1", node_kind::common_area, ratio::from_integer(1), false, {}, {}};
  return metering::meter_tree::make(metering::medium::electricity, nodes);
}

std::vector<energy> site_readings(const metering::meter_tree& t) {
  return t.quantities<energy>({{"M0", energy::parse("10000")},
                               {"T1", energy::parse("9800")},
                               {"A", energy::parse("5000")},
                               {"B", energy::parse("3000")},
                               {"L", energy::parse("500")},
                               {"P", energy::parse("800")}});
}

const std::vector<end_user> users{{"A", energy::parse("5000"), end_user_kind::tenant},
                                  {"B", energy::parse("3000"), end_user_kind::tenant},
                                  {"L", energy::parse("500"), end_user_kind::landlord_own_use}};

std::vector<sharer> tenants_by_area() {
  std::vector<sharer> s(2);
  s[0].id = "A";
  s[0].floor_area = area::parse("300");
  s[1].id = "B";
  s[1].floor_area = area::parse("200");
  return s;
}

TEST(WorkedSite, Losses) {
  const auto tree = site_tree();
  loss_options<energy> options;
  options.cap = loss_cap{ratio::parse("0.07"), cap_mode::warn};  // Xianning 7 % (SUP-3)
  const auto r = allocate_losses(tree, site_readings(tree), options);
  EXPECT_EQ(r.nodes[tree.index_of("M0")].loss, energy::parse("200"));  // transformer loss
  EXPECT_EQ(r.nodes[tree.index_of("M0")].loss_pct, percent::parse("2.0000"));
  EXPECT_EQ(r.nodes[tree.index_of("T1")].loss, energy::parse("500"));  // LV line loss
  EXPECT_EQ(r.nodes[tree.index_of("T1")].loss_pct, percent::parse("5.1020"));
  EXPECT_EQ(r.nodes[tree.index_of("T1")].received, energy::parse("200"));
  EXPECT_EQ(r.allocated_to(tree, "A"), energy::parse("376.34"));
  EXPECT_EQ(r.allocated_to(tree, "B"), energy::parse("225.81"));
  EXPECT_EQ(r.allocated_to(tree, "L"), energy::parse("37.63"));
  EXPECT_EQ(r.allocated_to(tree, "P"), energy::parse("60.22"));
  EXPECT_EQ(r.total_allocated, energy::parse("700"));
  EXPECT_TRUE(r.warnings.empty());
}

TEST(WorkedSite, TransformerLossByFormulaForComparison) {
  // The same transformer by DL/T 686 if it were an S13-315 carrying 9,800 kWh and 4,900 kvarh
  // over 720 h: 351.73 kWh, mostly iron loss at this light load, against the 200 kWh metered
  // difference. A gap like this is worth a look (TXL-4) before either figure is billed.
  const transformer_nameplate plate{
      power::parse("0.48"), power::parse("3.65"), power::parse("315"), {}, {}};
  const auto r = transformer_loss_formula(
      plate, {ratio::from_integer(720), energy::parse("9800"), reactive_energy::parse("4900")});
  EXPECT_EQ(r.iron, energy::parse("345.60"));
  EXPECT_EQ(r.copper, energy::parse("6.13"));
  EXPECT_EQ(r.total, energy::parse("351.73"));
}

TEST(WorkedSite, ModeACatalogue) {
  const auto a = settle_catalogue(energy_price::parse("0.8650"), energy::parse("10000"), users);
  EXPECT_EQ(a.tenant_lines[0].amount, bill::exact_money::parse("4325.00"));
  EXPECT_EQ(a.tenant_lines[1].amount, bill::exact_money::parse("2595.00"));
  EXPECT_EQ(a.tenant_lines[0].explanation, "5,000.00 kWh × 0.865 = 4,325.00");
  EXPECT_EQ(a.landlord_own_use_cost, money::parse("432.50"));
  EXPECT_EQ(a.not_on_electricity_bill, energy::parse("1500"));
  EXPECT_EQ(a.not_on_electricity_bill_cost, money::parse("1297.50"));
  const auto fee = recover_through_property_fee(a.not_on_electricity_bill_cost, tenants_by_area(),
                                                share_method::by(basis::area));
  EXPECT_EQ(fee[0].amount, bill::exact_money::parse("778.50"));
  EXPECT_EQ(fee[1].amount, bill::exact_money::parse("519.00"));
  EXPECT_EQ(fee[0].explanation, "share of 1,297.50 property_fee by area = 778.50");

  bill::compliance_input in;
  in.site_id = "worked-site";
  in.month = "2026-10";
  in.master_bill = money::parse("8650");
  in.catalogue_price = bill::line_price::parse("0.8650");
  in.bills = {{"A", {a.tenant_lines[0]}}, {"B", {a.tenant_lines[1]}}};
  EXPECT_TRUE(bill::check_compliance(in).compliant());
  // The same loss put on A's electricity bill instead of the property fee is a finding.
  in.bills[0].lines.push_back(fee[0]);
  in.bills[0].lines.back().component = submeter::bill::component::loss;
  const auto bad = bill::check_compliance(in);
  ASSERT_EQ(bad.findings.size(), 1u);
  EXPECT_EQ(bad.findings[0].code, "loss_on_electricity_bill");

  reconciliation_input rin{"worked-site",          "2026-10",
                           energy::parse("10000"), money::parse("8650"),
                           energy::parse("8000"),  money::parse("6920"),
                           energy::parse("800"),   money::parse("692.00"),
                           energy::parse("500"),   energy::parse("700"),
                           money::parse("605.50")};
  const auto rec = reconcile(rin);
  EXPECT_TRUE(rec.warnings.empty());
  EXPECT_EQ(rec.borne_by_landlord, money::parse("432.50"));
  EXPECT_EQ(rec.money_items[4].amount, money{});
}

TEST(WorkedSite, ModeBPassThrough) {
  const auto b = settle_pass_through(money::parse("8650"), users);
  EXPECT_EQ(b.shares[0], money::parse("5088.24"));
  EXPECT_EQ(b.shares[1], money::parse("3052.94"));
  EXPECT_EQ(b.shares[2], money::parse("508.82"));
  EXPECT_EQ(b.tenant_total, money::parse("8141.18"));
  bill::compliance_input in;
  in.site_id = "worked-site";
  in.month = "2026-10";
  in.mode = bill::settlement_mode::pass_through;
  in.master_bill = money::parse("8650");
  in.bills = {{"A", {b.lines[0]}}, {"B", {b.lines[1]}}, {"L", {b.lines[2]}, true}};
  const auto report = bill::check_compliance(in);
  EXPECT_TRUE(report.compliant());
  EXPECT_EQ(report.tenant_total, money::parse("8141.18"));
  reconciliation_input rin{"worked-site",
                           "2026-10",
                           energy::parse("10000"),
                           money::parse("8650"),
                           energy::parse("8000"),
                           b.tenant_total,
                           energy::parse("800"),
                           money{},
                           energy::parse("500"),
                           energy::parse("700"),
                           money{}};
  const auto rec = reconcile(rin);
  EXPECT_TRUE(rec.warnings.empty());
  EXPECT_EQ(rec.money_items[3].amount, money::parse("432.50"));  // own use at 0.865 average
  EXPECT_EQ(rec.money_items[4].amount, money::parse("76.32"));   // its share above that
  EXPECT_EQ(rec.borne_by_landlord, money::parse("508.82"));
}

}  // namespace
