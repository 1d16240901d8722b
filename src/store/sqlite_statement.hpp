#pragma once
/// \file
/// The SQLite C API as the stores use it: a prepared statement reset after each use, exec, and a
/// BEGIN IMMEDIATE transaction rolled back unless committed. SQLITE_BUSY and SQLITE_LOCKED throw
/// sqlite::busy (a caller retries); anything else std::runtime_error. Shared by the ledger store
/// (sqlite_store.cpp), the readings store (readings_sqlite.cpp) and the prepaid store
/// (prepaid_sqlite.cpp).

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace submeter::store::sqlite {

/// SQLITE_BUSY or SQLITE_LOCKED after the busy timeout: the transaction is retried.
struct busy : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fail(sqlite3* db, int rc, const std::string& what) {
  const std::string message = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) throw busy(message);
  throw std::runtime_error("sqlite: " + message);
}

inline void exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) throw busy(text);
    throw std::runtime_error(std::string("sqlite: ") + sql + ": " + text);
  }
}

/// A prepared statement; reset() (or a reset_on_exit) before it is used again.
class statement {
 public:
  statement(sqlite3* db, const char* sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, std::string("prepare ") + sql);
  }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement() { sqlite3_finalize(stmt_); }

  statement& bind(int i, const std::string& v) {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  /// Binds `v` without copying it (SQLITE_STATIC): the caller keeps the text alive and unchanged
  /// until the statement has been stepped (declared before the statement's reset_on_exit, so it
  /// outlives the reset too). For the per-reading rows, whose texts are long and written once.
  statement& bind_view(int i, std::string_view v) {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  statement& bind(int i, std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  statement& bind_null(int i) {
    check(sqlite3_bind_null(stmt_, i));
    return *this;
  }
  /// Steps once: true when a row is available.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, std::string("step ") + sqlite3_sql(stmt_));
  }
  [[nodiscard]] bool is_null(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  [[nodiscard]] std::string text(int col) {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  [[nodiscard]] std::int64_t integer(int col) { return sqlite3_column_int64(stmt_, col); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// Resets a statement when the scope ends.
struct reset_on_exit {
  statement& s;
  ~reset_on_exit() { s.reset(); }
};

/// BEGIN IMMEDIATE … COMMIT, rolled back unless committed.
class transaction {
 public:
  explicit transaction(sqlite3* db) : db_(db) { exec(db_, "BEGIN IMMEDIATE;"); }
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  void commit() {
    exec(db_, "COMMIT;");
    done_ = true;
  }
  ~transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

}  // namespace submeter::store::sqlite
