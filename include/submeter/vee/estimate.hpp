#pragma once
/// \file
/// Estimation: reads that are missing are estimated (估抄), marked so on every bill, and never
/// edited afterwards (the actual read, when it comes, is set against the estimate by a true-up).
///
/// - EST-1 linear: a short run of missing reads between two actual reads gets the register delta
///   split evenly over its intervals (largest remainder at the register's resolution, so the
///   estimates add up to the delta exactly and never go backwards).
/// - EST-2 like-day: a longer run gets the delta split in proportion to the use of the same
///   intervals on a like day (a week earlier, else a day earlier); linear when that day is
///   incomplete or used nothing.
/// - EST-3 average of periods: a read missing at a billing bound is the last read plus the
///   average use of the meter's last periods (3 by default), rounded to the register's
///   resolution.
/// - EST-4 the cap: more consecutive estimated bounds than allowed make the meter an exception,
///   not a bill.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/vee/detail/wide.hpp"
#include "submeter/vee/finding.hpp"
#include "submeter/vee/interval_values.hpp"
#include "submeter/vee/rollover.hpp"

namespace submeter::vee {

/// How an estimate was made.
enum class estimate_method : std::uint8_t { linear, like_day, average_of_periods };

/// "linear", "like_day" or "average_of_periods".
[[nodiscard]] constexpr std::string_view to_string(estimate_method m) noexcept {
  switch (m) {
    case estimate_method::linear:
      return "linear";
    case estimate_method::like_day:
      return "like_day";
    case estimate_method::average_of_periods:
      return "average_of_periods";
  }
  return "unknown";
}

/// "EST-1", "EST-2" or "EST-3".
[[nodiscard]] constexpr std::string_view rule_id(estimate_method m) noexcept {
  switch (m) {
    case estimate_method::linear:
      return "EST-1";
    case estimate_method::like_day:
      return "EST-2";
    case estimate_method::average_of_periods:
      return "EST-3";
  }
  return "EST-?";
}

/// Parses a name printed by to_string(estimate_method); nullopt otherwise.
[[nodiscard]] constexpr std::optional<estimate_method> parse_estimate_method(
    std::string_view t) noexcept {
  for (int i = 0; i <= static_cast<int>(estimate_method::average_of_periods); ++i) {
    if (to_string(static_cast<estimate_method>(i)) == t) return static_cast<estimate_method>(i);
  }
  return std::nullopt;
}

/// One estimated register read.
struct estimate {
  std::string meter_id;
  int register_number = 0;
  /// The device time the read stands for (a grid slot, or a billing bound).
  local_time time{};
  /// The estimated cumulative register (as the meter would show it).
  energy value;
  estimate_method method = estimate_method::linear;
  /// What it was made from, for a person and for the bill ("between 2026-07-03T10:00:00
  /// (1234.50) and …", "last read 1234.56 at … + average of 3 periods 456.78").
  std::string basis;

  /// The store row of the estimate: quality estimated, source vee_estimate, no received time.
  [[nodiscard]] metering::register_value as_value() const {
    metering::register_value v;
    v.meter_id = meter_id;
    v.register_number = register_number;
    v.time = time;
    v.value = value;
    v.source = metering::reading_source::vee_estimate;
    v.quality = metering::reading_quality::estimated;
    return v;
  }
};

/// The estimation parameters (EST-1 .. EST-4).
struct estimate_params {
  /// Runs of up to this many missing reads are linear (EST-1), longer ones like-day (EST-2):
  /// 4 (an hour of 15-minute reads).
  std::size_t linear_max_missing = 4;
  /// Runs longer than this are not estimated at all (a week of 15-minute reads): the gap stays
  /// a VEE-2 finding.
  std::size_t max_missing = 7 * 96;
  /// How many earlier periods EST-3 averages (the most recent ones); fewer are used when the
  /// meter has fewer, at least one.
  std::size_t periods = 3;
  /// EST-4: how many consecutive estimated billing bounds a meter may have; one more is an
  /// exception (2).
  int max_consecutive = 2;
};

namespace detail {

/// `units` split into parts proportional to `weights` (all >= 0, sum > 0) by largest
/// remainder, ties to the earlier part: the parts add up to `units` exactly.
[[nodiscard]] inline std::vector<std::int64_t> split_units(
    std::int64_t units, const std::vector<std::int64_t>& weights) {
  wide total = 0;
  for (const auto w : weights) total += w;
  std::vector<std::int64_t> parts(weights.size(), 0);
  std::vector<wide> remainder(weights.size(), 0);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const wide p = mul(units, weights[i]);
    parts[i] = static_cast<std::int64_t>(p / total);
    remainder[i] = p % total;
    given += parts[i];
  }
  for (std::int64_t left = units - given; left > 0; --left) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < weights.size(); ++i) {
      if (remainder[i] > remainder[best]) best = i;
    }
    parts[best] += 1;
    remainder[best] = -1;
  }
  return parts;
}

[[nodiscard]] inline std::int64_t resolution_mantissa(const rollover_params& p) noexcept {
  std::int64_t step = 1;
  for (int i = p.decimals; i < 4; ++i) step *= 10;
  return step;
}

[[nodiscard]] inline std::string read_text(local_time t, std::int64_t m, int decimals) {
  return local_interval::format(t) + " (" + energy::from_mantissa(m).to_string(decimals) + ")";
}

}  // namespace detail

/// EST-1 and EST-2 over one register's reads on a grid: `reads[i]` is the register at start +
/// i × step (mantissa at 1e-4), `missing` where there was no read. Every run of missing reads
/// between two actual reads, of at most p.max_missing, gets estimates: the register delta
/// across the run (a rollover counted, VEE-3) split over its intervals evenly (EST-1, runs of at
/// most p.linear_max_missing) or in proportion to the use of the same intervals 7 days earlier,
/// else 1 day earlier, when those are all present with a positive sum (EST-2; else EST-1). The
/// delta is split in units of the register's resolution (r.decimals) when it is a whole number of
/// them, else of 1e-4. A run whose bounding reads go backwards, and runs at either end, are not
/// estimated. In time order.
[[nodiscard]] inline std::vector<estimate> estimate_gaps(const std::string& meter_id,
                                                         int register_number, local_time start,
                                                         std::chrono::minutes step,
                                                         const std::vector<std::int64_t>& reads,
                                                         const estimate_params& p = {},
                                                         const rollover_params& r = {}) {
  std::vector<estimate> out;
  const auto use = interval_use(reads, r);
  const auto slots_per_day = static_cast<std::size_t>(std::chrono::hours(24) / step);
  std::size_t i = 0;
  while (i < reads.size()) {
    if (reads[i] != missing) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < reads.size() && reads[j] == missing) ++j;
    const std::size_t first = i;
    i = j;
    if (first == 0 || j == reads.size() || j - first > p.max_missing) continue;
    const std::size_t a = first - 1;  // the actual read before the run, and after: j
    const auto s =
        classify_step(energy::from_mantissa(reads[a]), energy::from_mantissa(reads[j]), r);
    if (s.kind == step_kind::backwards) continue;
    const std::size_t intervals = j - a;
    std::int64_t unit = detail::resolution_mantissa(r);
    if (s.use.mantissa() % unit != 0) unit = 1;
    std::vector<std::int64_t> weights(intervals, 1);
    estimate_method method = estimate_method::linear;
    std::string basis =
        "between " +
        detail::read_text(start + step * static_cast<std::int64_t>(a), reads[a], r.decimals) +
        " and " +
        detail::read_text(start + step * static_cast<std::int64_t>(j), reads[j], r.decimals);
    if (j - first > p.linear_max_missing) {
      for (const std::size_t days : {std::size_t{7}, std::size_t{1}}) {
        const std::size_t back = days * slots_per_day;
        if (a < back) continue;
        std::vector<std::int64_t> like(intervals, 0);
        std::int64_t sum = 0;
        bool complete = true;
        for (std::size_t k = 0; k < intervals && complete; ++k) {
          const std::int64_t u = use[a - back + k];
          if (u == missing) complete = false;
          like[k] = u;
          sum += u;
        }
        if (!complete || sum <= 0) continue;
        weights = like;
        method = estimate_method::like_day;
        basis +=
            ", shaped like " + std::to_string(days) + " day" + (days == 1 ? "" : "s") + " earlier";
        break;
      }
      if (method == estimate_method::linear) basis += ", linear: no complete like day";
    }
    const auto parts = detail::split_units(s.use.mantissa() / unit, weights);
    const std::int64_t cap = r.capacity().mantissa();
    std::int64_t value = reads[a];
    for (std::size_t k = first; k < j; ++k) {
      value += parts[k - first] * unit;
      if (value >= cap) value -= cap;
      estimate e;
      e.meter_id = meter_id;
      e.register_number = register_number;
      e.time = start + step * static_cast<std::int64_t>(k);
      e.value = energy::from_mantissa(value);
      e.method = method;
      e.basis = basis;
      out.push_back(std::move(e));
    }
  }
  return out;
}

/// EST-3 (估抄): the register at billing bound `bound` when it was not read: `last_read` (the
/// last read before the bound, at `last_time`: the previous bound's read, or a later one) plus
/// the average of the last p.periods values of `period_use` (earlier periods' use of this
/// register, oldest first; fewer when there are fewer, at least one) scaled by (bound −
/// last_time) / `period_length` (1 when the last read is the previous bound's), rounded half up
/// to the register's resolution (r.decimals), wrapped past the register's capacity. nullopt
/// without any history: the meter is then an exception (nothing to estimate from). Refuses
/// (errc::invalid_argument) a negative period use, a last read after the bound or a period
/// length that is not positive.
[[nodiscard]] inline std::optional<estimate> estimate_bound_read(
    const std::string& meter_id, int register_number, local_time bound, local_time last_time,
    energy last_read, const std::vector<energy>& period_use, std::chrono::seconds period_length,
    const estimate_params& p = {}, const rollover_params& r = {}) {
  if (bound < last_time || period_length.count() <= 0) {
    throw error(errc::invalid_argument, "EST-3 needs a last read before the bound and a period",
                {{"meter", meter_id},
                 {"bound", local_interval::format(bound)},
                 {"last_time", local_interval::format(last_time)}});
  }
  if (period_use.empty() || p.periods == 0) return std::nullopt;
  const std::size_t n = period_use.size() < p.periods ? period_use.size() : p.periods;
  std::int64_t sum = 0;
  for (std::size_t i = period_use.size() - n; i < period_use.size(); ++i) {
    if (period_use[i] < energy{}) {
      throw error(errc::invalid_argument, "a period's use is negative",
                  {{"meter", meter_id}, {"use", period_use[i].to_string()}});
    }
    sum += period_use[i].mantissa();
  }
  const std::int64_t unit = detail::resolution_mantissa(r);
  const auto count = static_cast<std::int64_t>(n);
  const std::int64_t elapsed =
      std::chrono::duration_cast<std::chrono::seconds>(bound - last_time).count();
  // sum × elapsed / (count × length), rounded half up to `unit`:
  // (2 × sum × elapsed + d × unit) / (2 × d × unit) × unit with d = count × length
  const detail::wide d = detail::mul(count, period_length.count());
  const detail::wide num = detail::mul(sum, elapsed) * 2 + d * unit;
  const std::int64_t avg = static_cast<std::int64_t>(num / (d * 2 * unit)) * unit;
  std::int64_t value = last_read.mantissa() + avg;
  const std::int64_t cap = r.capacity().mantissa();
  while (value >= cap) value -= cap;
  estimate e;
  e.meter_id = meter_id;
  e.register_number = register_number;
  e.time = bound;
  e.value = energy::from_mantissa(value);
  e.method = estimate_method::average_of_periods;
  e.basis = "last read " + last_read.to_string(r.decimals) + " at " +
            local_interval::format(last_time) + " + " +
            energy::from_mantissa(avg).to_string(r.decimals) + " (average use of " +
            std::to_string(n) + " earlier period" + (n == 1 ? "" : "s") +
            (elapsed == period_length.count() ? "" : ", pro rata") + ")";
  return e;
}

/// EST-4: an `exception` when a meter has more than p.max_consecutive consecutive estimated
/// billing bounds (`consecutive` counts the one at `time`): it is read, or it is not billed.
[[nodiscard]] inline std::optional<finding> check_estimate_cap(const std::string& meter_id,
                                                               local_time time, int consecutive,
                                                               const estimate_params& p = {}) {
  if (consecutive <= p.max_consecutive) return std::nullopt;
  finding f;
  f.what = rule::estimate_cap;
  f.level = severity::exception;
  f.meter_id = meter_id;
  f.time = time;
  f.until = time;
  f.message = std::to_string(consecutive) + " consecutive estimated reads, more than the " +
              std::to_string(p.max_consecutive) + " allowed: read the meter before billing it";
  return f;
}

}  // namespace submeter::vee
