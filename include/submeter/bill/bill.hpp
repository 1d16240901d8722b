#pragma once
/// \file
/// bill::bill: one tenant's bill for one period: usages, lines, and the total, with the rounding
/// point explicit (NUM-2: total = Σ rounded lines; or, for cross-checks, the exact sum rounded
/// once).

#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/bill/read_quality.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::bill {

/// A tenant's consumption in an earlier period (the bill's history chart).
struct usage_history {
  std::string period;
  energy kwh;
};

/// A tenant's bill.
struct bill {
  std::string tenant_id;
  std::string tenant_name;
  /// The billing period's label, "2026-07".
  std::string period;
  /// The tariff applied.
  std::string tariff_id;
  /// Per meter: the readings used and the energy between them.
  std::vector<metering::register_usage> usages;
  /// The charged lines, in meter order then register order.
  std::vector<line> lines;
  /// The rounding point, printed on the bill.
  rounding_rule rule;
  /// Σ line.unrounded, exact.
  exact_money unrounded_total;
  /// per_line: Σ line.amount (each already rounded); total_only: Σ unrounded rounded once.
  money total;
  /// Electricity consumption of earlier periods with readings, oldest first (the site run fills
  /// it; empty otherwise).
  std::vector<usage_history> history{};
  /// QUAL-1: the reads of `usages` that are not actual (估抄, 替代), in usage order; empty when
  /// every read is actual.
  std::vector<read_note> reads{};
};

/// Assembles a bill and computes its total by `rule`. Refuses (errc::inconsistent) a line rounded
/// by a different rule than the bill's.
[[nodiscard]] inline bill assemble(std::string tenant_id, std::string tenant_name,
                                   std::string period, std::string tariff_id,
                                   std::vector<metering::register_usage> usages,
                                   std::vector<line> lines, const rounding_rule& rule) {
  exact_money unrounded;
  exact_money charged;
  for (const auto& l : lines) {
    if (!(l.rule == rule)) {
      throw error(errc::inconsistent, "a line is rounded differently from its bill",
                  {{"tenant", tenant_id},
                   {"line", l.explanation},
                   {"line_rule", l.rule.describe()},
                   {"bill_rule", rule.describe()}});
    }
    unrounded += l.unrounded;
    charged += l.amount;
  }
  const exact_money total =
      rule.scope == rounding_scope::per_line ? charged : round(unrounded, rule.places, rule.mode);
  // Exact: total has at most rule.places <= 4 decimal places.
  const money total_money = rescale<money>(total, rounding::half_up);
  return bill{std::move(tenant_id),
              std::move(tenant_name),
              std::move(period),
              std::move(tariff_id),
              std::move(usages),
              std::move(lines),
              rule,
              unrounded,
              total_money};
}

}  // namespace submeter::bill
