#pragma once
/// \file
/// The relay state machine (rules.md §11 PP-3, PP-4) and the cut decision (§12 CUT-3): the relay's
/// state, what it should do now, and its transitions. The balance levels are level.hpp's, the
/// no-cut windows and notice cut_policy.hpp's (both included here).
///
/// Pure values and functions: a transition takes the relay's state and returns the next one with
/// its notices, or a refusal. `post` (post.hpp) drives them as an account's balance changes and as
/// relay events (local restore, remote commands, ticks, close) arrive.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/cut_policy.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/level.hpp"

namespace submeter::ledger {

/// The relay's position.
enum class relay_position : std::uint8_t { closed, open };
/// What keeps an open relay open (PP-3, PP-4).
enum class relay_lock : std::uint8_t {
  none,        ///< not locked
  restorable,  ///< the local button or any accepted recharge closes
  locked,      ///< only a recharge leaving B > CloseLimit closes
  remote,      ///< only 允许合闸 / 直接合闸 clears
};

/// "closed" or "open".
[[nodiscard]] constexpr std::string_view to_string(relay_position p) noexcept {
  return p == relay_position::closed ? "closed" : "open";
}
/// "none", "restorable", "locked", "remote".
[[nodiscard]] constexpr std::string_view to_string(relay_lock l) noexcept {
  switch (l) {
    case relay_lock::none:
      return "none";
    case relay_lock::restorable:
      return "restorable";
    case relay_lock::locked:
      return "locked";
    case relay_lock::remote:
      return "remote";
  }
  return "unknown";
}

/// The relay state of an account's meters.
struct relay_state {
  relay_position position = relay_position::closed;
  relay_lock lock = relay_lock::none;
  /// 保电 (PP-4): trips are refused and automatic trips suppressed.
  bool is_protected = false;
  /// A scheduled cut (CUT-3), and the lock it will set.
  std::optional<local_time> pending_cut;
  relay_lock pending_lock = relay_lock::none;

  friend bool operator==(const relay_state& a, const relay_state& b) noexcept {
    return a.position == b.position && a.lock == b.lock && a.is_protected == b.is_protected &&
           a.pending_cut == b.pending_cut && a.pending_lock == b.pending_lock;
  }
};

/// What the relay should do now, with the reasons (CUT-3): a cut happens only if the state
/// machine has tripped ∧ ¬保电 ∧ outside every no-cut window ∧ the notice period has passed.
struct relay_decision {
  /// True: open the relay (trip / close the valve) now.
  bool cut = false;
  /// True: the relay should be closed now (allowed and not locked).
  bool closed = true;
  /// Why, in order, e.g. "level exhausted", "protected (保电)", "in a no-cut window until …".
  std::vector<std::string> reasons;
};

/// The decision for `state` at `now` (the level is the account's current level).
[[nodiscard]] inline relay_decision decide(const relay_state& state, level current,
                                           const cut_policy& policy, local_time now) {
  relay_decision d;
  d.closed = state.position == relay_position::closed;
  d.reasons.push_back("level " + std::string(to_string(current)));
  if (state.position == relay_position::open) {
    d.reasons.push_back("relay open, lock " + std::string(to_string(state.lock)));
    return d;
  }
  if (!state.pending_cut) {
    d.reasons.push_back(trips(current) ? "no trip pending" : "level does not trip");
    return d;
  }
  d.reasons.push_back("trip requested");
  if (state.is_protected) {
    d.reasons.push_back("protected (保电)");
    return d;
  }
  if (now < *state.pending_cut) {
    d.reasons.push_back("notice until " + local_interval::format(*state.pending_cut));
    return d;
  }
  if (auto end = in_no_cut_window(policy, now)) {
    d.reasons.push_back("in a no-cut window until " + local_interval::format(*end));
    return d;
  }
  d.reasons.push_back("notice elapsed, outside every no-cut window");
  d.cut = true;
  d.closed = false;
  return d;
}

/// What a relay transition tells the operator (a posting carries it as a notification named by
/// to_string).
enum class relay_notice_kind : std::uint8_t {
  cut_notice,             ///< a cut is scheduled (CUT-3)
  cut_deferred,           ///< a no-cut window moved the cut later (CUT-3)
  cut_executed,           ///< a pending cut was carried out: the relay opened
  pending_cut_cancelled,  ///< a pending cut will not happen (a recharge, 保电)
  trip_suppressed,        ///< a trip was not requested: the account is 保电 (PP-4)
};

/// "cut_notice", "cut_deferred", "cut_executed", "pending_cut_cancelled", "trip_suppressed".
[[nodiscard]] constexpr std::string_view to_string(relay_notice_kind k) noexcept {
  switch (k) {
    case relay_notice_kind::cut_notice:
      return "cut_notice";
    case relay_notice_kind::cut_deferred:
      return "cut_deferred";
    case relay_notice_kind::cut_executed:
      return "cut_executed";
    case relay_notice_kind::pending_cut_cancelled:
      return "pending_cut_cancelled";
    case relay_notice_kind::trip_suppressed:
      return "trip_suppressed";
  }
  return "unknown";
}

/// One notice of a relay transition.
struct relay_notice {
  relay_notice_kind kind = relay_notice_kind::cut_notice;
  /// cut_notice: the cut time; cut_deferred: the time the cut was due before a no-cut window
  /// moved it; trip_suppressed: the reason ("protected"); empty otherwise.
  std::string detail;
};

/// Why the relay refuses a command (the state does not change).
enum class relay_refusal : std::uint8_t {
  none,              ///< not refused
  locked,            ///< local restore while locked: only a recharge above the close limit (PP-3)
  remote,            ///< local restore after a remote trip: only 允许合闸 / 直接合闸 (PP-4)
  under_protection,  ///< a trip command while 保电 (PP-4)
};

/// The outcome of one transition of the relay state machine: the next state and its notices, in
/// order, or a refusal (then `state` is the state given and there is no notice).
struct relay_transition {
  relay_state state;
  std::vector<relay_notice> notices;
  relay_refusal refused = relay_refusal::none;
};

namespace detail {
[[nodiscard]] constexpr relay_lock stronger(relay_lock a, relay_lock b) noexcept {
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}
}  // namespace detail

/// A trip request for a level entered (PP-3: alarm2 and overdraft trip restorable, exhausted trips
/// locked), or re-issued after 解除保电 (PP-4). While 保电 the trip is suppressed (notice
/// trip_suppressed). An open relay keeps a remote lock and otherwise takes the stronger lock; a
/// cut already pending keeps its time and takes the stronger lock. Otherwise the cut is due at
/// now + notice, moved to the first minute outside every no-cut window (CUT-3): immediate when
/// that is now (no notice, no window), else scheduled (cut_notice with its time, and cut_deferred
/// with the time it was due when a window moved it). Throws what first_cut_time throws.
[[nodiscard]] inline relay_transition request_trip(relay_state r, level entered,
                                                   const cut_policy& cuts, local_time now) {
  relay_transition t;
  const relay_lock kind = entered == level::exhausted ? relay_lock::locked : relay_lock::restorable;
  if (r.is_protected) {
    t.notices.push_back({relay_notice_kind::trip_suppressed, "protected"});
  } else if (r.position == relay_position::open) {
    if (r.lock != relay_lock::remote) r.lock = detail::stronger(r.lock, kind);
  } else if (r.pending_cut) {
    r.pending_lock = detail::stronger(r.pending_lock, kind);
  } else {
    const local_time due = now + cuts.notice;
    const local_time at = first_cut_time(cuts, due);
    if (at <= now) {
      r.position = relay_position::open;
      r.lock = kind;
    } else {
      r.pending_cut = at;
      r.pending_lock = kind;
      t.notices.push_back({relay_notice_kind::cut_notice, local_interval::format(at)});
      if (at != due) {
        t.notices.push_back({relay_notice_kind::cut_deferred, local_interval::format(due)});
      }
    }
  }
  t.state = std::move(r);
  return t;
}

/// After a recharge (PP-3): an open relay closes when its lock is restorable, or locked and the
/// available balance is now above the close limit (合闸允许金额); a remote lock stays. A pending
/// cut is cancelled (pending_cut_cancelled) when the level `after` the recharge no longer trips.
[[nodiscard]] inline relay_transition restore_on_recharge(relay_state r, level after,
                                                          money available,
                                                          const level_params& levels) {
  relay_transition t;
  if (r.position == relay_position::open &&
      (r.lock == relay_lock::restorable ||
       (r.lock == relay_lock::locked && available > levels.close_limit))) {
    r.position = relay_position::closed;
    r.lock = relay_lock::none;
  }
  if (r.pending_cut && !trips(after)) {
    r.pending_cut.reset();
    r.pending_lock = relay_lock::none;
    t.notices.push_back({relay_notice_kind::pending_cut_cancelled, {}});
  }
  t.state = std::move(r);
  return t;
}

/// The user presses the meter's button (PP-3): an open relay closes unless it is locked (refused:
/// locked) or was opened remotely (refused: remote, PP-4); a closed relay stays closed.
[[nodiscard]] inline relay_transition restore_locally(relay_state r) {
  relay_transition t;
  if (r.position == relay_position::open) {
    if (r.lock == relay_lock::locked || r.lock == relay_lock::remote) {
      t.refused = r.lock == relay_lock::locked ? relay_refusal::locked : relay_refusal::remote;
      t.state = std::move(r);
      return t;
    }
    r.position = relay_position::closed;
    r.lock = relay_lock::none;
  }
  t.state = std::move(r);
  return t;
}

/// A remote relay command (PP-4, Relay_Local.c). 拉闸 (trip) opens with a remote lock and drops a
/// pending cut; refused while 保电. 允许合闸 (allow_close) makes an open relay restorable. 直接合闸
/// (close_now) closes and drops a pending cut. 保电 (protect) is "force close" (Acrel): it closes
/// the relay and cancels a pending cut (pending_cut_cancelled). 解除保电 (unprotect) lifts the
/// protection and, with the relay closed, re-issues the trip that `current` calls for
/// (request_trip); `current` is the account's level when levels drive the relay (prepaid),
/// nullopt when they do not (postpaid).
[[nodiscard]] inline relay_transition execute_command(relay_state r, remote_command command,
                                                      std::optional<level> current,
                                                      const cut_policy& cuts, local_time now) {
  relay_transition t;
  switch (command) {
    case remote_command::trip:
      if (r.is_protected) {
        t.refused = relay_refusal::under_protection;
        break;
      }
      r.position = relay_position::open;
      r.lock = relay_lock::remote;
      r.pending_cut.reset();
      r.pending_lock = relay_lock::none;
      break;
    case remote_command::allow_close:
      if (r.position == relay_position::open) r.lock = relay_lock::restorable;
      break;
    case remote_command::close_now:
      r.position = relay_position::closed;
      r.lock = relay_lock::none;
      r.pending_cut.reset();
      r.pending_lock = relay_lock::none;
      break;
    case remote_command::protect:
      r.is_protected = true;
      r.position = relay_position::closed;
      r.lock = relay_lock::none;
      if (r.pending_cut) t.notices.push_back({relay_notice_kind::pending_cut_cancelled, {}});
      r.pending_cut.reset();
      r.pending_lock = relay_lock::none;
      break;
    case remote_command::unprotect:
      r.is_protected = false;
      if (current && trips(*current) && r.position == relay_position::closed) {
        return request_trip(std::move(r), *current, cuts, now);
      }
      break;
  }
  t.state = std::move(r);
  return t;
}

/// Time passes (CUT-3): when `decide` says cut, the relay opens with the lock the pending cut
/// carries (cut_executed); nullopt when no cut is due (nothing happens).
[[nodiscard]] inline std::optional<relay_transition> execute_due_cut(relay_state r, level current,
                                                                     const cut_policy& cuts,
                                                                     local_time now) {
  if (!decide(r, current, cuts, now).cut) return std::nullopt;
  relay_transition t;
  r.position = relay_position::open;
  r.lock = r.pending_lock;
  r.pending_cut.reset();
  r.pending_lock = relay_lock::none;
  t.notices.push_back({relay_notice_kind::cut_executed, {}});
  t.state = std::move(r);
  return t;
}

/// 销户 (LIFE-2): closing the account opens the relay (trips / closes the valve) for good: a
/// remote lock, 保电 lifted, no cut pending.
[[nodiscard]] inline relay_state disconnect_on_close(relay_state r) noexcept {
  r.position = relay_position::open;
  r.lock = relay_lock::remote;
  r.is_protected = false;
  r.pending_cut.reset();
  r.pending_lock = relay_lock::none;
  return r;
}

}  // namespace submeter::ledger
