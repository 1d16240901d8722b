#pragma once
/// \file
/// metering::meter: a meter's identity and its multiplier (CT ratio × PT ratio).
///
/// A meter behind current and voltage transformers counts secondary-side kWh; the billed energy
/// is the register difference × CT × PT (e.g. CT 200/5 and PT 10000/100: × 40 × 100 = × 4000).

#include <string>
#include <utility>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"

namespace submeter::metering {

/// A meter: its id and its multiplier. Built by make(), so a meter is valid by type.
class meter {
 public:
  /// Builds a meter. `multiplier` is CT × PT as an exact ratio (1 for a direct meter).
  /// Refuses (errc::invalid_argument) an empty id and a multiplier that is not > 0.
  [[nodiscard]] static meter make(std::string id, ratio multiplier) {
    if (id.empty()) throw error(errc::invalid_argument, "a meter needs an id");
    if (multiplier.mantissa() <= 0) {
      throw error(errc::invalid_argument, "a meter multiplier must be > 0",
                  {{"meter", id}, {"multiplier", multiplier.to_string(0)}});
    }
    return meter(std::move(id), multiplier);
  }
  /// A direct meter (multiplier 1).
  [[nodiscard]] static meter make(std::string id) {
    return make(std::move(id), ratio::from_integer(1));
  }

  /// The meter's id as the site names it ("M-07").
  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  /// CT × PT; register differences are multiplied by it.
  [[nodiscard]] ratio multiplier() const noexcept { return multiplier_; }

 private:
  meter(std::string id, ratio multiplier) : id_(std::move(id)), multiplier_(multiplier) {}
  std::string id_;
  ratio multiplier_;
};

}  // namespace submeter::metering
