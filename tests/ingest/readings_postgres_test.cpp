// Tests of src/store/readings_postgres.hpp (issue 20; the contract both back ends share is
// readings_store_conformance_test.cpp): what is PostgreSQL's own: reopening, sharing one
// database with the ledger, a newer schema refused, the typed columns, times PostgreSQL cannot
// keep refused, two processes appending one backlog once. A fresh database per test on the
// shared test server (shared_pg.hpp).
#include "store/readings_postgres.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "reading_rows.hpp"
#include "shared_pg.hpp"
#include "store/open_store.hpp"
#include "store/postgres_store.hpp"
#include "support/error_of.hpp"

namespace submeter::store {
namespace {

using test::row;
using test_support::error_of;
using test_support::shared_pg_server;

TEST(readings_postgres, reopens_shares_a_database_with_the_ledger_and_refuses_a_newer_schema) {
  auto& server = shared_pg_server();
  const auto db = server.create_database();
  {
    // Through the CLI's door: a postgresql:// URI opens the PostgreSQL store.
    auto s = open_readings_store(server.uri(db));
    s->append({row("M-1", 0, "2026-07-01T00:00", "1.5")});
  }
  // The ledger in the same database: its own tables beside the readings'.
  (void)open_postgres_store(server.conninfo(db));
  EXPECT_EQ(open_postgres_readings(server.conninfo(db))->values()[0].value, energy::parse("1.5"));
  EXPECT_EQ(server.exec(db, "SELECT version FROM submeter_readings_schema"), "1");
  EXPECT_EQ(server.exec(db, "SELECT count(*) FROM submeter_schema"), "1");
  (void)server.exec(db, "UPDATE submeter_readings_schema SET version = 99");
  const auto e = error_of([&] { (void)open_postgres_readings(server.conninfo(db)); });
  EXPECT_EQ(e.code(), errc::unsupported) << e.what();
  EXPECT_EQ(e.context_value("schema_version"), "99");
}

TEST(readings_postgres, values_are_bigint_mantissas_times_timestamps_multipliers_numeric) {
  auto& server = shared_pg_server();
  const auto db = server.create_database();
  auto s = open_postgres_readings(server.conninfo(db));
  auto r = row("M-\"1\\", 3, "2026-07-01T00:15:07", "123456789.0123");
  r.received = parse_local_time("2026-07-01T00:16:59");
  s->append({r, row("M-2", 0, "1970-01-01T00:00", "0.0001")});
  EXPECT_EQ(server.exec(db, "SELECT value FROM submeter_register_values WHERE register = 3"),
            "1234567890123");
  EXPECT_EQ(server.exec(db, "SELECT time FROM submeter_register_values WHERE register = 3"),
            "2026-07-01 00:15:07");
  EXPECT_EQ(server.exec(db,
                        "SELECT string_agg(data_type, ',' ORDER BY column_name) FROM "
                        "information_schema.columns WHERE table_name = 'submeter_register_values' "
                        "AND column_name IN ('received', 'time', 'value')"),
            "timestamp without time zone,timestamp without time zone,bigint");
  const auto v = s->values();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].meter_id, "M-\"1\\");  // a quote and a backslash survive the array encoding
  EXPECT_EQ(v[0].time, parse_local_time("2026-07-01T00:15:07"));
  EXPECT_EQ(v[0].received, parse_local_time("2026-07-01T00:16:59"));
  EXPECT_EQ(v[0].value, energy::parse("123456789.0123"));
  EXPECT_EQ(v[1].time, parse_local_time("1970-01-01T00:00"));
  EXPECT_FALSE(v[1].received);
  const auto tiny = ratio::from_mantissa(1);
  EXPECT_EQ(
      s->add_multipliers({{"M-2", parse_local_time("2026-07-01T00:00"), tiny},
                          {"M-2", parse_local_time("2026-08-01T00:00"), ratio::parse("1200.5")}}),
      2u);
  const auto m = s->multipliers();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].multiplier, tiny);
  EXPECT_EQ(m[1].multiplier, ratio::parse("1200.5"));
  EXPECT_EQ(server.exec(db, "SELECT pg_typeof(multiplier) FROM submeter_multipliers LIMIT 1"),
            "numeric");
}

TEST(readings_postgres, a_time_it_cannot_keep_is_refused_and_nothing_is_written) {
  auto s = open_postgres_readings(test_support::fresh_pg_database());
  auto late = row("M-1", 0, "2026-07-01T00:00", "1");
  late.time = last_printable_local_time + std::chrono::seconds(1);
  const auto e = error_of([&] { (void)s->append({row("M-1", 0, "2026-07-01T00:00", "1"), late}); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("index"), "1");
  EXPECT_EQ(s->count(), 0u);
}

TEST(readings_postgres, two_processes_append_one_backlog_once) {
  const auto conninfo = test_support::fresh_pg_database();
  std::vector<metering::register_value> backlog;
  for (int q = 0; q < 2000; ++q) {
    auto r = row("M-1", 0, "2026-07-01T00:00", "0");
    r.time += std::chrono::minutes(15) * q;
    r.value = energy::from_mantissa(q * 100);
    backlog.push_back(r);
  }
  (void)open_postgres_readings(conninfo);  // created before the race
  std::vector<pid_t> children;
  for (int p = 0; p < 2; ++p) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        auto s = open_postgres_readings(conninfo);
        for (std::size_t i = 0; i < backlog.size(); i += 100) {
          const auto a = s->append({backlog.begin() + static_cast<std::ptrdiff_t>(i),
                                    backlog.begin() + static_cast<std::ptrdiff_t>(i + 100)});
          if (a.conflicts != 0 || a.inserted + a.duplicates != 100) status = 3;
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
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  auto s = open_postgres_readings(conninfo);
  EXPECT_EQ(s->count(), backlog.size());
  EXPECT_TRUE(s->conflicts().empty());
  EXPECT_EQ(s->values().back().value, energy::from_mantissa(1999 * 100));
}

}  // namespace
}  // namespace submeter::store
