#pragma once
/// \file
/// site::run_options: the policy of a site run that site.json does not state (the demand window
/// of two-part tenants, the purchase counters of the recharges posted, the months of history a
/// bill shows); the defaults are what `submeter bill` does.

#include <chrono>
#include <string>

#include "submeter/core/error.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/metering/demand.hpp"

namespace submeter::site {

/// The policy of a site run that site.json does not state; the defaults are what `submeter bill`
/// does.
struct run_options {
  /// TP-3: how a demand-basis two-part tenant's maximum demand is taken from its interval data:
  /// 15-minute blocks (需量周期) by default.
  metering::demand_window demand_window{metering::demand_method::block, std::chrono::minutes{15},
                                        std::chrono::minutes{15}};
  /// PP-6: whether the purchase counters of the recharges the run posts (1, 2, … in a freshly
  /// opened account) may skip numbers.
  ledger::counter_policy counter_policy = ledger::counter_policy::allow_gap;
  /// How many earlier months of electricity use a bill shows (its history), at most (≥ 0).
  int history_months = 5;
};

/// Refuses (errc::invalid_argument) options a run cannot use: a negative history_months.
inline void check_options(const run_options& options) {
  if (options.history_months < 0) {
    throw error(errc::invalid_argument, "history_months must not be negative",
                {{"history_months", std::to_string(options.history_months)}});
  }
}

}  // namespace submeter::site
