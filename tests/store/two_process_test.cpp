// Several processes post recharges and deductions to the same accounts at once (each batch
// twice), on every back end (backends.hpp): every event is applied exactly once and the final
// balances are the sums of the amounts.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "backends.hpp"
#include "support.hpp"

namespace submeter::store {
namespace {

using ledger::test::yuan;

constexpr int process_rounds = 150;
constexpr int processes = 3;
const std::vector<std::string> process_ids{"S-1", "S-2", "S-3"};

ledger::account_params process_params_of(const std::string& id) {
  // Each process recharges through its own meter, so purchase counters do not race.
  return ledger::account_params::make(
      id, ledger::account_mode::prepaid,
      {{"P0", ledger::utility::electricity},
       {"P1", ledger::utility::electricity},
       {"P2", ledger::utility::electricity}},
      ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0")));
}

money recharge_amount(int proc, int r) { return money::from_integer(20 + (r * 3 + proc) % 40); }
money fee_amount(int proc, int r) {
  return money::from_mantissa(5000 + (r * 77 + proc * 13) % 20000);
}

std::vector<posting_request> batch(int proc, int r) {
  const auto t = local_time(date::local_days{date::year{2025} / 1 / 1});
  const auto& id = process_ids[static_cast<std::size_t>(r) % process_ids.size()];
  const std::string meter = "P" + std::to_string(proc);
  const std::int64_t counter = r / static_cast<int>(process_ids.size()) + 1;
  return {{id, ledger::recharge(t, meter, counter, recharge_amount(proc, r),
                                ledger::channel::third_party,
                                "p" + std::to_string(proc) + "-" + std::to_string(r))},
          {id, ledger::fee(t, "p" + std::to_string(proc) + "/fee/" + std::to_string(r),
                           fee_amount(proc, r), "usage")}};
}

[[noreturn]] void run(test::backend& b, int proc) {
  try {
    auto s = b.open();
    for (int r = 0; r < process_rounds; ++r) {
      const auto first = s->post(batch(proc, r));
      const auto again = s->post(batch(proc, r));  // a retry after a lost acknowledgement
      if (first.applied != 2 || again.duplicates != 2) _exit(3);
    }
  } catch (...) {
    _exit(2);
  }
  _exit(0);
}

class store_concurrency : public ::testing::TestWithParam<test::backend_kind> {};

TEST_P(store_concurrency, several_processes_post_to_the_same_accounts_exactly_once) {
  const auto b = test::make_backend(GetParam());
  {
    auto s = b->open();
    for (const auto& id : process_ids)
      s->create_account(process_params_of(id), ledger::opening_state(process_params_of(id)));
  }
  std::vector<pid_t> pids;
  for (int proc = 0; proc < processes; ++proc) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) run(*b, proc);
    pids.push_back(pid);
  }
  for (const pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  std::map<std::string, money> expected;
  for (int proc = 0; proc < processes; ++proc) {
    for (int r = 0; r < process_rounds; ++r) {
      expected[process_ids[static_cast<std::size_t>(r) % process_ids.size()]] +=
          recharge_amount(proc, r) - fee_amount(proc, r);
    }
  }
  auto s = b->open();
  std::size_t total = 0;
  for (const auto& id : process_ids) {
    const auto entries = s->entries(id);
    total += entries.size();
    EXPECT_EQ(s->state(id).balance, expected[id]) << id;
    money sum;
    for (const auto& en : entries) sum += en.balance_delta();
    EXPECT_EQ(sum, expected[id]);
  }
  EXPECT_EQ(total, static_cast<std::size_t>(processes * process_rounds * 2));
}

INSTANTIATE_TEST_SUITE_P(store, store_concurrency, ::testing::ValuesIn(test::all_backends()),
                         test::backend_name());

}  // namespace
}  // namespace submeter::store
