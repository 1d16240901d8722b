#pragma once
/// \file
/// bill::issue_terms: what a site asks of its issued bills beyond their lines (issue 22 #8, #9):
/// numbers (bill/number.hpp) and tax lines (bill/tax.hpp). Both optional: a site that asks for
/// neither bills exactly as before.

#include <optional>

#include "submeter/bill/number.hpp"
#include "submeter/bill/tax.hpp"

namespace submeter::bill {

/// A site's terms for the bills it issues (site file v2 `bill_numbers` and `tax`).
struct issue_terms {
  /// BN-1: number each bill; none when absent.
  std::optional<numbering> numbers;
  /// VAT-1..VAT-3: show net and VAT; none when absent.
  std::optional<tax_terms> tax;
};

}  // namespace submeter::bill
