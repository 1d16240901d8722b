#pragma once
/// \file
/// Rating register usage across price versions (tariffs.md §1.3; TOU-5): a billing window that
/// spans a price change is split at the instant and each segment is rated under its own version.
///
/// The usage of each segment comes, in this order of preference, from:
/// 1. register readings taken at the change instant (`split_method::readings`): exact;
/// 2. interval data covering the window (`split_method::interval_data`): each interval belongs to
///    the segment containing its start (intervals are labelled by their start);
/// 3. elapsed time (`split_method::by_days`): each register's use is shared in proportion to the
///    segments' seconds, by largest remainder to 0.0001 kWh, so nothing is lost or doubled.
/// Every line of a split window carries its version, its segment and the method used; a window
/// inside one version gives plain lines carrying the version id only.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/tariff/price_version.hpp"

namespace submeter::tariff {

namespace detail {
/// A local interval's two ISO 8601 times, formatted once: for writers that size their text before
/// writing it (append_span, rate_versions' split tails).
struct span_texts {
  char begin[40];
  char end[40];
  std::size_t begin_size;
  std::size_t end_size;
  explicit span_texts(const local_interval& w) noexcept
      : begin_size(local_interval::format_into(begin, w.begin())),
        end_size(local_interval::format_into(end, w.end())) {}
  /// Bytes of "start/end".
  [[nodiscard]] std::size_t size() const noexcept { return begin_size + 1 + end_size; }
  /// Writes "start/end" at `out` (size() bytes); returns the end of what it wrote.
  char* put(char* out) const noexcept {
    std::memcpy(out, begin, begin_size);
    out[begin_size] = '/';
    std::memcpy(out + begin_size + 1, end, end_size);
    return out + size();
  }
};
/// Appends the ISO 8601 "start/end" of a local interval to `out`.
inline void append_span(std::string& out, const local_interval& w) {
  const span_texts texts(w);
  char buf[sizeof texts.begin + 1 + sizeof texts.end];
  out.append(buf, static_cast<std::size_t>(texts.put(buf) - buf));
}
/// ISO 8601 "start/end" of a local interval.
[[nodiscard]] inline std::string span_text(const local_interval& w) {
  std::string out;
  append_span(out, w);
  return out;
}
}  // namespace detail

/// How a segment's usage was obtained.
enum class split_method { none, readings, interval_data, by_days };

/// "", "reads at the change instant", "interval data", "by days" (written on the line).
[[nodiscard]] constexpr std::string_view to_string(split_method m) noexcept {
  switch (m) {
    case split_method::none:
      return "";
    case split_method::readings:
      return "reads at the change instant";
    case split_method::interval_data:
      return "interval data";
    case split_method::by_days:
      return "by days";
  }
  return "?";
}

/// One meter's energy in one register over consecutive intervals of a fixed step, labelled by
/// their start: the finer data a split may use. `rate_register` 0 is the total register.
struct interval_series {
  int rate_register = 0;
  local_time start;
  std::chrono::minutes step{15};
  std::vector<energy> values;

  [[nodiscard]] local_time end() const {
    return start + step * static_cast<std::int64_t>(values.size());
  }
};

/// Usage of one segment of the window, per register (0 = total, 1..8).
struct segment_usage {
  version_segment segment;
  std::array<std::optional<energy>, metering::max_rate_registers + 1> used{};
  split_method method = split_method::none;
};

/// Splits `usage` (one meter over its window) at the version changes inside the window. `reads`
/// are further readings of the same meter (as read, before the multiplier) that may fall at the
/// change instants; `intervals` optional interval data per register. Refuses (errc::inconsistent)
/// interval data that do not cover the window, or whose sum differs from the register readings
/// (naming the register and both figures); (errc::out_of_order) a window before the first version.
[[nodiscard]] inline std::vector<segment_usage> split_usage(
    const version_history& versions, const metering::register_usage& usage,
    const std::vector<metering::register_reading>& reads = {},
    const std::vector<interval_series>& intervals = {}) {
  const auto window = usage.window();
  const auto segments = versions.segments(window);
  std::vector<segment_usage> out;
  out.reserve(segments.size());
  const auto whole = [&](int r) -> std::optional<energy> {
    return r == 0 ? std::optional<energy>(usage.total) : usage.rate(r);
  };
  if (segments.size() == 1) {
    segment_usage s{segments[0], {}, split_method::none};
    for (int r = 0; r <= metering::max_rate_registers; ++r)
      s.used[static_cast<std::size_t>(r)] = whole(r);
    out.push_back(s);
    return out;
  }
  // 1. Readings at every change instant (none without further readings).
  std::vector<const metering::register_reading*> at;
  for (std::size_t i = 1; i < segments.size() && !reads.empty(); ++i) {
    const metering::register_reading* found = nullptr;
    for (const auto& r : reads) {
      if (r.time == segments[i].span.begin()) found = &r;
    }
    at.push_back(found);
  }
  const bool have_reads =
      !at.empty() && std::all_of(at.begin(), at.end(), [](const auto* p) { return p != nullptr; });
  if (have_reads) {
    const metering::register_reading* prev = &usage.from;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const metering::register_reading* next = i + 1 < segments.size() ? at[i] : &usage.to;
      segment_usage s{segments[i], {}, split_method::readings};
      const auto delta = [&](energy a, energy b, int r) {
        if (b < a) {
          throw error(errc::inconsistent, "a reading at a price change runs backwards",
                      {{"meter", usage.meter_id},
                       {"register", metering::register_name(r)},
                       {"time", local_interval::format(next->time)}});
        }
        return multiply<energy>(b - a, usage.multiplier, rounding::half_up);
      };
      s.used[0] = delta(prev->total, next->total, 0);
      for (int r = 1; r <= metering::max_rate_registers; ++r) {
        const auto a = prev->rate(r);
        const auto b = next->rate(r);
        if (a && b && usage.rate(r)) s.used[static_cast<std::size_t>(r)] = delta(*a, *b, r);
      }
      out.push_back(s);
      prev = next;
    }
    return out;
  }
  // 2. Interval data covering the window, per register present.
  if (!intervals.empty()) {
    for (const auto& s : segments) out.push_back({s, {}, split_method::interval_data});
    for (const auto& series : intervals) {
      if (series.start > window.begin() || series.end() < window.end()) {
        throw error(errc::inconsistent, "interval data do not cover the billing window",
                    {{"meter", usage.meter_id},
                     {"register", metering::register_name(series.rate_register)},
                     {"window", detail::span_text(window)}});
      }
      energy sum;
      for (std::size_t i = 0; i < series.values.size(); ++i) {
        const auto t = series.start + series.step * static_cast<std::int64_t>(i);
        if (t < window.begin() || !(t < window.end())) continue;
        for (auto& s : out) {
          if (s.segment.span.contains(t)) {
            auto& slot = s.used[static_cast<std::size_t>(series.rate_register)];
            slot = slot.value_or(energy{}) + series.values[i];
          }
        }
        sum += series.values[i];
      }
      const auto expected = whole(series.rate_register);
      if (expected && sum != *expected) {
        throw error(errc::inconsistent, "interval data do not add up to the register readings",
                    {{"meter", usage.meter_id},
                     {"register", metering::register_name(series.rate_register)},
                     {"intervals", sum.to_string(2)},
                     {"readings", expected->to_string(2)}});
      }
    }
    // Registers without interval data are shared by time below, on the same segments.
    bool all = true;
    for (int r = 0; r <= metering::max_rate_registers; ++r) {
      if (whole(r) && !out[0].used[static_cast<std::size_t>(r)]) all = false;
    }
    if (all) return out;
    auto by_time = split_usage(versions, usage, {}, {});
    for (std::size_t i = 0; i < out.size(); ++i) {
      for (int r = 0; r <= metering::max_rate_registers; ++r) {
        auto& slot = out[i].used[static_cast<std::size_t>(r)];
        if (!slot) slot = by_time[i].used[static_cast<std::size_t>(r)];
      }
    }
    return out;
  }
  // 3. By elapsed time.
  std::vector<std::int64_t> seconds;
  seconds.reserve(segments.size());
  for (const auto& s : segments) {
    seconds.push_back(
        std::chrono::duration_cast<std::chrono::seconds>(s.span.end() - s.span.begin()).count());
  }
  for (const auto& s : segments) out.push_back({s, {}, split_method::by_days});
  for (int r = 0; r <= metering::max_rate_registers; ++r) {
    const auto w = whole(r);
    if (!w) continue;
    const auto parts = split(*w, seconds, energy::from_mantissa(1));
    for (std::size_t i = 0; i < parts.size(); ++i)
      out[i].used[static_cast<std::size_t>(r)] = parts[i];
  }
  return out;
}

/// Rates one meter's usage under a versioned TOU price history: one energy line per priced
/// register per segment, each carrying its version, and, when the window was split, its segment
/// and the split method (TOU-5). A total register is priced only when no rate register is.
[[nodiscard]] inline std::vector<bill::line> rate_versions(
    const version_history& versions, const metering::register_usage& usage,
    const bill::rounding_rule& rule, const std::vector<metering::register_reading>& reads = {},
    const std::vector<interval_series>& intervals = {}) {
  const auto parts = split_usage(versions, usage, reads, intervals);
  std::size_t count = 0;
  for (const auto& p : parts) count += p.segment.version->prices.registers().registers().size();
  // The lines are built in place (bill::detail::charge_into), a split line's explanation with its
  // " (version, window, method)" written in the same allocation: the same lines as
  // bill::energy_line plus the appended text made, without temporaries or a line moved.
  std::vector<bill::line> lines;
  lines.reserve(count);
  // A split line's tail is written on the stack (a version id of up to 87 bytes fits); a longer
  // one into `long_tail`. charge_into copies it into each explanation: no resize or zero-fill.
  char tail_buf[160];
  std::string long_tail;
  for (const auto& p : parts) {
    const auto& version = *p.segment.version;
    const auto& prices = version.prices;
    const std::string_view method = to_string(p.method);
    std::string_view tail;
    if (p.method != split_method::none) {
      // " (<version>, <begin>/<end>, <method>)", sized once and written piece by piece.
      const detail::span_texts span(p.segment.span);
      const std::size_t size = 2 + version.id.size() + 2 + span.size() + 2 + method.size() + 1;
      char* out = tail_buf;
      if (size > sizeof tail_buf) {
        long_tail.resize(size);
        out = long_tail.data();
      }
      tail = std::string_view(out, size);
      const auto put = [&out](const char* from, std::size_t n) {
        std::memcpy(out, from, n);
        out += n;
      };
      put(" (", 2);
      put(version.id.data(), version.id.size());
      put(", ", 2);
      out = span.put(out);
      put(", ", 2);
      put(method.data(), method.size());
      put(")", 1);
    }
    for (const auto& reg : prices.registers().registers()) {
      const auto used = p.used[static_cast<std::size_t>(reg.number)];
      if (!used) {
        throw error(errc::not_found, "the meter has no reading for a priced rate register",
                    {{"meter", usage.meter_id}, {"register", reg.name}});
      }
      auto& l = lines.emplace_back();
      bill::detail::charge_into(l, bill::component::energy, *used, *prices.price(reg.number), rule,
                                dimension::energy::unit, {}, tail);
      // The new line's strings are empty: appending to them skips assign's general replace
      // (libstdc++ _M_assign / _M_replace) and set_text's temporary string.
      l.meter_id.append(usage.meter_id);
      l.rate_register = reg.number;
      l.register_name.append(reg.name);
      l.version.append(version.id);
      if (p.method != split_method::none) {
        l.window = p.segment.span;
        l.split_method.append(method.data(), method.size());
      }
    }
  }
  return lines;
}

}  // namespace submeter::tariff
