// Tests of the SQLite store alone (src/store/sqlite_store.hpp): what the contract suite
// (ledger_store_contract_test.cpp, every back end) cannot say, a read-only open and the stored
// time format.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>

#include "store/ledger_json.hpp"
#include "store/sqlite_store.hpp"
#include "support.hpp"
#include "support/error_of.hpp"
#include "temp_dir.hpp"

namespace submeter::store {
namespace {

using ledger::test::at;
using ledger::test::yuan;
using test_support::error_of;

std::unique_ptr<ledger_store> fresh(const test_support::temp_dir& dir) {
  auto s = open_sqlite_store(dir.file("ledger.db"));
  const auto p = ledger::test::simple_params();
  s->create_account(p, ledger::opening_state(p));
  return s;
}

std::size_t rows(const std::string& file) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM entries", -1, &st, nullptr);
  sqlite3_step(st);
  const auto n = static_cast<std::size_t>(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// Issue 16 #18: a read-only open reads the ledger as it is (statements on a read-only file in a
// read-only directory), creates nothing, and refuses to post.
TEST(sqlite_store, a_read_only_open_reads_and_creates_nothing) {
  test_support::temp_dir dir;
  {
    auto s = fresh(dir);
    (void)s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"),
                                            ledger::channel::cash, "c1")}});
  }
  sqlite_options ro;
  ro.read_only = true;
  auto r = open_sqlite_store(dir.file("ledger.db"), ro);
  EXPECT_EQ(r->state("A-1").balance, yuan("100"));
  EXPECT_EQ(r->entries("A-1").size(), 1u);
  EXPECT_ANY_THROW(
      (void)r->post({{"A-1", ledger::fee(at("2025-01-02T00:00"), "f", yuan("1"), "f")}}));
  EXPECT_EQ(rows(dir.file("ledger.db")), 1u);
  const auto missing = error_of([&] { (void)open_sqlite_store(dir.file("none.db"), ro); });
  EXPECT_EQ(missing.code(), errc::not_found);
  EXPECT_EQ(missing.context_value("file"), dir.file("none.db"));
}

// Issue 16 #1: a time that would print as year 10000 is never stored (it would not read back).
TEST(sqlite_store, a_time_after_year_9999_is_never_stored) {
  EXPECT_EQ(stored_time(last_printable_local_time), "9999-12-31T23:59:59");
  EXPECT_EQ(error_of([] {
              (void)stored_time(last_printable_local_time + std::chrono::seconds{1});
            }).code(),
            errc::invalid_argument);
}

}  // namespace
}  // namespace submeter::store
