#pragma once
/// \file
/// ledger::bill_key: the idempotency key a month's bill is posted under, one spelling for every
/// path that posts bills (the site run's accounts, `submeter bill --post`), so a bill posted
/// twice is recognised as already posted; and the keys of payment bills, credit notes and their
/// payments (PAY-5, bill/payment_bill.hpp).

#include <string>

namespace submeter::ledger {

/// "bill/<period>/<account>", e.g. "bill/2026-07/T-1": the key of the bill of `period`
/// ("YYYY-MM") posted to the account of tenant `account` (the spelling ledgers written by
/// `submeter bill --post` already hold).
[[nodiscard]] inline std::string bill_key(const std::string& account, const std::string& period) {
  return "bill/" + period + "/" + account;
}

/// PAY-5: "payment bill <number>", the reference of a payment bill's payment.
[[nodiscard]] inline std::string payment_bill_reference(const std::string& number) {
  return "payment bill " + number;
}

/// PAY-5: "credit_note/<period>/<account>", the key a credit note of the bill of `period`
/// posts its credit under, one spelling for every path that posts it (as bill_key), so a credit
/// posted twice is recognised.
[[nodiscard]] inline std::string credit_note_key(const std::string& account,
                                                 const std::string& period) {
  return "credit_note/" + period + "/" + account;
}

/// PAY-5: "payment/<number>", the key of the payment of payment bill `number`: one payment per
/// bill, so paying twice is recognised.
[[nodiscard]] inline std::string payment_key(const std::string& number) {
  return "payment/" + number;
}

}  // namespace submeter::ledger
