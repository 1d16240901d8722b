#pragma once
// `submeter bill --post`: bills deducted from the ledger kept in SQLite (the `ledger` subcommand
// itself registers through commands.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "submeter/core/time.hpp"
#include "submeter/site/accounts.hpp"

namespace submeter::cli {

/// Deducts each bill's total from its tenant's account (account id = tenant id) in the store at
/// `db`, in one batch (all or nothing), with keys ledger::bill_key, "bill/<period>/<tenant>", the
/// key the site run's accounts post under (re-running is a no-op). Refuses (errc::invalid_argument)
/// a posting time `at` more than `max_ahead_hours` after the local clock (a month not yet ended).
/// When an account refuses its bill: with `all_or_nothing`, nothing is posted and the refusal is
/// thrown; otherwise every other bill is posted (one transaction each) and the refusal is
/// reported on its line (issue 16 #4). Returns a text report.
std::string post_bills(const std::string& db, const std::string& period_label, local_time at,
                       const std::vector<site::tenant_bill>& bills,
                       std::int64_t max_ahead_hours = 24, bool all_or_nothing = false);

/// This machine's local civil time, to the second (the ledger core reads no clock).
local_time local_now();

/// Adds `--max-ahead HOURS` (default 24, 0…87840) to a subcommand that posts to the ledger: a
/// posting time further ahead of local_now() is refused (issue 16 #4).
void add_max_ahead_option(CLI::App* sub, std::int64_t& hours);

}  // namespace submeter::cli
