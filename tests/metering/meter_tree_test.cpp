// Tests of include/submeter/metering/meter_tree.hpp: topology, validation naming ids, virtual
// meters, CT × PT multipliers, and the site's two trees.
#include "submeter/metering/meter_tree.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

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

// meter_tree::make against the make it replaced (issue 23: the id index was a hash map, now ids
// sorted by hash slot), kept here verbatim but for its name: for random lists of meters, valid
// trees in any order and lists with repeated ids, empty ids, bad multipliers, unknown or missing
// parents, orphans, parent cycles, virtual meters with bad or cyclic operands, both give the
// same tree (order, parents, children, lookups, quantities) or the same error (code, sentence
// and every context item, so the same ids are named).
namespace old_meter_tree_semantics {

class old_meter_tree {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  [[nodiscard]] static old_meter_tree make(medium m, std::vector<meter_node> nodes) {
    if (nodes.empty()) throw error(errc::invalid_argument, "a meter tree needs at least one meter");
    std::unordered_map<std::string, std::size_t> by_id;
    by_id.reserve(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const auto& n = nodes[i];
      if (n.id.empty()) {
        throw error(errc::invalid_argument, "a meter in the tree has no id",
                    {{"index", std::to_string(i)}});
      }
      if (n.multiplier.mantissa() <= 0) {
        throw error(errc::invalid_argument, "a meter multiplier must be > 0",
                    {{"meter", n.id}, {"multiplier", n.multiplier.to_string(0)}});
      }
      const auto [it, inserted] = by_id.emplace(n.id, i);
      if (!inserted) {
        const auto& first = nodes[it->second];
        if (first.parent != n.parent) {
          throw error(errc::inconsistent, "a meter has two parents",
                      {{"meter", n.id}, {"parent", first.parent}, {"other_parent", n.parent}});
        }
        throw error(errc::duplicate, "a meter is listed twice", {{"meter", n.id}});
      }
    }
    const std::size_t count = nodes.size();
    std::vector<std::size_t> parent(count, npos);
    for (std::size_t i = 0; i < count; ++i) {
      const auto& n = nodes[i];
      if (n.parent.empty()) {
        if (n.kind != node_kind::grid_master) {
          throw error(errc::inconsistent, "orphan meter: only a grid master may have no parent",
                      {{"meter", n.id}, {"kind", std::string(to_string(n.kind))}});
        }
        continue;
      }
      if (n.kind == node_kind::grid_master) {
        throw error(errc::inconsistent, "a grid master meter cannot have a parent",
                    {{"meter", n.id}, {"parent", n.parent}});
      }
      // Siblings are usually listed together: the previous meter's parent is checked first.
      if (i > 0 && parent[i - 1] != npos && nodes[i - 1].parent == n.parent) {
        parent[i] = parent[i - 1];
        continue;
      }
      const auto it = by_id.find(n.parent);
      if (it == by_id.end()) {
        throw error(errc::not_found, "unknown parent meter",
                    {{"meter", n.id}, {"parent", n.parent}});
      }
      parent[i] = it->second;
    }
    check_virtual(nodes, by_id);

    // Children lists (CSR), then a breadth-first order from the roots: anything not reached
    // lies on a parent cycle.
    std::vector<std::size_t> child_count(count, 0);
    for (std::size_t i = 0; i < count; ++i)
      if (parent[i] != npos) ++child_count[parent[i]];
    std::vector<std::size_t> first_child(count + 1, 0);
    for (std::size_t i = 0; i < count; ++i) first_child[i + 1] = first_child[i] + child_count[i];
    std::vector<std::size_t> fill(first_child.begin(), first_child.end() - 1);
    std::vector<std::size_t> child_list(count, 0);
    for (std::size_t i = 0; i < count; ++i)
      if (parent[i] != npos) child_list[fill[parent[i]]++] = i;

    std::vector<std::size_t> order;
    order.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
      if (parent[i] == npos) order.push_back(i);
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t p = order[k];
      for (std::size_t c = first_child[p]; c < first_child[p + 1]; ++c)
        order.push_back(child_list[c]);
    }
    if (order.size() != count) throw_parent_cycle(nodes, parent, order);

    // Renumber in breadth-first order so that parents come before children.
    std::vector<std::size_t> new_index(count);
    for (std::size_t k = 0; k < count; ++k) new_index[order[k]] = k;
    old_meter_tree t;
    t.medium_ = m;
    t.nodes_.reserve(count);
    t.parent_.assign(count, npos);
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t old = order[k];
      t.nodes_.push_back(std::move(nodes[old]));
      if (parent[old] != npos) t.parent_[k] = new_index[parent[old]];
    }
    t.first_child_.assign(count + 1, 0);
    for (std::size_t k = 0; k < count; ++k)
      if (t.parent_[k] != npos) ++t.first_child_[t.parent_[k] + 1];
    for (std::size_t k = 0; k < count; ++k) t.first_child_[k + 1] += t.first_child_[k];
    // BFS numbering makes the children of one parent consecutive, in declared order.
    t.children_.resize(count - t.root_count());
    std::vector<std::size_t> at(t.first_child_.begin(), t.first_child_.end() - 1);
    for (std::size_t k = 0; k < count; ++k)
      if (t.parent_[k] != npos) t.children_[at[t.parent_[k]]++] = k;
    // The id index is the validation's map, renumbered: no second map of every id is built.
    for (auto& entry : by_id) entry.second = new_index[entry.second];
    t.index_ = std::move(by_id);
    t.operand_index_.resize(count);
    for (std::size_t k = 0; k < count; ++k)
      for (const auto& op : t.nodes_[k].operands) t.operand_index_[k].push_back(t.index_.at(op));
    t.virtual_order_ = virtual_order(t);
    return t;
  }

  [[nodiscard]] medium tree_medium() const noexcept { return medium_; }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  [[nodiscard]] const meter_node& node(std::size_t i) const { return nodes_.at(i); }
  [[nodiscard]] std::optional<std::size_t> find(const std::string& id) const {
    const auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  [[nodiscard]] std::size_t index_of(const std::string& id) const {
    const auto i = find(id);
    if (!i) {
      throw error(errc::not_found, "unknown meter",
                  {{"meter", id}, {"tree", std::string(to_string(medium_))}});
    }
    return *i;
  }
  [[nodiscard]] std::size_t parent(std::size_t i) const noexcept { return parent_[i]; }
  [[nodiscard]] std::size_t child_count(std::size_t i) const noexcept {
    return first_child_[i + 1] - first_child_[i];
  }
  [[nodiscard]] std::size_t child(std::size_t i, std::size_t k) const noexcept {
    return children_[first_child_[i] + k];
  }
  [[nodiscard]] bool is_leaf(std::size_t i) const noexcept { return child_count(i) == 0; }

  template <class Q>
  [[nodiscard]] std::vector<Q> quantities(
      const std::vector<std::pair<std::string, Q>>& register_deltas,
      rounding mode = rounding::half_up) const {
    std::vector<Q> q(size());
    std::vector<char> seen(size(), 0);
    for (const auto& [id, delta] : register_deltas) {
      const std::size_t i = index_of(id);
      if (is_virtual(nodes_[i].kind)) {
        throw error(errc::inconsistent, "a virtual meter is computed, not read", {{"meter", id}});
      }
      if (seen[i]) throw error(errc::duplicate, "a meter has two readings", {{"meter", id}});
      seen[i] = 1;
      q[i] = multiply<Q>(delta, nodes_[i].multiplier, mode);
    }
    for (std::size_t i = 0; i < size(); ++i) {
      if (!seen[i] && !is_virtual(nodes_[i].kind)) {
        throw error(errc::inconsistent, "a meter of the tree has no reading",
                    {{"meter", nodes_[i].id}});
      }
    }
    evaluate_virtual(q, mode);
    return q;
  }

  template <class Q>
  void evaluate_virtual(std::vector<Q>& q, rounding mode = rounding::half_up) const {
    for (const std::size_t i : virtual_order_) {
      const auto& n = nodes_[i];
      const auto& ops = operand_index_[i];
      Q v{};
      if (n.kind == node_kind::virtual_sum) {
        for (const std::size_t o : ops) v += q[o];
      } else if (n.kind == node_kind::virtual_difference) {
        v = q[ops.front()];
        for (std::size_t k = 1; k < ops.size(); ++k) v -= q[ops[k]];
      } else {
        v = multiply<Q>(q[ops.front()], n.share, mode);
      }
      q[i] = v;
    }
  }

 private:
  old_meter_tree() = default;

  [[nodiscard]] std::size_t root_count() const noexcept {
    std::size_t r = 0;
    for (const std::size_t p : parent_) r += p == npos ? 1 : 0;
    return r;
  }

  static void check_virtual(const std::vector<meter_node>& nodes,
                            const std::unordered_map<std::string, std::size_t>& by_id) {
    for (const auto& n : nodes) {
      if (!is_virtual(n.kind)) {
        if (!n.operands.empty()) {
          throw error(errc::invalid_argument, "only a virtual meter has operands",
                      {{"meter", n.id}});
        }
        continue;
      }
      const bool share = n.kind == node_kind::virtual_share;
      if (n.operands.empty() || (share && n.operands.size() != 1)) {
        throw error(errc::invalid_argument,
                    share ? "a virtual share meter needs exactly one operand"
                          : "a virtual meter needs operands",
                    {{"meter", n.id}, {"operands", std::to_string(n.operands.size())}});
      }
      if (share && (n.share.mantissa() <= 0 || n.share > ratio::from_integer(1))) {
        throw error(errc::invalid_argument, "a virtual share must be within (0, 1]",
                    {{"meter", n.id}, {"share", n.share.to_string()}});
      }
      for (const auto& op : n.operands) {
        if (by_id.find(op) == by_id.end()) {
          throw error(errc::not_found, "unknown operand of a virtual meter",
                      {{"meter", n.id}, {"operand", op}});
        }
      }
    }
  }

  [[noreturn]] static void throw_parent_cycle(const std::vector<meter_node>& nodes,
                                              const std::vector<std::size_t>& parent,
                                              const std::vector<std::size_t>& reached) {
    std::vector<char> ok(nodes.size(), 0);
    for (const std::size_t i : reached) ok[i] = 1;
    std::size_t start = 0;
    while (ok[start]) ++start;
    // Walk up from an unreached meter until a meter repeats: that meter is on the cycle.
    std::vector<char> on_path(nodes.size(), 0);
    std::size_t at = start;
    while (!on_path[at]) {
      on_path[at] = 1;
      at = parent[at];
    }
    std::string ids = nodes[at].id;
    for (std::size_t p = parent[at]; p != at; p = parent[p]) ids += " -> " + nodes[p].id;
    ids += " -> " + nodes[at].id;
    throw error(errc::inconsistent, "the meter tree has a cycle", {{"cycle", ids}});
  }

  // Virtual meters ordered so that every operand is evaluated first (depth-first, refusing a
  // cycle through operands).
  [[nodiscard]] static std::vector<std::size_t> virtual_order(const old_meter_tree& t) {
    const std::size_t n = t.size();
    std::vector<char> state(n, 0);  // 0 new, 1 on stack, 2 done
    std::vector<std::size_t> out;
    for (std::size_t s = 0; s < n; ++s) {
      if (!is_virtual(t.nodes_[s].kind) || state[s] != 0) continue;
      std::vector<std::pair<std::size_t, std::size_t>> stack{{s, 0}};
      state[s] = 1;
      while (!stack.empty()) {
        auto& [v, k] = stack.back();
        const auto& ops = t.operand_index_[v];
        if (k < ops.size()) {
          const std::size_t o = ops[k++];
          if (!is_virtual(t.nodes_[o].kind) || state[o] == 2) continue;
          if (state[o] == 1) {
            std::string ids;
            for (const auto& e : stack) ids += t.nodes_[e.first].id + " -> ";
            throw error(errc::inconsistent, "virtual meters refer to each other in a cycle",
                        {{"cycle", ids + t.nodes_[o].id}});
          }
          state[o] = 1;
          stack.emplace_back(o, 0);
        } else {
          state[v] = 2;
          out.push_back(v);
          stack.pop_back();
        }
      }
    }
    return out;
  }

  medium medium_ = medium::electricity;
  std::vector<meter_node> nodes_;
  std::vector<std::size_t> parent_;
  std::vector<std::size_t> first_child_;
  std::vector<std::size_t> children_;
  std::vector<std::vector<std::size_t>> operand_index_;
  std::vector<std::size_t> virtual_order_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace old_meter_tree_semantics

using old_meter_tree_semantics::old_meter_tree;

// The error a call throws, as text (code, sentence, context), or "" when it returns.
template <class F>
std::string meter_tree_error_text(F&& f) {
  try {
    f();
  } catch (const error& e) {
    std::string s = std::string(to_string(e.code())) + ": " + e.message();
    for (const auto& c : e.context()) s += " [" + c.key + "=" + c.value + "]";
    return s;
  }
  return "";
}

// Everything a built tree answers, as text.
template <class Tree>
std::string meter_tree_summary(const Tree& t, const std::vector<std::string>& probes) {
  std::string s;
  for (std::size_t i = 0; i < t.size(); ++i) {
    s += t.node(i).id + "<" +
         (t.parent(i) == meter_tree::npos ? std::string("-") : std::to_string(t.parent(i))) + ":";
    for (std::size_t k = 0; k < t.child_count(i); ++k) s += std::to_string(t.child(i, k)) + ",";
    s += ";";
  }
  for (const auto& id : probes) {
    const auto at = t.find(id);
    s += " " + id + "@" + (at ? std::to_string(*at) : std::string("none"));
  }
  std::vector<std::pair<std::string, energy>> readings;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!is_virtual(t.node(i).kind))
      readings.emplace_back(
          t.node(i).id,
          energy::from_mantissa(static_cast<std::int64_t>(1000 + 37 * i + t.node(i).id.size())));
  std::string q;
  const auto e = meter_tree_error_text([&] {
    for (const auto& v : t.quantities(readings)) q += v.to_string() + " ";
  });
  return s + " q=" + q + e;
}

meter_node random_meter(const std::vector<std::string>& pool) {
  meter_node n;
  n.id = *rc::gen::elementOf(pool);
  n.parent = *rc::gen::weightedOneOf<std::string>(
      {{1, rc::gen::just(std::string())}, {4, rc::gen::elementOf(pool)}});
  n.kind = static_cast<node_kind>(*rc::gen::inRange(0, 9));
  n.multiplier = ratio::from_integer(*rc::gen::weightedOneOf<std::int64_t>(
      {{20, rc::gen::just<std::int64_t>(1)}, {1, rc::gen::inRange<std::int64_t>(-1, 3)}}));
  if (is_virtual(n.kind) || *rc::gen::inRange(0, 10) == 0)
    n.operands = *rc::gen::container<std::vector<std::string>>(*rc::gen::inRange<std::size_t>(0, 4),
                                                               rc::gen::elementOf(pool));
  n.share = ratio::parse(*rc::gen::element<std::string>("0", "0.5", "1", "1.5"));
  return n;
}

// A valid forest: meter i hangs under a random earlier meter or is a grid master; some virtual
// meters over random others (which may refer to each other in a cycle).
std::vector<meter_node> random_forest(std::size_t count) {
  std::vector<meter_node> nodes;
  for (std::size_t i = 0; i < count; ++i) {
    meter_node n;
    n.id = "m" + std::to_string(i);
    const bool root = i == 0 || *rc::gen::inRange(0, 8) == 0;
    if (root) {
      n.kind = node_kind::grid_master;
    } else {
      n.parent = "m" + std::to_string(*rc::gen::inRange<std::size_t>(0, i));
      n.kind = *rc::gen::element(node_kind::transformer, node_kind::feeder, node_kind::tenant,
                                 node_kind::common_area, node_kind::virtual_sum,
                                 node_kind::virtual_difference, node_kind::virtual_share);
    }
    if (is_virtual(n.kind)) {
      const std::size_t ops = n.kind == node_kind::virtual_share ? 1 : 2;
      for (std::size_t k = 0; k < ops; ++k)
        n.operands.push_back("m" + std::to_string(*rc::gen::inRange<std::size_t>(0, count)));
      n.share = ratio::parse("0.5");
    }
    nodes.push_back(std::move(n));
  }
  return nodes;
}

RC_GTEST_PROP(MeterTreeProperty, SameTreeOrErrorAsTheHashMapMake, ()) {
  std::vector<meter_node> nodes;
  std::vector<std::string> pool;
  if (*rc::gen::inRange(0, 3) == 0) {
    const auto count = *rc::gen::inRange<std::size_t>(1, 12);
    for (std::size_t i = 0; i < count + 2; ++i) pool.push_back("m" + std::to_string(i));
    pool.push_back("");
    const auto n = *rc::gen::inRange<std::size_t>(1, count + 1);
    for (std::size_t i = 0; i < n; ++i) nodes.push_back(random_meter(pool));
  } else {
    const auto count = *rc::gen::inRange<std::size_t>(1, 60);
    nodes = random_forest(count);
    for (std::size_t i = 0; i < count + 1; ++i) pool.push_back("m" + std::to_string(i));
    // Listed in any order, or as a tree is written back out (parents first: kept as it is).
    if (*rc::gen::arbitrary<bool>()) {
      const auto perm = *rc::gen::noShrink(rc::gen::container<std::vector<std::size_t>>(
          nodes.size(), rc::gen::inRange<std::size_t>(0, nodes.size())));
      for (std::size_t i = 0; i < nodes.size(); ++i) std::swap(nodes[i], nodes[perm[i]]);
    }
    // Sometimes one fault: a meter listed again, a parent changed (maybe into a cycle), or a
    // meter's id, multiplier or kind spoilt.
    const auto fault = *rc::gen::inRange(0, 8);
    const auto at = *rc::gen::inRange<std::size_t>(0, nodes.size());
    if (fault == 0) nodes.push_back(nodes[*rc::gen::inRange<std::size_t>(0, nodes.size())]);
    if (fault == 1) nodes[at].parent = *rc::gen::elementOf(pool);
    if (fault == 2) nodes[at].id.clear();
    if (fault == 3) nodes[at].multiplier = ratio{};
    if (fault == 4) nodes[at].kind = node_kind::tenant;
    if (fault == 5) nodes[at].parent.clear();
  }
  const auto old_error =
      meter_tree_error_text([&] { (void)old_meter_tree::make(medium::electricity, nodes); });
  const auto new_error =
      meter_tree_error_text([&] { (void)meter_tree::make(medium::electricity, nodes); });
  RC_ASSERT(new_error == old_error);
  if (!old_error.empty()) return;
  pool.push_back("nobody");
  RC_ASSERT(meter_tree_summary(meter_tree::make(medium::electricity, nodes), pool) ==
            meter_tree_summary(old_meter_tree::make(medium::electricity, nodes), pool));
}

// A big list in a scrambled order (more ids than one radix pass sorts): the same tree.
TEST(MeterTreeProperty, BigScrambledListGivesTheSameTree) {
  std::vector<meter_node> nodes;
  nodes.push_back(node("M", "", node_kind::grid_master));
  for (int f = 0; f < 50; ++f)
    nodes.push_back(node("F" + std::to_string(f), "M", node_kind::feeder));
  for (int i = 0; i < 5000; ++i)
    nodes.push_back(
        node("L" + std::to_string(i), "F" + std::to_string((i * 7) % 50), node_kind::tenant));
  std::vector<std::string> probes{"M", "F3", "L4999", "L5000", "nobody"};
  for (std::size_t i = 0; i < nodes.size(); ++i)
    std::swap(nodes[i], nodes[(i * 7919 + 13) % nodes.size()]);
  const auto t = meter_tree::make(medium::electricity, nodes);
  EXPECT_EQ(meter_tree_summary(t, probes),
            meter_tree_summary(old_meter_tree::make(medium::electricity, nodes), probes));
  for (const auto& n : nodes) EXPECT_EQ(t.node(t.index_of(n.id)).id, n.id);
  // A repeat far down the list names the same meter as before.
  nodes.push_back(nodes[1234]);
  nodes.push_back(nodes[17]);
  EXPECT_EQ(meter_tree_error_text([&] { (void)meter_tree::make(medium::electricity, nodes); }),
            meter_tree_error_text([&] { (void)old_meter_tree::make(medium::electricity, nodes); }));
}

}  // namespace
