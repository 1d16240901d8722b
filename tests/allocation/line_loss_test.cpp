// Tests of include/submeter/allocation/line_loss.hpp, driven by tests/data/vectors/allocation.json
// › line_loss_vectors (LL-1..LL-4) and transformer_loss.json › txl-diff-1 (TXL-2).
#include "submeter/allocation/line_loss.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "submeter/allocation/transformer_loss.hpp"
#include "support/error_of.hpp"
#include "vectors.hpp"

namespace {

using namespace submeter;
using namespace submeter::allocation;
using metering::meter_node;
using metering::meter_tree;
using metering::node_kind;
using test_support::dec;
using test_support::error_of;

meter_node node(std::string id, std::string parent, node_kind kind) {
  meter_node n;
  n.id = std::move(id);
  n.parent = std::move(parent);
  n.kind = kind;
  return n;
}

bool has_warning(const std::vector<warning>& ws, const std::string& code) {
  return std::any_of(ws.begin(), ws.end(), [&](const warning& w) { return w.code == code; });
}

// One master with flat children, as the LL-1..LL-3 vectors describe.
struct flat_site {
  meter_tree tree;
  std::vector<energy> q;
};

flat_site flat(const nlohmann::json& v) {
  std::vector<meter_node> nodes{node("M", "", node_kind::grid_master)};
  std::vector<std::pair<std::string, energy>> readings{{"M", dec<energy>(v["master_kwh"])}};
  for (const auto& c : v["children"]) {
    const auto id = c["id"].get<std::string>();
    nodes.push_back(
        node(id, "M",
             c.value("kind", "") == "common_area" ? node_kind::common_area : node_kind::tenant));
    readings.emplace_back(id, dec<energy>(c["kwh"]));
  }
  auto tree = meter_tree::make(metering::medium::electricity, nodes);
  auto q = tree.quantities(readings);
  return {std::move(tree), std::move(q)};
}

TEST(LineLoss, FlatVectors) {
  const auto doc = test_support::allocation_vectors();
  int seen = 0;
  for (const auto& v : doc["line_loss_vectors"]) {
    if (!v.contains("children")) continue;
    SCOPED_TRACE(v["id"].get<std::string>());
    ++seen;
    const auto site = flat(v);
    loss_options<energy> options;
    const auto pct = ratio::parse(v["loss_cap_pct"].get<std::string>());
    options.cap = loss_cap{divide<ratio>(pct, ratio::from_integer(100), rounding::half_up),
                           v["cap_mode"] == "clip" ? cap_mode::clip : cap_mode::warn};
    const auto r = allocate_losses(site.tree, site.q, options);
    const auto& e = v["expected"];
    const auto& m = r.nodes[site.tree.index_of("M")];
    EXPECT_EQ(m.loss, dec<energy>(e["loss_kwh"]));
    EXPECT_EQ(m.loss_pct, dec<percent>(e["loss_pct"]));
    EXPECT_EQ(m.retained, dec<energy>(e["retained_by_landlord_kwh"]));
    energy sum{};
    for (std::size_t k = 0; k < v["children"].size(); ++k) {
      const auto id = v["children"][k]["id"].get<std::string>();
      EXPECT_EQ(r.allocated_to(site.tree, id), dec<energy>(e["allocated_kwh"][k])) << id;
      sum += r.allocated_to(site.tree, id);
    }
    EXPECT_EQ(sum, r.total_allocated);
    ASSERT_EQ(r.warnings.size(), e["warnings"].size());
    for (std::size_t k = 0; k < r.warnings.size(); ++k)
      EXPECT_EQ(r.warnings[k].code, e["warnings"][k].get<std::string>());
  }
  EXPECT_EQ(seen, 5);
}

TEST(LineLoss, TreeVectorSharesALossOnlyBelowWhereItOccurs) {
  const auto doc = test_support::allocation_vectors();
  const nlohmann::json* vp = nullptr;
  for (const auto& v : doc["line_loss_vectors"])
    if (v["id"] == "ll-tree-1") vp = &v;
  ASSERT_NE(vp, nullptr);
  const auto& v = *vp;
  std::vector<meter_node> nodes;
  std::vector<std::pair<std::string, energy>> readings;
  const auto add = [&](const auto& self, const nlohmann::json& n,
                       const std::string& parent) -> void {
    const auto id = n["id"].get<std::string>();
    node_kind kind = node_kind::tenant;
    if (parent.empty())
      kind = node_kind::grid_master;
    else if (n.contains("children"))
      kind = node_kind::transformer;
    nodes.push_back(node(id, parent, kind));
    readings.emplace_back(id, dec<energy>(n["kwh"]));
    if (n.contains("children"))
      for (const auto& c : n["children"]) self(self, c, id);
  };
  add(add, v["tree"], "");
  const auto tree = meter_tree::make(metering::medium::electricity, nodes);
  const auto r = allocate_losses(tree, tree.quantities(readings));
  const auto& e = v["expected"];
  for (const auto& [id, loss] : e["node_loss_kwh"].items())
    EXPECT_EQ(r.nodes[tree.index_of(id)].loss, dec<energy>(loss)) << id;
  for (const auto& [id, pct] : e["node_loss_pct"].items())
    EXPECT_EQ(r.nodes[tree.index_of(id)].loss_pct, dec<percent>(pct)) << id;
  for (const auto& [id, got] : e["share_passed_down_kwh"].items())
    EXPECT_EQ(r.nodes[tree.index_of(id)].received, dec<energy>(got)) << id;
  for (const auto& [id, got] : e["leaf_allocated_kwh"].items())
    EXPECT_EQ(r.allocated_to(tree, id), dec<energy>(got)) << id;
  EXPECT_EQ(r.total_allocated, dec<energy>(e["total_allocated_kwh"]));
  EXPECT_TRUE(r.warnings.empty());
}

TEST(LineLoss, MeteringDifferenceVectorKeepsTheSumWhereTheRatioMethodLosesAUnit) {
  const auto doc = test_support::transformer_vectors();
  for (const auto& v : doc["vectors"]) {
    if (v["id"] != "txl-diff-1") continue;
    std::vector<meter_node> nodes{node("HV", "", node_kind::grid_master)};
    std::vector<std::pair<std::string, energy>> readings{{"HV", dec<energy>(v["master_hv_kwh"])}};
    for (const auto& s : v["sub_meters"]) {
      nodes.push_back(node(s["id"].get<std::string>(), "HV", node_kind::tenant));
      readings.emplace_back(s["id"].get<std::string>(), dec<energy>(s["kwh"]));
    }
    const auto tree = meter_tree::make(metering::medium::electricity, nodes);
    const auto r = allocate_losses(tree, tree.quantities(readings));
    const auto& e = v["expected"];
    EXPECT_EQ(r.nodes[0].loss, dec<energy>(e["loss_kwh"]));
    EXPECT_EQ(r.nodes[0].loss_pct, dec<percent>(e["loss_pct_of_master"]));
    for (std::size_t k = 0; k < v["sub_meters"].size(); ++k) {
      EXPECT_EQ(r.allocated_to(tree, v["sub_meters"][k]["id"].get<std::string>()),
                dec<energy>(e["allocation_kwh"][k]));
    }
    EXPECT_EQ(r.total_allocated, dec<energy>(e["loss_kwh"]));
    EXPECT_NE(r.total_allocated, dec<energy>(e["ratio_method_sum"]));
    return;
  }
  FAIL() << "txl-diff-1 missing";
}

// 高供低计: the grid bills the LV master reading plus the DL/T 686 transformer loss; the loss is
// added at the master and shared below it by kWh (transformer_loss.json › txl-s13-k1 gives the
// loss, › txl-alloc-formula its allocation).
TEST(LineLoss, AFormulaTransformerLossAddedAtTheMasterIsSharedBelowIt) {
  const auto doc = test_support::transformer_vectors();
  const nlohmann::json* formula = nullptr;
  const nlohmann::json* alloc = nullptr;
  for (const auto& v : doc["vectors"]) {
    if (v["id"] == "txl-s13-k1") formula = &v;
    if (v["id"] == "txl-alloc-formula") alloc = &v;
  }
  ASSERT_TRUE(formula && alloc);
  const auto& in = (*formula)["inputs"];
  const auto loss = transformer_loss_formula(
      {dec<power>(in["P0_kw"]), dec<power>(in["Pk_kw"]), dec<power>(in["Sn_kva"]), {}, {}},
      {dec<ratio>(in["T_h"]), dec<energy>(in["A_P_kwh"]), dec<reactive_energy>(in["A_Q_kvarh"])});
  EXPECT_EQ(loss.total, dec<energy>((*alloc)["loss_kwh"]));
  std::vector<meter_node> nodes{node("LV", "", node_kind::grid_master)};
  std::vector<std::pair<std::string, energy>> readings{{"LV", dec<energy>(in["A_P_kwh"])}};
  for (const auto& s : (*alloc)["sub_meters"]) {
    nodes.push_back(node(s["id"].get<std::string>(), "LV", node_kind::tenant));
    readings.emplace_back(s["id"].get<std::string>(), dec<energy>(s["kwh"]));
  }
  const auto tree = meter_tree::make(metering::medium::electricity, nodes);
  loss_options<energy> options;
  options.added_losses = {{"LV", loss.total}};
  const auto r = allocate_losses(tree, tree.quantities(readings), options);
  EXPECT_EQ(r.nodes[0].added, loss.total);
  EXPECT_EQ(r.nodes[0].loss, loss.total);
  for (std::size_t k = 0; k < (*alloc)["sub_meters"].size(); ++k) {
    EXPECT_EQ(r.allocated_to(tree, (*alloc)["sub_meters"][k]["id"].get<std::string>()),
              dec<energy>((*alloc)["expected_allocation_kwh"][k]));
  }
  options.added_losses = {{"A", loss.total}};
  EXPECT_EQ(
      error_of([&] { (void)allocate_losses(tree, tree.quantities(readings), options); }).code(),
      errc::invalid_argument);
  options.added_losses = {{"nope", loss.total}};
  EXPECT_EQ(
      error_of([&] { (void)allocate_losses(tree, tree.quantities(readings), options); }).code(),
      errc::not_found);
  options.added_losses = {{"LV", energy::parse("-1")}};
  EXPECT_EQ(
      error_of([&] { (void)allocate_losses(tree, tree.quantities(readings), options); }).code(),
      errc::invalid_argument);
}

TEST(LineLoss, WaterTreeUsesTheSameCode) {
  const auto tree =
      meter_tree::make(metering::medium::water,
                       {node("W", "", node_kind::grid_master), node("A", "W", node_kind::tenant),
                        node("B", "W", node_kind::tenant)});
  const auto r = allocate_losses(tree, tree.quantities<volume>({{"W", volume::parse("100")},
                                                                {"A", volume::parse("60")},
                                                                {"B", volume::parse("30")}}));
  EXPECT_EQ(r.allocated_to(tree, "A"), volume::parse("6.67"));
  EXPECT_EQ(r.allocated_to(tree, "B"), volume::parse("3.33"));
}

TEST(LineLoss, ANodeWithoutConsumptionBelowKeepsItsLossWithAWarning) {
  const auto tree =
      meter_tree::make(metering::medium::electricity,
                       {node("M", "", node_kind::grid_master), node("A", "M", node_kind::tenant)});
  const auto r = allocate_losses(
      tree, tree.quantities<energy>({{"M", energy::parse("10")}, {"A", energy::parse("0")}}));
  EXPECT_TRUE(has_warning(r.warnings, "no_quantity_below"));
  EXPECT_EQ(r.total_retained, energy::parse("10"));
  EXPECT_EQ(r.total_allocated, energy{});
}

TEST(LineLoss, RefusesQuantitiesOfTheWrongLength) {
  const auto tree =
      meter_tree::make(metering::medium::electricity, {node("M", "", node_kind::grid_master)});
  EXPECT_EQ(error_of([&] { (void)allocate_losses(tree, std::vector<energy>{}); }).code(),
            errc::invalid_argument);
}

// Property: over a random two-level tree, the leaves receive exactly the positive losses that
// are not retained, and a transformer's loss never reaches the leaves of the other transformer.
RC_GTEST_PROP(LineLoss, AllocatedPlusRetainedIsThePositiveLoss, ()) {
  const auto transformers = *rc::gen::inRange<int>(1, 4);
  std::vector<meter_node> nodes{node("M", "", node_kind::grid_master)};
  std::vector<std::pair<std::string, energy>> readings;
  std::int64_t total = 0;
  for (int t = 0; t < transformers; ++t) {
    const auto tid = "T" + std::to_string(t);
    nodes.push_back(node(tid, "M", node_kind::transformer));
    const auto leaves = *rc::gen::inRange<int>(1, 5);
    std::int64_t sub = 0;
    for (int l = 0; l < leaves; ++l) {
      const auto lid = tid + "L" + std::to_string(l);
      nodes.push_back(node(lid, tid, node_kind::tenant));
      const auto kwh = *rc::gen::inRange<std::int64_t>(1, 10'000'000);
      readings.emplace_back(lid, energy::from_mantissa(kwh * 100));
      sub += kwh * 100;
    }
    const auto loss = *rc::gen::inRange<std::int64_t>(0, 1'000'000);
    readings.emplace_back(tid, energy::from_mantissa(sub + loss));
    total += sub + loss;
  }
  const auto top_loss = *rc::gen::inRange<std::int64_t>(0, 1'000'000);
  readings.emplace_back("M", energy::from_mantissa(total + top_loss));
  const auto tree = meter_tree::make(metering::medium::electricity, nodes);
  const auto r = allocate_losses(tree, tree.quantities(readings));
  RC_ASSERT(r.total_allocated + r.total_retained == r.total_loss);
  RC_ASSERT(r.warnings.empty());
}

}  // namespace
