#pragma once
/// \file
/// What a back end gives store::prepaid_store (prepaid_store.hpp): the storage steps of a live
/// run inside one transaction, and the reads of the outbox and the cursors. The live run itself
/// (the order of readings and recharges, duplicates, statuses, cursors, postings, outbox rows)
/// is written once, in prepaid_store.cpp, over these steps; SQLite (prepaid_sqlite.cpp) and
/// PostgreSQL (prepaid_postgres.cpp) each implement them. Why an abstract back end under one
/// concrete store rather than an interface per back end: the run is the part that must not
/// differ, so it is not written twice (docs/postgres.md).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/ledger_store.hpp"
#include "store/prepaid_store.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/history.hpp"
#include "submeter/ledger/outbox.hpp"

namespace submeter::store::detail {

/// The steps of one batch, inside its transaction. Rows written by a step are seen by the later
/// steps of the same batch.
class prepaid_batch {
 public:
  prepaid_batch() = default;
  prepaid_batch(const prepaid_batch&) = delete;
  prepaid_batch& operator=(const prepaid_batch&) = delete;
  virtual ~prepaid_batch() = default;

  /// An account's parameters and state; nullopt when the store does not have it.
  virtual std::optional<std::pair<ledger::account_params, ledger::account_state>> load_account(
      const std::string& id) = 0;
  /// The stored entries of `account`, for ledger::post (including those inserted by this batch).
  virtual std::unique_ptr<ledger::history> history(const std::string& account) = 0;
  /// Inserts an entry the ledger's way (the ledger store reads it as its own).
  virtual void insert_entry(const std::string& account, const ledger::entry& e) = 0;
  /// Writes an account's new state.
  virtual void update_account(const std::string& id, const ledger::account_state& s) = 0;
  /// The registers (registers_text) of the reading given before at (meter, time), if any.
  virtual std::optional<std::string> seen(const std::string& meter, local_time t) = 0;
  /// The time of the latest reading of `meter` given to the live step (recorded), as stored
  /// ("YYYY-MM-DDTHH:MM:SS"); nullopt when it has none. A reading after it was never given: the
  /// store asks `seen` only for readings at or before it.
  virtual std::optional<std::string> latest_recorded(const std::string& meter) = 0;
  /// Records a reading given to the live step (once per meter and time).
  virtual void record(const std::string& meter, local_time t, const std::string& registers,
                      const std::string& status, const std::string& account,
                      const std::string& message) = 0;
  /// A meter's cursor (cursor_to_text), if it has one.
  virtual std::optional<std::string> load_cursor(const std::string& meter) = 0;
  /// Writes a meter's cursor.
  virtual void save_cursor(const std::string& meter, const std::string& account, local_time last,
                           const std::string& body) = 0;
  /// Appends rows to the outbox, in order.
  virtual void insert_rows(const std::vector<ledger::outbox_row>& rows) = 0;
  /// True when nothing but this back end's own batches was committed to the store since its
  /// last batch committed (and that batch exists): the accounts and cursors the run kept from it
  /// are what is stored, and need not be read again. A back end that cannot tell says false.
  [[nodiscard]] virtual bool unchanged_since_last() const { return false; }
};

/// A back end of store::prepaid_store.
class prepaid_backend {
 public:
  prepaid_backend() = default;
  prepaid_backend(const prepaid_backend&) = delete;
  prepaid_backend& operator=(const prepaid_backend&) = delete;
  virtual ~prepaid_backend() = default;

  /// The ledger in the same database (accounts, states, entries).
  virtual ledger_store& ledger() = 0;
  /// Runs `body` in one transaction, committed when it returns and rolled back when it throws;
  /// after a transient failure (SQLite busy, a PostgreSQL serialization failure or deadlock) it
  /// runs `body` again from the start, so `body` must start from nothing each time. `accounts`
  /// (sorted) are the accounts the batch posts to: a back end that locks rows locks them first,
  /// in that order.
  virtual void in_batch(const std::vector<std::string>& accounts,
                        const std::function<void(prepaid_batch&)>& body) = 0;
  /// The outbox rows in delivery order; only the pending ones unless `all`.
  virtual std::vector<stored_outbox_row> outbox(bool all) = 0;
  /// Sets the acknowledgement time of the row whose id (or number, when `by_number`) is `id`,
  /// unless it has one; returns the row, or nullopt when there is none.
  virtual std::optional<stored_outbox_row> ack(const std::string& id, bool by_number,
                                               const std::string& when) = 0;
  /// Every stored cursor, by meter.
  virtual std::vector<stored_cursor> cursors() = 0;
};

/// The SQLite back end on the ledger file at `path` (prepaid_sqlite.cpp).
[[nodiscard]] std::unique_ptr<prepaid_backend> sqlite_prepaid_backend(
    const std::string& path, const sqlite_options& options);

/// The PostgreSQL back end on the ledger database `conninfo` (prepaid_postgres.cpp; only in a
/// build with libpq).
[[nodiscard]] std::unique_ptr<prepaid_backend> postgres_prepaid_backend(
    const std::string& conninfo);

/// An outbox row's columns as both back ends keep them: the row's time as
/// "YYYY-MM-DDTHH:MM:SS" (PostgreSQL's "YYYY-MM-DD HH:MM:SS" reads back too), `command` and
/// `meter` for a supply command, `notice` for a notification (NULL otherwise), `frame` a
/// command's wire frame (NULL when it has none, and for rows written before the column: SQLite
/// schema 5, PostgreSQL 4).
struct outbox_columns {
  std::int64_t number = 0;
  std::string id;
  std::string account;
  std::string time;
  std::optional<std::string> command;
  std::optional<std::string> meter;
  std::string utility;
  std::optional<std::string> notice;
  std::string detail;
  std::optional<std::string> acked;
  std::optional<std::string> frame;
};

/// The columns of `r` to insert (number and acked left empty).
[[nodiscard]] outbox_columns columns_of(const ledger::outbox_row& r);
/// The stored row of columns read back.
[[nodiscard]] stored_outbox_row stored_row_of(const outbox_columns& c);

/// A reading's registers as one text, to recognise the same reading given again.
[[nodiscard]] std::string registers_text(const metering::register_reading& r);

}  // namespace submeter::store::detail
