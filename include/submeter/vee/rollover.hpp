#pragma once
/// \file
/// VEE-3: a register that reads less than before either rolled over (it passed its largest value,
/// 999999.99 kWh on a DL/T 645 XXXXXX.XX register, and started again from 0) or went backwards (a
/// bad read, a swapped meter, a reset). Which one is decided by the register's digits and by how
/// much use the rollover would mean: a rollover is only believed when that use is plausible.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/vee/finding.hpp"

namespace submeter::vee {

/// VEE-3's parameters: the register's format and the largest use a rollover may stand for.
struct rollover_params {
  /// Digits before the decimal point: 6 for DL/T 645 XXXXXX.XX (largest 999999.99), 8 for a
  /// Modbus UINT32 at 0.01 kWh read as 42949672.95 (which the meter wraps at 10^8 in practice).
  /// 1..14.
  int integer_digits = 6;
  /// Digits after it (the register's resolution, 2 for 0.01 kWh). 0..4.
  int decimals = 2;
  /// The largest use a rollover may mean (capacity − before + after); default: 1 % of the
  /// register's capacity (10,000 kWh on a 6-digit register).
  std::optional<energy> max_use;

  /// The register's capacity 10^integer_digits (999999.99 + 0.01 on XXXXXX.XX). Refuses
  /// (errc::invalid_argument) digits outside 1..14.
  [[nodiscard]] energy capacity() const {
    if (integer_digits < 1 || integer_digits > 14) {
      throw error(errc::invalid_argument, "a register has 1..14 integer digits",
                  {{"integer_digits", std::to_string(integer_digits)}});
    }
    std::int64_t units = 1;
    for (int i = 0; i < integer_digits; ++i) units *= 10;
    return energy::from_integer(units);
  }
  /// The largest value the register shows (999999.99 on XXXXXX.XX).
  [[nodiscard]] energy largest() const {
    std::int64_t step = 1;
    for (int i = decimals; i < 4; ++i) step *= 10;
    return capacity() - energy::from_mantissa(step);
  }
  /// max_use, or 1 % of the capacity.
  [[nodiscard]] energy rollover_limit() const {
    return max_use ? *max_use : energy::from_mantissa(capacity().mantissa() / 100);
  }
};

/// What one step between two consecutive reads of a register is.
enum class step_kind : std::uint8_t { forward, rollover, backwards };

/// One step: its kind and the use it stands for (after − before forward; capacity − before +
/// after for a rollover; after − before, negative, backwards).
struct register_step {
  step_kind kind = step_kind::forward;
  energy use;
};

/// VEE-3: classifies the step from `before` to `after` of one register. A step down is a
/// rollover when `before` is below the capacity, `after` is not negative and the use across the
/// largest value (capacity − before + after) is at most p.rollover_limit(); else backwards.
[[nodiscard]] inline register_step classify_step(energy before, energy after,
                                                 const rollover_params& p = {}) {
  if (!(after < before)) return {step_kind::forward, after - before};
  const energy cap = p.capacity();
  if (before < cap && !(after < energy{})) {
    const energy across = cap - before + after;
    if (!(p.rollover_limit() < across)) return {step_kind::rollover, across};
  }
  return {step_kind::backwards, after - before};
}

/// VEE-3 over the reads of one register of one meter, in time order: a rollover is an `info`
/// finding (the use is counted across it), a step backwards an `exception` (the read is not
/// billable; later reads are compared with the last read that did not go backwards, so one bad
/// read makes one finding). Reads of other meters or registers than the first's are refused
/// (errc::invalid_argument), as are reads out of time order (errc::out_of_order).
[[nodiscard]] inline std::vector<finding> find_register_steps(
    const std::vector<metering::register_value>& reads, const rollover_params& p = {}) {
  std::vector<finding> out;
  if (reads.empty()) return out;
  const auto& first = reads.front();
  const metering::register_value* base = &first;
  for (std::size_t i = 1; i < reads.size(); ++i) {
    const auto& r = reads[i];
    if (r.meter_id != first.meter_id || r.register_number != first.register_number) {
      throw error(errc::invalid_argument, "find_register_steps reads one register of one meter",
                  {{"meter", first.meter_id}, {"other_meter", r.meter_id}});
    }
    if (!(reads[i - 1].time < r.time)) {
      throw error(errc::out_of_order, "reads must be in time order",
                  {{"meter", r.meter_id}, {"time", local_interval::format(r.time)}});
    }
    const auto s = classify_step(base->value, r.value, p);
    if (s.kind == step_kind::forward) {
      base = &r;
      continue;
    }
    finding f;
    f.meter_id = r.meter_id;
    f.register_number = r.register_number;
    f.time = r.time;
    f.until = r.time;
    f.value = r.value;
    f.expected = base->value;
    if (s.kind == step_kind::rollover) {
      f.what = rule::rollover;
      f.level = severity::info;
      f.message = "the register rolled over its largest value (" +
                  p.largest().to_string(p.decimals) + "); use " + s.use.to_string(p.decimals) +
                  " counted across it";
      base = &r;
    } else {
      f.what = rule::backwards;
      f.level = severity::exception;
      f.message = "the register goes backwards from " + base->value.to_string(p.decimals) + " at " +
                  local_interval::format(base->time) + ", more than a rollover within " +
                  p.rollover_limit().to_string(0) + " kWh explains";
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace submeter::vee
