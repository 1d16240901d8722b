#pragma once
/// \file
/// ledger::event: one thing that happens to an account (recharge, deduction, refund, reversal,
/// adjustment, meter replacement, close, relay commands), as a flat record that a store can keep
/// in one row.
///
/// DESIGN.md "ledger": an account is a fold over its events. Factories refuse malformed events
/// (a negative recharge, an empty key) with submeter::error; whether an event is *accepted* by an
/// account (a stale purchase counter, a refund above the balance) is a business outcome returned
/// as a value by account::post (account.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/keys.hpp"

namespace submeter::ledger {

/// What an account's meter measures.
enum class utility : std::uint8_t { electricity, water };

/// "electricity" or "water".
[[nodiscard]] constexpr std::string_view to_string(utility u) noexcept {
  return u == utility::electricity ? "electricity" : "water";
}

/// How a recharge was paid (rules.md §17: WeChat, Alipay, UnionPay, cash, card, third party).
enum class channel : std::uint8_t { cash, wechat_pay, alipay, unionpay, card, third_party };

/// "cash", "wechat_pay", "alipay", "unionpay", "card", "third_party".
[[nodiscard]] constexpr std::string_view to_string(channel c) noexcept {
  switch (c) {
    case channel::cash:
      return "cash";
    case channel::wechat_pay:
      return "wechat_pay";
    case channel::alipay:
      return "alipay";
    case channel::unionpay:
      return "unionpay";
    case channel::card:
      return "card";
    case channel::third_party:
      return "third_party";
  }
  return "unknown";
}

/// Remote relay commands (PP-4, Relay_Local.c): 拉闸, 允许合闸, 直接合闸, 保电, 解除保电.
enum class remote_command : std::uint8_t { trip, allow_close, close_now, protect, unprotect };

/// "trip", "allow_close", "close_now", "protect", "unprotect".
[[nodiscard]] constexpr std::string_view to_string(remote_command c) noexcept {
  switch (c) {
    case remote_command::trip:
      return "trip";
    case remote_command::allow_close:
      return "allow_close";
    case remote_command::close_now:
      return "close_now";
    case remote_command::protect:
      return "protect";
    case remote_command::unprotect:
      return "unprotect";
  }
  return "unknown";
}

/// The kind of an event.
enum class event_kind : std::uint8_t {
  recharge,       ///< money in (PP-6): pays receivables first (PP-9), the rest to the balance
  deduction,      ///< money out of the balance: consumption from a bill, or a periodic fee
  charge,         ///< a receivable (postpaid bill, fee arrears); settled by payments, oldest first
  settlement,     ///< pays receivables from the balance, oldest first (closing, LIFE-2 step 3)
  refund,         ///< 退费 (PP-7): money back to the tenant
  reversal,       ///< 冲正 (PP-8): undoes an earlier entry, named by its sequence number
  adjustment,     ///< a signed credit (+) or debit (−) from re-rating
  freeze,         ///< a signed change of the frozen amount (PP-9)
  replacement,    ///< 换表 (LIFE-1): an old meter's final reading, a new meter's initial reading
  close,          ///< 销户 (LIFE-2): no money event is accepted after it; trips the relay
  local_restore,  ///< the user presses the meter's button (PP-3)
  remote,         ///< a remote relay command (PP-4)
  tick,           ///< time passes: executes a pending cut that is due (CUT-3)
  payment,        ///< a payment bill paid in full, by its number; moves no balance (PAY-5)
};

/// The kind's name: "recharge", "deduction", … (stable: stored and printed).
[[nodiscard]] constexpr std::string_view to_string(event_kind k) noexcept {
  switch (k) {
    case event_kind::recharge:
      return "recharge";
    case event_kind::deduction:
      return "deduction";
    case event_kind::charge:
      return "charge";
    case event_kind::settlement:
      return "settlement";
    case event_kind::refund:
      return "refund";
    case event_kind::reversal:
      return "reversal";
    case event_kind::adjustment:
      return "adjustment";
    case event_kind::freeze:
      return "freeze";
    case event_kind::replacement:
      return "replacement";
    case event_kind::close:
      return "close";
    case event_kind::local_restore:
      return "local_restore";
    case event_kind::remote:
      return "remote";
    case event_kind::tick:
      return "tick";
    case event_kind::payment:
      return "payment";
  }
  return "unknown";
}

/// Number of event kinds.
inline constexpr int event_kind_count = 14;

/// Parses a name printed by to_string(event_kind); nullopt otherwise.
[[nodiscard]] constexpr std::optional<event_kind> parse_event_kind(std::string_view t) noexcept {
  for (int i = 0; i < event_kind_count; ++i) {
    if (to_string(static_cast<event_kind>(i)) == t) return static_cast<event_kind>(i);
  }
  return std::nullopt;
}
/// Parses a name printed by to_string(channel); nullopt otherwise.
[[nodiscard]] constexpr std::optional<channel> parse_channel(std::string_view t) noexcept {
  for (int i = 0; i <= static_cast<int>(channel::third_party); ++i) {
    if (to_string(static_cast<channel>(i)) == t) return static_cast<channel>(i);
  }
  return std::nullopt;
}
/// Parses a name printed by to_string(remote_command); nullopt otherwise.
[[nodiscard]] constexpr std::optional<remote_command> parse_remote_command(
    std::string_view t) noexcept {
  for (int i = 0; i <= static_cast<int>(remote_command::unprotect); ++i) {
    if (to_string(static_cast<remote_command>(i)) == t) return static_cast<remote_command>(i);
  }
  return std::nullopt;
}
/// Parses "electricity" or "water"; nullopt otherwise.
[[nodiscard]] constexpr std::optional<utility> parse_utility(std::string_view t) noexcept {
  if (t == "electricity") return utility::electricity;
  if (t == "water") return utility::water;
  return std::nullopt;
}

/// One event. A flat record: only the fields of its kind are meaningful, the others stay at their
/// defaults. Build with the factories below, which validate.
struct event {
  event_kind kind = event_kind::tick;
  /// Idempotency key, unique per account. A recharge's key is "recharge/<meter>/<counter>"
  /// (PP-6); a deduction or charge from a bill uses the bill's reference.
  std::string key;
  /// Local civil time of the event (NUM-3); an account refuses events that go back in time.
  local_time time{};
  /// The meter: recharge (the counter's meter), deduction, replacement (the old meter).
  std::string meter_id;
  /// recharge: the purchase counter 购电次数 (PP-6), > 0.
  std::int64_t counter = 0;
  /// recharge: how it was paid.
  channel pay_channel = channel::cash;
  /// recharge: payment reference; deduction/charge: bill reference; payment: "payment bill
  /// <number>" (PAY-5); any kind: a note.
  std::string reference;
  /// recharge, deduction, charge, refund, settlement (> 0); adjustment, freeze (signed, ≠ 0).
  money amount;
  /// deduction: the utility consumed and its quantity (zero quantity: a fee, not consumption).
  utility what = utility::electricity;
  /// deduction of electricity: kWh; replacement: the old meter's final reading.
  energy kwh;
  /// deduction of water: m³.
  volume m3;
  /// deduction: the meter's register reading at the end of the deducted usage, when known;
  /// replacement: the new meter's initial reading.
  std::optional<energy> reading;
  /// reversal: the sequence number of the entry reversed.
  std::uint64_t target = 0;
  /// replacement: the new meter.
  std::string new_meter_id;
  /// remote: the command.
  remote_command command = remote_command::trip;
};

namespace detail {
inline void require_key(const std::string& key, event_kind kind) {
  if (key.empty()) {
    throw error(errc::invalid_argument, "an event needs an idempotency key",
                {{"kind", std::string(to_string(kind))}});
  }
}
inline void require_positive(money amount, event_kind kind, const std::string& key) {
  if (amount.sign() <= 0) {
    throw error(
        errc::invalid_argument, "the amount must be positive",
        {{"kind", std::string(to_string(kind))}, {"key", key}, {"amount", amount.to_string(2)}});
  }
}
}  // namespace detail

/// Checks an event's fields for its kind. Refuses (errc::invalid_argument) a missing key, a
/// non-positive amount where one must be positive (recharge, deduction, charge, refund,
/// settlement), a zero adjustment or freeze, a counter ≤ 0, a negative quantity or register
/// reading, a reversal of entry 0, a replacement without both meters. Called by every factory and
/// by account::post.
inline void validate(const event& e) {
  switch (e.kind) {
    case event_kind::recharge:
      detail::require_key(e.key, e.kind);
      detail::require_positive(e.amount, e.kind, e.key);
      if (e.counter <= 0) {
        throw error(errc::invalid_argument, "a purchase counter (购电次数) must be positive",
                    {{"key", e.key}, {"counter", std::to_string(e.counter)}});
      }
      if (e.meter_id.empty()) {
        throw error(errc::invalid_argument, "a recharge names its meter", {{"key", e.key}});
      }
      return;
    case event_kind::deduction:
    case event_kind::charge:
    case event_kind::refund:
    case event_kind::settlement:
      detail::require_key(e.key, e.kind);
      detail::require_positive(e.amount, e.kind, e.key);
      if (e.kwh.is_negative() || e.m3.is_negative()) {
        throw error(errc::invalid_argument, "a consumed quantity cannot be negative",
                    {{"key", e.key}, {"kwh", e.kwh.to_string(2)}, {"m3", e.m3.to_string(2)}});
      }
      if (e.reading && e.reading->is_negative()) {
        throw error(errc::invalid_argument, "a register reading cannot be negative",
                    {{"key", e.key}, {"reading", e.reading->to_string(2)}});
      }
      return;
    case event_kind::adjustment:
    case event_kind::freeze:
      detail::require_key(e.key, e.kind);
      if (e.amount.is_zero()) {
        throw error(errc::invalid_argument, "an adjustment or freeze of zero changes nothing",
                    {{"kind", std::string(to_string(e.kind))}, {"key", e.key}});
      }
      return;
    case event_kind::reversal:
      detail::require_key(e.key, e.kind);
      if (e.target == 0) {
        throw error(errc::invalid_argument, "a reversal names the entry it reverses",
                    {{"key", e.key}});
      }
      return;
    case event_kind::replacement:
      detail::require_key(e.key, e.kind);
      if (e.meter_id.empty() || e.new_meter_id.empty() || e.meter_id == e.new_meter_id) {
        throw error(errc::invalid_argument, "a replacement names two different meters",
                    {{"key", e.key}, {"old", e.meter_id}, {"new", e.new_meter_id}});
      }
      if (!e.reading || e.reading->is_negative() || e.kwh.is_negative()) {
        throw error(errc::invalid_argument,
                    "a replacement gives the old meter's final and the new meter's initial reading",
                    {{"key", e.key}});
      }
      return;
    case event_kind::close:
      detail::require_key(e.key, e.kind);
      return;
    case event_kind::payment:
      detail::require_key(e.key, e.kind);
      detail::require_positive(e.amount, e.kind, e.key);
      if (e.reference.empty()) {
        throw error(errc::invalid_argument, "a payment names the payment bill it pays",
                    {{"key", e.key}});
      }
      return;
    case event_kind::local_restore:
    case event_kind::remote:
    case event_kind::tick:
      return;
  }
}

/// The key of a recharge: "recharge/<meter>/<counter>" (PP-6: the counter is the idempotency key).
[[nodiscard]] inline std::string recharge_key(const std::string& meter_id, std::int64_t counter) {
  return "recharge/" + meter_id + "/" + std::to_string(counter);
}

/// A recharge of `amount` on `meter_id` with purchase counter `counter` (PP-6).
[[nodiscard]] inline event recharge(local_time time, std::string meter_id, std::int64_t counter,
                                    money amount, channel how, std::string payment_reference) {
  event e;
  e.kind = event_kind::recharge;
  e.key = recharge_key(meter_id, counter);
  e.time = time;
  e.meter_id = std::move(meter_id);
  e.counter = counter;
  e.pay_channel = how;
  e.reference = std::move(payment_reference);
  e.amount = amount;
  validate(e);
  return e;
}

/// A consumption deduction of `amount` for `kwh` on an electricity meter (PP-5); `reading` is the
/// register reading the deduction runs to, when known.
[[nodiscard]] inline event consumption(local_time time, std::string key, std::string meter_id,
                                       energy kwh, money amount,
                                       std::optional<energy> reading = std::nullopt) {
  event e;
  e.kind = event_kind::deduction;
  e.key = std::move(key);
  e.time = time;
  e.meter_id = std::move(meter_id);
  e.what = utility::electricity;
  e.kwh = kwh;
  e.amount = amount;
  e.reading = reading;
  validate(e);
  return e;
}

/// A consumption deduction of `amount` for `m3` of water on a water meter.
[[nodiscard]] inline event water_consumption(local_time time, std::string key, std::string meter_id,
                                             volume m3, money amount) {
  event e;
  e.kind = event_kind::deduction;
  e.key = std::move(key);
  e.time = time;
  e.meter_id = std::move(meter_id);
  e.what = utility::water;
  e.m3 = m3;
  e.amount = amount;
  validate(e);
  return e;
}

namespace detail {

/// An event of `kind` moving `amount` (a fee, charge, settlement or refund), validated as that
/// kind, so that a refusal names the kind the caller asked for.
[[nodiscard]] inline event money_event(event_kind kind, local_time time, std::string key,
                                       money amount, std::string reference) {
  event e;
  e.kind = kind;
  e.key = std::move(key);
  e.time = time;
  e.reference = std::move(reference);
  e.amount = amount;
  validate(e);
  return e;
}

}  // namespace detail

/// A deduction that is not consumption: a periodic fee, an allocation, a basic charge.
[[nodiscard]] inline event fee(local_time time, std::string key, money amount,
                               std::string reference) {
  return detail::money_event(event_kind::deduction, time, std::move(key), amount,
                             std::move(reference));
}

/// A receivable (a postpaid bill, fee arrears).
[[nodiscard]] inline event charge(local_time time, std::string key, money amount,
                                  std::string reference) {
  return detail::money_event(event_kind::charge, time, std::move(key), amount,
                             std::move(reference));
}

/// Pays up to `amount` of receivables from the balance, oldest first.
[[nodiscard]] inline event settlement(local_time time, std::string key, money amount) {
  return detail::money_event(event_kind::settlement, time, std::move(key), amount, {});
}

/// PAY-5: the payment of payment bill `number` (bill/payment_bill.hpp), `amount` in full: keyed
/// ledger::payment_key(number), so paying it again is a duplicate (or, with another amount, a
/// key conflict); referenced payment_bill_reference(number). Refuses an empty number and a
/// non-positive amount.
[[nodiscard]] inline event payment(local_time time, const std::string& number, money amount) {
  if (number.empty()) {
    throw error(errc::invalid_argument, "a payment names the payment bill it pays",
                {{"kind", "payment"}});
  }
  event e;
  e.kind = event_kind::payment;
  e.key = payment_key(number);
  e.time = time;
  e.reference = payment_bill_reference(number);
  e.amount = amount;
  validate(e);
  return e;
}

/// 退费 (PP-7). Refuses what validate refuses, naming kind=refund.
[[nodiscard]] inline event refund(local_time time, std::string key, money amount,
                                  std::string reference = {}) {
  return detail::money_event(event_kind::refund, time, std::move(key), amount,
                             std::move(reference));
}

/// 冲正 (PP-8) of the entry with sequence number `target`.
[[nodiscard]] inline event reversal(local_time time, std::string key, std::uint64_t target,
                                    std::string reference = {}) {
  event e;
  e.kind = event_kind::reversal;
  e.key = std::move(key);
  e.time = time;
  e.target = target;
  e.reference = std::move(reference);
  validate(e);
  return e;
}

/// A signed adjustment from re-rating: + credits the tenant, − debits.
[[nodiscard]] inline event adjustment(local_time time, std::string key, money amount,
                                      std::string reference) {
  event e;
  e.kind = event_kind::adjustment;
  e.key = std::move(key);
  e.time = time;
  e.amount = amount;
  e.reference = std::move(reference);
  validate(e);
  return e;
}

/// A signed change of the frozen amount: + freezes, − releases.
[[nodiscard]] inline event freeze(local_time time, std::string key, money amount) {
  event e = adjustment(time, std::move(key), amount, {});
  e.kind = event_kind::freeze;
  return e;
}

/// 换表 (LIFE-1): the old meter's final reading and the new meter's initial reading.
[[nodiscard]] inline event replacement(local_time time, std::string key, std::string old_meter,
                                       energy old_final_reading, std::string new_meter,
                                       energy new_initial_reading) {
  event e;
  e.kind = event_kind::replacement;
  e.key = std::move(key);
  e.time = time;
  e.meter_id = std::move(old_meter);
  e.kwh = old_final_reading;
  e.new_meter_id = std::move(new_meter);
  e.reading = new_initial_reading;
  validate(e);
  return e;
}

/// 销户 (LIFE-2): closes the account.
[[nodiscard]] inline event close(local_time time, std::string key) {
  event e;
  e.kind = event_kind::close;
  e.key = std::move(key);
  e.time = time;
  validate(e);
  return e;
}

/// The user presses the meter's button (PP-3).
/// `key`, when given, makes the event idempotent like a payment: a replay with the same key is a
/// duplicate, not a second application (meter-side and scheduler events may come twice).
[[nodiscard]] inline event local_restore(local_time time, std::string key = {}) {
  event e;
  e.kind = event_kind::local_restore;
  e.key = std::move(key);
  e.time = time;
  return e;
}

/// A remote relay command (PP-4).
/// `key` as for local_restore: the platform's command id makes a re-sent command a duplicate.
[[nodiscard]] inline event remote(local_time time, remote_command command, std::string key = {}) {
  event e;
  e.kind = event_kind::remote;
  e.key = std::move(key);
  e.time = time;
  e.command = command;
  return e;
}

/// Time passes (CUT-3): a due cut is executed.
/// `key` as for local_restore.
[[nodiscard]] inline event tick(local_time time, std::string key = {}) {
  event e;
  e.kind = event_kind::tick;
  e.key = std::move(key);
  e.time = time;
  return e;
}

}  // namespace submeter::ledger
