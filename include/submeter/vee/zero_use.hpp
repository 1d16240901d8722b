#pragma once
/// \file
/// VEE-6: runs of zero use while the tenant is in. A shop that trades all day and uses nothing
/// for a day has a stopped meter, a bypass or a gateway reporting a frozen register: a `warning`
/// for each run of at least p.min_intervals present, zero intervals inside the occupied windows.
/// Zero use while the unit is vacant is what vacancy looks like, and is not judged.

#include <cstddef>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/vee/finding.hpp"
#include "submeter/vee/interval_values.hpp"

namespace submeter::vee {

/// VEE-6's parameters.
struct zero_use_params {
  /// The shortest run that is a finding (96: a day of 15-minute intervals). At least 1.
  std::size_t min_intervals = 96;
};

namespace detail {

/// Walks sorted, non-overlapping occupied windows alongside increasing times.
class occupancy_cursor {
 public:
  explicit occupancy_cursor(const std::vector<local_interval>& windows) : w_(windows) {}
  /// True when `t` lies in an occupied window; `t` must not decrease between calls.
  [[nodiscard]] bool occupied(local_time t) noexcept {
    while (next_ < w_.size() && !(t < w_[next_].end())) ++next_;
    return next_ < w_.size() && w_[next_].contains(t);
  }

 private:
  const std::vector<local_interval>& w_;
  std::size_t next_ = 0;
};

[[nodiscard]] inline finding zero_finding(const std::string& meter_id, const interval_values& v,
                                          std::size_t first, std::size_t end) {
  finding f;
  f.what = rule::zero_use;
  f.level = severity::warning;
  f.meter_id = meter_id;
  f.time = v.time(first);
  f.until = v.time(end);
  f.value = energy{};
  f.message = std::to_string(end - first) + " consecutive intervals of zero use while occupied";
  return f;
}

inline void check_occupied_windows(const std::vector<local_interval>& occupied) {
  for (std::size_t i = 1; i < occupied.size(); ++i) {
    if (occupied[i].begin() < occupied[i - 1].end()) {
      throw error(errc::out_of_order, "occupied windows must be sorted and not overlap",
                  {{"window", local_interval::format(occupied[i].begin())}});
    }
  }
}

}  // namespace detail

/// VEE-6: a `warning` for each run of at least p.min_intervals consecutive present intervals of
/// zero use whose starts lie in `occupied` (sorted, non-overlapping; refused otherwise with
/// errc::out_of_order); a missing or non-zero interval, or one outside the windows, ends a run.
[[nodiscard]] inline std::vector<finding> find_zero_runs(
    const std::string& meter_id, const interval_values& v,
    const std::vector<local_interval>& occupied, const zero_use_params& p = {}) {
  detail::check_occupied_windows(occupied);
  std::vector<finding> out;
  detail::occupancy_cursor cursor(occupied);
  std::size_t run = 0;
  for (std::size_t i = 0; i < v.size; ++i) {
    const bool zero = v.present(i) && v.data[i] == 0 && cursor.occupied(v.time(i));
    if (zero) {
      ++run;
      continue;
    }
    if (run >= p.min_intervals && run > 0)
      out.push_back(detail::zero_finding(meter_id, v, i - run, i));
    run = 0;
  }
  if (run >= p.min_intervals && run > 0) {
    out.push_back(detail::zero_finding(meter_id, v, v.size - run, v.size));
  }
  return out;
}

}  // namespace submeter::vee
