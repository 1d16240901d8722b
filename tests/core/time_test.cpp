// Tests of include/submeter/core/time.hpp: half-open intervals and local-time parsing.
#include "submeter/core/time.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace {

using namespace submeter;
using namespace std::chrono_literals;

local_time at(const char* text) { return parse_local_time(text); }

TEST(LocalTime, ParsesMinutesAndSeconds) {
  EXPECT_EQ(at("2026-07-01T00:00"), local_time{date::local_days{date::year{2026} / 7 / 1}});
  EXPECT_EQ(at("2026-07-01 08:30"), at("2026-07-01T08:30:00"));
  EXPECT_EQ(at("2026-07-01T08:30:15") - at("2026-07-01T08:30"), 15s);
  EXPECT_EQ(at("2026-07-31T24:00"), at("2026-08-01T00:00"));  // "24:00" is the end of the day
  EXPECT_EQ(at("2024-02-29T12:00") - at("2024-02-28T12:00"), 24h);
}

TEST(LocalTime, RefusesWhatIsNotATime) {
  for (const char* bad :
       {"", "2026-07-01", "2026-7-01T00:00", "2026-07-01T25:00", "2026-07-01T24:01",
        "2026-02-30T00:00", "2025-02-29T00:00", "2026-07-01T00:60", "2026-07-01X00:00",
        "2026-07-01T00:00:60", "2026-07-01T00:00Z", "２026-07-01T00:00"}) {
    EXPECT_FALSE(try_parse_local_time(bad).has_value()) << bad;
    EXPECT_THROW((void)parse_local_time(bad), error) << bad;
  }
}

TEST(LocalTime, ParsesADateAndRefusesWhatIsNotOne) {
  EXPECT_EQ(try_parse_local_date("2028-02-29"), date::year{2028} / 2 / 29);
  EXPECT_EQ(try_parse_local_date("0000-01-01"), date::year{0} / 1 / 1);
  for (const char* bad :
       {"", "2026-07-01T00:00", "2026-7-01", "2026-07-1", "2026-02-30", "2025-02-29", "2026-13-01",
        "2026-00-10", "2026_07_01", "2026-07-01 ", "２026-07-01"}) {
    EXPECT_FALSE(try_parse_local_date(bad).has_value()) << bad;
  }
}

// Issue 16 #1: "9999-12-31T24:00" printed as year 10000, which parse refused on read-back; every
// time parse accepts prints back to itself, and the last one that prints in four digits is the
// last one it accepts.
TEST(LocalTime, FormatAndParseAreSymmetricUpToYear9999) {
  EXPECT_FALSE(try_parse_local_time("9999-12-31T24:00").has_value());
  EXPECT_FALSE(try_parse_local_time("9999-12-31 24:00:00").has_value());
  EXPECT_EQ(at("9999-12-31T23:59:59"), last_printable_local_time);
  for (const char* text : {"0000-01-01T00:00:00", "1970-01-01T00:00:00", "2026-07-31T24:00",
                           "9999-12-30T24:00", "9999-12-31T23:59:59"}) {
    const auto t = at(text);
    EXPECT_EQ(at(local_interval::format(t).c_str()), t) << text;
  }
  EXPECT_EQ(local_interval::format(at("9999-12-31T23:59:59")), "9999-12-31T23:59:59");
}

TEST(Interval, IsHalfOpen) {
  const auto w = local_interval::make(at("2026-07-01T00:00"), at("2026-08-01T00:00"));
  EXPECT_TRUE(w.contains(at("2026-07-01T00:00")));
  EXPECT_TRUE(w.contains(at("2026-07-31T23:59:59")));
  EXPECT_FALSE(w.contains(at("2026-08-01T00:00")));
  EXPECT_EQ(w.length(), 31 * 24h);
  const auto next = local_interval::make(at("2026-08-01T00:00"), at("2026-09-01T00:00"));
  EXPECT_FALSE(w.overlaps(next));
  EXPECT_FALSE(w.intersect(next).has_value());
  const auto mid = local_interval::make(at("2026-07-15T00:00"), at("2026-08-15T00:00"));
  ASSERT_TRUE(w.intersect(mid).has_value());
  EXPECT_EQ(*w.intersect(mid),
            local_interval::make(at("2026-07-15T00:00"), at("2026-08-01T00:00")));
  EXPECT_TRUE(w.contains(local_interval::make(at("2026-07-02T00:00"), at("2026-07-03T00:00"))));
  EXPECT_FALSE(w.contains(mid));
}

TEST(Interval, RefusesEmptyAndReversed) {
  const auto t = at("2026-07-01T00:00");
  EXPECT_THROW((void)local_interval::make(t, t), error);
  try {
    (void)local_interval::make(t, t - 1s);
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::out_of_order);
    EXPECT_EQ(e.context_value("begin"), "2026-07-01T00:00:00");
    EXPECT_EQ(e.context_value("end"), "2026-06-30T23:59:59");
  }
}

TEST(Interval, UtcInstantsPrintWithZ) {
  const instant t{date::sys_days{date::year{2026} / 1 / 2} + 3h};
  EXPECT_EQ(interval::format(t), "2026-01-02T03:00:00Z");
}

TEST(Interval, DaysTouchedCountsPartDays) {
  // TP-8: a part day counts as a whole day.
  EXPECT_EQ(days_touched(local_interval::make(at("2026-07-01T00:00"), at("2026-08-01T00:00"))), 31);
  EXPECT_EQ(days_touched(local_interval::make(at("2026-07-21T15:00"), at("2026-07-31T00:01"))), 11);
  EXPECT_EQ(days_touched(local_interval::make(at("2026-07-21T15:00"), at("2026-07-21T15:01"))), 1);
}

// format as it was written before format_into (snprintf of every field), the reference for the
// digit-by-digit path.
template <class TimePoint>
std::string format_by_snprintf(TimePoint t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> hms{std::chrono::seconds(t - day)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  std::string text(buf);
  if constexpr (std::is_same_v<typename TimePoint::clock, std::chrono::system_clock>) text += 'Z';
  return text;
}

TEST(Interval, FormatAtTheEdgesOfTheFastPath) {
  for (const char* text : {"0000-01-01T00:00:00", "0999-12-31T23:59:59", "1000-01-01T00:00:00",
                           "2028-02-29T12:34:56", "9999-12-31T23:59:59"}) {
    const auto t = at(text);
    EXPECT_EQ(local_interval::format(t), format_by_snprintf(t)) << text;
    const instant u{t.time_since_epoch()};
    EXPECT_EQ(interval::format(u), format_by_snprintf(u)) << text;
  }
  for (const std::int64_t s : {std::int64_t{-62167219201}, std::int64_t{253402300800},
                               std::int64_t{-62200000000}, std::int64_t{400000000000}}) {
    const local_time t{std::chrono::seconds(s)};  // years -1, 10000 and beyond: snprintf
    EXPECT_EQ(local_interval::format(t), format_by_snprintf(t)) << s;
  }
}

RC_GTEST_PROP(IntervalProperty, FormatEqualsSnprintf, ()) {
  // Years about -100..12000, every second of the day.
  const auto s = *rc::gen::inRange<std::int64_t>(-65300000000, 316500000000);
  const local_time t{std::chrono::seconds(s)};
  RC_ASSERT(local_interval::format(t) == format_by_snprintf(t));
  const instant u{std::chrono::seconds(s)};
  RC_ASSERT(interval::format(u) == format_by_snprintf(u));
}

}  // namespace
