#include "store/site_postings.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/ledger/event.hpp"

namespace submeter::store {

site_postings post_site_bills(ledger_store& store, const site::site& s,
                              const bill::billing_period& period,
                              const std::vector<site::tenant_bill>& bills,
                              ledger::counter_policy counters, const std::string& account_prefix) {
  std::map<std::string, const site::tenant*> by_id;
  for (const auto& t : s.tenants()) by_id.emplace(t.id, &t);
  const auto known = store.accounts();  // sorted
  site_postings out;
  std::vector<posting_request> batch;
  for (const auto& b : bills) {
    const auto it = by_id.find(b.tenant_id);
    if (it == by_id.end()) {
      throw error(errc::not_found, "a bill of a tenant the site does not have",
                  {{"tenant", b.tenant_id}, {"site", s.name()}});
    }
    const auto& t = *it->second;
    if (!t.account || b.total.is_zero()) continue;
    const std::string account = account_prefix + t.id;
    if (!std::binary_search(known.begin(), known.end(), account)) {
      auto opening = site::opening_of(s, t, *t.account, counters);
      opening.params.id = account;
      try {
        store.create_account(opening.params, opening.state);
        ++out.opened;
      } catch (const error& e) {
        if (e.code() != errc::duplicate) throw;  // opened by a run that died before posting
      }
    }
    local_time end = period.window().end();
    if (t.move_out && *t.move_out < end) end = *t.move_out;
    // PAY-5: the lines on payment bills are not charged; a credit note is a credit of its own.
    const auto part = site::account_part(s, t.id, t.account->mode, b, end);
    if (!part.charged.total.is_zero()) {
      batch.push_back({account, site::bill_posting(t.account->mode, t.id, part.charged, end)});
    }
    if (part.credit) batch.push_back({account, *part.credit});
  }
  if (batch.empty()) return out;
  const auto r = store.post(batch);
  out.applied = r.applied;
  out.duplicates = r.duplicates;
  return out;
}

const bill::payment_document* find_payment_document(const std::vector<site::tenant_bill>& bills,
                                                   const std::string& number) {
  for (const auto& b : bills) {
    for (const auto& d : b.documents) {
      if (d.number == number) return &d;
    }
  }
  return nullptr;
}

void check_payment(const bill::payment_document& d, money amount, const std::string& amount_text,
                   local_time at, const payment_names& names) {
  if (d.kind != bill::document_kind::payment_bill) {
    throw error(errc::invalid_argument, "a credit note is credited, not paid",
                {{names.key, names.number}, {"text", d.number}});
  }
  if (amount != d.total) {
    throw error(errc::invalid_argument, "a payment bill is paid in full: its total",
                {{names.key, names.amount},
                 {"text", amount_text},
                 {"bill", d.number},
                 {"expected", d.total.to_string(2)}});
  }
  if (at < d.issued) {
    throw error(errc::out_of_order, "a payment bill is paid once issued",
                {{names.key, names.time},
                 {"time", local_time_text(at)},
                 {"issued", local_time_text(d.issued)}});
  }
}

payment_posting pay_document(ledger_store& store, const bill::payment_document& d, local_time at,
                             const std::string& account_prefix) {
  const auto r = store.post({{account_prefix + d.tenant_id, ledger::payment(at, d.number, d.total)}});
  const auto& p = r.postings.at(0);
  payment_posting out;
  out.duplicate = p.status == ledger::posting_status::duplicate;
  if (p.committed) out.seq = p.committed->seq;
  return out;
}

}  // namespace submeter::store
