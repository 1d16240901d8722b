#pragma once
/// \file
/// The readings store in PostgreSQL (libpq), for hosted services whose gateways, ingest workers
/// and billing runs on several machines share one database (issue 20). The same contract as the
/// SQLite store (readings_store.hpp, the conformance suite runs against both): unique on (meter,
/// register, device time), duplicates counted, conflicts kept aside, estimates never edited,
/// multipliers kept once per (meter, time); one transaction per batch.
///
/// Concurrency: a batch is a few set-based statements in one READ COMMITTED transaction. The
/// unique key is the primary key, and `INSERT … ON CONFLICT DO NOTHING` waits for another
/// transaction inserting the same key and then sees its row: two writers offering one backlog
/// store each read once, with no lock of ours and nothing aborted (docs/postgres.md).
///
/// Tables (prefixed `submeter_`, so one database may hold the ledger too), versioned in
/// `submeter_readings_schema` and migrated under an advisory lock as the ledger is. Schema:
/// docs/postgres.md "The readings store".
///
/// Built only when libpq is found; store::open_readings_store (open_store.hpp) opens either back
/// end from a --store argument.

#include <memory>
#include <string>

#include "store/readings_store.hpp"

namespace submeter::store {

/// The schema version of the PostgreSQL readings tables this build writes.
inline constexpr int readings_postgres_schema_version = 1;

/// Opens (creating and migrating as needed) the readings store in the database named by
/// `conninfo` (a libpq connection string or postgresql:// URI; empty fields from the PG*
/// environment). Refuses what open_postgres_store refuses: errc::parse a malformed conninfo,
/// errc::not_found a server it cannot reach (never naming the password), errc::unsupported a
/// schema newer than this build. Besides the contract's refusals, append refuses
/// (errc::invalid_argument, naming the index; nothing written) a time before 0001-01-01 or after
/// 9999-12-31T23:59:59, which no meter reports. A connection lost between calls is reopened; a
/// batch whose connection is lost mid-way throws errc::not_found and may be appended again
/// (what was stored is then counted as duplicates). One store is one connection: use it from one
/// thread at a time.
[[nodiscard]] std::unique_ptr<readings_store> open_postgres_readings(const std::string& conninfo);

}  // namespace submeter::store
