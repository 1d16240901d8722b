// BN-1: bill numbers (submeter/bill/number.hpp).
#include "submeter/bill/number.hpp"

#include <gtest/gtest.h>

namespace {

using submeter::errc;
using submeter::error;
using submeter::bill::bill_number;
using submeter::bill::numbering;
using submeter::bill::series_of;

TEST(BillNumber, MonthSeries) {
  const auto n = numbering::make("XR", 4);
  EXPECT_EQ(bill_number(n, "2026-07", 1), "XR-202607-0001");
  EXPECT_EQ(bill_number(n, "2026-07", 40), "XR-202607-0040");
  // More bills than the digits: the number grows, it is never cut.
  EXPECT_EQ(bill_number(n, "2026-07", 12345), "XR-202607-12345");
}

TEST(BillNumber, RangeSeriesAndNoPrefix) {
  EXPECT_EQ(series_of("2026-07-10..2026-07-21"), "20260710-20260721");
  EXPECT_EQ(bill_number(numbering::make("", 3), "2026-07-10..2026-07-21", 7),
            "20260710-20260721-007");
}

TEST(BillNumber, GaplessAndStable) {
  // The same period numbered twice gives the same numbers, 1..n with no gap.
  const auto n = numbering::make("P_1", 2);
  for (std::size_t k = 1; k <= 12; ++k) {
    EXPECT_EQ(bill_number(n, "2026-07", k), bill_number(n, "2026-07", k));
    const auto text = bill_number(n, "2026-07", k);
    EXPECT_EQ(std::stoul(text.substr(text.rfind('-') + 1)), k);
  }
}

TEST(BillNumber, RefusesBadTerms) {
  try {
    (void)numbering::make("X R", 4);
    FAIL();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.context_value("prefix"), "X R");
  }
  EXPECT_THROW((void)numbering::make("ABCDEFGHIJKLMNOPQ", 4), error);
  EXPECT_THROW((void)numbering::make("XR", 0), error);
  EXPECT_THROW((void)numbering::make("XR", 10), error);
  EXPECT_THROW((void)bill_number(numbering::make("XR", 4), "2026-07", 0), error);
}

}  // namespace
