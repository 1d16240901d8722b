// Tests of include/submeter/ledger/relay.hpp: the cut decision with its reasons (CUT-3) and the
// relay's transitions (PP-3, PP-4, CUT-3, LIFE-2).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "submeter/ledger/relay.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::uppcl_like;
using test::yuan;

TEST(decide, a_cut_needs_a_trip_no_protection_no_window_and_the_notice_elapsed) {
  const auto c = uppcl_like();
  relay_state s;
  auto d = decide(s, level::exhausted, c, at("2025-03-14T12:00"));
  EXPECT_FALSE(d.cut);
  EXPECT_EQ(d.reasons.back(), "no trip pending");
  s.pending_cut = at("2025-03-14T12:30");
  s.pending_lock = relay_lock::locked;
  d = decide(s, level::exhausted, c, at("2025-03-14T12:10"));
  EXPECT_FALSE(d.cut);
  EXPECT_EQ(d.reasons.back(), "notice until 2025-03-14T12:30:00");
  d = decide(s, level::exhausted, c, at("2025-03-14T19:00"));
  EXPECT_FALSE(d.cut);
  EXPECT_EQ(d.reasons.back(), "in a no-cut window until 2025-03-15T08:00:00");
  s.is_protected = true;
  d = decide(s, level::exhausted, c, at("2025-03-14T12:30"));
  EXPECT_FALSE(d.cut);
  EXPECT_EQ(d.reasons.back(), "protected (保电)");
  s.is_protected = false;
  d = decide(s, level::exhausted, c, at("2025-03-14T12:30"));
  EXPECT_TRUE(d.cut);
  EXPECT_FALSE(d.closed);
  EXPECT_EQ(d.reasons.front(), "level exhausted");
}

TEST(request_trip, immediate_scheduled_deferred_suppressed_and_stronger_locks) {
  const cut_policy none;  // no notice, no window: the trip is immediate
  const relay_state closed;
  auto t = request_trip(closed, level::alarm2, none, at("2025-03-14T12:00"));
  EXPECT_EQ(t.state.position, relay_position::open);
  EXPECT_EQ(t.state.lock, relay_lock::restorable);
  EXPECT_TRUE(t.notices.empty());
  // An open relay takes the stronger lock; a remote lock stays.
  t = request_trip(t.state, level::exhausted, none, at("2025-03-14T12:01"));
  EXPECT_EQ(t.state.lock, relay_lock::locked);
  relay_state remote_open;
  remote_open.position = relay_position::open;
  remote_open.lock = relay_lock::remote;
  EXPECT_EQ(request_trip(remote_open, level::exhausted, none, at("2025-03-14T12:02")).state,
            remote_open);
  // With notice and windows: a Saturday-night trip is due at 22:10 and moves to Monday 08:00.
  const auto c = uppcl_like();
  t = request_trip(closed, level::overdraft, c, at("2025-03-15T21:40"));
  EXPECT_EQ(t.state.position, relay_position::closed);
  EXPECT_EQ(t.state.pending_cut, at("2025-03-17T08:00"));
  EXPECT_EQ(t.state.pending_lock, relay_lock::restorable);
  ASSERT_EQ(t.notices.size(), 2u);
  EXPECT_EQ(t.notices[0].kind, relay_notice_kind::cut_notice);
  EXPECT_EQ(t.notices[0].detail, "2025-03-17T08:00:00");
  EXPECT_EQ(t.notices[1].kind, relay_notice_kind::cut_deferred);
  EXPECT_EQ(t.notices[1].detail, "2025-03-15T22:10:00");
  // A pending cut keeps its time and takes the stronger lock.
  const auto again = request_trip(t.state, level::exhausted, c, at("2025-03-16T10:00"));
  EXPECT_EQ(again.state.pending_cut, t.state.pending_cut);
  EXPECT_EQ(again.state.pending_lock, relay_lock::locked);
  EXPECT_TRUE(again.notices.empty());
  // 保电 suppresses the trip.
  relay_state shielded;
  shielded.is_protected = true;
  const auto s = request_trip(shielded, level::exhausted, none, at("2025-03-14T12:00"));
  EXPECT_EQ(s.state, shielded);
  ASSERT_EQ(s.notices.size(), 1u);
  EXPECT_EQ(to_string(s.notices[0].kind), "trip_suppressed");
  EXPECT_EQ(s.notices[0].detail, "protected");
}

TEST(restore_on_recharge, closes_restorable_and_locked_above_the_close_limit_and_cancels_a_cut) {
  const auto lv = level_params::make(yuan("50"), yuan("20"), yuan("30"), yuan("10"));
  relay_state locked;
  locked.position = relay_position::open;
  locked.lock = relay_lock::locked;
  EXPECT_EQ(restore_on_recharge(locked, level::alarm2, yuan("10"), lv).state, locked);
  const auto t = restore_on_recharge(locked, level::alarm2, yuan("10.01"), lv);
  EXPECT_EQ(t.state.position, relay_position::closed);
  EXPECT_EQ(t.state.lock, relay_lock::none);
  EXPECT_TRUE(t.notices.empty());
  relay_state restorable = locked;
  restorable.lock = relay_lock::restorable;
  EXPECT_EQ(restore_on_recharge(restorable, level::overdraft, yuan("-5"), lv).state.position,
            relay_position::closed);
  relay_state remote = locked;
  remote.lock = relay_lock::remote;
  EXPECT_EQ(restore_on_recharge(remote, level::normal, yuan("500"), lv).state, remote);
  // A pending cut stays while the level still trips, and goes when it no longer does.
  relay_state pending;
  pending.pending_cut = at("2025-03-14T12:30");
  pending.pending_lock = relay_lock::restorable;
  EXPECT_EQ(restore_on_recharge(pending, level::alarm2, yuan("5"), lv).state, pending);
  const auto c = restore_on_recharge(pending, level::alarm1, yuan("30"), lv);
  EXPECT_FALSE(c.state.pending_cut.has_value());
  EXPECT_EQ(c.state.pending_lock, relay_lock::none);
  ASSERT_EQ(c.notices.size(), 1u);
  EXPECT_EQ(c.notices[0].kind, relay_notice_kind::pending_cut_cancelled);
}

TEST(restore_locally, closes_an_open_relay_unless_locked_or_opened_remotely) {
  relay_state r;
  r.position = relay_position::open;
  r.lock = relay_lock::restorable;
  const auto t = restore_locally(r);
  EXPECT_EQ(t.refused, relay_refusal::none);
  EXPECT_EQ(t.state.position, relay_position::closed);
  EXPECT_EQ(t.state.lock, relay_lock::none);
  r.lock = relay_lock::locked;
  EXPECT_EQ(restore_locally(r).refused, relay_refusal::locked);
  EXPECT_EQ(restore_locally(r).state, r);
  r.lock = relay_lock::remote;
  EXPECT_EQ(restore_locally(r).refused, relay_refusal::remote);
  EXPECT_EQ(restore_locally(relay_state{}).state, relay_state{});
}

TEST(execute_command, trip_allow_close_close_now_protect_and_unprotect) {
  const cut_policy none;
  const auto now = at("2025-03-14T12:00");
  relay_state pending;
  pending.pending_cut = at("2025-03-14T12:30");
  pending.pending_lock = relay_lock::restorable;
  auto t = execute_command(pending, remote_command::trip, std::nullopt, none, now);
  EXPECT_EQ(t.state.position, relay_position::open);
  EXPECT_EQ(t.state.lock, relay_lock::remote);
  EXPECT_FALSE(t.state.pending_cut.has_value());
  t = execute_command(t.state, remote_command::allow_close, std::nullopt, none, now);
  EXPECT_EQ(t.state.position, relay_position::open);
  EXPECT_EQ(t.state.lock, relay_lock::restorable);
  t = execute_command(t.state, remote_command::close_now, std::nullopt, none, now);
  EXPECT_EQ(t.state.position, relay_position::closed);
  EXPECT_EQ(t.state.lock, relay_lock::none);
  // 保电 closes and cancels a pending cut; a trip is then refused.
  t = execute_command(pending, remote_command::protect, std::nullopt, none, now);
  EXPECT_TRUE(t.state.is_protected);
  EXPECT_FALSE(t.state.pending_cut.has_value());
  ASSERT_EQ(t.notices.size(), 1u);
  EXPECT_EQ(t.notices[0].kind, relay_notice_kind::pending_cut_cancelled);
  const auto refused = execute_command(t.state, remote_command::trip, std::nullopt, none, now);
  EXPECT_EQ(refused.refused, relay_refusal::under_protection);
  EXPECT_EQ(refused.state, t.state);
  // 解除保电 re-issues the trip the level calls for, and none where levels do not drive the relay.
  const auto lifted =
      execute_command(t.state, remote_command::unprotect, level::exhausted, none, now);
  EXPECT_FALSE(lifted.state.is_protected);
  EXPECT_EQ(lifted.state.position, relay_position::open);
  EXPECT_EQ(lifted.state.lock, relay_lock::locked);
  const auto postpaid =
      execute_command(t.state, remote_command::unprotect, std::nullopt, none, now);
  EXPECT_FALSE(postpaid.state.is_protected);
  EXPECT_EQ(postpaid.state.position, relay_position::closed);
  EXPECT_EQ(
      execute_command(t.state, remote_command::unprotect, level::alarm1, none, now).state.position,
      relay_position::closed);
}

TEST(execute_due_cut, opens_with_the_pending_lock_once_the_cut_is_due) {
  const auto c = uppcl_like();
  relay_state r;
  r.pending_cut = at("2025-03-14T12:30");
  r.pending_lock = relay_lock::locked;
  EXPECT_FALSE(execute_due_cut(r, level::exhausted, c, at("2025-03-14T12:10")).has_value());
  const auto t = execute_due_cut(r, level::exhausted, c, at("2025-03-14T12:30"));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->state.position, relay_position::open);
  EXPECT_EQ(t->state.lock, relay_lock::locked);
  EXPECT_FALSE(t->state.pending_cut.has_value());
  EXPECT_EQ(t->state.pending_lock, relay_lock::none);
  ASSERT_EQ(t->notices.size(), 1u);
  EXPECT_EQ(to_string(t->notices[0].kind), "cut_executed");
}

TEST(disconnect_on_close, opens_for_good_with_a_remote_lock_and_no_protection) {
  relay_state r;
  r.is_protected = true;
  r.pending_cut = at("2025-03-14T12:30");
  r.pending_lock = relay_lock::locked;
  const auto d = disconnect_on_close(r);
  EXPECT_EQ(d.position, relay_position::open);
  EXPECT_EQ(d.lock, relay_lock::remote);
  EXPECT_FALSE(d.is_protected);
  EXPECT_FALSE(d.pending_cut.has_value());
  EXPECT_EQ(d.pending_lock, relay_lock::none);
}

}  // namespace
}  // namespace submeter::ledger
