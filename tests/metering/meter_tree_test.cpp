// Tests of include/submeter/metering/meter_tree.hpp: topology, validation naming ids, virtual
// meters, CT × PT multipliers, and the site's two trees.
#include "submeter/metering/meter_tree.hpp"

#include <gtest/gtest.h>

#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::metering;
using submeter::test_support::error_of;

meter_node node(std::string id, std::string parent, node_kind kind) {
  meter_node n;
  n.id = std::move(id);
  n.parent = std::move(parent);
  n.kind = kind;
  return n;
}

std::vector<meter_node> mall() {
  return {node("M0", "", node_kind::grid_master), node("T1", "M0", node_kind::transformer),
          node("A", "T1", node_kind::tenant), node("B", "T1", node_kind::tenant),
          node("P", "T1", node_kind::common_area)};
}

TEST(MeterTree, ParentsComeBeforeChildrenAndChildrenKeepTheirOrder) {
  // Declared children first, parents last: the tree reorders.
  const auto t = meter_tree::make(
      medium::electricity,
      {node("B", "T1", node_kind::tenant), node("A", "T1", node_kind::tenant),
       node("T1", "M0", node_kind::transformer), node("M0", "", node_kind::grid_master)});
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t.node(0).id, "M0");
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.parent(i) != meter_tree::npos) {
      EXPECT_LT(t.parent(i), i);
    }
  }
  const auto t1 = t.index_of("T1");
  ASSERT_EQ(t.child_count(t1), 2u);
  EXPECT_EQ(t.node(t.child(t1, 0)).id, "B");
  EXPECT_EQ(t.node(t.child(t1, 1)).id, "A");
  EXPECT_TRUE(t.is_leaf(t.index_of("A")));
  EXPECT_FALSE(t.is_leaf(t1));
  EXPECT_FALSE(t.find("nope").has_value());
}

TEST(MeterTree, QuantitiesApplyCtTimesPt) {
  auto nodes = mall();
  nodes[0].multiplier = ratio::from_integer(4000);  // CT 200/5 × PT 10000/100
  nodes[0].manual_entry = true;                     // typed in from the grid bill
  const auto t = meter_tree::make(medium::electricity, nodes);
  const auto q = t.quantities<energy>({{"M0", energy::parse("2.5")},
                                       {"T1", energy::parse("9800")},
                                       {"A", energy::parse("5000")},
                                       {"B", energy::parse("3000")},
                                       {"P", energy::parse("1300")}});
  EXPECT_EQ(q[t.index_of("M0")], energy::parse("10000"));
  EXPECT_EQ(q[t.index_of("P")], energy::parse("1300"));
}

TEST(MeterTree, VirtualSumDifferenceAndShare) {
  auto nodes = mall();
  auto c = node("C", "T1", node_kind::virtual_difference);  // unmetered shop = T1 − A − B − P
  c.operands = {"T1", "A", "B", "P"};
  auto s = node("S", "M0", node_kind::virtual_sum);
  s.operands = {"A", "B"};
  auto h = node("H", "M0", node_kind::virtual_share);
  h.operands = {"P"};
  h.share = ratio::parse("0.25");
  nodes.push_back(c);
  nodes.push_back(s);
  nodes.push_back(h);
  const auto t = meter_tree::make(medium::electricity, nodes);
  const auto q = t.quantities<energy>({{"M0", energy::parse("10000")},
                                       {"T1", energy::parse("9800")},
                                       {"A", energy::parse("5000")},
                                       {"B", energy::parse("3000")},
                                       {"P", energy::parse("1300")}});
  EXPECT_EQ(q[t.index_of("C")], energy::parse("500"));
  EXPECT_EQ(q[t.index_of("S")], energy::parse("8000"));
  EXPECT_EQ(q[t.index_of("H")], energy::parse("325"));
}

TEST(MeterTree, RefusesACycleNamingItsMeters) {
  const auto e = error_of([] {
    (void)meter_tree::make(
        medium::electricity,
        {node("M0", "", node_kind::grid_master), node("X", "Y", node_kind::feeder),
         node("Y", "Z", node_kind::feeder), node("Z", "X", node_kind::feeder)});
  });
  EXPECT_EQ(e.code(), errc::inconsistent);
  const auto cycle = e.context_value("cycle");
  EXPECT_NE(cycle.find("X"), std::string::npos);
  EXPECT_NE(cycle.find("Y"), std::string::npos);
  EXPECT_NE(cycle.find("Z"), std::string::npos);
}

TEST(MeterTree, RefusesTwoParentsUnknownParentOrphanAndDuplicates) {
  auto two = mall();
  two.push_back(node("A", "M0", node_kind::tenant));
  auto e = error_of([&] { (void)meter_tree::make(medium::electricity, two); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("meter"), "A");
  EXPECT_EQ(e.context_value("parent"), "T1");
  EXPECT_EQ(e.context_value("other_parent"), "M0");

  auto dup = mall();
  dup.push_back(node("A", "T1", node_kind::tenant));
  EXPECT_EQ(error_of([&] { (void)meter_tree::make(medium::electricity, dup); }).code(),
            errc::duplicate);

  auto unknown = mall();
  unknown.push_back(node("Q", "T9", node_kind::tenant));
  e = error_of([&] { (void)meter_tree::make(medium::electricity, unknown); });
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.context_value("meter"), "Q");
  EXPECT_EQ(e.context_value("parent"), "T9");

  auto orphan = mall();
  orphan.push_back(node("O", "", node_kind::tenant));
  e = error_of([&] { (void)meter_tree::make(medium::electricity, orphan); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("meter"), "O");

  auto master_with_parent = mall();
  master_with_parent.push_back(node("M9", "T1", node_kind::grid_master));
  EXPECT_EQ(
      error_of([&] { (void)meter_tree::make(medium::electricity, master_with_parent); }).code(),
      errc::inconsistent);

  EXPECT_EQ(error_of([] { (void)meter_tree::make(medium::electricity, {}); }).code(),
            errc::invalid_argument);
  auto zero_ct = mall();
  zero_ct[1].multiplier = ratio{};
  EXPECT_EQ(error_of([&] { (void)meter_tree::make(medium::electricity, zero_ct); }).code(),
            errc::invalid_argument);
}

TEST(MeterTree, RefusesBadVirtualMeters) {
  auto unknown_op = mall();
  auto v = node("V", "M0", node_kind::virtual_sum);
  v.operands = {"A", "nope"};
  unknown_op.push_back(v);
  auto e = error_of([&] { (void)meter_tree::make(medium::electricity, unknown_op); });
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.context_value("operand"), "nope");

  auto loop = mall();
  auto v1 = node("V1", "M0", node_kind::virtual_sum);
  v1.operands = {"V2"};
  auto v2 = node("V2", "M0", node_kind::virtual_sum);
  v2.operands = {"V1"};
  loop.push_back(v1);
  loop.push_back(v2);
  e = error_of([&] { (void)meter_tree::make(medium::electricity, loop); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_NE(e.context_value("cycle").find("V1"), std::string::npos);

  auto share = mall();
  auto h = node("H", "M0", node_kind::virtual_share);
  h.operands = {"P"};
  h.share = ratio::parse("1.5");
  share.push_back(h);
  EXPECT_EQ(error_of([&] { (void)meter_tree::make(medium::electricity, share); }).code(),
            errc::invalid_argument);

  auto real_with_ops = mall();
  real_with_ops[2].operands = {"B"};
  EXPECT_EQ(error_of([&] { (void)meter_tree::make(medium::electricity, real_with_ops); }).code(),
            errc::invalid_argument);
}

TEST(MeterTree, QuantitiesRefuseMissingUnknownAndVirtualReadings) {
  auto nodes = mall();
  auto s = node("S", "M0", node_kind::virtual_sum);
  s.operands = {"A", "B"};
  nodes.push_back(s);
  const auto t = meter_tree::make(medium::electricity, nodes);
  const std::vector<std::pair<std::string, energy>> good{{"M0", energy::parse("1")},
                                                         {"T1", energy::parse("1")},
                                                         {"A", energy::parse("1")},
                                                         {"B", energy::parse("1")},
                                                         {"P", energy::parse("1")}};
  auto missing = good;
  missing.pop_back();
  auto e = error_of([&] { (void)t.quantities(missing); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("meter"), "P");
  auto unknown = good;
  unknown.push_back({"Z", energy::parse("1")});
  e = error_of([&] { (void)t.quantities(unknown); });
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.context_value("meter"), "Z");
  auto virt = good;
  virt.push_back({"S", energy::parse("1")});
  EXPECT_EQ(error_of([&] { (void)t.quantities(virt); }).code(), errc::inconsistent);
  auto twice = good;
  twice.push_back({"A", energy::parse("1")});
  EXPECT_EQ(error_of([&] { (void)t.quantities(twice); }).code(), errc::duplicate);
}

TEST(MeterTree, SiteRefusesAMeterInBothTrees) {
  const auto elec = meter_tree::make(medium::electricity, mall());
  const auto water = meter_tree::make(
      medium::water, {node("W0", "", node_kind::grid_master), node("A", "W0", node_kind::tenant)});
  const auto e = error_of([&] { (void)site_meter_trees::make(elec, water); });
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.context_value("meter"), "A");
  const auto water_ok = meter_tree::make(
      medium::water, {node("W0", "", node_kind::grid_master), node("WA", "W0", node_kind::tenant)});
  const auto site = site_meter_trees::make(elec, water_ok);
  EXPECT_EQ(site.water.tree_medium(), medium::water);
  EXPECT_EQ(error_of([&] { (void)site_meter_trees::make(water_ok, elec); }).code(),
            errc::invalid_argument);
}

}  // namespace
