#pragma once
/// \file
/// ledger::live_deduction and ledger::post_live: the ledger side of the live prepaid step (issue
/// 17). A reading's deduction is one event under the idempotent key `reading/<meter>/<time>`,
/// carrying the readings it covers; posting it runs, in the same step, what the ledger already
/// does after a balance change (PP-2 levels, balance alarms with their hysteresis, PP-3 trips,
/// CUT-3 scheduling with notice and no-cut windows, 保电) and gives the outbox rows
/// (outbox.hpp). A cut that fell due since the last event is executed first (a tick at the
/// event's time), so a deferred cut happens with the first reading after its time.
///
/// Pure: `post_live(params, state, history, event)` changes `state` only as ledger::post does
/// (all or nothing per event) and returns everything that happened as values.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/history.hpp"
#include "submeter/ledger/outbox.hpp"
#include "submeter/ledger/post.hpp"
#include "submeter/ledger/posting.hpp"
#include "submeter/ledger/state.hpp"

namespace submeter::ledger {

namespace detail {

/// "reading/<meter_id>/<time_text>", with the time already printed.
[[nodiscard]] inline std::string reading_key_of(const std::string& meter_id,
                                                std::string_view time_text) {
  constexpr std::string_view prefix = "reading/";
  std::string key;
  key.reserve(prefix.size() + meter_id.size() + 1 + time_text.size());
  key.append(prefix).append(meter_id);
  key += '/';
  key.append(time_text);
  return key;
}

}  // namespace detail

/// "reading/<meter>/<time>", e.g. "reading/M-1/2026-07-01T10:00:00": the idempotency key of the
/// deduction of the reading of `meter_id` at `time` (the meter's own time stamp). The time is
/// the text after the key's last '/' (a time's text has none).
[[nodiscard]] inline std::string reading_key(const std::string& meter_id, local_time time) {
  char text[40];
  return detail::reading_key_of(meter_id,
                                std::string_view(text, local_interval::format_into(text, time)));
}

/// The readings a live deduction covers: the meter's totals (as read, before the multiplier) at
/// the last deducted reading and at this one.
struct covered_readings {
  std::string meter_id;
  /// The last deducted reading: its time and total.
  local_time from_time{};
  energy from_total;
  /// This reading: its time and total.
  local_time to_time{};
  energy to_total;

  /// "<from time> <from total> .. <to time> <to total>", the deduction event's reference.
  [[nodiscard]] std::string describe() const { return describe(local_time_text(to_time)); }

  /// describe() with `to_time` already printed (`to_text`, as local_time_text prints it).
  [[nodiscard]] std::string describe(std::string_view to_text) const {
    std::string text;
    // Two times, two totals (each at most 21 characters) and six separators: one allocation.
    text.reserve(local_time_text_size + to_text.size() + 2 * 21 + 6);
    append_local_time(text, from_time);
    text += ' ';
    from_total.append_to(text, 4);
    text.append(" .. ").append(to_text);
    text += ' ';
    to_total.append_to(text, 4);
    return text;
  }
};

/// The deduction of one reading (PP-5): `amount` (> 0) for `quantity` used between the readings
/// `covers` (kWh, or m³ when `what` is water), under the key reading_key(meter, covers.to_time)
/// and posted at `post_time` (the reading's time, or the account's last event time when a reading
/// of another meter came later: a posting never goes back). The event's `reading` is the total it
/// runs to and its `reference` the covered readings (covered_readings::describe). Refuses what
/// ledger::validate refuses (a non-positive amount, a negative quantity).
[[nodiscard]] inline event live_deduction(const covered_readings& covers, utility what,
                                          energy quantity, money amount, local_time post_time) {
  // The reading's time is printed once, for the key and the reference.
  char to_buf[40];
  const std::string_view to_text(to_buf, local_interval::format_into(to_buf, covers.to_time));
  std::string key = detail::reading_key_of(covers.meter_id, to_text);
  event e = what == utility::water
                ? water_consumption(post_time, std::move(key), covers.meter_id,
                                    volume::from_mantissa(quantity.mantissa()), amount)
                : consumption(post_time, std::move(key), covers.meter_id, quantity, amount,
                              covers.to_total);
  e.reading = covers.to_total;
  e.reference = covers.describe(to_text);
  return e;
}

/// What posting one event live did: the posting of a cut that fell due before it (a tick, when
/// one was executed), the event's own posting, and the outbox rows of both, in order.
struct live_posting {
  /// The tick that executed a due cut first, when one was due.
  std::optional<posting> due_cut;
  /// The event's own posting.
  posting posted;
  /// The outbox rows of both, in order.
  std::vector<outbox_row> rows;
};

namespace detail {

/// post_live over any poster: `state()` gives the account's state, `post(event)` posts to it.
template <class State, class Post>
[[nodiscard]] live_posting post_live_with(const account_params& params, State&& state, Post&& post,
                                          const event& e) {
  live_posting out;
  const account_state& s = state();
  if (params.mode == account_mode::prepaid && s.relay.pending_cut && !s.closed &&
      (!s.last_time || !(e.time < *s.last_time))) {
    const relay_state before = s.relay;
    posting t = post(tick(e.time));
    if (t.committed) {
      for (auto& r : outbox_of(params, t, before, state())) out.rows.push_back(std::move(r));
      out.due_cut = std::move(t);
    }
  }
  const relay_state before = state().relay;
  out.posted = post(e);
  for (auto& r : outbox_of(params, out.posted, before, state())) out.rows.push_back(std::move(r));
  return out;
}

}  // namespace detail

/// Posts `e` to the account (`params`, `state`, `h`) live: first a tick at the event's time (a
/// cut that fell due since is executed, CUT-3), then the event (ledger::post), each with its
/// outbox rows (outbox_of). `h` must know the entries posted here when it is asked again (a store
/// inside its transaction). Throws only what ledger::post throws.
[[nodiscard]] inline live_posting post_live(const account_params& params, account_state& state,
                                            const history& h, const event& e) {
  return detail::post_live_with(
      params, [&]() -> const account_state& { return state; },
      [&](const event& x) { return post(params, state, h, x); }, e);
}

/// post_live on an account kept in memory (account.hpp), which remembers its entries itself.
[[nodiscard]] inline live_posting post_live(account& a, const event& e) {
  return detail::post_live_with(
      a.params(), [&]() -> const account_state& { return a.state(); },
      [&](const event& x) { return a.post(x); }, e);
}

}  // namespace submeter::ledger
