// DRY-1: comparing bills billed again with the bills issued (submeter/bill/compare.hpp).
#include "submeter/bill/compare.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using submeter::errc;
using submeter::error;
using submeter::money;
using submeter::bill::bill_change;
using submeter::bill::compare_bills;
using submeter::bill::compared_bill;
using submeter::bill::compared_line;
using submeter::bill::component;
using submeter::bill::exact_money;
using submeter::bill::line_change;
using submeter::bill::line_price;
using submeter::bill::line_quantity;

compared_line energy_line(const char* meter, int reg, const char* kwh, const char* price,
                          const char* amount) {
  compared_line l;
  l.component = component::energy;
  l.meter = meter;
  l.rate_register = reg;
  l.quantity = line_quantity::parse(kwh);
  l.unit_price = line_price::parse(price);
  l.amount = exact_money::parse(amount);
  return l;
}

compared_bill bill(const char* tenant, const char* number, const char* total,
                   std::vector<compared_line> lines) {
  return {tenant, number, money::parse(total), std::move(lines)};
}

TEST(CompareBills, SameBillsNoDifference) {
  const std::vector<compared_bill> b = {bill("T-1", "XR-202607-0001", "901.23",
                                             {energy_line("M-1", 0, "1234.56", "0.73", "901.23")})};
  const auto c = compare_bills(b, b);
  EXPECT_FALSE(c.any());
  EXPECT_EQ(c.unchanged, 1U);
  EXPECT_TRUE(c.net_change.is_zero());
}

TEST(CompareBills, ChangedAddedRemoved) {
  const std::vector<compared_bill> issued = {
      bill("T-1", "N-1", "958.02", {energy_line("M-1", 0, "1277.36", "0.75", "958.02")}),
      bill("T-2", "N-2", "10.00", {energy_line("M-2", 1, "10", "1", "10.00")}),
      bill("T-3", "N-3", "5.00", {energy_line("M-3", 0, "5", "1", "5.00")})};
  const std::vector<compared_bill> billed = {
      bill("T-1", "N-1", "932.47", {energy_line("M-1", 0, "1277.36", "0.73", "932.47")}),
      bill("T-2", "N-2", "30.00",
           {energy_line("M-2", 1, "10", "1", "10.00"), energy_line("M-2", 3, "20", "1", "20.00")}),
      bill("T-4", "N-3", "7.00", {energy_line("M-4", 0, "7", "1", "7.00")})};
  const auto c = compare_bills(issued, billed);
  ASSERT_EQ(c.bills.size(), 4U);
  EXPECT_EQ(c.bills[0].what, bill_change::changed);
  ASSERT_EQ(c.bills[0].lines.size(), 1U);
  EXPECT_EQ(c.bills[0].lines[0].what, line_change::changed);
  EXPECT_EQ(c.bills[0].lines[0].before->unit_price, line_price::parse("0.75"));
  EXPECT_EQ(c.bills[1].lines.size(), 1U);
  EXPECT_EQ(c.bills[1].lines[0].what, line_change::added);
  EXPECT_EQ(c.bills[1].lines[0].after->rate_register, 3);
  EXPECT_EQ(c.bills[2].what, bill_change::added);
  EXPECT_EQ(c.bills[2].tenant_id, "T-4");
  EXPECT_EQ(c.bills[3].what, bill_change::removed);
  EXPECT_EQ(c.bills[3].tenant_id, "T-3");
  EXPECT_EQ(c.unchanged, 0U);
  // (932.47 + 30 + 7) − (958.02 + 10 + 5)
  EXPECT_EQ(c.net_change, money::parse("-3.55"));
}

TEST(CompareBills, ANumberThatMovedIsAChange) {
  const std::vector<compared_bill> issued = {bill("T-1", "N-2", "1.00", {})};
  const std::vector<compared_bill> billed = {bill("T-1", "N-1", "1.00", {})};
  const auto c = compare_bills(issued, billed);
  ASSERT_EQ(c.bills.size(), 1U);
  EXPECT_EQ(c.bills[0].number_before, "N-2");
  EXPECT_EQ(c.bills[0].number_after, "N-1");
  EXPECT_TRUE(c.bills[0].lines.empty());
}

TEST(CompareBills, LinesOfOneKeyMatchInOrder) {
  // Two lines of one key (a meter billed twice in a range): matched first with first.
  const std::vector<compared_bill> issued = {
      bill("T-1", "", "3.00",
           {energy_line("M", 0, "1", "1", "1.00"), energy_line("M", 0, "2", "1", "2.00")})};
  const std::vector<compared_bill> billed = {
      bill("T-1", "", "4.00",
           {energy_line("M", 0, "1", "1", "1.00"), energy_line("M", 0, "3", "1", "3.00")})};
  const auto c = compare_bills(issued, billed);
  ASSERT_EQ(c.bills.size(), 1U);
  ASSERT_EQ(c.bills[0].lines.size(), 1U);
  EXPECT_EQ(c.bills[0].lines[0].before->amount, exact_money::parse("2.00"));
  EXPECT_EQ(c.bills[0].lines[0].after->amount, exact_money::parse("3.00"));
}

TEST(CompareBills, RefusesATenantTwice) {
  const std::vector<compared_bill> twice = {bill("T-1", "", "1.00", {}),
                                            bill("T-1", "", "2.00", {})};
  try {
    (void)compare_bills(twice, {});
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::duplicate);
    EXPECT_EQ(e.context_value("side"), "issued");
  }
}

}  // namespace
