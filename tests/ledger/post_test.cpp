// Tests of include/submeter/ledger/post.hpp, posted through the in-memory account: the rules
// outside the vectors (arrears first, postpaid receivables, balance alarms, multi-meter accounts,
// counters), their edges and bad input. Every refusal leaves the account unchanged.
#include "submeter/ledger/post.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "submeter/ledger/account.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::funded;
using test::simple_params;
using test::yuan;
using test_support::error_of;

// A refusal changes nothing: same state, same entries.
void expect_refused(account& acc, const event& e, posting_status want) {
  const auto before = acc.state();
  const auto entries = acc.entries().size();
  const auto r = acc.post(e);
  EXPECT_EQ(r.status, want) << r.message;
  EXPECT_FALSE(r.message.empty());
  EXPECT_FALSE(r.committed.has_value());
  EXPECT_EQ(acc.state().balance, before.balance);
  EXPECT_EQ(acc.state().last_seq, before.last_seq);
  EXPECT_EQ(acc.state().cumulative_purchased, before.cumulative_purchased);
  EXPECT_EQ(acc.entries().size(), entries);
}

TEST(recharge, counters_per_meter_replays_conflicts_stale_and_gaps) {
  account acc = funded(yuan("100"));
  // Replay: the original result comes back, nothing changes.
  const auto replay =
      acc.post(recharge(at("2025-01-01T09:05"), "M-1", 1, yuan("100"), channel::cash, "p1"));
  EXPECT_EQ(replay.status, posting_status::duplicate);
  ASSERT_TRUE(replay.committed.has_value());
  EXPECT_EQ(replay.committed->seq, 1u);
  EXPECT_EQ(replay.committed->balance_after, yuan("100"));
  EXPECT_EQ(acc.state().balance, yuan("100"));
  EXPECT_EQ(acc.entries().size(), 1u);
  // Same counter, other amount or payment: a conflict.
  expect_refused(acc, recharge(at("2025-01-01T09:06"), "M-1", 1, yuan("90"), channel::cash, "p1"),
                 posting_status::rejected_key_conflict);
  expect_refused(acc, recharge(at("2025-01-01T09:06"), "M-1", 1, yuan("100"), channel::cash, "p9"),
                 posting_status::rejected_key_conflict);
  // A gap is refused under strict_next.
  expect_refused(acc, recharge(at("2025-01-01T09:07"), "M-1", 3, yuan("10"), channel::cash, "p3"),
                 posting_status::rejected_counter_gap);
  // Counters are per meter: W-1 starts at 1.
  EXPECT_EQ(
      acc.post(recharge(at("2025-01-01T09:08"), "W-1", 1, yuan("10"), channel::cash, "w1")).status,
      posting_status::ok);
  EXPECT_EQ(
      acc.post(recharge(at("2025-01-01T09:09"), "M-1", 2, yuan("10"), channel::cash, "p2")).status,
      posting_status::ok);
  expect_refused(acc, recharge(at("2025-01-01T09:10"), "X-1", 1, yuan("10"), channel::cash, "x"),
                 posting_status::rejected_unknown_meter);
  EXPECT_EQ(acc.state().balance, yuan("120"));
  EXPECT_EQ(acc.state().cumulative_purchased, yuan("120"));
}

TEST(recharge, allow_gap_accepts_a_skip_but_never_a_step_back) {
  account acc = account::open(simple_params(counter_policy::allow_gap));
  EXPECT_EQ(
      acc.post(recharge(at("2025-01-01T09:00"), "M-1", 5, yuan("10"), channel::cash, "a")).status,
      posting_status::ok);
  expect_refused(acc, recharge(at("2025-01-01T09:01"), "M-1", 4, yuan("10"), channel::cash, "b"),
                 posting_status::rejected_stale_counter);
  EXPECT_EQ(
      acc.post(recharge(at("2025-01-01T09:02"), "M-1", 9, yuan("10"), channel::cash, "c")).status,
      posting_status::ok);
}

TEST(recharge, hoarding_limit_is_inclusive_and_a_refused_recharge_keeps_its_counter) {
  account acc = funded(yuan("1999.99"));
  expect_refused(acc, recharge(at("2025-01-02T00:00"), "M-1", 2, yuan("0.02"), channel::cash, "x"),
                 posting_status::rejected_hoarding_limit);
  EXPECT_EQ(
      acc.post(recharge(at("2025-01-02T00:01"), "M-1", 2, yuan("0.01"), channel::cash, "y")).status,
      posting_status::ok);
  EXPECT_EQ(acc.state().balance, yuan("2000"));
}

TEST(recharge, pays_arrears_first_oldest_first) {
  account acc = account::open(simple_params());
  ASSERT_EQ(acc.post(charge(at("2025-01-01T00:00"), "rent/1", yuan("30"), "rent Jan")).status,
            posting_status::ok);
  ASSERT_EQ(acc.post(charge(at("2025-02-01T00:00"), "rent/2", yuan("30"), "rent Feb")).status,
            posting_status::ok);
  EXPECT_EQ(acc.state().arrears(), yuan("60"));
  EXPECT_EQ(acc.state().available(), yuan("-60"));
  const auto r =
      acc.post(recharge(at("2025-02-02T00:00"), "M-1", 1, yuan("40"), channel::alipay, "p"));
  ASSERT_EQ(r.status, posting_status::ok);
  EXPECT_EQ(r.committed->arrears_paid, yuan("40"));
  EXPECT_EQ(acc.state().balance, money{});
  ASSERT_EQ(acc.state().receivables.size(), 1u);
  EXPECT_EQ(acc.state().receivables[0].reference, "rent Feb");
  EXPECT_EQ(acc.state().receivables[0].outstanding, yuan("20"));
  const auto r2 =
      acc.post(recharge(at("2025-02-03T00:00"), "M-1", 2, yuan("50"), channel::alipay, "q"));
  EXPECT_EQ(r2.committed->arrears_paid, yuan("20"));
  EXPECT_EQ(acc.state().balance, yuan("30"));
  EXPECT_EQ(acc.state().arrears(), money{});
  EXPECT_EQ(acc.state().cumulative_purchased, yuan("90"));
  // Reversing the first recharge reinstates what it paid.
  const auto rev = acc.post(reversal(at("2025-02-04T00:00"), "rev/3", r.committed->seq));
  ASSERT_EQ(rev.status, posting_status::ok) << rev.message;
  EXPECT_EQ(acc.state().arrears(), yuan("40"));
  EXPECT_EQ(acc.state().balance, yuan("30"));
  EXPECT_EQ(acc.state().cumulative_purchased, yuan("50"));
}

TEST(account, frozen_money_is_not_available_and_cannot_be_refunded) {
  account acc = funded(yuan("100"));
  ASSERT_EQ(acc.post(freeze(at("2025-01-02T00:00"), "hold/1", yuan("60"))).status,
            posting_status::ok);
  EXPECT_EQ(acc.state().available(), yuan("40"));
  expect_refused(acc, refund(at("2025-01-03T00:00"), "r", yuan("40.01")),
                 posting_status::rejected_insufficient_balance);
  expect_refused(acc, freeze(at("2025-01-03T00:00"), "hold/2", yuan("-60.01")),
                 posting_status::rejected_invalid);
  ASSERT_EQ(acc.post(freeze(at("2025-01-03T00:00"), "hold/3", yuan("-60"))).status,
            posting_status::ok);
  EXPECT_EQ(acc.post(refund(at("2025-01-03T00:00"), "r2", yuan("100"))).status, posting_status::ok);
  EXPECT_EQ(acc.state().balance, money{});
}

TEST(postpaid, bills_become_receivables_and_payments_settle_them_oldest_first) {
  auto params = account_params::make("P-1", account_mode::postpaid, {{"M-1", utility::electricity}},
                                     level_params::make(money{}, money{}, money{}, money{}));
  account acc = account::open(params);
  ASSERT_EQ(acc.post(consumption(at("2025-02-01T00:00"), "bill/2025-01", "M-1",
                                 energy::parse("100"), yuan("60"), energy::parse("100")))
                .status,
            posting_status::ok);
  ASSERT_EQ(acc.post(consumption(at("2025-03-01T00:00"), "bill/2025-02", "M-1", energy::parse("50"),
                                 yuan("30"), energy::parse("150")))
                .status,
            posting_status::ok);
  EXPECT_EQ(acc.state().arrears(), yuan("90"));
  EXPECT_EQ(acc.state().balance, money{});
  // No level or relay logic on a postpaid account.
  EXPECT_EQ(acc.state().relay.position, relay_position::closed);
  ASSERT_EQ(
      acc.post(recharge(at("2025-03-05T00:00"), "M-1", 1, yuan("70"), channel::unionpay, "pay-1"))
          .status,
      posting_status::ok);
  ASSERT_EQ(acc.state().receivables.size(), 1u);
  EXPECT_EQ(acc.state().receivables[0].reference, "bill/2025-02");
  EXPECT_EQ(acc.state().receivables[0].outstanding, yuan("20"));
  // Overpayment becomes a credit, used by the next bill before it becomes a receivable.
  ASSERT_EQ(
      acc.post(recharge(at("2025-03-06T00:00"), "M-1", 2, yuan("50"), channel::unionpay, "pay-2"))
          .status,
      posting_status::ok);
  EXPECT_EQ(acc.state().balance, yuan("30"));
  ASSERT_EQ(acc.post(consumption(at("2025-04-01T00:00"), "bill/2025-03", "M-1", energy::parse("80"),
                                 yuan("48"), energy::parse("230")))
                .status,
            posting_status::ok);
  EXPECT_EQ(acc.state().balance, money{});
  EXPECT_EQ(acc.state().arrears(), yuan("18"));
  // Reversing that bill: the receivable goes, the credit it used comes back.
  const auto last = acc.entries().back().seq;
  ASSERT_EQ(acc.post(reversal(at("2025-04-02T00:00"), "rev", last)).status, posting_status::ok);
  EXPECT_EQ(acc.state().arrears(), money{});
  EXPECT_EQ(acc.state().balance, yuan("30"));
}

TEST(balance_alarms, alarm_once_per_crossing_and_again_after_a_recharge) {
  account acc = funded(yuan("150"));  // thresholds 100, 30, 0
  const auto step = [&](const char* key, const char* amount) {
    return acc.post(fee(at("2025-01-02T00:00"), key, yuan(amount), "usage"));
  };
  auto r = step("d1", "40");  // 110
  EXPECT_FALSE(r.has("balance_alarm"));
  r = step("d2", "10");  // 100: at the threshold counts
  ASSERT_TRUE(r.has("balance_alarm"));
  EXPECT_EQ(r.notifications[0].detail, "100.00");
  r = step("d3", "10");  // 90: still below 100, no new alarm
  EXPECT_FALSE(r.has("balance_alarm"));
  r = step("d4", "80");  // 10: crosses 30 only
  ASSERT_TRUE(r.has("balance_alarm"));
  r = step("d5", "5");
  EXPECT_FALSE(r.has("balance_alarm"));
  ASSERT_EQ(
      acc.post(recharge(at("2025-01-03T00:00"), "M-1", 2, yuan("200"), channel::cash, "p2")).status,
      posting_status::ok);  // 205: every alarm re-armed
  EXPECT_EQ(acc.state().alarms_crossed, 0u);
  r = acc.post(fee(at("2025-01-04T00:00"), "d6", yuan("205"), "usage"));  // 0: straight to 0
  int alarms = 0;
  for (const auto& n : r.notifications) {
    if (n.code == "balance_alarm") {
      ++alarms;
      EXPECT_EQ(n.detail, "0.00");
    }
  }
  EXPECT_EQ(alarms, 1);
  EXPECT_EQ(acc.state().alarms_crossed, 3u);
}

TEST(bad_input, each_refused_with_a_clear_reason_and_nothing_written) {
  // Malformed events are refused when built.
  EXPECT_EQ(error_of([] {
              (void)recharge(at("2025-01-01T00:00"), "M-1", 1, yuan("-5"), channel::cash, "p");
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)recharge(at("2025-01-01T00:00"), "M-1", 0, yuan("5"), channel::cash, "p");
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)refund(at("2025-01-01T00:00"), "", yuan("5")); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)reversal(at("2025-01-01T00:00"), "r", 0); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)adjustment(at("2025-01-01T00:00"), "a", money{}, "x"); }).code(),
            errc::invalid_argument);
  // A hand-built negative recharge is refused by post, and nothing changes.
  account acc = funded(yuan("100"));
  event bad = recharge(at("2025-01-02T00:00"), "M-1", 2, yuan("5"), channel::cash, "p");
  bad.amount = yuan("-5");
  EXPECT_EQ(error_of([&] { (void)acc.post(bad); }).code(), errc::invalid_argument);
  EXPECT_EQ(acc.entries().size(), 1u);
  // Business refusals are values.
  expect_refused(acc, reversal(at("2025-01-02T00:00"), "rev/x", 99),
                 posting_status::rejected_unknown_entry);
  expect_refused(acc, refund(at("2025-01-02T00:00"), "big", yuan("100.01")),
                 posting_status::rejected_insufficient_balance);
  expect_refused(acc, recharge(at("2024-12-31T00:00"), "M-1", 2, yuan("5"), channel::cash, "p"),
                 posting_status::rejected_out_of_order);
  expect_refused(acc,
                 consumption(at("2025-01-02T00:00"), "w", "W-1", energy::parse("1"), yuan("1")),
                 posting_status::rejected_invalid);
  ASSERT_EQ(acc.post(reversal(at("2025-01-02T00:00"), "rev/1", 1)).status, posting_status::ok);
  // Reversal of a reversal, and a second reversal under another key.
  expect_refused(acc, reversal(at("2025-01-02T00:00"), "rev/2", 2),
                 posting_status::rejected_not_reversible);
  expect_refused(acc, reversal(at("2025-01-02T00:00"), "rev/1-again", 1),
                 posting_status::rejected_already_reversed);
  ASSERT_EQ(acc.post(close(at("2025-01-03T00:00"), "close")).status, posting_status::ok);
  expect_refused(acc, recharge(at("2025-01-04T00:00"), "M-1", 2, yuan("5"), channel::cash, "p"),
                 posting_status::rejected_closed);
  expect_refused(acc, remote(at("2025-01-04T00:00"), remote_command::close_now),
                 posting_status::rejected_closed);
  expect_refused(acc, reversal(at("2025-01-04T00:00"), "rev/close", 3),
                 posting_status::rejected_closed);
}

TEST(account, consumption_readings_never_go_backwards) {
  account acc = funded(yuan("100"));
  ASSERT_EQ(acc.post(consumption(at("2025-01-02T00:00"), "b1", "M-1", energy::parse("10"),
                                 yuan("6"), energy::parse("110")))
                .status,
            posting_status::ok);
  expect_refused(acc,
                 consumption(at("2025-01-03T00:00"), "b2", "M-1", energy::parse("1"), yuan("1"),
                             energy::parse("109.99")),
                 posting_status::rejected_reading_backwards);
  EXPECT_EQ(acc.state().meter("M-1")->tier_kwh, energy::parse("10"));
  EXPECT_EQ(acc.post(water_consumption(at("2025-01-03T00:00"), "w1", "W-1", volume::parse("3"),
                                       yuan("9")))
                .status,
            posting_status::ok);
  EXPECT_EQ(acc.state().meter("W-1")->tier_m3, volume::parse("3"));
}

TEST(account, protect_closes_the_relay_and_unprotect_reissues_the_trip) {
  account acc = funded(yuan("100"));
  ASSERT_EQ(acc.post(remote(at("2025-01-02T00:00"), remote_command::protect)).status,
            posting_status::ok);
  const auto d = acc.post(fee(at("2025-01-02T01:00"), "f", yuan("130"), "usage"));  // -30
  EXPECT_TRUE(d.has("exhausted"));
  EXPECT_TRUE(d.has("trip_suppressed"));
  EXPECT_EQ(acc.state().relay.position, relay_position::closed);
  ASSERT_EQ(acc.post(remote(at("2025-01-02T02:00"), remote_command::unprotect)).status,
            posting_status::ok);
  EXPECT_EQ(acc.state().relay.position, relay_position::open);
  EXPECT_EQ(acc.state().relay.lock, relay_lock::locked);
  EXPECT_EQ(acc.post(local_restore(at("2025-01-02T02:01"))).status, posting_status::refused_locked);
  ASSERT_EQ(acc.post(remote(at("2025-01-02T02:02"), remote_command::close_now)).status,
            posting_status::ok);
  EXPECT_EQ(acc.state().relay.position, relay_position::closed);
  ASSERT_EQ(acc.post(remote(at("2025-01-02T02:03"), remote_command::trip)).status,
            posting_status::ok);
  EXPECT_EQ(acc.post(local_restore(at("2025-01-02T02:04"))).status, posting_status::refused_remote);
}

TEST(account_relay_keys, a_resent_remote_command_with_its_key_is_a_duplicate) {
  account acc = account::open(test::simple_params());
  const auto t = local_time(date::local_days{date::year{2025} / 3 / 1});
  const auto first = acc.post(remote(t, remote_command::protect, "cmd-7"));
  ASSERT_EQ(first.status, posting_status::ok);
  const auto again = acc.post(remote(t, remote_command::protect, "cmd-7"));
  EXPECT_EQ(again.status, posting_status::duplicate);
  // The same id for another command is a conflict, not a duplicate.
  EXPECT_EQ(acc.post(remote(t, remote_command::unprotect, "cmd-7")).status,
            posting_status::rejected_key_conflict);
}

}  // namespace
}  // namespace submeter::ledger
