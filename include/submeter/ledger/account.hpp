#pragma once
/// \file
/// ledger::account: a prepaid or postpaid account (one or many meters, electricity and water) as
/// a fold over its events (rules.md §11 PP-1…PP-9, §12 CUT-3, §15 LIFE-1, LIFE-2).
///
/// `post(params, state, history, event)` is the one step of the fold: pure, deterministic, and
/// all or nothing (the state changes only when the posting is accepted). Whether an event is
/// accepted is a value (`posting_status`), never an exception; a malformed event (a negative
/// recharge) throws submeter::error from ledger::validate. The `history` interface answers the
/// questions the step asks about earlier entries (a replayed key, the entry a reversal names), so
/// that a store can answer them from its tables; `account` keeps them in memory.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/relay.hpp"

namespace submeter::ledger {

/// Prepaid (先购电后用电: usage is deducted from the balance) or postpaid (bills become
/// receivables; payments settle them oldest first).
enum class account_mode : std::uint8_t { prepaid, postpaid };

/// "prepaid" or "postpaid".
[[nodiscard]] constexpr std::string_view to_string(account_mode m) noexcept {
  return m == account_mode::prepaid ? "prepaid" : "postpaid";
}

/// Whether a purchase counter may skip numbers (PP-6 [verify]: meters refuse a gap).
enum class counter_policy : std::uint8_t {
  strict_next,  ///< the next recharge must carry last + 1
  allow_gap,    ///< any counter above the last is accepted
};

/// A meter of an account.
struct meter_ref {
  std::string id;
  utility what = utility::electricity;
};

/// The fixed parameters of an account.
struct account_params {
  std::string id;
  account_mode mode = account_mode::prepaid;
  /// The meters at opening (a replacement changes the state's meters, not these).
  std::vector<meter_ref> meters;
  /// PP-1 levels (prepaid only).
  level_params levels;
  /// Balance alarms: any number of strictly decreasing thresholds; an alarm when the available
  /// balance falls to or below one it was above (not on every reading).
  std::vector<money> balance_alarms;
  counter_policy counters = counter_policy::strict_next;
  /// Notice period and no-cut windows (CUT-3).
  cut_policy cuts;

  /// Refuses (submeter::error): an empty id or no meter (errc::invalid_argument), a meter listed
  /// twice (errc::duplicate), balance alarms not strictly decreasing (errc::out_of_order), a
  /// negative notice.
  [[nodiscard]] static account_params make(std::string id, account_mode mode,
                                           std::vector<meter_ref> meters, level_params levels,
                                           std::vector<money> balance_alarms = {},
                                           counter_policy counters = counter_policy::strict_next,
                                           cut_policy cuts = {}) {
    if (id.empty()) throw error(errc::invalid_argument, "an account needs an id");
    if (meters.empty()) {
      throw error(errc::invalid_argument, "an account has at least one meter", {{"account", id}});
    }
    for (std::size_t i = 0; i < meters.size(); ++i) {
      if (meters[i].id.empty()) {
        throw error(errc::invalid_argument, "a meter needs an id", {{"account", id}});
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (meters[j].id == meters[i].id) {
          throw error(errc::duplicate, "a meter is listed twice",
                      {{"account", id}, {"meter", meters[i].id}});
        }
      }
    }
    for (std::size_t i = 1; i < balance_alarms.size(); ++i) {
      if (!(balance_alarms[i] < balance_alarms[i - 1])) {
        throw error(errc::out_of_order, "balance alarm thresholds must strictly decrease",
                    {{"account", id},
                     {"threshold", balance_alarms[i].to_string(2)},
                     {"previous", balance_alarms[i - 1].to_string(2)}});
      }
    }
    if (cuts.notice.count() < 0) {
      throw error(errc::invalid_argument, "a notice period cannot be negative", {{"account", id}});
    }
    return account_params{
        std::move(id), mode,           std::move(meters), levels, std::move(balance_alarms),
        counters,      std::move(cuts)};
  }
};

/// What an account knows about one of its meters.
struct meter_state {
  std::string id;
  utility what = utility::electricity;
  /// The last accepted purchase counter (PP-6); 0 before the first.
  std::int64_t last_counter = 0;
  /// The register reading the last deduction ran to, when known.
  std::optional<energy> last_reading;
  /// Energy measured by replaced meters and not yet deducted (LIFE-1: nothing lost).
  energy carried;
  /// Cumulative deducted quantities, for tiers (LIFE-1: they continue across a replacement).
  energy tier_kwh;
  volume tier_m3;
};

/// An outstanding receivable: a postpaid bill or fee arrears (PP-9), oldest first.
struct receivable {
  /// The entry that created it.
  std::uint64_t seq = 0;
  std::string reference;
  money outstanding;
};

/// The state of an account: the fold's accumulator.
struct account_state {
  /// Account balance (prepaid money; for postpaid, a credit from overpayment).
  money balance;
  /// Money frozen (PP-9).
  money frozen;
  /// Σ recharges − refunds − reversed recharges (PP-7, PP-8).
  money cumulative_purchased;
  /// Outstanding receivables, oldest first.
  std::vector<receivable> receivables;
  std::vector<meter_state> meters;
  /// PP-2 level of the available balance (prepaid).
  level current = level::normal;
  relay_state relay;
  /// How many balance alarm thresholds the available balance is at or below.
  std::size_t alarms_crossed = 0;
  bool closed = false;
  /// The sequence number of the last entry (entries are numbered 1, 2, …).
  std::uint64_t last_seq = 0;
  /// The time of the last accepted event.
  std::optional<local_time> last_time;

  /// Σ outstanding receivables.
  [[nodiscard]] money arrears() const {
    money total;
    for (const auto& r : receivables) total += r.outstanding;
    return total;
  }
  /// Available balance = balance − arrears − frozen (PP-9).
  [[nodiscard]] money available() const { return balance - arrears() - frozen; }
  /// The meter with this id, or nullptr.
  [[nodiscard]] const meter_state* meter(const std::string& id) const noexcept {
    for (const auto& m : meters) {
      if (m.id == id) return &m;
    }
    return nullptr;
  }
};

/// The opening state of an account with its parameters: meters with counter 0, balance zero,
/// relay closed. (Accounts migrated from another system set balance and counters afterwards.)
[[nodiscard]] inline account_state opening_state(const account_params& p) {
  account_state s;
  for (const auto& m : p.meters) s.meters.push_back(meter_state{m.id, m.what, 0, {}, {}, {}, {}});
  s.current = level_of(s.available(), p.levels);
  return s;
}

/// The outcome of posting one event.
enum class posting_status : std::uint8_t {
  ok,                             ///< applied
  duplicate,                      ///< a replay of an applied event: nothing changes (PP-6)
  rejected_stale_counter,         ///< a purchase counter at or below the last one (PP-6)
  rejected_counter_gap,           ///< a counter that skips numbers (counter_policy::strict_next)
  rejected_key_conflict,          ///< a known key (counter) with another amount or content
  rejected_hoarding_limit,        ///< the balance would exceed the hoarding limit (PP-1)
  rejected_insufficient_balance,  ///< refund or settlement above what is available (PP-7)
  rejected_closed,                ///< the account is closed (LIFE-2)
  rejected_unknown_meter,         ///< a meter the account does not have
  rejected_unknown_entry,         ///< a reversal of an entry that does not exist
  rejected_already_reversed,      ///< a second reversal of the same entry (PP-8)
  rejected_not_reversible,        ///< a reversal of a reversal, a close, a replacement…
  rejected_out_of_order,          ///< an event before the account's last event
  rejected_reading_backwards,     ///< a register reading below the last one
  rejected_invalid,               ///< fields that do not fit the account (utility, release)
  refused_locked,                 ///< local restore while locked (PP-3)
  refused_remote,                 ///< local restore while remotely locked (PP-4)
  refused_protected,              ///< a trip command while 保电 (PP-4)
};

/// The status's name, e.g. "rejected_stale_counter" (the vectors' "result").
[[nodiscard]] constexpr std::string_view to_string(posting_status s) noexcept {
  switch (s) {
    case posting_status::ok:
      return "ok";
    case posting_status::duplicate:
      return "duplicate";
    case posting_status::rejected_stale_counter:
      return "rejected_stale_counter";
    case posting_status::rejected_counter_gap:
      return "rejected_counter_gap";
    case posting_status::rejected_key_conflict:
      return "rejected_key_conflict";
    case posting_status::rejected_hoarding_limit:
      return "rejected_hoarding_limit";
    case posting_status::rejected_insufficient_balance:
      return "rejected_insufficient_balance";
    case posting_status::rejected_closed:
      return "rejected_closed";
    case posting_status::rejected_unknown_meter:
      return "rejected_unknown_meter";
    case posting_status::rejected_unknown_entry:
      return "rejected_unknown_entry";
    case posting_status::rejected_already_reversed:
      return "rejected_already_reversed";
    case posting_status::rejected_not_reversible:
      return "rejected_not_reversible";
    case posting_status::rejected_out_of_order:
      return "rejected_out_of_order";
    case posting_status::rejected_reading_backwards:
      return "rejected_reading_backwards";
    case posting_status::rejected_invalid:
      return "rejected_invalid";
    case posting_status::refused_locked:
      return "refused_locked";
    case posting_status::refused_remote:
      return "refused_remote";
    case posting_status::refused_protected:
      return "refused_protected";
  }
  return "unknown";
}

/// True for ok and duplicate: the event is (or already was) part of the account.
[[nodiscard]] constexpr bool accepted(posting_status s) noexcept {
  return s == posting_status::ok || s == posting_status::duplicate;
}

/// The error code a store or the CLI reports for a refused posting.
[[nodiscard]] constexpr errc error_code(posting_status s) noexcept {
  switch (s) {
    case posting_status::rejected_unknown_meter:
    case posting_status::rejected_unknown_entry:
      return errc::not_found;
    case posting_status::rejected_key_conflict:
    case posting_status::rejected_already_reversed:
      return errc::duplicate;
    case posting_status::rejected_stale_counter:
    case posting_status::rejected_counter_gap:
    case posting_status::rejected_out_of_order:
      return errc::out_of_order;
    case posting_status::rejected_reading_backwards:
    case posting_status::rejected_closed:
      return errc::inconsistent;
    default:
      return errc::invalid_argument;
  }
}

/// A committed entry: the event, its sequence number and what it did to the balance.
struct entry {
  std::uint64_t seq = 0;
  event what;
  money balance_before;
  money balance_after;
  /// Receivables created (+) or settled (−) by this entry.
  money arrears_delta;
  /// recharge: the part that paid receivables (PP-9).
  money arrears_paid;
  /// cumulative_purchased change (recharge +, refund −, reversed recharge −).
  money purchased_delta;

  /// balance_after − balance_before.
  [[nodiscard]] money balance_delta() const { return balance_after - balance_before; }
};

/// A business notification raised by a posting (a value, never an exception).
struct notification {
  /// "alarm1", "alarm2", "overdraft", "exhausted" (a level newly entered, downward only),
  /// "cut_notice", "cut_deferred", "cut_executed", "pending_cut_cancelled", "trip_suppressed",
  /// "balance_alarm".
  std::string code;
  /// Context: the threshold for a balance alarm, the cut time for a notice, the original time
  /// for a deferral, the reason for a suppression.
  std::string detail;
};

/// The result of posting one event.
struct posting {
  posting_status status = posting_status::ok;
  /// A sentence explaining a refusal, naming the values; empty when ok.
  std::string message;
  /// The entry written (ok), or the original entry (duplicate); empty for a refusal and for an
  /// event that changed nothing (a tick with no cut due).
  std::optional<entry> committed;
  std::vector<notification> notifications;

  [[nodiscard]] bool has(std::string_view code) const {
    return std::any_of(notifications.begin(), notifications.end(),
                       [&](const notification& n) { return n.code == code; });
  }
};

/// What a posting step needs to know about earlier entries. A store answers from its tables.
class history {
 public:
  history() = default;
  history(const history&) = default;
  history& operator=(const history&) = default;
  virtual ~history() = default;
  /// The entry with this idempotency key.
  [[nodiscard]] virtual std::optional<entry> by_key(const std::string& key) const = 0;
  /// The entry with this sequence number.
  [[nodiscard]] virtual std::optional<entry> by_seq(std::uint64_t seq) const = 0;
  /// The sequence number of the reversal of entry `seq`, if it was reversed.
  [[nodiscard]] virtual std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const = 0;
};

namespace detail {

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

inline posting refuse(posting_status s, std::string message) {
  posting p;
  p.status = s;
  p.message = std::move(message);
  return p;
}

[[nodiscard]] inline relay_lock stronger(relay_lock a, relay_lock b) noexcept {
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

/// A trip request for a level entered (PP-3) or re-issued after 解除保电: immediate with no
/// notice, else a cut scheduled at now + notice, moved out of the no-cut windows (CUT-3).
inline void request_trip(const account_params& p, account_state& s, level entered, local_time now,
                         std::vector<notification>& out) {
  const relay_lock kind = entered == level::exhausted ? relay_lock::locked : relay_lock::restorable;
  if (s.relay.is_protected) {
    out.push_back({"trip_suppressed", "protected"});
    return;
  }
  if (s.relay.position == relay_position::open) {
    if (s.relay.lock != relay_lock::remote) s.relay.lock = stronger(s.relay.lock, kind);
    return;
  }
  if (s.relay.pending_cut) {
    s.relay.pending_lock = stronger(s.relay.pending_lock, kind);
    return;
  }
  const local_time due = now + p.cuts.notice;
  const local_time at = first_cut_time(p.cuts, due);
  if (at <= now) {
    s.relay.position = relay_position::open;
    s.relay.lock = kind;
    return;
  }
  s.relay.pending_cut = at;
  s.relay.pending_lock = kind;
  out.push_back({"cut_notice", local_interval::format(at)});
  if (at != due) out.push_back({"cut_deferred", local_interval::format(due)});
}

/// Levels, alarms and relay after a change of the balance (PP-2, PP-3, CUT-3).
inline void after_balance_change(const account_params& p, account_state& s, bool is_recharge,
                                 local_time now, std::vector<notification>& out) {
  const money avail = s.available();
  std::size_t crossed = 0;
  while (crossed < p.balance_alarms.size() && avail <= p.balance_alarms[crossed]) ++crossed;
  if (crossed > s.alarms_crossed) {
    out.push_back({"balance_alarm", p.balance_alarms[crossed - 1].to_string(2)});
  }
  s.alarms_crossed = crossed;
  if (p.mode != account_mode::prepaid) return;
  const level before = s.current;
  const level after = level_of(avail, p.levels);
  s.current = after;
  if (after > before) {
    out.push_back({std::string(to_string(after)), {}});
    if (trips(after)) request_trip(p, s, after, now, out);
  }
  if (is_recharge) {
    if (s.relay.position == relay_position::open &&
        (s.relay.lock == relay_lock::restorable ||
         (s.relay.lock == relay_lock::locked && avail > p.levels.close_limit))) {
      s.relay.position = relay_position::closed;
      s.relay.lock = relay_lock::none;
    }
    if (s.relay.pending_cut && !trips(after)) {
      s.relay.pending_cut.reset();
      s.relay.pending_lock = relay_lock::none;
      out.push_back({"pending_cut_cancelled", {}});
    }
  }
}

/// Pays receivables oldest first with up to `amount`; returns what was paid.
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

}  // namespace detail

/// One step of the fold: posts `e` to the account (`p`, `s`) whose earlier entries `h` knows.
/// On ok, `s` is updated and the new entry returned (its seq is s.last_seq); on any other status
/// `s` is unchanged. Throws submeter::error only for a malformed event (ledger::validate).
/// Rules: PP-3 levels and trips, PP-4 remote commands, PP-6 counters and replays, PP-7 refund,
/// PP-8 reversal, PP-9 arrears first, CUT-3 scheduling, LIFE-1 replacement, LIFE-2 close.
[[nodiscard]] inline posting post(const account_params& p, account_state& s, const history& h,
                                  const event& e) {
  using detail::refuse;
  validate(e);
  // Replays first: a replay of an applied event is a duplicate whatever the state now (PP-6).
  if (!e.key.empty()) {
    if (auto original = h.by_key(e.key)) {
      if (detail::same_request(original->what, e)) {
        posting dup;
        dup.status = posting_status::duplicate;
        dup.committed = std::move(original);
        return dup;
      }
      return refuse(posting_status::rejected_key_conflict,
                    "the key " + e.key + " was posted before with other content (amount " +
                        original->what.amount.to_string(2) + ")");
    }
  }
  if (s.closed) {
    return refuse(posting_status::rejected_closed, "account " + p.id + " is closed");
  }
  if (s.last_time && e.time < *s.last_time) {
    return refuse(posting_status::rejected_out_of_order,
                  "event at " + local_interval::format(e.time) + " is before the last event at " +
                      local_interval::format(*s.last_time));
  }

  account_state next = s;
  posting out;
  entry en;
  en.what = e;
  en.balance_before = s.balance;
  bool money_changed = false;
  bool is_recharge = false;
  bool record = true;

  switch (e.kind) {
    case event_kind::recharge: {
      auto* m = detail::find_meter(next, e.meter_id);
      if (m == nullptr) {
        return refuse(posting_status::rejected_unknown_meter,
                      "account " + p.id + " has no meter " + e.meter_id);
      }
      if (e.counter <= m->last_counter) {
        return refuse(posting_status::rejected_stale_counter,
                      "purchase counter " + std::to_string(e.counter) + " is not above the last, " +
                          std::to_string(m->last_counter) + ", of meter " + m->id);
      }
      if (p.counters == counter_policy::strict_next && e.counter != m->last_counter + 1) {
        return refuse(posting_status::rejected_counter_gap,
                      "purchase counter " + std::to_string(e.counter) + " skips; expected " +
                          std::to_string(m->last_counter + 1) + " on meter " + m->id);
      }
      const money to_arrears = std::min(e.amount, next.arrears());
      const money new_balance = next.balance + (e.amount - to_arrears);
      if (p.levels.hoarding_limit && new_balance > *p.levels.hoarding_limit) {
        return refuse(posting_status::rejected_hoarding_limit,
                      "the balance would be " + new_balance.to_string(2) +
                          ", above the hoarding limit " + p.levels.hoarding_limit->to_string(2));
      }
      m->last_counter = e.counter;
      en.arrears_paid = detail::pay_receivables(next, to_arrears);
      en.arrears_delta = -en.arrears_paid;
      next.balance = new_balance;
      next.cumulative_purchased += e.amount;
      en.purchased_delta = e.amount;
      money_changed = true;
      is_recharge = true;
      break;
    }
    case event_kind::deduction: {
      if (!e.meter_id.empty()) {
        auto* m = detail::find_meter(next, e.meter_id);
        if (m == nullptr) {
          return refuse(posting_status::rejected_unknown_meter,
                        "account " + p.id + " has no meter " + e.meter_id);
        }
        if (m->what != e.what) {
          return refuse(posting_status::rejected_invalid,
                        "meter " + m->id + " measures " + std::string(to_string(m->what)) +
                            ", not " + std::string(to_string(e.what)));
        }
        if (e.reading) {
          if (m->last_reading && *e.reading < *m->last_reading) {
            return refuse(posting_status::rejected_reading_backwards,
                          "reading " + e.reading->to_string(2) + " of meter " + m->id +
                              " is below the last, " + m->last_reading->to_string(2));
          }
          m->last_reading = e.reading;
          m->carried = energy{};
        }
        m->tier_kwh += e.kwh;
        m->tier_m3 += e.m3;
      }
      if (p.mode == account_mode::prepaid) {
        next.balance -= e.amount;
      } else {
        // Postpaid: a bill uses any credit first; the rest is a receivable.
        const money from_credit =
            next.balance.sign() > 0 ? std::min(next.balance, e.amount) : money{};
        next.balance -= from_credit;
        if (from_credit < e.amount) {
          next.receivables.push_back(
              {0, e.reference.empty() ? e.key : e.reference, e.amount - from_credit});
          en.arrears_delta = e.amount - from_credit;
        }
      }
      money_changed = true;
      break;
    }
    case event_kind::charge:
      next.receivables.push_back({0, e.reference.empty() ? e.key : e.reference, e.amount});
      en.arrears_delta = e.amount;
      money_changed = true;
      break;
    case event_kind::settlement: {
      const money arrears = next.arrears();
      if (e.amount > arrears || e.amount > next.balance - next.frozen) {
        return refuse(posting_status::rejected_insufficient_balance,
                      "settlement of " + e.amount.to_string(2) + " exceeds the arrears " +
                          arrears.to_string(2) + " or the balance " +
                          (next.balance - next.frozen).to_string(2));
      }
      en.arrears_delta = -detail::pay_receivables(next, e.amount);
      next.balance -= e.amount;
      money_changed = true;
      break;
    }
    case event_kind::refund: {
      const money avail = next.available();
      if (e.amount > avail) {
        return refuse(posting_status::rejected_insufficient_balance,
                      "refund of " + e.amount.to_string(2) + " is above the available balance " +
                          avail.to_string(2));
      }
      next.balance -= e.amount;
      next.cumulative_purchased -= e.amount;
      en.purchased_delta = -e.amount;
      money_changed = true;
      break;
    }
    case event_kind::adjustment:
      next.balance += e.amount;
      money_changed = true;
      break;
    case event_kind::freeze:
      if ((next.frozen + e.amount).is_negative()) {
        return refuse(posting_status::rejected_invalid,
                      "cannot release " + (-e.amount).to_string(2) + "; frozen is " +
                          next.frozen.to_string(2));
      }
      next.frozen += e.amount;
      money_changed = true;
      break;
    case event_kind::reversal: {
      const auto target = h.by_seq(e.target);
      if (!target) {
        return refuse(posting_status::rejected_unknown_entry,
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
          return refuse(posting_status::rejected_not_reversible,
                        "entry " + std::to_string(e.target) + " is a " +
                            std::string(to_string(t.kind)) + ", which cannot be reversed");
      }
      if (auto by = h.reversal_of(e.target)) {
        return refuse(posting_status::rejected_already_reversed,
                      "entry " + std::to_string(e.target) + " was already reversed by entry " +
                          std::to_string(*by));
      }
      en.what.amount = t.amount;  // the reversal carries the amount it reverses
      if (t.kind == event_kind::recharge) {
        next.balance -= t.amount - target->arrears_paid;
        next.cumulative_purchased -= t.amount;
        en.purchased_delta = -t.amount;
        if (target->arrears_paid.sign() > 0) {
          next.receivables.push_back(
              {0, "reinstated by reversal of " + t.key, target->arrears_paid});
          en.arrears_delta = target->arrears_paid;
        }
      } else if (t.kind == event_kind::deduction) {
        const money from_balance = t.amount - target->arrears_delta;
        next.balance += from_balance;
        if (target->arrears_delta.sign() > 0) {
          en.arrears_delta = -target->arrears_delta;
          // The receivable it created, or what is left of it; the paid part is credited.
          const money left =
              detail::cut_receivable(next.receivables, target->seq, target->arrears_delta);
          next.balance += left;
          en.arrears_delta = -(target->arrears_delta - left);
        }
      } else if (t.kind == event_kind::charge) {
        const money left = detail::cut_receivable(next.receivables, target->seq, t.amount);
        en.arrears_delta = -(t.amount - left);
        next.balance += left;  // the part already paid comes back as credit
      } else if (t.kind == event_kind::refund) {
        next.balance += t.amount;
        next.cumulative_purchased += t.amount;
        en.purchased_delta = t.amount;
      } else {
        next.balance -= t.amount;
      }
      money_changed = true;
      break;
    }
    case event_kind::replacement: {
      auto* m = detail::find_meter(next, e.meter_id);
      if (m == nullptr) {
        return refuse(posting_status::rejected_unknown_meter,
                      "account " + p.id + " has no meter " + e.meter_id);
      }
      if (next.meter(e.new_meter_id) != nullptr) {
        return refuse(posting_status::rejected_invalid,
                      "meter " + e.new_meter_id + " is already on account " + p.id);
      }
      if (m->last_reading && e.kwh < *m->last_reading) {
        return refuse(posting_status::rejected_reading_backwards,
                      "final reading " + e.kwh.to_string(2) + " of meter " + m->id +
                          " is below the last, " + m->last_reading->to_string(2));
      }
      // LIFE-1: the old meter's undeducted energy and tier accumulations move to the new meter.
      const energy unbilled = m->last_reading ? e.kwh - *m->last_reading : energy{};
      meter_state fresh{e.new_meter_id,        m->what,     0,         e.reading,
                        m->carried + unbilled, m->tier_kwh, m->tier_m3};
      *m = std::move(fresh);
      break;
    }
    case event_kind::close:
      next.closed = true;
      next.relay.position = relay_position::open;
      next.relay.lock = relay_lock::remote;
      next.relay.is_protected = false;
      next.relay.pending_cut.reset();
      next.relay.pending_lock = relay_lock::none;
      break;
    case event_kind::local_restore:
      if (next.relay.position == relay_position::open) {
        if (next.relay.lock == relay_lock::locked) {
          return refuse(posting_status::refused_locked,
                        "the relay is locked until a recharge lifts the balance above " +
                            p.levels.close_limit.to_string(2));
        }
        if (next.relay.lock == relay_lock::remote) {
          return refuse(
              posting_status::refused_remote,
              "the relay was opened remotely (拉闸); only 允许合闸 or 直接合闸 clears it");
        }
        next.relay.position = relay_position::closed;
        next.relay.lock = relay_lock::none;
      }
      break;
    case event_kind::remote:
      switch (e.command) {
        case remote_command::trip:
          if (next.relay.is_protected) {
            return refuse(posting_status::refused_protected, "拉闸 refused: the account is 保电");
          }
          next.relay.position = relay_position::open;
          next.relay.lock = relay_lock::remote;
          next.relay.pending_cut.reset();
          next.relay.pending_lock = relay_lock::none;
          break;
        case remote_command::allow_close:
          if (next.relay.position == relay_position::open) next.relay.lock = relay_lock::restorable;
          break;
        case remote_command::close_now:
          next.relay.position = relay_position::closed;
          next.relay.lock = relay_lock::none;
          next.relay.pending_cut.reset();
          next.relay.pending_lock = relay_lock::none;
          break;
        case remote_command::protect:
          // 保电 is "force close" (Acrel): it closes the relay and cancels a pending cut.
          next.relay.is_protected = true;
          next.relay.position = relay_position::closed;
          next.relay.lock = relay_lock::none;
          if (next.relay.pending_cut) out.notifications.push_back({"pending_cut_cancelled", {}});
          next.relay.pending_cut.reset();
          next.relay.pending_lock = relay_lock::none;
          break;
        case remote_command::unprotect:
          next.relay.is_protected = false;
          // PP-4: the state machine re-issues the trip its current level calls for.
          if (p.mode == account_mode::prepaid && trips(next.current) &&
              next.relay.position == relay_position::closed) {
            detail::request_trip(p, next, next.current, e.time, out.notifications);
          }
          break;
      }
      break;
    case event_kind::tick: {
      const auto d = decide(next.relay, next.current, p.cuts, e.time);
      if (d.cut) {
        next.relay.position = relay_position::open;
        next.relay.lock = next.relay.pending_lock;
        next.relay.pending_cut.reset();
        next.relay.pending_lock = relay_lock::none;
        out.notifications.push_back({"cut_executed", {}});
      } else {
        record = false;
      }
      break;
    }
  }

  if (money_changed) detail::after_balance_change(p, next, is_recharge, e.time, out.notifications);
  if (!record) return out;  // nothing happened: no entry, state unchanged
  en.seq = next.last_seq + 1;
  en.balance_after = next.balance;
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

/// An account kept in memory: parameters, state and the entries, answering `history` itself.
class account {
 public:
  /// An account with its parameters and opening state (see opening_state).
  [[nodiscard]] static account open(account_params params) {
    account a;
    a.state_ = opening_state(params);
    a.params_ = std::move(params);
    return a;
  }
  /// An account with a given state (migrated accounts, vectors' initial states).
  [[nodiscard]] static account open(account_params params, account_state state) {
    account a;
    a.params_ = std::move(params);
    a.state_ = std::move(state);
    return a;
  }

  /// Posts one event (see ledger::post).
  posting post(const event& e) {
    const memory_history h{*this};
    posting r = ledger::post(params_, state_, h, e);
    if (r.status == posting_status::ok && r.committed) remember(*r.committed);
    return r;
  }

  /// Posts a batch all or nothing: when any event is refused, the account is left as it was and
  /// the returned postings end with the refused one. Duplicates inside a batch are accepted.
  std::vector<posting> post_batch(const std::vector<event>& events) {
    account copy = *this;
    std::vector<posting> results;
    results.reserve(events.size());
    for (const auto& e : events) {
      results.push_back(copy.post(e));
      if (!accepted(results.back().status)) return results;
    }
    *this = std::move(copy);
    return results;
  }

  [[nodiscard]] const account_params& params() const noexcept { return params_; }
  [[nodiscard]] const account_state& state() const noexcept { return state_; }
  /// Every committed entry, in sequence order.
  [[nodiscard]] const std::vector<entry>& entries() const noexcept { return entries_; }

 private:
  struct memory_history final : history {
    explicit memory_history(const account& a) : acc(a) {}
    [[nodiscard]] std::optional<entry> by_key(const std::string& key) const override {
      const auto it = acc.keys_.find(key);
      if (it == acc.keys_.end()) return std::nullopt;
      return acc.entries_[it->second];
    }
    [[nodiscard]] std::optional<entry> by_seq(std::uint64_t seq) const override {
      const auto i = index_of(seq);
      if (!i) return std::nullopt;
      return acc.entries_[*i];
    }
    [[nodiscard]] std::optional<std::uint64_t> reversal_of(std::uint64_t seq) const override {
      const auto it = acc.reversals_.find(seq);
      if (it == acc.reversals_.end()) return std::nullopt;
      return it->second;
    }
    [[nodiscard]] std::optional<std::size_t> index_of(std::uint64_t seq) const {
      // Entries are numbered from the first entry's seq without gaps.
      if (acc.entries_.empty() || seq < acc.entries_.front().seq) return std::nullopt;
      const auto i = static_cast<std::size_t>(seq - acc.entries_.front().seq);
      if (i >= acc.entries_.size()) return std::nullopt;
      return i;
    }
    const account& acc;
  };

  void remember(const entry& en) {
    if (!en.what.key.empty()) keys_.emplace(en.what.key, entries_.size());
    if (en.what.kind == event_kind::reversal) reversals_.emplace(en.what.target, en.seq);
    entries_.push_back(en);
  }

  account_params params_;
  account_state state_;
  std::vector<entry> entries_;
  std::unordered_map<std::string, std::size_t> keys_;
  std::unordered_map<std::uint64_t, std::uint64_t> reversals_;
};

/// The fold: an account opened with `params` after posting every event in order; refused events
/// are skipped (their postings say why). Deterministic: the same events give the same state.
[[nodiscard]] inline account fold(account_params params, const std::vector<event>& events) {
  account a = account::open(std::move(params));
  for (const auto& e : events) (void)a.post(e);
  return a;
}

}  // namespace submeter::ledger
