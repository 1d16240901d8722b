#pragma once
/// \file
/// VEE-7: the sum check. A meter that keeps both a load profile (interval use) and a cumulative
/// register must agree with itself: Σ intervals over a window equals the register delta across
/// it, within a tolerance for the rounding of each interval. A larger difference means lost or
/// double-counted intervals: an `exception` for the intervals (the register is the billing
/// quantity and stays billable).

#include <cstdint>
#include <optional>
#include <string>

#include "submeter/core/quantity.hpp"
#include "submeter/vee/detail/wide.hpp"
#include "submeter/vee/finding.hpp"
#include "submeter/vee/interval_values.hpp"

namespace submeter::vee {

/// VEE-7's parameters: the difference allowed is the larger of the two.
struct sum_check_params {
  /// An absolute tolerance (0.01 kWh per interval is the rounding of a 0.01 kWh profile; the
  /// default allows 0.1 kWh in all).
  energy absolute = energy::from_mantissa(1000);
  /// A relative one, per mille of the register delta (5: 0.5 %).
  std::int64_t per_mille = 5;
};

/// VEE-7: compares Σ of the intervals of `v` with `register_delta` (the register's use across
/// the same window, on the same side of the multiplier). Missing intervals make the check
/// meaningless: nothing is said (VEE-2 says they are missing). An `exception` when |Σ − delta|
/// exceeds both tolerances; `value` the sum, `expected` the delta.
[[nodiscard]] inline std::optional<finding> check_sum(const std::string& meter_id,
                                                      const interval_values& v,
                                                      energy register_delta,
                                                      const sum_check_params& p = {}) {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < v.size; ++i) {
    if (!v.present(i)) return std::nullopt;
    sum += v.data[i];
  }
  const std::int64_t diff = sum - register_delta.mantissa();
  const std::int64_t mag = diff < 0 ? -diff : diff;
  if (mag <= p.absolute.mantissa()) return std::nullopt;
  const std::int64_t delta =
      register_delta.mantissa() < 0 ? -register_delta.mantissa() : register_delta.mantissa();
  if (detail::mul(mag, 1000) <= detail::mul(delta, p.per_mille)) return std::nullopt;
  finding f;
  f.what = rule::sum_check;
  f.level = severity::exception;
  f.meter_id = meter_id;
  f.time = v.start;
  f.until = v.time(v.size);
  f.value = energy::from_mantissa(sum);
  f.expected = register_delta;
  f.message = "the intervals add up to " + f.value->to_string(2) + " but the register moved by " +
              register_delta.to_string(2);
  return f;
}

}  // namespace submeter::vee
