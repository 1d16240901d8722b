#pragma once
/// \file
/// site::payment_documents_of: the payment bills and credit notes of a site's bill for one
/// period (PAY-1..PAY-4, bill/payment_bill.hpp; issue 22 #5), after the bills are numbered
/// (site/issue.hpp). Needs every bill of the series in issue order, since the documents form
/// one gapless series over the site. Pure.

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/payment_bill.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/site.hpp"

namespace submeter::site {

/// PAY-2: a bill is a postpaid tenant's unless the tenant's account is prepaid (a tenant without
/// an account pays what it is billed).
[[nodiscard]] inline bool is_postpaid(const tenant_bill& b) noexcept {
  return !b.account || b.account->mode != ledger::account_mode::prepaid;
}

/// The payment documents of bill `b`, the `place`-th (1-based) of the series labelled
/// `period_label` whose window ends at `window_end`, as `s.issue().payments` asks; none when the
/// site issues none. Refuses (errc::inconsistent) a site that issues them but does not round per
/// line (a document's total is the sum of its rounded lines).
[[nodiscard]] inline std::vector<bill::payment_document> payment_documents_of(
    const site& s, std::string_view period_label, local_time window_end, std::size_t place,
    const tenant_bill& b) {
  const auto& terms = s.issue().payments;
  if (!terms) return {};
  if (s.rule().scope != bill::rounding_scope::per_line) {
    throw error(errc::inconsistent,
                "payment bills need bills rounded per line (rounding.scope per_line)",
                {{"rounding", s.rule().describe()}});
  }
  auto split = bill::split_payment(b.lines, terms->billed_for(b.tenant_id), is_postpaid(b));
  return bill::payment_documents(*terms, b.tenant_id, period_label, window_end, std::move(split),
                                 place);
}

}  // namespace submeter::site
