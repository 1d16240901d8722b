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

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/metering/interval_series.hpp"
#include "submeter/tariff/tiers.hpp"
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
///
/// Resolving is per distinct day, not per minute: each day asks the schedule which base table
/// and overlays apply (tou_schedule::choose), each distinct choice is resolved once for the step
/// from its table's breakpoints (day_table::segments) into a day pattern (the register of each
/// slot, and the runs of slots on one register), and the window is the patterns' runs laid end
/// to end, merged across midnight. A month of any step costs its days plus its distinct tables;
/// classifying a meter is then one pass over the runs.
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
    w.start_ = start;
    w.step_ = static_cast<int>(step_min);
    w.per_day_ = minutes_per_day / w.step_;
    w.first_slot_ = static_cast<int>(offset / 60 / step_min);
    w.count_ = count;
    const std::int64_t days = (w.first_slot_ + count + w.per_day_ - 1) / w.per_day_;
    w.day_pattern_.resize(static_cast<std::size_t>(days));
    // Room for the few distinct days a window has (a month: 2 to 4), so that resolving them
    // does not grow the slots one reallocation at a time; their runs are make's scratch, kept
    // inline for that many.
    w.slots_.reserve(4 * static_cast<std::size_t>(w.per_day_));
    day_patterns pat;
    pat.starts.push_back(0);

    // Each distinct day is resolved once: by the schedule's choice of base table and overlays,
    // or (a schedule of more than 64 overlays) by its minute map.
    const bool by_choice = schedule.overlays().size() <= 64;
    few<tou_schedule::day_choice, 8> choices;
    std::vector<day_table> tables;
    std::size_t last = 0;                    // the pattern of the day before
    tou_schedule::day_choice last_choice{};  // and its choice
    if (by_choice) {
      // The days' choices a block at a time (tou_schedule::choose_days walks the dates).
      constexpr std::int64_t block = 32;
      std::array<tou_schedule::day_choice, block> chosen;
      for (std::int64_t d0 = 0; d0 < days; d0 += block) {
        const std::int64_t n = std::min(block, days - d0);
        schedule.choose_days(day0 + date::days{d0}, static_cast<std::size_t>(n), holidays, marks,
                             chosen.data());
        std::uint32_t* const day_pattern = w.day_pattern_.data() + d0;
        for (std::int64_t i = 0; i < n; ++i) {
          const auto& c = chosen[static_cast<std::size_t>(i)];
          if (d0 + i == 0 || !(c == last_choice)) {  // a day unlike the one before
            std::size_t p = 0;
            while (p < choices.size() && !(choices[p] == c)) ++p;
            if (p == choices.size()) {
              choices.push_back(c);
              if (c.overlays == 0) {
                w.add_pattern(schedule.tables()[c.table], pat);
              } else {
                w.add_pattern(schedule.table_of(c), pat);
              }
            }
            last = p;
            last_choice = c;
          }
          day_pattern[i] = static_cast<std::uint32_t>(last);
        }
      }
    } else {
      for (std::int64_t d = 0; d < days; ++d) {
        const auto day = day0 + date::days{d};
        std::size_t p = 0;
        auto t = schedule.table_for(day, holidays, marks);
        while (p < tables.size() && !(tables[p] == t)) ++p;
        if (p == tables.size()) {
          w.add_pattern(t, pat);
          tables.push_back(std::move(t));
        }
        w.day_pattern_[static_cast<std::size_t>(d)] = static_cast<std::uint32_t>(p);
      }
    }

    // The window's runs: each day's pattern runs, clipped to the window, merged across days.
    // A day adds at most its pattern's runs; they are written through a pointer into a buffer
    // on the stack when that bound is small (a month of hours or quarter hours) and then
    // copied into a vector of their exact size (small enough for the allocator's fast path),
    // else straight into the vector.
    std::size_t most = 0;
    for (std::size_t p = 0; p + 1 < pat.starts.size(); ++p)
      most = std::max(most, static_cast<std::size_t>(pat.starts[p + 1] - pat.starts[p]));
    const std::size_t bound = static_cast<std::size_t>(days) * most + 1;  // and the sentinel
    std::array<run, 256> on_stack;
    run* const first = bound <= on_stack.size() ? on_stack.data() : [&w, bound] {
      w.runs_.resize(bound);
      return w.runs_.data();
    }();
    run* out = first;
    std::size_t mixed = 0;
    // The run still open (it may grow across the next pattern run or midnight) is kept in
    // locals and stored once closed. The runs tile the window, so a run continues the open one
    // when it is on the same register.
    std::int64_t open_lo = 0;
    int open_reg = 0;  // 0: none open
    const auto close = [&out, &open_lo, &open_reg] {
      if (open_reg == 0) return;
      *out++ = run{open_lo, open_reg, -1};
      open_reg = 0;
    };
    const day_run* const pattern_runs = pat.runs.data();
    const std::uint32_t* const starts = pat.starts.data();
    const std::int64_t per_day = w.per_day_;
    // Days wholly inside the window: [whole_lo, whole_hi).
    const std::int64_t whole_lo = w.first_slot_ == 0 ? 0 : 1;
    const std::int64_t whole_hi = (count + w.first_slot_) / per_day;
    std::int64_t base = -w.first_slot_;  // the interval index of the day's slot 0
    for (std::int64_t d = 0; d < days; ++d, base += per_day) {
      const auto p = w.day_pattern_[static_cast<std::size_t>(d)];
      const day_run* const pr = pattern_runs + starts[p];
      const std::size_t n = starts[p + 1] - starts[p];
      const int head = pr[0].rate_register;
      const int tail = pr[n - 1].rate_register;
      if (d >= whole_lo && d < whole_hi && head != 0 && tail != 0) {
        // A whole day whose first and last runs are on a register: the first may continue the
        // open run, the runs between are copied at the day's offset, the last is left open.
        if (open_reg != head) {
          close();
          open_lo = base;
          open_reg = head;
        }
        if (n == 1) continue;
        close();
        for (std::size_t k = 1; k + 1 < n; ++k) {
          *out++ = run{base + pr[k].begin, pr[k].rate_register, pr[k].mixed};
          mixed += pr[k].rate_register == 0 ? 1 : 0;
        }
        open_lo = base + pr[n - 1].begin;
        open_reg = tail;
        continue;
      }
      for (std::size_t k = 0; k < n; ++k) {
        const day_run& q = pr[k];
        const std::int64_t lo = std::max<std::int64_t>(base + q.begin, 0);
        const std::int64_t hi = std::min<std::int64_t>(base + q.end, count);
        if (lo >= hi) continue;
        if (q.rate_register == 0) {
          close();
          *out++ = run{lo, 0, q.mixed};
          ++mixed;
        } else if (open_reg != q.rate_register) {
          close();
          open_lo = lo;
          open_reg = q.rate_register;
        }
      }
    }
    close();
    *out++ = run{count, 0, -1};
    if (first == on_stack.data()) {
      w.runs_.assign(first, out);
    } else {
      w.runs_.resize(static_cast<std::size_t>(out - first));
    }
    w.mixed_count_ = mixed;
    return w;
  }

  [[nodiscard]] std::int64_t size() const noexcept { return count_; }
  /// The start of the first interval (local time).
  [[nodiscard]] local_time start() const noexcept { return start_; }
  /// The interval length.
  [[nodiscard]] std::chrono::minutes step() const noexcept { return std::chrono::minutes{step_}; }
  /// The register of interval i (0 when it crosses a boundary).
  [[nodiscard]] int register_of(std::int64_t i) const noexcept {
    const std::int64_t j = first_slot_ + i;
    const auto d = static_cast<std::size_t>(j / per_day_);
    const auto slot = static_cast<std::size_t>(j % per_day_);
    return slots_[static_cast<std::size_t>(day_pattern_[d]) * static_cast<std::size_t>(per_day_) +
                  slot];
  }
  /// The register of every interval (0 where it crosses a boundary), size() of them.
  [[nodiscard]] std::vector<std::uint8_t> registers() const {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(count_));
    for (std::size_t i = 0; i + 1 < runs_.size(); ++i) {
      const run& r = runs_[i];
      std::fill(out.begin() + r.begin, out.begin() + runs_[i + 1].begin,
                static_cast<std::uint8_t>(r.rate_register));
    }
    return out;
  }
  /// Intervals that cross a register boundary.
  [[nodiscard]] std::size_t mixed_count() const noexcept { return mixed_count_; }
  /// Runs of consecutive intervals on one register (an interval crossing a boundary is a run of
  /// its own): how many passes a classification makes.
  [[nodiscard]] std::size_t run_count() const noexcept { return runs_.size() - 1; }

  /// Classifies one meter's interval energies, given as mantissas at 1e-4 kWh (energy's scale),
  /// `size()` of them. Refuses a negative interval (errc::inconsistent, naming its index).
  /// Throws std::overflow_error if a register's sum leaves the int64 range.
  [[nodiscard]] classified_usage classify(const std::int64_t* mantissas) const {
    std::array<std::int64_t, max_rate_registers + 1> acc{};
    classified_usage out;
    const run* const last = runs_.data() + runs_.size() - 1;  // the sentinel
    for (const run* rp = runs_.data(); rp != last; ++rp) {
      const run& r = *rp;
      const std::int64_t run_sum = sum_of(mantissas, r.begin, rp[1].begin);
      if (r.rate_register != 0) {
        const auto k = static_cast<std::size_t>(r.rate_register);
        if (__builtin_add_overflow(acc[k], run_sum, &acc[k])) {
          submeter::detail::throw_overflow("energy classify");
        }
        continue;
      }
      // A run of one interval crossing a register boundary: split pro rata by minutes.
      const auto parts = split_mixed(r, run_sum);
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
    check_count(values.size());
    std::vector<std::int64_t> m(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) m[i] = values[i].mantissa();
    return classify(m.data());
  }

  /// The use of one meter in time order, one entry per run of intervals on one register (the
  /// energy of the run), for ladders that fill in time order (tier_shape::pooled): the same
  /// tier quantities as one entry per interval, in a fraction of the entries. An interval
  /// crossing a register boundary gives its pro-rata parts (as classify splits it), in the order
  /// its registers come within the interval; a zero part is left out. `mantissas` as classify
  /// takes them, and refused as classify refuses them.
  [[nodiscard]] std::vector<register_use<energy>> uses(const std::int64_t* mantissas) const {
    std::vector<register_use<energy>> out;
    out.reserve(runs_.size());
    const run* const last = runs_.data() + runs_.size() - 1;  // the sentinel
    for (const run* rp = runs_.data(); rp != last; ++rp) {
      const run& r = *rp;
      const std::int64_t run_sum = sum_of(mantissas, r.begin, rp[1].begin);
      if (r.rate_register != 0) {
        out.push_back({r.rate_register, energy::from_mantissa(run_sum)});
        continue;
      }
      const auto parts = split_mixed(r, run_sum);
      const auto& mx = mixed_[static_cast<std::size_t>(r.mixed)];
      for (int k = 0; k < mx.registers; ++k) {
        const auto reg = mx.order[static_cast<std::size_t>(k)];
        const auto part = parts[reg];
        if (!part.is_zero()) out.push_back({static_cast<int>(reg), part});
      }
    }
    return out;
  }

  /// Maximum demand per rate register from one meter's interval values over this window (TP-3,
  /// tariffs.md §1.5), as metering::max_demand_by_register computes it from registers() (same
  /// windows, same attribution to the register in force at a window's last interval, same ties),
  /// in one pass over the runs with no per-interval register look-up. `mantissas`: size() values
  /// at 1e-4 kW (kind average_power) or kWh (kind energy) from start(), one every step().
  /// Refuses (errc::invalid_argument) what interval_series::make refuses of a value (negative,
  /// above 1e10, naming index and time) and what metering::max_demand refuses of the window.
  [[nodiscard]] std::array<std::optional<metering::demand_peak>, max_rate_registers + 1> max_demand(
      const std::int64_t* mantissas, const metering::demand_window& window,
      metering::interval_series::kind kind, metering::demand_unit unit) const {
    // Windows of one interval (hourly data and 60-minute blocks) visit every value: the peaks
    // pass checks them as it goes. Otherwise one branch-free pass of ORs first: the top bit of
    // `bad` is set by a negative value (its own top bit) or by one above the limit (limit −
    // value wraps below zero).
    if (window.length == step() &&
        (window.method == metering::demand_method::block || window.slide == step())) {
      return peaks(mantissas, window, kind, unit, true);
    }
    constexpr auto limit = static_cast<std::uint64_t>(metering::interval_series::max_mantissa);
    std::uint64_t bad = 0;
    for (std::int64_t i = 0; i < count_; ++i) {
      const auto u = static_cast<std::uint64_t>(mantissas[i]);
      bad |= u | (limit - u);
    }
    if ((bad >> 63) != 0) throw_bad_value(mantissas);
    return peaks(mantissas, window, kind, unit, false);
  }

  /// max_demand over a validated series resolved for this window (same start, step and size;
  /// errc::invalid_argument otherwise).
  [[nodiscard]] std::array<std::optional<metering::demand_peak>, max_rate_registers + 1> max_demand(
      const metering::interval_series& series, const metering::demand_window& window) const {
    if (series.start() != start_ || series.step() != step() ||
        static_cast<std::int64_t>(series.size()) != count_) {
      throw error(errc::invalid_argument, "the series does not match the resolved window",
                  {{"series_start", local_interval::format(series.start())},
                   {"window_start", local_interval::format(start_)},
                   {"step_minutes", std::to_string(series.step().count())},
                   {"window_step_minutes", std::to_string(step_)},
                   {"intervals", std::to_string(series.size())},
                   {"window_intervals", std::to_string(count_)}});
    }
    return peaks(series.mantissas().data(), window, series.value_kind(), series.unit(), false);
  }

 private:
  struct mixed_slot {
    std::array<std::int64_t, max_rate_registers + 1> minutes{};  // minutes per register (0 unused)
    std::array<std::uint8_t, max_rate_registers> order{};  // registers as they come in the slot
    int registers = 0;
  };
  // A run of the window: from `begin` to the next run's begin (the last, a sentinel, begins at
  // size()); 16 bytes, so that a month's runs take one small allocation.
  struct run {
    std::int64_t begin;
    int rate_register;   // 0: one interval crossing a boundary
    std::int32_t mixed;  // its index in mixed_, else -1
  };
  // A run of a day pattern, in slots.
  struct day_run {
    int begin;
    int end;
    int rate_register;
    std::int32_t mixed;
  };

  // A list of a few values kept inline (make's scratch for a window's distinct days), moved
  // to the heap past N.
  template <class T, std::size_t N>
  class few {
   public:
    void push_back(const T& v) {
      if (n_ < N) {
        inline_[n_++] = v;
        return;
      }
      if (n_ == N) spilled_.assign(inline_.begin(), inline_.end());
      spilled_.push_back(v);
      ++n_;
    }
    [[nodiscard]] const T* data() const noexcept {
      return n_ <= N ? inline_.data() : spilled_.data();
    }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data()[i]; }
    [[nodiscard]] std::size_t size() const noexcept { return n_; }
    [[nodiscard]] bool empty() const noexcept { return n_ == 0; }

   private:
    std::array<T, N> inline_{};
    std::vector<T> spilled_;
    std::size_t n_ = 0;
  };
  // The distinct days of a window being made: every pattern's runs (in slots), pattern by
  // pattern; pattern p's are [starts[p], starts[p + 1]).
  struct day_patterns {
    few<day_run, 32> runs;
    few<std::uint32_t, 9> starts;
  };

  // Resolves one day table for this window's step: the register of each slot (0 where a
  // breakpoint falls inside it) from the table's segments, then the slots as runs.
  void add_pattern(const day_table& t, day_patterns& pat) {
    const std::size_t at = slots_.size();
    slots_.resize(at + static_cast<std::size_t>(per_day_), 0);
    std::uint8_t* slot = slots_.data() + at;
    const auto& map = t.minute_map();
    // The table's segments are its maximal runs of minutes in time order: each gives the slots
    // wholly inside it as a run, after the slot its start falls inside (a mixed slot) if any.
    int mixed_at = -1;  // the last mixed slot added
    for (const auto& sg : t.segments()) {
      const int inside = sg.start / step_;
      if (sg.start % step_ != 0 && inside != mixed_at) {
        mixed_slot mx;
        for (int m = inside * step_; m < (inside + 1) * step_; ++m) {
          const auto r = map[static_cast<std::size_t>(m)];
          if (mx.minutes[r]++ == 0) mx.order[static_cast<std::size_t>(mx.registers++)] = r;
        }
        pat.runs.push_back({inside, inside + 1, 0, static_cast<std::int32_t>(mixed_.size())});
        mixed_.push_back(mx);
        mixed_at = inside;
      }
      const int first = (sg.start + step_ - 1) / step_;  // the first slot wholly inside
      const int end = sg.end / step_;                    // past the last slot wholly inside
      if (first >= end) continue;
      for (int k = first; k < end; ++k) slot[k] = static_cast<std::uint8_t>(sg.rate_register);
      pat.runs.push_back({first, end, sg.rate_register, -1});
    }
    pat.starts.push_back(static_cast<std::uint32_t>(pat.runs.size()));
  }

  void check_count(std::size_t n) const {
    if (static_cast<std::int64_t>(n) != count_) {
      throw error(errc::invalid_argument, "interval count does not match the window",
                  {{"expected", std::to_string(count_)}, {"given", std::to_string(n)}});
    }
  }

  // The exact sum of one run's values: a plain, vectorisable pass; sign and size checked after.
  [[nodiscard]] static std::int64_t sum_of(const std::int64_t* mantissas, std::int64_t begin,
                                           std::int64_t end) {
    std::uint64_t sum = 0;
    std::int64_t any_bits = 0;
    for (std::int64_t i = begin; i < end; ++i) {
      const std::int64_t v = mantissas[i];
      sum += static_cast<std::uint64_t>(v);
      any_bits |= v;
    }
    if (any_bits < 0) throw_negative(mantissas, begin, end);
    // The OR of non-negative values is at least the largest of them: len × OR within int64
    // means the sum cannot wrap (no division, and no maximum tracked in the loop).
    const std::int64_t len = end - begin;
    std::int64_t bound = 0;
    if (!__builtin_mul_overflow(any_bits, len, &bound)) {
      return static_cast<std::int64_t>(sum);
    }
    std::int64_t run_sum = 0;
    for (std::int64_t i = begin; i < end; ++i) {
      if (__builtin_add_overflow(run_sum, mantissas[i], &run_sum))
        submeter::detail::throw_overflow("energy classify");
    }
    return run_sum;
  }

  // A mixed interval's energy split pro rata by its minutes per register (largest remainder).
  [[nodiscard]] std::vector<energy> split_mixed(const run& r, std::int64_t run_sum) const {
    const auto& minutes = mixed_[static_cast<std::size_t>(r.mixed)].minutes;
    return split(energy::from_mantissa(run_sum), minutes, energy::from_mantissa(1));
  }

  // The first value interval_series::make would refuse, refused as it refuses it.
  [[noreturn]] void throw_bad_value(const std::int64_t* mantissas) const {
    std::int64_t i = 0;
    while (mantissas[i] >= 0 && mantissas[i] <= metering::interval_series::max_mantissa) ++i;
    throw error(errc::invalid_argument,
                mantissas[i] < 0 ? "negative demand in interval data"
                                 : "interval value above 1e10 is out of range",
                {{"index", std::to_string(i)},
                 {"time", local_interval::format(start_ + step() * i)},
                 {"value", power::from_mantissa(mantissas[i]).to_string(0)}});
  }

  // The peaks of validated values: window sums by a running sum, each run of one register
  // taking the windows that close in it. With `check` (windows of one interval only, which
  // visit every value) the values are validated on the way: their OR (a negative value sets
  // the top bit) and their largest (above the limit), refused after the pass.
  [[nodiscard]] std::array<std::optional<metering::demand_peak>, max_rate_registers + 1> peaks(
      const std::int64_t* v, const metering::demand_window& window,
      metering::interval_series::kind kind, metering::demand_unit unit, bool check) const {
    const auto l =
        metering::detail::layout_of(start_, step(), static_cast<std::size_t>(count_), window);
    const auto per_window = static_cast<std::int64_t>(l.per_window);
    const auto stride = static_cast<std::int64_t>(l.stride);
    const auto first = static_cast<std::int64_t>(l.first);
    const auto windows = static_cast<std::int64_t>(l.count);
    const std::int64_t end0 = first + per_window - 1;  // the last interval of window 0
    std::array<std::int64_t, max_rate_registers + 1> best{};
    std::array<std::int64_t, max_rate_registers + 1> best_at{};
    std::array<std::int64_t, max_rate_registers + 1> seen{};
    std::int64_t all_bits = 0;  // one-interval windows: the OR of every value
    std::int64_t top = 0;       // and the largest
    // Window k covers [first + k·stride, first + k·stride + per_window) and counts for the
    // register of its last interval, end0 + k·stride; `sum` is window k's sum.
    std::int64_t k = 0;
    std::int64_t sum = 0;
    const std::int64_t* const x = v + first;  // x[k]: window k's value when it is one interval
    for (std::int64_t i = first; i < first + per_window; ++i) sum += v[i];
    const run* const last = runs_.data() + runs_.size() - 1;  // the sentinel
    if (per_window == 1 && stride == 1 && first == 0) {
      // Windows of one interval from the first interval on (hourly data against 60-minute
      // blocks): each run's windows are its own values, with no window index to keep.
      for (const run* rp = runs_.data(); rp != last; ++rp) {
        const std::int64_t b = rp->begin;
        const std::int64_t e = rp[1].begin;
        const std::int64_t run_best = largest_of(v, b, e - 1, all_bits);
        top = run_best > top ? run_best : top;
        if (rp->rate_register == 0) continue;  // windows closing in a mixed interval count nowhere
        const auto reg = static_cast<std::size_t>(rp->rate_register);
        if (seen[reg] == 0 || run_best > best[reg]) {
          std::int64_t at = b;  // the run's first interval at its largest
          while (v[at] != run_best) ++at;
          best[reg] = run_best;
          best_at[reg] = at;
        }
        seen[reg] += e - b;
      }
      k = windows;
    }
    for (const run* rp = runs_.data(); rp != last; ++rp) {
      const run& r = *rp;
      const std::int64_t r_end = rp[1].begin;
      if (k >= windows) break;
      if (r_end - 1 < end0) continue;
      // The windows whose last interval lies in this run: k .. last_k.
      const std::int64_t last_k =
          std::min(windows - 1, stride == 1 ? r_end - 1 - end0 : (r_end - 1 - end0) / stride);
      if (last_k < k) continue;
      const std::int64_t k0 = k;
      std::int64_t run_best = 0;
      std::int64_t run_at = k;
      if (per_window == 1 && stride == 1) {
        // Windows of one interval (hourly data, 60-minute blocks): a window's sum is its value.
        // The first window that reaches the run's largest is looked for below, only when the
        // run beats the register's best so far.
        run_best = largest_of(x, k, last_k, all_bits);
        top = run_best > top ? run_best : top;
        run_at = -1;
        k = last_k + 1;
      } else {
        run_best = sum;
        do {
          if (sum > run_best) {
            run_best = sum;
            run_at = k;
          }
          if (k + 1 < windows) {
            // Slide by `stride` intervals: add those entering, subtract those leaving.
            const std::int64_t b = first + k * stride;
            for (std::int64_t j = 0; j < stride; ++j) sum += v[b + per_window + j] - v[b + j];
          }
        } while (++k <= last_k);
      }
      if (r.rate_register == 0) continue;  // windows closing in a mixed interval count nowhere
      const auto reg = static_cast<std::size_t>(r.rate_register);
      if (seen[reg] == 0 || run_best > best[reg]) {
        if (run_at < 0) {  // one-interval windows: the run's first interval at its maximum
          run_at = k0;
          while (x[run_at] != run_best) ++run_at;
        }
        best[reg] = run_best;
        best_at[reg] = run_at;
      }
      seen[reg] += last_k - k0 + 1;
    }
    if (check && (all_bits < 0 || top > metering::interval_series::max_mantissa)) {
      throw_bad_value(v);
    }
    std::array<std::optional<metering::demand_peak>, max_rate_registers + 1> out{};
    for (std::size_t reg = 1; reg < out.size(); ++reg) {
      if (seen[reg] == 0) continue;
      metering::demand_peak p;
      p.window_sum = best[reg];
      p.demand = metering::detail::demand_of_sum(step(), kind, window, best[reg]);
      p.window_begin = start_ + step() * (first + best_at[reg] * stride);
      p.window_end = p.window_begin + window.length;
      p.windows_evaluated = seen[reg];
      p.unit = unit;
      out[reg] = p;
    }
    return out;
  }

  // The largest of x[from..to] (to included, from <= to), by four running maxima so that the
  // compare-and-select chains overlap; their OR is added to `bits`.
  [[nodiscard]] static std::int64_t largest_of(const std::int64_t* x, std::int64_t from,
                                               std::int64_t to, std::int64_t& bits) noexcept {
    std::int64_t m0 = x[from];
    std::int64_t m1 = x[from];
    std::int64_t m2 = x[from];
    std::int64_t m3 = x[from];
    std::int64_t o0 = x[from];
    std::int64_t o1 = 0;
    std::int64_t j = from + 1;
    for (; j + 3 <= to; j += 4) {
      m0 = x[j] > m0 ? x[j] : m0;
      m1 = x[j + 1] > m1 ? x[j + 1] : m1;
      m2 = x[j + 2] > m2 ? x[j + 2] : m2;
      m3 = x[j + 3] > m3 ? x[j + 3] : m3;
      o0 |= x[j] | x[j + 1];
      o1 |= x[j + 2] | x[j + 3];
    }
    for (; j <= to; ++j) {
      m0 = x[j] > m0 ? x[j] : m0;
      o0 |= x[j];
    }
    m0 = m0 > m1 ? m0 : m1;
    m2 = m2 > m3 ? m2 : m3;
    bits |= o0 | o1;
    return m0 > m2 ? m0 : m2;
  }

  [[noreturn]] static void throw_negative(const std::int64_t* mantissas, std::int64_t begin,
                                          std::int64_t end) {
    std::int64_t i = begin;
    while (i < end && mantissas[i] >= 0) ++i;
    throw error(errc::inconsistent, "an interval with negative energy",
                {{"index", std::to_string(i)},
                 {"value", energy::from_mantissa(mantissas[i]).to_string(0)}});
  }

  local_time start_{};
  int step_ = 15;
  int per_day_ = 96;
  int first_slot_ = 0;  // the slot of the first interval in its day
  std::int64_t count_ = 0;
  std::vector<std::uint32_t> day_pattern_;  // the pattern of each day of the window
  std::vector<std::uint8_t> slots_;         // per pattern, per_day_ registers (0 = mixed)
  std::vector<mixed_slot> mixed_;           // the mixed slots of every pattern
  std::vector<run> runs_;  // the window's runs, in time order, and a sentinel at size()
  std::size_t mixed_count_ = 0;
};

}  // namespace submeter::tariff
