#pragma once
/// \file
/// VEE-4: spikes against the neighbours. An interval whose use is many times the mean of the
/// intervals around it is suspect (a register read garbled in transit, a meter reset that came
/// back, a backlog interval counted at the wrong time). It stays billable (a `warning`): a real
/// load can start suddenly, and the register total still bounds the month.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/vee/detail/wide.hpp"
#include "submeter/vee/finding.hpp"
#include "submeter/vee/interval_values.hpp"

namespace submeter::vee {

/// VEE-4's parameters.
struct spike_params {
  /// Neighbours on each side compared with (4: an hour each way on 15-minute data). 1..96.
  int neighbours = 4;
  /// How many times the neighbours' mean an interval may reach, in percent (1000 = 10 ×).
  std::int64_t factor_percent = 1000;
  /// The mean is taken as at least this much, so a 0.3 kWh interval after a night of zeros is
  /// not a spike (0.1 kWh).
  energy floor = energy::from_mantissa(1000);
  /// Fewer present neighbours than this: no judgement (2).
  int min_neighbours = 2;

  /// Refuses (errc::invalid_argument) neighbours outside 1..96, a factor below 100 % or a
  /// negative floor.
  void validate() const {
    if (neighbours < 1 || neighbours > 96 || factor_percent < 100 || floor < energy{} ||
        min_neighbours < 1) {
      throw error(errc::invalid_argument,
                  "spike parameters: neighbours 1..96, factor_percent >= 100, floor >= 0, "
                  "min_neighbours >= 1",
                  {{"neighbours", std::to_string(neighbours)},
                   {"factor_percent", std::to_string(factor_percent)},
                   {"floor", floor.to_string()}});
    }
  }
};

namespace detail {

/// True when `use` is a spike against `sum` over `count` present neighbours.
[[nodiscard]] inline bool is_spike(std::int64_t use, std::int64_t sum, std::int64_t count,
                                   const spike_params& p) noexcept {
  if (count < p.min_neighbours) return false;
  const std::int64_t floor_sum = p.floor.mantissa() * count;
  const std::int64_t base = std::max(sum, floor_sum);
  // use > factor% × base / count  ⇔  use × 100 × count > factor × base
  return mul(use, 100 * count) > mul(p.factor_percent, base);
}

[[nodiscard]] inline finding spike_finding(const std::string& meter_id, const interval_values& v,
                                           std::size_t i, std::int64_t sum, std::int64_t count,
                                           const spike_params& p) {
  finding f;
  f.what = rule::spike;
  f.level = severity::warning;
  f.meter_id = meter_id;
  f.time = v.time(i);
  f.until = v.time(i + 1);
  f.value = energy::from_mantissa(v.data[i]);
  f.expected = energy::from_mantissa(sum / count);
  f.message = "use is above " + std::to_string(p.factor_percent) + " % of the mean of " +
              std::to_string(count) + " neighbouring intervals";
  return f;
}

}  // namespace detail

/// VEE-4: a `warning` for each present interval whose use exceeds p.factor_percent % of the mean
/// of the present intervals within p.neighbours on each side (the mean taken as at least
/// p.floor), when at least p.min_neighbours are present; `expected` is that mean (rounded toward
/// zero). In time order.
[[nodiscard]] inline std::vector<finding> find_spikes(const std::string& meter_id,
                                                      const interval_values& v,
                                                      const spike_params& p = {}) {
  p.validate();
  std::vector<finding> out;
  const auto k = static_cast<std::size_t>(p.neighbours);
  for (std::size_t i = 0; i < v.size; ++i) {
    if (!v.present(i)) continue;
    std::int64_t sum = 0;
    std::int64_t count = 0;
    const std::size_t lo = i >= k ? i - k : 0;
    const std::size_t hi = std::min(v.size, i + k + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (j == i || !v.present(j)) continue;
      sum += v.data[j];
      ++count;
    }
    if (detail::is_spike(v.data[i], sum, count, p)) {
      out.push_back(detail::spike_finding(meter_id, v, i, sum, count, p));
    }
  }
  return out;
}

}  // namespace submeter::vee
