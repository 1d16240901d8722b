#pragma once
/// \file
/// The readings store in SQLite (C API): WAL, one IMMEDIATE transaction per batch, the unique
/// key (meter, register, time) enforced by the primary key, a versioned schema with migrations
/// (PRAGMA user_version, as the ledger's) under its own application id, and a busy timeout plus
/// retries for writers in several processes. Schema: docs/meter-data.md "The readings store".

#include <chrono>
#include <memory>
#include <string>

#include "store/readings_store.hpp"

namespace submeter::store {

/// Options of the SQLite readings store.
struct readings_sqlite_options {
  /// How long a writer waits for another process's transaction before retrying.
  std::chrono::milliseconds busy_timeout{5000};
  /// How many times a batch is retried after SQLITE_BUSY before the error is reported.
  int busy_retries = 20;
  /// PRAGMA synchronous: false NORMAL (the default: in WAL a commit survives a process crash;
  /// a gateway's backlog covers a power loss), true FULL.
  bool synchronous_full = false;
};

/// The schema version this build writes (migrations bring older files up to it).
inline constexpr int readings_schema_version = 1;

/// PRAGMA application_id of a readings store ("SMRD"), so that a ledger file or any other
/// SQLite file is not taken for one.
inline constexpr int readings_application_id = 0x534D5244;

/// Opens (creating and migrating as needed) the readings store at `path`. Refuses, before
/// writing anything to the file: (errc::unsupported) a file written by a newer submeter, a file
/// that is not SQLite, and a SQLite file that is not a readings store (another application id,
/// or tables without one: a ledger); (errc::not_found) a path that cannot be opened (a missing
/// folder). Other I/O failures throw std::runtime_error.
[[nodiscard]] std::unique_ptr<readings_store> open_sqlite_readings(
    const std::string& path, const readings_sqlite_options& options = {});

}  // namespace submeter::store
