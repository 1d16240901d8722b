#pragma once
// `submeter bill --post`: bills deducted from the ledger kept in SQLite (the `ledger` subcommand
// itself registers through commands.hpp).

#include <string>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/core/time.hpp"

namespace submeter::cli {

/// Deducts each bill's total from its tenant's account (account id = tenant id) in the store at
/// `db`, in one batch (all or nothing), with keys "bill/<period>/<tenant>" (re-running is a
/// no-op). Returns a text report.
std::string post_bills(const std::string& db, const std::string& period_label, local_time at,
                       const std::vector<bill::bill>& bills);

}  // namespace submeter::cli
