#pragma once
/// \file
/// allocation::allocate_losses: line loss at every node of a metering tree, shared down the tree.
///
/// LL-1: the loss at a node is its quantity minus the sum of its children (common-area meters
/// included). LL-4 (design rule): each node splits (its own loss + the share passed down to it)
/// among its children in proportion to the children's quantities, by largest remainder to the
/// unit (0.01 kWh), so a transformer's loss reaches only the meters below it (TXL-3) and a loss
/// above two transformers is shared by both subtrees. LL-2: a loss above the cap (Xianning 7 %,
/// SUP-3) is a warning; "warn" allocates it all, "clip" allocates cap × quantity and the rest
/// stays with the landlord. LL-3: a negative loss (a meter fault, reverse wiring) is a warning and
/// nothing of it is allocated. Warnings ride on the result; nothing is clipped silently.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/metering/meter_tree.hpp"

namespace submeter::allocation {

/// A percentage to 4 places (7.0000 means 7 %).
using percent = decimal<dimension::ratio, 4>;

/// What to do with a loss above its cap (LL-2).
enum class cap_mode {
  warn,  ///< allocate the whole loss and warn (default)
  clip,  ///< allocate cap × quantity (floored to the unit), the rest stays with the landlord
};

/// A loss cap as a fraction of the node's quantity (SUP-3 Xianning: 0.07 of the master).
struct loss_cap {
  ratio fraction;
  cap_mode mode = cap_mode::warn;
};

/// Options of a loss allocation over a tree of quantities Q (energy or volume).
template <class Q>
struct loss_options {
  /// The unit shares are rounded to (0.01 kWh by NUM-2).
  Q unit = Q::parse("0.01");
  /// The cap checked at every node with children; none by default.
  std::optional<loss_cap> cap;
  /// How a node's exact loss is rounded to the unit before it is shared (the residue stays with
  /// the landlord and is reported in `retained`).
  rounding loss_rounding = rounding::half_up;
  /// Losses computed rather than metered, added at a node on top of its reading: 高供低计, where
  /// the grid bills the LV master reading plus the transformer loss by DL/T 686 (TXL-1,
  /// transformer_loss.hpp). The node's loss is then (quantity + added) − children, and, like any
  /// loss, it is shared only below that node (TXL-3). By meter id; empty by default.
  std::vector<std::pair<std::string, Q>> added_losses;
};

/// The loss picture of one meter (records are indexed like the tree: the meter's id is
/// `tree.node(i).id`, not copied, to keep a 100,000-meter pass in cache).
template <class Q>
struct node_loss {
  /// The meter's quantity.
  Q quantity;
  /// Σ of its children's quantities (zero for a leaf).
  Q children;
  /// A computed loss added at this node (loss_options::added_losses), else zero.
  Q added;
  /// quantity + added − children, exact (zero for a leaf): positive is a loss, negative a fault.
  Q loss;
  /// loss ÷ (quantity + added) × 100, half-up to 4 places (zero when that is zero).
  percent loss_pct;
  /// The part of this node's own loss shared among its children.
  Q shared;
  /// The part of this node's own loss kept by the landlord: above a clipped cap, and the rounding
  /// residue; a negative loss is not retained (it is not a cost).
  Q retained;
  /// The share of the losses above that this meter received from its parent.
  Q received;
};

/// The result of allocate_losses: one record per meter (indexed like the tree), the warnings,
/// and the totals.
template <class Q>
struct loss_allocation {
  std::vector<node_loss<Q>> nodes;
  std::vector<warning> warnings;
  /// Σ of the positive node losses.
  Q total_loss;
  /// Σ received by the leaves (= Σ shared over all nodes).
  Q total_allocated;
  /// Σ retained.
  Q total_retained;

  /// The loss a leaf meter bears (its `received`); refuses an unknown id (errc::not_found).
  [[nodiscard]] Q allocated_to(const metering::meter_tree& tree, const std::string& id) const {
    return nodes[tree.index_of(id)].received;
  }
};

namespace detail {

template <class Q>
[[nodiscard]] percent loss_percent(Q loss, Q quantity) {
  if (quantity.is_zero()) return percent{};
  const submeter::detail::int128 num =
      submeter::detail::int128(loss.mantissa()) * 100 * percent::one;
  return percent::from_mantissa(submeter::detail::narrow(
      submeter::detail::divide_rounded(num, submeter::detail::int128(quantity.mantissa()),
                                       rounding::half_up),
      "loss percent"));
}

}  // namespace detail

/// Computes and allocates line losses over `tree` (rules.md LL-1..LL-4, TXL-2, TXL-3).
/// `quantities` holds every meter's quantity, indexed like the tree (meter_tree::quantities).
/// Linear in the number of meters. Business findings are warnings on the result:
/// "loss_cap_exceeded" (LL-2), "negative_loss" (LL-3), "negative_child_quantity" and
/// "no_quantity_below" (a node whose loss cannot be shared by readings: kept by the landlord).
/// Refuses (errc::invalid_argument) quantities of the wrong length, a unit <= 0, a negative
/// added loss or one at a leaf; an added loss for an unknown meter (errc::not_found), or twice
/// (errc::duplicate).
template <class Q>
[[nodiscard]] loss_allocation<Q> allocate_losses(const metering::meter_tree& tree,
                                                 const std::vector<Q>& quantities,
                                                 const loss_options<Q>& options = {}) {
  const std::size_t n = tree.size();
  if (quantities.size() != n) {
    throw error(errc::invalid_argument, "one quantity per meter of the tree is needed",
                {{"meters", std::to_string(n)}, {"quantities", std::to_string(quantities.size())}});
  }
  if (options.unit.mantissa() <= 0) {
    throw error(errc::invalid_argument, "the allocation unit must be positive",
                {{"unit", options.unit.to_string()}});
  }
  loss_allocation<Q> out;
  out.nodes.resize(n);
  for (const auto& [id, added] : options.added_losses) {
    const std::size_t at = tree.index_of(id);
    auto& rec = out.nodes[at];
    if (tree.is_leaf(at)) {
      throw error(errc::invalid_argument, "an added loss needs meters below to share it",
                  {{"meter", id}});
    }
    if (added.is_negative()) {
      throw error(errc::invalid_argument, "an added loss must not be negative",
                  {{"meter", id}, {"loss", added.to_string()}});
    }
    if (!rec.added.is_zero())
      throw error(errc::duplicate, "an added loss is given twice", {{"meter", id}});
    rec.added = added;
  }
  std::vector<Q> weights;
  for (std::size_t i = 0; i < n; ++i) {  // parents before children
    auto& rec = out.nodes[i];
    const auto& meter = tree.node(i);
    rec.quantity = quantities[i];
    const std::size_t kids = tree.child_count(i);
    if (kids == 0) continue;
    bool negative_child = false;
    for (std::size_t k = 0; k < kids; ++k) {
      const Q c = quantities[tree.child(i, k)];
      rec.children += c;
      negative_child = negative_child || c.is_negative();
    }
    const Q billed = rec.quantity + rec.added;
    rec.loss = billed - rec.children;
    rec.loss_pct = detail::loss_percent(rec.loss, billed);

    Q own{};  // what of this node's own loss is shared
    if (rec.loss.is_negative()) {
      out.warnings.push_back({"negative_loss",
                              "the children of " + meter.id +
                                  " read more than it does: a meter fault or reverse "
                                  "wiring (LL-3); nothing is allocated",
                              {{"meter", meter.id},
                               {"loss", rec.loss.to_string(2)},
                               {"loss_pct", rec.loss_pct.to_string(4)}}});
    } else if (!rec.loss.is_zero()) {
      out.total_loss += rec.loss;
      Q allowed = rec.loss;
      if (options.cap) {
        using submeter::detail::int128;
        const int128 lhs = int128(rec.loss.mantissa()) * ratio::one;
        const int128 rhs = int128(options.cap->fraction.mantissa()) * billed.mantissa();
        if (lhs > rhs) {
          const bool clip = options.cap->mode == cap_mode::clip;
          if (clip) allowed = multiply<Q>(billed, options.cap->fraction, rounding::floor);
          out.warnings.push_back(
              {"loss_cap_exceeded",
               "the loss at " + meter.id + " is above its cap (LL-2)" +
                   (clip ? "; only the capped part is allocated" : "; all of it is allocated"),
               {{"meter", meter.id},
                {"loss", rec.loss.to_string(2)},
                {"loss_pct", rec.loss_pct.to_string(4)},
                {"cap_pct",
                 percent::from_mantissa(
                     submeter::detail::narrow(
                         submeter::detail::int128(options.cap->fraction.mantissa()) / 1000, "cap"))
                     .to_string(4)},
                {"mode", clip ? "clip" : "warn"}}});
        }
      }
      const std::int64_t u = options.unit.mantissa();
      own = Q::from_mantissa(submeter::detail::divide_rounded<std::int64_t>(allowed.mantissa(), u,
                                                                            options.loss_rounding) *
                             u);
      if (own > rec.loss) own = Q::from_mantissa((rec.loss.mantissa() / u) * u);
      rec.retained = rec.loss - own;
    }
    Q pool = own + rec.received;
    if (pool.is_zero()) continue;
    if (negative_child || rec.children.is_zero()) {
      out.warnings.push_back({negative_child ? "negative_child_quantity" : "no_quantity_below",
                              "the loss at " + meter.id +
                                  " cannot be shared by its children's readings; the "
                                  "landlord keeps it",
                              {{"meter", meter.id}, {"kept", pool.to_string(2)}}});
      rec.retained += pool;
      continue;
    }
    rec.shared = own;
    weights.clear();
    for (std::size_t k = 0; k < kids; ++k) weights.push_back(quantities[tree.child(i, k)]);
    const auto parts = split(pool, weights, options.unit);
    for (std::size_t k = 0; k < kids; ++k) out.nodes[tree.child(i, k)].received = parts[k];
  }
  for (std::size_t i = 0; i < n; ++i) {
    out.total_retained += out.nodes[i].retained;
    if (tree.is_leaf(i)) out.total_allocated += out.nodes[i].received;
  }
  return out;
}

}  // namespace submeter::allocation
