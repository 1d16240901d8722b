#pragma once
/// \file
/// Interval data classified into rate registers (tariffs.md §1.1, §1.2).
///
/// Interval values are labelled by their start and have a fixed step that divides the day
/// (1, 5, 15, 30 or 60 minutes…). An interval belongs to the register in force at its start;
/// an interval that crosses a register boundary (hourly data against an 11:30 boundary) is split
/// pro rata by minutes, to 0.0001 kWh by largest remainder, and counted so the line can say so.
///
/// The schedule is resolved once per window into a slot map (`window_classifier`), shared by any
/// number of meters; classifying a meter is then one pass of adds over its values.

#include <date/date.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <vector>

#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/time.hpp"
#include "submeter/tariff/tou_schedule.hpp"

namespace submeter::tariff {

/// Energy per rate register: index 1..8; index 0 unused.
using register_energy = std::array<energy, max_rate_registers + 1>;

/// The result of classifying one meter's intervals.
struct classified_usage {
  register_energy by_register{};
  energy total;
  std::int64_t split_intervals = 0;  ///< intervals split pro rata across a register boundary
};

/// A schedule resolved over a run of intervals: which register each interval's minutes fall in.
class window_classifier {
 public:
  /// Resolves `schedule` for `count` intervals of `step` starting at `start` (local time).
  /// Refuses (submeter::error, errc::invalid_argument): a step that is not a whole number of
  /// minutes dividing 1440, a start not aligned to the step, a count < 1.
  [[nodiscard]] static window_classifier make(const tou_schedule& schedule,
                                              const calendar::holiday_calendar& holidays,
                                              const calendar::day_marks& marks, local_time start,
                                              std::chrono::minutes step, std::int64_t count) {
    const auto step_min = step.count();
    if (step_min < 1 || minutes_per_day % step_min != 0) {
      throw error(errc::invalid_argument,
                  "an interval step must be a whole number of minutes that divides the day",
                  {{"step_minutes", std::to_string(step_min)}});
    }
    const auto day0 = date::floor<date::days>(start);
    const auto offset = std::chrono::duration_cast<std::chrono::seconds>(start - day0).count();
    if (offset % (step_min * 60) != 0) {
      throw error(
          errc::invalid_argument, "interval data must start on a step boundary",
          {{"start", local_interval::format(start)}, {"step_minutes", std::to_string(step_min)}});
    }
    if (count < 1)
      throw error(errc::invalid_argument, "no intervals", {{"count", std::to_string(count)}});
    window_classifier w;
    w.step_ = static_cast<int>(step_min);
    w.slot_.resize(static_cast<std::size_t>(count));
    const int per_day = minutes_per_day / w.step_;
    std::int64_t i = 0;
    int slot = static_cast<int>(offset / 60 / step_min);
    for (auto day = day0; i < count; day += date::days{1}, slot = 0) {
      const auto table = schedule.table_for(day, holidays, marks);
      const auto& map = table.minute_map();
      for (; slot < per_day && i < count; ++slot, ++i) {
        const auto first = map[static_cast<std::size_t>(slot * w.step_)];
        bool uniform = true;
        for (int m = slot * w.step_ + 1; m < (slot + 1) * w.step_; ++m)
          uniform = uniform && map[static_cast<std::size_t>(m)] == first;
        if (uniform) {
          w.slot_[static_cast<std::size_t>(i)] = first;
        } else {
          mixed_slot mx;
          for (int m = slot * w.step_; m < (slot + 1) * w.step_; ++m)
            ++mx.minutes[map[static_cast<std::size_t>(m)]];
          w.slot_[static_cast<std::size_t>(i)] = 0;
          w.mixed_.push_back(mx);
        }
      }
    }
    // Runs of consecutive intervals on one register; each mixed interval is a run of its own.
    std::size_t next_mixed = 0;
    for (std::int64_t k = 0; k < count;) {
      const auto reg = w.slot_[static_cast<std::size_t>(k)];
      if (reg == 0) {
        w.runs_.push_back({k, k + 1, 0, static_cast<std::int64_t>(next_mixed++)});
        ++k;
        continue;
      }
      std::int64_t e = k + 1;
      while (e < count && w.slot_[static_cast<std::size_t>(e)] == reg) ++e;
      w.runs_.push_back({k, e, reg, -1});
      k = e;
    }
    return w;
  }

  [[nodiscard]] std::int64_t size() const noexcept {
    return static_cast<std::int64_t>(slot_.size());
  }
  /// The register of interval i (0 when it crosses a boundary).
  [[nodiscard]] int register_of(std::int64_t i) const noexcept {
    return slot_[static_cast<std::size_t>(i)];
  }
  /// Intervals that cross a register boundary.
  [[nodiscard]] std::size_t mixed_count() const noexcept { return mixed_.size(); }

  /// Classifies one meter's interval energies, given as mantissas at 1e-4 kWh (energy's scale),
  /// `size()` of them. Refuses a negative interval (errc::inconsistent, naming its index).
  /// Throws std::overflow_error if a register's sum leaves the int64 range.
  [[nodiscard]] classified_usage classify(const std::int64_t* mantissas) const {
    std::array<std::int64_t, max_rate_registers + 1> acc{};
    classified_usage out;
    for (const auto& r : runs_) {
      // A plain, vectorisable pass per run of one register; sign and size are checked after it.
      std::uint64_t sum = 0;
      std::int64_t any_bits = 0;
      std::int64_t largest = 0;
      for (std::int64_t i = r.begin; i < r.end; ++i) {
        const std::int64_t v = mantissas[i];
        sum += static_cast<std::uint64_t>(v);
        any_bits |= v;
        largest = v > largest ? v : largest;
      }
      if (any_bits < 0) throw_negative(mantissas, r.begin, r.end);
      const std::int64_t len = r.end - r.begin;
      std::int64_t run_sum = 0;
      if (largest <= std::numeric_limits<std::int64_t>::max() / len) {
        run_sum = static_cast<std::int64_t>(sum);  // len values each <= max/len: no wrap
      } else {
        for (std::int64_t i = r.begin; i < r.end; ++i) {
          if (__builtin_add_overflow(run_sum, mantissas[i], &run_sum))
            submeter::detail::throw_overflow("energy classify");
        }
      }
      if (r.rate_register != 0) {
        const auto k = static_cast<std::size_t>(r.rate_register);
        if (__builtin_add_overflow(acc[k], run_sum, &acc[k])) {
          submeter::detail::throw_overflow("energy classify");
        }
        continue;
      }
      // A run of one interval crossing a register boundary: split pro rata by minutes.
      const auto& minutes = mixed_[static_cast<std::size_t>(r.mixed)].minutes;
      const auto parts = split(energy::from_mantissa(run_sum), minutes, energy::from_mantissa(1));
      for (std::size_t k = 1; k < parts.size(); ++k) {
        if (__builtin_add_overflow(acc[k], parts[k].mantissa(), &acc[k]))
          submeter::detail::throw_overflow("energy classify");
      }
      ++out.split_intervals;
    }
    std::int64_t total = 0;
    for (std::size_t k = 1; k < acc.size(); ++k) {
      out.by_register[k] = energy::from_mantissa(acc[k]);
      if (__builtin_add_overflow(total, acc[k], &total))
        submeter::detail::throw_overflow("energy classify");
    }
    out.total = energy::from_mantissa(total);
    return out;
  }

  /// Classifies a vector of energies (must hold size() values; errc::invalid_argument otherwise).
  [[nodiscard]] classified_usage classify(const std::vector<energy>& values) const {
    if (static_cast<std::int64_t>(values.size()) != size()) {
      throw error(errc::invalid_argument, "interval count does not match the window",
                  {{"expected", std::to_string(size())}, {"given", std::to_string(values.size())}});
    }
    std::vector<std::int64_t> m(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) m[i] = values[i].mantissa();
    return classify(m.data());
  }

 private:
  struct mixed_slot {
    std::array<std::int64_t, max_rate_registers + 1> minutes{};  // minutes per register (0 unused)
  };
  struct run {
    std::int64_t begin = 0;
    std::int64_t end = 0;
    int rate_register = 0;    // 0: one interval crossing a boundary
    std::int64_t mixed = -1;  // its index in mixed_
  };
  [[noreturn]] static void throw_negative(const std::int64_t* mantissas, std::int64_t begin,
                                          std::int64_t end) {
    std::int64_t i = begin;
    while (i < end && mantissas[i] >= 0) ++i;
    throw error(errc::inconsistent, "an interval with negative energy",
                {{"index", std::to_string(i)},
                 {"value", energy::from_mantissa(mantissas[i]).to_string(0)}});
  }

  int step_ = 15;
  std::vector<std::uint8_t> slot_;  // register per interval; 0 = mixed (see mixed_)
  std::vector<mixed_slot> mixed_;
  std::vector<run> runs_;
};

}  // namespace submeter::tariff
