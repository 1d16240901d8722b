// Properties of the fold (account.hpp) and statements (statement.hpp) over random event
// sequences: determinism, the statement identity, idempotent replays, reversal of a reversal.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <vector>

#include "ops.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/statement.hpp"
#include "support.hpp"

namespace rc {
template <>
struct Arbitrary<submeter::ledger::test::op> {
  static Gen<submeter::ledger::test::op> arbitrary() {
    return gen::build<submeter::ledger::test::op>(
        gen::set(&submeter::ledger::test::op::kind, gen::inRange(0, 10)),
        gen::set(&submeter::ledger::test::op::a, gen::inRange(0, 10001)),
        gen::set(&submeter::ledger::test::op::b, gen::inRange(0, 21)));
  }
};
}  // namespace rc

namespace submeter::ledger {
namespace {

using test::op;

account run(const std::vector<event>& events) {
  account acc = account::open(test::simple_params());
  for (const auto& e : events) (void)acc.post(e);
  return acc;
}

bool same(const account& x, const account& y) {
  const auto& a = x.state();
  const auto& b = y.state();
  if (!(a.balance == b.balance && a.frozen == b.frozen &&
        a.cumulative_purchased == b.cumulative_purchased && a.arrears() == b.arrears() &&
        a.current == b.current && a.relay == b.relay && a.last_seq == b.last_seq &&
        a.alarms_crossed == b.alarms_crossed && x.entries().size() == y.entries().size())) {
    return false;
  }
  for (std::size_t i = 0; i < x.entries().size(); ++i) {
    if (x.entries()[i].balance_after != y.entries()[i].balance_after) return false;
  }
  return true;
}

RC_GTEST_PROP(ledger_properties, fold_is_deterministic, (const std::vector<op>& ops)) {
  const auto events = test::events_of(ops);
  RC_ASSERT(same(run(events), run(events)));
}

RC_GTEST_PROP(ledger_properties, balance_is_the_sum_of_entry_changes,
              (const std::vector<op>& ops)) {
  const auto acc = run(test::events_of(ops));
  money sum;
  money purchased;
  money arrears;
  for (const auto& en : acc.entries()) {
    sum += en.balance_delta();
    purchased += en.purchased_delta;
    arrears += en.arrears_delta;
  }
  RC_ASSERT(sum == acc.state().balance);
  RC_ASSERT(purchased == acc.state().cumulative_purchased);
  RC_ASSERT(arrears == acc.state().arrears());
}

RC_GTEST_PROP(ledger_properties, statement_identity_holds_for_any_range,
              (const std::vector<op>& ops, unsigned from_step, unsigned length)) {
  const auto acc = run(test::events_of(ops));
  const auto base = local_time(date::local_days{date::year{2025} / 1 / 1});
  const auto from = base + std::chrono::minutes(10 * static_cast<int>(from_step % 200));
  const auto to = from + std::chrono::minutes(1 + static_cast<int>(length % 3000));
  const auto st = make_statement("A-1", acc.entries(), from, to);
  RC_ASSERT(st.opening_balance + st.total_change() == st.closing_balance);
  money listed;
  for (const auto& en : st.entries) listed += en.balance_delta();
  RC_ASSERT(listed == st.total_change());
  const auto all =
      make_statement("A-1", acc.entries(), base - std::chrono::minutes(1), base + date::days(400));
  RC_ASSERT(all.opening_balance == money{});
  RC_ASSERT(all.closing_balance == acc.state().balance);
  RC_ASSERT(all.closing_arrears == acc.state().arrears());
}

RC_GTEST_PROP(ledger_properties, replaying_any_prefix_changes_nothing,
              (const std::vector<op>& ops, unsigned cut)) {
  const auto events = test::events_of(ops);
  const auto once = run(events);
  account twice = run(events);
  const std::size_t n = events.empty() ? 0 : cut % (events.size() + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = twice.post(events[i]);
    // A replay is a duplicate or a refusal; "ok" is only allowed for an event that writes nothing
    // (a tick with no cut due), so nothing is ever applied twice.
    RC_ASSERT(r.status != posting_status::ok || !r.committed.has_value());
  }
  RC_ASSERT(same(once, twice));
}

RC_GTEST_PROP(ledger_properties, a_reversal_of_a_reversal_is_refused,
              (const std::vector<op>& ops)) {
  account acc = run(test::events_of(ops));
  const auto late = local_time(date::local_days{date::year{2026} / 1 / 1});
  const auto entries = acc.entries();
  int i = 0;
  for (const auto& en : entries) {
    if (en.what.kind != event_kind::reversal || acc.state().closed) continue;
    const auto r = acc.post(reversal(late, "rr" + std::to_string(i++), en.seq));
    RC_ASSERT(r.status == posting_status::rejected_not_reversible);
  }
  RC_ASSERT(acc.entries().size() == entries.size());
}

}  // namespace
}  // namespace submeter::ledger
