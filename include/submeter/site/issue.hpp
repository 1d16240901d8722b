#pragma once
/// \file
/// site::issued_bill: the last step of a tenant's bill before it leaves the site run (issue 22
/// #8, #9): its number (BN-1, bill/number.hpp) and its tax breakdown (VAT-1..VAT-3, bill/tax.hpp)
/// when the site asks for them (site::issue()). A number is a place in the period's series,
/// which a site billed in parts (site/shard.hpp) knows from the site alone (billed_before), so
/// every part numbers its bills as the whole run does. Pure.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/number.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/tax.hpp"
#include "submeter/core/time.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/payment_bills.hpp"
#include "submeter/site/site.hpp"

namespace submeter::site {

/// BN-1: how many of the tenants before `tenant_index` in the site file are billed in `period`
/// (every tenant but one that moved out before the period begins, as site_usage bills them).
[[nodiscard]] inline std::size_t billed_before(const site& s, const bill::billing_period& period,
                                               std::size_t tenant_index) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < tenant_index && i < s.tenants().size(); ++i) {
    const auto& t = s.tenants()[i];
    if (!t.move_out || period.window().begin() < *t.move_out) ++n;
  }
  return n;
}

/// Bill `b`, the `k`-th (1-based) of the series labelled `period_label` whose window ends at
/// `window_end`, with its number, tax breakdown and (`documents`: a month's bill, not a range's
/// statement, PAY-3) its payment bills and credit notes as `s.issue()` asks; unchanged when it
/// asks for none. Refuses what bill::split_tax and payment_documents_of refuse.
[[nodiscard]] inline tenant_bill issued_bill(const site& s, std::string_view period_label,
                                             local_time window_end, std::size_t k, tenant_bill b,
                                             bool documents = true) {
  const auto& terms = s.issue();
  if (terms.numbers) b.number = bill::bill_number(*terms.numbers, period_label, k);
  b.documents = documents ? payment_documents_of(s, period_label, window_end, k, b)
                          : std::vector<bill::payment_document>{};
  if (terms.tax) {
    b.tax = bill::split_tax(b, *terms.tax, window_end,
                            [&s](const std::string& meter) { return is_water(s, meter); });
  }
  return b;
}

/// `bills` (every bill of the series, in issue order) each issued_bill'd in turn: numbers 1..n.
[[nodiscard]] inline std::vector<tenant_bill> issue_bills(const site& s,
                                                          std::string_view period_label,
                                                          local_time window_end,
                                                          std::vector<tenant_bill> bills,
                                                          bool documents = true) {
  for (std::size_t i = 0; i < bills.size(); ++i) {
    bills[i] = issued_bill(s, period_label, window_end, i + 1, std::move(bills[i]), documents);
  }
  return bills;
}

}  // namespace submeter::site
