// Tests of include/submeter/ledger/cut_policy.hpp: no-cut windows (CUT-2) with day kinds from a
// holiday calendar, and first_cut_time (CUT-3).
#include <gtest/gtest.h>

#include "submeter/ledger/cut_policy.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::uppcl_like;

TEST(no_cut_window, overnight_hours_sundays_and_holidays) {
  const auto c = uppcl_like();
  EXPECT_FALSE(in_no_cut_window(c, at("2025-03-14T17:59")).has_value());
  EXPECT_EQ(*in_no_cut_window(c, at("2025-03-14T18:00")), at("2025-03-15T08:00"));
  EXPECT_EQ(*in_no_cut_window(c, at("2025-03-15T07:59")), at("2025-03-15T08:00"));
  EXPECT_FALSE(in_no_cut_window(c, at("2025-03-15T08:00")).has_value());
  // Saturday night into Sunday into Monday morning.
  EXPECT_EQ(first_cut_time(c, at("2025-03-15T22:10")), at("2025-03-17T08:00"));
  // A holiday (Wednesday 1 October) by the calendar, then Thursday the 2nd too.
  EXPECT_EQ(first_cut_time(c, at("2025-09-30T17:50")), at("2025-09-30T17:50"));
  EXPECT_EQ(first_cut_time(c, at("2025-09-30T18:10")), at("2025-10-03T08:00"));
}

TEST(no_cut_window, daily_hours_on_some_day_kinds_and_bad_windows) {
  cut_policy c;
  c.windows.push_back(no_cut_window::daily(0, 11 * 60, {calendar::day_kind::saturday}));
  EXPECT_EQ(first_cut_time(c, at("2025-03-15T09:00")), at("2025-03-15T11:00"));  // Saturday
  EXPECT_EQ(first_cut_time(c, at("2025-03-14T09:00")), at("2025-03-14T09:00"));  // Friday
  EXPECT_EQ(test_support::error_of([] { (void)no_cut_window::daily(60, 60); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(test_support::error_of([] { (void)no_cut_window::daily(-1, 60); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(test_support::error_of([] { (void)no_cut_window::iso_weekday_window(8); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(test_support::error_of([] { (void)no_cut_window::whole_days({}); }).code(),
            errc::invalid_argument);
  cut_policy never;
  never.windows.push_back(no_cut_window::whole_days(calendar::day_kind_set::all()));
  EXPECT_EQ(
      test_support::error_of([&] { (void)first_cut_time(never, at("2025-01-01T00:00")); }).code(),
      errc::inconsistent);
}

}  // namespace
}  // namespace submeter::ledger
