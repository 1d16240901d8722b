#pragma once
/// \file
/// The ledger in PostgreSQL (libpq), for hosted services where several processes on several
/// machines post to one database (issue 20). The same contract as the SQLite store
/// (ledger_store.hpp): a batch is one transaction, replays are recognised by the database's
/// unique constraints, the schema is versioned with migrations.
///
/// Concurrency: a batch locks the rows of the accounts it touches with one
/// `SELECT … ORDER BY id FOR UPDATE` (READ COMMITTED), so every writer takes its locks in the same
/// (sorted) order and two batches can wait for each other but never deadlock; nothing is ever
/// aborted for a conflict, so a batch of 1,000 events is never computed twice. Serialization
/// failures and deadlocks (40001 / 40P01), which this ordering should make impossible, are still
/// retried a few times. docs/postgres.md says why this was chosen over SERIALIZABLE.
///
/// Built only when libpq is found (CMake FindPostgreSQL); store::open_ledger_store
/// (open_store.hpp) opens either back end from a --db argument.

#include <memory>
#include <string>

#include "store/ledger_store.hpp"

namespace submeter::store {

/// Options of the PostgreSQL store.
struct postgres_options {
  /// How many times a batch is retried after a serialization failure or deadlock.
  int conflict_retries = 5;
};

/// The schema version this build writes (migrations bring older databases up to it): 1 accounts
/// and entries, 2 the entries' time index, 3 the live prepaid tables, 4 the outbox rows' wire
/// frames (prepaid_schema.hpp).
inline constexpr int postgres_schema_version = 4;

/// Opens (creating and migrating as needed, in one transaction under an advisory lock) the store
/// in the database named by `conninfo`: a libpq connection string ("host=… dbname=…") or URI
/// ("postgresql://user@host:5432/db"); empty fields come from the PG* environment. Refuses with a
/// submeter::error: errc::parse a conninfo libpq cannot read, errc::not_found a server it cannot
/// reach (context: server, detail; never the password), errc::unsupported a schema newer than
/// this build. A connection lost later is reopened at the next call; a batch whose connection is
/// lost mid-way throws errc::not_found and may be retried as is (replays are recognised).
/// One store is one connection: use it from one thread at a time.
[[nodiscard]] std::unique_ptr<ledger_store> open_postgres_store(
    const std::string& conninfo, const postgres_options& options = {});

}  // namespace submeter::store
