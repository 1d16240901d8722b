// ledger/live_deduction.hpp: the reading's key, the deduction event carrying the readings it
// covers, and post_live: a due cut executed first (CUT-3: 22:10 on a Saturday waits to Monday
// 08:00), levels and alarms, outbox rows; a replay posts nothing.
#include "submeter/ledger/live_deduction.hpp"

#include <gtest/gtest.h>

#include "submeter/ledger/account.hpp"
#include "support.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::yuan;

covered_readings covers(const char* from, const char* from_total, const char* to,
                        const char* to_total, std::string meter = "M-1") {
  return {std::move(meter), at(from), energy::parse(from_total), at(to), energy::parse(to_total)};
}

TEST(LiveDeduction, KeyAndEventCarryTheReadings) {
  EXPECT_EQ(reading_key("M-1", at("2026-07-01T10:00")), "reading/M-1/2026-07-01T10:00:00");
  const auto c = covers("2026-07-01T09:00", "100", "2026-07-01T10:00", "102.5");
  const auto e = live_deduction(c, utility::electricity, energy::parse("2.5"), yuan("1.75"),
                                at("2026-07-01T10:00"));
  EXPECT_EQ(e.kind, event_kind::deduction);
  EXPECT_EQ(e.key, "reading/M-1/2026-07-01T10:00:00");
  EXPECT_EQ(e.meter_id, "M-1");
  EXPECT_EQ(e.kwh, energy::parse("2.5"));
  EXPECT_EQ(e.amount, yuan("1.75"));
  EXPECT_EQ(e.reading, energy::parse("102.5"));
  EXPECT_EQ(e.reference, "2026-07-01T09:00:00 100.0000 .. 2026-07-01T10:00:00 102.5000");
  const auto w =
      live_deduction(covers("2026-07-01T09:00", "5", "2026-07-01T10:00", "6", "W-1"),
                     utility::water, energy::parse("1"), yuan("3.2"), at("2026-07-01T10:00"));
  EXPECT_EQ(w.what, utility::water);
  EXPECT_EQ(w.m3, volume::parse("1"));
  EXPECT_TRUE(w.kwh.is_zero());
}

TEST(LiveDeduction, RefusesANonPositiveAmount) {
  const auto c = covers("2026-07-01T09:00", "100", "2026-07-01T10:00", "100");
  EXPECT_THROW(
      (void)live_deduction(c, utility::electricity, energy{}, money{}, at("2026-07-01T10:00")),
      error);
  EXPECT_THROW((void)live_deduction(c, utility::electricity, energy::parse("-1"), yuan("1"),
                                    at("2026-07-01T10:00")),
               error);
}

/// A prepaid account with 30 minutes' notice, no cut 18:00-08:00 daily and all Sunday (CUT-2).
account_params friendly_params() {
  cut_policy cuts;
  cuts.notice = std::chrono::minutes{30};
  cuts.windows.push_back(no_cut_window::daily(18 * 60, 8 * 60));
  cuts.windows.push_back(no_cut_window::whole_days({calendar::day_kind::sunday}));
  return account_params::make("A-1", account_mode::prepaid, {{"M-1", utility::electricity}},
                              level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("10")), {},
                              counter_policy::strict_next, cuts);
}

TEST(LiveDeduction, ACutDueSaturdayNightWaitsToMondayMorning) {
  account acc = account::open(friendly_params());
  auto r =
      post_live(acc, recharge(at("2026-07-04T09:00"), "M-1", 1, yuan("30"), channel::cash, "p1"));
  ASSERT_EQ(r.posted.status, posting_status::ok);
  // Saturday 21:40: 30 − 12 = 18 ≤ alarm2: a trip, due 22:10, in the 18:00-08:00 window; Sunday
  // is no-cut all day; so Monday 08:00.
  const auto d1 =
      live_deduction(covers("2026-07-04T09:00", "0", "2026-07-04T21:40", "12"),
                     utility::electricity, energy::parse("12"), yuan("12"), at("2026-07-04T21:40"));
  r = post_live(acc, d1);
  ASSERT_EQ(r.posted.status, posting_status::ok);
  EXPECT_FALSE(r.due_cut);
  EXPECT_EQ(acc.state().relay.pending_cut, at("2026-07-06T08:00"));
  ASSERT_EQ(r.rows.size(), 3U);
  EXPECT_EQ(r.rows[0].about, notice::alarm2);
  EXPECT_EQ(r.rows[1].about, notice::cut_notice);
  EXPECT_EQ(r.rows[1].detail, "2026-07-06T08:00:00");
  EXPECT_EQ(r.rows[2].about, notice::cut_deferred);
  EXPECT_EQ(r.rows[2].detail, "2026-07-04T22:10:00");
  // Sunday noon: still pending, no cut.
  const auto d2 =
      live_deduction(covers("2026-07-04T21:40", "12", "2026-07-05T12:00", "13"),
                     utility::electricity, energy::parse("1"), yuan("1"), at("2026-07-05T12:00"));
  r = post_live(acc, d2);
  EXPECT_FALSE(r.due_cut);
  EXPECT_TRUE(r.rows.empty());
  EXPECT_EQ(acc.state().relay.position, relay_position::closed);
  // Monday 08:15: the cut is executed first, then the deduction.
  const auto d3 =
      live_deduction(covers("2026-07-05T12:00", "13", "2026-07-06T08:15", "14"),
                     utility::electricity, energy::parse("1"), yuan("1"), at("2026-07-06T08:15"));
  r = post_live(acc, d3);
  ASSERT_TRUE(r.due_cut);
  EXPECT_EQ(r.posted.status, posting_status::ok);
  EXPECT_EQ(acc.state().relay.position, relay_position::open);
  ASSERT_EQ(r.rows.size(), 2U);
  EXPECT_EQ(r.rows[0].command, supply_command::cut);
  EXPECT_EQ(r.rows[0].meter, "M-1");
  EXPECT_EQ(r.rows[1].about, notice::cut);
  EXPECT_EQ(acc.state().balance, yuan("16"));
  // The same reading again: a duplicate, no rows, nothing changes.
  const auto state = acc.state();
  r = post_live(acc, d3);
  EXPECT_EQ(r.posted.status, posting_status::duplicate);
  EXPECT_TRUE(r.rows.empty());
  EXPECT_EQ(acc.state().balance, state.balance);
  EXPECT_EQ(acc.state().last_seq, state.last_seq);
  // A recharge lifts the level: the restorable trip closes at once.
  r = post_live(acc, recharge(at("2026-07-06T09:00"), "M-1", 2, yuan("100"), channel::cash, "p2"));
  ASSERT_EQ(r.rows.size(), 3U);
  EXPECT_EQ(r.rows[0].about, notice::recharge_received);
  EXPECT_EQ(r.rows[1].command, supply_command::restore);
  EXPECT_EQ(r.rows[2].about, notice::restore);
}

TEST(LiveDeduction, ARechargeBeforeTheCutCancelsIt) {
  account acc = account::open(friendly_params());
  (void)post_live(acc, recharge(at("2026-07-04T09:00"), "M-1", 1, yuan("30"), channel::cash, "p1"));
  (void)post_live(acc, live_deduction(covers("2026-07-04T09:00", "0", "2026-07-04T21:40", "12"),
                                      utility::electricity, energy::parse("12"), yuan("12"),
                                      at("2026-07-04T21:40")));
  const auto r =
      post_live(acc, recharge(at("2026-07-05T10:00"), "M-1", 2, yuan("50"), channel::cash, "p2"));
  ASSERT_EQ(r.rows.size(), 2U);
  EXPECT_EQ(r.rows[0].about, notice::recharge_received);
  EXPECT_EQ(r.rows[1].about, notice::pending_cut_cancelled);
  EXPECT_FALSE(acc.state().relay.pending_cut);
}

TEST(LiveDeduction, ProtectedAccountIsNotCut) {
  account acc = account::open(friendly_params());
  (void)post_live(acc, recharge(at("2026-07-06T09:00"), "M-1", 1, yuan("30"), channel::cash, "p1"));
  (void)post_live(acc, remote(at("2026-07-06T09:01"), remote_command::protect, "cmd-1"));
  const auto r =
      post_live(acc, live_deduction(covers("2026-07-06T09:00", "0", "2026-07-06T10:00", "40"),
                                    utility::electricity, energy::parse("40"), yuan("40"),
                                    at("2026-07-06T10:00")));
  ASSERT_EQ(r.posted.status, posting_status::ok);
  EXPECT_EQ(acc.state().relay.position, relay_position::closed);
  ASSERT_EQ(r.rows.size(), 2U);
  EXPECT_EQ(r.rows[0].about, notice::exhausted);  // overdraft limit 0 (PP-2)
  EXPECT_EQ(r.rows[1].about, notice::trip_suppressed);
}

TEST(LiveDeduction, PostLiveOnAStateAndHistory) {
  // The same step on (params, state, history), as a store would call it.
  account acc = account::open(friendly_params());
  (void)acc.post(recharge(at("2026-07-06T09:00"), "M-1", 1, yuan("30"), channel::cash, "p1"));
  struct no_history final : history {
    std::optional<entry> by_key(const std::string&) const override { return std::nullopt; }
    std::optional<entry> by_seq(std::uint64_t) const override { return std::nullopt; }
    std::optional<std::uint64_t> reversal_of(std::uint64_t) const override { return std::nullopt; }
  } h;
  account_state s = acc.state();
  const auto r = post_live(
      acc.params(), s, h,
      live_deduction(covers("2026-07-06T09:00", "0", "2026-07-06T10:00", "5"), utility::electricity,
                     energy::parse("5"), yuan("5"), at("2026-07-06T10:00")));
  EXPECT_EQ(r.posted.status, posting_status::ok);
  EXPECT_EQ(s.balance, yuan("25"));
  EXPECT_EQ(s.last_seq, 2U);
  EXPECT_EQ(s.meter("M-1")->last_reading, energy::parse("5"));
}

}  // namespace
}  // namespace submeter::ledger
