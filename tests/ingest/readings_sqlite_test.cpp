// Tests of src/store/readings_sqlite.hpp (the contract both back ends share is
// readings_store_conformance_test.cpp): what is SQLite's own: the file survives reopening, a
// ledger file is not taken for a readings store, a newer schema is refused, and two processes
// appending the same backlog store it once.
#include "store/readings_sqlite.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "reading_rows.hpp"
#include "store/sqlite_store.hpp"
#include "support/error_of.hpp"
#include "temp_dir.hpp"

namespace submeter::store {
namespace {

using test::row;

TEST(readings_sqlite, reopens_and_refuses_other_files) {
  test_support::temp_dir dir;
  const auto path = dir.file("readings.db");
  {
    auto s = open_sqlite_readings(path);
    s->append({row("M-1", 0, "2026-07-01T00:00", "1.5")});
  }
  EXPECT_EQ(open_sqlite_readings(path)->values()[0].value, energy::parse("1.5"));
  // a ledger is not a readings store
  const auto ledger = dir.file("ledger.db");
  (void)open_sqlite_store(ledger);
  EXPECT_EQ(test_support::error_of([&] { (void)open_sqlite_readings(ledger); }).code(),
            errc::unsupported);
  // a newer schema
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99;", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const auto e = test_support::error_of([&] { (void)open_sqlite_readings(path); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("schema_version"), "99");
}

TEST(readings_sqlite, two_processes_append_one_backlog_once) {
  test_support::temp_dir dir;
  const auto path = dir.file("readings.db");
  std::vector<metering::register_value> backlog;
  for (int q = 0; q < 2000; ++q) {
    auto r = row("M-1", 0, "2026-07-01T00:00", "0");
    r.time += std::chrono::minutes(15) * q;
    r.value = energy::from_mantissa(q * 100);
    backlog.push_back(r);
  }
  (void)open_sqlite_readings(path);  // created before the race
  std::vector<pid_t> children;
  for (int p = 0; p < 2; ++p) {
    const pid_t pid = fork();
    if (pid == 0) {
      int status = 0;
      try {
        auto s = open_sqlite_readings(path);
        for (std::size_t i = 0; i < backlog.size(); i += 100) {
          s->append({backlog.begin() + static_cast<std::ptrdiff_t>(i),
                     backlog.begin() + static_cast<std::ptrdiff_t>(i + 100)});
        }
      } catch (...) {
        status = 1;
      }
      _exit(status);
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto s = open_sqlite_readings(path);
  EXPECT_EQ(s->count(), backlog.size());
  EXPECT_TRUE(s->conflicts().empty());
}

}  // namespace
}  // namespace submeter::store
