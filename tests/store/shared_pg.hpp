#pragma once
// One throw-away PostgreSQL server shared by the tests that need only a fresh database (not a
// server of their own to crash: those use backends.hpp's postgres_backend), a new database each.
//
// ctest runs every test case in a process of its own (gtest_discover_tests), so a server per
// process would be a server per test case. Under ctest, the first test process to need one starts
// it (tests/support/pg_server.py) with ctest itself as its owner, and records it in
// SUBMETER_PG_SHARED_DIR/pg-shared-<ctest pid> under a file lock; every later test process of
// that ctest run uses it; the watcher removes it when ctest exits. Run alone (the parent is not
// ctest), a test binary starts its own and removes it at exit. A server that cannot start throws:
// the test fails, it is never skipped. Include only in tests linked with libpq.

#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "support/pg_server.hpp"

namespace submeter::test_support {

/// A server the tests of a process share: where it listens and a fresh database on it.
class shared_pg {
 public:
  explicit shared_pg(int port) : port_(port) {}

  [[nodiscard]] int port() const { return port_; }
  /// A libpq keyword/value connection string for database `db`.
  [[nodiscard]] std::string conninfo(const std::string& db = "postgres") const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=submeter dbname=" + db;
  }
  /// The same as a URI, as the CLI's --db and --store take it.
  [[nodiscard]] std::string uri(const std::string& db = "postgres") const {
    return "postgresql://submeter@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }
  /// Creates a fresh, empty database and returns its name (the process id and the clock make it
  /// unique across the processes of a ctest run, which may reuse a process id).
  std::string create_database() {
    static std::atomic<int> n{0};
    const std::string name =
        "s" + std::to_string(static_cast<long>(getpid())) + "_" +
        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "_" +
        std::to_string(n.fetch_add(1));
    (void)exec("postgres", "CREATE DATABASE " + name);
    return name;
  }
  /// Runs SQL in database `db`; returns the first column of the first row ("" when none).
  /// Throws on failure.
  std::string exec(const std::string& db, const std::string& sql) const {
    return pg_exec(conninfo(db), sql, "shared_pg");
  }

 private:
  int port_;
};

namespace detail {

/// True when this process was started by ctest.
inline bool under_ctest() {
  std::ifstream comm("/proc/" + std::to_string(static_cast<long>(getppid())) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name == "ctest";
}

/// Whether a server answers on `port`.
inline bool answers(int port) {
  try {
    (void)shared_pg(port).exec("postgres", "SELECT 1");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

/// The port of ctest's shared server, started by the first caller of this ctest run.
inline int ctest_server_port() {
  const std::string ctest = std::to_string(static_cast<long>(getppid()));
  const std::string base = std::string(SUBMETER_PG_SHARED_DIR) + "/pg-shared-" + ctest;
  const int lock = open((base + ".lock").c_str(), O_CREAT | O_RDWR, 0600);
  if (lock < 0) throw std::runtime_error("shared_pg: cannot open " + base + ".lock");
  flock(lock, LOCK_EX);
  int port = 0;
  try {
    std::ifstream in(base);
    if (!(in >> port) || !answers(port)) {
      // pg_server.py start prints one JSON line; its port field is an integer.
      const std::string cmd = "python3 " SUBMETER_SOURCE_DIR
                              "/tests/support/pg_server.py start --owner " +
                              ctest + " 2>&1";
      FILE* p = popen(cmd.c_str(), "r");
      if (p == nullptr) throw std::runtime_error("shared_pg: cannot run " + cmd);
      std::string out;
      char buf[4096];
      std::size_t n = 0;
      while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
      const int status = pclose(p);
      const auto at = out.find("\"port\": ");
      if (status != 0 || at == std::string::npos) {
        throw std::runtime_error("shared_pg: cannot start a PostgreSQL server: " + out);
      }
      port = std::stoi(out.substr(at + 8));
      std::ofstream(base) << port << "\n";
    }
  } catch (...) {
    flock(lock, LOCK_UN);
    close(lock);
    throw;
  }
  flock(lock, LOCK_UN);
  close(lock);
  return port;
}

}  // namespace detail

/// The shared server (started at first use).
inline shared_pg& shared_pg_server() {
  static std::unique_ptr<pg_server> own;  // run alone: this process's server, removed at exit
  static shared_pg server = [] {
    if (detail::under_ctest()) return shared_pg(detail::ctest_server_port());
    own = std::make_unique<pg_server>();
    return shared_pg(own->port());
  }();
  return server;
}

/// A fresh, empty database on the shared server, as a libpq conninfo.
inline std::string fresh_pg_database() {
  auto& s = shared_pg_server();
  return s.conninfo(s.create_database());
}

}  // namespace submeter::test_support
