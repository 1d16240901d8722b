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
};

/// The schema version this build writes (migrations bring older files up to it).
inline constexpr int sqlite_schema_version = 3;

/// Opens (creating and migrating as needed) the store at `path`. Refuses (errc::unsupported) a
/// file whose schema is newer than this build; I/O failures throw std::runtime_error.
[[nodiscard]] std::unique_ptr<ledger_store> open_sqlite_store(const std::string& path,
                                                              const sqlite_options& options = {});

}  // namespace submeter::store
