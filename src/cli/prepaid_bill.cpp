// `submeter bill SITE --period P --prepaid-db DB [--post DB]`: the month-end bill of tenants
// deducted live (issue 17): the bills as without live deduction, then per prepaid tenant the
// live deductions of the period (the meters' and, 按日扣费, the days' fixed charges) and the
// true-up (bill total − Σ live deductions); posting posts only the true-up.
#include <algorithm>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "cli/prepaid_db.hpp"
#include "render/render.hpp"
#include "store/open_store.hpp"
#include "store/prepaid_store.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/core/error.hpp"
#include "submeter/ledger/keys.hpp"
#include "submeter/site/live_daily.hpp"
#include "submeter/site/live_step.hpp"

namespace submeter::cli {

using true_up_line = render::live_true_up;

std::vector<true_up_line> true_ups(store::prepaid_store& s, const site::site& site,
                                   const bill::billing_period& period,
                                   const std::vector<site::tenant_bill>& bills) {
  std::map<std::string, site::live_cursor> cursors;
  for (auto& c : s.cursors()) cursors.emplace(c.meter, std::move(c.cursor));
  std::map<std::string, const site::tenant*> by_id;
  for (const auto& t : site.tenants()) by_id.emplace(t.id, &t);
  const auto accounts = s.ledger().accounts();
  std::vector<true_up_line> out;
  for (const auto& b : bills) {
    const auto it = by_id.find(b.tenant_id);
    if (it == by_id.end()) continue;
    const auto& t = *it->second;
    if (!t.account || t.account->mode != ledger::account_mode::prepaid) continue;
    if (!std::binary_search(accounts.begin(), accounts.end(), t.id)) continue;
    // PAY-5: what a payment bill carries is not deducted, live or at the true-up.
    true_up_line l{t.id, bill::deducted_part(b.total, b.documents), money{}, money{}};
    for (const auto& m : t.meter_ids) {
      const auto c = cursors.find(m);
      if (c != cursors.end()) l.deducted += c->second.deducted_in(period.label());
    }
    // 按日扣费 (DAY-4): the days' fixed charges are live deductions of the month too.
    l.deducted += site::daily_deducted_in(s.ledger().entries(t.id), t.id, period.label());
    l.true_up = l.billed - l.deducted;
    out.push_back(l);
  }
  return out;
}

std::vector<render::live_true_up> live_true_ups(const std::string& db, const site::site& site,
                                               const bill::billing_period& period,
                                               const std::vector<site::tenant_bill>& bills) {
  check_ledger_file(db, true);
  store::prepaid_store s(db);
  return true_ups(s, site, period, bills);
}

void post_true_ups(std::ostream& out, const std::string& db, const site::site& site,
                   const bill::billing_period& period, const std::vector<site::tenant_bill>& bills) {
  check_ledger_file(db, true);
  store::prepaid_store s(db);
  const auto lines = true_ups(s, site, period, bills);
  // Only the true-up: the live deductions are posted already. Positive: a fee; negative: a
  // credit (adjustment); zero: nothing. Key bill/<period>/<tenant>: re-running is a no-op.
  std::vector<store::posting_request> batch;
  for (const auto& l : lines) {
    const auto key = ledger::bill_key(l.tenant, period.label());
    const auto ref = "true-up " + period.label() + " " + l.tenant;
    const auto at = period.window().end();
    if (l.true_up.sign() > 0) {
      batch.push_back({l.tenant, ledger::fee(at, key, l.true_up, ref)});
    } else if (l.true_up.sign() < 0) {
      batch.push_back({l.tenant, ledger::adjustment(at, key, money{} - l.true_up, ref)});
    }
  }
  const auto r = s.ledger().post(batch);
  out << "posted " << r.applied << " true-ups for " << period.label() << " (" << r.duplicates
      << " already posted)\n";
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& p = r.postings[i];
    out << batch[i].account_id << ": " << std::string(ledger::to_string(batch[i].what.kind))
        << " " << batch[i].what.amount.to_string(2) << ", "
        << std::string(ledger::to_string(p.status));
    if (p.committed) out << ", balance " << p.committed->balance_after.to_string(2);
    out << "\n";
  }
}

void write_true_up_summary(std::ostream& out, const std::string& db,
                           const bill::billing_period& period,
                           const std::vector<render::live_true_up>& lines) {
  out << "== Live prepaid " << period.label() << " (" << store::printable_place(db) << ") ==\n";
  for (const auto& l : lines) {
    out << l.tenant << ": bill " << l.billed.to_string(2) << ", live deductions "
        << l.deducted.to_string(2) << ", true-up " << l.true_up.to_string(2) << "\n";
  }
}

}  // namespace submeter::cli
