#pragma once
/// \file
/// bill::read_note: a register read a bill was computed from that is not actual (实抄): estimated
/// by a VEE rule (估抄) or substituted for a read that failed validation (替代), with how and from
/// what. Bills carry these so that every usage says how far to trust it (QUAL-1), and so that the
/// estimate can be trued up when the actual read arrives (QUAL-2, site/estimate_true_up.hpp).
///
/// A bill without notes was computed from actual reads only: that is the default, and nothing is
/// printed for it (bills of actual reads are byte for byte what they were before reads had a
/// quality).

#include <string>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"

namespace submeter::bill {

/// One register read that is not actual (QUAL-1).
struct read_note {
  std::string meter_id;
  /// 0 the total, 1..8 the rate registers.
  int register_number = 0;
  /// The device time the read stands for.
  local_time time{};
  /// estimated (估抄) or substituted (替代); never actual.
  metering::reading_quality quality = metering::reading_quality::estimated;
  /// The register value as estimated (before the multiplier), never edited afterwards.
  energy value;
  /// The rule that made it ("EST-3") and its method ("average_of_periods").
  std::string rule;
  std::string method;
  /// What it was made from ("last read 1000.00 at 2026-06-01T00:00:00 + 500.00 (average use of
  /// 3 earlier periods)").
  std::string basis;
};

/// The notes of `notes` about meter `meter_id`'s register `register_number` at `time`, in order.
[[nodiscard]] inline std::vector<const read_note*> notes_at(const std::vector<read_note>& notes,
                                                            const std::string& meter_id,
                                                            int register_number, local_time time) {
  std::vector<const read_note*> out;
  for (const auto& n : notes) {
    if (n.meter_id == meter_id && n.register_number == register_number && n.time == time) {
      out.push_back(&n);
    }
  }
  return out;
}

}  // namespace submeter::bill
