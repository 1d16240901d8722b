// PAY-1..PAY-5: payment bills and credit notes (submeter/bill/payment_bill.hpp). The worked
// example of docs/bills-issued.md "Payment bills".
#include "submeter/bill/payment_bill.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "submeter/bill/bill.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::error;
using submeter::local_time;
using submeter::money;
using submeter::bill::amount_line;
using submeter::bill::component;
using submeter::bill::deducted_part;
using submeter::bill::document_kind;
using submeter::bill::energy_line;
using submeter::bill::exact_money;
using submeter::bill::line;
using submeter::bill::numbering;
using submeter::bill::payment_documents;
using submeter::bill::payment_terms;
using submeter::bill::rounding_rule;
using submeter::bill::split_payment;

local_time payment_at(const char* text) { return submeter::parse_local_time(text); }

// Energy 901.23 (1,234.56 kWh × 0.73), a basic charge by capacity 630.00, a common-area share
// 100.00, a property fee 500.00 and a re-rating refund of −12.34: total 2,118.89.
std::vector<line> example_lines(const rounding_rule& rule = {}) {
  return {
      energy_line("M-1", 0, "total", energy::parse("1234.56"), energy_price::parse("0.73"), rule),
      amount_line(component::capacity, "M-1", exact_money::parse("630"), "315 kVA x 2.00", rule),
      amount_line(component::common_area, "", exact_money::parse("100"), "share", rule),
      amount_line(component::property_fee, "", exact_money::parse("500"), "fee", rule),
      amount_line(component::adjustment, "M-1", exact_money::parse("-12.34"), "re-rated", rule)};
}

payment_terms example_terms() {
  return payment_terms::make(numbering::make("PB", 4), 15,
                             {component::capacity, component::property_fee}, {});
}

money total_of(const std::vector<line>& lines) { return submeter::bill::lines_total(lines); }

TEST(PaymentBill, WorkedExamplePrepaid) {
  const auto lines = example_lines();
  ASSERT_EQ(total_of(lines), money::parse("2118.89"));
  const auto terms = example_terms();
  const std::size_t place = 1;
  const auto docs = payment_documents(terms, "T-1", "2026-07", payment_at("2026-08-01T00:00"),
                                      split_payment(lines, terms.billed_for("T-1"), false), place);
  ASSERT_EQ(docs.size(), 1U);
  EXPECT_EQ(docs[0].kind, document_kind::payment_bill);
  EXPECT_EQ(docs[0].number, "PB-202607-0001");
  EXPECT_EQ(docs[0].issued, payment_at("2026-08-01T00:00"));
  EXPECT_EQ(docs[0].due, payment_at("2026-08-16T00:00"));
  ASSERT_EQ(docs[0].lines.size(), 2U);
  EXPECT_EQ(docs[0].lines[0].component, component::capacity);
  EXPECT_EQ(docs[0].lines[1].component, component::property_fee);
  EXPECT_EQ(docs[0].total, money::parse("1130.00"));
  // PAY-5: energy, the common-area share and the refund (a prepaid tenant's) are deducted.
  EXPECT_EQ(deducted_part(total_of(lines), docs), money::parse("988.89"));
}

TEST(PaymentBill, WorkedExamplePostpaidCreditNote) {
  // PAY-2: the same bill for a postpaid tenant, second in the series after T-1's payment bill:
  // the re-rating refund is a credit note, not folded into the deduction.
  const auto lines = example_lines();
  const auto terms = example_terms();
  const std::size_t place = 2;  // the second bill of the series
  const auto docs = payment_documents(terms, "T-2", "2026-07", payment_at("2026-08-01T00:00"),
                                      split_payment(lines, terms.billed_for("T-2"), true), place);
  ASSERT_EQ(docs.size(), 2U);
  EXPECT_EQ(docs[0].number, "PB-202607-0002");
  EXPECT_EQ(docs[0].total, money::parse("1130.00"));
  EXPECT_EQ(docs[1].kind, document_kind::credit_note);
  EXPECT_EQ(docs[1].number, "PB-202607-0002-CN");  // its bill's place, as a credit note
  EXPECT_EQ(docs[1].due, payment_at("2026-08-16T00:00"));
  ASSERT_EQ(docs[1].lines.size(), 1U);
  EXPECT_EQ(docs[1].lines[0].component, component::adjustment);
  EXPECT_EQ(docs[1].total, money::parse("-12.34"));
  EXPECT_EQ(deducted_part(total_of(lines), docs), money::parse("1001.23"));
}

TEST(PaymentBill, AllDeductedIssuesNothing) {
  const auto terms = payment_terms::make(numbering::make("PB", 4), 15, {}, {});
  const auto lines = example_lines();
  const std::size_t place = 1;
  const auto docs = payment_documents(terms, "T-1", "2026-07", payment_at("2026-08-01T00:00"),
                                      split_payment(lines, terms.billed_for("T-1"), false), place);
  EXPECT_TRUE(docs.empty());
  EXPECT_EQ(deducted_part(total_of(lines), docs), total_of(lines));
}

TEST(PaymentBill, AllBilledDeductsNothing) {
  const auto terms = payment_terms::make(
      numbering::make("PB", 4), 0,
      {component::adjustment, component::capacity, component::common_area, component::property_fee},
      {});
  // Without the energy line: every line is billed.
  auto lines = example_lines();
  lines.erase(lines.begin());
  const std::size_t place = 1;
  const auto docs = payment_documents(terms, "T-1", "2026-07", payment_at("2026-08-01T00:00"),
                                      split_payment(lines, terms.billed_for("T-1"), false), place);
  ASSERT_EQ(docs.size(), 1U);
  EXPECT_EQ(docs[0].total, money::parse("1217.66"));  // 630 + 100 + 500 − 12.34
  EXPECT_EQ(docs[0].due, docs[0].issued);             // due_days 0: due on issue
  EXPECT_EQ(deducted_part(total_of(lines), docs), money{});
}

TEST(PaymentBill, ZeroTotalIssuesNoDocument) {
  const rounding_rule rule{};
  const std::vector<line> lines = {
      amount_line(component::property_fee, "", exact_money::parse("0"), "fee", rule),
      amount_line(component::rent, "", exact_money::parse("0"), "rent", rule)};
  const auto terms = payment_terms::make(numbering::make("PB", 4), 15,
                                         {component::property_fee, component::rent}, {});
  const std::size_t place = 5;
  const auto docs = payment_documents(terms, "T-1", "2026-07", payment_at("2026-08-01T00:00"),
                                      split_payment(lines, terms.billed_for("T-1"), true), place);
  EXPECT_TRUE(docs.empty());
}

TEST(PaymentBill, PerTenantTermsAndStableNumbers) {
  const auto terms =
      payment_terms::make(numbering::make("", 2), 10, {component::property_fee},
                          {{"T-9", {}}, {"T-3", {component::capacity, component::common_area}}});
  EXPECT_TRUE(terms.billed_for("T-9").empty());
  EXPECT_EQ(terms.billed_for("T-1"), std::set<component>{component::property_fee});
  const auto run = [&] {
    std::vector<std::string> numbers;
    std::size_t place = 0;  // each tenant's bill's place in the series
    for (const char* t : {"T-1", "T-9", "T-3"}) {
      ++place;
      for (const auto& d :
           payment_documents(terms, t, "2026-07", payment_at("2026-08-01T00:00"),
                             split_payment(example_lines(), terms.billed_for(t), false), place)) {
        numbers.push_back(d.tenant_id + " " + d.number + " " + d.total.to_string(2));
      }
    }
    return numbers;
  };
  // T-9 has no document: the series has a gap at its place (numbers follow the bills' places,
  // so a site billed in parts numbers them as the whole run).
  const std::vector<std::string> expected = {"T-1 202607-01 500.00", "T-3 202607-03 730.00"};
  EXPECT_EQ(run(), expected);
  EXPECT_EQ(run(), expected);  // billing again: the same numbers (PAY-3)
}

TEST(PaymentBill, RefusesBadTerms) {
  try {
    (void)payment_terms::make(numbering::make("PB", 4), 15, {component::energy}, {});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.context_value("component"), "energy");
  }
  try {
    (void)payment_terms::make(numbering::make("PB", 4), 15, {}, {{"T-4", {component::tier_adder}}});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.context_value("tenant"), "T-4");
  }
  EXPECT_THROW((void)payment_terms::make(numbering::make("PB", 4), -1, {}, {}), error);
  EXPECT_THROW((void)payment_terms::make(numbering::make("PB", 4), 367, {}, {}), error);
}

}  // namespace
