#pragma once
/// \file
/// The VEE pass: every rule of this area over one period of many meters' reads, with the
/// estimates the period needs. check_intervals runs the interval rules (VEE-2, VEE-4, VEE-6) in
/// one pass over a meter's interval use; run_vee runs everything over store rows.
///
/// What run_vee does, per meter (docs/meter-data.md "The VEE pass"):
/// 1. VEE-1 duplicates dropped (the first received kept);
/// 2. per register: VEE-8 clock skew of each read in the period, VEE-3 steps (rollover or
///    backwards) across the period and its history;
/// 3. where the meter is read on the grid (`read_interval`, at least `min_grid_coverage_percent`
///    of its slots): VEE-2 missing intervals, VEE-4 spikes
///    and VEE-6 zero runs over the total's interval use, and EST-1/EST-2 estimates for runs of
///    missing reads between actual ones;
/// 4. at both bounds of the period, each register needs a read at or up to `bound_tolerance`
///    before the bound: an earlier estimate at that bound is kept as it is (never edited), else
///    EST-3 estimates it from the meter's history periods, counted against EST-4's cap; with
///    nothing to estimate from the meter is an exception (VEE-2);
/// 5. VEE-5 high/low of the period's total use against the history periods' use;
/// 6. VEE-9 multiplier changes reported in the period.
/// A meter with an `exception` finding in the period is listed in `exceptions`: not billable.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/vee/clock_skew.hpp"
#include "submeter/vee/duplicates.hpp"
#include "submeter/vee/estimate.hpp"
#include "submeter/vee/finding.hpp"
#include "submeter/vee/gaps.hpp"
#include "submeter/vee/high_low.hpp"
#include "submeter/vee/interval_values.hpp"
#include "submeter/vee/multiplier_change.hpp"
#include "submeter/vee/rollover.hpp"
#include "submeter/vee/spikes.hpp"
#include "submeter/vee/zero_use.hpp"

namespace submeter::vee {

/// The interval rules' parameters, for check_intervals.
struct interval_rules {
  spike_params spikes;
  zero_use_params zero_use;
};

/// VEE-2, VEE-4 and VEE-6 in one pass over `v` (the same findings as find_gaps, find_spikes and
/// find_zero_runs, in time order, a gap before a spike before a zero run at one time), with the
/// neighbours' sums kept as a sliding window: O(size), no allocation but the findings'.
[[nodiscard]] inline std::vector<finding> check_intervals(
    const std::string& meter_id, const interval_values& v,
    const std::vector<local_interval>& occupied, const interval_rules& rules = {}) {
  rules.spikes.validate();
  detail::check_occupied_windows(occupied);
  std::vector<finding> gaps;
  std::vector<finding> spikes;
  std::vector<finding> zeros;
  detail::occupancy_cursor cursor(occupied);
  const auto k = static_cast<std::size_t>(rules.spikes.neighbours);
  const std::size_t min_run = rules.zero_use.min_intervals;
  // The window [i − k, i + k] as a running sum and count of present values.
  std::int64_t wsum = 0;
  std::int64_t wcount = 0;
  for (std::size_t j = 0; j < v.size && j <= k; ++j) {
    if (v.present(j)) {
      wsum += v.data[j];
      ++wcount;
    }
  }
  std::size_t gap_start = 0;
  bool in_gap = false;
  std::size_t zero_run = 0;
  for (std::size_t i = 0; i < v.size; ++i) {
    const std::int64_t x = v.data[i];
    const bool present = x != missing;
    if (!present) {
      if (!in_gap) {
        in_gap = true;
        gap_start = i;
      }
    } else {
      if (in_gap) {
        gaps.push_back(detail::gap_finding(meter_id, 0, v, gap_start, i));
        in_gap = false;
      }
      const std::int64_t nsum = wsum - x;
      const std::int64_t ncount = wcount - 1;
      if (detail::is_spike(x, nsum, ncount, rules.spikes)) {
        spikes.push_back(detail::spike_finding(meter_id, v, i, nsum, ncount, rules.spikes));
      }
    }
    if (present && x == 0 && cursor.occupied(v.time(i))) {
      ++zero_run;
    } else {
      if (zero_run >= min_run && zero_run > 0) {
        zeros.push_back(detail::zero_finding(meter_id, v, i - zero_run, i));
      }
      zero_run = 0;
    }
    // slide: drop i − k, add i + k + 1
    if (i >= k && v.present(i - k)) {
      wsum -= v.data[i - k];
      --wcount;
    }
    if (i + k + 1 < v.size && v.present(i + k + 1)) {
      wsum += v.data[i + k + 1];
      ++wcount;
    }
  }
  if (in_gap) gaps.push_back(detail::gap_finding(meter_id, 0, v, gap_start, v.size));
  if (zero_run >= min_run && zero_run > 0) {
    zeros.push_back(detail::zero_finding(meter_id, v, v.size - zero_run, v.size));
  }
  std::vector<finding> out;
  out.reserve(gaps.size() + spikes.size() + zeros.size());
  out.insert(out.end(), gaps.begin(), gaps.end());
  out.insert(out.end(), spikes.begin(), spikes.end());
  out.insert(out.end(), zeros.begin(), zeros.end());
  std::stable_sort(out.begin(), out.end(), [](const finding& a, const finding& b) {
    return std::tie(a.time, a.what) < std::tie(b.time, b.what);
  });
  return out;
}

/// What the pass knows of a meter beyond its reads (all optional).
struct meter_context {
  std::string meter_id;
  /// When the unit is occupied (VEE-6); empty with `occupied_known` false: the whole period.
  std::vector<local_interval> occupied;
  bool occupied_known = false;
  /// The multiplier the site records (VEE-9).
  std::optional<ratio> multiplier;
  /// The register's format (VEE-3, the estimates' resolution); the options' when absent.
  std::optional<rollover_params> register_format;
};

/// The pass's parameters.
struct vee_options {
  /// The grid reads are expected on (15 minutes).
  std::chrono::minutes read_interval{15};
  /// A register read on fewer than this share of the period's grid slots, in percent, is read
  /// monthly or by hand, not on the grid: it skips the interval rules and EST-1/EST-2 (10).
  std::int64_t min_grid_coverage_percent = 10;
  /// How long before a bound a read still counts for it (24 h, as for bills).
  std::chrono::hours bound_tolerance{24};
  rollover_params register_format;
  interval_rules intervals;
  clock_params clock;
  high_low_params high_low;
  estimate_params estimates;
};

/// The period judged and the earlier periods that are its history (oldest first).
struct vee_period {
  local_interval window = local_interval::make(local_time{}, local_time{} + std::chrono::hours(1));
  std::vector<local_interval> history;
};

/// What the pass found.
struct vee_report {
  /// Every finding in the period, by meter, time and rule.
  std::vector<finding> findings;
  /// The estimates made (new ones only; earlier estimates used are not repeated).
  std::vector<estimate> estimates;
  /// Meters with an exception in the period: not billable as they are.
  std::vector<std::string> exceptions;
  /// Meters and reads looked at.
  std::size_t meters = 0;
  std::size_t reads = 0;
};

namespace detail {

struct bound_read {
  local_time time{};
  energy value;
  bool estimated = false;
};

/// The read at or up to `tolerance` before `bound` (the latest), from actual reads then earlier
/// estimates at exactly the bound.
[[nodiscard]] inline std::optional<bound_read> read_at_bound(
    const std::vector<metering::register_value>& reads, const std::vector<estimate>& earlier,
    local_time bound, std::chrono::seconds tolerance) {
  const metering::register_value* best = nullptr;
  for (const auto& r : reads) {
    if (bound < r.time) break;
    if (!(r.time < bound - tolerance)) best = &r;
  }
  if (best != nullptr) return bound_read{best->time, best->value, false};
  for (const auto& e : earlier) {
    if (e.time == bound) return bound_read{e.time, e.value, true};
  }
  return std::nullopt;
}

/// The latest read (actual) at or before `t`.
[[nodiscard]] inline const metering::register_value* last_read_before(
    const std::vector<metering::register_value>& reads, local_time t) {
  const metering::register_value* best = nullptr;
  for (const auto& r : reads) {
    if (t < r.time) break;
    best = &r;
  }
  return best;
}

[[nodiscard]] inline std::optional<energy> use_between(const bound_read& a, const bound_read& b,
                                                       const rollover_params& p) {
  const auto s = classify_step(a.value, b.value, p);
  if (s.kind == step_kind::backwards) return std::nullopt;
  return s.use;
}

}  // namespace detail

/// The VEE pass over `rows` (store rows of any meters, in any order; include the history
/// periods' reads for EST-3 and VEE-5 and a week before the period for EST-2), for `period`.
/// `earlier` are estimates made by earlier passes (used at bounds as they are and counted for
/// EST-4); `multipliers` the multipliers sources reported; `meters` what is known of meters.
/// Rows that are themselves estimates (quality estimated) are ignored as reads: estimates come
/// in through `earlier`. Refuses (errc::invalid_argument) a read interval that does not divide
/// a day.
[[nodiscard]] inline vee_report run_vee(std::vector<metering::register_value> rows,
                                        const vee_period& period, const vee_options& o = {},
                                        const std::vector<meter_context>& meters = {},
                                        const std::vector<multiplier_observation>& multipliers = {},
                                        const std::vector<estimate>& earlier = {}) {
  if (o.read_interval.count() <= 0 || (24 * 60) % o.read_interval.count() != 0) {
    throw error(errc::invalid_argument, "the read interval divides a day",
                {{"read_interval", std::to_string(o.read_interval.count())}});
  }
  const auto& w = period.window;
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [](const metering::register_value& r) {
                              return r.quality != metering::reading_quality::actual;
                            }),
             rows.end());
  vee_report rep;
  rep.reads = rows.size();
  auto in_window = [&w](local_time t) { return !(t < w.begin()) && !(w.end() < t); };
  auto dedup = remove_duplicates(std::move(rows));
  for (auto& f : dedup.findings) {
    if (in_window(f.time)) rep.findings.push_back(std::move(f));
  }
  std::map<std::string, const meter_context*> context;
  for (const auto& m : meters) context[m.meter_id] = &m;
  std::map<std::string, std::vector<estimate>> earlier_by_meter;
  for (const auto& e : earlier) earlier_by_meter[e.meter_id].push_back(e);
  for (auto& [id, list] : earlier_by_meter) {
    std::sort(list.begin(), list.end(), [](const estimate& a, const estimate& b) {
      return std::tie(a.register_number, a.time) < std::tie(b.register_number, b.time);
    });
  }

  const auto& values = dedup.values;  // sorted by meter, register, time
  std::size_t i = 0;
  while (i < values.size()) {
    const std::string& meter = values[i].meter_id;
    std::size_t meter_end = i;
    while (meter_end < values.size() && values[meter_end].meter_id == meter) ++meter_end;
    ++rep.meters;
    const meter_context* ctx = context.count(meter) ? context[meter] : nullptr;
    const rollover_params fmt =
        ctx != nullptr && ctx->register_format ? *ctx->register_format : o.register_format;
    const auto& meter_earlier = earlier_by_meter[meter];
    std::optional<energy> total_use;  // for VEE-5
    std::vector<energy> total_history;
    bool estimated_end = false;
    std::size_t r0 = i;
    while (r0 < meter_end) {
      const int reg = values[r0].register_number;
      std::size_t r1 = r0;
      while (r1 < meter_end && values[r1].register_number == reg) ++r1;
      const std::vector<metering::register_value> reads(
          values.begin() + static_cast<std::ptrdiff_t>(r0),
          values.begin() + static_cast<std::ptrdiff_t>(r1));
      r0 = r1;
      // 2. clock skew, steps
      for (const auto& r : reads) {
        if (!in_window(r.time)) continue;
        if (auto f = check_clock(r, o.clock)) rep.findings.push_back(std::move(*f));
      }
      for (auto& f : find_register_steps(reads, fmt)) {
        if (in_window(f.time)) rep.findings.push_back(std::move(f));
      }
      // 3. the grid: a week before the period to its end bound
      const local_time grid_start = w.begin() - std::chrono::hours(24 * 7);
      const auto slots = static_cast<std::size_t>((w.end() - grid_start) / o.read_interval) + 1;
      const std::size_t first_in_window =
          static_cast<std::size_t>((w.begin() - grid_start) / o.read_interval);
      std::vector<std::int64_t> grid(slots, missing);
      std::size_t on_grid_in_window = 0;
      for (const auto& r : reads) {
        if (r.time < grid_start || w.end() < r.time) continue;
        const auto offset = r.time - grid_start;
        if (offset % o.read_interval != std::chrono::seconds(0)) continue;
        const auto slot = static_cast<std::size_t>(offset / o.read_interval);
        grid[slot] = r.value.mantissa();
        if (slot >= first_in_window) ++on_grid_in_window;
      }
      const auto window_slots = static_cast<std::int64_t>(slots - first_in_window);
      if (on_grid_in_window >= 2 && static_cast<std::int64_t>(on_grid_in_window) * 100 >=
                                        o.min_grid_coverage_percent * window_slots) {
        if (reg == 0) {
          const auto use = interval_use(grid, fmt);
          const std::vector<std::int64_t> window_use(
              use.begin() + static_cast<std::ptrdiff_t>(first_in_window), use.end());
          const auto view = interval_values::of(w.begin(), o.read_interval, window_use);
          std::vector<local_interval> occupied{w};
          if (ctx != nullptr && ctx->occupied_known) occupied = ctx->occupied;
          for (auto& f : check_intervals(meter, view, occupied, o.intervals)) {
            rep.findings.push_back(std::move(f));
          }
        }
        for (auto& e :
             estimate_gaps(meter, reg, grid_start, o.read_interval, grid, o.estimates, fmt)) {
          if (!(e.time < w.begin())) rep.estimates.push_back(std::move(e));
        }
      }
      // 4. the bounds
      std::vector<estimate> reg_earlier;
      for (const auto& e : meter_earlier) {
        if (e.register_number == reg) reg_earlier.push_back(e);
      }
      const std::chrono::seconds tol = o.bound_tolerance;
      std::vector<local_time> bounds;  // history bounds, then the period's
      for (const auto& h : period.history) bounds.push_back(h.begin());
      bounds.push_back(w.begin());
      bounds.push_back(w.end());
      std::vector<std::optional<detail::bound_read>> at(bounds.size());
      for (std::size_t b = 0; b < bounds.size(); ++b) {
        at[b] = detail::read_at_bound(reads, reg_earlier, bounds[b], tol);
      }
      std::vector<energy> history_use;
      for (std::size_t b = 0; b + 2 < bounds.size(); ++b) {
        if (!at[b] || !at[b + 1]) continue;
        if (const auto u = detail::use_between(*at[b], *at[b + 1], fmt)) history_use.push_back(*u);
      }
      // consecutive estimated bounds before the period's start
      int consecutive = 0;
      for (std::size_t b = bounds.size() - 2; b-- > 0;) {
        if (at[b] && at[b]->estimated) {
          ++consecutive;
        } else {
          break;
        }
      }
      for (const std::size_t b : {bounds.size() - 2, bounds.size() - 1}) {
        if (at[b]) {
          consecutive = at[b]->estimated ? consecutive + 1 : 0;
          continue;
        }
        const local_time bound = bounds[b];
        const local_time previous = b == 0 ? bound : bounds[b - 1];
        const auto* last = detail::last_read_before(reads, bound);
        std::optional<detail::bound_read> base;
        if (b > 0 && at[b - 1]) base = at[b - 1];
        if (last != nullptr && (!base || base->time < last->time)) {
          base = detail::bound_read{last->time, last->value, false};
        }
        std::optional<estimate> e;
        if (base) {
          const auto length = std::chrono::duration_cast<std::chrono::seconds>(
              b + 1 == bounds.size() ? w.length() : bound - previous);
          e = estimate_bound_read(meter, reg, bound, base->time, base->value, history_use,
                                  length.count() > 0 ? length : std::chrono::seconds(w.length()),
                                  o.estimates, fmt);
        }
        if (!e) {
          finding f;
          f.what = rule::gap;
          f.level = severity::exception;
          f.meter_id = meter;
          f.register_number = reg;
          f.time = bound;
          f.until = bound;
          f.message = "no read at the bound and no history to estimate it from";
          rep.findings.push_back(std::move(f));
          continue;
        }
        ++consecutive;
        if (auto f = check_estimate_cap(meter, bound, consecutive, o.estimates)) {
          f->register_number = reg;
          rep.findings.push_back(std::move(*f));
        }
        at[b] = detail::bound_read{bound, e->value, true};
        rep.estimates.push_back(std::move(*e));
      }
      if (reg == 0) {
        const auto& s = at[bounds.size() - 2];
        const auto& t = at[bounds.size() - 1];
        if (s && t) {
          total_use = detail::use_between(*s, *t, fmt);
        }
        total_history = history_use;
        estimated_end = t && t->estimated;
      }
    }
    // 5. high/low on the total
    if (total_use && !estimated_end) {
      if (auto f = check_high_low(meter, w.begin(), *total_use, total_history, o.high_low)) {
        rep.findings.push_back(std::move(*f));
      }
    }
    i = meter_end;
  }
  // 6. multipliers
  std::map<std::string, std::vector<multiplier_observation>> by_meter;
  for (const auto& m : multipliers) by_meter[m.meter_id].push_back(m);
  for (auto& [id, list] : by_meter) {
    const auto it = context.find(id);
    std::optional<ratio> configured;
    if (it != context.end() && it->second->multiplier) configured = it->second->multiplier;
    for (auto& f : find_multiplier_changes(std::move(list), configured)) {
      if (in_window(f.time)) rep.findings.push_back(std::move(f));
    }
  }
  std::stable_sort(rep.findings.begin(), rep.findings.end(),
                   [](const finding& a, const finding& b) {
                     return std::tie(a.meter_id, a.time, a.what, a.register_number) <
                            std::tie(b.meter_id, b.time, b.what, b.register_number);
                   });
  std::sort(rep.estimates.begin(), rep.estimates.end(), [](const estimate& a, const estimate& b) {
    return std::tie(a.meter_id, a.register_number, a.time) <
           std::tie(b.meter_id, b.register_number, b.time);
  });
  std::set<std::string> ex;
  for (const auto& f : rep.findings) {
    if (f.level == severity::exception) ex.insert(f.meter_id);
  }
  rep.exceptions.assign(ex.begin(), ex.end());
  return rep;
}

}  // namespace submeter::vee
