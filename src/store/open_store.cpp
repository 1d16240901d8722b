#include "store/open_store.hpp"

#include "store/readings_sqlite.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/core/error.hpp"
#ifdef SUBMETER_HAVE_POSTGRES
#include "store/postgres_store.hpp"
#include "store/readings_postgres.hpp"
#endif

namespace submeter::store {

bool is_postgres_uri(const std::string& where) {
  return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
}

std::string printable_place(const std::string& where) {
  if (!is_postgres_uri(where)) return where;
  const auto scheme_end = where.find("://") + 3;
  auto rest = where.substr(scheme_end);
  rest = rest.substr(0, rest.find('?'));
  const auto at = rest.rfind('@', rest.find('/'));
  if (at != std::string::npos) {
    const auto colon = rest.find(':');
    if (colon < at) rest.erase(colon, at - colon);
  }
  return where.substr(0, scheme_end) + rest;
}

void require_postgres_built(const char* what) {
#ifndef SUBMETER_HAVE_POSTGRES
  throw error(errc::unsupported, "this build has no PostgreSQL store (libpq was not found)",
              {{what, "postgresql://…"}});
#else
  (void)what;
#endif
}

std::unique_ptr<ledger_store> open_ledger_store(const std::string& where) {
  if (is_postgres_uri(where)) {
    require_postgres_built("db");
#ifdef SUBMETER_HAVE_POSTGRES
    return open_postgres_store(where);
#endif
  }
  return open_sqlite_store(where);
}

std::unique_ptr<readings_store> open_readings_store(const std::string& where) {
  if (is_postgres_uri(where)) {
    require_postgres_built("store");
#ifdef SUBMETER_HAVE_POSTGRES
    return open_postgres_readings(where);
#endif
  }
  return open_sqlite_readings(where);
}

}  // namespace submeter::store
