#pragma once
/// \file
/// metering::interval_series: a gap-free run of interval values of one meter or line (average
/// power or energy per interval), validated once, and the interval-by-interval sum of series on
/// one grid.
///
/// Interval data are labelled by their start; a series starts on its step grid (a step divides
/// the day) and holds values at 1e-4 kW or kWh, none negative and none above 1e10, so every
/// window sum of demand.hpp fits in int64.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"

namespace submeter::metering {

/// What the power values measure: active power (kW) or apparent power (kVA). The arithmetic is
/// the same; the unit is carried to the bill line.
enum class demand_unit { kw, kva };

/// "kW" or "kVA".
[[nodiscard]] constexpr std::string_view to_string(demand_unit u) noexcept {
  return u == demand_unit::kw ? "kW" : "kVA";
}

/// One timestamped interval value, for series that arrive as (time, value) pairs.
struct power_sample {
  local_time time{};  ///< the interval's start (interval data are labelled by their start)
  power value;        ///< average power over the interval, kW or kVA
};

/// A gap-free run of interval values of one meter or line: average power per interval, or energy
/// per interval. Built by a validating factory, so a series is valid by type.
class interval_series {
 public:
  /// What each value is.
  enum class kind {
    average_power,  ///< kW (kVA) averaged over the interval
    energy,         ///< kWh (kVAh) in the interval; demand = window energy × 60 / window minutes
  };

  /// The largest accepted value, 1e10 kW or kWh per interval: keeps every window sum in int64.
  static constexpr std::int64_t max_mantissa = std::int64_t{100000000000000};

  /// A series of average-power values from `start`, one every `step`.
  /// Refuses (submeter::error): a step that does not divide the day or a start off the step grid
  /// (errc::invalid_argument), no values (errc::invalid_argument), a negative value
  /// (errc::invalid_argument, "negative demand", naming index and time), a value above 1e10.
  [[nodiscard]] static interval_series of_power(local_time start, std::chrono::minutes step,
                                                const std::vector<power>& values,
                                                demand_unit unit = demand_unit::kw) {
    std::vector<std::int64_t> m(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) m[i] = values[i].mantissa();
    return make(start, step, std::move(m), kind::average_power, unit);
  }
  /// A series of interval energies (kWh per interval at 1e-4), refused as of_power refuses.
  [[nodiscard]] static interval_series of_energy(local_time start, std::chrono::minutes step,
                                                 const std::vector<energy>& values,
                                                 demand_unit unit = demand_unit::kw) {
    std::vector<std::int64_t> m(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) m[i] = values[i].mantissa();
    return make(start, step, std::move(m), kind::energy, unit);
  }
  /// A series from timestamped samples that must follow each other by exactly `step`.
  /// Refuses a gap (errc::inconsistent, naming the first missing interval `gap_begin`, the next
  /// sample `gap_end` and `missing_intervals`), a sample at or before the previous one
  /// (errc::out_of_order), and what of_power refuses.
  [[nodiscard]] static interval_series from_samples(const std::vector<power_sample>& samples,
                                                    std::chrono::minutes step,
                                                    demand_unit unit = demand_unit::kw) {
    if (samples.empty()) throw error(errc::invalid_argument, "no interval data");
    std::vector<std::int64_t> m(samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
      if (i > 0) {
        const auto expected = samples[i - 1].time + step;
        if (samples[i].time < expected) {
          throw error(errc::out_of_order, "interval data out of order or overlapping",
                      {{"index", std::to_string(i)},
                       {"time", local_interval::format(samples[i].time)},
                       {"expected", local_interval::format(expected)}});
        }
        if (samples[i].time > expected) {
          const auto missing = (samples[i].time - expected) / step;
          throw error(errc::inconsistent, "interval data have a gap",
                      {{"gap_begin", local_interval::format(expected)},
                       {"gap_end", local_interval::format(samples[i].time)},
                       {"missing_intervals", std::to_string(missing)}});
        }
      }
      m[i] = samples[i].value.mantissa();
    }
    return make(samples.front().time, step, std::move(m), kind::average_power, unit);
  }

  /// The start of the first interval (local time).
  [[nodiscard]] local_time start() const noexcept { return start_; }
  /// The interval length.
  [[nodiscard]] std::chrono::minutes step() const noexcept { return step_; }
  /// The end of the last interval.
  [[nodiscard]] local_time end() const noexcept {
    return start_ + step_ * static_cast<std::int64_t>(values_.size());
  }
  /// The number of intervals.
  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }
  /// Average power or energy per interval.
  [[nodiscard]] kind value_kind() const noexcept { return kind_; }
  /// kW or kVA.
  [[nodiscard]] demand_unit unit() const noexcept { return unit_; }
  /// The values as mantissas at 1e-4 (kW or kWh).
  [[nodiscard]] const std::vector<std::int64_t>& mantissas() const noexcept { return values_; }

 private:
  static interval_series make(local_time start, std::chrono::minutes step,
                              std::vector<std::int64_t> values, kind k, demand_unit unit) {
    if (step.count() < 1 || 1440 % step.count() != 0) {
      throw error(errc::invalid_argument, "an interval step must divide the day (1440 minutes)",
                  {{"step_minutes", std::to_string(step.count())}});
    }
    const auto since_midnight = start - date::floor<date::days>(start);
    if (since_midnight % step != std::chrono::seconds{0}) {
      throw error(errc::invalid_argument, "interval data must start on a step boundary",
                  {{"start", local_interval::format(start)},
                   {"step_minutes", std::to_string(step.count())}});
    }
    if (values.empty()) throw error(errc::invalid_argument, "no interval data");
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] < 0 || values[i] > max_mantissa) {
        const auto t = start + step * static_cast<std::int64_t>(i);
        throw error(errc::invalid_argument,
                    values[i] < 0 ? "negative demand in interval data"
                                  : "interval value above 1e10 is out of range",
                    {{"index", std::to_string(i)},
                     {"time", local_interval::format(t)},
                     {"value", power::from_mantissa(values[i]).to_string(0)}});
      }
    }
    interval_series s;
    s.start_ = start;
    s.step_ = step;
    s.values_ = std::move(values);
    s.kind_ = k;
    s.unit_ = unit;
    return s;
  }

  local_time start_{};
  std::chrono::minutes step_{1};
  std::vector<std::int64_t> values_;
  kind kind_ = kind::average_power;
  demand_unit unit_ = demand_unit::kw;
};

/// The interval-by-interval sum of series on the same grid (the coincident load of a site, or of
/// several lines). Refuses (errc::inconsistent) series that differ in start, step, length, kind
/// or unit, naming the first that differs; errc::invalid_argument for none.
[[nodiscard]] inline interval_series sum_series(const std::vector<interval_series>& series) {
  if (series.empty()) throw error(errc::invalid_argument, "no series to sum");
  const auto& a = series.front();
  std::vector<std::int64_t> total(a.mantissas());
  for (std::size_t k = 1; k < series.size(); ++k) {
    const auto& b = series[k];
    if (b.start() != a.start() || b.step() != a.step() || b.size() != a.size() ||
        b.value_kind() != a.value_kind() || b.unit() != a.unit()) {
      throw error(errc::inconsistent, "series to sum must share start, step, length and kind",
                  {{"index", std::to_string(k)},
                   {"start", local_interval::format(b.start())},
                   {"expected_start", local_interval::format(a.start())},
                   {"intervals", std::to_string(b.size())},
                   {"expected_intervals", std::to_string(a.size())}});
    }
    for (std::size_t i = 0; i < total.size(); ++i) total[i] += b.mantissas()[i];
  }
  std::vector<power> p(total.size());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = power::from_mantissa(total[i]);
  if (a.value_kind() == interval_series::kind::average_power) {
    return interval_series::of_power(a.start(), a.step(), p, a.unit());
  }
  std::vector<energy> e(total.size());
  for (std::size_t i = 0; i < e.size(); ++i) e[i] = energy::from_mantissa(total[i]);
  return interval_series::of_energy(a.start(), a.step(), e, a.unit());
}

}  // namespace submeter::metering
