// Tests of include/submeter/ledger/relay.hpp: PP-2 level boundaries, no-cut windows (CUT-2) with
// day kinds from a holiday calendar, first_cut_time and the decision with its reasons (CUT-3).
#include <gtest/gtest.h>

#include <string>

#include "submeter/ledger/relay.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::yuan;

TEST(level_of, boundaries_of_pp_2) {
  const auto p = level_params::make(yuan("50"), yuan("20"), yuan("30"), yuan("10"));
  EXPECT_EQ(level_of(yuan("50.01"), p), level::normal);
  EXPECT_EQ(level_of(yuan("50"), p), level::alarm1);
  EXPECT_EQ(level_of(yuan("20.01"), p), level::alarm1);
  EXPECT_EQ(level_of(yuan("20"), p), level::alarm2);
  EXPECT_EQ(level_of(yuan("0.01"), p), level::alarm2);
  EXPECT_EQ(level_of(yuan("0"), p), level::overdraft);
  EXPECT_EQ(level_of(yuan("-29.99"), p), level::overdraft);
  EXPECT_EQ(level_of(yuan("-30"), p), level::exhausted);
  const auto hard = level_params::make(yuan("10"), yuan("5"), yuan("0"), yuan("5"));
  EXPECT_EQ(level_of(yuan("0"), hard), level::exhausted);
  EXPECT_TRUE(trips(level::alarm2));
  EXPECT_FALSE(trips(level::alarm1));
}

cut_policy uppcl_like() {
  cut_policy c;
  c.notice = std::chrono::minutes(30);
  c.windows.push_back(no_cut_window::daily(18 * 60, 8 * 60));
  c.windows.push_back(
      no_cut_window::whole_days({calendar::day_kind::sunday, calendar::day_kind::holiday}));
  c.holidays = calendar::holiday_calendar::make(
      "test", {2025},
      {{date::local_days{date::year{2025} / 10 / 1}, calendar::day_kind::holiday, "国庆节"},
       {date::local_days{date::year{2025} / 10 / 2}, calendar::day_kind::holiday, "国庆节"}});
  return c;
}

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

TEST(decide, a_cut_needs_a_trip_no_protection_no_window_and_the_notice_elapsed) {
  const auto c = uppcl_like();
  relay_state s;
  auto d = decide(s, level::exhausted, c, at("2025-03-14T12:00"));
  EXPECT_FALSE(d.cut);
  EXPECT_EQ(d.reasons.back(), "no trip pending");
  s.pending_cut = at("2025-03-14T12:30");
  s.pending_lock = relay_lock::locked;
  d = decide(s, level::exhausted, c, at("2025-03-14T12:10"));
  EXPECT_FALSE(d.cut);
  EXPECT_EQ(d.reasons.back(), "notice until 2025-03-14T12:30:00");
  d = decide(s, level::exhausted, c, at("2025-03-14T19:00"));
  EXPECT_FALSE(d.cut);
  EXPECT_EQ(d.reasons.back(), "in a no-cut window until 2025-03-15T08:00:00");
  s.is_protected = true;
  d = decide(s, level::exhausted, c, at("2025-03-14T12:30"));
  EXPECT_FALSE(d.cut);
  EXPECT_EQ(d.reasons.back(), "protected (保电)");
  s.is_protected = false;
  d = decide(s, level::exhausted, c, at("2025-03-14T12:30"));
  EXPECT_TRUE(d.cut);
  EXPECT_FALSE(d.closed);
  EXPECT_EQ(d.reasons.front(), "level exhausted");
}

}  // namespace
}  // namespace submeter::ledger
