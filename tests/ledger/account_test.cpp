// Tests of include/submeter/ledger/account.hpp: the in-memory account (a batch is all or
// nothing, an account opened with a given state, the entries it keeps) and the fold.
#include "submeter/ledger/account.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::funded;
using test::simple_params;
using test::yuan;

TEST(account, post_batch_is_all_or_nothing) {
  account acc = funded(yuan("100"));
  const auto results = acc.post_batch({fee(at("2025-01-02T00:00"), "f1", yuan("10"), "fee"),
                                       refund(at("2025-01-02T00:00"), "r1", yuan("95"))});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].status, posting_status::rejected_insufficient_balance);
  EXPECT_EQ(acc.state().balance, yuan("100"));
  EXPECT_EQ(acc.entries().size(), 1u);
  const auto ok = acc.post_batch({fee(at("2025-01-02T00:00"), "f1", yuan("10"), "fee"),
                                  fee(at("2025-01-02T00:00"), "f1", yuan("10"), "fee")});
  EXPECT_EQ(ok[1].status, posting_status::duplicate);
  EXPECT_EQ(acc.state().balance, yuan("90"));
}

TEST(account, opens_with_a_given_state_and_keeps_its_entries_in_sequence) {
  account_state migrated = opening_state(simple_params());
  migrated.balance = yuan("80");
  migrated.meters[0].last_counter = 41;
  migrated.last_seq = 7;
  account acc = account::open(simple_params(), migrated);
  EXPECT_EQ(acc.state().balance, yuan("80"));
  const auto r =
      acc.post(recharge(at("2025-01-01T09:00"), "M-1", 42, yuan("20"), channel::cash, "p42"));
  ASSERT_EQ(r.status, posting_status::ok) << r.message;
  EXPECT_EQ(r.committed->seq, 8u);
  const auto f = acc.post(fee(at("2025-01-02T00:00"), "f1", yuan("5"), "fee"));
  ASSERT_EQ(f.status, posting_status::ok) << f.message;
  // The entries answer the account's history: a reversal of entry 8 finds it.
  ASSERT_EQ(acc.post(reversal(at("2025-01-03T00:00"), "rev/8", 8)).status, posting_status::ok);
  ASSERT_EQ(acc.entries().size(), 3u);
  EXPECT_EQ(acc.entries()[0].seq, 8u);
  EXPECT_EQ(acc.entries()[2].seq, 10u);
  EXPECT_EQ(acc.entries()[2].what.amount, yuan("20"));
  EXPECT_EQ(acc.state().balance, yuan("75"));
  EXPECT_EQ(acc.params().id, "A-1");
}

TEST(fold, skips_refused_events_and_gives_the_same_account_as_posting_one_by_one) {
  const std::vector<event> events = {
      recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"), channel::cash, "p1"),
      recharge(at("2025-01-01T09:01"), "M-1", 3, yuan("10"), channel::cash, "p3"),  // a gap
      fee(at("2025-01-02T00:00"), "f1", yuan("30"), "fee"),
      refund(at("2025-01-03T00:00"), "r1", yuan("500")),  // above the balance
  };
  const account folded = fold(simple_params(), events);
  EXPECT_EQ(folded.entries().size(), 2u);
  EXPECT_EQ(folded.state().balance, yuan("70"));
  account one_by_one = funded(yuan("100"));
  (void)one_by_one.post(events[2]);
  EXPECT_EQ(one_by_one.state().balance, folded.state().balance);
  EXPECT_EQ(one_by_one.state().last_seq, folded.state().last_seq);
}

}  // namespace
}  // namespace submeter::ledger
