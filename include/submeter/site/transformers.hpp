#pragma once
/// \file
/// site::transformer_losses: the DL/T 686 Appendix B loss (TXL-1) of each transformer of a site
/// over a period, from the kWh (and kvarh, when the site has reactive readings) of the meter it
/// feeds. The loss is added at that meter's node of the meter tree (allocation::loss_options::
/// added_losses), so it is shared only among the meters below it (TXL-3, LL-4); site/losses.hpp
/// passes it on with the line losses.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/allocation/transformer_loss.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/site/site.hpp"
#include "submeter/site/two_part.hpp"
#include "submeter/site/usage.hpp"

namespace submeter::site {

/// One transformer's loss over a period, and what it was computed from.
struct transformer_loss_row {
  std::string transformer_id;
  /// The meter it feeds (the node the loss is added at).
  std::string meter_id;
  /// T, hours energised.
  ratio hours;
  /// A_P and A_Q: the meter's kWh, and kvarh from reactive.csv (zero without reactive data).
  energy active;
  reactive_energy reactive;
  bool reactive_metered = false;
  /// K as given or (I_rms / I_avg)², to 1e-9 for display.
  ratio k;
  /// Iron P0·T, copper Pk·β²·T·K and their exact total, each to 0.01 kWh half-up.
  allocation::transformer_loss loss;
};

/// The hours of `period`'s window (744 for July), or `t.hours` when given.
[[nodiscard]] inline ratio transformer_hours(const site_transformer& t,
                                             const bill::billing_period& period) {
  if (t.hours) return *t.hours;
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(period.window().end() -
                                                                        period.window().begin())
                           .count();
  return ratio::from_mantissa(minutes * ratio::one / 60);  // whole days: exact
}

/// TXL-1 for every transformer of `s` over `period`, in the site's order: A_P the kWh of the
/// meter it feeds, A_Q its reactive kvarh (reactive.csv) or zero, T the period's hours unless the
/// transformer states its own, K as given (default 1) or from currents. Refuses (errc::not_found)
/// a fed meter without readings at the bounds, and what transformer_loss_formula refuses.
[[nodiscard]] inline std::vector<transformer_loss_row> transformer_losses(
    const site& s, const bill::billing_period& period) {
  std::vector<transformer_loss_row> out;
  for (const auto& t : s.parts().transformers) {
    transformer_loss_row r;
    r.transformer_id = t.id;
    r.meter_id = t.meter_id;
    r.hours = transformer_hours(t, period);
    r.active = meter_usage(s, t.meter_id, period.window(), "transformer").total;
    if (s.reactive(t.meter_id) != nullptr) {
      r.reactive = reactive_use(s, t.meter_id, period.window());
      r.reactive_metered = true;
    }
    r.k = t.k.value(rounding::half_up);
    try {
      r.loss =
          allocation::transformer_loss_formula(t.nameplate, {r.hours, r.active, r.reactive}, t.k);
    } catch (const error& e) {
      auto context = e.context();
      context.insert(context.begin(), {"transformer", t.id});
      throw error(e.code(), e.message(), std::move(context));
    }
    out.push_back(std::move(r));
  }
  return out;
}

/// "transformer T1 (DL/T 686, TXL-1): 345.60 iron + 919.63 copper = 1,265.23 kWh": how a
/// transformer's loss was found, for the report.
[[nodiscard]] inline std::string describe(const transformer_loss_row& r) {
  return "transformer " + r.transformer_id + " at " + r.meter_id + " (DL/T 686, TXL-1): T " +
         r.hours.to_string(2) + " h, A_P " + bill::group_thousands(r.active.to_string(2)) +
         " kWh, A_Q " + bill::group_thousands(r.reactive.to_string(2)) + " kvarh" +
         (r.reactive_metered ? "" : " (no reactive data)") + ", K " + r.k.to_string(4) + ": " +
         bill::group_thousands(r.loss.iron.to_string(2)) + " iron + " +
         bill::group_thousands(r.loss.copper.to_string(2)) +
         " copper = " + bill::group_thousands(r.loss.total.to_string(2)) + " kWh";
}

}  // namespace submeter::site
