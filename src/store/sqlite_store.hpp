#pragma once
/// \file
/// The ledger in SQLite (C API): WAL, one IMMEDIATE transaction per batch, unique constraints on
/// (account, key) and (account, reverses), a versioned schema with migrations (PRAGMA
/// user_version), a busy timeout plus retry for writers in several processes.

#include <chrono>
#include <memory>
#include <string>

#include "store/ledger_store.hpp"

namespace submeter::store {

/// Options of the SQLite store.
struct sqlite_options {
  /// How long a writer waits for another process's transaction (SQLITE_BUSY) before retrying.
  std::chrono::milliseconds busy_timeout{5000};
  /// How many times a batch is retried after SQLITE_BUSY before the error is reported.
  int busy_retries = 20;
  /// PRAGMA synchronous: true FULL (every commit survives power loss), false NORMAL (WAL: a
  /// commit survives a process crash, may be lost on power loss).
  bool synchronous_full = true;
  /// Opens the file for reading only: no WAL switch, no migration, nothing created (a missing
  /// file is errc::not_found). Where the file and folder are writable the connection is
  /// `query_only` (so, as the last connection, it removes the -wal/-shm files on close, leaving
  /// the folder as it was); else SQLITE_OPEN_READONLY, and a WAL file in a folder the process
  /// cannot write is read as immutable. For statements and other reads (issue 16 #18). post and
  /// create_account then fail.
  bool read_only = false;
};

/// The schema version this build writes (migrations bring older files up to it).
inline constexpr int sqlite_schema_version = 5;

/// Opens (creating and migrating as needed) the store at `path`. Refuses (errc::unsupported) a
/// file whose schema is newer than this build; read-only, (errc::not_found) a missing file and
/// (errc::unsupported) one whose schema is older (it needs a read-write open to migrate); other
/// I/O failures throw std::runtime_error.
[[nodiscard]] std::unique_ptr<ledger_store> open_sqlite_store(const std::string& path,
                                                              const sqlite_options& options = {});

}  // namespace submeter::store
