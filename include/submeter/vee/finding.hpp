#pragma once
/// \file
/// vee::finding: what a validation rule says about a reading or a run of intervals, with the
/// rule's id (VEE-1 .. VEE-9, EST-4), how grave it is, where (meter, register, time) and the
/// values it compared. docs/meter-data.md lists every rule with its parameters.
///
/// Findings are values (DESIGN.md "Errors": business outcomes ride on the result); a rule never
/// throws on the data it judges.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"

namespace submeter::vee {

/// The validation and estimation rules, one per function of this area.
enum class rule : std::uint8_t {
  duplicate,          ///< VEE-1: one register read twice at one time (duplicates.hpp)
  gap,                ///< VEE-2: intervals or reads missing (gaps.hpp)
  backwards,          ///< VEE-3: a register that goes back, not a rollover (rollover.hpp)
  rollover,           ///< VEE-3: a register that passed its largest value (rollover.hpp)
  spike,              ///< VEE-4: an interval far above its neighbours (spikes.hpp)
  high_low,           ///< VEE-5: a period's use outside the meter's own history (high_low.hpp)
  zero_use,           ///< VEE-6: a run of zero use while the tenant is in (zero_use.hpp)
  sum_check,          ///< VEE-7: Σ intervals differs from the register delta (sum_check.hpp)
  clock_skew,         ///< VEE-8: device time far from received time (clock_skew.hpp)
  multiplier_change,  ///< VEE-9: CT × PT reported differently (multiplier_change.hpp)
  estimate_cap,       ///< EST-4: too many consecutive estimates: an exception (estimate.hpp)
};

/// The rule's id as written in docs and tests: "VEE-1" .. "VEE-9", "EST-4".
[[nodiscard]] constexpr std::string_view rule_id(rule r) noexcept {
  switch (r) {
    case rule::duplicate:
      return "VEE-1";
    case rule::gap:
      return "VEE-2";
    case rule::backwards:
    case rule::rollover:
      return "VEE-3";
    case rule::spike:
      return "VEE-4";
    case rule::high_low:
      return "VEE-5";
    case rule::zero_use:
      return "VEE-6";
    case rule::sum_check:
      return "VEE-7";
    case rule::clock_skew:
      return "VEE-8";
    case rule::multiplier_change:
      return "VEE-9";
    case rule::estimate_cap:
      return "EST-4";
  }
  return "VEE-?";
}

/// The rule's name: "duplicate", "gap", "backwards", "rollover", "spike", "high_low",
/// "zero_use", "sum_check", "clock_skew", "multiplier_change", "estimate_cap".
[[nodiscard]] constexpr std::string_view to_string(rule r) noexcept {
  switch (r) {
    case rule::duplicate:
      return "duplicate";
    case rule::gap:
      return "gap";
    case rule::backwards:
      return "backwards";
    case rule::rollover:
      return "rollover";
    case rule::spike:
      return "spike";
    case rule::high_low:
      return "high_low";
    case rule::zero_use:
      return "zero_use";
    case rule::sum_check:
      return "sum_check";
    case rule::clock_skew:
      return "clock_skew";
    case rule::multiplier_change:
      return "multiplier_change";
    case rule::estimate_cap:
      return "estimate_cap";
  }
  return "unknown";
}

/// How grave a finding is: `info` (noted, nothing to do: a duplicate dropped, a rollover taken
/// as such), `warning` (billable, but a person should look: a spike, a high period), `exception`
/// (not billable as read: a register going backwards, two values for one read, the estimate cap).
enum class severity : std::uint8_t { info, warning, exception };

/// "info", "warning" or "exception".
[[nodiscard]] constexpr std::string_view to_string(severity s) noexcept {
  switch (s) {
    case severity::info:
      return "info";
    case severity::warning:
      return "warning";
    case severity::exception:
      return "exception";
  }
  return "unknown";
}

/// One finding of one rule.
struct finding {
  rule what = rule::gap;
  severity level = severity::warning;
  std::string meter_id;
  /// The register (0 total, 1..8 rates) the finding is about; interval rules judge the total.
  int register_number = 0;
  /// Where: the reading's device time, or the first interval of a run.
  local_time time{};
  /// The end of a run of intervals (exclusive); equal to `time` for a single reading.
  local_time until{};
  /// The value judged (a register, an interval's use, a period's use), when there is one.
  std::optional<energy> value;
  /// What the rule expected instead (the other value, the neighbours' mean, the history's
  /// average, the register delta), when there is one.
  std::optional<energy> expected;
  /// One sentence for a person, naming the parameter that was crossed.
  std::string message;

  /// The rule's id ("VEE-4").
  [[nodiscard]] std::string_view id() const noexcept { return rule_id(what); }
};

}  // namespace submeter::vee
