#pragma once
/// \file
/// vee::interval_values: a view of one meter's interval use on a fixed grid, where an interval
/// may be missing; and interval_use, which turns cumulative register reads on that grid into
/// interval use (a register's rollover counted, a backwards step left missing).
///
/// Interval rules (gaps, spikes, runs of zero use, the sum check) read this view; they need no
/// allocation and no validation of their own, so a pass over millions of values costs little
/// more than reading them (docs/performance.md). Values are energy mantissas at 1e-4 kWh (or m³),
/// `missing` where the interval has no value.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "submeter/core/time.hpp"
#include "submeter/vee/rollover.hpp"

namespace submeter::vee {

/// The mantissa that marks an interval without a value.
inline constexpr std::int64_t missing = std::numeric_limits<std::int64_t>::min();

/// A read-only view of interval use: `size` values from `start`, one every `step`, labelled by
/// their start. The caller keeps the values alive while the view is used.
struct interval_values {
  local_time start{};
  std::chrono::minutes step{15};
  const std::int64_t* data = nullptr;
  std::size_t size = 0;

  /// The start of interval `i`.
  [[nodiscard]] local_time time(std::size_t i) const noexcept {
    return start + step * static_cast<std::int64_t>(i);
  }
  /// True when interval `i` has a value.
  [[nodiscard]] bool present(std::size_t i) const noexcept { return data[i] != missing; }
  /// A view of a whole vector.
  [[nodiscard]] static interval_values of(local_time start, std::chrono::minutes step,
                                          const std::vector<std::int64_t>& values) noexcept {
    return interval_values{start, step, values.data(), values.size()};
  }
};

/// Cumulative register reads on a grid: `reads[i]` is the register at start + i × step (energy
/// mantissa), `missing` where there was no read. Returns the use of the `reads.size() - 1`
/// intervals between them: read[i + 1] − read[i]; a rollover (VEE-3, classify_step) counts the
/// use across the register's largest value; an interval is `missing` when either read is, or
/// when the register went backwards (VEE-3 reports that step).
[[nodiscard]] inline std::vector<std::int64_t> interval_use(const std::vector<std::int64_t>& reads,
                                                            const rollover_params& p = {}) {
  std::vector<std::int64_t> out;
  if (reads.size() < 2) return out;
  out.resize(reads.size() - 1, missing);
  for (std::size_t i = 0; i + 1 < reads.size(); ++i) {
    const std::int64_t a = reads[i];
    const std::int64_t b = reads[i + 1];
    if (a == missing || b == missing) continue;
    if (b >= a) {
      out[i] = b - a;
      continue;
    }
    const auto s = classify_step(energy::from_mantissa(a), energy::from_mantissa(b), p);
    if (s.kind == step_kind::rollover) out[i] = s.use.mantissa();
  }
  return out;
}

}  // namespace submeter::vee
