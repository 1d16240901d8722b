// The bank check under faults (issue 20), seeded: several writer processes post batches that
// touch overlapping accounts in shuffled orders; writers are SIGKILLed at random points, and on
// PostgreSQL the server is also stopped with `pg_ctl stop -m immediate` mid-batch and started
// again, and the writers' connections are terminated mid-transaction. After every fault:
// Σ balances = Σ accepted entries, no key applied twice, every batch whole or absent, every
// statement identity holds; at the end every event is applied exactly once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "support/error_of.hpp"
#ifdef SUBMETER_HAVE_POSTGRES
#include "store/postgres_session.hpp"
#endif
#include "submeter/ledger/statement.hpp"
#include "support.hpp"

namespace submeter::store {
namespace {

using ledger::test::yuan;

constexpr int fault_writers = 3;
constexpr int fault_batches = 60;
constexpr int fault_per_batch = 8;
const std::vector<std::string> fault_account_ids{"F-1", "F-2", "F-3", "F-4"};

ledger::account_params fault_params_of(const std::string& id) {
  return ledger::account_params::make(
      id, ledger::account_mode::prepaid, {{"M-1", ledger::utility::electricity}},
      ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0")));
}

local_time when() { return local_time(date::local_days{date::year{2025} / 3 / 1}); }

/// Writer w's batch b: per_batch events over 3 of the 4 accounts, in an order drawn from (seed, w,
/// b), so that batches of different writers lock overlapping accounts in different request
/// orders. Credits (adjustments) and debits (fees); one fixed time (events never go back).
std::vector<posting_request> batch(unsigned seed, int w, int b) {
  std::mt19937 rng(seed ^ static_cast<unsigned>(w * 7919 + b * 104729));
  std::vector<std::string> ids = fault_account_ids;
  std::shuffle(ids.begin(), ids.end(), rng);
  ids.pop_back();
  std::vector<posting_request> out;
  for (int i = 0; i < fault_per_batch; ++i) {
    const auto& id = ids[static_cast<std::size_t>(i) % ids.size()];
    const std::string key =
        "w" + std::to_string(w) + "/b" + std::to_string(b) + "/" + std::to_string(i);
    const auto amount = money::from_mantissa(static_cast<std::int64_t>(rng() % 900000) + 100);
    out.push_back({id, i % 2 == 0 ? ledger::adjustment(when(), key, amount, "credit")
                                  : ledger::fee(when(), key, amount, "debit")});
  }
  return out;
}

money signed_amount(const posting_request& r) {
  return r.what.kind == ledger::event_kind::adjustment ? r.what.amount : -r.what.amount;
}

/// Posts all of writer w's batches from the start (the ones already there are replays). With
/// `retry`, a batch whose connection was lost is posted again (on a reopened connection), and an
/// open whose connection was lost is opened again, as a hosted service would; without, the writer
/// exits 2 at the first error.
[[noreturn]] void writer_run(test::backend& be, unsigned seed, int w, bool retry) {
  try {
    std::unique_ptr<ledger_store> s;
    for (int b = 0; b < fault_batches; ++b) {
      for (int attempt = 0;; ++attempt) {
        try {
          if (!s) s = be.open();
          (void)s->post(batch(seed, w, b));
          break;
        } catch (const error& e) {
          if (!retry || e.code() != errc::not_found || attempt >= 100) throw;
        }
      }
    }
  } catch (...) {
    _exit(2);
  }
  _exit(0);
}

/// The bank check; returns how many (writer, batch) pairs are committed.
int bank_check(test::backend& be, unsigned seed) {
  auto s = be.open();
  std::map<std::string, int> key_count;
  money balances, deltas;
  for (const auto& id : fault_account_ids) {
    const auto entries = s->entries(id);
    money sum;
    for (const auto& en : entries) {
      ++key_count[en.what.key];
      sum += en.balance_delta();
    }
    const auto st = s->state(id);
    EXPECT_EQ(st.balance, sum) << id;
    EXPECT_EQ(st.last_seq, entries.size()) << id;
    balances += st.balance;
    deltas += sum;
    // The statement identity (make_statement throws when opening + Σ ≠ closing).
    const auto opening = s->opening(id);
    const auto stmt =
        ledger::make_statement(id, entries, when() - std::chrono::hours(1),
                               when() + std::chrono::hours(1), opening.balance, opening.arrears());
    EXPECT_EQ(stmt.closing_balance, st.balance) << id;
    EXPECT_EQ(stmt.opening_balance + stmt.total_change(), stmt.closing_balance) << id;
  }
  EXPECT_EQ(balances, deltas);
  for (const auto& [key, n] : key_count) EXPECT_EQ(n, 1) << "key " << key << " applied " << n;
  int committed = 0;
  money expected;
  for (int w = 0; w < fault_writers; ++w) {
    for (int b = 0; b < fault_batches; ++b) {
      const auto reqs = batch(seed, w, b);
      std::size_t present = 0;
      for (const auto& r : reqs) present += static_cast<std::size_t>(key_count.count(r.what.key));
      EXPECT_TRUE(present == 0 || present == reqs.size())
          << "writer " << w << " batch " << b << " is partial: " << present;
      if (present == reqs.size()) {
        ++committed;
        for (const auto& r : reqs) expected += signed_amount(r);
      }
    }
  }
  // Σ balances = Σ of the accepted events' amounts.
  EXPECT_EQ(balances, expected);
  return committed;
}

std::vector<pid_t> start_writers(test::backend& be, unsigned seed, bool retry) {
  std::vector<pid_t> pids;
  for (int w = 0; w < fault_writers; ++w) {
    const pid_t pid = fork();
    if (pid == 0) writer_run(be, seed, w, retry);
    EXPECT_GE(pid, 0);
    pids.push_back(pid);
  }
  return pids;
}

/// Waits for every writer; returns how many were killed by a signal.
int reap(const std::vector<pid_t>& pids) {
  int killed = 0;
  for (const pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++killed;
  }
  return killed;
}

/// Runs every writer to the end and checks that every event is there exactly once.
void finish_and_check(test::backend& be, unsigned seed) {
  for (const pid_t pid : start_writers(be, seed, false)) {
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  EXPECT_EQ(bank_check(be, seed), fault_writers * fault_batches);
  auto s = be.open();
  std::size_t total = 0;
  for (const auto& id : fault_account_ids) total += s->entries(id).size();
  EXPECT_EQ(total, static_cast<std::size_t>(fault_writers * fault_batches * fault_per_batch));
}

void open_accounts(test::backend& be) {
  auto s = be.open();
  for (const auto& id : fault_account_ids) {
    s->create_account(fault_params_of(id), ledger::opening_state(fault_params_of(id)));
  }
}

class store_faults : public ::testing::TestWithParam<test::backend_kind> {};

TEST_P(store_faults, writers_sigkilled_at_random_points_leave_a_ledger_that_balances) {
  const auto be = test::make_backend(GetParam());
  open_accounts(*be);
  const auto seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_us(2000, 60000);
  int kills = 0;
  int last = 0;
  for (int round = 0; round < 6; ++round) {
    const auto pids = start_writers(*be, seed, false);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    // Kill a random non-empty subset of the writers; the others run on to the end.
    const auto mask = 1U + rng() % ((1U << fault_writers) - 1U);
    for (int w = 0; w < fault_writers; ++w) {
      if ((mask >> w) & 1U) kill(pids[static_cast<std::size_t>(w)], SIGKILL);
    }
    kills += reap(pids);
    const int committed = bank_check(*be, seed);
    EXPECT_GE(committed, last);
    last = committed;
  }
  EXPECT_GT(kills, 0);
  RecordProperty("kills", kills);
  finish_and_check(*be, seed);
}

INSTANTIATE_TEST_SUITE_P(store, store_faults, ::testing::ValuesIn(test::all_backends()),
                         test::backend_name());

#ifdef SUBMETER_HAVE_POSTGRES
/// Terminates every connection submeter holds to the test database (a dropped link, from the
/// server's side); returns how many.
int drop_submeter_connections(test::postgres_backend& be) {
  return std::stoi(be.server().exec(
      be.database(),
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
      "'submeter' AND datname = current_database() AND pid <> pg_backend_pid()"));
}

TEST(postgres_store_faults, server_stopped_immediately_mid_batch_and_started_again) {
  test::postgres_backend be;
  open_accounts(be);
  const auto seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_us(20000, 200000);
  int last = 0;
  for (int round = 0; round < 3; ++round) {
    // Writers that give up at the first error: the crash ends them mid-batch.
    const auto pids = start_writers(be, seed, false);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    be.stop_server_immediately();
    (void)reap(pids);
    be.restart_server();
    const int committed = bank_check(be, seed);
    EXPECT_GE(committed, last);
    last = committed;
  }
  RecordProperty("committed_before_final_run", last);
  finish_and_check(be, seed);
}

TEST(postgres_store_faults, connections_dropped_mid_transaction_are_retried_and_post_once) {
  test::postgres_backend be;
  open_accounts(be);
  const auto seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_us(5000, 50000);
  // Writers that retry a batch whose connection was lost, on a reopened connection.
  const auto pids = start_writers(be, seed, true);
  // Terminate the writers' connections (a dropped link, mid-transaction or between batches)
  // until a few were dropped or the writers are done.
  int terminated = 0;
  while (terminated < 6) {
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    terminated += drop_submeter_connections(be);
    const bool any_running = std::any_of(pids.begin(), pids.end(), [](pid_t pid) {
      siginfo_t info{};
      // WNOWAIT: look without reaping (reaped below).
      return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
             info.si_pid == 0;
    });
    if (!any_running) break;
  }
  EXPECT_GT(terminated, 0);
  for (const pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "a writer did not recover from a dropped connection";
  }
  RecordProperty("terminated", terminated);
  EXPECT_EQ(bank_check(be, seed), fault_writers * fault_batches);
  finish_and_check(be, seed);
}

// What a caller retries on: a connection dropped under a statement (a batch) and under a script (a
// migration, which opening a store may run) is errc::not_found "lost the connection", naming the
// operation; connect() then reopens it. (A script once threw a bare std::runtime_error here, so an
// open that lost its link looked like a bug, not a dropped link.)
TEST(postgres_store_faults, a_connection_lost_under_a_statement_or_a_script_is_retryable) {
  test::postgres_backend be;
  pg::session s(be.server().conninfo(be.database()));
  const auto drop = [&] { (void)drop_submeter_connections(be); };
  const auto check = [](const error& e, const char* operation) {
    EXPECT_EQ(e.code(), errc::not_found) << e.what();
    EXPECT_NE(std::string(e.what()).find("lost the connection"), std::string::npos) << e.what();
    EXPECT_EQ(e.context_value("operation"), operation);
  };
  drop();
  check(test_support::error_of([&] { (void)s.exec("SELECT 1", {}, "probe"); }), "probe");
  s.connect();
  EXPECT_EQ(pg::text(s.exec("SELECT 2", {}, "after"), 0, 0), "2");
  drop();
  check(test_support::error_of([&] { s.exec_script("SELECT 1; SELECT 2;", "script"); }), "script");
  s.connect();
  EXPECT_EQ(pg::text(s.exec("SELECT 3", {}, "after"), 0, 0), "3");
}
#endif

}  // namespace
}  // namespace submeter::store
