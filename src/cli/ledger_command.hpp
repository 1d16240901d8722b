#pragma once
// `submeter bill --post`: bills deducted from the ledger kept in SQLite (the `ledger` subcommand
// itself registers through commands.hpp).

#include <string>
#include <vector>

#include "submeter/core/time.hpp"
#include "submeter/site/accounts.hpp"

namespace submeter::cli {

/// Deducts each bill's total from its tenant's account (account id = tenant id) in the store at
/// `db`, in one batch (all or nothing), with keys ledger::bill_key, "bill/<period>/<tenant>", the
/// key the site run's accounts post under (re-running is a no-op). Returns a text report.
std::string post_bills(const std::string& db, const std::string& period_label, local_time at,
                       const std::vector<site::tenant_bill>& bills);

}  // namespace submeter::cli
