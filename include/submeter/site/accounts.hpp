#pragma once
/// \file
/// site::post_account: the seventh step of the site run: a tenant's bill posted to its account
/// (ledger PP-1..PP-9, CUT-3): the period's recharges, then the bill (a prepaid deduction with
/// alarms and the relay decision, or a postpaid receivable), and the closing at move-out; what
/// the account looks like afterwards.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/tax.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/keys.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/site/site.hpp"

namespace submeter::site {

/// A tenant's account after the period's bill was posted: what was on it, what was paid in and
/// charged, where the balance ended, the alarms raised and the relay decision at the end of the
/// period. Typed: render turns mode and level into text.
struct account_summary {
  ledger::account_mode mode = ledger::account_mode::postpaid;
  money opening_balance;
  /// Σ recharges during the period.
  money recharged;
  /// This bill (prepaid: deducted; postpaid: a new receivable).
  money charged;
  /// The balance after the bill (prepaid; postpaid: any credit).
  money balance;
  /// Outstanding receivables (postpaid).
  money arrears;
  /// The PP-2 level at the period end (prepaid accounts that are not closed).
  ledger::level level = ledger::level::normal;
  /// Notifications raised during the period ("alarm1", "cut_notice 2026-…", …), in order.
  std::vector<std::string> notices;
  /// The relay decision at the period end (CUT-3): cut now, and whether it should be closed.
  bool cut = false;
  bool relay_closed = true;
  std::vector<std::string> relay_reasons;
  /// A move-out closed the account; the prepaid balance left was refunded.
  bool closed = false;
  money refunded;
};

/// A tenant's bill as the site run issues it: the bill, and the account after it was posted when
/// the tenant has one.
struct tenant_bill : bill::bill {
  std::optional<account_summary> account{};
  /// BN-1: the bill's number when the site numbers its bills (site/issue.hpp); empty otherwise.
  std::string number{};
  /// The external invoice number (发票号) a platform recorded against `number`; empty until then.
  std::string invoice{};
  /// VAT-1..VAT-3: net and VAT when the site asks for tax lines (site/issue.hpp).
  std::optional<submeter::bill::tax_breakdown> tax{};
};

/// The ledger event that posts bill `b` of tenant `tenant_id` at `at` (the period end): a fee
/// deducted from a prepaid account or a charge (receivable) on a postpaid one, keyed
/// ledger::bill_key(tenant, period) and referenced "bill <period>".
[[nodiscard]] inline ledger::event bill_posting(ledger::account_mode mode,
                                                const std::string& tenant_id, const bill::bill& b,
                                                local_time at) {
  const auto key = ledger::bill_key(tenant_id, b.period);
  const std::string reference = "bill " + b.period;
  return mode == ledger::account_mode::prepaid ? ledger::fee(at, key, b.total, reference)
                                               : ledger::charge(at, key, b.total, reference);
}

/// A tenant's account as it stands at the start of the period billed: its parameters (account id
/// = tenant id, its meters, the PP-1 levels, `counters`) and its opening state (the balance at the
/// start of the period, its level). What post_account opens, and what a ledger store that does not
/// know the account yet opens it with (store/site_postings.hpp).
struct account_opening {
  ledger::account_params params;
  ledger::account_state state;
};

/// The account_opening of tenant `t` with account terms `a` (with its cut policy and 保电 flag,
/// CUT-3, PP-4). Refuses what
/// ledger::account_params::make refuses.
[[nodiscard]] inline account_opening opening_of(const site& s, const tenant& t,
                                                const tenant_account& a,
                                                ledger::counter_policy counters) {
  std::vector<ledger::meter_ref> refs;
  for (const auto& m : t.meter_ids) {
    refs.push_back({m, is_water(s, m) ? ledger::utility::water : ledger::utility::electricity});
  }
  auto params = ledger::account_params::make(t.id, a.mode, refs, a.levels, {}, counters, a.cuts);
  auto state = ledger::opening_state(params);
  state.relay.is_protected = a.keep_on;  // 保电 (PP-4): trips suppressed, never cut
  state.balance = a.opening_balance;
  state.current = ledger::level_of(state.available(), params.levels);
  return {std::move(params), std::move(state)};
}

/// Posts tenant `t`'s bill `b` to its account `a` and summarises it: the account opens with the
/// balance at the start of the period billed; the recharges paid inside `occupied` are posted
/// (purchase counters 1, 2, … under `counters`), then the bill (bill_posting) at the end of
/// `occupied`; a tenant moving out has the balance left refunded and the account closed, unless
/// arrears remain (a notice says so). Refuses (the ledger's code) a posting the account refuses,
/// naming the tenant.
[[nodiscard]] inline account_summary post_account(const site& s, const tenant& t,
                                                  const tenant_account& a, const bill::bill& b,
                                                  const local_interval& occupied,
                                                  ledger::counter_policy counters) {
  const local_time end = occupied.end();
  const auto opening = opening_of(s, t, a, counters);
  const auto& params = opening.params;
  auto acc = ledger::account::open(params, opening.state);
  account_summary out;
  out.mode = a.mode;
  out.opening_balance = a.opening_balance;
  const auto post = [&](const ledger::event& e, bool notices = true) {
    const auto r = acc.post(e);
    if (!ledger::accepted(r.status)) {
      throw error(ledger::error_code(r.status), "the account refused a posting",
                  {{"tenant", t.id}, {"reason", r.message}});
    }
    for (const auto& n : r.notifications) {
      if (!notices) break;  // a closing's refund empties the balance on purpose
      out.notices.push_back(n.detail.empty() ? n.code : n.code + " " + n.detail);
    }
  };
  std::int64_t counter = 0;
  for (const auto& r : a.recharges) {
    if (r.time < occupied.begin() || !(r.time < end)) continue;  // another period's recharge
    post(ledger::recharge(r.time, t.meter_ids.front(), ++counter, r.amount, r.how, r.reference));
    out.recharged += r.amount;
  }
  if (!b.total.is_zero()) post(bill_posting(a.mode, t.id, b, end));
  out.charged = b.total;
  if (t.move_out) {
    const auto left = acc.state().available();
    if (money{} < left) {
      post(ledger::refund(end, "refund/" + t.id, left, "closing"), false);
      out.refunded = left;
    }
    if (acc.state().arrears().is_zero()) {
      post(ledger::close(end, "close/" + t.id), false);
      out.closed = true;
    } else {
      out.notices.push_back("not closed: arrears " + acc.state().arrears().to_string(2));
    }
  }
  const auto& st = acc.state();
  out.balance = st.balance;
  out.arrears = st.arrears();
  out.level = st.current;
  if (out.closed) {
    out.relay_closed = false;
    out.relay_reasons = {"account closed"};
  } else if (a.mode == ledger::account_mode::postpaid) {
    // PP-1 levels and cut-off are for prepaid accounts.
    out.relay_reasons = {"postpaid: no prepaid cut-off; arrears are collected by the bill"};
  } else {
    const auto d = ledger::decide(st.relay, st.current, params.cuts, end);
    out.cut = d.cut;
    out.relay_closed = d.closed;
    out.relay_reasons = d.reasons;
  }
  return out;
}

}  // namespace submeter::site
