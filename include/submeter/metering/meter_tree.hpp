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

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/id_table.hpp"
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

namespace detail {

/// What meter_tree::make's checks need of one meter, gathered in one pass over the meters.
struct meter_facts {
  node_kind kind = node_kind::tenant;
  bool has_parent = false;
  /// The parent is the previous meter's (non-empty) parent.
  bool parent_as_previous = false;
  bool has_operands = false;
};

}  // namespace detail

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
    const std::size_t count = nodes.size();
    // One pass over the meters gathers what every check below needs: a meter is ≈ 120 bytes, so
    // at a few hundred thousand meters each pass over them is a read from memory (issue 23).
    // It stops at the first meter without an id or with a bad multiplier; the meters before it
    // are checked for repeats first, so the error of the smallest index is the one reported.
    std::vector<submeter::detail::hashed_id> hashed(count);
    std::vector<std::size_t> parent_hash(count, 0);
    std::vector<detail::meter_facts> facts(count);
    std::size_t checked = count;
    for (std::size_t i = 0; i < count; ++i) {
      const auto& n = nodes[i];
      if (n.id.empty() || n.multiplier.mantissa() <= 0) {
        checked = i;
        break;
      }
      hashed[i] = submeter::detail::hashed_id{submeter::detail::id_hash_of(n.id), i};
      auto& f = facts[i];
      f.kind = n.kind;
      f.has_parent = !n.parent.empty();
      f.has_operands = !n.operands.empty();
      f.parent_as_previous = f.has_parent && i > 0 && n.parent == nodes[i - 1].parent;
      if (f.parent_as_previous) {
        parent_hash[i] = parent_hash[i - 1];
      } else if (f.has_parent) {
        parent_hash[i] = submeter::detail::id_hash_of(n.parent);
      }
    }
    hashed.resize(checked);
    const auto id_at = [&nodes](std::size_t i) -> const std::string& { return nodes[i].id; };
    // The ids sorted by hash slot (sequential passes), repeats found among neighbours, and the
    // id index written in slot order: no random access per meter.
    const unsigned bits = submeter::detail::id_slot_bits(checked);
    const auto sorted = submeter::detail::sort_by_home_slot(std::move(hashed), bits);
    if (const auto twice = submeter::detail::first_repeated_id(sorted, bits, id_at)) {
      const auto& first = nodes[twice->first];
      const auto& n = nodes[twice->second];
      if (first.parent != n.parent) {
        throw error(errc::inconsistent, "a meter has two parents",
                    {{"meter", n.id}, {"parent", first.parent}, {"other_parent", n.parent}});
      }
      throw error(errc::duplicate, "a meter is listed twice", {{"meter", n.id}});
    }
    if (checked < count) {
      const auto& n = nodes[checked];
      if (n.id.empty()) {
        throw error(errc::invalid_argument, "a meter in the tree has no id",
                    {{"index", std::to_string(checked)}});
      }
      throw error(errc::invalid_argument, "a meter multiplier must be > 0",
                  {{"meter", n.id}, {"multiplier", n.multiplier.to_string(0)}});
    }
    id_table by_id = id_table::from_sorted(sorted, bits);

    std::vector<std::size_t> parent(count, npos);
    for (std::size_t i = 0; i < count; ++i) {
      const auto& f = facts[i];
      if (!f.has_parent) {
        if (f.kind != node_kind::grid_master) {
          throw error(errc::inconsistent, "orphan meter: only a grid master may have no parent",
                      {{"meter", nodes[i].id}, {"kind", std::string(to_string(f.kind))}});
        }
        continue;
      }
      if (f.kind == node_kind::grid_master) {
        throw error(errc::inconsistent, "a grid master meter cannot have a parent",
                    {{"meter", nodes[i].id}, {"parent", nodes[i].parent}});
      }
      // Siblings are usually listed together: the previous meter's parent is checked first.
      if (f.parent_as_previous && parent[i - 1] != npos) {
        parent[i] = parent[i - 1];
        continue;
      }
      const auto found = by_id.find_hashed(parent_hash[i], nodes[i].parent, id_at);
      if (!found) {
        throw error(errc::not_found, "unknown parent meter",
                    {{"meter", nodes[i].id}, {"parent", nodes[i].parent}});
      }
      parent[i] = *found;
    }
    check_virtual(nodes, facts, by_id);

    // Parents before children, children of one parent consecutive in declared order: the
    // breadth-first order from the roots. A list already in that order (a tree written back
    // out, as site files and the benchmark list it) is recognised in one pass over the parents
    // (roots first, then parents non-decreasing and each before its child: no cycle either) and
    // kept as it is, with no gather of the meters and no renumbering of the id index.
    std::size_t roots = 0;
    while (roots < count && parent[roots] == npos) ++roots;
    bool in_order = true;
    for (std::size_t i = roots; i < count && in_order; ++i)
      in_order = parent[i] != npos && parent[i] < i && (i == roots || parent[i] >= parent[i - 1]);
    meter_tree t;
    t.medium_ = m;
    if (in_order) {
      t.nodes_ = std::move(nodes);
      t.parent_ = std::move(parent);
    } else {
      const auto order = breadth_first_order(parent);
      if (order.size() != count) throw_parent_cycle(nodes, parent, order);
      std::vector<std::size_t> new_index(count);
      for (std::size_t k = 0; k < count; ++k) new_index[order[k]] = k;
      t.nodes_.reserve(count);
      t.parent_.assign(count, npos);
      std::vector<detail::meter_facts> facts_in_order(count);
      for (std::size_t k = 0; k < count; ++k) {
        const std::size_t old = order[k];
        t.nodes_.push_back(std::move(nodes[old]));
        facts_in_order[k] = facts[old];
        if (parent[old] != npos) t.parent_[k] = new_index[parent[old]];
      }
      facts.swap(facts_in_order);
      by_id.renumber(new_index);
    }
    t.first_child_.assign(count + 1, 0);
    for (std::size_t k = 0; k < count; ++k)
      if (t.parent_[k] != npos) ++t.first_child_[t.parent_[k] + 1];
    for (std::size_t k = 0; k < count; ++k) t.first_child_[k + 1] += t.first_child_[k];
    // BFS numbering makes the children of one parent consecutive, in declared order, and the
    // parents of the non-roots (numbered after the roots) non-decreasing: the children lists,
    // one after the other, are the non-roots in order.
    const std::size_t root_total = t.root_count();
    t.children_.resize(count - root_total);
    std::iota(t.children_.begin(), t.children_.end(), root_total);
    // The id index is the validation's table, renumbered: no second index of every id is built.
    t.index_ = std::move(by_id);
    // Operand lists (CSR); only virtual meters have operands, and a tree without any keeps
    // no lists at all.
    const bool any_operands =
        std::any_of(facts.begin(), facts.end(), [](const auto& f) { return f.has_operands; });
    if (any_operands) t.first_operand_.assign(count + 1, 0);
    for (std::size_t k = 0; any_operands && k < count; ++k) {
      t.first_operand_[k + 1] = t.first_operand_[k];
      if (!facts[k].has_operands) continue;
      for (const auto& op : t.nodes_[k].operands) t.operands_.push_back(*t.find(op));
      t.first_operand_[k + 1] = t.operands_.size();
    }
    t.virtual_order_ = virtual_order(t, facts);
    return t;
  }

  [[nodiscard]] medium tree_medium() const noexcept { return medium_; }
  /// The number of meters.
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  /// Meter `i` (0 <= i < size()), in parents-before-children order.
  [[nodiscard]] const meter_node& node(std::size_t i) const { return nodes_.at(i); }
  /// The index of meter `id`, or nullopt.
  [[nodiscard]] std::optional<std::size_t> find(const std::string& id) const {
    return index_.find(id, [this](std::size_t i) -> const std::string& { return nodes_[i].id; });
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
      const std::size_t first = first_operand_[i];
      const std::size_t end = first_operand_[i + 1];
      Q v{};
      if (n.kind == node_kind::virtual_sum) {
        for (std::size_t k = first; k < end; ++k) v += q[operands_[k]];
      } else if (n.kind == node_kind::virtual_difference) {
        v = q[operands_[first]];
        for (std::size_t k = first + 1; k < end; ++k) v -= q[operands_[k]];
      } else {
        v = multiply<Q>(q[operands_[first]], n.share, mode);
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
                            const std::vector<detail::meter_facts>& facts, const id_table& by_id) {
    const auto id_at = [&nodes](std::size_t k) -> const std::string& { return nodes[k].id; };
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (!is_virtual(facts[i].kind) && !facts[i].has_operands) continue;
      const auto& n = nodes[i];
      if (!is_virtual(n.kind)) {
        throw error(errc::invalid_argument, "only a virtual meter has operands", {{"meter", n.id}});
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
        if (!by_id.find(op, id_at)) {
          throw error(errc::not_found, "unknown operand of a virtual meter",
                      {{"meter", n.id}, {"operand", op}});
        }
      }
    }
  }

  // The breadth-first order from the roots over children lists (CSR), children in declared
  // order; a meter not reached lies on a parent cycle.
  [[nodiscard]] static std::vector<std::size_t> breadth_first_order(
      const std::vector<std::size_t>& parent) {
    const std::size_t count = parent.size();
    std::vector<std::size_t> first_child(count + 1, 0);
    for (std::size_t i = 0; i < count; ++i)
      if (parent[i] != npos) ++first_child[parent[i] + 1];
    for (std::size_t i = 0; i < count; ++i) first_child[i + 1] += first_child[i];
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
    return order;
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
  [[nodiscard]] static std::vector<std::size_t> virtual_order(
      const meter_tree& t, const std::vector<detail::meter_facts>& facts) {
    const std::size_t n = t.size();
    std::vector<char> state;  // 0 new, 1 on stack, 2 done; made at the first virtual meter
    std::vector<std::size_t> out;
    for (std::size_t s = 0; s < n; ++s) {
      if (!is_virtual(facts[s].kind)) continue;
      if (state.empty()) state.assign(n, 0);
      if (state[s] != 0) continue;
      std::vector<std::pair<std::size_t, std::size_t>> stack{{s, 0}};
      state[s] = 1;
      while (!stack.empty()) {
        auto& [v, k] = stack.back();
        const std::size_t first = t.first_operand_[v];
        if (first + k < t.first_operand_[v + 1]) {
          const std::size_t o = t.operands_[first + k++];
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
  /// Operands of meter k: operands_[first_operand_[k] .. first_operand_[k + 1]).
  std::vector<std::size_t> first_operand_;
  std::vector<std::size_t> operands_;
  std::vector<std::size_t> virtual_order_;
  /// id -> index, over nodes_'s ids.
  id_table index_;
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
