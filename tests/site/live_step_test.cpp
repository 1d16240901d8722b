// site/live_step.hpp: the live step: plan validation, statuses as values (opened, deducted,
// no_charge, duplicate, late, backwards with its notice, not_prepaid, unknown_meter, refused),
// alarms and a cut with their outbox rows, a recharge that restores.
#include "submeter/site/live_step.hpp"

#include <gtest/gtest.h>

#include "live_support.hpp"

namespace submeter::site {
namespace {

using test_support::at;
using test_support::live_reading;
using test_support::yuan;

live_plan flat_plan() {
  return live_plan::make(
      {test_support::prepaid_account("M-1")},
      {live_meter::make(metering::meter::make("M-1"), test_support::flat_tariff())}, {"M-9"});
}

TEST(LiveStep, PlanRefusesWhatDoesNotResolve) {
  const auto flat = [] {
    return live_meter::make(metering::meter::make("M-1"), test_support::flat_tariff());
  };
  auto postpaid = test_support::prepaid_account("M-1");
  postpaid.mode = ledger::account_mode::postpaid;
  EXPECT_THROW((void)live_plan::make({postpaid}, {flat()}), error);
  EXPECT_THROW((void)live_plan::make({test_support::prepaid_account("M-2")}, {flat()}), error);
  EXPECT_THROW((void)live_plan::make({test_support::prepaid_account("M-1", ledger::utility::water)},
                                     {flat()}),
               error);
  EXPECT_THROW((void)live_plan::make({test_support::prepaid_account("M-1")}, {flat()}, {"M-1"}),
               error);
  EXPECT_THROW((void)live_plan::make({test_support::prepaid_account("M-1")}, {flat(), flat()}),
               error);
}

TEST(LiveStep, StatusesAreValues) {
  const auto plan = flat_plan();
  auto state = open_state(plan);
  auto r = ingest(plan, state, live_reading("M-7", "2026-07-01T00:00", "1"));
  EXPECT_EQ(r.status, live_status::unknown_meter);
  EXPECT_TRUE(r.account.empty());
  r = ingest(plan, state, live_reading("M-9", "2026-07-01T00:00", "1"));
  EXPECT_EQ(r.status, live_status::not_prepaid);
  r = ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "100"));
  EXPECT_EQ(r.status, live_status::opened);
  EXPECT_EQ(r.account, "A-1");
  (void)post_event(plan, state, "A-1",
                   ledger::recharge(at("2026-07-01T00:00"), "M-1", 1, yuan("200"),
                                    ledger::channel::wechat_pay, "wx1"));
  r = ingest(plan, state, live_reading("M-1", "2026-07-01T10:00", "110"));
  ASSERT_EQ(r.status, live_status::deducted) << r.message;
  ASSERT_TRUE(r.deduction);
  EXPECT_EQ(r.deduction->key, "reading/M-1/2026-07-01T10:00:00");
  EXPECT_EQ(r.deduction->amount, yuan("7"));
  EXPECT_EQ(r.deduction->reference, "2026-07-01T00:00:00 100.0000 .. 2026-07-01T10:00:00 110.0000");
  EXPECT_EQ(state.accounts[0].state().balance, yuan("193"));
  r = ingest(plan, state, live_reading("M-1", "2026-07-01T10:00", "110"));
  EXPECT_EQ(r.status, live_status::duplicate);
  EXPECT_TRUE(r.rows.empty());
  r = ingest(plan, state, live_reading("M-1", "2026-07-01T11:00", "110.001"));
  EXPECT_EQ(r.status, live_status::no_charge);
  r = ingest(plan, state, live_reading("M-1", "2026-07-01T09:00", "105"));
  EXPECT_EQ(r.status, live_status::late);
  r = ingest(plan, state, live_reading("M-1", "2026-07-01T12:00", "109"));
  EXPECT_EQ(r.status, live_status::backwards);
  ASSERT_EQ(r.rows.size(), 1U);
  EXPECT_EQ(r.rows[0].about, ledger::notice::reading_backwards);
  EXPECT_EQ(r.rows[0].id, "A-1/reading/M-1/2026-07-01T12:00:00/reading_backwards");
  EXPECT_EQ(state.accounts[0].state().balance, yuan("193"));
  EXPECT_EQ(to_string(live_status::not_prepaid), "not_prepaid");
}

TEST(LiveStep, AlarmsCutAndRestoreWithTheirRows) {
  const auto plan = flat_plan();
  auto state = open_state(plan);
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "0"));
  auto p = post_event(
      plan, state, "A-1",
      ledger::recharge(at("2026-07-01T08:00"), "M-1", 1, yuan("120"), ledger::channel::cash, "c1"));
  ASSERT_EQ(p.rows.size(), 1U);
  EXPECT_EQ(p.rows[0].about, ledger::notice::recharge_received);
  // 120 − 0.7 × 100 = 50: balance alarm 100 and alarm1 (≤ 50).
  auto r = ingest(plan, state, live_reading("M-1", "2026-07-01T09:00", "100"));
  ASSERT_EQ(r.status, live_status::deducted);
  ASSERT_EQ(r.rows.size(), 2U);
  EXPECT_EQ(r.rows[0].about, ledger::notice::balance_alarm);
  EXPECT_EQ(r.rows[1].about, ledger::notice::alarm1);
  // 50 − 0.7 × 80 = −6: balance alarm 30, exhausted (limit 0): cut at once (no notice).
  r = ingest(plan, state, live_reading("M-1", "2026-07-01T10:00", "180"));
  ASSERT_EQ(r.status, live_status::deducted);
  EXPECT_EQ(state.accounts[0].state().balance, yuan("-6"));
  std::vector<std::string> seen;
  for (const auto& row : r.rows) {
    seen.push_back(row.is_command() ? "command " + std::string(ledger::to_string(*row.command))
                                    : std::string(ledger::to_string(row.about)));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"balance_alarm", "exhausted", "command cut", "cut"}));
  // Usage while cut is still deducted (debt); a recharge above the close limit restores.
  p = post_event(
      plan, state, "A-1",
      ledger::recharge(at("2026-07-01T11:00"), "M-1", 2, yuan("100"), ledger::channel::cash, "c2"));
  ASSERT_EQ(p.rows.size(), 3U);
  EXPECT_EQ(p.rows[1].command, ledger::supply_command::restore);
  EXPECT_EQ(p.rows[2].about, ledger::notice::restore);
  EXPECT_THROW((void)post_event(plan, state, "A-9", ledger::tick(at("2026-07-01T12:00"))), error);
}

TEST(LiveStep, AClosedAccountRefusesTheDeductionAndTheCursorStays) {
  const auto plan = flat_plan();
  auto state = open_state(plan);
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "0"));
  (void)post_event(plan, state, "A-1", ledger::close(at("2026-07-02T00:00"), "close/A-1"));
  const auto r = ingest(plan, state, live_reading("M-1", "2026-07-03T00:00", "10"));
  EXPECT_EQ(r.status, live_status::refused);
  EXPECT_NE(r.message.find("closed"), std::string::npos);
  EXPECT_EQ(state.cursors.at("M-1").last.time, at("2026-07-01T00:00"));
}

TEST(LiveStep, AReadingOfAnotherMeterAfterTheAccountsLastEventPostsAtThatTime) {
  const auto plan = live_plan::make(
      {ledger::account_params::make(
          "A-1", ledger::account_mode::prepaid,
          {{"M-1", ledger::utility::electricity}, {"M-2", ledger::utility::electricity}},
          ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("10")))},
      {live_meter::make(metering::meter::make("M-1"), test_support::flat_tariff()),
       live_meter::make(metering::meter::make("M-2"), test_support::flat_tariff())});
  auto state = open_state(plan);
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "0"));
  (void)ingest(plan, state, live_reading("M-2", "2026-07-01T00:00", "0"));
  (void)post_event(
      plan, state, "A-1",
      ledger::recharge(at("2026-07-01T00:00"), "M-1", 1, yuan("500"), ledger::channel::cash, "c1"));
  ASSERT_EQ(ingest(plan, state, live_reading("M-1", "2026-07-01T10:00", "10")).status,
            live_status::deducted);
  const auto r = ingest(plan, state, live_reading("M-2", "2026-07-01T09:00", "10"));
  ASSERT_EQ(r.status, live_status::deducted) << r.message;
  EXPECT_EQ(r.deduction->key, "reading/M-2/2026-07-01T09:00:00");
  EXPECT_EQ(r.deduction->time, at("2026-07-01T10:00"));
}

}  // namespace
}  // namespace submeter::site
