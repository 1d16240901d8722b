#pragma once
/// \file
/// ledger::statement: an account statement for any date range (rules.md §17: "reports with
/// opening and closing balances"; LIFE-2 step 6, the final statement).
///
/// The identity opening + Σ entries = closing holds by construction: every entry's balance
/// change falls in exactly one bucket, and make_statement checks it.

#include <optional>
#include <string>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"

namespace submeter::ledger {

/// Consumption of one utility in a statement.
struct consumption_total {
  energy kwh;
  volume m3;
  /// The amount deducted for it (positive: money out of the balance or into receivables).
  money amount;
};

/// A statement of an account over [from, to) (local times). Every bucket is the signed change of
/// the balance it caused, so opening + Σ buckets = closing.
struct statement {
  std::string account_id;
  local_time from{};
  local_time to{};
  money opening_balance;
  /// Recharges (net of what paid arrears).
  money recharges;
  /// Consumption deductions, per utility (balance change: ≤ 0 for prepaid).
  money electricity;
  money water;
  /// Deductions that are not consumption (fees, allocations, basic charges).
  money fees;
  /// Re-rating adjustments.
  money adjustments;
  /// Refunds (≤ 0).
  money refunds;
  /// Reversals (冲正), of anything.
  money reversals;
  /// Receivables settled from the balance (≤ 0).
  money settlements;
  money closing_balance;
  /// Quantities and amounts consumed, per utility.
  consumption_total electricity_use;
  consumption_total water_use;
  /// Receivables outstanding at the start and at the end.
  money opening_arrears;
  money closing_arrears;
  /// The entries in the range, in order.
  std::vector<entry> entries;

  /// Σ of the buckets.
  [[nodiscard]] money total_change() const {
    return recharges + electricity + water + fees + adjustments + refunds + reversals + settlements;
  }
};

/// The statement of `entries` (all of an account's entries, in order) over [from, to).
/// `initial_balance` and `initial_arrears` are the account's values before its first entry.
/// Refuses (errc::out_of_order) to <= from; throws errc::inconsistent if the identity fails (a
/// corrupt entry list).
[[nodiscard]] inline statement make_statement(std::string account_id,
                                              const std::vector<entry>& entries, local_time from,
                                              local_time to, money initial_balance = {},
                                              money initial_arrears = {}) {
  if (!(from < to)) {
    throw error(errc::out_of_order, "a statement's range ends after it starts",
                {{"account", account_id},
                 {"from", local_interval::format(from)},
                 {"to", local_interval::format(to)}});
  }
  statement st;
  st.account_id = std::move(account_id);
  st.from = from;
  st.to = to;
  money balance = initial_balance;
  money arrears = initial_arrears;
  st.opening_balance = balance;
  st.opening_arrears = arrears;
  for (const auto& en : entries) {
    if (en.what.time >= to) break;
    if (en.what.time < from) {
      balance = en.balance_after;
      arrears += en.arrears_delta;
      st.opening_balance = balance;
      st.opening_arrears = arrears;
      continue;
    }
    const money delta = en.balance_delta();
    switch (en.what.kind) {
      case event_kind::recharge:
        st.recharges += delta;
        break;
      case event_kind::deduction:
        // A deduction naming a meter is consumption of its utility; one without is a fee.
        if (en.what.meter_id.empty()) {
          st.fees += delta;
        } else if (en.what.what == utility::electricity) {
          st.electricity += delta;
          st.electricity_use.kwh += en.what.kwh;
          st.electricity_use.amount += en.what.amount;
        } else {
          st.water += delta;
          st.water_use.m3 += en.what.m3;
          st.water_use.amount += en.what.amount;
        }
        break;
      case event_kind::adjustment:
        st.adjustments += delta;
        break;
      case event_kind::refund:
        st.refunds += delta;
        break;
      case event_kind::reversal:
        st.reversals += delta;
        break;
      case event_kind::settlement:
        st.settlements += delta;
        break;
      default:
        // charge, freeze, replacement, close and relay events do not move the balance, except a
        // postpaid charge, which never does; fold any change into fees to keep the identity.
        st.fees += delta;
        break;
    }
    balance = en.balance_after;
    arrears += en.arrears_delta;
    st.entries.push_back(en);
  }
  st.closing_balance = balance;
  st.closing_arrears = arrears;
  if (st.opening_balance + st.total_change() != st.closing_balance) {
    throw error(errc::inconsistent, "statement identity fails: the entries are not a chain",
                {{"account", st.account_id},
                 {"opening", st.opening_balance.to_string(2)},
                 {"change", st.total_change().to_string(2)},
                 {"closing", st.closing_balance.to_string(2)}});
  }
  return st;
}

}  // namespace submeter::ledger
