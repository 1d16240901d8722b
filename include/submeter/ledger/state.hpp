#pragma once
/// \file
/// ledger::account_params and ledger::account_state: what an account is fixed with (mode, meters,
/// PP-1 levels, balance alarms, counter policy, CUT-3 cut policy) and what its fold accumulates
/// (balance, frozen money and receivables of PP-9, meters with their PP-6 counters and LIFE-1
/// carried energy, the PP-2 level and the relay).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

}  // namespace submeter::ledger
