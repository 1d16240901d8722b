#pragma once
/// \file
/// store::ledger_store: the ledger kept durably, behind an interface a PostgreSQL store could
/// implement later. The SQLite implementation is open_sqlite_store (sqlite_store.hpp).
///
/// DESIGN.md "Nothing is lost": a posting batch is all or nothing (one transaction); a replayed
/// event (same idempotency key) is recognised and not applied twice, across processes.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"

namespace submeter::store {

/// One event for one account, in a batch.
struct posting_request {
  std::string account_id;
  ledger::event what;
};

/// The result of a committed batch: one posting per request, in order (ok or duplicate).
struct batch_result {
  std::vector<ledger::posting> postings;
  /// How many were applied (ok) and how many were replays (duplicate).
  std::size_t applied = 0;
  std::size_t duplicates = 0;
};

/// A durable ledger.
class ledger_store {
 public:
  ledger_store() = default;
  ledger_store(const ledger_store&) = delete;
  ledger_store& operator=(const ledger_store&) = delete;
  virtual ~ledger_store() = default;

  /// Creates an account with its parameters and opening state. Refuses (errc::duplicate) an id
  /// that exists.
  virtual void create_account(const ledger::account_params& params,
                              const ledger::account_state& opening) = 0;
  /// Posts a batch, all or nothing, in one transaction. Replays are accepted as duplicates
  /// (returning the original entries). When any event is refused, nothing is written and a
  /// submeter::error is thrown with the posting's code (ledger::error_code) and context
  /// {account, index, key, status}; an unknown account is errc::not_found.
  virtual batch_result post(const std::vector<posting_request>& batch) = 0;
  /// Replaces the terms of account `params.id` (PP-1 levels, balance alarms, counter policy,
  /// cut-off terms: notice, no-cut windows, holidays) by `params`'s; its mode and the meters it
  /// was opened with stay as stored, and so do its state and entries (the next posting applies
  /// the new terms). Refuses (errc::not_found) an unknown account. Another store open on the same
  /// ledger (another process) judges its next posting by the new terms too (params_cache).
  virtual void update_terms(const ledger::account_params& params) = 0;
  /// The parameters / current state of an account. Refuses (errc::not_found) an unknown id.
  [[nodiscard]] virtual ledger::account_params params(const std::string& account_id) = 0;
  [[nodiscard]] virtual ledger::account_state state(const std::string& account_id) = 0;
  /// The opening state the account was created with (statements start from it).
  [[nodiscard]] virtual ledger::account_state opening(const std::string& account_id) = 0;
  /// Every entry of an account, in sequence order.
  [[nodiscard]] virtual std::vector<ledger::entry> entries(const std::string& account_id) = 0;
  /// The ids of every account, sorted.
  [[nodiscard]] virtual std::vector<std::string> accounts() = 0;
};

/// `stored` with the terms of `terms` (PP-1 levels, balance alarms, counter policy, cut-off
/// terms): what ledger_store::update_terms stores; id, mode and the opening meters stay.
[[nodiscard]] inline ledger::account_params with_terms(ledger::account_params stored,
                                                       const ledger::account_params& terms) {
  stored.levels = terms.levels;
  stored.balance_alarms = terms.balance_alarms;
  stored.counters = terms.counters;
  stored.cuts = terms.cuts;
  return stored;
}

/// Posts request `index` of a batch to an account in memory (the step every store's post runs
/// inside its transaction) and returns the posting, ok or duplicate. Refuses what ledger::post
/// refuses and a posting it does not accept (the posting's error code), naming the account, the
/// index in the batch and, for a refused posting, the key and status.
[[nodiscard]] inline ledger::posting post_request(const ledger::account_params& params,
                                                  ledger::account_state& state,
                                                  const ledger::history& history,
                                                  const posting_request& req, std::size_t index) {
  ledger::posting p;
  try {
    p = ledger::post(params, state, history, req.what);
  } catch (const error& e) {
    throw e.with("account", req.account_id).with("index", std::to_string(index));
  }
  if (!ledger::accepted(p.status)) {
    throw error(ledger::error_code(p.status), p.message,
                {{"account", req.account_id},
                 {"index", std::to_string(index)},
                 {"key", req.what.key},
                 {"status", std::string(ledger::to_string(p.status))}});
  }
  return p;
}

}  // namespace submeter::store
