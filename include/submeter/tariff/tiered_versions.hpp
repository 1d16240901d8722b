#pragma once
/// \file
/// Tiered tariffs with their own price-version history (tariffs.md §1.3 × §1.4; TOU-5 applied to
/// 阶梯): each version is a whole tiered tariff (ladder, prices, adders) in force from a local
/// instant. A billing window that spans a change is split at the instant, like register tariffs
/// (version_split.hpp): the use of each segment comes from readings at the change instant or
/// interval data (the caller states which), else it is shared by elapsed time, by largest
/// remainder to the quantity's last place. The tier counter runs on across the segments (a unit
/// is never tiered twice), every segment uses the bounds of the whole window (its `days`) under
/// its own version, and every line of a split window carries its version, segment and method.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/time.hpp"
#include "submeter/tariff/price_version.hpp"
#include "submeter/tariff/tiers.hpp"
#include "submeter/tariff/version_split.hpp"

namespace submeter::tariff {

/// One version of a tiered tariff: an id bills cite, the instant it takes effect, the tariff.
template <class Q>
struct tiered_version {
  std::string id;
  local_time effective;
  tiered_tariff<Q> tariff;
  std::string document;  ///< the notice that set it
};

/// A validated, ordered history of tiered tariff versions.
template <class Q>
class tiered_version_history {
 public:
  /// Refuses (submeter::error): no versions (errc::invalid_argument); an empty id
  /// (errc::invalid_argument); a repeated id or two versions at the same instant (errc::
  /// duplicate). Versions may come in any order.
  [[nodiscard]] static tiered_version_history make(std::vector<tiered_version<Q>> versions) {
    if (versions.empty()) {
      throw error(errc::invalid_argument, "a tiered tariff needs at least one price version");
    }
    std::sort(versions.begin(), versions.end(),
              [](const auto& a, const auto& b) { return a.effective < b.effective; });
    for (std::size_t i = 0; i < versions.size(); ++i) {
      const auto& v = versions[i];
      if (v.id.empty()) throw error(errc::invalid_argument, "a price version needs an id");
      for (std::size_t j = 0; j < i; ++j) {
        if (versions[j].id == v.id) {
          throw error(errc::duplicate, "price version id used twice", {{"version", v.id}});
        }
      }
      if (i > 0 && versions[i - 1].effective == v.effective) {
        throw error(errc::duplicate, "two price versions take effect at the same instant",
                    {{"versions", versions[i - 1].id + ", " + v.id},
                     {"effective", local_interval::format(v.effective)}});
      }
    }
    tiered_version_history h;
    h.versions_ = std::move(versions);
    return h;
  }

  /// The use of each segment of a split window, in order (see rate_tiered_versions).
  using segment_uses = std::optional<std::vector<std::vector<register_use<Q>>>>;

  [[nodiscard]] const std::vector<tiered_version<Q>>& versions() const noexcept {
    return versions_;
  }

  /// The version in force at `t`. Refuses a time before the first version (errc::out_of_order).
  [[nodiscard]] const tiered_version<Q>& at(local_time t) const {
    if (t < versions_.front().effective) {
      throw error(errc::out_of_order, "a time before the first price version",
                  {{"time", local_interval::format(t)},
                   {"first_version", versions_.front().id},
                   {"effective", local_interval::format(versions_.front().effective)}});
    }
    auto it = std::upper_bound(versions_.begin(), versions_.end(), t,
                               [](local_time x, const auto& v) { return x < v.effective; });
    return *(it - 1);
  }

  /// The window cut at every version change inside it (errc::out_of_order before the first).
  [[nodiscard]] std::vector<std::pair<local_interval, const tiered_version<Q>*>> segments(
      const local_interval& window) const {
    return cut_at_versions(versions_, window, at(window.begin()));
  }

 private:
  tiered_version_history() = default;
  std::vector<tiered_version<Q>> versions_;
};

/// Rates one meter's window of `days` days under a tiered version history, starting from the
/// counters `before`. `use` is the window's use in time order (as `tiered_tariff::rate` takes it).
/// When the window spans a change:
/// - with `segment_use` (one list per segment, in order), those quantities are used and `method`
///   (split_method::readings or interval_data) is written on the lines; they must add up, per
///   register, to `use` (errc::inconsistent otherwise, naming the register and both figures);
/// - without, each entry of `use` is shared among the segments by their seconds (largest
///   remainder to Q's last place) and the lines say "by days".
/// A window inside one version gives that version's lines, each carrying the version id.
/// Refuses (errc::inconsistent) a segment count that does not match, (errc::invalid_argument) a
/// method other than readings or interval_data with `segment_use`, (errc::out_of_order) a window
/// before the first version, and what `tiered_tariff::rate` refuses.
template <class Q>
[[nodiscard]] tiered_rating<Q> rate_tiered_versions(
    const tiered_version_history<Q>& history, const std::string& meter_id,
    const local_interval& window, const std::vector<register_use<Q>>& use,
    const tier_counter<Q>& before, std::int64_t days, const bill::rounding_rule& rule,
    const typename tiered_version_history<Q>::segment_uses& segment_use = std::nullopt,
    split_method method = split_method::readings,
    std::optional<power> billing_demand = std::nullopt) {
  const auto segments = history.segments(window);
  std::vector<std::vector<register_use<Q>>> parts;
  split_method used_method = split_method::none;
  if (segments.size() == 1) {
    parts.push_back(use);
  } else if (segment_use) {
    if (method != split_method::readings && method != split_method::interval_data) {
      throw error(errc::invalid_argument,
                  "segment use comes from readings at the change instant or interval data",
                  {{"meter", meter_id}, {"method", std::string(to_string(method))}});
    }
    if (segment_use->size() != segments.size()) {
      throw error(errc::inconsistent, "one use list per version segment is needed",
                  {{"meter", meter_id},
                   {"segments", std::to_string(segments.size())},
                   {"given", std::to_string(segment_use->size())}});
    }
    for (int r = 0; r <= metering::max_rate_registers; ++r) {
      Q whole;
      Q parted;
      for (const auto& u : use) {
        if (u.rate_register == r) whole += u.quantity;
      }
      for (const auto& s : *segment_use) {
        for (const auto& u : s) {
          if (u.rate_register == r) parted += u.quantity;
        }
      }
      if (whole != parted) {
        throw error(errc::inconsistent, "the segments' use does not add up to the window's",
                    {{"meter", meter_id},
                     {"register", metering::register_name(r)},
                     {"segments", parted.to_string()},
                     {"window", whole.to_string()}});
      }
    }
    parts = *segment_use;
    used_method = method;
  } else {
    std::vector<std::int64_t> seconds;
    for (const auto& s : segments) {
      seconds.push_back(static_cast<std::int64_t>(
          std::chrono::duration_cast<std::chrono::seconds>(s.first.length()).count()));
    }
    parts.resize(segments.size());
    for (const auto& u : use) {
      const auto shares = split(u.quantity, seconds, Q::from_mantissa(1));
      for (std::size_t i = 0; i < shares.size(); ++i) {
        if (!shares[i].is_zero()) parts[i].push_back({u.rate_register, shares[i]});
      }
    }
    used_method = split_method::by_days;
  }
  tiered_rating<Q> out;
  tier_counter<Q> counter = before;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& [span, version] = segments[i];
    auto r = version->tariff.rate(meter_id, parts[i], counter, days, rule, billing_demand);
    for (auto& l : r.lines) {
      l.version = version->id;
      if (used_method != split_method::none) {
        l.window = span;
        l.split_method = std::string(to_string(used_method));
        l.explanation +=
            " (" + version->id + ", " + detail::span_text(span) + ", " + l.split_method + ")";
      }
      out.lines.push_back(std::move(l));
    }
    if (out.per_tier.size() < r.per_tier.size()) out.per_tier.resize(r.per_tier.size());
    for (std::size_t k = 0; k < r.per_tier.size(); ++k) out.per_tier[k] += r.per_tier[k];
    counter = r.after;
  }
  out.after = counter;
  return out;
}

}  // namespace submeter::tariff
