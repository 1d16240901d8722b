#pragma once
/// \file
/// Price versions: immutable price tables, each in force from a local instant until the next
/// (tariffs.md §1.3; TOU-5, RETRO-1).
///
/// A billing window that spans a change is split at the instant; each segment is rated under
/// its own version. A time before the first version is refused with a typed error, never priced
/// with the earliest version. Versions are the base of retroactive adjustment (电费退补).

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/tariff/tou_prices.hpp"

namespace submeter::tariff {

/// Cuts `window` at every `effective` instant of `versions` (sorted by `effective`) strictly
/// inside it: each part with the version in force, the first part under `first` (the version in
/// force at the window's start, found by the caller). Shared by every versioned history.
template <class Version>
[[nodiscard]] std::vector<std::pair<local_interval, const Version*>> cut_at_versions(
    const std::vector<Version>& versions, const local_interval& window, const Version& first) {
  std::size_t changes = 0;
  for (const auto& v : versions)
    changes += v.effective > window.begin() && v.effective < window.end();
  std::vector<std::pair<local_interval, const Version*>> out;
  out.reserve(changes + 1);
  const Version* current = &first;
  local_time from = window.begin();
  for (const auto& v : versions) {
    if (v.effective <= window.begin() || v.effective >= window.end()) continue;
    out.emplace_back(local_interval::make(from, v.effective), current);
    from = v.effective;
    current = &v;
  }
  out.emplace_back(local_interval::make(from, window.end()), current);
  return out;
}

/// One version: an id bills cite, the instant it takes effect (local time), and its prices.
struct price_version {
  std::string id;
  local_time effective;
  register_prices prices;
  std::string document;  ///< the notice that set it, e.g. "沪发改价管〔2022〕50号"
};

/// A part of a window under one version.
struct version_segment {
  local_interval span;
  const price_version* version = nullptr;
};

/// A validated, ordered history of price versions.
class version_history {
 public:
  /// Refuses (submeter::error): no versions (errc::invalid_argument); an empty or repeated id
  /// (errc::duplicate); two versions effective at the same instant (errc::duplicate); a version
  /// whose prices do not cover `registers` (errc::inconsistent). Versions may come in any order.
  [[nodiscard]] static version_history make(const register_set& registers,
                                            std::vector<price_version> versions) {
    if (versions.empty())
      throw error(errc::invalid_argument, "a tariff needs at least one price version");
    std::sort(versions.begin(), versions.end(), [](const price_version& a, const price_version& b) {
      return a.effective < b.effective;
    });
    for (std::size_t i = 0; i < versions.size(); ++i) {
      const auto& v = versions[i];
      if (v.id.empty()) throw error(errc::invalid_argument, "a price version needs an id");
      for (std::size_t j = 0; j < i; ++j) {
        if (versions[j].id == v.id)
          throw error(errc::duplicate, "price version id used twice", {{"version", v.id}});
      }
      if (i > 0 && versions[i - 1].effective == v.effective) {
        throw error(errc::duplicate, "two price versions take effect at the same instant",
                    {{"versions", versions[i - 1].id + ", " + v.id},
                     {"effective", local_interval::format(v.effective)}});
      }
      for (const auto& r : registers.registers()) {
        if (!v.prices.price(r.number)) {
          throw error(errc::inconsistent, "a price version does not price a rate register",
                      {{"version", v.id}, {"register", r.name}});
        }
      }
    }
    version_history h;
    h.versions_ = std::move(versions);
    return h;
  }

  [[nodiscard]] const std::vector<price_version>& versions() const noexcept { return versions_; }

  /// The version in force at `t`. Refuses a time before the first version (errc::out_of_order).
  [[nodiscard]] const price_version& at(local_time t) const {
    if (t < versions_.front().effective) throw before_first(t);
    auto it =
        std::upper_bound(versions_.begin(), versions_.end(), t,
                         [](local_time x, const price_version& v) { return x < v.effective; });
    return *(it - 1);
  }

  /// The window cut at every version change inside it, in order. Refuses a window that begins
  /// before the first version (errc::out_of_order).
  [[nodiscard]] std::vector<version_segment> segments(const local_interval& window) const {
    const auto cut = cut_at_versions(versions_, window, at(window.begin()));
    std::vector<version_segment> out;
    out.reserve(cut.size());
    for (const auto& [span, v] : cut) out.push_back({span, v});
    return out;
  }

 private:
  [[nodiscard]] error before_first(local_time t) const {
    return error(errc::out_of_order, "a time before the first price version",
                 {{"time", local_interval::format(t)},
                  {"first_version", versions_.front().id},
                  {"effective", local_interval::format(versions_.front().effective)}});
  }
  std::vector<price_version> versions_;
};

}  // namespace submeter::tariff
