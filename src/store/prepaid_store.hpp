#pragma once
/// \file
/// store::prepaid_store: live prepaid (issue 17) kept in the ledger's database, SQLite or
/// PostgreSQL (issue 20): the live step (site::detail::ingest_with) runs inside one transaction
/// per batch, so each reading's record, its deduction entry, the account's new state, the
/// meter's cursor and the outbox rows are written together or not at all (transactional
/// outbox), a supply command's row with its wire frame. Rows are delivered (outbox) and
/// acknowledged by id (ack). The tables come with the ledger's schema version 3, the frames with
/// SQLite's 5 and PostgreSQL's 4 (prepaid_schema.hpp); the accounts and entries are the ledger's
/// own, so `submeter ledger` statements read them.
///
/// One store, two back ends: the live run is written once (prepaid_store.cpp) over the storage
/// steps of a detail::prepaid_backend (prepaid_backend.hpp): SQLite in one IMMEDIATE
/// transaction per batch (the file's write lock), PostgreSQL in one READ COMMITTED transaction
/// per batch that first locks the batch's account rows in id order (`SELECT … ORDER BY id FOR
/// UPDATE`, as the ledger's postings do): writers of other accounts run in parallel, writers of
/// one account one after the other, and no two batches deadlock.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/ledger_store.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/outbox.hpp"
#include "submeter/ledger/state.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/site/live_opening.hpp"
#include "submeter/site/live_rating.hpp"

namespace submeter::store {

/// A day's fixed charges (按日扣费, site/live_daily.hpp) a reading deducted: the day
/// ("YYYY-MM-DD"), the money, and "deducted" or why not ("refused", …: the message).
struct prepaid_day {
  std::string day;
  money amount;
  std::string status;
  std::string message;
};

/// What the live run did with one reading, recharge or tick of the clock, in the order processed.
struct prepaid_item {
  /// True for a recharge of site.json, false for a reading.
  bool recharge = false;
  /// True for a tick of the clock (run's `through`): an account's due cut and days, no reading;
  /// its status is "tick" and its meter empty.
  bool tick = false;
  /// The reading's meter (a recharge: the account's first meter) and time.
  std::string meter;
  local_time time{};
  /// The account; empty for a reading of a meter that is not prepaid or unknown.
  std::string account;
  /// A reading: site::live_status's name ("deducted", "late", …). A recharge: "recharged",
  /// "duplicate" or "refused".
  std::string status;
  /// Why, for the statuses that are not plain (late, backwards, refused, …).
  std::string message;
  /// The money deducted (deducted) or recharged (recharged).
  std::optional<money> amount;
  /// A reading of an account on daily deduction: the days it accrued, posted before its own
  /// deduction in the same transaction (their rows come first in `rows`).
  std::vector<prepaid_day> days;
  /// The account after the item (when it has one).
  std::optional<ledger::account_state> after;
  /// The outbox rows written with it, in order.
  std::vector<ledger::outbox_row> rows;
};

/// An outbox row as stored: its delivery number, the row, and when it was acknowledged.
struct stored_outbox_row {
  std::int64_t number = 0;
  ledger::outbox_row row;
  std::optional<std::string> acked;
};

/// A prepaid meter's cursor as stored.
struct stored_cursor {
  std::string meter;
  std::string account;
  site::live_cursor cursor;
};

/// The wire frame (hex) of a supply command row, or "" when it has none: what the live run
/// stores with the row (io::command_frame over the site's meter addresses, for a run that knows
/// the site). The store itself builds no frame: it knows no meter's address or protocol.
using command_framer = std::function<std::string(const ledger::outbox_row&)>;

namespace detail {
class prepaid_backend;
}

/// The live prepaid store on a ledger (created and migrated as the ledger store is).
class prepaid_store {
 public:
  /// Opens the ledger at `where` as open_ledger_store does (open_store.hpp): a postgresql:// URI
  /// opens the PostgreSQL ledger (migrated to postgres_schema_version), anything else is the
  /// path of an SQLite file (created when new, migrated to sqlite_schema_version). Refuses what
  /// open_ledger_store refuses.
  explicit prepaid_store(const std::string& where);
  /// The SQLite file at `path`, with options.
  prepaid_store(const std::string& path, const sqlite_options& options);
  /// A store on a back end (prepaid_backend.hpp).
  explicit prepaid_store(std::unique_ptr<detail::prepaid_backend> backend);
  prepaid_store(const prepaid_store&) = delete;
  prepaid_store& operator=(const prepaid_store&) = delete;
  ~prepaid_store();

  /// Opens every account of `o` the store does not have, with its opening state; returns how
  /// many were opened. An account the store has is left as it is.
  std::size_t open_accounts(const site::live_opening& o);

  /// Brings the terms of every account of `o` the store has opened before up to `o`'s (site.json
  /// changed after the account was opened: PP-1 levels, balance alarms, the counter policy, the
  /// cut-off terms); the meters it was opened with, its state and entries stay (the next posting
  /// applies the new terms; a cut already deferred keeps its time). Returns the ids of the
  /// accounts whose terms changed, in the plan's order; none when all match.
  std::vector<std::string> update_terms(const site::live_opening& o);

  /// Runs the live step over `readings` (any order: processed by time, then meter, then the
  /// order given) and the recharges of `o` due by the last reading's time, in batches of
  /// `batch` items per transaction. A reading the store has seen at the same (meter, time) is a
  /// duplicate (the same registers) or inconsistent (other values) and changes nothing; a
  /// recharge posted before is a duplicate. The accounts must be open (open_accounts). On
  /// PostgreSQL a connection lost mid-way throws errc::not_found: the batches before it are
  /// committed, the one it was in may or may not be, and running the same input again finishes
  /// the job (what was done is recognised as duplicates). Each supply command row gets its wire
  /// frame from `frame` (when given) before it is written, in the transaction of the posting
  /// that asked for it; without `frame`, or when it gives "", the row is stored without one.
  ///
  /// With `through`, the clock ticks at that time for every account of the plan (after the
  /// readings and recharges up to it, before any reading after it): a cut that fell due by then
  /// is executed and the days of an account on daily deduction that ended by then are accrued
  /// (site::tick), each account an item; the recharges of `o` due by `through` are posted too.
  /// Ticking again at the same time posts nothing new.
  std::vector<prepaid_item> run(const site::live_opening& o,
                                std::vector<metering::reading> readings, std::size_t batch = 1000,
                                const command_framer& frame = {},
                                std::optional<local_time> through = std::nullopt);

  /// The same run, each item handed to `sink` as soon as its batch is committed (in order), so
  /// a caller that prints or counts items need not hold them all (`submeter prepaid run` over a
  /// 10,000-meter month). What `sink` throws stops the run after that batch.
  void run(const site::live_opening& o, std::vector<metering::reading> readings, std::size_t batch,
           const std::function<void(prepaid_item&&)>& sink, const command_framer& frame = {},
           std::optional<local_time> through = std::nullopt);

  /// The outbox rows in delivery order, each command with the frame stored with it (none for a
  /// row written before the store kept frames); only the pending ones unless `all`.
  [[nodiscard]] std::vector<stored_outbox_row> outbox(bool all = false);

  /// Acknowledges the row whose id (or delivery number, all digits) is `id` at `when` (a time
  /// stamp the caller gives). Returns the row; refuses (errc::not_found) an id the outbox does
  /// not have. Acknowledging twice keeps the first time.
  stored_outbox_row ack(const std::string& id, const std::string& when);

  /// Every stored cursor, by meter.
  [[nodiscard]] std::vector<stored_cursor> cursors();

  /// The ledger in the same database (accounts, states, entries).
  [[nodiscard]] ledger_store& ledger();

 private:
  std::unique_ptr<detail::prepaid_backend> backend_;
};

/// JSON text of a cursor, and back (errc::parse on malformed text): how cursors were stored
/// before schema version 4 (still read).
[[nodiscard]] std::string cursor_to_json(const site::live_cursor& c);
[[nodiscard]] site::live_cursor cursor_from_json(const std::string& text);

/// The compact text of a cursor as stored (`live_cursors.body`): "c1", the period, then
/// integers only (times in seconds, quantities as mantissas), a few hundred bytes written and
/// read without a JSON tree (docs/performance.md, the durable path). cursor_from_text reads it
/// and, for files written before, the JSON of cursor_to_json; errc::parse on anything else.
[[nodiscard]] std::string cursor_to_text(const site::live_cursor& c);
[[nodiscard]] site::live_cursor cursor_from_text(const std::string& text);

}  // namespace submeter::store
