#pragma once
// Test support: a throw-away PostgreSQL 15 server on 127.0.0.1 and a free port, started by
// tests/support/pg_server.py (the same script Python tests import) and removed at the end. A
// server that cannot start throws, and the test FAILS: a PostgreSQL test is never skipped.
// Include only in tests linked with libpq (PostgreSQL::PostgreSQL).

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>

namespace submeter::test_support {

/// Runs `sql` on a new connection to `conninfo`; returns the first column of the first row (""
/// when none). Throws std::runtime_error, starting with `who`, when it cannot connect or the
/// statement fails.
inline std::string pg_exec(const std::string& conninfo, const std::string& sql,
                           const std::string& who) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    const std::string m = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error(who + ": connect: " + m);
  }
  PGresult* r = PQexec(c, sql.c_str());
  const auto st = PQresultStatus(r);
  std::string value;
  if (st == PGRES_TUPLES_OK && PQntuples(r) > 0) value = PQgetvalue(r, 0, 0);
  const std::string m = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    throw std::runtime_error(who + ": " + sql + ": " + m);
  }
  return value;
}

class pg_server {
 public:
  /// Starts the server; throws std::runtime_error (with the script's report) when it cannot.
  pg_server() {
    const std::string out =
        run("start --owner " + std::to_string(static_cast<long>(getpid())), "start");
    dir_ = field(out, "dir");
    port_ = std::stoi(field(out, "port"));
  }
  pg_server(const pg_server&) = delete;
  pg_server& operator=(const pg_server&) = delete;
  ~pg_server() {
    if (!dir_.empty() && getpid() == owner_) {
      try {
        (void)run("remove " + dir_, "remove");
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    }
  }

  [[nodiscard]] int port() const { return port_; }
  /// A libpq keyword/value connection string for database `db`.
  [[nodiscard]] std::string conninfo(const std::string& db = "postgres") const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=submeter dbname=" + db;
  }
  /// The same as a URI, as the CLI's --db takes it.
  [[nodiscard]] std::string uri(const std::string& db = "postgres") const {
    return "postgresql://submeter@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }

  /// Creates a fresh, empty database and returns its name.
  std::string create_database() {
    static std::atomic<int> n{0};
    const std::string name =
        "t" + std::to_string(static_cast<long>(getpid())) + "_" + std::to_string(n.fetch_add(1));
    exec("postgres", "CREATE DATABASE " + name);
    return name;
  }

  /// Runs SQL in database `db` (a test's direct look at the tables); returns the first column of
  /// the first row ("" when none). Throws on failure.
  std::string exec(const std::string& db, const std::string& sql) const {
    return pg_exec(conninfo(db), sql, "pg_server");
  }

  /// `pg_ctl stop -m immediate`: the server dies as in a crash (no checkpoint).
  void stop_immediate() { (void)run("stop-immediate " + dir_, "stop"); }
  /// Starts the stopped server again (crash recovery runs), on the same port.
  void restart() { (void)run("restart " + dir_, "restart"); }

 private:
  static std::string run(const std::string& args, const char* what) {
    const std::string cmd =
        "python3 " SUBMETER_SOURCE_DIR "/tests/support/pg_server.py " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) throw std::runtime_error("pg_server: cannot run " + cmd);
    std::string out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int status = pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      throw std::runtime_error(std::string("pg_server: cannot ") + what +
                               " a PostgreSQL server: " + out);
    }
    return out;
  }

  /// A field of the script's one-line JSON answer (strings without escapes, or integers).
  static std::string field(const std::string& json, const std::string& name) {
    const auto at = json.find("\"" + name + "\": ");
    if (at == std::string::npos) throw std::runtime_error("pg_server: no " + name + " in " + json);
    auto begin = at + name.size() + 4;
    if (json[begin] == '"') {
      ++begin;
      return json.substr(begin, json.find('"', begin) - begin);
    }
    return json.substr(begin, json.find_first_of(",}", begin) - begin);
  }

  std::string dir_;
  int port_ = 0;
  pid_t owner_ = getpid();  // a forked child never removes its parent's server
};

}  // namespace submeter::test_support
