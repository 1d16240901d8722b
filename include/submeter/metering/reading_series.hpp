#pragma once
/// \file
/// metering::reading_series: the readings of one meter in time order, validated once.
///
/// Built by make(): readings strictly increasing in time, and no register going backwards
/// between neighbours, so any two readings of a series give a valid usage.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::metering {

/// The readings of one meter, in strictly increasing time order.
class reading_series {
 public:
  /// Builds a series. Refuses, with the offending reading's 0-based position in `index`:
  /// a negative register, total or rate (errc::invalid_argument: a cumulative register counts up
  /// from zero, so -100 then -50 is not 50 kWh; naming the register and value); two readings at
  /// the same time (errc::duplicate); a reading earlier than the one before it
  /// (errc::out_of_order); a register going backwards or appearing/disappearing between
  /// neighbours (errc::inconsistent, as usage() does); a usage between neighbours too large to
  /// hold exactly (errc::invalid_argument, register difference × multiplier beyond the energy
  /// type's range).
  [[nodiscard]] static reading_series make(meter m, std::vector<register_reading> readings) {
    for (std::size_t i = 0; i < readings.size(); ++i) {
      const auto negative = [&](const std::string& name, const energy& v) {
        throw error(errc::invalid_argument, "a cumulative register reading cannot be negative",
                    {{"meter", m.id()},
                     {"register", name},
                     {"time", local_interval::format(readings[i].time)},
                     {"value", v.to_string()},
                     {"index", std::to_string(i)}});
      };
      if (readings[i].total.is_negative()) negative("total", readings[i].total);
      for (int n = 1; n <= max_rate_registers; ++n) {
        const auto r = readings[i].rate(n);
        if (r && r->is_negative()) negative(register_name(n), *r);
      }
    }
    for (std::size_t i = 1; i < readings.size(); ++i) {
      const auto& prev = readings[i - 1];
      const auto& cur = readings[i];
      if (cur.time == prev.time) {
        throw error(errc::duplicate, "two readings of a meter at the same time",
                    {{"meter", m.id()},
                     {"time", local_interval::format(cur.time)},
                     {"index", std::to_string(i)}});
      }
      try {
        // Checks order and every register; the rounding mode is irrelevant to validation.
        (void)usage(m, prev, cur, rounding::half_up);
      } catch (const error& e) {
        throw e.with("index", std::to_string(i));
      } catch (const std::overflow_error&) {
        throw error(errc::invalid_argument,
                    "the usage between two readings is too large to compute exactly (register "
                    "difference x multiplier)",
                    {{"meter", m.id()},
                     {"multiplier", m.multiplier().to_string()},
                     {"from_time", local_interval::format(prev.time)},
                     {"to_time", local_interval::format(cur.time)},
                     {"index", std::to_string(i)}});
      }
    }
    return reading_series(std::move(m), std::move(readings));
  }

  [[nodiscard]] const meter& source() const noexcept { return meter_; }
  [[nodiscard]] const std::vector<register_reading>& readings() const noexcept { return readings_; }

  /// The last reading at or before `t` and not earlier than `t − tolerance`, or nullopt.
  [[nodiscard]] std::optional<register_reading> at_or_before(local_time t,
                                                             std::chrono::seconds tolerance) const {
    const auto it =
        std::upper_bound(readings_.begin(), readings_.end(), t,
                         [](local_time v, const register_reading& r) { return v < r.time; });
    if (it == readings_.begin()) return std::nullopt;
    const auto& r = *(it - 1);
    if (r.time < t - tolerance) return std::nullopt;
    return r;
  }

 private:
  reading_series(meter m, std::vector<register_reading> readings)
      : meter_(std::move(m)), readings_(std::move(readings)) {}
  meter meter_;
  std::vector<register_reading> readings_;
};

}  // namespace submeter::metering
