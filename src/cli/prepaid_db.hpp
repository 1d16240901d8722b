#pragma once
// What `submeter prepaid` and `submeter bill --prepaid-db` share (prepaid_command.cpp).
#include <string>

namespace submeter::cli {

/// Refuses, before anything is written to it, a --db path that is not a regular file
/// (errc::invalid_argument) or a file that is not SQLite (errc::unsupported), naming the file;
/// a missing file is refused (errc::not_found) when `must_exist`, else SQLite creates it. A
/// postgresql:// URI passes (the store refuses what it must when it connects).
void check_ledger_file(const std::string& db, bool must_exist);

}  // namespace submeter::cli

#include <ostream>
#include <vector>

#include "render/render.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/site.hpp"

namespace submeter::cli {

/// `bill --prepaid-db DB --post DB`: for each prepaid tenant whose account is in the ledger file
/// `db`, the true-up (its bill − the period's live deductions, live_true_ups) posted alone to
/// `db` (a fee when positive, a credit when negative, nothing when zero; key
/// bill/<period>/<tenant>, so re-running posts nothing), and a report of what was posted. Refuses
/// what check_ledger_file refuses (the file must exist).
void post_true_ups(std::ostream& out, const std::string& db, const site::site& site,
                   const bill::billing_period& period, const std::vector<site::tenant_bill>& bills);

/// `bill --prepaid-db DB` after the bills: a summary of the reconciliations (live_true_ups),
/// "== Live prepaid <period> (<db>) ==" then "<tenant>: bill B, live deductions D, true-up T".
void write_true_up_summary(std::ostream& out, const std::string& db,
                           const bill::billing_period& period,
                           const std::vector<render::live_true_up>& lines);

/// Each prepaid tenant's reconciliation (bill, live deductions, true-up), in the order of `bills`, for
/// `bill --prepaid-db DB --format json`. Refuses what check_ledger_file refuses (the file must exist).
std::vector<render::live_true_up> live_true_ups(const std::string& db, const site::site& site,
                                               const bill::billing_period& period,
                                               const std::vector<site::tenant_bill>& bills);

}  // namespace submeter::cli
