#pragma once
/// \file
/// From a decoded meter reading (submeter::meters, DL/T 645 or a Modbus map) to the
/// metering::register_reading that metering and the tariffs bill.
///
/// Layering (DESIGN.md "Layers"): meters/ depends on core only and metering does not know meters,
/// so the bridge lives in the compiled edges. protocols.md 2.4: the registers are taken as the
/// meter reports them (a total that differs from the sum of the rates is kept); the PT × CT
/// multiplier is applied once, by metering::usage, from the metering::meter. The multiplier the
/// codec carried must therefore be the meter's own: a different one is refused, never applied
/// twice or silently dropped.

#include <cstddef>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/meters/meter_reading.hpp"

namespace submeter::io {

static_assert(meters::max_rates == metering::max_rate_registers,
              "a meter_reading and a register_reading carry the same rate registers T1..T8");

/// The register reading of meter `m` at local time `time` from a decoded reading `r`: the total
/// and the rate registers T1..T8 as read (before the multiplier).
/// Refuses (submeter::error): a reading without a total (errc::inconsistent: the meter sent FF
/// fillers, or the map has no total register), naming meter and time; a reading whose multiplier
/// differs from the meter's (errc::inconsistent, naming both), since metering applies the
/// meter's multiplier once to the registers as read.
[[nodiscard]] inline metering::register_reading to_register_reading(const meters::meter_reading& r,
                                                                    local_time time,
                                                                    const metering::meter& m) {
  if (!r.total) {
    throw error(errc::inconsistent, "a meter reading without a total register",
                {{"meter", m.id()}, {"time", local_interval::format(time)}});
  }
  if (r.multiplier != m.multiplier()) {
    throw error(errc::inconsistent,
                "the reading's PT x CT multiplier is not the meter's (metering applies the "
                "meter's multiplier once, to the registers as read)",
                {{"meter", m.id()},
                 {"reading_multiplier", r.multiplier.to_string(0)},
                 {"meter_multiplier", m.multiplier().to_string(0)}});
  }
  metering::register_reading out;
  out.time = time;
  out.total = *r.total;
  for (std::size_t i = 0; i < out.rates.size(); ++i) out.rates[i] = r.rates[i];
  return out;
}

}  // namespace submeter::io
