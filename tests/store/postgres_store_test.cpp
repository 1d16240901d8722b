// What only the PostgreSQL store has (the shared contract is ledger_store_contract_test.cpp): bad
// connection strings, an unreachable server, a connection reopened after a server crash, the
// typed columns (money as BIGINT mantissas), and a schema migrated by several processes at once.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "backends.hpp"
#include "store/open_store.hpp"
#include "store/postgres_store.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::store {
namespace {

using ledger::test::at;
using ledger::test::yuan;
using test_support::error_of;

/// A port on 127.0.0.1 where nothing listens (bound, then released).
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

TEST(postgres_store, a_malformed_conninfo_is_a_parse_error) {
  for (const std::string bad :
       {"host=127.0.0.1 nonsense", "postgresql://u@127.0.0.1:notaport/db", "host='unterminated"}) {
    const auto e = error_of([&] { (void)open_postgres_store(bad); });
    EXPECT_EQ(e.code(), errc::parse) << bad << ": " << e.what();
    EXPECT_FALSE(e.context_value("detail").empty()) << bad;
  }
}

TEST(postgres_store, an_unreachable_server_is_not_found_and_names_it_without_the_password) {
  const int port = closed_port();
  const auto e = error_of([&] {
    (void)open_ledger_store("postgresql://billing:s3cret@127.0.0.1:" + std::to_string(port) +
                            "/ledger?connect_timeout=5");
  });
  EXPECT_EQ(e.code(), errc::not_found) << e.what();
  EXPECT_EQ(e.context_value("server"), "127.0.0.1:" + std::to_string(port) + "/ledger");
  EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
}

TEST(postgres_store, money_is_kept_as_bigint_mantissas_and_the_json_bodies_as_text) {
  test::postgres_backend b;
  auto s = b.open();
  const auto p = ledger::test::simple_params();
  s->create_account(p, ledger::opening_state(p));
  (void)s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100.25"),
                                          ledger::channel::cash, "c1")},
                 {"A-1", ledger::fee(at("2025-01-01T10:30"), "f\"1\\", yuan("0.0001"), "fee")}});
  auto& server = b.server();
  const auto& db = b.database();
  EXPECT_EQ(server.exec(db, "SELECT balance FROM submeter_accounts WHERE id = 'A-1'"), "1002499");
  EXPECT_EQ(server.exec(db,
                        "SELECT string_agg(data_type, ',' ORDER BY column_name) FROM "
                        "information_schema.columns WHERE table_name = 'submeter_entries' AND "
                        "column_name IN ('balance_after', 'balance_delta', 'time')"),
            "bigint,bigint,timestamp without time zone");
  EXPECT_EQ(server.exec(db, "SELECT SUM(balance_delta) FROM submeter_entries"), "1002499");
  EXPECT_EQ(server.exec(db, "SELECT time FROM submeter_entries WHERE seq = 2"),
            "2025-01-01 10:30:00");
  // A key with a quote and a backslash survives the array encoding and is found again.
  EXPECT_EQ(server.exec(db, "SELECT key FROM submeter_entries WHERE seq = 2"), "f\"1\\");
  EXPECT_EQ(s->post({{"A-1", ledger::fee(at("2025-01-01T10:30"), "f\"1\\", yuan("0.0001"), "fee")}})
                .duplicates,
            1u);
  EXPECT_EQ(server.exec(db, "SELECT version FROM submeter_schema"),
            std::to_string(postgres_schema_version));
}

TEST(postgres_store, a_store_reconnects_after_the_server_crashed_and_came_back) {
  test::postgres_backend b;
  auto s = b.open();
  const auto p = ledger::test::simple_params();
  s->create_account(p, ledger::opening_state(p));
  (void)s->post({{"A-1", ledger::fee(at("2025-01-01T10:30"), "f1", yuan("1"), "fee")}});
  b.stop_server_immediately();
  // While the server is down: a clear error, nothing else.
  const auto down = error_of([&] {
    (void)s->post({{"A-1", ledger::fee(at("2025-01-01T10:31"), "f2", yuan("1"), "fee")}});
  });
  EXPECT_EQ(down.code(), errc::not_found) << down.what();
  b.restart_server();
  // The same store object works again; the batch that failed is retried as is.
  const auto r = s->post({{"A-1", ledger::fee(at("2025-01-01T10:31"), "f2", yuan("1"), "fee")}});
  EXPECT_EQ(r.applied + r.duplicates, 1u);
  EXPECT_EQ(s->state("A-1").balance, yuan("-2"));
  EXPECT_EQ(s->entries("A-1").size(), 2u);
}

TEST(postgres_store, several_processes_opening_a_new_database_migrate_it_once) {
  test::postgres_backend b;
  std::vector<pid_t> pids;
  for (int i = 0; i < 4; ++i) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      try {
        auto s = b.open();
        const auto p = ledger::account_params::make(
            "P-" + std::to_string(i), ledger::account_mode::prepaid,
            {{"M-1", ledger::utility::electricity}},
            ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0")));
        s->create_account(p, ledger::opening_state(p));
      } catch (...) {
        _exit(2);
      }
      _exit(0);
    }
    pids.push_back(pid);
  }
  for (const pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  EXPECT_EQ(b.open()->accounts(), (std::vector<std::string>{"P-0", "P-1", "P-2", "P-3"}));
  EXPECT_EQ(b.server().exec(b.database(), "SELECT COUNT(*) FROM submeter_schema"), "1");
}

}  // namespace
}  // namespace submeter::store
