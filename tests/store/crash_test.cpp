// The store under SIGKILL, on every back end (backends.hpp): a child posts batches and is killed
// at a random moment, again and again; after each kill the reopened store holds whole batches
// only, its balances equal the fold of its committed events, and the retry (which replays
// everything) posts nothing twice.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "store/ledger_json.hpp"
#include "support.hpp"

namespace submeter::store {
namespace {

using ledger::test::yuan;

constexpr int batches = 120;
constexpr int per_batch = 12;
const std::vector<std::string> account_ids{"A-1", "A-2"};

ledger::account_params params_of(const std::string& id) {
  return ledger::account_params::make(
      id, ledger::account_mode::prepaid, {{"M-1", ledger::utility::electricity}},
      ledger::level_params::make(yuan("50"), yuan("20"), yuan("100"), yuan("10")),
      {yuan("100"), yuan("0")});
}

/// Batch b: for each account, recharges (counters continue across batches) and fees.
std::vector<posting_request> batch(int b) {
  std::vector<posting_request> out;
  const auto t = local_time(date::local_days{date::year{2025} / 1 / 1}) + std::chrono::minutes(b);
  for (int i = 0; i < per_batch; ++i) {
    const auto& id = account_ids[static_cast<std::size_t>(i) % account_ids.size()];
    const int slot = i / static_cast<int>(account_ids.size());
    if (slot % 3 == 0) {
      const std::int64_t counter = static_cast<std::int64_t>(b) * 2 + slot / 3 + 1;
      out.push_back(
          {id, ledger::recharge(t, "M-1", counter, money::from_integer(10 + (b * 7 + i) % 50),
                                ledger::channel::alipay, "pay-" + std::to_string(counter))});
    } else {
      out.push_back(
          {id, ledger::fee(t, "b" + std::to_string(b) + "/" + std::to_string(i),
                           money::from_mantissa(10000 + (b * 131 + i * 17) % 90000), "usage")});
    }
  }
  return out;
}

/// Posts every batch (replays included) and exits; run in a child.
[[noreturn]] void child_run(test::backend& store_backend) {
  try {
    auto s = store_backend.open();
    for (int b = 0; b < batches; ++b) (void)s->post(batch(b));
  } catch (...) {
    _exit(2);
  }
  _exit(0);
}

/// The checks after a kill: whole batches, a committed prefix, balances = fold of the entries.
int check(test::backend& store_backend) {
  auto s = store_backend.open();
  std::map<std::string, std::set<std::string>> keys;
  for (const auto& id : account_ids) {
    const auto entries = s->entries(id);
    money sum;
    ledger::account mem = ledger::account::open(params_of(id));
    for (const auto& en : entries) {
      keys[id].insert(en.what.key);
      sum += en.balance_delta();
      const auto r = mem.post(en.what);
      EXPECT_EQ(r.status, ledger::posting_status::ok) << r.message;
    }
    const auto st = s->state(id);
    EXPECT_EQ(st.balance, sum) << id;
    EXPECT_EQ(to_json(st), to_json(mem.state())) << id;
    EXPECT_EQ(st.last_seq, entries.size());
  }
  int committed = 0;
  bool gap = false;
  for (int b = 0; b < batches; ++b) {
    std::size_t present = 0;
    const auto reqs = batch(b);
    for (const auto& r : reqs) present += keys[r.account_id].count(r.what.key);
    EXPECT_TRUE(present == 0 || present == reqs.size())
        << "batch " << b << " is partial: " << present << " of " << reqs.size();
    if (present == reqs.size()) {
      EXPECT_FALSE(gap) << "batch " << b << " committed after a missing one";
      ++committed;
    } else {
      gap = true;
    }
  }
  return committed;
}

class store_crash : public ::testing::TestWithParam<test::backend_kind> {};

TEST_P(store_crash, sigkill_mid_batch_leaves_whole_batches_and_the_retry_posts_once) {
  const auto b = test::make_backend(GetParam());
  {
    auto s = b->open();
    for (const auto& id : account_ids)
      s->create_account(params_of(id), ledger::opening_state(params_of(id)));
  }
  const auto seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_us(500, 40000);
  int last = 0;
  int kills = 0;
  for (int round = 0; round < 12 && last < batches; ++round) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) child_run(*b);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++kills;
    const int committed = check(*b);
    EXPECT_GE(committed, last);
    last = committed;
  }
  EXPECT_GT(kills, 0);
  RecordProperty("committed_before_final_retry", last);
  // The final retry runs to the end: every event exactly once.
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) child_run(*b);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(check(*b), batches);
  auto s = b->open();
  std::size_t total = 0;
  for (const auto& id : account_ids) total += s->entries(id).size();
  EXPECT_EQ(total, static_cast<std::size_t>(batches * per_batch));
  RecordProperty("kills", kills);
}

INSTANTIATE_TEST_SUITE_P(store, store_crash, ::testing::ValuesIn(test::all_backends()),
                         test::backend_name());

}  // namespace
}  // namespace submeter::store
