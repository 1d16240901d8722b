#pragma once
/// \file
/// submeter::warning: a business finding that never blocks and rides on a result.
///
/// DESIGN.md "Errors": warnings (a tariff below the NDRC floors, a loss above its cap, a
/// contract demand raised to its floor) are values on the result, never exceptions.

#include <string>
#include <vector>

#include "submeter/core/error.hpp"

namespace submeter {

/// One warning: a stable code ("peak_valley_ratio_below_4"), a sentence, and named context.
struct warning {
  std::string code;
  std::string message;
  std::vector<context_item> context;

  /// The value of a context item, or an empty string when absent.
  [[nodiscard]] std::string context_value(const std::string& key) const {
    for (const auto& item : context) {
      if (item.key == key) return item.value;
    }
    return {};
  }
};

}  // namespace submeter
