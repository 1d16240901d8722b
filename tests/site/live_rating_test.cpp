// site/live_rating.hpp: incremental rating as the month's bill to date minus what was deducted:
// flat, TOU registers, price versions (at the instant, by days), water and electricity ladders
// (counter carried, reset), month boundaries, and late, duplicate, backwards, inconsistent.
#include "submeter/site/live_rating.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "live_support.hpp"

namespace submeter::site {
namespace {

using test_support::at;
using test_support::reading;
using test_support::yuan;

live_meter meter_of(test_support::live_kind k, ratio multiplier = ratio::from_integer(1)) {
  return live_meter::make(metering::meter::make("M-1", multiplier),
                          test_support::live_tariff_of(k));
}

TEST(LiveRating, FlatDeductsTheBillToDateLessWhatWasDeducted) {
  const auto m = meter_of(test_support::live_kind::flat);
  auto c = open_cursor(reading("2026-07-01T00:00", "100"));
  // A reading at 00:00 on the 1st ends June (as the bill reads a bound); the first July reading
  // moves the cursor to July, from this reading.
  EXPECT_EQ(c.period, "2026-06");
  auto r = rate_live(m, c, reading("2026-07-01T10:00", "102.5"));
  ASSERT_EQ(r.status, live_rating_status::rated);
  EXPECT_EQ(r.to_date, yuan("1.75"));  // 2.5 × 0.7
  EXPECT_EQ(r.due, yuan("1.75"));
  EXPECT_EQ(r.quantity, energy::parse("2.5"));
  EXPECT_EQ(r.period, "2026-07");
  c = r.next;
  // 2.51 kWh to date = 1.757 → 1.76: 0.01 more, not round(0.01 × 0.7) = 0.01 by luck.
  r = rate_live(m, c, reading("2026-07-01T11:00", "102.51"));
  EXPECT_EQ(r.to_date, yuan("1.76"));
  EXPECT_EQ(r.due, yuan("0.01"));
  c = r.next;
  // 2.512 kWh = 1.7584 → 1.76: nothing due, the cursor moves all the same.
  r = rate_live(m, c, reading("2026-07-01T12:00", "102.512"));
  EXPECT_EQ(r.status, live_rating_status::rated);
  EXPECT_TRUE(r.due.is_zero());
  EXPECT_EQ(r.next.last.time, at("2026-07-01T12:00"));
  EXPECT_EQ(r.next.deducted_in("2026-07"), yuan("1.76"));
  EXPECT_EQ(r.from.time, at("2026-07-01T11:00"));
  ASSERT_EQ(to_date_lines(m, r).size(), 1U);
}

TEST(LiveRating, MultiplierAppliesAsInTheBill) {
  const auto m = meter_of(test_support::live_kind::flat, ratio::from_integer(40));
  const auto c = open_cursor(reading("2026-07-01T00:00", "50"));
  const auto r = rate_live(m, c, reading("2026-07-02T00:00", "50.25"));
  EXPECT_EQ(r.quantity, energy::parse("10"));
  EXPECT_EQ(r.due, yuan("7"));
}

TEST(LiveRating, TouPricesEachRegister) {
  const auto m = meter_of(test_support::live_kind::tou);
  const auto c = open_cursor(reading("2026-07-01T00:00", "50", {"5", "15", "10", "20"}));
  const auto r = rate_live(m, c, reading("2026-07-02T00:00", "60", {"6", "18", "12", "24"}));
  ASSERT_EQ(r.status, live_rating_status::rated);
  // 1 × 1.35 + 3 × 1.08 + 2 × 0.60 + 4 × 0.24 = 1.35 + 3.24 + 1.20 + 0.96.
  EXPECT_EQ(r.to_date, yuan("6.75"));
  EXPECT_EQ(to_date_lines(m, r).size(), 4U);
}

TEST(LiveRating, VersionChangeSplitsAtAReadingAtTheInstantAsTheBill) {
  const auto m = meter_of(test_support::live_kind::versions);
  std::vector<metering::register_reading> reads{
      reading("2026-07-01T00:00", "0", {"0", "0", "0", "0"}),
      reading("2026-07-16T00:00", "100", {"10", "30", "20", "40"}),
      reading("2026-08-01T00:00", "200", {"20", "60", "40", "80"})};
  auto c = open_cursor(reads[0]);
  auto r = rate_live(m, c, reads[1]);
  ASSERT_EQ(r.status, live_rating_status::rated);
  ASSERT_EQ(r.next.at_changes.size(), 1U);  // kept: it falls at v2's instant
  r = rate_live(m, r.next, reads[2]);
  ASSERT_EQ(r.status, live_rating_status::rated);
  const auto s = test_support::one_meter_site(test_support::live_kind::versions,
                                              metering::meter::make("M-1"), reads);
  EXPECT_EQ(r.to_date, test_support::bill_in_one_piece(s, "2026-07"));
  EXPECT_EQ(r.next.deducted_in("2026-07"), r.to_date);
  EXPECT_EQ(to_date_lines(m, r).front().split_method, "reads at the change instant");
}

TEST(LiveRating, LinesOfAReadingAtAChangeInstantRunToIt) {
  // The rating keeps a reading at a version's instant for later windows; its own window's lines
  // are those of the readings before it, as when it was rated.
  const auto m = meter_of(test_support::live_kind::versions);
  const auto from = reading("2026-07-01T00:00", "0", {"0", "0", "0", "0"});
  const auto at_change = reading("2026-07-16T00:00", "100", {"10", "30", "20", "40"});
  const auto r = rate_live(m, open_cursor(from), at_change);
  ASSERT_EQ(r.next.at_changes.size(), 1U);
  const auto period = bill::billing_period::parse("2026-07");
  const auto lines = to_date_lines(m, r);
  const auto expected = rate_window(m, period, from, at_change, {}, {});
  ASSERT_EQ(lines.size(), expected.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].explanation, expected[i].explanation);
    EXPECT_EQ(lines[i].amount, expected[i].amount);
    EXPECT_EQ(lines[i].split_method, expected[i].split_method);
  }
  EXPECT_EQ(total_of(lines, m.rule()), r.to_date);
  EXPECT_TRUE(to_date_lines(m, rate_live(m, r.next, at_change)).empty());  // a duplicate
}

// A flat or TOU register tariff is totalled without its lines (detail::register_total): the same
// total as its lines, under any rounding rule and multiplier.
RC_GTEST_PROP(LiveRating, RegisterTotalIsTheTotalOfTheLines, ()) {
  const bool tou = *rc::gen::arbitrary<bool>();
  const auto rule = bill::rounding_rule::make(
      *rc::gen::element(bill::rounding_scope::per_line, bill::rounding_scope::total_only),
      *rc::gen::inRange(0, 5),
      *rc::gen::element(rounding::half_up, rounding::half_even, rounding::toward_zero,
                        rounding::floor, rounding::ceil));
  const auto meter = metering::meter::make(
      "M-1", ratio::from_mantissa(*rc::gen::inRange<std::int64_t>(1, 40'000'000'001)));
  const auto m = live_meter::make(meter,
                                  test_support::live_tariff_of(tou ? test_support::live_kind::tou
                                                                   : test_support::live_kind::flat),
                                  rule);
  metering::register_reading a;
  a.time = at("2026-07-01T00:00");
  metering::register_reading b;
  b.time = at("2026-07-09T13:00");
  for (std::size_t n = 0; n < 4 && tou; ++n) {
    a.rates[n] = energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 1'000'000'000));
    b.rates[n] =
        *a.rates[n] + energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 50'000'000));
    a.total += *a.rates[n];
    b.total += *b.rates[n];
  }
  if (!tou) {
    a.total = energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 1'000'000'000));
    b.total = a.total + energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 50'000'000));
  }
  const auto period = bill::billing_period::parse("2026-07");
  const auto lines = rate_window(m, period, a, b, {}, {});
  RC_ASSERT(rate_window_total(m, period, a, b, {}, {}) == total_of(lines, rule));
  const auto r = rate_live(m, open_cursor(a), b);
  RC_ASSERT(r.to_date == total_of(lines, rule));
  RC_ASSERT(to_date_lines(m, r).size() == lines.size());
}

TEST(LiveRating, ByDaysSplitNeverDeductsANegativeAmount) {
  // Prices rise on the 16th; all use is before. By days, the later the reading the more of the
  // use the split gives to the dearer days: the to-date total rises with no use at all.
  const auto m = meter_of(test_support::live_kind::versions);
  auto c = open_cursor(reading("2026-07-01T00:00", "0", {"0", "0", "0", "0"}));
  auto r = rate_live(m, c, reading("2026-07-10T00:00", "100", {"10", "30", "20", "40"}));
  const money first = r.due;
  r = rate_live(m, r.next, reading("2026-07-20T00:00", "100", {"10", "30", "20", "40"}));
  ASSERT_EQ(r.status, live_rating_status::rated);
  EXPECT_GT(r.to_date, first);
  EXPECT_EQ(r.due, r.to_date - first);
  EXPECT_EQ(to_date_lines(m, r).front().split_method, "by days");
  // A falling history (prices fall) deducts nothing: prices v2 → v1 cannot be built here, so a
  // cursor that already deducted more than the to-date total stands for it.
  auto ahead = r.next;
  ahead.deducted["2026-07"] = r.to_date + yuan("5");
  const auto again =
      rate_live(m, ahead, reading("2026-07-21T00:00", "100.5", {"10", "30.5", "20", "40"}));
  EXPECT_TRUE(again.due.is_zero());
  EXPECT_EQ(again.next.deducted_in("2026-07"), r.to_date + yuan("5"));
}

TEST(LiveRating, WaterLadderCountsTheMonthCumulatively) {
  const auto m = meter_of(test_support::live_kind::water);
  auto c = open_cursor(reading("2026-07-01T00:00", "500"));
  auto r = rate_live(m, c, reading("2026-07-10T00:00", "508"));
  EXPECT_EQ(r.due, yuan("28"));  // 8 m³ × 3.50
  // To 15 m³: 10 × 3.50 + 5 × 5.25 = 61.25, so 33.25 more (tier 1 never charged twice).
  r = rate_live(m, r.next, reading("2026-07-20T00:00", "515"));
  EXPECT_EQ(r.to_date, yuan("61.25"));
  EXPECT_EQ(r.due, yuan("33.25"));
  // August starts again at tier 1 (the ladder resets each month), from the last July reading.
  r = rate_live(m, r.next, reading("2026-08-01T00:00", "516"));  // ends July: 66.50
  EXPECT_EQ(r.period, "2026-07");
  EXPECT_EQ(r.due, yuan("5.25"));
  r = rate_live(m, r.next, reading("2026-08-02T00:00", "518"));
  EXPECT_EQ(r.period, "2026-08");
  EXPECT_EQ(r.next.anchor.time, at("2026-08-01T00:00"));
  EXPECT_EQ(r.due, yuan("7"));
  EXPECT_EQ(r.next.deducted_in("2026-07"), yuan("66.5"));
  EXPECT_EQ(r.next.deducted_in("2026-08"), yuan("7"));
}

live_meter ladder_meter(tariff::tier_reset::cycle every) {
  return live_meter::make(
      metering::meter::make("M-1"),
      live_electricity_ladder{
          tariff::tiered_tariff<energy>::ladder(
              "ladder", tariff::tier_ladder<energy>::make({energy::parse("200")}),
              {energy_price::parse("0.5"), energy_price::parse("0.8")}),
          tariff::tier_reset::make(every, 1, 1)});
}

TEST(LiveRating, ElectricityLadderCarriesItsCounterAcrossMonthsUntilTheReset) {
  const auto yearly = ladder_meter(tariff::tier_reset::cycle::yearly);
  auto c = open_cursor(reading("2026-01-01T00:00", "0"));
  auto r = rate_live(yearly, c, reading("2026-01-20T00:00", "150"));
  EXPECT_EQ(r.due, yuan("75"));
  // February: the yearly counter is at 150: 50 at 0.5, 50 at 0.8 (TIER-3).
  r = rate_live(yearly, r.next, reading("2026-02-10T00:00", "200"));
  EXPECT_EQ(r.period, "2026-02");
  EXPECT_EQ(r.next.counter_at_anchor.pooled, energy::parse("150"));
  EXPECT_EQ(r.due, yuan("25"));
  r = rate_live(yearly, r.next, reading("2026-02-20T00:00", "250"));
  EXPECT_EQ(r.due, yuan("40"));  // over tier 1 now: 50 × 0.8
  // A monthly ladder restarts in February.
  const auto monthly = ladder_meter(tariff::tier_reset::cycle::monthly);
  r = rate_live(monthly, c, reading("2026-01-20T00:00", "150"));
  r = rate_live(monthly, r.next, reading("2026-02-20T00:00", "250"));
  EXPECT_EQ(r.due, yuan("50"));
  // The yearly counter restarts on 1 January.
  auto dec = open_cursor(reading("2025-12-01T00:00", "0"));
  r = rate_live(yearly, dec, reading("2025-12-31T00:00", "300"));
  r = rate_live(yearly, r.next, reading("2026-01-05T00:00", "310"));
  EXPECT_EQ(r.next.counter_at_anchor.pooled, energy{});
  EXPECT_EQ(r.due, yuan("5"));
}

TEST(LiveRating, RefusesALadderResetInsideAMonth) {
  EXPECT_THROW((void)live_meter::make(
                   metering::meter::make("M-1"),
                   live_electricity_ladder{
                       tariff::tiered_tariff<energy>::ladder(
                           "ladder", tariff::tier_ladder<energy>::make({energy::parse("200")}),
                           {energy_price::parse("0.5"), energy_price::parse("0.8")}),
                       tariff::tier_reset::make(tariff::tier_reset::cycle::monthly, 1, 15)}),
               error);
}

TEST(LiveRating, LateDuplicateBackwardsAndInconsistentAreStatuses) {
  const auto m = meter_of(test_support::live_kind::tou);
  auto c = open_cursor(reading("2026-07-01T00:00", "50", {"5", "15", "10", "20"}));
  c = rate_live(m, c, reading("2026-07-02T00:00", "60", {"6", "18", "12", "24"})).next;
  const auto late = rate_live(m, c, reading("2026-07-01T12:00", "55", {"5", "16", "11", "23"}));
  EXPECT_EQ(late.status, live_rating_status::late);
  EXPECT_NE(late.message.find("older than the last deducted"), std::string::npos);
  const auto dup = rate_live(m, c, reading("2026-07-02T00:00", "60", {"6", "18", "12", "24"}));
  EXPECT_EQ(dup.status, live_rating_status::duplicate);
  const auto other = rate_live(m, c, reading("2026-07-02T00:00", "61", {"6", "18", "12", "25"}));
  EXPECT_EQ(other.status, live_rating_status::inconsistent);
  const auto back = rate_live(m, c, reading("2026-07-03T00:00", "59", {"6", "18", "12", "23"}));
  EXPECT_EQ(back.status, live_rating_status::backwards);
  EXPECT_NE(back.message.find("register total of meter M-1 reads 59.0000"), std::string::npos);
  const auto back_rate =
      rate_live(m, c, reading("2026-07-03T00:00", "61", {"6", "17", "13", "25"}));
  EXPECT_EQ(back_rate.status, live_rating_status::backwards);
  EXPECT_NE(back_rate.message.find("peak"), std::string::npos);
  const auto missing = rate_live(m, c, reading("2026-07-03T00:00", "61", {"6", "18", "12"}));
  EXPECT_EQ(missing.status, live_rating_status::inconsistent);
  for (const auto* r : {&late, &dup, &other, &back, &back_rate, &missing}) {
    EXPECT_TRUE(r->due.is_zero());
    EXPECT_EQ(r->next.last.time, c.last.time);
    EXPECT_EQ(r->next.deducted_in("2026-07"), c.deducted_in("2026-07"));
  }
}

TEST(LiveRating, ATariffThatCannotRateIsInconsistentNotAThrow) {
  // A TOU tariff on a meter without rate registers; a reading before the first price version.
  const auto tou = meter_of(test_support::live_kind::tou);
  const auto r = rate_live(tou, open_cursor(reading("2026-07-01T00:00", "1")),
                           reading("2026-07-02T00:00", "2"));
  EXPECT_EQ(r.status, live_rating_status::inconsistent);
  EXPECT_NE(r.message.find("register"), std::string::npos);
  const auto v = meter_of(test_support::live_kind::versions);
  const auto early =
      rate_live(v, open_cursor(reading("2025-12-01T00:00", "0", {"0", "0", "0", "0"})),
                reading("2025-12-02T00:00", "1", {"0", "1", "0", "0"}));
  EXPECT_EQ(early.status, live_rating_status::inconsistent);
}

TEST(LiveRating, PeriodOfAReadingAtABound) {
  EXPECT_EQ(live_period_of(at("2026-08-01T00:00")).label(), "2026-07");
  EXPECT_EQ(live_period_of(at("2026-08-01T00:00:01")).label(), "2026-08");
  EXPECT_EQ(live_period_of(at("2026-07-31T23:59")).label(), "2026-07");
  EXPECT_EQ(to_string(live_rating_status::backwards), "backwards");
}

}  // namespace
}  // namespace submeter::site
