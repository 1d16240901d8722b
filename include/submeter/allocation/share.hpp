#pragma once
/// \file
/// allocation::share: one way to share an amount (energy, water or money) among tenants.
///
/// rules.md CA-1..CA-4: by consumption, water, floor area, equally, headcount, custom ratio,
/// demand (a tenant's own or coincident peak kW, TP-10), a fixed amount each, and weighted
/// mixtures (50 % area + 50 % headcount). A mixture forms each tenant's weight exactly first
/// (Σ fraction_k · weight_ik / Σ_i weight_ik, brought to one denominator) and makes one
/// largest-remainder pass (core/split.hpp, ALLOC-LR), so the parts add up to the total exactly.
/// Vacancy (CA-2): a vacant unit pays in full, a share, or nothing. Move-in / move-out (CA-3):
/// a tenant's weight is prorated by days occupied. Energy and money use the same code.
///
/// What is refused, per method (errc::invalid_argument unless said): a negative consumption,
/// water, area, headcount, demand, weight, custom ratio or fixed amount (naming the tenant); a
/// total weight of zero when the total is not zero; occupancy days outside 0..days_in_period;
/// custom ratios that do not add up to exactly 1 (errc::inconsistent: refused, not normalised,
/// since a contract states them); mixture fractions that do not add up to exactly 1
/// (errc::inconsistent). Consumption, water, area, headcount, demand and given weights are
/// normalised: only their ratios matter.

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/id_table.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/warning.hpp"

namespace submeter::allocation {

/// What a share is proportional to (CA-1, CA-2, CA-4).
enum class basis {
  consumption,   ///< the tenant's metered kWh (`sharer::consumption`)
  water,         ///< the tenant's metered m³ (`sharer::water`), e.g. pump electricity
  area,          ///< floor area (`sharer::floor_area`)
  equal,         ///< one share per tenant
  headcount,     ///< occupants (`sharer::headcount`)
  custom_ratio,  ///< a contractual fraction each (`sharer::custom_ratio`), adding up to 1
  demand,        ///< peak kW, own or coincident (`sharer::demand`), e.g. from metering/demand
  weight,        ///< any given weight (`sharer::weight`), e.g. RUBS bedrooms + 0.5 × bathrooms
};

[[nodiscard]] constexpr std::string_view to_string(basis b) noexcept {
  switch (b) {
    case basis::consumption:
      return "consumption";
    case basis::water:
      return "water";
    case basis::area:
      return "area";
    case basis::equal:
      return "equal";
    case basis::headcount:
      return "headcount";
    case basis::custom_ratio:
      return "custom_ratio";
    case basis::demand:
      return "demand";
    case basis::weight:
      return "weight";
  }
  return "unknown";
}

/// What a vacant unit pays (CA-2).
enum class vacancy_policy {
  pays_full,     ///< its weight counts in full (the landlord pays for it)
  pays_share,    ///< its weight × share_method::vacant_share
  pays_nothing,  ///< weight zero: the occupied units carry it
};

/// Days a tenant occupied the period (CA-3: move-in / move-out prorated by days).
struct occupancy {
  std::int64_t days_occupied = 0;
  std::int64_t days_in_period = 0;
};

/// One tenant (or unit) taking part in a share. Fill the fields the method uses.
struct sharer {
  std::string id;
  energy consumption{};
  volume water{};
  area floor_area{};
  std::int64_t headcount = 0;
  ratio custom_ratio{};
  power demand{};
  /// A given weight (basis::weight); only the ratios between sharers matter.
  ratio weight{};
  /// basis-free fixed amount (share_fixed).
  money fixed_amount{};
  bool vacant = false;
  /// Set for a move-in or move-out within the period.
  std::optional<occupancy> occupied;
};

/// One part of a (possibly mixed) method: a basis and its fraction of the total.
struct share_component {
  basis by = basis::equal;
  ratio fraction = ratio::from_integer(1);
};

/// A validated sharing method: one basis or a weighted mixture, plus the vacancy policy.
class share_method {
 public:
  /// Builds a method. Refuses no components, a fraction <= 0 or a basis given twice
  /// (errc::invalid_argument), fractions not adding up to exactly 1 (errc::inconsistent), and a
  /// vacant share outside [0, 1] (errc::invalid_argument).
  [[nodiscard]] static share_method make(std::vector<share_component> components,
                                         vacancy_policy vacancy = vacancy_policy::pays_full,
                                         ratio vacant_share = ratio{}) {
    if (components.empty()) throw error(errc::invalid_argument, "a share method needs a basis");
    ratio sum{};
    for (std::size_t i = 0; i < components.size(); ++i) {
      if (components[i].fraction.mantissa() <= 0) {
        throw error(errc::invalid_argument, "a share fraction must be > 0",
                    {{"basis", std::string(to_string(components[i].by))},
                     {"fraction", components[i].fraction.to_string()}});
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (components[j].by == components[i].by) {
          throw error(errc::invalid_argument, "a basis is given twice in a mixture",
                      {{"basis", std::string(to_string(components[i].by))}});
        }
      }
      sum += components[i].fraction;
    }
    if (sum != ratio::from_integer(1)) {
      throw error(errc::inconsistent, "mixture fractions must add up to exactly 1",
                  {{"sum", sum.to_string(0)}});
    }
    if (vacant_share.is_negative() || vacant_share > ratio::from_integer(1)) {
      throw error(errc::invalid_argument, "a vacant unit's share must be within [0, 1]",
                  {{"vacant_share", vacant_share.to_string()}});
    }
    share_method m;
    m.components_ = std::move(components);
    m.vacancy_ = vacancy;
    m.vacant_share_ = vacant_share;
    return m;
  }
  /// One basis, vacant units paying in full.
  [[nodiscard]] static share_method by(basis b) { return make({{b, ratio::from_integer(1)}}); }

  [[nodiscard]] const std::vector<share_component>& components() const noexcept {
    return components_;
  }
  [[nodiscard]] vacancy_policy vacancy() const noexcept { return vacancy_; }
  [[nodiscard]] ratio vacant_share() const noexcept { return vacant_share_; }
  /// "area", "50% area + 50% headcount".
  [[nodiscard]] std::string describe() const {
    if (components_.size() == 1) return std::string(to_string(components_[0].by));
    std::string s;
    for (const auto& c : components_) {
      if (!s.empty()) s += " + ";
      const auto pct = multiply<ratio>(c.fraction, ratio::from_integer(100), rounding::half_up);
      s += pct.to_string(0) + "% " + std::string(to_string(c.by));
    }
    return s;
  }

 private:
  share_method() = default;
  std::vector<share_component> components_;
  vacancy_policy vacancy_ = vacancy_policy::pays_full;
  ratio vacant_share_{};
};

/// The parts of a share, in the sharers' order.
template <class Q>
struct share_result {
  std::vector<std::string> ids;
  std::vector<Q> parts;
  /// The amount shared (Σ parts).
  Q total;
  /// share_fixed only: the amount the fixed parts leave uncovered (negative: over-recovered).
  Q unrecovered;
  std::vector<warning> warnings;

  /// The part of sharer `id`; refuses an unknown id (errc::not_found).
  [[nodiscard]] Q part_of(const std::string& id) const {
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (ids[i] == id) return parts[i];
    throw error(errc::not_found, "no such sharer", {{"sharer", id}});
  }
};

namespace detail {

using submeter::detail::int256;

/// True when no weight of `s` is negative and its days occupied are within the period.
[[nodiscard]] inline bool sharer_weights_valid(const sharer& s) noexcept {
  return !s.consumption.is_negative() && !s.water.is_negative() && !s.floor_area.is_negative() &&
         s.headcount >= 0 && !s.custom_ratio.is_negative() && !s.demand.is_negative() &&
         !s.weight.is_negative() && !s.fixed_amount.is_negative() &&
         !(s.occupied && (s.occupied->days_in_period <= 0 || s.occupied->days_occupied < 0 ||
                          s.occupied->days_occupied > s.occupied->days_in_period));
}

/// Throws the error of the first field of `s` that sharer_weights_valid refuses.
inline void throw_sharer_weight_error(const sharer& s) {
  const auto bad = [&s](const char* field, std::string value) {
    throw error(errc::invalid_argument, "a sharer's weight must not be negative",
                {{"sharer", s.id}, {"field", field}, {"value", std::move(value)}});
  };
  if (s.consumption.is_negative()) bad("consumption", s.consumption.to_string());
  if (s.water.is_negative()) bad("water", s.water.to_string());
  if (s.floor_area.is_negative()) bad("floor_area", s.floor_area.to_string());
  if (s.headcount < 0) bad("headcount", std::to_string(s.headcount));
  if (s.custom_ratio.is_negative()) bad("custom_ratio", s.custom_ratio.to_string());
  if (s.demand.is_negative()) bad("demand", s.demand.to_string());
  if (s.weight.is_negative()) bad("weight", s.weight.to_string());
  if (s.fixed_amount.is_negative()) bad("fixed_amount", s.fixed_amount.to_string());
  if (s.occupied && (s.occupied->days_in_period <= 0 || s.occupied->days_occupied < 0 ||
                     s.occupied->days_occupied > s.occupied->days_in_period)) {
    throw error(errc::invalid_argument, "days occupied must be within 0..days in the period",
                {{"sharer", s.id},
                 {"days_occupied", std::to_string(s.occupied->days_occupied)},
                 {"days_in_period", std::to_string(s.occupied->days_in_period)}});
  }
}

/// Refuses no sharers, an id listed twice (naming the first sharer whose id was listed before
/// it), then the first sharer with a negative weight or bad days occupied.
inline void check_sharers(const std::vector<sharer>& sharers) {
  if (sharers.empty()) throw error(errc::invalid_argument, "a share needs at least one sharer");
  // One pass over the sharers (≈ 128 bytes each: at a few hundred thousand sharers every pass
  // is a read from memory) takes each id's hash and finds the first bad weight. Repeated ids
  // are found by sorting the hashes by slot (sequential radix passes) and comparing
  // neighbours: a probe of a hash table per sharer was a random access into a table larger
  // than the cache (issue 23).
  const std::size_t n = sharers.size();
  std::vector<submeter::detail::hashed_id> hashed(n);
  std::size_t first_bad = n;
  for (std::size_t i = 0; i < n; ++i) {
    hashed[i] = submeter::detail::hashed_id{submeter::detail::id_hash_of(sharers[i].id), i};
    if (first_bad == n && !sharer_weights_valid(sharers[i])) first_bad = i;
  }
  const unsigned bits = submeter::detail::id_slot_bits(n);
  const auto sorted = submeter::detail::sort_by_home_slot(std::move(hashed), bits);
  if (const auto twice = submeter::detail::first_repeated_id(
          sorted, bits,
          [&sharers](std::size_t i) -> const std::string& { return sharers[i].id; })) {
    throw error(errc::duplicate, "a sharer is listed twice",
                {{"sharer", sharers[twice->second].id}});
  }
  if (first_bad < n) throw_sharer_weight_error(sharers[first_bad]);
}

[[nodiscard]] inline std::int64_t raw_weight(const sharer& s, basis b) noexcept {
  switch (b) {
    case basis::consumption:
      return s.consumption.mantissa();
    case basis::water:
      return s.water.mantissa();
    case basis::area:
      return s.floor_area.mantissa();
    case basis::equal:
      return 1;
    case basis::headcount:
      return s.headcount;
    case basis::custom_ratio:
      return s.custom_ratio.mantissa();
    case basis::demand:
      return s.demand.mantissa();
    case basis::weight:
      return s.weight.mantissa();
  }
  return 0;
}

/// Every sharer's exact weight under `method` (occupancy and vacancy applied, a mixture brought
/// to one denominator). Refuses a basis whose weights are all zero while it has a fraction.
[[nodiscard]] inline std::vector<int256> share_weights(const std::vector<sharer>& sharers,
                                                       const share_method& method) {
  const std::size_t n = sharers.size();
  // Adjustment a_i = days_occupied/days_in_period × vacancy factor, on one denominator.
  std::int64_t period_lcm = 1;
  for (const auto& s : sharers)
    if (s.occupied) period_lcm = std::lcm(period_lcm, s.occupied->days_in_period);
  std::vector<int256> adjust(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = sharers[i];
    int256 a = s.occupied
                   ? int256(s.occupied->days_occupied) * (period_lcm / s.occupied->days_in_period)
                   : int256(period_lcm);
    if (s.vacant && method.vacancy() == vacancy_policy::pays_nothing) a = 0;
    a *= (s.vacant && method.vacancy() == vacancy_policy::pays_share)
             ? method.vacant_share().mantissa()
             : ratio::one;
    adjust[i] = a;
  }
  const auto& comps = method.components();
  std::vector<std::vector<int256>> w(comps.size(), std::vector<int256>(n));
  std::vector<int256> sums(comps.size(), 0);
  for (std::size_t k = 0; k < comps.size(); ++k) {
    if (comps[k].by == basis::custom_ratio) {
      ratio total{};
      for (const auto& s : sharers) total += s.custom_ratio;
      if (total != ratio::from_integer(1)) {
        throw error(errc::inconsistent, "custom ratios must add up to exactly 1",
                    {{"sum", total.to_string(0)}});
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      w[k][i] = int256(raw_weight(sharers[i], comps[k].by)) * adjust[i];
      sums[k] += w[k][i];
    }
    if (sums[k] == 0) {
      throw error(errc::invalid_argument, "the total weight of a basis is zero",
                  {{"basis", std::string(to_string(comps[k].by))}});
    }
  }
  if (comps.size() == 1) return std::move(w[0]);
  // combined_i = Σ_k f_k · w_ik · Π_{j≠k} S_j
  std::vector<int256> combined(n, 0);
  for (std::size_t k = 0; k < comps.size(); ++k) {
    int256 others = comps[k].fraction.mantissa();
    for (std::size_t j = 0; j < comps.size(); ++j)
      if (j != k) others *= sums[j];
    for (std::size_t i = 0; i < n; ++i) combined[i] += w[k][i] * others;
  }
  return combined;
}

}  // namespace detail

/// Shares `total` (energy, volume or money) among `sharers` by `method`, largest remainder to
/// `unit` (0.01 kWh, the fen): the parts add up to `total` exactly (ALLOC-LR); a negative total
/// (a credit) is split by magnitude. Refuses as the file comment says, and a total that is not
/// a whole number of units (core/split.hpp).
template <class Q>
[[nodiscard]] share_result<Q> share(Q total, const std::vector<sharer>& sharers,
                                    const share_method& method, Q unit) {
  detail::check_sharers(sharers);
  share_result<Q> out;
  out.total = total;
  const std::size_t n = sharers.size();
  const bool plain =
      method.components().size() == 1 && method.components()[0].by != basis::custom_ratio;
  // One pass over the sharers: ids, whether any is adjusted, and the plain weights.
  out.ids.reserve(n);
  bool adjusted = false;
  std::vector<std::int64_t> w(plain ? n : 0);
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = sharers[i];
    out.ids.push_back(s.id);
    adjusted = adjusted || s.occupied || s.vacant;
    if (plain) {
      w[i] = detail::raw_weight(s, method.components()[0].by);
      sum |= w[i];
    }
  }
  if (plain && !adjusted) {
    // Fast path (the common case, and the benchmark): 64-bit weights, 128-bit split.
    if (sum == 0 && !total.is_zero()) {
      throw error(errc::invalid_argument, "the total weight of a basis is zero",
                  {{"basis", std::string(to_string(method.components()[0].by))}});
    }
    out.parts = split(total, w, unit);
    return out;
  }
  out.parts = split(total, detail::share_weights(sharers, method), unit);
  return out;
}

/// The fixed-amount method (CA-1): each sharer pays its `fixed_amount` (prorated by days occupied,
/// half-up to the fen; nothing for a vacant unit under pays_nothing); `unrecovered` is the amount
/// minus Σ parts, reported and never spread (vector ca-fixed: 230 vs 4 × 50 → 30 unrecovered).
[[nodiscard]] inline share_result<money> share_fixed(
    money amount, const std::vector<sharer>& sharers,
    vacancy_policy vacancy = vacancy_policy::pays_full) {
  detail::check_sharers(sharers);
  share_result<money> out;
  money sum{};
  for (const auto& s : sharers) {
    money part = s.fixed_amount;
    if (s.occupied) {
      part = round(
          scale_by(part, s.occupied->days_occupied, s.occupied->days_in_period, rounding::half_up),
          2, rounding::half_up);
    }
    if (s.vacant && vacancy == vacancy_policy::pays_nothing) part = money{};
    out.ids.push_back(s.id);
    out.parts.push_back(part);
    sum += part;
  }
  out.total = sum;
  out.unrecovered = amount - sum;
  if (!out.unrecovered.is_zero()) {
    out.warnings.push_back({out.unrecovered.is_negative() ? "fixed_amounts_over_recover"
                                                          : "fixed_amounts_under_recover",
                            "the fixed amounts do not add up to the amount shared; the difference "
                            "stays with the landlord (CA-1)",
                            {{"amount", amount.to_string(2)},
                             {"charged", sum.to_string(2)},
                             {"unrecovered", out.unrecovered.to_string(2)}}});
  }
  return out;
}

/// Shares a money amount among tenants and returns one bill line each (component e.g.
/// common_area, loss, capacity, demand, power_factor; payer = the sharer's id, no meter).
/// The amount is first rounded to `rule.places` by `rule.mode` (a site charge is billed to the
/// fen), then split by largest remainder to that unit, so the lines add up to it exactly.
/// This is the entry point for the two-part tariff: a master meter's capacity or demand charge,
/// or its power-factor adjustment, passed to tenants by consumption, area, equally, or by given
/// per-tenant peak kW (basis::demand) (rules.md CA-4, TP-10).
[[nodiscard]] inline std::vector<bill::line> share_lines(bill::component what, money amount,
                                                         const std::vector<sharer>& sharers,
                                                         const share_method& method,
                                                         const bill::rounding_rule& rule) {
  const money rounded = round(amount, rule.places, rule.mode);
  const money unit = money::from_mantissa(submeter::detail::pow10(money::scale - rule.places));
  const auto result = share(rounded, sharers, method, unit);
  std::vector<bill::line> lines;
  lines.reserve(sharers.size());
  const std::string text = "share of " + bill::group_thousands(rounded.to_string(2)) + " " +
                           std::string(bill::to_string(what)) + " by " + method.describe();
  for (std::size_t i = 0; i < sharers.size(); ++i) {
    auto l = bill::amount_line(what, {}, rescale<bill::exact_money>(result.parts[i]), text, rule);
    l.payer = sharers[i].id;
    l.quantity = bill::line_quantity::from_mantissa(result.parts[i].mantissa());
    l.unit = "yuan";
    lines.push_back(std::move(l));
  }
  return lines;
}

namespace detail {
/// Text of a share weight for explanations.
template <class W>
[[nodiscard]] std::string weight_text(const W& w) {
  if constexpr (is_decimal_v<W>) {
    return w.to_string(0);
  } else {
    return std::to_string(w);
  }
}
}  // namespace detail

/// TP-10: passes each site line (e.g. capacity/demand and power_factor of the master meter) to
/// tenants by `weights` (kWh, m², 1 each, or peak kW: own or coincident, see
/// metering::peaks_for_sharing), with the core largest-remainder `split` (ALLOC-LR) to the line's
/// rounding unit, so the tenants' parts add up to each site line exactly. Returns, per site line,
/// one line per tenant (payer = tenant id, no meter, same component, quantity = the tenant's
/// weight); `basis` names the weights in the explanation ("kWh", "area", "equal", "peak kW").
/// Refuses (errc::invalid_argument) tenants and weights of different lengths, and what `split`
/// refuses (negative weights, all zero).
template <class W>
[[nodiscard]] std::vector<bill::line> share_site_lines(const std::vector<bill::line>& site_lines,
                                                       const std::vector<std::string>& tenants,
                                                       const std::vector<W>& weights,
                                                       const std::string& basis) {
  if (tenants.size() != weights.size() || tenants.empty()) {
    throw error(
        errc::invalid_argument, "one weight per tenant is needed",
        {{"tenants", std::to_string(tenants.size())}, {"weights", std::to_string(weights.size())}});
  }
  W total{};
  for (const auto& w : weights) total += w;
  std::vector<bill::line> out;
  for (const auto& s : site_lines) {
    const int places = s.rule.scope == bill::rounding_scope::per_line ? s.rule.places : 4;
    const auto unit = bill::exact_money::from_mantissa(
        submeter::detail::pow10(bill::exact_money::scale - places));
    const auto amount = round(s.amount, places, s.rule.mode);
    const auto parts = split(amount, weights, unit);
    for (std::size_t i = 0; i < tenants.size(); ++i) {
      bill::line l;
      l.component = s.component;
      l.payer = tenants[i];
      l.rate_register = s.rate_register;
      l.register_name = s.register_name;
      l.tier = s.tier;
      l.version = s.version;
      l.window = s.window;
      l.quantity = bill::line_quantity::parse(detail::weight_text(weights[i]), rounding::half_up);
      l.unit = basis;
      l.price_unit = "share";
      l.unrounded = parts[i];
      l.amount = parts[i];
      l.rule = s.rule;
      l.explanation = "share of site " + std::string(bill::to_string(s.component)) + " " +
                      bill::group_thousands(amount.to_string(places)) + " (meter " + s.meter_id +
                      ") by " + basis + ": " + detail::weight_text(weights[i]) + " of " +
                      detail::weight_text(total) +
                      " (largest remainder) = " + bill::group_thousands(parts[i].to_string(places));
      out.push_back(std::move(l));
    }
  }
  return out;
}

}  // namespace submeter::allocation
