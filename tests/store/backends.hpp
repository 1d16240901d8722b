#pragma once
// The store back ends the conformance suite runs against (issue 20: one suite, two back ends):
// SQLite in a temporary file and, when libpq is built in, PostgreSQL in a fresh database of a
// throw-away server (tests/support/pg_server.hpp). Each test gets its own empty ledger.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "store/ledger_store.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"
#ifdef SUBMETER_HAVE_POSTGRES
#include "store/postgres_store.hpp"
#include "support/pg_server.hpp"
#endif

namespace submeter::store::test {

enum class backend_kind { sqlite, postgres };

inline std::string name_of(backend_kind k) {
  return k == backend_kind::sqlite ? "sqlite" : "postgres";
}

/// Every back end of this build: SQLite always, PostgreSQL when libpq was found (the ci preset
/// requires it, so CI always runs both).
inline std::vector<backend_kind> all_backends() {
#ifdef SUBMETER_HAVE_POSTGRES
  return {backend_kind::sqlite, backend_kind::postgres};
#else
  return {backend_kind::sqlite};
#endif
}

/// A gtest parameter-name generator: ".../sqlite", ".../postgres".
struct backend_name {
  std::string operator()(const ::testing::TestParamInfo<backend_kind>& info) const {
    return name_of(info.param);
  }
};

/// One empty ledger on one back end, and a direct look at its tables.
class backend {
 public:
  backend() = default;
  backend(const backend&) = delete;
  backend& operator=(const backend&) = delete;
  virtual ~backend() = default;
  /// A new store (a new connection or file handle) on this ledger. Safe to call in a forked child.
  [[nodiscard]] virtual std::unique_ptr<ledger_store> open() = 0;
  /// How many entry rows the tables hold.
  [[nodiscard]] virtual std::size_t entry_rows() = 0;
  /// Writes an empty ledger at schema version 1, as an older build wrote it (no time index).
  virtual void write_version_1() = 0;
  /// Whether the ledger was migrated past version 1: PostgreSQL has the version-2 index
  /// (entries by account and time); SQLite is at the current version, whose entries have the
  /// partial reversal index that replaced it (version 4: nothing selects entries by time).
  [[nodiscard]] virtual bool migrated() = 0;
  /// Sets the stored schema version (as a newer build would).
  virtual void set_schema_version(int v) = 0;
  /// PostgreSQL only: crash the server (pg_ctl stop -m immediate) / start it again.
  virtual void stop_server_immediately() { ADD_FAILURE() << "no server to stop"; }
  virtual void restart_server() { ADD_FAILURE() << "no server to restart"; }
};

class sqlite_backend final : public backend {
 public:
  std::unique_ptr<ledger_store> open() override { return open_sqlite_store(file_); }
  std::size_t entry_rows() override {
    return static_cast<std::size_t>(std::stoll(query("SELECT COUNT(*) FROM entries")));
  }
  void write_version_1() override {
    run("CREATE TABLE accounts (id TEXT PRIMARY KEY, params TEXT NOT NULL, opening TEXT NOT NULL,"
        " state TEXT NOT NULL, last_seq INTEGER NOT NULL);"
        "CREATE TABLE entries (account TEXT NOT NULL REFERENCES accounts(id), seq INTEGER NOT NULL,"
        " kind TEXT NOT NULL, key TEXT, time TEXT NOT NULL, reverses INTEGER,"
        " balance_after TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (account, seq),"
        " UNIQUE (account, key), UNIQUE (account, reverses));"
        "PRAGMA user_version = 1;");
  }
  bool migrated() override {
    return query("PRAGMA user_version") == std::to_string(sqlite_schema_version) &&
           query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries_by_time'") == "0" &&
           query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries_reversal'") == "1";
  }
  void set_schema_version(int v) override {
    run("PRAGMA user_version = " + std::to_string(v) + ";");
  }

 private:
  void run(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }
  std::string query(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(file_.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) {
      const auto* p = sqlite3_column_text(st, 0);
      if (p) out = reinterpret_cast<const char*>(p);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  test_support::temp_dir dir_;
  std::string file_ = dir_.file("ledger.db");
};

#ifdef SUBMETER_HAVE_POSTGRES
class postgres_backend final : public backend {
 public:
  std::unique_ptr<ledger_store> open() override {
    return open_postgres_store(server_.conninfo(db_));
  }
  std::size_t entry_rows() override {
    return static_cast<std::size_t>(
        std::stoll(server_.exec(db_, "SELECT COUNT(*) FROM submeter_entries")));
  }
  void write_version_1() override {
    (void)server_.exec(
        db_,
        "CREATE TABLE submeter_schema (version INTEGER NOT NULL);"
        "INSERT INTO submeter_schema VALUES (1);"
        "CREATE TABLE submeter_accounts (id TEXT PRIMARY KEY, params TEXT NOT NULL,"
        " opening TEXT NOT NULL, state TEXT NOT NULL, balance BIGINT NOT NULL,"
        " last_seq BIGINT NOT NULL);"
        "CREATE TABLE submeter_entries (account TEXT NOT NULL REFERENCES submeter_accounts(id),"
        " seq BIGINT NOT NULL, kind TEXT NOT NULL, key TEXT, time TIMESTAMP NOT NULL,"
        " reverses BIGINT, balance_delta BIGINT NOT NULL, balance_after BIGINT NOT NULL,"
        " body TEXT NOT NULL, PRIMARY KEY (account, seq), UNIQUE (account, key),"
        " UNIQUE (account, reverses));");
  }
  bool migrated() override {
    return server_.exec(db_,
                        "SELECT COUNT(*) FROM pg_indexes WHERE indexname = "
                        "'submeter_entries_by_time'") == "1";
  }
  void set_schema_version(int v) override {
    (void)server_.exec(db_, "UPDATE submeter_schema SET version = " + std::to_string(v));
  }
  void stop_server_immediately() override { server_.stop_immediate(); }
  void restart_server() override { server_.restart(); }

  [[nodiscard]] test_support::pg_server& server() { return server_; }
  [[nodiscard]] const std::string& database() const { return db_; }

 private:
  test_support::pg_server server_;
  std::string db_ = server_.create_database();
};
#endif

/// A fresh, empty ledger on back end `k` (a PostgreSQL server that cannot start throws: the test
/// fails).
inline std::unique_ptr<backend> make_backend(backend_kind k) {
#ifdef SUBMETER_HAVE_POSTGRES
  if (k == backend_kind::postgres) return std::make_unique<postgres_backend>();
#endif
  if (k != backend_kind::sqlite) throw std::runtime_error("back end not built: " + name_of(k));
  return std::make_unique<sqlite_backend>();
}

}  // namespace submeter::store::test
