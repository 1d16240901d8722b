#pragma once
/// \file
/// ledger::post: one step of an account's fold (rules.md §11 PP-2…PP-9, §12 CUT-3, §15 LIFE-1,
/// LIFE-2).
///
/// `post(params, state, history, event)` is pure, deterministic, and all or nothing (the state
/// changes only when the posting is accepted). It checks what holds for every kind (a replay, a
/// closed account, an event before the last), hands the event to the function of its kind
/// (`detail::apply_<kind>`, which works on a copy of the state and may refuse), then runs what
/// follows every balance change (levels, alarms, relay) and writes the entry. The relay's own
/// transitions are relay.hpp's; the apply functions call them. Whether an event is accepted is a
/// value (`posting_status`), never an exception; a malformed event (a negative recharge) throws
/// submeter::error from ledger::validate.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/history.hpp"
#include "submeter/ledger/posting.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/ledger/state.hpp"

namespace submeter::ledger {

namespace detail {

/// What the function of one event kind did to the draft of the next state (a copy of the state that
/// post keeps only when the event is accepted), before post's common after-effects: a refusal
/// (status and message; nothing else counts and the draft is dropped), or the new entry's figures
/// and the notifications raised so far.
struct step {
  posting_status status = posting_status::ok;
  /// A sentence explaining a refusal, naming the values.
  std::string message;
  /// The entry's figures (see entry): receivables created (+) or settled (−), the part of a
  /// recharge that paid receivables, the change of cumulative_purchased.
  money arrears_delta;
  money arrears_paid;
  money purchased_delta;
  /// reversal: the amount of the entry reversed (the committed reversal carries it).
  std::optional<money> reversed_amount;
  std::vector<notification> notifications;
  /// The balance moved: levels, alarms and the relay follow (after_balance_change).
  bool balance_moved = false;
  /// A recharge: it may also restore the relay (PP-3).
  bool is_recharge = false;
  /// False when nothing happened (a tick with no cut due): no entry, the state unchanged.
  bool recorded = true;
};

[[nodiscard]] inline step refused(posting_status s, std::string message) {
  step st;
  st.status = s;
  st.message = std::move(message);
  return st;
}

[[nodiscard]] inline posting refuse(posting_status s, std::string message) {
  posting p;
  p.status = s;
  p.message = std::move(message);
  return p;
}

/// The relay's notices as the posting's notifications, in order.
inline void notify(std::vector<notification>& out, const std::vector<relay_notice>& notices) {
  for (const auto& n : notices) out.push_back({std::string(to_string(n.kind)), n.detail});
}

[[nodiscard]] inline bool same_request(const event& a, const event& b) noexcept {
  // A committed reversal carries the amount it reversed; the request names only the target.
  if (a.kind == event_kind::reversal) return b.kind == a.kind && a.target == b.target;
  return a.kind == b.kind && a.amount == b.amount && a.meter_id == b.meter_id &&
         a.counter == b.counter && a.target == b.target && a.kwh == b.kwh && a.m3 == b.m3 &&
         a.reference == b.reference && a.command == b.command;
}

/// Takes up to `amount` off the receivable created by entry `seq` (removing it when nothing is
/// left outstanding) and returns the part of `amount` it did not absorb.
template <class Receivables>
[[nodiscard]] money cut_receivable(Receivables& receivables, std::uint64_t seq, money amount) {
  for (auto it = receivables.begin(); it != receivables.end(); ++it) {
    if (it->seq == seq) {
      const money cut = std::min(it->outstanding, amount);
      it->outstanding -= cut;
      amount -= cut;
      if (it->outstanding.is_zero()) receivables.erase(it);
      break;
    }
  }
  return amount;
}

/// Pays receivables oldest first with up to `amount` (PP-9); returns what was paid.
inline money pay_receivables(account_state& s, money amount) {
  money paid;
  auto it = s.receivables.begin();
  while (it != s.receivables.end() && paid < amount) {
    const money take = std::min(it->outstanding, amount - paid);
    it->outstanding -= take;
    paid += take;
    if (it->outstanding.is_zero()) {
      it = s.receivables.erase(it);
    } else {
      ++it;
    }
  }
  return paid;
}

inline meter_state* find_meter(account_state& s, const std::string& id) noexcept {
  for (auto& m : s.meters) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

/// PP-6: a replay of an applied event is a duplicate whatever the state now (the original entry
/// comes back); the same key with other content is a conflict. nullopt: a new key, or none.
[[nodiscard]] inline std::optional<posting> replay_of(const history& h, const event& e) {
  if (e.key.empty()) return std::nullopt;
  auto original = h.by_key(e.key);
  if (!original) return std::nullopt;
  if (same_request(original->what, e)) {
    posting dup;
    dup.status = posting_status::duplicate;
    dup.committed = std::move(original);
    return dup;
  }
  return refuse(posting_status::rejected_key_conflict,
                "the key " + e.key + " was posted before with other content (amount " +
                    original->what.amount.to_string(2) + ")");
}

/// LIFE-2: nothing is posted to a closed account; NUM-3: an event never goes back before the
/// account's last event. nullopt: the event may be applied.
[[nodiscard]] inline std::optional<posting> out_of_place(const account_params& p,
                                                         const account_state& s, const event& e) {
  if (s.closed) {
    return refuse(posting_status::rejected_closed, "account " + p.id + " is closed");
  }
  if (s.last_time && e.time < *s.last_time) {
    return refuse(posting_status::rejected_out_of_order,
                  "event at " + local_interval::format(e.time) + " is before the last event at " +
                      local_interval::format(*s.last_time));
  }
  return std::nullopt;
}

/// A recharge (PP-6, PP-9, PP-1): the meter's purchase counter must be above its last (and, under
/// counter_policy::strict_next, the next one); the amount pays receivables first, oldest first,
/// and the rest goes to the balance, which must stay within the hoarding limit.
[[nodiscard]] inline step apply_recharge(const account_params& p, account_state& next,
                                         const event& e) {
  auto* m = find_meter(next, e.meter_id);
  if (m == nullptr) {
    return refused(posting_status::rejected_unknown_meter,
                   "account " + p.id + " has no meter " + e.meter_id);
  }
  if (e.counter <= m->last_counter) {
    return refused(posting_status::rejected_stale_counter,
                   "purchase counter " + std::to_string(e.counter) + " is not above the last, " +
                       std::to_string(m->last_counter) + ", of meter " + m->id);
  }
  if (p.counters == counter_policy::strict_next && e.counter != m->last_counter + 1) {
    return refused(posting_status::rejected_counter_gap,
                   "purchase counter " + std::to_string(e.counter) + " skips; expected " +
                       std::to_string(m->last_counter + 1) + " on meter " + m->id);
  }
  const money to_arrears = std::min(e.amount, next.arrears());
  const money new_balance = next.balance + (e.amount - to_arrears);
  if (p.levels.hoarding_limit && new_balance > *p.levels.hoarding_limit) {
    return refused(posting_status::rejected_hoarding_limit,
                   "the balance would be " + new_balance.to_string(2) +
                       ", above the hoarding limit " + p.levels.hoarding_limit->to_string(2));
  }
  m->last_counter = e.counter;
  const money paid = pay_receivables(next, to_arrears);
  next.balance = new_balance;
  next.cumulative_purchased += e.amount;
  step st;
  st.arrears_paid = paid;
  st.arrears_delta = -paid;
  st.purchased_delta = e.amount;
  st.balance_moved = true;
  st.is_recharge = true;
  return st;
}

/// A deduction (PP-5): consumption on a meter of the right utility, whose register reading never
/// goes backwards (the reading also ends what replaced meters carried, LIFE-1) and whose tier
/// quantities accumulate; or a fee (no meter). Prepaid: out of the balance. Postpaid: a bill uses
/// any credit first and the rest becomes a receivable.
[[nodiscard]] inline step apply_deduction(const account_params& p, account_state& next,
                                          const event& e) {
  if (!e.meter_id.empty()) {
    auto* m = find_meter(next, e.meter_id);
    if (m == nullptr) {
      return refused(posting_status::rejected_unknown_meter,
                     "account " + p.id + " has no meter " + e.meter_id);
    }
    if (m->what != e.what) {
      return refused(posting_status::rejected_invalid,
                     "meter " + m->id + " measures " + std::string(to_string(m->what)) + ", not " +
                         std::string(to_string(e.what)));
    }
    if (e.reading) {
      if (m->last_reading && *e.reading < *m->last_reading) {
        return refused(posting_status::rejected_reading_backwards,
                       "reading " + e.reading->to_string(2) + " of meter " + m->id +
                           " is below the last, " + m->last_reading->to_string(2));
      }
      m->last_reading = e.reading;
      m->carried = energy{};
    }
    m->tier_kwh += e.kwh;
    m->tier_m3 += e.m3;
  }
  money arrears_delta;
  if (p.mode == account_mode::prepaid) {
    next.balance -= e.amount;
  } else {
    // Postpaid: a bill uses any credit first; the rest is a receivable.
    const money from_credit = next.balance.sign() > 0 ? std::min(next.balance, e.amount) : money{};
    next.balance -= from_credit;
    if (from_credit < e.amount) {
      next.receivables.push_back(
          {0, e.reference.empty() ? e.key : e.reference, e.amount - from_credit});
      arrears_delta = e.amount - from_credit;
    }
  }
  step st;
  st.arrears_delta = arrears_delta;
  st.balance_moved = true;
  return st;
}

/// A charge (PP-9): a receivable, settled later by payments oldest first.
[[nodiscard]] inline step apply_charge(account_state& next, const event& e) {
  next.receivables.push_back({0, e.reference.empty() ? e.key : e.reference, e.amount});
  step st;
  st.arrears_delta = e.amount;
  st.balance_moved = true;
  return st;
}

/// A settlement (LIFE-2 step 3): pays receivables oldest first from the balance; refused above
/// the arrears or above the balance that is not frozen.
[[nodiscard]] inline step apply_settlement(account_state& next, const event& e) {
  const money arrears = next.arrears();
  if (e.amount > arrears || e.amount > next.balance - next.frozen) {
    return refused(posting_status::rejected_insufficient_balance,
                   "settlement of " + e.amount.to_string(2) + " exceeds the arrears " +
                       arrears.to_string(2) + " or the balance " +
                       (next.balance - next.frozen).to_string(2));
  }
  const money paid = pay_receivables(next, e.amount);
  next.balance -= e.amount;
  step st;
  st.arrears_delta = -paid;
  st.balance_moved = true;
  return st;
}

/// PAY-5: a payment bill paid, recorded: the money settles the document (its number is in
/// e.reference), not the account, so neither the balance, the receivables nor the PP-2 level
/// move. The key (ledger::payment_key) makes a second payment of the same bill a duplicate, or a
/// key conflict with another amount; the amount against the document is checked by the caller,
/// which holds the document (`submeter pay`).
[[nodiscard]] inline step apply_payment() { return {}; }

/// 退费 (PP-7): money back to the tenant, at most the available balance; it lowers the
/// cumulative purchases.
[[nodiscard]] inline step apply_refund(account_state& next, const event& e) {
  const money avail = next.available();
  if (e.amount > avail) {
    return refused(posting_status::rejected_insufficient_balance,
                   "refund of " + e.amount.to_string(2) + " is above the available balance " +
                       avail.to_string(2));
  }
  next.balance -= e.amount;
  next.cumulative_purchased -= e.amount;
  step st;
  st.purchased_delta = -e.amount;
  st.balance_moved = true;
  return st;
}

/// An adjustment from re-rating: a signed credit (+) or debit (−) to the balance.
[[nodiscard]] inline step apply_adjustment(account_state& next, const event& e) {
  next.balance += e.amount;
  step st;
  st.balance_moved = true;
  return st;
}

/// A freeze (PP-9): a signed change of the frozen amount; refused when it would release more than
/// is frozen.
[[nodiscard]] inline step apply_freeze(account_state& next, const event& e) {
  if ((next.frozen + e.amount).is_negative()) {
    return refused(posting_status::rejected_invalid, "cannot release " + (-e.amount).to_string(2) +
                                                         "; frozen is " + next.frozen.to_string(2));
  }
  next.frozen += e.amount;
  step st;
  st.balance_moved = true;
  return st;
}

/// 冲正 (PP-8): undoes a recharge, deduction, charge, refund or adjustment, once; a reversal, a
/// close, a replacement… cannot be reversed. A reversed recharge reinstates the receivables it
/// paid; a reversed postpaid bill removes what is left of its receivable and credits the part
/// already paid; a reversed charge likewise.
[[nodiscard]] inline step apply_reversal(const account_params& p, account_state& next,
                                         const history& h, const event& e) {
  const auto target = h.by_seq(e.target);
  if (!target) {
    return refused(posting_status::rejected_unknown_entry,
                   "no entry " + std::to_string(e.target) + " in account " + p.id);
  }
  const event& t = target->what;
  switch (t.kind) {
    case event_kind::recharge:
    case event_kind::deduction:
    case event_kind::charge:
    case event_kind::refund:
    case event_kind::adjustment:
      break;
    default:
      return refused(posting_status::rejected_not_reversible,
                     "entry " + std::to_string(e.target) + " is a " +
                         std::string(to_string(t.kind)) + ", which cannot be reversed");
  }
  if (auto by = h.reversal_of(e.target)) {
    return refused(posting_status::rejected_already_reversed,
                   "entry " + std::to_string(e.target) + " was already reversed by entry " +
                       std::to_string(*by));
  }
  money arrears_delta;
  money purchased_delta;
  if (t.kind == event_kind::recharge) {
    next.balance -= t.amount - target->arrears_paid;
    next.cumulative_purchased -= t.amount;
    purchased_delta = -t.amount;
    if (target->arrears_paid.sign() > 0) {
      next.receivables.push_back({0, "reinstated by reversal of " + t.key, target->arrears_paid});
      arrears_delta = target->arrears_paid;
    }
  } else if (t.kind == event_kind::deduction) {
    const money from_balance = t.amount - target->arrears_delta;
    next.balance += from_balance;
    if (target->arrears_delta.sign() > 0) {
      // The receivable it created, or what is left of it; the paid part is credited.
      const money left = cut_receivable(next.receivables, target->seq, target->arrears_delta);
      next.balance += left;
      arrears_delta = -(target->arrears_delta - left);
    }
  } else if (t.kind == event_kind::charge) {
    const money left = cut_receivable(next.receivables, target->seq, t.amount);
    arrears_delta = -(t.amount - left);
    next.balance += left;  // the part already paid comes back as credit
  } else if (t.kind == event_kind::refund) {
    next.balance += t.amount;
    next.cumulative_purchased += t.amount;
    purchased_delta = t.amount;
  } else {
    next.balance -= t.amount;
  }
  step st;
  st.arrears_delta = arrears_delta;
  st.purchased_delta = purchased_delta;
  st.reversed_amount = t.amount;  // the reversal carries the amount it reverses
  st.balance_moved = true;
  return st;
}

/// 换表 (LIFE-1): the new meter (not already on the account) takes the old one's place; the old
/// meter's final reading never goes below its last, and its undeducted energy and tier
/// accumulations move to the new meter, whose counter starts at 0.
[[nodiscard]] inline step apply_replacement(const account_params& p, account_state& next,
                                            const event& e) {
  auto* m = find_meter(next, e.meter_id);
  if (m == nullptr) {
    return refused(posting_status::rejected_unknown_meter,
                   "account " + p.id + " has no meter " + e.meter_id);
  }
  if (next.meter(e.new_meter_id) != nullptr) {
    return refused(posting_status::rejected_invalid,
                   "meter " + e.new_meter_id + " is already on account " + p.id);
  }
  if (m->last_reading && e.kwh < *m->last_reading) {
    return refused(posting_status::rejected_reading_backwards,
                   "final reading " + e.kwh.to_string(2) + " of meter " + m->id +
                       " is below the last, " + m->last_reading->to_string(2));
  }
  // LIFE-1: the old meter's undeducted energy and tier accumulations move to the new meter.
  const energy unbilled = m->last_reading ? e.kwh - *m->last_reading : energy{};
  meter_state fresh{e.new_meter_id,        m->what,     0,         e.reading,
                    m->carried + unbilled, m->tier_kwh, m->tier_m3};
  *m = std::move(fresh);
  return {};
}

/// 销户 (LIFE-2): the account closes (no event is accepted after it) and its relay opens for good
/// (disconnect_on_close).
[[nodiscard]] inline step apply_close(account_state& next) {
  next.closed = true;
  next.relay = disconnect_on_close(next.relay);
  return {};
}

/// The meter's button (PP-3, PP-4): restore_locally; refused while locked or remotely opened.
[[nodiscard]] inline step apply_local_restore(const account_params& p, account_state& next) {
  const auto t = restore_locally(next.relay);
  if (t.refused == relay_refusal::locked) {
    return refused(posting_status::refused_locked,
                   "the relay is locked until a recharge lifts the balance above " +
                       p.levels.close_limit.to_string(2));
  }
  if (t.refused == relay_refusal::remote) {
    return refused(posting_status::refused_remote,
                   "the relay was opened remotely (拉闸); only 允许合闸 or 直接合闸 clears it");
  }
  next.relay = t.state;
  return {};
}

/// A remote command (PP-4): execute_command, with the account's level when its levels drive the
/// relay (prepaid); 拉闸 is refused while 保电.
[[nodiscard]] inline step apply_remote(const account_params& p, account_state& next,
                                       const event& e) {
  const std::optional<level> current =
      p.mode == account_mode::prepaid ? std::optional<level>(next.current) : std::nullopt;
  auto t = execute_command(next.relay, e.command, current, p.cuts, e.time);
  if (t.refused == relay_refusal::under_protection) {
    return refused(posting_status::refused_protected, "拉闸 refused: the account is 保电");
  }
  next.relay = std::move(t.state);
  step st;
  notify(st.notifications, t.notices);
  return st;
}

/// Time passes (CUT-3): execute_due_cut; when no cut is due nothing happens (no entry).
[[nodiscard]] inline step apply_tick(const account_params& p, account_state& next, const event& e) {
  auto t = execute_due_cut(next.relay, next.current, p.cuts, e.time);
  if (!t) {
    step st;
    st.recorded = false;
    return st;
  }
  next.relay = std::move(t->state);
  step st;
  notify(st.notifications, t->notices);
  return st;
}

/// Hands `e` to the function of its kind, with the draft of the next state to work on.
[[nodiscard]] inline step apply(const account_params& p, account_state& next, const history& h,
                                const event& e) {
  switch (e.kind) {
    case event_kind::recharge:
      return apply_recharge(p, next, e);
    case event_kind::deduction:
      return apply_deduction(p, next, e);
    case event_kind::charge:
      return apply_charge(next, e);
    case event_kind::settlement:
      return apply_settlement(next, e);
    case event_kind::refund:
      return apply_refund(next, e);
    case event_kind::adjustment:
      return apply_adjustment(next, e);
    case event_kind::freeze:
      return apply_freeze(next, e);
    case event_kind::reversal:
      return apply_reversal(p, next, h, e);
    case event_kind::replacement:
      return apply_replacement(p, next, e);
    case event_kind::close:
      return apply_close(next);
    case event_kind::local_restore:
      return apply_local_restore(p, next);
    case event_kind::remote:
      return apply_remote(p, next, e);
    case event_kind::tick:
      return apply_tick(p, next, e);
    case event_kind::payment:
      return apply_payment();
  }
  return refused(posting_status::rejected_invalid, "unknown event kind");
}

/// What follows a change of the balance, on the draft `s` and the step's notifications. Balance
/// alarms: one alarm when the available balance falls to or below a threshold it was above. Prepaid
/// only: the PP-2 level of the available balance (PP-9); a level newly entered downwards is
/// notified and, when it trips, requests a trip (PP-3, CUT-3: request_trip); a recharge may restore
/// the relay and cancel a pending cut (restore_on_recharge).
inline void after_balance_change(const account_params& p, account_state& s, step& st,
                                 local_time now) {
  const money avail = s.available();
  std::size_t crossed = 0;
  while (crossed < p.balance_alarms.size() && avail <= p.balance_alarms[crossed]) ++crossed;
  if (crossed > s.alarms_crossed) {
    st.notifications.push_back({"balance_alarm", p.balance_alarms[crossed - 1].to_string(2)});
  }
  s.alarms_crossed = crossed;
  if (p.mode != account_mode::prepaid) return;
  const level before = s.current;
  const level after = level_of(avail, p.levels);
  s.current = after;
  if (after > before) {
    st.notifications.push_back({std::string(to_string(after)), {}});
    if (trips(after)) {
      auto t = request_trip(s.relay, after, p.cuts, now);
      s.relay = std::move(t.state);
      notify(st.notifications, t.notices);
    }
  }
  if (st.is_recharge) {
    auto t = restore_on_recharge(s.relay, after, avail, p.levels);
    s.relay = std::move(t.state);
    notify(st.notifications, t.notices);
  }
}

/// The entry of an applied step: numbered after the last, the balance before (`s`) and after
/// (the draft `next`), the step's figures; a reversal carries the amount it reversed.
[[nodiscard]] inline entry entry_of(const account_state& s, const account_state& next,
                                    const step& st, const event& e) {
  entry en;
  en.seq = next.last_seq + 1;
  en.what = e;
  if (st.reversed_amount) en.what.amount = *st.reversed_amount;
  en.balance_before = s.balance;
  en.balance_after = next.balance;
  en.arrears_delta = st.arrears_delta;
  en.arrears_paid = st.arrears_paid;
  en.purchased_delta = st.purchased_delta;
  return en;
}

}  // namespace detail

/// One step of the fold: posts `e` to the account (`p`, `s`) whose earlier entries `h` knows.
/// On ok, `s` is updated and the new entry returned (its seq is s.last_seq); on any other status
/// `s` is unchanged. Throws submeter::error only for a malformed event (ledger::validate).
/// Rules: PP-3 levels and trips, PP-4 remote commands, PP-6 counters and replays, PP-7 refund,
/// PP-8 reversal, PP-9 arrears first, CUT-3 scheduling, LIFE-1 replacement, LIFE-2 close (each in
/// the function of its kind, detail::apply_<kind>).
[[nodiscard]] inline posting post(const account_params& p, account_state& s, const history& h,
                                  const event& e) {
  validate(e);
  posting out;  // every return is `out`, so the result is built in place
  // Replays first: a replay of an applied event is a duplicate whatever the state now (PP-6).
  if (auto replay = detail::replay_of(h, e)) {
    out = std::move(*replay);
    return out;
  }
  if (auto refusal = detail::out_of_place(p, s, e)) {
    out = std::move(*refusal);
    return out;
  }
  account_state next = s;  // the draft: kept only when the event is accepted
  detail::step st = detail::apply(p, next, h, e);
  if (st.status != posting_status::ok) {
    out.status = st.status;
    out.message = std::move(st.message);
    return out;
  }
  if (st.balance_moved) detail::after_balance_change(p, next, st, e.time);
  out.notifications = std::move(st.notifications);
  if (!st.recorded) return out;  // nothing happened: no entry, state unchanged
  entry en = detail::entry_of(s, next, st, e);
  next.last_seq = en.seq;
  next.last_time = e.time;
  // Receivables created by this entry carry its sequence number.
  for (auto& r : next.receivables) {
    if (r.seq == 0) r.seq = en.seq;
  }
  s = std::move(next);
  out.committed = std::move(en);
  return out;
}

}  // namespace submeter::ledger
