#pragma once
/// \file
/// metering::meter_tree: the metering topology of one medium (electricity or water) at a site.
///
/// Grid master meters (the utility's meter, possibly typed in by hand from its bill) at the roots;
/// transformers and feeders inside; tenant, common-area and landlord's-own-use meters at the
/// leaves; virtual meters (sum, difference, fixed share of other meters) anywhere below a root.
/// Line loss at a node is the node's quantity minus the sum of its children (rules.md LL-1), so
/// the tree is what decides where a loss occurs and who shares it (LL-4, TXL-3).
///
/// Validation (DESIGN.md "Errors"): an unknown parent or operand, an orphan (a meter that is not a
/// grid master and has no parent), a meter listed with two parents, a cycle, and a meter that
/// appears in both the electricity and the water tree are refused with the ids named.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"

namespace submeter::metering {

/// What a tree measures: electricity (kWh, quantities are `energy`) or water (m³, `volume`).
enum class medium { electricity, water };

[[nodiscard]] constexpr std::string_view to_string(medium m) noexcept {
  return m == medium::electricity ? "electricity" : "water";
}

/// The role of a node in the metering tree.
enum class node_kind {
  grid_master,         ///< the utility's meter (a root); may be read by hand from the grid bill
  transformer,         ///< a transformer's LV main meter (its loss is shared below it, TXL-3)
  feeder,              ///< a feeder or distribution-board meter
  tenant,              ///< a tenant's sub-meter
  common_area,         ///< a common-area (公区) meter: lifts, lighting, pumps
  landlord_own_use,    ///< the landlord's own consumption (SUP-1: never passed to tenants)
  virtual_sum,         ///< Σ of its operands
  virtual_difference,  ///< first operand − Σ of the others (e.g. an unmetered shop)
  virtual_share,       ///< `share` × its one operand (a fixed share of another meter)
};

[[nodiscard]] constexpr std::string_view to_string(node_kind k) noexcept {
  switch (k) {
    case node_kind::grid_master:
      return "grid_master";
    case node_kind::transformer:
      return "transformer";
    case node_kind::feeder:
      return "feeder";
    case node_kind::tenant:
      return "tenant";
    case node_kind::common_area:
      return "common_area";
    case node_kind::landlord_own_use:
      return "landlord_own_use";
    case node_kind::virtual_sum:
      return "virtual_sum";
    case node_kind::virtual_difference:
      return "virtual_difference";
    case node_kind::virtual_share:
      return "virtual_share";
  }
  return "unknown";
}

/// True for the computed kinds (sum, difference, share).
[[nodiscard]] constexpr bool is_virtual(node_kind k) noexcept {
  return k == node_kind::virtual_sum || k == node_kind::virtual_difference ||
         k == node_kind::virtual_share;
}

/// One meter of the tree as the site declares it.
struct meter_node {
  /// The meter's id, unique across the site's trees.
  std::string id;
  /// The parent's id; empty only for a grid master (a root).
  std::string parent;
  node_kind kind = node_kind::tenant;
  /// CT × PT (1 for a direct meter); register differences are multiplied by it.
  ratio multiplier = ratio::from_integer(1);
  /// True when the reading is typed in by hand (the utility's meter or the grid bill).
  bool manual_entry = false;
  /// Virtual meters: the meters they are computed from (sum: all; difference: first − rest;
  /// share: exactly one).
  std::vector<std::string> operands;
  /// virtual_share: the fraction of the operand, 0 < share <= 1.
  ratio share{};
};

/// A validated metering tree (a forest: a site may have several grid connections) of one medium.
/// Nodes are stored parents-before-children, so one pass in index order visits every parent
/// before its children; all queries are O(1) and every walk is linear in the number of nodes.
class meter_tree {
 public:
  /// "No parent".
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// Builds the tree. Refuses: no nodes, an empty id (errc::invalid_argument); a multiplier
  /// <= 0 (invalid_argument); a meter listed twice with the same parent (errc::duplicate) or with
  /// two different parents (errc::inconsistent, naming both parents); a parent or operand that
  /// is no meter of the tree (errc::not_found); an orphan, i.e. a meter other than a grid master
  /// without a parent, or a grid master with one (errc::inconsistent); a cycle through parents or
  /// through virtual operands (errc::inconsistent, naming the ids on the cycle); a virtual meter
  /// with the wrong number of operands or a share outside (0, 1] (invalid_argument).
  [[nodiscard]] static meter_tree make(medium m, std::vector<meter_node> nodes) {
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
    meter_tree t;
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
  /// The number of meters.
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  /// Meter `i` (0 <= i < size()), in parents-before-children order.
  [[nodiscard]] const meter_node& node(std::size_t i) const { return nodes_.at(i); }
  /// The index of meter `id`, or nullopt.
  [[nodiscard]] std::optional<std::size_t> find(const std::string& id) const {
    const auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  /// The index of meter `id`; refuses an unknown id (errc::not_found).
  [[nodiscard]] std::size_t index_of(const std::string& id) const {
    const auto i = find(id);
    if (!i) {
      throw error(errc::not_found, "unknown meter",
                  {{"meter", id}, {"tree", std::string(to_string(medium_))}});
    }
    return *i;
  }
  /// The parent's index, or npos for a root.
  [[nodiscard]] std::size_t parent(std::size_t i) const noexcept { return parent_[i]; }
  /// The number of children of meter `i`.
  [[nodiscard]] std::size_t child_count(std::size_t i) const noexcept {
    return first_child_[i + 1] - first_child_[i];
  }
  /// The k-th child of meter `i` (declared order).
  [[nodiscard]] std::size_t child(std::size_t i, std::size_t k) const noexcept {
    return children_[first_child_[i] + k];
  }
  /// True when meter `i` has no children (tenant, common area, own use, or any other leaf).
  [[nodiscard]] bool is_leaf(std::size_t i) const noexcept { return child_count(i) == 0; }

  /// The quantity of every meter, indexed like the tree: each real meter's register difference
  /// (as the meter shows it) × its multiplier, rounded to Q's scale by `mode` (exact for an
  /// integer multiplier), then the virtual meters evaluated from their operands.
  /// `register_deltas` is given by meter id. Refuses an unknown meter (errc::not_found), a real
  /// meter without a value or with two (errc::inconsistent / errc::duplicate), and a value given
  /// for a virtual meter (errc::inconsistent).
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

  /// Evaluates the virtual meters of `q` (indexed like the tree) in place from their operands:
  /// sum, difference, or share × operand rounded by `mode`.
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
  meter_tree() = default;

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
  [[nodiscard]] static std::vector<std::size_t> virtual_order(const meter_tree& t) {
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

/// A site's two metering trees. Refuses (errc::duplicate) a meter id that appears in both the
/// electricity and the water tree, and trees of the wrong medium (errc::invalid_argument).
struct site_meter_trees {
  meter_tree electricity;
  meter_tree water;

  [[nodiscard]] static site_meter_trees make(meter_tree electricity, meter_tree water) {
    if (electricity.tree_medium() != medium::electricity || water.tree_medium() != medium::water) {
      throw error(errc::invalid_argument,
                  "site trees: the first must be electricity, the second water");
    }
    for (std::size_t i = 0; i < water.size(); ++i) {
      if (electricity.find(water.node(i).id)) {
        throw error(errc::duplicate, "a meter appears in both the electricity and the water tree",
                    {{"meter", water.node(i).id}});
      }
    }
    return site_meter_trees{std::move(electricity), std::move(water)};
  }
};

}  // namespace submeter::metering
