#include "submeter/bill/period.hpp"

#include <gtest/gtest.h>

namespace {

using submeter::errc;
using submeter::error;
using submeter::parse_local_time;
using submeter::bill::billing_period;

TEST(BillingPeriod, MonthIsHalfOpenWindow) {
  const auto p = billing_period::parse("2026-07");
  EXPECT_EQ(p.label(), "2026-07");
  EXPECT_EQ(p.window().begin(), parse_local_time("2026-07-01T00:00"));
  EXPECT_EQ(p.window().end(), parse_local_time("2026-08-01T00:00"));
  const auto dec = billing_period::parse("2026-12");
  EXPECT_EQ(dec.window().end(), parse_local_time("2027-01-01T00:00"));
  const auto feb = billing_period::parse("2028-02");
  EXPECT_EQ(feb.window().end(), parse_local_time("2028-03-01T00:00"));
}

TEST(BillingPeriod, RefusesMalformed) {
  for (const char* bad : {"", "2026-7", "2026-13", "2026-00", "2026-07-01", "26-07", "2026/07"}) {
    try {
      (void)billing_period::parse(bad);
      ADD_FAILURE() << bad;
    } catch (const error& e) {
      EXPECT_EQ(e.code(), errc::parse) << bad;
    }
  }
}

TEST(BillingPeriod, OfAndShifted) {
  const auto p = billing_period::of(date::year{2026} / date::month{7});
  EXPECT_EQ(p.label(), "2026-07");
  EXPECT_EQ(p.window().begin(), billing_period::parse("2026-07").window().begin());
  EXPECT_EQ(p.shifted(-1).label(), "2026-06");
  EXPECT_EQ(p.shifted(-7).label(), "2025-12");  // across the year end
  EXPECT_EQ(p.shifted(6).label(), "2027-01");
  EXPECT_EQ(p.shifted(0).window().end(), p.window().end());
  EXPECT_EQ(billing_period::of(date::year{33} / date::month{2}).label(), "0033-02");
}

TEST(BillingPeriod, OfRefusesWhatALabelCannotHold) {
  for (const auto ym : {date::year{10000} / date::month{1}, date::year{-1} / date::month{12},
                        date::year{2026} / date::month{13}}) {
    try {
      (void)billing_period::of(ym);
      ADD_FAILURE() << "no error";
    } catch (const error& e) {
      EXPECT_EQ(e.code(), errc::invalid_argument);
    }
  }
  try {
    (void)billing_period::parse("9999-12").shifted(1);
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
  }
}

}  // namespace

namespace {

using submeter::bill::billing_period;

// RANGE-1: a range, its label and its parts (one per calendar month it touches).
TEST(BillingPeriodRange, PartsAndLabels) {
  const auto q = billing_period::range(submeter::parse_local_time("2026-05-10T00:00:00"),
                                       submeter::parse_local_time("2026-07-20T10:00:00"));
  EXPECT_EQ(q.label(), "2026-05-10..2026-07-20T10:00");
  EXPECT_FALSE(q.is_month());
  const auto parts = q.parts();
  ASSERT_EQ(parts.size(), 3U);
  EXPECT_EQ(submeter::local_interval::format(parts[0].window().begin()), "2026-05-10T00:00:00");
  EXPECT_EQ(submeter::local_interval::format(parts[0].window().end()), "2026-06-01T00:00:00");
  EXPECT_EQ(submeter::local_interval::format(parts[0].month().begin()), "2026-05-01T00:00:00");
  EXPECT_TRUE(parts[1].is_month());  // June whole
  EXPECT_EQ(submeter::local_interval::format(parts[2].window().end()), "2026-07-20T10:00:00");
  EXPECT_EQ(parts[2].label(), q.label());
  EXPECT_EQ(parts[2].shifted(-1).label(), "2026-06");
  const auto july = billing_period::parse("2026-07");
  EXPECT_TRUE(july.is_month());
  ASSERT_EQ(july.parts().size(), 1U);
  EXPECT_EQ(july.parts()[0].label(), "2026-07");
}

TEST(BillingPeriodRange, Refusals) {
  const auto t = [](const char* s) { return submeter::parse_local_time(s); };
  EXPECT_THROW((void)billing_period::range(t("2026-07-10T00:00"), t("2026-07-10T00:00")),
               submeter::error);
  EXPECT_THROW((void)billing_period::range(t("2026-07-10T00:00"), t("2026-07-01T00:00")),
               submeter::error);
  EXPECT_THROW((void)billing_period::range(t("2025-01-01T00:00"), t("2026-01-03T00:00")),
               submeter::error);
  EXPECT_NO_THROW((void)billing_period::range(t("2025-01-01T00:00"), t("2026-01-01T00:00")));
}

}  // namespace
