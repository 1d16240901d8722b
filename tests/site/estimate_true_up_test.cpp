// site::estimate_true_ups (QUAL-2) and the quality of reads on bills (QUAL-1): an estimate a bill
// was issued with is trued up on the next bill when its actual read arrives, by the price the
// earlier bill applied, exact to the fen; the estimate itself is never edited.
#include "submeter/site/estimate_true_up.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sample.hpp"
#include "submeter/site/run.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::errc;
using submeter::money;
using submeter::parse_local_time;
using submeter::bill::billing_period;
using submeter::bill::exact_money;
using submeter::bill::read_note;
using submeter::metering::reading_quality;
using submeter::test_support::reading;
using submeter::test_support::sample;

read_note estimate(const char* meter, int reg, const char* time, const char* value) {
  read_note n;
  n.meter_id = meter;
  n.register_number = reg;
  n.time = parse_local_time(time);
  n.quality = reading_quality::estimated;
  n.value = energy::parse(value);
  n.rule = "EST-3";
  n.method = "average_of_periods";
  n.basis = "avg of 3 periods";
  return n;
}

// The sample site ("Park": T-1 flat 0.7 on M-1 and M-3, T-2 TOU on M-2 ×40) read on 1 July,
// 1 August (the reads that arrived after the July bills were issued with estimates) and
// 1 September.
std::vector<submeter::metering::reading_series> three_months() {
  using submeter::ratio;
  using submeter::metering::meter;
  using submeter::metering::reading_series;
  return {
      reading_series::make(meter::make("M-1"),
                           {reading("2026-06-30T23:45", "100"), reading("2026-08-01T00:00", "200"),
                            reading("2026-09-01T00:00", "300")}),
      reading_series::make(meter::make("M-2", ratio::from_integer(40)),
                           {reading("2026-07-01T00:00", "50", {"5", "15", "10", "20"}),
                            reading("2026-08-01T00:00", "60.5", {"6", "18", "12.5", "24"}),
                            reading("2026-09-01T00:00", "70", {"7", "20", "15", "28"})}),
      reading_series::make(meter::make("M-3"),
                           {reading("2026-07-01T00:00", "0"), reading("2026-08-01T00:00", "1"),
                            reading("2026-09-01T00:00", "2")}),
  };
}

submeter::site::site with_replaced(std::vector<read_note> replaced) {
  auto parts = sample(three_months()).parts();
  parts.replaced_estimates = std::move(replaced);
  return submeter::site::site::make(parts);
}

// QUAL-2, flat: July was billed with M-1 estimated at 210.0075 on 1 August; the actual read is
// 200. August's bill starts from the actual and carries (200 − 210.0075) × 0.7 = −7.00525, which
// is −7.01 half up to the fen (ties away from zero).
TEST(EstimateTrueUp, FlatMeterDifferenceTimesThePriceApplied) {
  const auto s = with_replaced({estimate("M-1", 0, "2026-08-01T00:00", "210.0075")});
  const auto lines =
      submeter::site::estimate_true_ups(s, s.tenants()[0], billing_period::parse("2026-08"));
  ASSERT_EQ(lines.size(), 1u);
  const auto& l = lines[0];
  EXPECT_EQ(l.component, submeter::bill::component::adjustment);
  EXPECT_EQ(l.meter_id, "M-1");
  EXPECT_EQ(l.rate_register, 0);
  EXPECT_EQ(l.quantity.to_string(4), "-10.0075");
  EXPECT_EQ(l.unit_price.to_string(2), "0.70");
  EXPECT_EQ(l.unrounded, exact_money::parse("-7.00525"));
  EXPECT_EQ(l.amount, exact_money::parse("-7.01"));
  EXPECT_EQ(l.explanation,
            "true-up of estimate EST-3 average_of_periods at 2026-08-01T00:00:00 (billed "
            "2026-07): actual 200.00 - estimated 210.0075 = -10.0075 [avg of 3 periods]: "
            "-10.0075 kWh × 0.70 = -7.01");
}

// QUAL-2, TOU ×40: the estimated peak register (18.5, actual 18; total 61, actual 60.5) is trued up
// at the peak price of July, (18 − 18.5) × 40 = −20 kWh × 1.08 = −21.60; the total of a TOU meter
// is not priced on its own, so its estimate has no line.
TEST(EstimateTrueUp, TouRegisterByItsOwnPriceAndMultiplier) {
  const auto s = with_replaced({estimate("M-2", 0, "2026-08-01T00:00", "61"),
                                estimate("M-2", 2, "2026-08-01T00:00", "18.5")});
  const auto lines =
      submeter::site::estimate_true_ups(s, s.tenants()[1], billing_period::parse("2026-08"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rate_register, 2);
  EXPECT_EQ(lines[0].register_name, "peak");
  EXPECT_EQ(lines[0].quantity.to_string(2), "-20.00");
  EXPECT_EQ(lines[0].amount, exact_money::parse("-21.60"));
}

// The whole run: the true-up is one more line of August's bills and counts in their totals;
// July's bills (the estimate at their end, not their start) and September's carry none.
TEST(EstimateTrueUp, OnTheNextBillOnly) {
  const auto s = with_replaced({estimate("M-1", 0, "2026-08-01T00:00", "210.0075"),
                                estimate("M-2", 2, "2026-08-01T00:00", "18.5")});
  const auto august = submeter::site::run_site(s, billing_period::parse("2026-08"));
  ASSERT_EQ(august.bills.size(), 2u);
  // T-1: M-1 100 kWh × 0.7 = 70.00, M-3 1 × 0.7 = 0.70, true-up −7.01.
  EXPECT_EQ(august.bills[0].total, money::parse("63.69"));
  EXPECT_EQ(august.bills[0].lines.back().component, submeter::bill::component::adjustment);
  // T-2: 54.00 + 86.40 + 60.00 + 38.40 = 238.80, true-up −21.60.
  EXPECT_EQ(august.bills[1].total, money::parse("217.20"));
  const auto july = submeter::site::run_site(s, billing_period::parse("2026-07"));
  for (const auto& b : july.bills) {
    for (const auto& l : b.lines) {
      EXPECT_NE(l.component, submeter::bill::component::adjustment) << b.tenant_id;
    }
  }
  for (const auto& t : s.tenants()) {  // September starts from a read nobody estimated
    EXPECT_TRUE(submeter::site::estimate_true_ups(s, t, billing_period::parse("2026-09")).empty());
  }
}

// An estimate equal to the actual read is still trued up (a line of 0.00 naming it); a site
// without replaced estimates has none.
TEST(EstimateTrueUp, ExactEstimateAndNone) {
  const auto s = with_replaced({estimate("M-1", 0, "2026-08-01T00:00", "200")});
  const auto lines =
      submeter::site::estimate_true_ups(s, s.tenants()[0], billing_period::parse("2026-08"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].amount, exact_money::parse("0"));
  const auto plain = sample(three_months());
  EXPECT_TRUE(
      submeter::site::estimate_true_ups(plain, plain.tenants()[0], billing_period::parse("2026-08"))
          .empty());
}

// QUAL-1: a bill computed from an estimated read carries its note; one from actual reads none.
TEST(ReadQuality, ABillCarriesTheNotesOfItsReads) {
  auto parts = sample(three_months()).parts();
  parts.read_notes = {estimate("M-1", 0, "2026-08-01T00:00", "200")};
  const auto s = submeter::site::site::make(parts);
  const auto july = submeter::site::usage_bill(s, s.tenants()[0], billing_period::parse("2026-07"));
  ASSERT_EQ(july.reads.size(), 1u);
  EXPECT_EQ(july.reads[0].meter_id, "M-1");
  EXPECT_EQ(july.reads[0].quality, reading_quality::estimated);
  const auto august =
      submeter::site::usage_bill(s, s.tenants()[0], billing_period::parse("2026-08"));
  ASSERT_EQ(august.reads.size(), 1u);  // the start read of August is the same estimate
  const auto t2 = submeter::site::usage_bill(s, s.tenants()[1], billing_period::parse("2026-07"));
  EXPECT_TRUE(t2.reads.empty());
  // The run keeps them on the bills.
  const auto run = submeter::site::run_site(s, billing_period::parse("2026-07"));
  EXPECT_EQ(run.bills[0].reads.size(), 1u);
  EXPECT_TRUE(run.bills[1].reads.empty());
}

// A note on a read the site does not have, on an unknown meter, or saying "actual" is refused.
TEST(ReadQuality, RefusesANoteOnNoRead) {
  const auto refused = [](read_note n) {
    auto parts = sample(three_months()).parts();
    parts.read_notes = {std::move(n)};
    return submeter::test_support::error_of([&] { (void)submeter::site::site::make(parts); });
  };
  auto e = refused(estimate("M-1", 0, "2026-08-02T00:00", "200"));
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.context_value("meter"), "M-1");
  EXPECT_EQ(e.context_value("time"), "2026-08-02T00:00:00");
  EXPECT_EQ(refused(estimate("M-9", 0, "2026-08-01T00:00", "200")).code(), errc::not_found);
  EXPECT_EQ(refused(estimate("M-1", 3, "2026-08-01T00:00", "200")).context_value("register"),
            "flat");
  auto actual = estimate("M-1", 0, "2026-08-01T00:00", "200");
  actual.quality = reading_quality::actual;
  EXPECT_EQ(refused(actual).context_value("quality"), "actual");
}

}  // namespace
