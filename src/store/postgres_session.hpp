#pragma once
/// \file
/// libpq as the PostgreSQL stores use it (the ledger, postgres_store.cpp; the readings store,
/// readings_postgres.cpp; live prepaid, prepaid_postgres.cpp): one connection with the store's
/// errors (a malformed conninfo is errc::parse, an unreachable server errc::not_found naming
/// host:port/db and never the password), statements with text parameters, a READ COMMITTED
/// transaction rolled back unless committed, array literals for set-based statements, and
/// versioned migrations under an advisory lock. As sqlite_statement.hpp is for SQLite.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"

namespace submeter::store::pg {

/// A serialization failure or deadlock (SQLSTATE 40001 / 40P01): the transaction is retried.
struct conflict : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct result_deleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

/// A statement parameter: text, or SQL NULL.
using param = std::optional<std::string>;

/// `s` without trailing newlines and spaces (libpq's messages end with one).
[[nodiscard]] std::string trim(std::string s);
/// Column `col` of row `row` as text.
[[nodiscard]] std::string text(const result_ptr& r, int row, int col);
[[nodiscard]] bool is_null(const result_ptr& r, int row, int col);
/// Column `col` of row `row` as an integer (a BIGINT, INTEGER or a cast to one).
[[nodiscard]] std::int64_t integer(const result_ptr& r, int row, int col);
/// How many rows a statement affected (PQcmdTuples).
[[nodiscard]] std::size_t affected(const result_ptr& r);

/// A PostgreSQL array literal of text elements ("{"a","b\"c",NULL}"), for `= ANY($1::text[])` and
/// `unnest($1::bigint[], …)`: one parameter whatever the batch size.
class array_literal {
 public:
  void add(const std::string& v);
  void add(std::int64_t v) { add(std::to_string(v)); }
  void add_optional(const param& v) {
    if (v) {
      add(*v);
    } else {
      add_null();
    }
  }
  void add_null();
  [[nodiscard]] std::string str() const { return text_ + "}"; }
  [[nodiscard]] bool empty() const noexcept { return text_.size() == 1; }

 private:
  std::string text_ = "{";
};

/// One connection to the server.
class session {
 public:
  /// Connects to `conninfo` (a libpq connection string or URI; empty fields from the PG*
  /// environment). Refuses errc::parse a conninfo libpq cannot read (or an option value it
  /// refuses), errc::not_found a server it cannot reach.
  explicit session(const std::string& conninfo);
  session(const session&) = delete;
  session& operator=(const session&) = delete;
  ~session();

  /// Reopens a connection that was lost (a server restart, a dropped link); throws
  /// errc::not_found when the server still cannot be reached.
  void connect();

  /// Runs one statement with text parameters; throws unless it succeeded: errc::not_found when
  /// the connection was lost (a batch may or may not have been committed), pg::conflict on
  /// SQLSTATE 40001 / 40P01, std::runtime_error otherwise.
  result_ptr exec(const char* sql, const std::vector<param>& params, const char* what);
  /// Runs SQL text holding several statements (a migration) in the simple-query protocol; throws
  /// as exec does (errc::not_found when the connection was lost, std::runtime_error otherwise).
  void exec_script(const char* sql, const char* what);

  /// Brings the schema whose version is kept in the one-row table `version_table` from its
  /// version to `count` by running migrations[v] for each version v below it, in one transaction
  /// under the advisory lock `lock_key` (one migration at a time across processes). Refuses
  /// (errc::unsupported, `newer` the message) a version above `count`.
  void migrate(const char* lock_key, const char* version_table, const char* const* migrations,
               int count, const char* newer);

  /// host:port/dbname, for errors (never the password).
  [[nodiscard]] const std::string& server() const noexcept { return server_; }
  [[nodiscard]] PGconn* raw() noexcept { return conn_; }

 private:
  [[nodiscard]] error cannot_connect() const;
  /// errc::not_found: the connection was lost during `what` (retryable; replays are recognised).
  [[nodiscard]] error lost_connection(const char* what, const std::string& detail) const;

  PGconn* conn_ = nullptr;
  std::string server_;
};

/// BEGIN ISOLATION LEVEL READ COMMITTED … COMMIT, rolled back unless committed.
class transaction {
 public:
  explicit transaction(session& s);
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  void commit();
  ~transaction();

 private:
  session& s_;
  bool done_ = false;
};

/// Runs `f` (which opens its own transaction), again after a pg::conflict, up to `retries`
/// times more.
template <class F>
void with_conflict_retries(int retries, F&& f) {
  for (int attempt = 0;; ++attempt) {
    try {
      f();
      return;
    } catch (const conflict&) {
      if (attempt >= retries) throw;
    }
  }
}

}  // namespace submeter::store::pg
