#pragma once
/// \file
/// ledger::bill_key: the idempotency key a month's bill is posted under, one spelling for every
/// path that posts bills (the site run's accounts, `submeter bill --post`), so a bill posted
/// twice is recognised as already posted.

#include <string>

namespace submeter::ledger {

/// "bill/<period>/<account>", e.g. "bill/2026-07/T-1": the key of the bill of `period`
/// ("YYYY-MM") posted to the account of tenant `account` (the spelling ledgers written by
/// `submeter bill --post` already hold).
[[nodiscard]] inline std::string bill_key(const std::string& account, const std::string& period) {
  return "bill/" + period + "/" + account;
}

}  // namespace submeter::ledger
