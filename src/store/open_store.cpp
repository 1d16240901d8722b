#include "store/open_store.hpp"

#include "store/sqlite_store.hpp"
#include "submeter/core/error.hpp"
#ifdef SUBMETER_HAVE_POSTGRES
#include "store/postgres_store.hpp"
#endif

namespace submeter::store {

bool is_postgres_uri(const std::string& where) {
  return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
}

std::unique_ptr<ledger_store> open_ledger_store(const std::string& where) {
  if (is_postgres_uri(where)) {
#ifdef SUBMETER_HAVE_POSTGRES
    return open_postgres_store(where);
#else
    throw error(errc::unsupported, "this build has no PostgreSQL store (libpq was not found)",
                {{"db", "postgresql://…"}});
#endif
  }
  return open_sqlite_store(where);
}

}  // namespace submeter::store
