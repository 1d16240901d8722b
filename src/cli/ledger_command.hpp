#pragma once
// `submeter ledger …` and `submeter bill --post`: the prepaid/postpaid ledger kept in SQLite.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "submeter/core/time.hpp"
#include "submeter/site/accounts.hpp"

namespace submeter::cli {

/// Adds `ledger` (open, recharge, refund, reverse, statement, close) to `app`. The returned
/// function runs the chosen subcommand and returns its output; call it only when
/// `app.got_subcommand("ledger")`.
std::function<std::string()> add_ledger_command(CLI::App& app);

/// Deducts each bill's total from its tenant's account (account id = tenant id) in the store at
/// `db`, in one batch (all or nothing), with keys ledger::bill_key, "bill/<period>/<tenant>", the
/// key the site run's accounts post under (re-running is a no-op). Returns a text report.
std::string post_bills(const std::string& db, const std::string& period_label, local_time at,
                       const std::vector<site::tenant_bill>& bills);

}  // namespace submeter::cli
