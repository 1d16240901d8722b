#pragma once
/// \file
/// meter_reading: what a decoded energy block becomes: the cumulative total and rate registers
/// T1..T8 as the meter shows them, with the multiplier (PT × CT) that turns them into primary
/// energy. It is the hand-off from the codecs to metering and tariffs.
///
/// protocols.md 2.4 "Total vs rates": a meter rounds each register separately, so the total need
/// not equal T1 + … + T4; billing takes each register as reported, and nothing here derives one
/// from the other. The registers are kept as read (secondary side for a CT/PT meter, as the
/// ADL3000-E manual's "E = data × PT × CT × 0.01" says); the multiplier rides along and is applied
/// once, by metering, never twice.

#include <array>
#include <cstddef>
#include <optional>

#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"

namespace submeter::meters {

/// The number of rate registers a reading can carry (DL/T 645 allows up to 63; tariffs use ≤ 8).
inline constexpr int max_rates = 8;

/// One cumulative energy reading decoded from a meter.
struct meter_reading {
  /// Cumulative total, kWh, as the meter shows it; absent when the meter sent a filler.
  std::optional<energy> total;
  /// Rate registers T1..T8 (index 0 = T1: 尖 sharp on TOU-4 meters, then 峰 peak, 平 flat,
  /// 谷 valley); absent where the meter has no such register or sent a filler.
  std::array<std::optional<energy>, max_rates> rates{};
  /// PT × CT: primary energy = register × multiplier. 1 for a direct-connected meter.
  ratio multiplier = ratio::from_integer(1);

  /// Rate register `n` (1..8), or nullopt.
  [[nodiscard]] std::optional<energy> rate(int n) const noexcept {
    if (n < 1 || n > max_rates) return std::nullopt;
    return rates[static_cast<std::size_t>(n - 1)];
  }
  /// The total on the primary side (total × multiplier), rounded to the energy scale by `mode`
  /// (exact for an integer multiplier); nullopt when the total is absent.
  [[nodiscard]] std::optional<energy> primary_total(rounding mode) const {
    if (!total) return std::nullopt;
    return multiply<energy>(*total, multiplier, mode);
  }
};

}  // namespace submeter::meters
