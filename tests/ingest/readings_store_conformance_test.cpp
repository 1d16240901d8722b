// The readings store conformance suite (readings_store_conformance.hpp) on every back end of
// this build: SQLite in a temporary file, and PostgreSQL in a fresh database of the shared test
// server (shared_pg.hpp) when libpq is built in (the ci preset requires it).
#include <memory>
#include <string>

#include "readings_store_conformance.hpp"
#include "store/readings_sqlite.hpp"
#include "temp_dir.hpp"
#ifdef SUBMETER_HAVE_POSTGRES
#include "shared_pg.hpp"
#include "store/readings_postgres.hpp"
#endif

namespace submeter::store::test {
namespace {

/// One factory per back end: the instantiation's prefix names the back end.
std::string factory_name(const ::testing::TestParamInfo<readings_store_factory>&) {
  return "store";
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(sqlite, readings_store_conformance,
                         ::testing::Values(readings_store_factory([] {
                           static int n = 0;
                           static test_support::temp_dir dir;
                           return open_sqlite_readings(dir.file("r" + std::to_string(++n) + ".db"));
                         })),
                         factory_name);

#ifdef SUBMETER_HAVE_POSTGRES
INSTANTIATE_TEST_SUITE_P(postgres, readings_store_conformance,
                         ::testing::Values(readings_store_factory([] {
                           return open_postgres_readings(test_support::fresh_pg_database());
                         })),
                         factory_name);
#endif

}  // namespace submeter::store::test
