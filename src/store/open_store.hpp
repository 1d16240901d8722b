#pragma once
/// \file
/// store::open_ledger_store: the one door from a `--db` argument (CLI) or a `ledger=` argument
/// (Python) to a ledger store: a PostgreSQL URI opens the PostgreSQL store, anything else is the
/// path of an SQLite file.

#include <memory>
#include <string>

#include "store/ledger_store.hpp"

namespace submeter::store {

/// True for "postgresql://…" and "postgres://…" (libpq's URI schemes).
[[nodiscard]] bool is_postgres_uri(const std::string& where);

/// Opens the ledger at `where`: open_postgres_store for a PostgreSQL URI ("postgresql://" alone
/// takes everything from the PG* environment), else open_sqlite_store for a file path. Refuses
/// (errc::unsupported) a PostgreSQL URI in a build without libpq.
[[nodiscard]] std::unique_ptr<ledger_store> open_ledger_store(const std::string& where);

}  // namespace submeter::store
