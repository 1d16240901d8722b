#pragma once
/// \file
/// Maximum demand (最大需量) from interval data or from a meter's maximum-demand register.
///
/// TP-3 (rules.md): demand is the average power over a window (需量周期, 15 minutes by default)
/// recomputed every slide (滑差时间, 1 minute): sliding windows; meters also keep block (区间式)
/// windows aligned to :00/:15/:30/:45. Window and slide are parameters. Only complete windows
/// count; sliding windows end on whole multiples of the slide after local midnight, block windows
/// on whole multiples of their length; the reported timestamp is the window end (design rule).
/// TP-5: with several incoming lines, demand is computed per line and the maxima summed.
/// Demand is reported half-up to 1e-4 kW (NUM-2) with the exact window sum beside it.
///
/// The window sum is kept as a running sum (add the intervals entering, subtract those leaving),
/// so a month of 1-minute data costs one pass, O(n), whatever the window length.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/interval_series.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::metering {

/// How demand windows are laid out (TP-3).
enum class demand_method {
  sliding,  ///< 滑差式: a window of `length` ending every `slide`
  block,    ///< 区间式: consecutive windows of `length`, aligned to local midnight
};

/// The demand window of a meter or tariff (TP-3): method, length (需量周期) and slide (滑差时间).
struct demand_window {
  demand_method method = demand_method::sliding;  ///< sliding (default) or block
  std::chrono::minutes length{15};                ///< 需量周期: the averaging window
  std::chrono::minutes slide{1};  ///< sliding only; a block window moves by its length

  /// Refuses (errc::invalid_argument) a length that is not a whole number of minutes dividing
  /// the day (1440), and for sliding windows a slide < 1 minute or one that does not divide the
  /// length.
  [[nodiscard]] static demand_window make(demand_method method, std::chrono::minutes length,
                                          std::chrono::minutes slide = std::chrono::minutes{1}) {
    if (length.count() < 1 || 1440 % length.count() != 0) {
      throw error(errc::invalid_argument, "a demand window must divide the day (1440 minutes)",
                  {{"window_minutes", std::to_string(length.count())}});
    }
    if (method == demand_method::sliding &&
        (slide.count() < 1 || length.count() % slide.count() != 0)) {
      throw error(errc::invalid_argument, "a sliding window's slide must divide its length",
                  {{"window_minutes", std::to_string(length.count())},
                   {"slide_minutes", std::to_string(slide.count())}});
    }
    return demand_window{method, length, method == demand_method::block ? length : slide};
  }
  /// A sliding window, 15 minutes every minute by default (TP-3).
  [[nodiscard]] static demand_window sliding(std::chrono::minutes length = std::chrono::minutes{15},
                                             std::chrono::minutes slide = std::chrono::minutes{1}) {
    return make(demand_method::sliding, length, slide);
  }
  /// A block window of 15 (or 30, 60…) minutes.
  [[nodiscard]] static demand_window block(std::chrono::minutes length = std::chrono::minutes{15}) {
    return make(demand_method::block, length);
  }
  /// "sliding 15/1 min" or "block 15 min".
  [[nodiscard]] std::string describe() const {
    return method == demand_method::sliding ? "sliding " + std::to_string(length.count()) + "/" +
                                                  std::to_string(slide.count()) + " min"
                                            : "block " + std::to_string(length.count()) + " min";
  }
};

/// The maximum demand of a series over its complete windows (TP-3).
struct demand_peak {
  /// The maximum demand, half-up to 1e-4 kW (kVA).
  power demand;
  /// Σ of the window's interval values as a mantissa at 1e-4 (kW for a power series, kWh for an
  /// energy series): the exact demand is window_sum / intervals (power) or window_sum × 60 /
  /// window minutes (energy).
  std::int64_t window_sum = 0;
  /// The window [begin, end); `window_end` is the reported occurrence time.
  local_time window_begin{};
  local_time window_end{};
  /// Complete windows evaluated (for a register: the windows attributed to it).
  std::int64_t windows_evaluated = 0;
  demand_unit unit = demand_unit::kw;
};

/// One window's demand (for listing every block window, e.g. a meter's demand curve).
struct window_demand {
  local_time window_begin{};
  local_time window_end{};
  power demand;  ///< half-up to 1e-4
};

namespace detail {

/// The layout of complete windows over a series: first window start index, intervals per window,
/// stride in intervals, and the number of windows.
struct window_layout {
  std::size_t first = 0;
  std::size_t per_window = 0;
  std::size_t stride = 0;
  std::size_t count = 0;
};

[[nodiscard]] inline window_layout layout_of(local_time start, std::chrono::minutes step_min,
                                             std::size_t size, const demand_window& given) {
  // A window built as an aggregate is validated here as make() would (a slide of 0, a length that
  // does not divide the day); a block window always moves by its length.
  const auto w = demand_window::make(given.method, given.length, given.slide);
  const auto step = step_min.count();
  if (w.length.count() % step != 0 || w.slide.count() % step != 0) {
    throw error(errc::invalid_argument,
                "the demand window and slide must be whole multiples of the interval step",
                {{"window", w.describe()}, {"step_minutes", std::to_string(step)}});
  }
  window_layout l;
  l.per_window = static_cast<std::size_t>(w.length.count() / step);
  l.stride = static_cast<std::size_t>(w.slide.count() / step);
  const auto since_midnight =
      std::chrono::duration_cast<std::chrono::minutes>(start - date::floor<date::days>(start))
          .count();
  // Windows end on multiples of the slide after midnight (block: of the length).
  const auto align = w.slide.count();
  std::size_t i = 0;
  while ((since_midnight + static_cast<std::int64_t>(i + l.per_window) * step) % align != 0) ++i;
  l.first = i;
  if (size >= l.first + l.per_window) {
    l.count = (size - l.first - l.per_window) / l.stride + 1;
  }
  if (l.count == 0) {
    throw error(errc::invalid_argument, "interval data hold no complete demand window",
                {{"window", w.describe()},
                 {"start", local_interval::format(start)},
                 {"intervals", std::to_string(size)}});
  }
  return l;
}

[[nodiscard]] inline window_layout layout_of(const interval_series& s, const demand_window& given) {
  return layout_of(s.start(), s.step(), s.size(), given);
}

/// The demand of a window sum of values of `kind` every `step`, half-up to 1e-4.
[[nodiscard]] inline power demand_of_sum(std::chrono::minutes step, interval_series::kind kind,
                                         const demand_window& w, std::int64_t sum) {
  const auto per_window = w.length.count() / step.count();
  if (kind == interval_series::kind::average_power) {
    return power::from_mantissa(
        submeter::detail::divide_rounded<std::int64_t>(sum, per_window, rounding::half_up));
  }
  const submeter::detail::int128 num = submeter::detail::int128(sum) * 60;
  return power::from_mantissa(submeter::detail::narrow(
      submeter::detail::divide_rounded<submeter::detail::int128>(
          num, submeter::detail::int128(w.length.count()), rounding::half_up),
      "demand"));
}

/// The demand of a window sum, half-up to 1e-4.
[[nodiscard]] inline power demand_of_sum(const interval_series& s, const demand_window& w,
                                         std::int64_t sum) {
  return demand_of_sum(s.step(), s.value_kind(), w, sum);
}

/// Calls `f(begin, sum)` for every complete window in time order, `begin` its first interval and
/// `sum` the exact sum of its interval mantissas: one running sum, O(n).
template <class F>
void for_each_window(const interval_series& s, const window_layout& l, F&& f) {
  const std::int64_t* v = s.mantissas().data();
  std::int64_t sum = 0;
  for (std::size_t i = l.first; i < l.first + l.per_window; ++i) sum += v[i];
  std::size_t begin = l.first;
  for (std::size_t k = 0; k < l.count; ++k) {
    if (k > 0) {
      for (std::size_t j = 0; j < l.stride; ++j) {
        sum += v[begin + l.per_window + j];
        sum -= v[begin + j];
      }
      begin += l.stride;
    }
    f(begin, sum);
  }
}

}  // namespace detail

/// The maximum demand of `series` under `window` (TP-3): the largest window average over all
/// complete windows, the earliest on a tie, reported half-up to 1e-4 with its window end.
/// O(n): a running window sum. Refuses (errc::invalid_argument) a window or slide that is not a
/// multiple of the step, and a series too short for one complete window.
[[nodiscard]] inline demand_peak max_demand(const interval_series& series,
                                            const demand_window& window) {
  const auto l = detail::layout_of(series, window);
  const std::int64_t* v = series.mantissas().data();
  std::int64_t sum = 0;
  for (std::size_t i = l.first; i < l.first + l.per_window; ++i) sum += v[i];
  std::int64_t best = sum;
  std::size_t best_at = l.first;
  std::size_t begin = l.first;
  if (l.stride == 1) {
    // The common case (1-minute data, 1-minute slide). The windows are cut into `lanes`
    // contiguous runs, each with its own running sum, so that the adds of different runs do not
    // wait on each other; a run's maximum keeps its earliest window, and runs are merged in time
    // order, so the earliest window still wins a tie.
    constexpr std::size_t lanes = 4;
    const std::size_t run = (l.count + lanes - 1) / lanes;
    std::array<std::int64_t, lanes> s{}, b{};
    std::array<std::size_t, lanes> at{}, start{};
    for (std::size_t k = 0; k < lanes; ++k) {
      start[k] = l.first + std::min(k * run, l.count - 1);
      std::int64_t t = 0;
      for (std::size_t i = start[k]; i < start[k] + l.per_window; ++i) t += v[i];
      s[k] = b[k] = t;
      at[k] = start[k];
    }
    const std::size_t last = l.first + l.count - 1;
    for (std::size_t j = 1; j < run; ++j) {
      for (std::size_t k = 0; k < lanes; ++k) {
        const std::size_t w = start[k] + j;  // this lane's next window start
        if (w > last || (k + 1 < lanes && w > start[k + 1])) continue;
        s[k] += v[w + l.per_window - 1] - v[w - 1];
        if (s[k] > b[k]) {
          b[k] = s[k];
          at[k] = w;
        }
      }
    }
    for (std::size_t k = 0; k < lanes; ++k) {
      if (b[k] > best || (b[k] == best && at[k] < best_at)) {
        best = b[k];
        best_at = at[k];
      }
    }
    begin = last;
  }
  for (std::size_t k = l.stride == 1 ? l.count : 1; k < l.count; ++k) {
    // Slide by `stride` intervals: add those entering, subtract those leaving.
    for (std::size_t j = 0; j < l.stride; ++j) {
      sum += v[begin + l.per_window + j];
      sum -= v[begin + j];
    }
    begin += l.stride;
    if (sum > best) {
      best = sum;
      best_at = begin;
    }
  }
  demand_peak p;
  p.window_sum = best;
  p.demand = detail::demand_of_sum(series, window, best);
  p.window_begin = series.start() + series.step() * static_cast<std::int64_t>(best_at);
  p.window_end = p.window_begin + window.length;
  p.windows_evaluated = static_cast<std::int64_t>(l.count);
  p.unit = series.unit();
  return p;
}

/// Every complete window's demand, in time order (for block windows: the meter's demand curve).
[[nodiscard]] inline std::vector<window_demand> window_demands(const interval_series& series,
                                                               const demand_window& window) {
  const auto l = detail::layout_of(series, window);
  std::vector<window_demand> out;
  out.reserve(l.count);
  detail::for_each_window(series, l, [&](std::size_t begin, std::int64_t sum) {
    const auto b = series.start() + series.step() * static_cast<std::int64_t>(begin);
    out.push_back({b, b + window.length, detail::demand_of_sum(series, window, sum)});
  });
  return out;
}

/// Maximum demand per rate register where a tariff prices demand by TOU period (tariffs.md §1.5):
/// `register_of[i]` is the register (1..8) of interval i, 0 for none (e.g. an interval crossing a
/// register boundary). A window counts for the register of its last interval, i.e. the period in
/// force when the window closes (design rule: meters record period demand at the window end).
/// Index 1..8 of the result; nullopt where no window closed in that register.
/// Refuses (errc::invalid_argument) a register_of of the wrong size or with a value above 8.
[[nodiscard]] inline std::array<std::optional<demand_peak>, max_rate_registers + 1>
max_demand_by_register(const interval_series& series, const demand_window& window,
                       const std::vector<std::uint8_t>& register_of) {
  if (register_of.size() != series.size()) {
    throw error(errc::invalid_argument, "one register per interval is needed",
                {{"intervals", std::to_string(series.size())},
                 {"registers", std::to_string(register_of.size())}});
  }
  for (std::size_t i = 0; i < register_of.size(); ++i) {
    if (register_of[i] > max_rate_registers) {
      throw error(errc::invalid_argument, "a rate register is numbered 1..8",
                  {{"index", std::to_string(i)}, {"register", std::to_string(register_of[i])}});
    }
  }
  const auto l = detail::layout_of(series, window);
  std::array<std::int64_t, max_rate_registers + 1> best{};
  std::array<std::size_t, max_rate_registers + 1> best_at{};
  std::array<std::int64_t, max_rate_registers + 1> seen{};
  detail::for_each_window(series, l, [&](std::size_t begin, std::int64_t sum) {
    const auto r = register_of[begin + l.per_window - 1];
    if (r == 0) return;
    if (seen[r] == 0 || sum > best[r]) {
      best[r] = sum;
      best_at[r] = begin;
    }
    ++seen[r];
  });
  std::array<std::optional<demand_peak>, max_rate_registers + 1> out{};
  for (std::size_t r = 1; r < out.size(); ++r) {
    if (seen[r] == 0) continue;
    demand_peak p;
    p.window_sum = best[r];
    p.demand = detail::demand_of_sum(series, window, best[r]);
    p.window_begin = series.start() + series.step() * static_cast<std::int64_t>(best_at[r]);
    p.window_end = p.window_begin + window.length;
    p.windows_evaluated = seen[r];
    p.unit = series.unit();
    out[r] = p;
  }
  return out;
}

/// The demand of a user with several incoming lines (TP-5).
struct multi_line_demand {
  std::vector<demand_peak> lines;  ///< each line's own maximum, in the order given
  power billing_demand;            ///< Σ of the lines' maxima (each half-up to 1e-4)
};

/// TP-5: demand per incoming line, then summed; the coincident maximum of the summed load is not
/// the billing value. Refuses (errc::invalid_argument) no lines, and what max_demand refuses.
[[nodiscard]] inline multi_line_demand max_demand_of_lines(
    const std::vector<interval_series>& lines, const demand_window& window) {
  if (lines.empty()) throw error(errc::invalid_argument, "no incoming lines");
  multi_line_demand out;
  for (const auto& s : lines) {
    out.lines.push_back(max_demand(s, window));
    out.billing_demand += out.lines.back().demand;
  }
  return out;
}

/// The demand of `series` over one given window [begin, end) (e.g. a tenant's demand in the
/// window of the site's peak: coincident demand), half-up to 1e-4. Refuses
/// (errc::invalid_argument) a window not on the series' step grid or not inside its data.
[[nodiscard]] inline power demand_in_window(const interval_series& series,
                                            const local_interval& window) {
  const auto step = series.step();
  if ((window.begin() - series.start()) % step != std::chrono::seconds{0} ||
      window.length() % step != std::chrono::seconds{0} || window.begin() < series.start() ||
      window.end() > series.end()) {
    throw error(errc::invalid_argument, "the window must lie on the series' intervals",
                {{"window_begin", local_interval::format(window.begin())},
                 {"window_end", local_interval::format(window.end())},
                 {"series_start", local_interval::format(series.start())},
                 {"series_end", local_interval::format(series.end())}});
  }
  const auto first = static_cast<std::size_t>((window.begin() - series.start()) / step);
  const auto n = static_cast<std::size_t>(window.length() / step);
  std::int64_t sum = 0;
  for (std::size_t i = first; i < first + n; ++i) sum += series.mantissas()[i];
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(window.length());
  return detail::demand_of_sum(series, demand_window{demand_method::block, minutes, minutes}, sum);
}

/// Each tenant's demand at the site's peak, and each tenant's own peak (TP-10 allocation inputs).
struct tenant_peaks {
  demand_peak site;               ///< the site's (coincident) maximum demand
  std::vector<power> coincident;  ///< each tenant's demand in the site's peak window
  std::vector<demand_peak> own;   ///< each tenant's own maximum demand
};

/// Peaks for sharing a site's demand charge by peak (TP-10, CA-4): the site's maximum demand from
/// `site` (the master meter), each tenant's demand in that same window (coincident peak) and each
/// tenant's own maximum. Tenant series must cover the site's peak window on the same step.
[[nodiscard]] inline tenant_peaks peaks_for_sharing(const interval_series& site,
                                                    const std::vector<interval_series>& tenants,
                                                    const demand_window& window) {
  tenant_peaks out;
  out.site = max_demand(site, window);
  const auto w = local_interval::make(out.site.window_begin, out.site.window_end);
  for (const auto& t : tenants) {
    if (t.step() != site.step()) {
      throw error(errc::inconsistent, "tenant series must use the site's interval step",
                  {{"step_minutes", std::to_string(t.step().count())},
                   {"site_step_minutes", std::to_string(site.step().count())}});
    }
    out.coincident.push_back(demand_in_window(t, w));
    out.own.push_back(max_demand(t, window));
  }
  return out;
}

/// A meter's maximum-demand register (DL/T 645-2007 `01010000` 正向有功总最大需量及发生时间, or
/// per rate register `0101xx00`): the value as the meter shows it and when it occurred.
struct max_demand_reading {
  power demand;           ///< as shown, before CT × PT
  local_time occurred{};  ///< the occurrence time the meter stores (window end)
  int rate_register = 0;  ///< 0 for the total register, 1..8 for a rate register
  demand_unit unit = demand_unit::kw;
};

/// The billing demand from a maximum-demand register (TP-3): shown value × the meter's CT × PT,
/// half-up to 1e-4. Refuses (errc::invalid_argument) a negative value or a register above 8.
[[nodiscard]] inline power register_demand(const max_demand_reading& reading, const meter& m) {
  if (reading.demand.is_negative()) {
    throw error(errc::invalid_argument, "negative demand on a maximum-demand register",
                {{"meter", m.id()},
                 {"value", reading.demand.to_string(0)},
                 {"time", local_interval::format(reading.occurred)}});
  }
  if (reading.rate_register < 0 || reading.rate_register > max_rate_registers) {
    throw error(errc::invalid_argument, "a rate register is numbered 1..8 (0 for the total)",
                {{"meter", m.id()}, {"register", std::to_string(reading.rate_register)}});
  }
  return multiply<power>(reading.demand, m.multiplier(), rounding::half_up);
}

}  // namespace submeter::metering
