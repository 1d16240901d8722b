// A Jepsen-style bank check of the SQLite ledger store (issue 16, "Beyond the list"): four writer
// processes post recharges, fees, refunds and reversals to three shared accounts, each writer's
// plan holding keys another writer posts too (a shared fee per round, identical everywhere),
// while the test SIGKILLs writers at random moments and starts them again (a restarted writer
// replays its whole plan). Checked after every kill (the other writers stopped meanwhile, so the
// reads see one state of the ledger) and at the end: Σ balances = Σ accepted
// entries (the store's state equals the fold of its entries), no key is applied twice, every
// statement's identity holds; at the end every event of every plan is in the ledger exactly once
// and the balances are the sums the plans give. Seeded: SUBMETER_BANK_SEED replays a failure.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/ledger_json.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/statement.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

namespace submeter::store {
namespace {

using ledger::test::yuan;

constexpr int check_writers = 4;
constexpr int check_rounds = 40;
constexpr int max_kills = 16;
const std::vector<std::string> accounts{"B-1", "B-2", "B-3"};

const local_time t0 = local_time(date::local_days{date::year{2025} / 3 / 1});

std::string meter_of(int w) { return "W" + std::to_string(w); }

ledger::account_params check_params_of(const std::string& id) {
  std::vector<ledger::meter_ref> meters;
  for (int w = 0; w < check_writers; ++w)
    meters.push_back({meter_of(w), ledger::utility::electricity});
  return ledger::account_params::make(
      id, ledger::account_mode::prepaid, meters,
      ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0")));
}

money recharge_amount(int w, int r, std::size_t a) {
  return money::from_integer(100 + (r * 7 + w * 3 + static_cast<int>(a)) % 50);
}
money check_fee_amount(int w, int r) {
  return money::from_mantissa(10000 + (r * 131 + w * 17) % 90000);
}
money shared_fee_amount(int r) { return money::from_mantissa(5000 + (r * 97) % 40000); }
money refund_amount(int w, int r) { return money::from_mantissa(20000 + (r * 53 + w) % 30000); }

std::size_t fee_account(int w, int r) { return static_cast<std::size_t>(r + w) % accounts.size(); }
std::string fee_key(int w, int r) { return "w" + std::to_string(w) + "/fee/" + std::to_string(r); }
bool refunds_in(int r) { return r % 5 == 4; }
bool reverses_in(int r) { return r % 7 == 6; }

/// Writer w's batch of round r: a recharge of every account through its own meter (counter
/// r + 1), its own fee, the round's shared fee (the same event in every writer's plan) and
/// every fifth round a refund.
std::vector<posting_request> check_batch(int w, int r) {
  std::vector<posting_request> out;
  for (std::size_t a = 0; a < accounts.size(); ++a) {
    out.push_back({accounts[a], ledger::recharge(t0, meter_of(w), r + 1, recharge_amount(w, r, a),
                                                 ledger::channel::third_party,
                                                 "w" + std::to_string(w) + "-" + std::to_string(r) +
                                                     "-" + std::to_string(a))});
  }
  out.push_back({accounts[fee_account(w, r)],
                 ledger::fee(t0, fee_key(w, r), check_fee_amount(w, r), "usage")});
  out.push_back(
      {accounts[static_cast<std::size_t>(r) % accounts.size()],
       ledger::fee(t0, "shared/fee/" + std::to_string(r), shared_fee_amount(r), "common area")});
  if (refunds_in(r)) {
    out.push_back({accounts[(fee_account(w, r) + 1) % accounts.size()],
                   ledger::refund(t0, "w" + std::to_string(w) + "/refund/" + std::to_string(r),
                                  refund_amount(w, r))});
  }
  return out;
}

/// The sequence number of the entry holding `key`, or 0.
std::uint64_t seq_of(ledger_store& s, const std::string& account, const std::string& key) {
  for (const auto& e : s.entries(account)) {
    if (e.what.key == key) return e.seq;
  }
  return 0;
}

/// A writer: its plan from the start (a restart replays what was committed), exit 0 when every
/// posting was applied or a replay, 3 on a refusal, 2 on an exception.
[[noreturn]] void writer(const std::string& file, int w) {
  try {
    auto s = open_sqlite_store(file);
    for (int r = 0; r < check_rounds; ++r) {
      for (const auto& p : s->post(check_batch(w, r)).postings) {
        if (p.status != ledger::posting_status::ok &&
            p.status != ledger::posting_status::duplicate) {
          _exit(3);
        }
      }
      if (reverses_in(r)) {
        // 冲正 of its own fee of this round, found by its key (the same seq on a replay).
        const auto& account = accounts[fee_account(w, r)];
        const auto target = seq_of(*s, account, fee_key(w, r));
        if (target == 0) _exit(4);
        const auto p =
            s->post({{account, ledger::reversal(
                                   t0, "w" + std::to_string(w) + "/reversal/" + std::to_string(r),
                                   target)}});
        if (p.applied + p.duplicates != 1) _exit(3);
      }
    }
  } catch (...) {
    _exit(2);
  }
  _exit(0);
}

/// The invariants that hold at any moment: each account's state is the fold of its entries,
/// no key twice, the statement over everything balances. Returns the number of entries.
std::size_t check_invariants(const std::string& file) {
  auto s = open_sqlite_store(file);
  std::size_t total = 0;
  for (const auto& id : accounts) {
    const auto entries = s->entries(id);
    std::set<std::string> keys;
    money sum;
    auto mem = ledger::account::open(check_params_of(id));
    for (const auto& en : entries) {
      EXPECT_TRUE(keys.insert(en.what.key).second) << id << ": key twice: " << en.what.key;
      sum += en.balance_delta();
      const auto r = mem.post(en.what);
      EXPECT_EQ(r.status, ledger::posting_status::ok) << id << ": " << r.message;
    }
    const auto st = s->state(id);
    EXPECT_EQ(st.balance, s->opening(id).balance + sum) << id;
    EXPECT_EQ(to_json(st), to_json(mem.state())) << id;
    EXPECT_EQ(st.last_seq, entries.size()) << id;
    const auto statement =
        ledger::make_statement(id, entries, t0 - std::chrono::hours(1), t0 + std::chrono::hours(1),
                               s->opening(id).balance);
    EXPECT_EQ(statement.opening_balance + statement.total_change(), statement.closing_balance)
        << id;
    EXPECT_EQ(statement.closing_balance, st.balance) << id;
    total += entries.size();
  }
  return total;
}

pid_t start(const std::string& file, int w) {
  const pid_t pid = fork();
  if (pid == 0) writer(file, w);
  return pid;
}

TEST(sqlite_store_bank, writers_killed_at_random_post_every_event_exactly_once) {
  test_support::temp_dir dir;
  const auto file = dir.file("bank.db");
  {
    auto s = open_sqlite_store(file);
    for (const auto& id : accounts) {
      s->create_account(check_params_of(id), ledger::opening_state(check_params_of(id)));
    }
  }
  const char* env = std::getenv("SUBMETER_BANK_SEED");
  const auto seed = env != nullptr ? static_cast<unsigned>(std::strtoul(env, nullptr, 10))
                                   : std::random_device{}();
  SCOPED_TRACE("SUBMETER_BANK_SEED=" + std::to_string(seed));
  RecordProperty("seed", static_cast<int>(seed % 1000000000u));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(2, 60);
  std::uniform_int_distribution<int> pick(0, check_writers - 1);

  std::vector<pid_t> pids(check_writers);
  std::vector<bool> done(check_writers, false);
  for (int w = 0; w < check_writers; ++w) {
    pids[static_cast<std::size_t>(w)] = start(file, w);
    ASSERT_GT(pids[static_cast<std::size_t>(w)], 0);
  }
  const auto reap = [&](std::size_t i, int options) {
    int status = 0;
    const pid_t got = waitpid(pids[i], &status, options);
    if (got == 0) return false;  // still running
    EXPECT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
        << "writer " << i << " exited with " << WEXITSTATUS(status);
    if (WIFEXITED(status)) done[i] = true;
    return true;
  };
  int kills = 0;
  for (int attempt = 0; attempt < 4 * max_kills && kills < max_kills; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    const auto i = static_cast<std::size_t>(pick(rng));
    if (done[i]) continue;
    if (reap(i, WNOHANG)) continue;  // it finished on its own meanwhile
    kill(pids[i], SIGKILL);
    reap(i, 0);
    if (done[i]) continue;  // it finished before the signal arrived
    ++kills;
    // The invariants on a still ledger: the other writers stopped (SIGSTOP; a stopped writer's
    // open transaction is invisible to the reader), checked, and continued.
    for (std::size_t j = 0; j < pids.size(); ++j) {
      if (j != i && !done[j]) kill(pids[j], SIGSTOP);
    }
    check_invariants(file);
    for (std::size_t j = 0; j < pids.size(); ++j) {
      if (j != i && !done[j]) kill(pids[j], SIGCONT);
    }
    pids[i] = start(file, static_cast<int>(i));
    ASSERT_GT(pids[i], 0);
  }
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (!done[i]) reap(i, 0);
    EXPECT_TRUE(done[i]) << "writer " << i;
  }
  EXPECT_GT(kills, 0) << "no writer was killed: the check did not run under faults";
  RecordProperty("kills", kills);

  // Every event of every plan exactly once, and the balances the plans give.
  const auto total = check_invariants(file);
  std::map<std::string, money> expected;
  std::set<std::string> keys;
  std::size_t events = 0;
  for (int w = 0; w < check_writers; ++w) {
    for (int r = 0; r < check_rounds; ++r) {
      for (const auto& p : check_batch(w, r)) {
        if (!keys.insert(p.account_id + "|" + p.what.key).second) continue;  // a shared fee
        ++events;
        const bool credit = p.what.kind == ledger::event_kind::recharge;
        expected[p.account_id] += credit ? p.what.amount : -p.what.amount;
      }
      if (reverses_in(r)) {
        ++events;
        expected[accounts[fee_account(w, r)]] += check_fee_amount(w, r);
      }
    }
  }
  EXPECT_EQ(total, events);
  auto s = open_sqlite_store(file);
  for (const auto& id : accounts) {
    EXPECT_EQ(s->state(id).balance, s->opening(id).balance + expected[id]) << id;
  }
}

}  // namespace
}  // namespace submeter::store
