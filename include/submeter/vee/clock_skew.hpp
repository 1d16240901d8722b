#pragma once
/// \file
/// VEE-8: clock skew between the device's time stamp and the time the platform received the
/// read. A meter or gateway clock that runs ahead stamps reads in the future (the read lands in
/// the wrong interval, or the wrong month at a bound); one that runs far behind looks like a
/// backlog that never ends. Late arrival alone is normal (a gateway replays a month after an
/// outage), so only a device time ahead of reception is checked by default.

#include <chrono>
#include <optional>
#include <string>

#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/vee/finding.hpp"

namespace submeter::vee {

/// VEE-8's parameters.
struct clock_params {
  /// How far the device time may be ahead of reception (5 minutes).
  std::chrono::seconds max_ahead{300};
  /// How far behind it may be; 0 (the default) does not check (backlogs are late by design).
  std::chrono::seconds max_behind{0};
};

/// VEE-8: a `warning` when `v`'s device time is more than p.max_ahead after its received time,
/// or (when p.max_behind > 0) more than p.max_behind before it. Nothing without a received time.
[[nodiscard]] inline std::optional<finding> check_clock(const metering::register_value& v,
                                                        const clock_params& p = {}) {
  if (!v.received) return std::nullopt;
  const auto ahead = v.time - *v.received;
  const bool too_far_ahead = ahead > p.max_ahead;
  const bool too_far_behind = p.max_behind.count() > 0 && -ahead > p.max_behind;
  if (!too_far_ahead && !too_far_behind) return std::nullopt;
  finding f;
  f.what = rule::clock_skew;
  f.level = severity::warning;
  f.meter_id = v.meter_id;
  f.register_number = v.register_number;
  f.time = v.time;
  f.until = v.time;
  f.value = v.value;
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(ahead).count();
  f.message = "device time is " + std::to_string(secs < 0 ? -secs : secs) + " s " +
              (secs < 0 ? "behind" : "ahead of") + " the time received (" +
              local_interval::format(*v.received) + ")";
  return f;
}

}  // namespace submeter::vee
