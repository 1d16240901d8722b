#pragma once
/// \file
/// VEE-2: missing intervals and missing reads. A gateway that lost its meter, a meter that was
/// off, a backlog not yet replayed: every run of intervals (or of expected reads on a grid)
/// without a value is one finding, from its first missing interval to the next value. Short runs
/// are filled by linear estimation (EST-1), longer ones by like-day estimation (EST-2).

#include <cstddef>
#include <string>
#include <vector>

#include "submeter/vee/finding.hpp"
#include "submeter/vee/interval_values.hpp"

namespace submeter::vee {

namespace detail {

[[nodiscard]] inline finding gap_finding(const std::string& meter_id, int register_number,
                                         const interval_values& v, std::size_t first,
                                         std::size_t end) {
  finding f;
  f.what = rule::gap;
  f.level = severity::warning;
  f.meter_id = meter_id;
  f.register_number = register_number;
  f.time = v.time(first);
  f.until = v.time(end);
  f.message = std::to_string(end - first) + " interval" + (end - first == 1 ? "" : "s") + " of " +
              std::to_string(v.step.count()) + " min missing";
  return f;
}

}  // namespace detail

/// VEE-2: one `warning` per run of missing values in `v` (intervals, or expected reads on a
/// grid), `time` its first missing slot and `until` the slot after its last, in time order.
[[nodiscard]] inline std::vector<finding> find_gaps(const std::string& meter_id,
                                                    const interval_values& v,
                                                    int register_number = 0) {
  std::vector<finding> out;
  std::size_t i = 0;
  while (i < v.size) {
    if (v.present(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < v.size && !v.present(j)) ++j;
    out.push_back(detail::gap_finding(meter_id, register_number, v, i, j));
    i = j;
  }
  return out;
}

}  // namespace submeter::vee
