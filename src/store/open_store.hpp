#pragma once
/// \file
/// The one door from a `--db` / `--store` argument (CLI) or a `ledger=` argument (Python) to a
/// store: a PostgreSQL URI opens the PostgreSQL store, anything else is the path of an SQLite
/// file. open_ledger_store for the ledger, open_readings_store for the readings store; live
/// prepaid opens the same way (prepaid_store.hpp, open_prepaid_store).

#include <memory>
#include <string>

#include "store/ledger_store.hpp"
#include "store/readings_store.hpp"

namespace submeter::store {

/// True for "postgresql://…" and "postgres://…" (libpq's URI schemes).
[[nodiscard]] bool is_postgres_uri(const std::string& where);

/// `where` as it may be printed: a PostgreSQL URI without its password and parameters
/// ("postgresql://billing@db:5432/ledger"), a file path as it is.
[[nodiscard]] std::string printable_place(const std::string& where);

/// Opens the ledger at `where`: open_postgres_store for a PostgreSQL URI ("postgresql://" alone
/// takes everything from the PG* environment), else open_sqlite_store for a file path. Refuses
/// (errc::unsupported) a PostgreSQL URI in a build without libpq.
[[nodiscard]] std::unique_ptr<ledger_store> open_ledger_store(const std::string& where);

/// Opens the readings store at `where`: open_postgres_readings for a PostgreSQL URI, else
/// open_sqlite_readings for a file path (created when new). Refuses what those refuse, and
/// (errc::unsupported) a PostgreSQL URI in a build without libpq.
[[nodiscard]] std::unique_ptr<readings_store> open_readings_store(const std::string& where);

/// Refuses (errc::unsupported, naming `what`) a PostgreSQL URI in a build without libpq.
void require_postgres_built(const char* what);

}  // namespace submeter::store
