#pragma once
/// \file
/// bill::payment_terms and bill::payment_document: per bill component, deduct from the prepaid
/// balance or issue a payment bill (缴费账单, issue 22 #5: "可从余额扣除或者生成缴费账单" for fees,
/// two-part charges, common area and re-rating).
///
/// PAY-1 (design rule) Which lines go on a payment bill: a line whose component the tenant's
///   terms list (payment_terms::billed_for) leaves the bill's deducted part and goes on the
///   tenant's payment bill; every other line is deducted (posted as before). Only the components
///   for which may_be_billed_separately holds can be listed: the basic charge by capacity or
///   demand (two-part), common-area and loss shares, property fee, rent, fixed charges and
///   re-rating adjustments; energy stays on the balance.
/// PAY-2 (design rule) A postpaid tenant's re-rating refund (a negative adjustment line) is never
///   a silent adjustment: it goes on a credit note, a document of its own, whether or not the
///   terms list adjustments. A document whose lines add up to a negative amount is a credit note.
/// PAY-3 (design rule) Numbers: the documents of one site for one period form their own gapless
///   series, numbered as BN-1 numbers bills ("PB-202607-0001", bill/number.hpp) in the site file's
///   tenant order, a tenant's payment bill before its credit note. A document whose lines add up
///   to zero is not issued (nothing to pay or credit) and takes no number; its lines stay on the
///   deducted part. Stable: a function of the site file and the period.
/// PAY-4 (design rule) Dates: a document is issued on the day the period ends (its window's end)
///   and falls due `due_days` days later.
/// PAY-5 (design rule) In the ledger: the deducted part (deducted_part) is deducted under the
///   bill's key as before; a payment bill is not posted at all (it is not deducted, and it does
///   not lower the prepaid level: an unpaid fee does not cut the electricity); a credit note is a
///   credit (adjustment) keyed "credit_note/<period>/<tenant>", never folded into the deduction.
///   Paying a payment bill is a payment event keyed "payment/<number>" (ledger/event.hpp), in
///   full, for the document's total; a second payment is a duplicate (same amount) or refused.
///
/// Pure: no I/O. Money is exact; a document's total is the sum of its rounded lines (NUM-2), so
/// the site must round per line.

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/number.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"

namespace submeter::bill {

/// PAY-1: the components a site may bill on a payment bill instead of deducting them.
[[nodiscard]] constexpr bool may_be_billed_separately(component c) noexcept {
  return c == component::property_fee || c == component::rent || c == component::fixed ||
         c == component::capacity || c == component::demand || c == component::common_area ||
         c == component::loss || c == component::water_loss || c == component::adjustment;
}

/// What a payment document is: a bill to pay, or a credit (PAY-2).
enum class document_kind { payment_bill, credit_note };

/// "payment_bill" or "credit_note".
[[nodiscard]] constexpr std::string_view to_string(document_kind k) noexcept {
  return k == document_kind::payment_bill ? "payment_bill" : "credit_note";
}

/// How a site settles the components it does not deduct (site file v2 `payment_bills`).
struct payment_terms {
  /// PAY-3: the numbers of the documents (prefix "PB" unless the site file says otherwise).
  numbering numbers{"PB", 4};
  /// PAY-4: days from issue to due date, 0..366.
  int due_days = 15;
  /// PAY-1: the components every tenant gets a payment bill for, unless `by_tenant` names it.
  std::set<component> billed;
  /// PAY-1: per tenant id, the components that tenant gets a payment bill for (may be empty:
  /// everything deducted).
  std::map<std::string, std::set<component>> by_tenant;

  /// Refuses (errc::invalid_argument) due_days outside 0..366 and a component that cannot be
  /// billed separately (energy and the like stay on the balance), naming it and the tenant.
  [[nodiscard]] static payment_terms make(numbering numbers, int due_days,
                                          std::set<component> billed,
                                          std::map<std::string, std::set<component>> by_tenant) {
    if (due_days < 0 || due_days > 366) {
      throw error(errc::invalid_argument, "payment bill due days must be within 0..366",
                  {{"due_days", std::to_string(due_days)}});
    }
    const auto check = [](const std::set<component>& set, const std::string& tenant) {
      for (const auto c : set) {
        if (!may_be_billed_separately(c)) {
          throw error(errc::invalid_argument,
                      "this component is deducted from the balance: it cannot go on a payment bill",
                      {{"component", std::string(to_string(c))},
                       {"tenant", tenant.empty() ? std::string("(every tenant)") : tenant},
                       {"expected",
                        "adjustment, capacity, common_area, demand, fixed, loss, property_fee, "
                        "rent or water_loss"}});
        }
      }
    };
    check(billed, {});
    for (const auto& [tenant, set] : by_tenant) check(set, tenant);
    return payment_terms{std::move(numbers), due_days, std::move(billed), std::move(by_tenant)};
  }

  /// PAY-1: the components tenant `tenant_id` gets a payment bill for.
  [[nodiscard]] const std::set<component>& billed_for(const std::string& tenant_id) const {
    const auto it = by_tenant.find(tenant_id);
    return it == by_tenant.end() ? billed : it->second;
  }
};

/// A payment bill or credit note (PAY-1..PAY-4): a document with its own number, issue and due
/// dates and lines, apart from the bill whose lines it carries.
struct payment_document {
  document_kind kind = document_kind::payment_bill;
  /// PAY-3: "PB-202607-0001".
  std::string number;
  std::string tenant_id;
  /// The period of the bill the lines come from, "2026-07".
  std::string period;
  /// PAY-4: the day the period ends, and the due date.
  local_time issued{};
  local_time due{};
  /// The lines, as on the bill, in bill order.
  std::vector<line> lines;
  /// Σ line.amount: positive for a payment bill, negative for a credit note.
  money total;
};

/// What PAY-1 and PAY-2 make of a bill's lines: the lines for a payment bill and for a credit
/// note, each in bill order; the others are deducted.
struct payment_split {
  std::vector<line> billed;
  std::vector<line> credited;
};

/// PAY-1, PAY-2: splits `lines` for a tenant whose terms bill the components `billed`;
/// `postpaid` sends negative adjustment lines to the credit note.
[[nodiscard]] inline payment_split split_payment(const std::vector<line>& lines,
                                                 const std::set<component>& billed, bool postpaid) {
  payment_split out;
  for (const auto& l : lines) {
    if (postpaid && l.component == component::adjustment && l.amount.is_negative()) {
      out.credited.push_back(l);
    } else if (billed.count(l.component) != 0) {
      out.billed.push_back(l);
    }
  }
  return out;
}

/// Σ line.amount of `lines`, exact: lines rounded per line have at most 4 places.
[[nodiscard]] inline money lines_total(const std::vector<line>& lines) {
  exact_money sum;
  for (const auto& l : lines) sum += l.amount;
  return rescale<money>(sum, rounding::half_up);
}

/// PAY-2..PAY-4: the documents of one tenant's split, the bill being the `place`-th (1-based) of
/// the series of `period_label` (its place in the series, as its bill number, BN-1): the payment
/// bill is number `place` of the payment series, the credit note the same number with "-CN"; a
/// part whose lines add up to zero issues nothing. A document's number depends on its bill's place
/// alone, so a site billed in parts numbers its documents as the whole run does (the series has a
/// gap where a bill has no document). Refuses what bill_number refuses.
[[nodiscard]] inline std::vector<payment_document> payment_documents(
    const payment_terms& terms, const std::string& tenant_id, std::string_view period_label,
    local_time issued, payment_split split, std::size_t place) {
  std::vector<payment_document> out;
  for (auto* part : {&split.billed, &split.credited}) {
    const money total = lines_total(*part);
    if (part->empty() || total.is_zero()) continue;
    payment_document d;
    d.kind = total.is_negative() ? document_kind::credit_note : document_kind::payment_bill;
    d.number = bill_number(terms.numbers, period_label, place);
    if (part == &split.credited) d.number += "-CN";
    d.tenant_id = tenant_id;
    d.period = std::string(period_label);
    d.issued = issued;
    d.due = issued + date::days{terms.due_days};
    d.lines = std::move(*part);
    d.total = total;
    out.push_back(std::move(d));
  }
  return out;
}

/// PAY-5: what is deducted from the balance for a bill of `bill_total` once `documents` carry
/// some of its lines: the total less theirs.
[[nodiscard]] inline money deducted_part(money bill_total,
                                         const std::vector<payment_document>& documents) {
  money out = bill_total;
  for (const auto& d : documents) out -= d.total;
  return out;
}

}  // namespace submeter::bill
