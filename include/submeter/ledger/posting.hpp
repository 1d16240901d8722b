#pragma once
/// \file
/// ledger::posting: the outcome of posting one event to an account (`post`, post.hpp): its
/// status (accepted, a replay, or why it was refused), the committed entry with what it did to
/// the balance, receivables and purchases, and the notifications it raised. Whether an event is
/// accepted is a value, never an exception.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/ledger/event.hpp"

namespace submeter::ledger {

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

}  // namespace submeter::ledger
