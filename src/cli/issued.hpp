#pragma once
// The last step of `submeter bill` before rendering (issue 22 #8, #9, #5): the bills' numbers and
// tax breakdowns (site::issue_bills), the invoice numbers recorded in the site's invoices.json,
// (the payment bills and credit notes come with the bills: site::issued_bill).
#include <string>
#include <utility>
#include <vector>

#include "io/invoices_json.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/payment_bills.hpp"
#include "submeter/site/site.hpp"

namespace submeter::cli {

/// RANGE-1: the period of `bill` and `history`: --period YYYY-MM, or --from T1 --to T2
/// (YYYY-MM-DD or YYYY-MM-DDTHH:MM, `to` excluded). Refuses (errc::invalid_argument) both or
/// neither, one bound without the other; (errc::parse) a bad bound; what
/// bill::billing_period::range refuses, naming the options (bill_command.cpp).
[[nodiscard]] bill::billing_period period_of(const std::string& period, const std::string& from,
                                             const std::string& to);

/// `bills` of `period` (every bill of the period, in issue order: numbered and split for tax by
/// the site run, site/issue.hpp) with their invoice numbers from `site_dir`/invoices.json
/// (refused as io::load_invoices refuses) when the site numbers them, and, for a month, their
/// payment bills and credit notes when the site issues them (PAY-1..PAY-4).
[[nodiscard]] inline std::vector<site::tenant_bill> issued(const site::site& s,
                                                           const bill::billing_period& period,
                                                           std::vector<site::tenant_bill> bills,
                                                           const std::string& site_dir) {
  if (s.issue().numbers) {
    const auto invoices = io::load_invoices(site_dir);
    for (auto& b : bills) {
      const auto it = invoices.find(b.number);
      if (it != invoices.end()) b.invoice = it->second;
    }
  }
  // PAY-3: the payment bills and credit notes of a month come with the bills (site::issued_bill);
  // a range (--from/--to) is a statement and has none.
  (void)period;
  return bills;
}

/// True when `s` is one or more ASCII digits (a bill number's series and sequence, BN-1).
inline bool is_digits(const std::string& s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace submeter::cli
