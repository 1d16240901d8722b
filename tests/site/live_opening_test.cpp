// site/live_opening.hpp: a site's live plan as a store opens it: prepaid tenants' accounts with
// their opening balance and levels, their meters under the monthly bill's tariff, the other
// meters not prepaid, the recharges in time order with counters per account.
#include "submeter/site/live_opening.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "live_support.hpp"

namespace submeter::site {
namespace {

using test_support::at;
using test_support::live_reading;
using test_support::yuan;

submeter::site::site two_tenant_site() {
  site_parts p;
  p.name = "Live";
  p.currency = "CNY";
  p.meters = {metering::meter::make("M-1"), metering::meter::make("M-2"),
              metering::meter::make("M-0")};
  p.tariffs = {test_support::flat_tariff(), test_support::tou_tariff()};
  tenant_account pre;
  pre.mode = ledger::account_mode::prepaid;
  pre.opening_balance = yuan("100");
  pre.levels = ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0"));
  pre.recharges = {{at("2026-07-10T12:00"), yuan("30"), "R-2", ledger::channel::cash},
                   {at("2026-07-05T12:00"), yuan("20"), "R-1", ledger::channel::cash}};
  tenant_account post;
  post.mode = ledger::account_mode::postpaid;
  tenant a{"T-1", "Prepaid", "flat", {"M-1"}};
  a.account = pre;
  tenant b{"T-2", "Postpaid", "tou", {"M-2"}};
  b.account = post;
  p.tenants = {a, b};
  return site::make(std::move(p));
}

TEST(LiveOpening, PrepaidTenantsBecomeAccountsAndOtherMetersAreNotPrepaid) {
  const auto o = live_opening_of(two_tenant_site());
  ASSERT_EQ(o.plan.accounts().size(), 1u);
  EXPECT_EQ(o.plan.accounts()[0].id, "T-1");
  EXPECT_EQ(o.openings[0].balance, yuan("100"));
  EXPECT_EQ(o.openings[0].current, ledger::level::normal);
  ASSERT_NE(o.plan.meter("M-1"), nullptr);
  EXPECT_TRUE(o.plan.is_postpaid("M-2"));
  EXPECT_TRUE(o.plan.is_postpaid("M-0"));
  EXPECT_FALSE(o.plan.is_postpaid("M-7"));
  // Recharges sorted by time, counters by the order site.json lists them.
  ASSERT_EQ(o.recharges.size(), 2u);
  EXPECT_EQ(o.recharges[0].what.reference, "R-1");
  EXPECT_EQ(o.recharges[0].what.counter, 2);
  EXPECT_EQ(o.recharges[1].what.counter, 1);
  EXPECT_EQ(o.recharges[0].account, "T-1");
}

TEST(LiveOpening, OpenStateDeductsFromTheOpeningBalance) {
  const auto o = live_opening_of(two_tenant_site());
  auto st = open_state(o);
  EXPECT_EQ(ingest(o.plan, st, live_reading("M-1", "2026-07-01T00:00", "1000")).status,
            live_status::opened);
  const auto d = ingest(o.plan, st, live_reading("M-1", "2026-07-02T00:00", "1100"));
  EXPECT_EQ(d.status, live_status::deducted);
  EXPECT_EQ(d.rating->due, yuan("70"));
  EXPECT_EQ(st.accounts[0].state().balance, yuan("30"));
  EXPECT_EQ(
      ingest(o.plan, st, live_reading("M-2", "2026-07-02T00:00", "5", {"1", "1", "1", "2"})).status,
      live_status::not_prepaid);
}

/// A one-tenant site whose prepaid account (balance 10, overdraft 0) has `cuts` and `keep_on`.
submeter::site::site cut_off_site(ledger::cut_policy cuts, bool keep_on) {
  site_parts p;
  p.name = "Cut-off";
  p.currency = "CNY";
  p.meters = {metering::meter::make("M-1")};
  p.tariffs = {test_support::flat_tariff()};
  tenant_account pre;
  pre.mode = ledger::account_mode::prepaid;
  pre.opening_balance = yuan("10");
  pre.levels = ledger::level_params::make(yuan("5"), yuan("2"), yuan("0"), yuan("0"));
  pre.cuts = std::move(cuts);
  pre.keep_on = keep_on;
  tenant a{"T-1", "Prepaid", "flat", {"M-1"}};
  a.account = pre;
  p.tenants = {a};
  return site::make(std::move(p));
}

ledger::cut_policy evenings_and_sundays() {
  ledger::cut_policy c;
  c.notice = std::chrono::minutes(30);
  c.windows = {ledger::no_cut_window::daily(18 * 60, 8 * 60),
               ledger::no_cut_window::iso_weekday_window(7)};
  return c;
}

// CUT-3 from the site's account terms: a trip at 21:40 on Saturday 2026-07-04 with 30 minutes'
// notice is due 22:10, in the 18:00-08:00 window, then Sunday: the cut waits to Monday 08:00.
TEST(LiveOpening, TheAccountsCutPolicyDefersACutAcrossTheWeekend) {
  const auto o = live_opening_of(cut_off_site(evenings_and_sundays(), false));
  EXPECT_EQ(o.plan.accounts()[0].cuts.notice, std::chrono::minutes(30));
  auto st = open_state(o);
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-01T00:00", "1000"));
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-04T21:40", "1015"));
  const auto& relay = st.accounts[0].state().relay;
  EXPECT_EQ(relay.position, ledger::relay_position::closed);
  ASSERT_TRUE(relay.pending_cut.has_value());
  EXPECT_EQ(*relay.pending_cut, at("2026-07-06T08:00"));
  // Sunday noon: still no cut; Monday 09:00: the cut due at 08:00 is executed first.
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-05T12:00", "1016"));
  EXPECT_EQ(st.accounts[0].state().relay.position, ledger::relay_position::closed);
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-06T09:00", "1017"));
  EXPECT_EQ(st.accounts[0].state().relay.position, ledger::relay_position::open);
}

// The clock (site::tick): the cut deferred to Monday 08:00 is executed by a tick at that time,
// without a reading; a tick before it executes nothing, a tick again at 08:00 nothing more.
TEST(LiveOpening, ATickExecutesTheDeferredCutAtItsTime) {
  const auto o = live_opening_of(cut_off_site(evenings_and_sundays(), false));
  auto st = open_state(o);
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-01T00:00", "1000"));
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-04T21:40", "1015"));
  ASSERT_EQ(*st.accounts[0].state().relay.pending_cut, at("2026-07-06T08:00"));
  auto ticks = tick(o.plan, st, at("2026-07-06T07:59"));
  ASSERT_EQ(ticks.size(), 1U);
  EXPECT_FALSE(ticks[0].cut);
  EXPECT_TRUE(ticks[0].rows.empty());
  EXPECT_EQ(st.accounts[0].state().relay.position, ledger::relay_position::closed);
  ticks = tick(o.plan, st, at("2026-07-06T08:00"));
  EXPECT_EQ(ticks[0].account, "T-1");
  EXPECT_TRUE(ticks[0].cut);
  EXPECT_EQ(st.accounts[0].state().relay.position, ledger::relay_position::open);
  const auto command =
      std::find_if(ticks[0].rows.begin(), ticks[0].rows.end(),
                   [](const ledger::outbox_row& r) { return r.command.has_value(); });
  ASSERT_NE(command, ticks[0].rows.end());
  EXPECT_EQ(*command->command, ledger::supply_command::cut);
  EXPECT_EQ(command->time, at("2026-07-06T08:00"));
  const auto entries = st.accounts[0].entries().size();
  ticks = tick(o.plan, st, at("2026-07-06T08:00"));
  EXPECT_FALSE(ticks[0].cut);
  EXPECT_TRUE(ticks[0].rows.empty());
  EXPECT_EQ(st.accounts[0].entries().size(), entries);
  // The next reading finds the relay open and the cut done: no second cut row.
  const auto next = ingest(o.plan, st, live_reading("M-1", "2026-07-06T09:00", "1017"));
  for (const auto& r : next.rows) EXPECT_FALSE(r.command.has_value());
}

// PP-4: a 保电 account opens protected; its trip is suppressed and it is never cut.
TEST(LiveOpening, AKeepOnAccountIsNeverCut) {
  const auto o = live_opening_of(cut_off_site({}, true));
  EXPECT_TRUE(o.openings[0].relay.is_protected);
  auto st = open_state(o);
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-01T00:00", "1000"));
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-02T10:00", "1100"));
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-09T10:00", "1200"));
  EXPECT_EQ(st.accounts[0].state().balance, yuan("-130"));
  EXPECT_EQ(st.accounts[0].state().relay.position, ledger::relay_position::closed);
  EXPECT_FALSE(st.accounts[0].state().relay.pending_cut.has_value());
}

// A holiday of the account's calendar, with a whole-day holiday window: a trip at 10:00 on
// Wednesday 2026-07-15 (no notice) is cut at 00:00 the next day.
TEST(LiveOpening, AHolidayDefersTheCutToTheNextDay) {
  ledger::cut_policy c;
  c.holidays = calendar::holiday_calendar::make(
      "site", {2026},
      {{date::local_days(date::year{2026} / 7 / 15), calendar::day_kind::holiday, "Founding day"}});
  calendar::day_kind_set kinds;
  kinds.insert(calendar::day_kind::holiday);
  c.windows = {ledger::no_cut_window::whole_days(kinds)};
  const auto o = live_opening_of(cut_off_site(c, false));
  auto st = open_state(o);
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-01T00:00", "1000"));
  (void)ingest(o.plan, st, live_reading("M-1", "2026-07-15T10:00", "1012"));
  ASSERT_TRUE(st.accounts[0].state().relay.pending_cut.has_value());
  EXPECT_EQ(*st.accounts[0].state().relay.pending_cut, at("2026-07-16T00:00"));
}

}  // namespace
}  // namespace submeter::site
