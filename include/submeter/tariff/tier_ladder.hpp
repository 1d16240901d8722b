#pragma once
/// \file
/// tariff::tier_ladder: the block ladder of a tiered (阶梯) tariff, its bounds and how use fills
/// its tiers (tariffs.md §1.4; rules.md TIER-3).
///
/// A ladder is a list of cumulative upper bounds t1 < t2 < … ; tier k covers (t(k−1), t(k)] and
/// the last tier is unbounded. Use that crosses a bound is split at the bound, so no unit is
/// charged in two tiers (`fill_tiers`). Bounds are stated per reset period, per day of the
/// window, prorated, per kW of billing demand (SAM hours-use blocks), or per local day with a
/// counter that restarts each midnight (`bound_basis`). Q is energy, volume or gas heat (MJ,
/// 1e-6) from a converted m³ reading (volume_conversion.hpp).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"

namespace submeter::tariff {

/// How a ladder's bounds are stated (tariffs.md §1.4 "Bounds").
enum class bound_basis {
  absolute,  ///< a quantity per reset period (kWh, m³)
  per_day,   ///< a quantity per day × the days of the billing window (URDB/SAM "kWh daily")
  prorated,  ///< a quantity per nominal period × window days ÷ nominal days (tariff-core: 60 kL a
             ///< quarter × 92 / 91.25), rounded half-even to the quantity's scale
  per_kw,    ///< kWh per kW × the billing demand (SAM "kWh/kW", hours-use blocks), rounded
             ///< half-up to the quantity's scale
  daily,     ///< a quantity per local day, the counter restarting at each midnight (tariff-core
             ///< blocks "period: day"); rated one day at a time (`tiered_tariff::rate_by_day`)
};

/// "absolute", "per_day", "prorated", "per_kw", "daily".
[[nodiscard]] constexpr std::string_view to_string(bound_basis b) noexcept {
  switch (b) {
    case bound_basis::absolute:
      return "absolute";
    case bound_basis::per_day:
      return "per_day";
    case bound_basis::prorated:
      return "prorated";
    case bound_basis::per_kw:
      return "per_kw";
    case bound_basis::daily:
      return "daily";
  }
  return "?";
}

/// One bound of a ladder whose bounds are stated in different ways (`tier_ladder::make_mixed`).
template <class Q>
struct tier_bound {
  Q value;                                    ///< the quantity, or the quantity per kW (per_kw)
  bound_basis basis = bound_basis::absolute;  ///< absolute or per_kw
};

/// A validated ladder of cumulative upper bounds over a quantity Q (energy, volume or heat).
template <class Q>
class tier_ladder {
 public:
  /// Refuses (errc::invalid_argument) a negative bound and bounds that are not strictly
  /// increasing, naming the tier. No bounds is a one-tier ladder. The last tier is always
  /// unbounded: there is no "use above the last tier" to refuse.
  [[nodiscard]] static tier_ladder make(std::vector<Q> bounds,
                                        bound_basis basis = bound_basis::absolute,
                                        ratio nominal_days = ratio{}) {
    if (basis == bound_basis::prorated && !(ratio{} < nominal_days)) {
      throw error(errc::invalid_argument, "a prorated tier ladder needs its nominal days > 0",
                  {{"nominal_days", nominal_days.to_string()}});
    }
    check_increasing(bounds);
    std::vector<bound_basis> bases(bounds.size(), basis);
    return tier_ladder(std::move(bounds), basis, nominal_days, std::move(bases));
  }

  /// A ladder mixing absolute bounds and kWh-per-kW bounds (SAM "kWh/kW" ladders: steps of
  /// 3,000 and 10,000 kWh inside a 200 kWh/kW block). The bounds of each basis must be
  /// non-negative and increase strictly; once the billing demand resolves them, each bound is
  /// capped at the bounds after it (a 200,000 kWh step ends where a 200 kWh/kW block ends), so
  /// resolved bounds never decrease and a capped tier is empty. Refuses (errc::invalid_argument) a
  /// basis other than absolute or per_kw, a negative bound, (errc::out_of_order) a basis' bounds
  /// that do not increase.
  [[nodiscard]] static tier_ladder make_mixed(const std::vector<tier_bound<Q>>& bounds) {
    std::vector<Q> values;
    std::vector<bound_basis> bases;
    std::vector<Q> absolute;
    std::vector<Q> per_kw;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      const auto& b = bounds[i];
      if (b.basis != bound_basis::absolute && b.basis != bound_basis::per_kw) {
        throw error(errc::invalid_argument, "a mixed tier ladder takes absolute and per_kw bounds",
                    {{"tier", std::to_string(i + 1)}, {"basis", std::string(to_string(b.basis))}});
      }
      values.push_back(b.value);
      bases.push_back(b.basis);
      (b.basis == bound_basis::absolute ? absolute : per_kw).push_back(b.value);
    }
    check_increasing(absolute);
    check_increasing(per_kw);
    const bound_basis basis = per_kw.empty() ? bound_basis::absolute : bound_basis::per_kw;
    return tier_ladder(std::move(values), basis, ratio{}, std::move(bases));
  }

  /// The number of tiers: bounds + 1.
  [[nodiscard]] std::size_t tiers() const noexcept { return bounds_.size() + 1; }
  [[nodiscard]] const std::vector<Q>& bounds() const noexcept { return bounds_; }
  /// The ladder's basis: per_kw when any bound is per kW.
  [[nodiscard]] bound_basis basis() const noexcept { return basis_; }
  /// The basis of each bound (all equal except for `make_mixed`).
  [[nodiscard]] const std::vector<bound_basis>& bases() const noexcept { return bases_; }

  /// The bounds that apply to a window of `days` days: as stated, × days for `per_day`,
  /// × days ÷ nominal days for `prorated`, × `billing_demand` kW for `per_kw` (absolute bounds
  /// then capped at a later per-kW bound), as stated for one day of a `daily` ladder.
  /// Refuses (errc::invalid_argument) days < 1 for a per-day or prorated ladder, days other than 1
  /// for a daily ladder, a per-kW ladder without a billing demand or with a negative one.
  [[nodiscard]] std::vector<Q> bounds_for(
      std::int64_t days, std::optional<power> billing_demand = std::nullopt) const {
    switch (basis_) {
      case bound_basis::absolute:
        return bounds_;
      case bound_basis::daily:
        if (days != 1) {
          throw error(errc::invalid_argument,
                      "a daily tier ladder rates one day at a time (rate_by_day)",
                      {{"days", std::to_string(days)}});
        }
        return bounds_;
      case bound_basis::per_kw:
        return per_kw_bounds(billing_demand);
      case bound_basis::per_day:
      case bound_basis::prorated:
        break;
    }
    if (days < 1) {
      throw error(errc::invalid_argument, "a per-day tier ladder needs a window of at least a day",
                  {{"days", std::to_string(days)}});
    }
    std::vector<Q> out;
    out.reserve(bounds_.size());
    for (const auto& b : bounds_) {
      out.push_back(basis_ == bound_basis::per_day
                        ? b * days
                        : divide<Q>(b * days, nominal_days_, rounding::half_even));
    }
    return out;
  }

  /// How tier k (1-based) of a per-kW ladder was bounded, for its line: "tier 3 up to
  /// 200 kWh/kW × 658.0156 kW = 131,603.12 kWh"; empty for other ladders and for tiers bounded
  /// by absolute quantities only.
  [[nodiscard]] std::string describe_tier(std::size_t k, const std::vector<Q>& resolved,
                                          std::optional<power> billing_demand) const {
    if (basis_ != bound_basis::per_kw || !billing_demand || k < 1 || k > tiers()) return {};
    const auto unit = std::string(Q::dimension::unit);
    const auto text = [&](std::size_t i) {
      std::string t = bill::group_thousands(bounds_[i].to_string(0)) + " " + unit;
      if (bases_[i] == bound_basis::per_kw) {
        t = bill::group_thousands(bounds_[i].to_string(0)) + " " + unit + "/kW × " +
            billing_demand->to_string(0) +
            " kW = " + bill::group_thousands(resolved[i].to_string(2)) + " " + unit;
      } else if (resolved[i] != bounds_[i]) {
        t += " capped at " + bill::group_thousands(resolved[i].to_string(2)) + " " + unit;
      }
      return t;
    };
    const bool lower_kw = k >= 2 && bases_[k - 2] == bound_basis::per_kw;
    const bool upper_kw = k <= bounds_.size() && bases_[k - 1] == bound_basis::per_kw;
    const bool upper_capped = k <= bounds_.size() && resolved[k - 1] != bounds_[k - 1];
    if (!lower_kw && !upper_kw && !upper_capped) return {};
    std::string out = "tier " + std::to_string(k);
    if (k >= 2) out += " above " + text(k - 2);
    if (k <= bounds_.size()) out += std::string(k >= 2 ? "," : "") + " up to " + text(k - 1);
    return out;
  }

  friend bool operator==(const tier_ladder& a, const tier_ladder& b) noexcept {
    return a.basis_ == b.basis_ && a.bounds_ == b.bounds_ && a.nominal_days_ == b.nominal_days_ &&
           a.bases_ == b.bases_;
  }

 private:
  tier_ladder(std::vector<Q> bounds, bound_basis basis, ratio nominal_days,
              std::vector<bound_basis> bases)
      : bounds_(std::move(bounds)),
        basis_(basis),
        nominal_days_(nominal_days),
        bases_(std::move(bases)) {}

  static void check_increasing(const std::vector<Q>& bounds) {
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      if (bounds[i].is_negative()) {
        throw error(errc::invalid_argument, "a tier bound is negative",
                    {{"tier", std::to_string(i + 1)}, {"bound", bounds[i].to_string()}});
      }
      if (i > 0 && !(bounds[i - 1] < bounds[i])) {
        throw error(errc::out_of_order, "tier bounds must increase strictly",
                    {{"tier", std::to_string(i + 1)},
                     {"bound", bounds[i].to_string()},
                     {"previous", bounds[i - 1].to_string()}});
      }
    }
  }

  [[nodiscard]] std::vector<Q> per_kw_bounds(std::optional<power> billing_demand) const {
    if (!billing_demand) {
      throw error(errc::invalid_argument, "a per-kW tier ladder needs the billing demand");
    }
    if (billing_demand->is_negative()) {
      throw error(errc::invalid_argument, "a negative billing demand cannot bound tiers",
                  {{"kw", billing_demand->to_string()}});
    }
    // kWh/kW × kW: the demand restated as a pure number, one half-up rounding to Q's scale.
    const auto kw =
        decimal<dimension::ratio, power::scale>::from_mantissa(billing_demand->mantissa());
    std::vector<Q> out(bounds_.size());
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
      out[i] = bases_[i] == bound_basis::per_kw ? multiply<Q>(bounds_[i], kw, rounding::half_up)
                                                : bounds_[i];
    }
    for (std::size_t i = out.size(); i-- > 1;) out[i - 1] = std::min(out[i - 1], out[i]);
    return out;
  }

  std::vector<Q> bounds_;
  bound_basis basis_ = bound_basis::absolute;
  ratio nominal_days_;
  std::vector<bound_basis> bases_;
};

/// Splits `use` that follows `before` already accumulated into the quantity per tier (size =
/// bounds + 1): tier k takes the part of (before, before + use] inside (t(k−1), t(k)] (TIER-3).
/// Refuses (errc::invalid_argument) negative `before` or `use`.
template <class Q>
[[nodiscard]] std::vector<Q> fill_tiers(const std::vector<Q>& bounds, Q before, Q use) {
  if (before.is_negative() || use.is_negative()) {
    throw error(errc::invalid_argument, "tier use and the counter before it must not be negative",
                {{"before", before.to_string()}, {"use", use.to_string()}});
  }
  std::vector<Q> out(bounds.size() + 1);
  Q lower{};
  const Q end = before + use;
  for (std::size_t k = 0; k <= bounds.size(); ++k) {
    const bool last = k == bounds.size();
    const Q from = std::max(before, lower);
    const Q to = last ? end : std::min(end, bounds[k]);
    if (from < to) out[k] = to - from;
    if (!last) lower = bounds[k];
  }
  return out;
}

}  // namespace submeter::tariff
