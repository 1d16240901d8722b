// site/live_step.hpp and live_opening.hpp: 换表 (LIFE-1) on the live path. A meter that replaced
// another after the account was opened posts ledger::replacement at its first reading (the old
// meter's last known reading as its final, the new meter's as its initial), so its readings are
// deducted instead of refused; the plan refuses a replacement across accounts or utilities; the
// sample-shaped site marks the replacing meter and posts recharges to the meter in service;
// re-running posts nothing.
#include <gtest/gtest.h>

#include "live_support.hpp"
#include "submeter/site/live_opening.hpp"
#include "submeter/site/live_step.hpp"

namespace submeter::site {
namespace {

using test_support::at;
using test_support::live_reading;
using test_support::yuan;

ledger::account_params account_of(std::vector<ledger::meter_ref> meters) {
  return ledger::account_params::make(
      "A-1", ledger::account_mode::prepaid, std::move(meters),
      ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("10")), {},
      ledger::counter_policy::allow_gap);
}

live_meter flat_meter(const char* id) {
  return live_meter::make(metering::meter::make(id), test_support::flat_tariff());
}

/// The plan after the replacement: A-1 rates M-1 and M-2, M-2 replacing M-1.
live_plan replaced_plan() {
  return live_plan::make(
      {account_of({{"M-1", ledger::utility::electricity}, {"M-2", ledger::utility::electricity}})},
      {flat_meter("M-1"), flat_meter("M-2")}, {}, {}, {{"M-2", "M-1"}});
}

/// The account as a store opened it before the replacement: M-1 only, balance 500.
live_state opened_before() {
  auto params = account_of({{"M-1", ledger::utility::electricity}});
  auto opening = ledger::opening_state(params);
  opening.balance = yuan("500");
  live_state s;
  s.accounts.push_back(ledger::account::open(std::move(params), std::move(opening)));
  return s;
}

TEST(LiveReplacement, TheNewMetersFirstReadingPostsTheReplacement) {
  const auto plan = replaced_plan();
  ASSERT_NE(plan.meter("M-2"), nullptr);
  EXPECT_EQ(plan.meter("M-2")->replaces, "M-1");
  EXPECT_TRUE(plan.meter("M-1")->replaces.empty());
  auto state = opened_before();
  ASSERT_EQ(ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "100")).status,
            live_status::opened);
  auto r = ingest(plan, state, live_reading("M-1", "2026-07-12T10:00", "150"));
  ASSERT_EQ(r.status, live_status::deducted) << r.message;
  EXPECT_EQ(r.deduction->amount, yuan("35"));  // 50 kWh × 0.70

  // M-2 installed at the instant M-1 was removed, from 0.
  r = ingest(plan, state, live_reading("M-2", "2026-07-12T10:00", "0"));
  ASSERT_EQ(r.status, live_status::opened) << r.message;
  EXPECT_EQ(r.message, "meter M-2 replaces M-1 on account A-1 (LIFE-1)");
  ASSERT_TRUE(r.replacement);
  EXPECT_EQ(r.replacement->kind, ledger::event_kind::replacement);
  EXPECT_EQ(r.replacement->key, "replacement/M-1/M-2");
  EXPECT_EQ(r.replacement->meter_id, "M-1");
  EXPECT_EQ(r.replacement->kwh, energy::parse("150"));  // the old meter's final reading
  EXPECT_EQ(r.replacement->new_meter_id, "M-2");
  EXPECT_EQ(r.replacement->reading, energy::parse("0"));
  EXPECT_EQ(r.replacement->time, at("2026-07-12T10:00"));
  ASSERT_TRUE(r.replacement_posted);
  EXPECT_EQ(r.replacement_posted->posted.status, ledger::posting_status::ok);
  const auto& st = state.accounts[0].state();
  ASSERT_NE(st.meter("M-2"), nullptr);
  EXPECT_EQ(st.meter("M-1"), nullptr);
  EXPECT_EQ(st.balance, yuan("465"));  // a replacement moves no money

  // The new meter's readings are deducted (before LIFE-1 on the live path: refused, the
  // account having no meter M-2).
  r = ingest(plan, state, live_reading("M-2", "2026-07-20T00:00", "20"));
  ASSERT_EQ(r.status, live_status::deducted) << r.message;
  EXPECT_EQ(r.deduction->amount, yuan("14"));
  EXPECT_EQ(state.accounts[0].state().balance, yuan("451"));

  // Re-running the stream posts nothing more.
  EXPECT_EQ(ingest(plan, state, live_reading("M-2", "2026-07-12T10:00", "0")).status,
            live_status::late);
  EXPECT_EQ(ingest(plan, state, live_reading("M-2", "2026-07-20T00:00", "20")).status,
            live_status::duplicate);
  EXPECT_EQ(state.accounts[0].entries().size(), 3U);
}

TEST(LiveReplacement, AnAccountOpenedWithBothMetersPostsNone) {
  // site.json had the replacement when the account was opened: both meters are on it already.
  const auto plan = replaced_plan();
  auto opening = ledger::opening_state(plan.accounts()[0]);
  opening.balance = yuan("500");
  live_state state;
  state.accounts.push_back(ledger::account::open(plan.accounts()[0], std::move(opening)));
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "100"));
  const auto r = ingest(plan, state, live_reading("M-2", "2026-07-12T10:00", "0"));
  EXPECT_EQ(r.status, live_status::opened);
  EXPECT_FALSE(r.replacement);
  EXPECT_TRUE(r.message.empty());
  EXPECT_EQ(ingest(plan, state, live_reading("M-2", "2026-07-13T10:00", "10")).status,
            live_status::deducted);
}

TEST(LiveReplacement, TheOldMeterNeverReadLiveEndsAtTheAccountsReading) {
  // M-1 was never read live: its final reading is unknown here (the month-end true-up bills
  // its use); the replacement still posts, and M-2 is deducted from its initial reading.
  const auto plan = replaced_plan();
  auto state = opened_before();
  const auto r = ingest(plan, state, live_reading("M-2", "2026-07-12T10:00", "5"));
  ASSERT_EQ(r.status, live_status::opened) << r.message;
  ASSERT_TRUE(r.replacement);
  EXPECT_EQ(r.replacement->kwh, energy::parse("0"));
  const auto d = ingest(plan, state, live_reading("M-2", "2026-07-13T10:00", "15"));
  ASSERT_EQ(d.status, live_status::deducted) << d.message;
  EXPECT_EQ(d.deduction->amount, yuan("7"));
}

TEST(LiveReplacement, ARefusedReplacementIsAStatusAndIsTriedAgain) {
  // The account is closed: the replacement is refused, the new meter's cursor not opened.
  const auto plan = replaced_plan();
  auto state = opened_before();
  (void)state.accounts[0].post(ledger::close(at("2026-07-05T00:00"), "close/A-1"));
  auto r = ingest(plan, state, live_reading("M-2", "2026-07-12T10:00", "0"));
  EXPECT_EQ(r.status, live_status::refused);
  EXPECT_FALSE(r.message.empty());
  ASSERT_TRUE(r.replacement_posted);
  EXPECT_NE(r.replacement_posted->posted.status, ledger::posting_status::ok);
  EXPECT_EQ(state.cursors.count("M-2"), 0U);
  r = ingest(plan, state, live_reading("M-2", "2026-07-13T10:00", "1"));
  EXPECT_EQ(r.status, live_status::refused);
}

TEST(LiveReplacement, ThePlanRefusesAReplacementItCannotCarry) {
  const auto two = [] {
    return std::vector<ledger::account_params>{
        account_of({{"M-1", ledger::utility::electricity}}),
        ledger::account_params::make(
            "A-2", ledger::account_mode::prepaid, {{"M-2", ledger::utility::electricity}},
            ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("10")))};
  };
  // Across accounts.
  EXPECT_THROW((void)live_plan::make(two(), {flat_meter("M-1"), flat_meter("M-2")}, {}, {},
                                     {{"M-2", "M-1"}}),
               error);
  // A meter the plan does not rate, and a meter replacing itself.
  const auto one = [] {
    return std::vector<ledger::account_params>{account_of({{"M-1", ledger::utility::electricity}})};
  };
  EXPECT_THROW((void)live_plan::make(one(), {flat_meter("M-1")}, {}, {}, {{"M-2", "M-1"}}), error);
  EXPECT_THROW((void)live_plan::make(one(), {flat_meter("M-1")}, {}, {}, {{"M-1", "M-1"}}), error);
  try {
    (void)live_plan::make(two(), {flat_meter("M-1"), flat_meter("M-2")}, {}, {}, {{"M-2", "M-1"}});
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("meter"), "M-2");
    EXPECT_EQ(e.context_value("replaces"), "M-1");
  }
}

TEST(LiveReplacement, TheOpeningMarksAReplacingMeterOfTheSameTenant) {
  // T-1 prepaid on M-1, replaced by M-2 on 12 July 10:00 (site.json's removed / installed /
  // replaces), as the sample site's T-M.
  site_parts p;
  p.name = "Live";
  p.currency = "CNY";
  const auto m1 = metering::meter::make("M-1");
  const auto m2 = metering::meter::make("M-2");
  p.meters = {m1, m2};
  p.readings = {
      metering::reading_series::make(m1, {test_support::reading("2026-07-01T00:00", "100"),
                                          test_support::reading("2026-07-12T10:00", "150")}),
      metering::reading_series::make(m2, {test_support::reading("2026-07-12T10:00", "0"),
                                          test_support::reading("2026-08-01T00:00", "30")})};
  p.tariffs = {test_support::flat_tariff()};
  meter_place old_place;
  old_place.meter_id = "M-1";
  old_place.removed = at("2026-07-12T10:00");
  meter_place new_place;
  new_place.meter_id = "M-2";
  new_place.installed = at("2026-07-12T10:00");
  new_place.replaces = "M-1";
  p.places = {old_place, new_place};
  tenant t{"T-1", "Tenant", "flat", {"M-1", "M-2"}};
  tenant_account a;
  a.mode = ledger::account_mode::prepaid;
  a.opening_balance = yuan("500");
  a.levels = ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("10"));
  a.recharges = {{at("2026-07-05T09:00"), yuan("100"), "WX-1", ledger::channel::wechat_pay},
                 {at("2026-07-20T09:00"), yuan("100"), "WX-2", ledger::channel::wechat_pay}};
  t.account = a;
  p.tenants = {t};
  const auto s = site::make(std::move(p));
  const auto o = live_opening_of(s);
  ASSERT_NE(o.plan.meter("M-2"), nullptr);
  EXPECT_EQ(o.plan.meter("M-2")->replaces, "M-1");
  EXPECT_TRUE(o.plan.meter("M-1")->replaces.empty());
  // A recharge goes to the meter in service at its time: M-1 before the replacement, M-2 after.
  ASSERT_EQ(o.recharges.size(), 2U);
  EXPECT_EQ(o.recharges[0].what.meter_id, "M-1");
  EXPECT_EQ(o.recharges[1].what.meter_id, "M-2");
  EXPECT_EQ(meter_in_service(s, s.tenants().front(), at("2026-07-12T10:00")), "M-2");
  EXPECT_EQ(meter_in_service(s, s.tenants().front(), at("2026-07-12T09:59")), "M-1");
}

}  // namespace
}  // namespace submeter::site
