// site/live_daily.hpp: daily fixed charges (按日扣费) on the live path: DAY-1 (which days: one,
// several in one gap, across a month boundary, from the account's first reading, not for a late
// reading, not before the move-in nor from the move-out), DAY-2 (to-date rounding: a whole month
// adds up to the monthly fixed lines), DAY-3 (one deduction per day, re-running posts nothing),
// alarms and rows as for a reading's deduction.
#include "submeter/site/live_daily.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "live_support.hpp"
#include "submeter/site/live_step.hpp"

namespace submeter::site {
namespace {

using test_support::at;
using test_support::live_reading;
using test_support::yuan;

date::year_month_day daily_test_date(int y, unsigned m, unsigned d) {
  return date::year{y} / date::month{m} / date::day{d};
}

/// Property fee 100 m² × 3.10 yuan/m²·month (310.00 a month) and rent 1,000.00 a month.
live_daily_charges daily_test_charges() {
  live_daily_charges d;
  d.tenant = "A-1";
  d.floor_area = area::parse("100");
  d.charges = {
      allocation::recurring_charge::make(bill::component::property_fee,
                                         allocation::fee_cycle::monthly, std::nullopt,
                                         area_price::parse("3.10")),
      allocation::recurring_charge::make(bill::component::rent, allocation::fee_cycle::monthly,
                                         yuan("1000"), std::nullopt)};
  return d;
}

/// "A-1" with meters M-1 and M-2 (flat 0.7), on daily deduction.
live_plan daily_test_plan(live_daily_charges d = daily_test_charges()) {
  auto account = ledger::account_params::make(
      "A-1", ledger::account_mode::prepaid,
      {{"M-1", ledger::utility::electricity}, {"M-2", ledger::utility::electricity}},
      ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("10")),
      {yuan("100"), yuan("30")}, ledger::counter_policy::strict_next);
  return live_plan::make(
      {account},
      {live_meter::make(metering::meter::make("M-1"), test_support::flat_tariff()),
       live_meter::make(metering::meter::make("M-2"), test_support::flat_tariff())},
      {}, {{"A-1", std::move(d)}});
}

std::vector<std::string> days_of(const live_outcome& o) {
  std::vector<std::string> out;
  for (const auto& d : o.days) {
    out.push_back(date::format("%F", d.day) + " " + d.deduction.amount.to_string(2));
  }
  return out;
}

TEST(LiveDaily, KeyAndToDateRounding) {
  const auto d = daily_test_charges();
  EXPECT_EQ(day_key("A-1", daily_test_date(2026, 7, 3)), "day/A-1/2026-07-03");
  // DAY-2: rent 1000 × k/31 rounded to the fen, less the day before; the fee 10.00 a day.
  EXPECT_EQ(daily_to_date(d, daily_test_date(2026, 7, 1)), yuan("42.26"));
  EXPECT_EQ(daily_to_date(d, daily_test_date(2026, 7, 3)), yuan("126.77"));
  EXPECT_EQ(daily_charge(d, daily_test_date(2026, 7, 2)), yuan("42.26"));
  EXPECT_EQ(daily_charge(d, daily_test_date(2026, 7, 3)), yuan("42.25"));
  // A whole month adds up to the monthly lines exactly, whatever the month's length.
  for (unsigned m : {2U, 6U, 7U}) {
    money sum;
    const date::year_month_day first = daily_test_date(2026, m, 1);
    const date::year_month_day last = date::year{2026} / date::month{m} / date::last;
    for (auto x = date::sys_days{first}; x <= date::sys_days{last}; x += date::days(1)) {
      sum += daily_charge(d, date::year_month_day{x});
    }
    EXPECT_EQ(sum, yuan("1310")) << m;
  }
}

TEST(LiveDaily, DayOfKeyReadsOnlyTheAccountsDayKeys) {
  EXPECT_EQ(day_of_key(day_key("T-1", daily_test_date(2026, 7, 3)), "T-1"),
            daily_test_date(2026, 7, 3));
  EXPECT_EQ(day_of_key("day/T-1/2028-02-29", "T-1"), daily_test_date(2028, 2, 29));
  EXPECT_FALSE(day_of_key("day/T-10/2026-07-03", "T-1"));  // another account
  EXPECT_FALSE(day_of_key("day/T-1/2026-07-03", "T-10"));
  EXPECT_FALSE(day_of_key("reading/M-1/2026-07-03T00:00:00", "T-1"));
  EXPECT_FALSE(day_of_key("day/T-1/2026-02-30", "T-1"));  // not a date
  EXPECT_FALSE(day_of_key("day/T-1/2026-7-03x", "T-1"));
  EXPECT_FALSE(day_of_key("day/T-1/2026_07_03", "T-1"));
  EXPECT_FALSE(day_of_key("day/T-1/2026-07-3", "T-1"));
  EXPECT_FALSE(day_of_key("day/T-1x2026-07-03", "T-1"));
  EXPECT_FALSE(day_of_key("", "T-1"));
}

TEST(LiveDaily, OneDayThenSeveralInOneGap) {
  const auto plan = daily_test_plan();
  auto state = open_state(plan);
  auto r = ingest(plan, state, live_reading("M-1", "2026-07-01T08:00", "0"));
  EXPECT_EQ(r.status, live_status::opened);
  EXPECT_TRUE(r.days.empty());
  // Crosses 07-02 00:00: day 07-01, posted at its end, before the reading's deduction.
  r = ingest(plan, state, live_reading("M-1", "2026-07-02T08:00", "10"));
  ASSERT_EQ(r.status, live_status::deducted) << r.message;
  EXPECT_EQ(days_of(r), (std::vector<std::string>{"2026-07-01 42.26"}));
  EXPECT_EQ(r.days[0].deduction.key, "day/A-1/2026-07-01");
  EXPECT_EQ(r.days[0].deduction.time, at("2026-07-02T00:00"));
  EXPECT_EQ(r.days[0].deduction.reference, "fixed charges of 2026-07-01: property_fee, rent");
  EXPECT_EQ(state.accounts[0].state().balance, yuan("-49.26"));
  // A gap over three boundaries: days 07-02..07-04; a reading without use still accrues them.
  r = ingest(plan, state, live_reading("M-1", "2026-07-05T08:00", "10"));
  EXPECT_EQ(r.status, live_status::no_charge);
  EXPECT_EQ(days_of(r),
            (std::vector<std::string>{"2026-07-02 42.26", "2026-07-03 42.25", "2026-07-04 42.26"}));
  EXPECT_EQ(daily_deducted_in(plan, state, "A-1", "2026-07"), yuan("169.03"));
  EXPECT_EQ(daily_deducted_in(plan, state, "A-1", "2026-08"), money{});
}

TEST(LiveDaily, MonthBoundaryAndTheMonthAddsUp) {
  const auto plan = daily_test_plan();
  auto state = open_state(plan);
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "0"));
  // 07-01T00:00 opened the meter: the boundary at that instant ends no charged day of it.
  auto r = ingest(plan, state, live_reading("M-1", "2026-07-30T12:00", "10"));
  EXPECT_EQ(r.days.size(), 29U);
  r = ingest(plan, state, live_reading("M-1", "2026-08-02T06:00", "20"));
  // 07-30 and 07-31 of July; 08-01 of August (1310 × 1/31).
  EXPECT_EQ(days_of(r),
            (std::vector<std::string>{"2026-07-30 42.26", "2026-07-31 42.26", "2026-08-01 42.26"}));
  EXPECT_EQ(daily_deducted_in(plan, state, "A-1", "2026-07"), yuan("1310"));
  EXPECT_EQ(daily_deducted_in(plan, state, "A-1", "2026-08"), yuan("42.26"));
}

TEST(LiveDaily, NoDayBeforeTheFirstReadingOrTheMoveInNorFromTheMoveOut) {
  auto d = daily_test_charges();
  d.first_day = daily_test_date(2026, 7, 10);
  d.end_day = daily_test_date(2026, 7, 20);
  const auto plan = daily_test_plan(d);
  auto state = open_state(plan);
  // Opened mid-day on 07-08 (before the move-in): 07-08 and 07-09 are not charged; 07-10 is a
  // whole day, the first of the tenant's month (1310 × 1/31).
  (void)ingest(plan, state, live_reading("M-1", "2026-07-08T14:00", "0"));
  auto r = ingest(plan, state, live_reading("M-1", "2026-07-11T09:00", "0"));
  EXPECT_EQ(days_of(r), (std::vector<std::string>{"2026-07-10 42.26"}));
  r = ingest(plan, state, live_reading("M-1", "2026-07-25T09:00", "0"));
  ASSERT_EQ(r.days.size(), 9U);  // 07-11 .. 07-19; the move-out day 07-20 is not charged
  EXPECT_EQ(date::format("%F", r.days.back().day), "2026-07-19");
  // The ten days 07-10..07-19 are the bill's 1310 × 10/31 (rent 322.58 + fee 100.00).
  EXPECT_EQ(daily_deducted_in(plan, state, "A-1", "2026-07"), yuan("422.58"));
}

TEST(LiveDaily, OneDeductionPerDayReRunAndLateReadingsPostNothing) {
  const auto plan = daily_test_plan();
  auto state = open_state(plan);
  const std::vector<metering::reading> stream = {
      live_reading("M-1", "2026-07-01T08:00", "0"), live_reading("M-2", "2026-07-01T09:00", "0"),
      live_reading("M-1", "2026-07-03T08:00", "5"), live_reading("M-2", "2026-07-03T09:00", "5")};
  std::vector<live_outcome> seen;
  for (const auto& r : stream) seen.push_back(ingest(plan, state, r));
  EXPECT_EQ(days_of(seen[2]), (std::vector<std::string>{"2026-07-01 42.26", "2026-07-02 42.26"}));
  EXPECT_TRUE(seen[3].days.empty());  // M-2 crossed the same boundaries: deducted already
  EXPECT_EQ(seen[3].status, live_status::deducted);
  const auto entries = state.accounts[0].entries().size();
  const auto balance = state.accounts[0].state().balance;
  for (const auto& r : stream) {
    const auto o = ingest(plan, state, r);
    EXPECT_TRUE(o.days.empty());
    EXPECT_TRUE(o.rows.empty());
  }
  // Late: older than M-1's last reading; it crosses 07-02 00:00 from nowhere and accrues nothing.
  const auto late = ingest(plan, state, live_reading("M-1", "2026-07-02T12:00", "3"));
  EXPECT_EQ(late.status, live_status::late);
  EXPECT_TRUE(late.days.empty());
  EXPECT_EQ(state.accounts[0].entries().size(), entries);
  EXPECT_EQ(state.accounts[0].state().balance, balance);
}

TEST(LiveDaily, AlarmsAndTheCutComeFromTheDaysDeduction) {
  const auto plan = daily_test_plan();
  auto state = open_state(plan);
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T08:00", "0"));
  (void)post_event(
      plan, state, "A-1",
      ledger::recharge(at("2026-07-01T09:00"), "M-1", 1, yuan("60"), ledger::channel::cash, "c1"));
  // 60 − 42.26 = 17.74: balance alarms 30 (and 100, crossed already at 60), alarm2 (≤ 20) from
  // the day; then the reading (0.70) takes it to 17.04 with nothing new.
  auto r = ingest(plan, state, live_reading("M-1", "2026-07-02T08:00", "1"));
  ASSERT_EQ(r.days.size(), 1U);
  ASSERT_EQ(r.status, live_status::deducted);
  EXPECT_EQ(r.days[0].posted.posted.status, ledger::posting_status::ok);
  std::vector<std::string> seen;
  for (const auto& row : r.rows) {
    seen.push_back(row.is_command() ? "command " + std::string(ledger::to_string(*row.command))
                                    : std::string(ledger::to_string(row.about)));
  }
  ASSERT_FALSE(seen.empty());
  EXPECT_NE(std::find(seen.begin(), seen.end(), "alarm2"), seen.end());
  // Every row is the day's (entry 2, after the recharge): the reading's own raises nothing new.
  ASSERT_TRUE(r.days[0].posted.posted.committed);
  EXPECT_EQ(r.days[0].posted.posted.committed->seq, 2U);
  EXPECT_EQ(r.rows.front().id, "A-1/2/0");
  EXPECT_EQ(r.days[0].posted.rows.size(), r.rows.size());
  EXPECT_EQ(state.accounts[0].state().balance, yuan("17.04"));
}

TEST(LiveDaily, ATickAccruesTheDaysOfASilentMeterOnce) {
  const auto plan = daily_test_plan();
  auto state = open_state(plan);
  // No reading yet: a tick accrues no day (none before the account's first reading).
  auto ticks = tick(plan, state, at("2026-07-03T00:00"));
  ASSERT_EQ(ticks.size(), 1U);
  EXPECT_TRUE(ticks[0].days.empty());
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T08:00", "0"));
  // M-1 is silent after 07-01 08:00: the midnight ticks deduct 07-01, then 07-02 and 07-03.
  ticks = tick(plan, state, at("2026-07-02T00:00"));
  ASSERT_EQ(ticks[0].days.size(), 1U);
  EXPECT_EQ(date::format("%F", ticks[0].days[0].day), "2026-07-01");
  EXPECT_EQ(ticks[0].days[0].deduction.amount, yuan("42.26"));
  EXPECT_EQ(ticks[0].days[0].deduction.time, at("2026-07-02T00:00"));
  ticks = tick(plan, state, at("2026-07-04T00:00"));
  ASSERT_EQ(ticks[0].days.size(), 2U);  // 07-02 and 07-03; 07-01 is not listed again
  EXPECT_EQ(date::format("%F", ticks[0].days.back().day), "2026-07-03");
  EXPECT_TRUE(tick(plan, state, at("2026-07-04T00:00"))[0].days.empty());
  EXPECT_EQ(state.accounts[0].state().balance, yuan("-126.77"));  // three days to date
  // A reading of 07-05 deducts only 07-04 (07-01..07-03 are the ticks'), then its own use.
  const auto r = ingest(plan, state, live_reading("M-1", "2026-07-05T08:00", "10"));
  EXPECT_EQ(days_of(r), (std::vector<std::string>{"2026-07-04 42.26"}));
  // The second meter never read: the least advanced cursor is M-1's (M-2 has none).
  ticks = tick(plan, state, at("2026-07-06T00:00"));
  ASSERT_EQ(ticks[0].days.size(), 1U);
  EXPECT_EQ(date::format("%F", ticks[0].days[0].day), "2026-07-05");
}

TEST(LiveDaily, ATickFollowsTheLeastAdvancedMeter) {
  // M-2 read on 07-03, M-1 on 07-05 (which deducted 07-01..07-04): a tick on 07-06 00:00
  // re-checks from 07-03 (duplicates, not listed) and deducts 07-05 only.
  const auto plan = daily_test_plan();
  auto state = open_state(plan);
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "0"));
  (void)ingest(plan, state, live_reading("M-2", "2026-07-01T00:00", "0"));
  (void)ingest(plan, state, live_reading("M-2", "2026-07-03T10:00", "1"));
  (void)ingest(plan, state, live_reading("M-1", "2026-07-05T10:00", "1"));
  const auto ticks = tick(plan, state, at("2026-07-06T00:00"));
  ASSERT_EQ(ticks[0].days.size(), 1U);
  EXPECT_EQ(date::format("%F", ticks[0].days[0].day), "2026-07-05");
}

TEST(LiveDaily, AnAccountNotOnDailyDeductionAccruesNothing) {
  const auto plan = live_plan::make(
      {test_support::prepaid_account("M-1")},
      {live_meter::make(metering::meter::make("M-1"), test_support::flat_tariff())});
  auto state = open_state(plan);
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T08:00", "0"));
  const auto r = ingest(plan, state, live_reading("M-1", "2026-07-05T08:00", "10"));
  EXPECT_TRUE(r.days.empty());
  EXPECT_TRUE(tick(plan, state, at("2026-07-07T00:00"))[0].days.empty());
  EXPECT_EQ(plan.daily(0), nullptr);
  EXPECT_THROW((void)live_plan::make(
                   {test_support::prepaid_account("M-1")},
                   {live_meter::make(metering::meter::make("M-1"), test_support::flat_tariff())},
                   {}, {{"A-9", daily_test_charges()}}),
               error);
}

/// The basic charge by capacity of 315 kVA at 30.00 yuan/kVA·month (9,450.00 a month, 315.00 a
/// day under TP-8), alone.
live_daily_charges daily_test_capacity() {
  live_daily_charges d;
  d.tenant = "A-1";
  d.capacity = live_daily_capacity{"M-1", power::parse("315"), power_price::parse("30"), {}};
  return d;
}

money daily_test_month(const live_daily_charges& d, unsigned m) {
  money sum;
  const date::year_month_day first = daily_test_date(2026, m, 1);
  const date::year_month_day last = date::year{2026} / date::month{m} / date::last;
  for (auto x = date::sys_days{first}; x <= date::sys_days{last}; x += date::days(1)) {
    sum += daily_charge(d, date::year_month_day{x});
  }
  return sum;
}

TEST(LiveDaily, CapacityChargeByDayIsTheBillsTp8LineToDate) {
  const auto d = daily_test_capacity();
  // Each day 1/30 of the month; the month in full is the monthly charge, whatever its length.
  EXPECT_EQ(daily_charge(d, daily_test_date(2026, 7, 1)), yuan("315"));
  EXPECT_EQ(daily_to_date(d, daily_test_date(2026, 7, 30)), yuan("9450"));
  EXPECT_EQ(daily_charge(d, daily_test_date(2026, 7, 31)), money{});  // the 31st: nothing
  EXPECT_EQ(daily_charge(d, daily_test_date(2026, 2, 27)), yuan("315"));
  EXPECT_EQ(daily_charge(d, daily_test_date(2026, 2, 28)), yuan("945"));  // 3/30: 28th + 29, 30
  for (unsigned m : {2U, 6U, 7U}) EXPECT_EQ(daily_test_month(d, m), yuan("9450")) << m;
  // The bill's own line for a part month: 10 days, and the whole month.
  EXPECT_EQ(daily_to_date(d, daily_test_date(2026, 7, 10)),
            rescale<money>(tariff::capacity_line("M-1", power::parse("315"),
                                                 power_price::parse("30"), d.rule, 10)
                               .amount,
                           rounding::half_up));
}

TEST(LiveDaily, CapacityAndFixedChargesTogetherAddUpToTheirLines) {
  auto d = daily_test_charges();
  d.capacity = daily_test_capacity().capacity;
  for (unsigned m : {2U, 7U}) EXPECT_EQ(daily_test_month(d, m), yuan("10760")) << m;
  // 1 July: rent 32.26 (1000 / 31), fee 10.00, capacity 315.00.
  EXPECT_EQ(daily_charge(d, daily_test_date(2026, 7, 1)), yuan("357.26"));
  const auto e = daily_deduction("A-1", d, daily_test_date(2026, 7, 1), yuan("357.26"),
                                 at("2026-07-02T00:00"));
  EXPECT_EQ(e.reference, "fixed charges of 2026-07-01: property_fee, rent, capacity");
}

TEST(LiveDaily, CapacityCountsAMoveInDayAndAPartMoveOutDayInFull) {
  // Moved in on 5 July, out on 20 July at 12:00: the fee and rent stop before the 20th; the
  // basic charge counts the 5th through the 20th, 16 days (TP-8: a part day counts in full).
  auto d = daily_test_charges();
  d.first_day = daily_test_date(2026, 7, 5);
  d.end_day = daily_test_date(2026, 7, 20);
  d.capacity = daily_test_capacity().capacity;
  d.capacity->end_day = daily_test_date(2026, 7, 21);
  EXPECT_FALSE(is_charged_day(d, daily_test_date(2026, 7, 4)));
  EXPECT_TRUE(is_charged_day(d, daily_test_date(2026, 7, 20)));
  EXPECT_FALSE(is_charged_day(d, daily_test_date(2026, 7, 21)));
  EXPECT_EQ(daily_charge(d, daily_test_date(2026, 7, 20)), yuan("315"));  // capacity only
  auto fixed = daily_test_charges();
  fixed.first_day = d.first_day;
  fixed.end_day = d.end_day;
  // 16 days of capacity (5,040.00) and the fixed charges of the 5th..19th.
  EXPECT_EQ(daily_test_month(d, 7), yuan("5040") + daily_test_month(fixed, 7));
  // The days a reading accrues: the 4th is before the move-in, the 21st after the end.
  const auto days = days_ended(d, at("2026-07-03T08:00"), at("2026-07-23T08:00"));
  ASSERT_EQ(days.size(), 16U);
  EXPECT_EQ(days.front(), daily_test_date(2026, 7, 5));
  EXPECT_EQ(days.back(), daily_test_date(2026, 7, 20));
}

TEST(LiveDaily, CapacityDaysAreDeductedWithTheReadings) {
  const auto plan = daily_test_plan(daily_test_capacity());
  auto state = open_state(plan);
  (void)ingest(plan, state, live_reading("M-1", "2026-07-01T00:00", "0"));
  auto r = ingest(plan, state, live_reading("M-1", "2026-07-03T08:00", "10"));
  EXPECT_EQ(days_of(r), (std::vector<std::string>{"2026-07-01 315.00", "2026-07-02 315.00"}));
  r = ingest(plan, state, live_reading("M-1", "2026-08-01T00:00", "20"));
  EXPECT_EQ(r.days.size(), 28U);  // 3..30 July; the 31st costs nothing and posts nothing
  EXPECT_EQ(state.accounts[0].state().balance, yuan("0") - yuan("9450") - yuan("14"));
}

}  // namespace
}  // namespace submeter::site
