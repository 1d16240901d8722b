#pragma once
/// \file
/// Tiers (阶梯): tiered tariffs for electricity and water, and the four ways a ladder meets
/// time-of-use prices (tariffs.md §1.4; rules.md TIER-1..TIER-4).
///
/// The ladder and how use fills it are tier_ladder.hpp's; when the counter restarts is
/// tier_reset.hpp's (both included here). A counter accumulates use since the tier reset (a
/// year, a month, the billing window); its value at the start of a window is an input the caller
/// carries, and the value after is part of the result: there is no hidden state.
///
/// TOU × tier is an explicit choice with no default (`tier_shape`):
/// - `pooled`: one counter; use enters the tiers in time order; price(register, tier).
/// - `pro_rata`: one counter; each tier's quantity is shared among the registers in proportion to
///   their use in the window (largest remainder to 0.0001, so nothing is lost or doubled).
/// - `per_period`: an independent ladder and counter per register.
/// - `adder` ("先峰谷、后阶梯", TIER-2): every unit at its register's price, plus one adder line
///   per tier on the total use falling in that tier.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/time.hpp"
#include "submeter/core/warning.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/tariff/tier_ladder.hpp"
#include "submeter/tariff/tier_reset.hpp"

namespace submeter::tariff {

/// TOU × tier (tariffs.md §1.4); see the file comment.
enum class tier_shape { pooled, pro_rata, per_period, adder };

/// "pooled", "pro_rata", "per_period", "adder".
[[nodiscard]] constexpr std::string_view to_string(tier_shape s) noexcept {
  switch (s) {
    case tier_shape::pooled:
      return "pooled";
    case tier_shape::pro_rata:
      return "pro_rata";
    case tier_shape::per_period:
      return "per_period";
    case tier_shape::adder:
      return "adder";
  }
  return "?";
}

/// The prices of one register: per tier (pooled, pro_rata, per_period), or one price (adder). A
/// per-period register carries its own ladder.
template <class Q>
struct register_tier_prices {
  /// 0 for the total register (a tariff without TOU), 1..8 for a rate register.
  int rate_register = 0;
  std::vector<unit_price<Q>> prices;
  /// per_period only: this register's ladder.
  std::optional<tier_ladder<Q>> ladder;
};

/// Tier counters carried between windows: one pooled counter and one per register (per_period).
template <class Q>
struct tier_counter {
  Q pooled;
  std::array<Q, metering::max_rate_registers + 1> per_register{};  ///< [0] total, [1..8]

  friend bool operator==(const tier_counter& a, const tier_counter& b) noexcept {
    return a.pooled == b.pooled && a.per_register == b.per_register;
  }
};

/// Use of one register in a window, in time order for `pooled`.
template <class Q>
struct register_use {
  int rate_register = 0;
  Q quantity;
};

/// What rating through a tiered tariff gives: the lines, the counter after the window, and the
/// window's use per tier on the pooled counter (or the sum of the registers' tiers, per_period).
template <class Q>
struct tiered_rating {
  std::vector<bill::line> lines;
  tier_counter<Q> after;
  std::vector<Q> per_tier;
  /// Findings that do not block: a reading split across days (`rate_by_day`).
  std::vector<warning> warnings;
};

/// A reading of one register over a local interval, for ladders whose counter restarts each day.
template <class Q>
struct timed_use {
  int rate_register = 0;
  local_interval interval;
  Q quantity;
};

/// The part of a reading that fell in one local day.
template <class Q>
struct day_use {
  date::local_days day;
  local_interval interval;  ///< the reading's part inside the day
  Q quantity;
};

/// Splits a reading at each local midnight it spans, pro rata by elapsed seconds (tariff-core's
/// "long read" rule), by largest remainder to Q's last place so the parts add up to the reading
/// exactly (ALLOC-LR). A reading inside one day comes back whole. Refuses (errc::invalid_argument)
/// a negative quantity.
template <class Q>
[[nodiscard]] std::vector<day_use<Q>> split_by_day(const local_interval& reading, Q quantity) {
  if (quantity.is_negative()) {
    throw error(errc::invalid_argument, "a negative reading cannot be split into days",
                {{"quantity", quantity.to_string()}});
  }
  std::vector<day_use<Q>> out;
  std::vector<std::int64_t> seconds;
  auto day = date::floor<date::days>(reading.begin());
  while (local_time{day} < reading.end()) {
    const auto next = day + date::days{1};
    const auto from = std::max(reading.begin(), local_time{day});
    const auto to = std::min(reading.end(), local_time{next});
    if (from < to) {
      out.push_back({day, local_interval::make(from, to), Q{}});
      seconds.push_back(static_cast<std::int64_t>((to - from).count()));
    }
    day = next;
  }
  const auto parts = split(quantity, seconds, Q::from_mantissa(1));
  for (std::size_t i = 0; i < out.size(); ++i) out[i].quantity = parts[i];
  return out;
}

/// A validated tiered tariff for electricity (Q = energy) or water (Q = volume).
template <class Q>
class tiered_tariff {
 public:
  /// A plain ladder on one register (the total): tier k at prices[k] (TIER-3, TIER-4). Refuses
  /// (errc::inconsistent) a price count that is not the ladder's tier count, and (errc::
  /// invalid_argument) an empty id or a negative price.
  [[nodiscard]] static tiered_tariff ladder(std::string id, tier_ladder<Q> ladder,
                                            std::vector<unit_price<Q>> prices) {
    return make(std::move(id), tier_shape::pooled, std::move(ladder),
                {{0, std::move(prices), std::nullopt}}, {});
  }

  /// 先峰谷、后阶梯 (TIER-2): each register at its one price, plus `adders[k]` on the use in
  /// tier k of the shared ladder. Refuses an adder count that is not the tier count, a register
  /// without exactly one price, a register given twice or outside 0..8.
  [[nodiscard]] static tiered_tariff adder(std::string id, tier_ladder<Q> ladder,
                                           std::vector<register_tier_prices<Q>> registers,
                                           std::vector<unit_price<Q>> adders) {
    return make(std::move(id), tier_shape::adder, std::move(ladder), std::move(registers),
                std::move(adders));
  }

  /// `pooled` or `pro_rata`: one shared ladder, a price per register and tier.
  [[nodiscard]] static tiered_tariff shared(std::string id, tier_shape shape, tier_ladder<Q> ladder,
                                            std::vector<register_tier_prices<Q>> registers) {
    if (shape != tier_shape::pooled && shape != tier_shape::pro_rata) {
      throw error(errc::invalid_argument, "a shared ladder is pooled or pro_rata",
                  {{"tariff", id}, {"shape", std::string(to_string(shape))}});
    }
    return make(std::move(id), shape, std::move(ladder), std::move(registers), {});
  }

  /// `per_period`: each register with its own ladder (bounds and tier count may differ).
  [[nodiscard]] static tiered_tariff per_period(std::string id,
                                                std::vector<register_tier_prices<Q>> registers) {
    for (const auto& r : registers) {
      if (!r.ladder) {
        throw error(errc::invalid_argument, "a per-period register needs its own ladder",
                    {{"tariff", id}, {"register", metering::register_name(r.rate_register)}});
      }
    }
    return make(std::move(id), tier_shape::per_period, tier_ladder<Q>::make({}),
                std::move(registers), {});
  }

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  [[nodiscard]] tier_shape shape() const noexcept { return shape_; }
  [[nodiscard]] const tier_ladder<Q>& shared_ladder() const noexcept { return ladder_; }
  [[nodiscard]] const std::vector<register_tier_prices<Q>>& registers() const noexcept {
    return registers_;
  }
  [[nodiscard]] const std::vector<unit_price<Q>>& adders() const noexcept { return adders_; }

  /// Rates the use of one meter in a window of `days` days, starting from the counters
  /// `before`. `use` lists registers in time order (pooled prices each entry as it comes; the
  /// others sum per register first); a register may appear more than once. Lines come in
  /// register order then tier order (adder lines last), each with its tier, component energy
  /// (water for volume, gas for heat) and tier_adder for adders. A per-kW ladder needs
  /// `billing_demand` (kW) and states each tier's bound on its line. Refuses (errc::not_found) a
  /// register the tariff does not price, and negative use.
  [[nodiscard]] tiered_rating<Q> rate(const std::string& meter_id,
                                      const std::vector<register_use<Q>>& use,
                                      const tier_counter<Q>& before, std::int64_t days,
                                      const bill::rounding_rule& rule,
                                      std::optional<power> billing_demand = std::nullopt) const {
    auto a = allocate(use, before, days, billing_demand);
    tiered_rating<Q> out;
    out.lines = lines_of(meter_id, a.quantity, a.per_tier, rule, days, billing_demand);
    out.after = a.after;
    out.per_tier = std::move(a.per_tier);
    return out;
  }

  /// Rates readings against ladders whose counter restarts at each local midnight
  /// (bound_basis::daily; tariff-core blocks "period: day"): each reading is split at the
  /// midnights it spans, pro rata by elapsed time (`split_by_day`), each day is filled from zero,
  /// and the days' tier quantities are summed into one line per register and tier. A split
  /// reading is written on the lines (`split_method`) and raises the warning
  /// "reading_split_by_day". `after` is the counter at the end of the last day. Refuses
  /// (errc::out_of_order) readings not in time order or overlapping, (errc::invalid_argument) a
  /// ladder that is not daily, and what `rate` refuses.
  [[nodiscard]] tiered_rating<Q> rate_by_day(const std::string& meter_id,
                                             const std::vector<timed_use<Q>>& reads,
                                             const bill::rounding_rule& rule) const {
    const bool daily =
        shape_ == tier_shape::per_period
            ? std::all_of(registers_.begin(), registers_.end(),
                          [](const auto& r) { return r.ladder->basis() == bound_basis::daily; })
            : ladder_.basis() == bound_basis::daily;
    if (!daily) {
      throw error(errc::invalid_argument, "rate_by_day needs daily tier ladders",
                  {{"tariff", id_}, {"basis", std::string(to_string(ladder_.basis()))}});
    }
    // The readings' parts, day by day in time order.
    std::vector<std::pair<date::local_days, register_use<Q>>> parts;
    tiered_rating<Q> out;
    for (std::size_t i = 0; i < reads.size(); ++i) {
      const auto& r = reads[i];
      if (i > 0 && r.interval.begin() < reads[i - 1].interval.end()) {
        throw error(errc::out_of_order, "readings must be in time order and must not overlap",
                    {{"tariff", id_},
                     {"reading", std::to_string(i + 1)},
                     {"begins", local_interval::format(r.interval.begin())},
                     {"previous_ends", local_interval::format(reads[i - 1].interval.end())}});
      }
      const auto days = split_by_day(r.interval, r.quantity);
      if (days.size() > 1) {
        out.warnings.push_back(
            warning{"reading_split_by_day",
                    "a reading spanning " + std::to_string(days.size()) +
                        " days was split at midnight pro rata by elapsed time for the daily tiers",
                    {{"tariff", id_},
                     {"register", metering::register_name(r.rate_register)},
                     {"from", local_interval::format(r.interval.begin())},
                     {"to", local_interval::format(r.interval.end())},
                     {"quantity", r.quantity.to_string()}}});
      }
      for (const auto& d : days) parts.push_back({d.day, {r.rate_register, d.quantity}});
    }
    std::vector<std::vector<Q>> quantity(registers_.size());
    for (std::size_t i = 0; i < registers_.size(); ++i) {
      quantity[i].assign(shape_ == tier_shape::adder        ? 1
                         : shape_ == tier_shape::per_period ? registers_[i].ladder->tiers()
                                                            : ladder_.tiers(),
                         Q{});
    }
    std::size_t first = 0;
    while (first < parts.size()) {
      std::size_t last = first;
      std::vector<register_use<Q>> day;
      while (last < parts.size() && parts[last].first == parts[first].first) {
        day.push_back(parts[last].second);
        ++last;
      }
      const auto a = allocate(day, tier_counter<Q>{}, 1, std::nullopt);
      for (std::size_t i = 0; i < quantity.size(); ++i) {
        for (std::size_t k = 0; k < a.quantity[i].size(); ++k) quantity[i][k] += a.quantity[i][k];
      }
      if (out.per_tier.size() < a.per_tier.size()) out.per_tier.resize(a.per_tier.size());
      for (std::size_t k = 0; k < a.per_tier.size(); ++k) out.per_tier[k] += a.per_tier[k];
      out.after = a.after;
      first = last;
    }
    out.lines = lines_of(meter_id, quantity, out.per_tier, rule, 1, std::nullopt);
    if (!out.warnings.empty()) {
      for (auto& l : out.lines) l.split_method = "by elapsed time at midnight (daily tiers)";
    }
    return out;
  }

 private:
  struct allocation {
    std::vector<std::vector<Q>> quantity;  ///< [register index][tier]
    std::vector<Q> per_tier;
    tier_counter<Q> after;
  };

  [[nodiscard]] allocation allocate(const std::vector<register_use<Q>>& use,
                                    const tier_counter<Q>& before, std::int64_t days,
                                    std::optional<power> billing_demand) const {
    // Each register's index in registers_ (npos: not priced), so that a use costs no search.
    constexpr auto npos = static_cast<std::size_t>(-1);
    std::array<std::size_t, metering::max_rate_registers + 1> index{};
    index.fill(npos);
    for (std::size_t i = 0; i < registers_.size(); ++i)
      index[slot(registers_[i].rate_register)] = i;
    const auto index_of_use = [&](int rate_register) {
      if (rate_register < 0 || rate_register > metering::max_rate_registers ||
          index[slot(rate_register)] == npos) {
        return index_of(rate_register);  // refuses an unknown register
      }
      return index[slot(rate_register)];
    };
    std::array<Q, metering::max_rate_registers + 1> sums{};
    for (const auto& u : use) {
      (void)index_of_use(u.rate_register);
      if (u.quantity.is_negative()) {
        throw error(errc::invalid_argument, "negative use cannot be tiered",
                    {{"tariff", id_},
                     {"register", metering::register_name(u.rate_register)},
                     {"use", u.quantity.to_string()}});
      }
      sums[slot(u.rate_register)] += u.quantity;
    }
    Q window_total{};
    for (const auto& s : sums) window_total += s;

    allocation out;
    out.after = before;
    auto& quantity = out.quantity;
    quantity.resize(registers_.size());
    switch (shape_) {
      case tier_shape::pooled: {
        const auto bounds = ladder_.bounds_for(days, billing_demand);
        out.per_tier.assign(ladder_.tiers(), Q{});
        for (auto& q : quantity) q.assign(ladder_.tiers(), Q{});
        // fill_tiers for each use in turn, in place: the counter only grows, so the tier it is
        // in only moves up (tier k covers (t(k−1), t(k)], a counter at t(k) fills tier k + 1).
        Q counter = before.pooled;
        if (counter.is_negative() && !use.empty()) {
          (void)fill_tiers(bounds, counter, use.front().quantity);  // refuses it
        }
        const std::size_t last = bounds.size();
        std::size_t k = 0;
        const auto skip_full = [&] {
          while (k < last && !(counter < bounds[k])) ++k;
        };
        skip_full();
        for (const auto& u : use) {
          auto& row = quantity[index[slot(u.rate_register)]];
          Q left = u.quantity;
          while (!left.is_zero()) {
            const Q part = k == last ? left : std::min(left, bounds[k] - counter);
            row[k] += part;
            out.per_tier[k] += part;
            counter += part;
            left -= part;
            skip_full();
          }
        }
        out.after.pooled = counter;
        break;
      }
      case tier_shape::pro_rata: {
        const auto bounds = ladder_.bounds_for(days, billing_demand);
        out.per_tier = fill_tiers(bounds, before.pooled, window_total);
        std::vector<Q> weights;
        for (const auto& r : registers_) weights.push_back(sums[slot(r.rate_register)]);
        for (auto& q : quantity) q.assign(ladder_.tiers(), Q{});
        for (std::size_t k = 0; k < out.per_tier.size(); ++k) {
          if (out.per_tier[k].is_zero()) continue;
          const auto parts = split(out.per_tier[k], weights, Q::from_mantissa(1));
          for (std::size_t i = 0; i < parts.size(); ++i) quantity[i][k] = parts[i];
        }
        out.after.pooled = before.pooled + window_total;
        break;
      }
      case tier_shape::per_period: {
        for (std::size_t i = 0; i < registers_.size(); ++i) {
          const auto& r = registers_[i];
          const auto s = slot(r.rate_register);
          quantity[i] = fill_tiers(r.ladder->bounds_for(days, billing_demand),
                                   before.per_register[s], sums[s]);
          out.after.per_register[s] = before.per_register[s] + sums[s];
          if (out.per_tier.size() < quantity[i].size()) out.per_tier.resize(quantity[i].size());
          for (std::size_t k = 0; k < quantity[i].size(); ++k) out.per_tier[k] += quantity[i][k];
        }
        out.after.pooled = before.pooled + window_total;
        break;
      }
      case tier_shape::adder: {
        out.per_tier =
            fill_tiers(ladder_.bounds_for(days, billing_demand), before.pooled, window_total);
        for (std::size_t i = 0; i < registers_.size(); ++i) {
          quantity[i] = {sums[slot(registers_[i].rate_register)]};
        }
        out.after.pooled = before.pooled + window_total;
        break;
      }
    }
    return out;
  }

  [[nodiscard]] std::vector<bill::line> lines_of(const std::string& meter_id,
                                                 const std::vector<std::vector<Q>>& quantity,
                                                 const std::vector<Q>& per_tier,
                                                 const bill::rounding_rule& rule, std::int64_t days,
                                                 std::optional<power> billing_demand) const {
    std::vector<bill::line> lines;
    std::size_t count = per_tier.size();
    for (const auto& q : quantity) count += q.size();
    lines.reserve(count);  // the lines are built in place: none moved as the vector grows
    const auto note = [&](const tier_ladder<Q>& ladder, std::size_t k, bill::line& l) {
      if (ladder.basis() != bound_basis::per_kw) return;
      const auto text =
          ladder.describe_tier(k, ladder.bounds_for(days, billing_demand), billing_demand);
      if (!text.empty()) l.explanation += " [" + text + "]";
    };
    for (std::size_t i = 0; i < registers_.size(); ++i) {
      const auto& r = registers_[i];
      for (std::size_t k = 0; k < quantity[i].size(); ++k) {
        if (quantity[i][k].is_zero()) continue;
        auto& l = lines.emplace_back();
        tier_line_into(l, component(), meter_id, quantity[i][k], r.prices[k], rule);
        l.rate_register = r.rate_register;
        const auto name = metering::detail::register_name_view(r.rate_register);  // 0..8
        if (name.empty()) {
          l.register_name = metering::register_name(r.rate_register);
        } else {
          bill::detail::set_text(l.register_name, name);
        }
        if (shape_ != tier_shape::adder) {
          l.tier = static_cast<int>(k + 1);
          note(shape_ == tier_shape::per_period ? *r.ladder : ladder_, k + 1, l);
        }
      }
    }
    if (shape_ == tier_shape::adder) {
      for (std::size_t k = 0; k < per_tier.size(); ++k) {
        if (per_tier[k].is_zero() || adders_[k].is_zero()) continue;
        auto& l = lines.emplace_back();
        tier_line_into(l, bill::component::tier_adder, meter_id, per_tier[k], adders_[k], rule,
                       "tier " + std::to_string(k + 1) + " adder: ");
        bill::detail::set_text(l.register_name, metering::detail::register_name_view(0));
        l.tier = static_cast<int>(k + 1);
        note(ladder_, k + 1, l);
      }
    }
    return lines;
  }

  /// A tier line. Quantities kept to 1e-4 go through bill::charge_line; heat (1e-6 MJ) is
  /// multiplied exactly and rounded half-up to the line's 1e-10 yuan, and the line's quantity
  /// field (1e-4) says where it was rounded for display; the explanation keeps the exact MJ.
  [[nodiscard]] static bill::line tier_line(bill::component what, const std::string& meter_id,
                                            Q quantity, unit_price<Q> price,
                                            const bill::rounding_rule& rule) {
    if constexpr (Q::scale == 4) {
      return bill::charge_line(what, meter_id, quantity, price, rule);
    } else {
      const auto exact = multiply<bill::exact_money>(quantity, price, rounding::half_up);
      const std::string unit(Q::dimension::unit);
      auto l = bill::amount_line(
          what, meter_id, exact,
          bill::group_thousands(quantity.to_string(2)) + " " + unit + " × " + price.to_string(2),
          rule);
      l.quantity = bill::line_quantity::from_mantissa(submeter::detail::rescale_mantissa(
          quantity.mantissa(), Q::scale, bill::line_quantity::scale, rounding::half_up,
          "line quantity"));
      if (!is_rounded(quantity, bill::line_quantity::scale)) {
        l.explanation += " (quantity field rounded half_up to 0.0001 " + unit + ")";
      }
      l.unit = unit;
      l.unit_price = bill::as_line_price(price);
      l.price_unit = "yuan/" + unit;
      return l;
    }
  }

  /// tier_line into `l` (a new line, a vector's element), its explanation preceded by `head`:
  /// quantities kept to 1e-4 are charged in place (bill::detail::charge_into, no line moved).
  static void tier_line_into(bill::line& l, bill::component what, const std::string& meter_id,
                             Q quantity, unit_price<Q> price, const bill::rounding_rule& rule,
                             const std::string& head = {}) {
    if constexpr (Q::scale == 4) {
      bill::detail::charge_into(l, what, quantity, price, rule, Q::dimension::unit, {}, {}, head);
      l.meter_id.append(meter_id);  // `l` is a new line (empty strings): append, not assign
    } else {
      l = tier_line(what, meter_id, quantity, price, rule);
      if (!head.empty()) l.explanation.prepend(head);
    }
  }

  [[nodiscard]] static bill::component component() noexcept {
    if constexpr (std::is_same_v<typename Q::dimension, dimension::volume>) {
      return bill::component::water;
    }
    if constexpr (std::is_same_v<typename Q::dimension, dimension::heat>) {
      return bill::component::gas;
    }
    return bill::component::energy;
  }
  [[nodiscard]] static std::size_t slot(int rate_register) noexcept {
    return static_cast<std::size_t>(rate_register);
  }
  [[nodiscard]] std::size_t index_of(int rate_register) const {
    for (std::size_t i = 0; i < registers_.size(); ++i) {
      if (registers_[i].rate_register == rate_register) return i;
    }
    throw error(errc::not_found, "the tiered tariff does not price this register",
                {{"tariff", id_}, {"register", std::to_string(rate_register)}});
  }

  static tiered_tariff make(std::string id, tier_shape shape, tier_ladder<Q> ladder,
                            std::vector<register_tier_prices<Q>> registers,
                            std::vector<unit_price<Q>> adders) {
    if (id.empty()) throw error(errc::invalid_argument, "a tiered tariff needs an id");
    if (registers.empty()) {
      throw error(errc::invalid_argument, "a tiered tariff needs at least one register",
                  {{"tariff", id}});
    }
    std::sort(registers.begin(), registers.end(),
              [](const auto& a, const auto& b) { return a.rate_register < b.rate_register; });
    for (std::size_t i = 0; i < registers.size(); ++i) {
      const auto& r = registers[i];
      const std::string name = std::to_string(r.rate_register);
      if (r.rate_register < 0 || r.rate_register > metering::max_rate_registers) {
        throw error(errc::invalid_argument, "a register is outside 0..8",
                    {{"tariff", id}, {"register", name}});
      }
      if (i > 0 && registers[i - 1].rate_register == r.rate_register) {
        throw error(errc::duplicate, "a register is priced twice",
                    {{"tariff", id}, {"register", name}});
      }
      const std::size_t want = shape == tier_shape::adder        ? 1
                               : shape == tier_shape::per_period ? r.ladder->tiers()
                                                                 : ladder.tiers();
      if (r.prices.size() != want) {
        throw error(errc::inconsistent, "a register's price count does not match its tiers",
                    {{"tariff", id},
                     {"register", name},
                     {"prices", std::to_string(r.prices.size())},
                     {"expected", std::to_string(want)}});
      }
      for (const auto& p : r.prices) {
        if (p.is_negative()) {
          throw error(errc::invalid_argument, "a tier price is negative",
                      {{"tariff", id}, {"register", name}, {"price", p.to_string()}});
        }
      }
    }
    if (shape == tier_shape::adder && adders.size() != ladder.tiers()) {
      throw error(errc::inconsistent, "an adder tariff needs one adder per tier",
                  {{"tariff", id},
                   {"adders", std::to_string(adders.size())},
                   {"tiers", std::to_string(ladder.tiers())}});
    }
    tiered_tariff t;
    t.id_ = std::move(id);
    t.shape_ = shape;
    t.ladder_ = std::move(ladder);
    t.registers_ = std::move(registers);
    t.adders_ = std::move(adders);
    return t;
  }

  tiered_tariff() : ladder_(tier_ladder<Q>::make({})) {}
  std::string id_;
  tier_shape shape_ = tier_shape::pooled;
  tier_ladder<Q> ladder_;
  std::vector<register_tier_prices<Q>> registers_;
  std::vector<unit_price<Q>> adders_;
};

/// TIER-4: warns (never refuses) when a water ladder's price ratios to tier 1 fall below the
/// national design's 1 : 1.5 : 3 (tiers 2 and 3).
[[nodiscard]] inline std::vector<warning> check_water_ratios(
    const std::string& tariff_id, const std::vector<volume_price>& prices) {
  std::vector<warning> out;
  if (prices.empty() || prices[0].is_zero()) return out;
  // price_k / price_1 >= r  ⇔  price_k × 10 >= price_1 × r × 10 (r = 1.5, 3), exactly.
  constexpr std::array<std::int64_t, 2> tenths = {15, 30};
  for (std::size_t k = 1; k < prices.size() && k <= tenths.size(); ++k) {
    if (prices[k].mantissa() * 10 < prices[0].mantissa() * tenths[k - 1]) {
      out.push_back(warning{"water_tier_ratio",
                            "tier " + std::to_string(k + 1) + " is below " +
                                (k == 1 ? std::string("1.5") : std::string("3")) +
                                " × the tier-1 price (NDRC/MOHURD 2014 design 1 : 1.5 : 3)",
                            {{"tariff", tariff_id},
                             {"tier", std::to_string(k + 1)},
                             {"price", prices[k].to_string(2)},
                             {"tier1_price", prices[0].to_string(2)}}});
    }
  }
  return out;
}

}  // namespace submeter::tariff
