#pragma once
/// \file
/// VEE-9: a multiplier change. Gateways report a meter's PT and CT with its reads (the Acrel
/// `pt`/`ct` fields); when the product changes, the registers before and after count different
/// primary energy, and a bill across the change is wrong unless the meter's record changes with
/// it (a CT swap is a meter event, like a replacement). Each change, and any difference from the
/// multiplier the site records for the meter, is an `exception`.

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/vee/finding.hpp"

namespace submeter::vee {

/// A multiplier (PT × CT) a source reported for a meter at a device time.
struct multiplier_observation {
  std::string meter_id;
  local_time time{};
  ratio multiplier = ratio::from_integer(1);
};

/// VEE-9: for the observations of one meter or several (any order), an `exception` at each
/// observation whose multiplier differs from the previous one of its meter, and (when
/// `configured` is given) at the first observation of a meter that differs from it. `value` and
/// `expected` stay empty (a multiplier is not energy); the message names both multipliers.
[[nodiscard]] inline std::vector<finding> find_multiplier_changes(
    std::vector<multiplier_observation> observations,
    const std::optional<ratio>& configured = std::nullopt) {
  std::stable_sort(observations.begin(), observations.end(), [](const auto& a, const auto& b) {
    return std::tie(a.meter_id, a.time) < std::tie(b.meter_id, b.time);
  });
  std::vector<finding> out;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const auto& o = observations[i];
    const bool first = i == 0 || observations[i - 1].meter_id != o.meter_id;
    std::optional<ratio> before;
    if (!first) {
      before = observations[i - 1].multiplier;
    } else if (configured) {
      before = configured;
    }
    if (!before || *before == o.multiplier) continue;
    finding f;
    f.what = rule::multiplier_change;
    f.level = severity::exception;
    f.meter_id = o.meter_id;
    f.time = o.time;
    f.until = o.time;
    f.message = first ? "the multiplier reported (" + o.multiplier.to_string(0) +
                            ") differs from the site's (" + before->to_string(0) + ")"
                      : "the multiplier changed from " + before->to_string(0) + " to " +
                            o.multiplier.to_string(0);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace submeter::vee
