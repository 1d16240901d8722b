// libpq as the PostgreSQL stores use it (postgres_session.hpp).
#include "store/postgres_session.hpp"

#include <new>
#include <string>
#include <vector>

namespace submeter::store::pg {
namespace {

void ignore_notice(void*, const char*) {}

error malformed(const std::string& detail) {
  return error(
      errc::parse, "not a PostgreSQL connection string or URI",
      {{"detail", detail}, {"expected", "postgresql://user@host:port/db or host=… dbname=…"}});
}

}  // namespace

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string text(const result_ptr& r, int row, int col) {
  return std::string(PQgetvalue(r.get(), row, col),
                     static_cast<std::size_t>(PQgetlength(r.get(), row, col)));
}

bool is_null(const result_ptr& r, int row, int col) { return PQgetisnull(r.get(), row, col) != 0; }

std::int64_t integer(const result_ptr& r, int row, int col) {
  return std::stoll(text(r, row, col));
}

std::size_t affected(const result_ptr& r) {
  const std::string n = PQcmdTuples(r.get());
  return n.empty() ? 0 : static_cast<std::size_t>(std::stoull(n));
}

void array_literal::add(const std::string& v) {
  text_ += text_.size() == 1 ? "\"" : ",\"";
  for (const char c : v) {
    if (c == '"' || c == '\\') text_ += '\\';
    text_ += c;
  }
  text_ += '"';
}

void array_literal::add_null() { text_ += text_.size() == 1 ? "NULL" : ",NULL"; }

session::session(const std::string& conninfo) {
  char* message = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &message);
  if (parsed == nullptr) {
    const std::string detail = message ? message : "out of memory";
    PQfreemem(message);
    throw malformed(trim(detail));
  }
  PQconninfoFree(parsed);
  // Later keywords win, and only the first dbname is expanded as a connection string: the
  // defaults come first (the caller's conninfo may override them), the encoding last.
  const char* const keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                              nullptr};
  const char* const values[] = {"10", "submeter", conninfo.c_str(), "UTF8", nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (conn_ == nullptr) throw std::bad_alloc();
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  server_ = std::string(PQhost(conn_) ? PQhost(conn_) : "") + ":" +
            (PQport(conn_) ? PQport(conn_) : "") + "/" + (PQdb(conn_) ? PQdb(conn_) : "");
  if (PQstatus(conn_) != CONNECTION_OK) {
    // libpq checks option values (a port that is not a number, an unknown sslmode) only when it
    // connects: those are a malformed conninfo, not an unreachable server.
    const std::string detail = trim(PQerrorMessage(conn_));
    const bool bad_option =
        detail.rfind("invalid ", 0) == 0 && detail.find("connection option") != std::string::npos;
    const error e = bad_option ? malformed(detail) : cannot_connect();
    PQfinish(conn_);
    throw e;
  }
}

session::~session() { PQfinish(conn_); }

error session::cannot_connect() const {
  return error(errc::not_found, "cannot connect to the PostgreSQL server",
               {{"server", server_}, {"detail", trim(PQerrorMessage(conn_))}});
}

error session::lost_connection(const char* what, const std::string& detail) const {
  return error(errc::not_found,
               "lost the connection to the PostgreSQL server; a batch may or may not have "
               "been committed: retry it (replays are recognised)",
               {{"server", server_}, {"operation", what}, {"detail", detail}});
}

void session::connect() {
  if (PQstatus(conn_) == CONNECTION_OK) return;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) throw cannot_connect();
}

result_ptr session::exec(const char* sql, const std::vector<param>& params, const char* what) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  result_ptr r(PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(),
                            nullptr, nullptr, 0));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
  const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  const std::string message = trim(PQerrorMessage(conn_));
  if (PQstatus(conn_) != CONNECTION_OK) throw lost_connection(what, message);
  if (code == "40001" || code == "40P01") throw conflict(message);
  throw std::runtime_error(std::string("postgres: ") + what + ": " + message + " [SQLSTATE " +
                           code + "]");
}

void session::exec_script(const char* sql, const char* what) {
  result_ptr r(PQexec(conn_, sql));
  if (r && PQresultStatus(r.get()) == PGRES_COMMAND_OK) return;
  const std::string message = trim(PQerrorMessage(conn_));
  if (PQstatus(conn_) != CONNECTION_OK) throw lost_connection(what, message);
  throw std::runtime_error(std::string("postgres: ") + what + ": " + message);
}

void session::migrate(const char* lock_key, const char* version_table,
                      const char* const* migrations, int count, const char* newer) {
  transaction tx(*this);
  // Serialises every process's migration; released at COMMIT or ROLLBACK.
  (void)exec("SELECT pg_advisory_xact_lock($1)", {lock_key}, "lock for migration");
  const std::string table(version_table);
  (void)exec(("CREATE TABLE IF NOT EXISTS " + table + " (version INTEGER NOT NULL)").c_str(), {},
             "create the schema version table");
  const auto r = exec(("SELECT version FROM " + table).c_str(), {}, "read the schema version");
  int version = 0;
  if (PQntuples(r.get()) == 0) {
    (void)exec(("INSERT INTO " + table + " (version) VALUES (0)").c_str(), {}, "schema version");
  } else {
    version = std::stoi(text(r, 0, 0));
  }
  if (version > count) {
    throw error(errc::unsupported, newer,
                {{"server", server_},
                 {"schema_version", std::to_string(version)},
                 {"supported", std::to_string(count)}});
  }
  if (version == count) return;  // rolled back: nothing was written
  for (; version < count; ++version) exec_script(migrations[version], "migrate");
  (void)exec(("UPDATE " + table + " SET version = $1").c_str(), {std::to_string(version)},
             "schema version");
  tx.commit();
}

transaction::transaction(session& s) : s_(s) {
  (void)s_.exec("BEGIN ISOLATION LEVEL READ COMMITTED", {}, "begin");
}

void transaction::commit() {
  done_ = true;
  (void)s_.exec("COMMIT", {}, "commit");
}

transaction::~transaction() {
  if (!done_ && PQstatus(s_.raw()) == CONNECTION_OK) PQclear(PQexec(s_.raw(), "ROLLBACK"));
}

}  // namespace submeter::store::pg
