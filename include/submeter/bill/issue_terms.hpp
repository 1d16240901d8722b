#pragma once
/// \file
/// bill::issue_terms: what a site asks of its issued bills beyond their lines (issue 22 #8, #9):
/// numbers (bill/number.hpp), tax lines (bill/tax.hpp) and payment bills (bill/payment_bill.hpp,
/// issue 22 #5). All optional: a site that asks for none bills exactly as before.

#include <optional>

#include "submeter/bill/number.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/bill/tax.hpp"

namespace submeter::bill {

/// A site's terms for the bills it issues (site file v2 `bill_numbers` and `tax`).
struct issue_terms {
  /// BN-1: number each bill; none when absent.
  std::optional<numbering> numbers;
  /// VAT-1..VAT-3: show net and VAT; none when absent.
  std::optional<tax_terms> tax;
  /// PAY-1..PAY-5: which components go on payment bills instead of being deducted; every line
  /// is deducted when absent.
  std::optional<payment_terms> payments;
};

}  // namespace submeter::bill
