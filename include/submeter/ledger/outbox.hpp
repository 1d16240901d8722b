#pragma once
/// \file
/// ledger::outbox_row: what a posting asks the platform to deliver (transactional outbox, issue
/// 17): supply commands (cut or restore a meter's relay or valve) and notifications to the
/// tenant (alarm1, alarm2, overdraft, exhausted, balance alarm, recharge received, cut notice,
/// cut, restore, …), each a row with a stable id that the deliverer acknowledges.
///
/// The core only names the command (`supply_command`); the wire frame (DL/T 645 control code
/// 1C for a relay, CJ/T 188 A017 for a valve) needs the meter's address and passwords and is built
/// at the edge from meters/ (the layering keeps ledger/ below meters/). Rows are derived from a
/// posting and the relay state before and after it (`outbox_of`), so writing them in the same
/// transaction as the entry keeps them exactly once.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/time.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/posting.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/ledger/state.hpp"

namespace submeter::ledger {

/// A command to a meter's supply: cut (DL/T 645 1C 跳闸 N1 = 1A; CJ/T 188 关阀 99) or restore
/// (1C 直接合闸 N1 = 1C; CJ/T 188 开阀 55). PP-4.
enum class supply_command : std::uint8_t { cut, restore };

/// "cut" or "restore".
[[nodiscard]] constexpr std::string_view to_string(supply_command c) noexcept {
  return c == supply_command::cut ? "cut" : "restore";
}

/// What a notification row tells the tenant or operator.
enum class notice : std::uint8_t {
  alarm1,                 ///< level alarm1 entered (PP-2, PP-3)
  alarm2,                 ///< level alarm2 entered: a warning trip is requested
  overdraft,              ///< level overdraft entered
  exhausted,              ///< overdraft exhausted: a hard trip is requested
  balance_alarm,          ///< the available balance fell to a balance alarm threshold
  recharge_received,      ///< a recharge was accepted (PP-6)
  cut_notice,             ///< a cut is scheduled (CUT-3), detail: when
  cut_deferred,           ///< a no-cut window moved the cut later, detail: when it was due
  cut,                    ///< the supply was cut (the relay opened)
  restore,                ///< the supply was restored (the relay closed)
  pending_cut_cancelled,  ///< a scheduled cut will not happen (a recharge, 保电)
  trip_suppressed,        ///< a trip was not requested: the account is 保电 (PP-4)
  reading_backwards,      ///< a register went backwards: the reading is not deducted
};

/// The notice's name, as stored and printed ("alarm1", "recharge_received", …).
[[nodiscard]] constexpr std::string_view to_string(notice n) noexcept {
  switch (n) {
    case notice::alarm1:
      return "alarm1";
    case notice::alarm2:
      return "alarm2";
    case notice::overdraft:
      return "overdraft";
    case notice::exhausted:
      return "exhausted";
    case notice::balance_alarm:
      return "balance_alarm";
    case notice::recharge_received:
      return "recharge_received";
    case notice::cut_notice:
      return "cut_notice";
    case notice::cut_deferred:
      return "cut_deferred";
    case notice::cut:
      return "cut";
    case notice::restore:
      return "restore";
    case notice::pending_cut_cancelled:
      return "pending_cut_cancelled";
    case notice::trip_suppressed:
      return "trip_suppressed";
    case notice::reading_backwards:
      return "reading_backwards";
  }
  return "unknown";
}

/// Number of notices.
inline constexpr int notice_count = 13;

/// Parses a name printed by to_string(notice); nullopt otherwise (a posting's notification code
/// "cut_executed" is not a notice: the relay's move gives `cut`).
[[nodiscard]] constexpr std::optional<notice> parse_notice(std::string_view t) noexcept {
  for (int i = 0; i < notice_count; ++i) {
    if (to_string(static_cast<notice>(i)) == t) return static_cast<notice>(i);
  }
  return std::nullopt;
}

/// One outbox row: a supply command for one meter, or a notification for an account.
struct outbox_row {
  /// Stable and unique: "<account>/<entry seq>/<n>" for the n-th row (from 0) of an entry, or
  /// "<account>/<key>/<notice>" for a row without an entry (a reading refused as backwards).
  std::string id;
  /// The account's id.
  std::string account;
  /// When the row became due (the event's time).
  local_time time{};
  /// A command (`command` set, `meter` and `what` name the meter), else a notification.
  std::optional<supply_command> command;
  std::string meter;
  utility what = utility::electricity;
  /// A notification: what, and its detail (a threshold, a cut time, a reason).
  notice about = notice::alarm1;
  std::string detail;
  /// A supply command's wire frame, hex as the meters' codecs print it ("FE FE FE FE 68 …": the
  /// DL/T 645 relay-control 1C or CJ/T 188 A017 valve frame), or empty. The ledger never fills
  /// it (the core knows no meter's address or protocol): the edge that knows the site's meters
  /// does (src/io/command_frame.hpp) before the row is stored, and the store keeps it with the
  /// row. Always empty for a notification.
  std::string frame;

  /// True for a supply command.
  [[nodiscard]] bool is_command() const noexcept { return command.has_value(); }
};

/// The stable id of the `n`-th row of entry `seq` of `account`.
[[nodiscard]] inline std::string outbox_id(const std::string& account, std::uint64_t seq,
                                           std::size_t n) {
  return account + "/" + std::to_string(seq) + "/" + std::to_string(n);
}

/// The rows a committed posting `p` of account `params` asks for, in order: a recharge's
/// `recharge_received`; every notification the posting raised that is a notice (a posting's
/// "cut_executed" is given by the relay's move instead); then, when the relay moved from
/// `relay_before` to `relay_after`, one supply command per meter of `state_after` (cut when it
/// opened, restore when it closed) and the notice `cut` or `restore`. A posting that committed
/// no new entry (a duplicate, a refusal, a tick with nothing due) gives no rows: a replay never
/// delivers twice.
[[nodiscard]] inline std::vector<outbox_row> outbox_of(const account_params& params,
                                                       const posting& p,
                                                       const relay_state& relay_before,
                                                       const account_state& state_after) {
  std::vector<outbox_row> rows;
  if (p.status != posting_status::ok || !p.committed) return rows;
  const entry& en = *p.committed;
  const auto add = [&](notice n, std::string detail) {
    outbox_row r;
    r.id = outbox_id(params.id, en.seq, rows.size());
    r.account = params.id;
    r.time = en.what.time;
    r.about = n;
    r.detail = std::move(detail);
    rows.push_back(std::move(r));
  };
  if (en.what.kind == event_kind::recharge) {
    add(notice::recharge_received, en.what.amount.to_string(2));
  }
  for (const auto& n : p.notifications) {
    if (const auto k = parse_notice(n.code)) add(*k, n.detail);
  }
  const relay_position after = state_after.relay.position;
  if (after != relay_before.position) {
    const auto c = after == relay_position::open ? supply_command::cut : supply_command::restore;
    for (const auto& m : state_after.meters) {
      outbox_row r;
      r.id = outbox_id(params.id, en.seq, rows.size());
      r.account = params.id;
      r.time = en.what.time;
      r.command = c;
      r.meter = m.id;
      r.what = m.what;
      rows.push_back(std::move(r));
    }
    add(c == supply_command::cut ? notice::cut : notice::restore, {});
  }
  return rows;
}

}  // namespace submeter::ledger
