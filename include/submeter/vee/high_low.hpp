#pragma once
/// \file
/// VEE-5: high/low against the meter's own history. A period's use far above or below the
/// average of the meter's last periods (3 by default: the 估抄 habit of 近三月平均) is worth a
/// look before the bill goes out: a `warning`, never a refusal (a tenant may have doubled their
/// load, or closed for a holiday).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/vee/detail/wide.hpp"
#include "submeter/vee/finding.hpp"

namespace submeter::vee {

/// VEE-5's parameters.
struct high_low_params {
  /// How many earlier periods make the average (the most recent ones). At least 1.
  std::size_t periods = 3;
  /// How far from the average a period may be, in percent either way (50: between 50 % and
  /// 150 % of the average).
  std::int64_t percent = 50;
  /// Below this average no judgement (a meter of a vacant unit): 1 kWh.
  energy min_average = energy::from_integer(1);
};

/// VEE-5: a `warning` when `current` (the period's use, starting at `period_start`) is above
/// (100 + p.percent) % or below (100 − p.percent) % of the average of the last p.periods values
/// of `history` (earlier periods, oldest first); nothing with fewer periods of history or an
/// average below p.min_average. `expected` is the average (rounded half up to 1e-4 kWh).
/// Refuses (errc::invalid_argument) periods = 0 or a percent outside 0..1000.
[[nodiscard]] inline std::optional<finding> check_high_low(const std::string& meter_id,
                                                           local_time period_start, energy current,
                                                           const std::vector<energy>& history,
                                                           const high_low_params& p = {}) {
  if (p.periods == 0 || p.percent < 0 || p.percent > 1000) {
    throw error(errc::invalid_argument, "high/low parameters: periods >= 1, percent 0..1000",
                {{"periods", std::to_string(p.periods)}, {"percent", std::to_string(p.percent)}});
  }
  if (history.size() < p.periods) return std::nullopt;
  std::int64_t sum = 0;
  for (std::size_t i = history.size() - p.periods; i < history.size(); ++i) {
    sum += history[i].mantissa();
  }
  const auto n = static_cast<std::int64_t>(p.periods);
  if (detail::mul(sum, 1) < detail::mul(p.min_average.mantissa(), n)) return std::nullopt;
  // current vs average × (100 ± percent) / 100, compared as current × 100 × n vs sum × (100 ± p)
  const auto lhs = detail::mul(current.mantissa(), 100 * n);
  const bool high = lhs > detail::mul(sum, 100 + p.percent);
  const bool low = lhs < detail::mul(sum, 100 - p.percent);
  if (!high && !low) return std::nullopt;
  finding f;
  f.what = rule::high_low;
  f.level = severity::warning;
  f.meter_id = meter_id;
  f.time = period_start;
  f.until = period_start;
  f.value = current;
  const std::int64_t avg = (2 * sum + n) / (2 * n);  // half up (sum >= 0)
  f.expected = energy::from_mantissa(avg);
  f.message = std::string(high ? "above " : "below ") +
              std::to_string(high ? 100 + p.percent : 100 - p.percent) +
              " % of the average of the last " + std::to_string(p.periods) + " periods";
  return f;
}

}  // namespace submeter::vee
