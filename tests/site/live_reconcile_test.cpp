// The month-end identity of the live step (issue 17), as properties: for any stream of readings
// of a month, processed in pieces cut at any points and re-run, Σ live deductions + true-up =
// the monthly bill computed in one piece (site::usage_bill), to the fen; the deductions add up
// to the largest to-date bill seen (so the true-up is zero unless a by-days version split made
// the to-date bill fall); re-running the stream posts nothing. With daily deduction of fixed
// charges (按日扣费, DAY-4): Σ reading deductions + Σ daily deductions + true-up = the whole
// monthly bill (energy, property fee, rent, a two-part tariff's basic charge by capacity:
// site::run_site), the days of the month add up to the
// fixed lines exactly, and a re-run posts nothing.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "live_support.hpp"
#include "submeter/site/live_opening.hpp"
#include "submeter/site/live_step.hpp"
#include "submeter/site/recurring.hpp"
#include "submeter/site/run.hpp"
#include "submeter/tariff/capacity_charge.hpp"

namespace submeter::site {
namespace {

using test_support::live_kind;

/// A month of cumulative readings of "M-1" from 2026-07-01T00:00 to 2026-08-01T00:00: random
/// times (seconds into the month) and increments (0.0000 … 40.0000 per register).
std::vector<metering::register_reading> month_of_readings(live_kind kind, bool read_at_change) {
  const bool tou = kind == live_kind::tou || kind == live_kind::versions;
  const auto start = test_support::at("2026-07-01T00:00");
  const std::int64_t month = 31 * 24 * 3600;
  auto seconds = *rc::gen::container<std::vector<std::int64_t>>(
      *rc::gen::inRange<std::size_t>(0, 30), rc::gen::inRange<std::int64_t>(1, month));
  if (read_at_change) seconds.push_back(15 * 24 * 3600);  // 2026-07-16T00:00, v2's instant
  seconds.push_back(month);
  std::sort(seconds.begin(), seconds.end());
  seconds.erase(std::unique(seconds.begin(), seconds.end()), seconds.end());
  metering::register_reading r;
  r.time = start;
  if (tou) {
    for (int n = 0; n < 4; ++n) r.rates[static_cast<std::size_t>(n)] = energy{};
  }
  std::vector<metering::register_reading> out{r};
  for (const auto s : seconds) {
    r.time = start + std::chrono::seconds{s};
    if (tou) {
      energy total = r.total;
      for (int n = 0; n < 4; ++n) {
        const auto step = energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 400'000));
        r.rates[static_cast<std::size_t>(n)] = *r.rates[static_cast<std::size_t>(n)] + step;
        total += step;
      }
      r.total = total;
    } else {
      r.total += energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 400'000));
    }
    out.push_back(r);
  }
  return out;
}

void check_month(live_kind kind) {
  const bool at_change = kind == live_kind::versions && *rc::gen::arbitrary<bool>();
  const auto multiplier = ratio::from_integer(*rc::gen::element<std::int64_t>(1, 40));
  const auto reads = month_of_readings(kind, at_change);
  const auto meter = metering::meter::make("M-1", multiplier);
  const auto what =
      kind == live_kind::water ? ledger::utility::water : ledger::utility::electricity;
  const auto plan = live_plan::make({test_support::prepaid_account("M-1", what)},
                                    {live_meter::make(meter, test_support::live_tariff_of(kind))});
  auto state = open_state(plan);
  const auto feed = [&](std::size_t from, std::size_t to, std::vector<live_outcome>& seen) {
    for (std::size_t i = from; i < to; ++i) {
      metering::reading r;
      r.meter_id = "M-1";
      r.registers = reads[i];
      seen.push_back(ingest(plan, state, r));
      RC_ASSERT(seen.back().status != live_status::inconsistent);
      RC_ASSERT(seen.back().status != live_status::refused);
    }
  };
  // Cut the stream at any point, then run the whole stream again (a crash and a re-run).
  const auto cut = *rc::gen::inRange<std::size_t>(0, reads.size() + 1);
  std::vector<live_outcome> first;
  feed(0, cut, first);
  feed(0, reads.size(), first);
  money max_to_date;
  money last_to_date;
  money posted;
  for (const auto& o : first) {
    if (o.rating) {
      RC_ASSERT(!o.rating->due.is_negative());
      // The lines built on demand are the ones the to-date total sums.
      const auto& rating = plan.meter("M-1")->rating;
      RC_ASSERT(total_of(to_date_lines(rating, *o.rating), rating.rule()) == o.rating->to_date);
      max_to_date = std::max(max_to_date, o.rating->to_date);
      last_to_date = o.rating->to_date;
    }
    if (o.status == live_status::deducted) posted += o.deduction->amount;
  }
  const auto bill =
      test_support::bill_in_one_piece(test_support::one_meter_site(kind, meter, reads), "2026-07");
  const money deducted = state.cursors.at("M-1").deducted_in("2026-07");
  const money up = true_up(state, "M-1", "2026-07", bill);
  RC_ASSERT(deducted + up == bill);
  RC_ASSERT(last_to_date == bill);  // the live to-date bill of the last reading is the bill
  RC_ASSERT(deducted == max_to_date);
  RC_ASSERT(posted == deducted);
  RC_ASSERT(state.accounts[0].state().balance == -deducted);
  if (kind != live_kind::versions || at_change) RC_ASSERT(up.is_zero());
  // Re-running the stream posts nothing and delivers nothing.
  const auto entries = state.accounts[0].entries().size();
  std::vector<live_outcome> again;
  feed(0, reads.size(), again);
  RC_ASSERT(state.accounts[0].entries().size() == entries);
  for (const auto& o : again) {
    RC_ASSERT(o.rows.empty());
    RC_ASSERT(o.status == live_status::late || o.status == live_status::duplicate);
  }
}

/// check_month with the tenant on daily deduction of a random property fee per m² and a random
/// fixed rent (and, with `capacity`, a two-part tariff's basic charge by capacity of random kVA
/// and price), the plan opened from the site (live_opening_of), the bill the whole site run's.
void check_month_with_daily_charges(live_kind kind, bool capacity = false) {
  const auto reads = month_of_readings(kind, false);
  const auto meter = metering::meter::make("M-1");
  const auto base = test_support::one_meter_site(kind, meter, reads);
  site_parts p = base.parts();
  auto& t = p.tenants.front();
  t.floor_area = area::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 50'000'000));
  t.recurring = {
      allocation::recurring_charge::make(
          bill::component::property_fee, allocation::fee_cycle::monthly, std::nullopt,
          area_price::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 20'000'000))),
      allocation::recurring_charge::make(
          bill::component::rent, allocation::fee_cycle::monthly,
          money::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 1'000'000'000)), std::nullopt)};
  tenant_account account;
  account.mode = ledger::account_mode::prepaid;
  account.daily_fixed_charges = true;
  t.account = account;
  if (capacity) {
    two_part_tariff tp;
    tp.id = "tp";
    tp.energy_tariff_id = t.tariff_id;
    tp.terms.basis = tariff::basic_charge_basis::capacity;
    tp.terms.capacity_price =
        power_price::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 1'000'000));
    p.two_part_tariffs = {tp};
    t.tariff_id = "tp";
    t.capacity_kva = power::from_mantissa(*rc::gen::inRange<std::int64_t>(1, 100'000'000));
  }
  const auto s = site::make(std::move(p));
  const auto opening = live_opening_of(s);
  RC_ASSERT(opening.plan.daily(0) != nullptr);
  auto state = open_state(opening);
  // Cut at any point, then the whole stream again (a crash and a re-run).
  const auto cut = *rc::gen::inRange<std::size_t>(0, reads.size() + 1);
  money posted_days;
  const auto feed = [&](std::size_t to) {
    for (std::size_t i = 0; i < to; ++i) {
      metering::reading r;
      r.meter_id = "M-1";
      r.registers = reads[i];
      const auto o = ingest(opening.plan, state, r);
      RC_ASSERT(o.status != live_status::refused);
      for (const auto& d : o.days) posted_days += d.deduction.amount;
    }
  };
  feed(cut);
  feed(reads.size());
  const auto period = bill::billing_period::parse("2026-07");
  const auto run = run_site(s, period);
  const money bill = run.bills.front().total;
  const money by_readings = state.cursors.at("M-1").deducted_in("2026-07");
  const money by_days = daily_deducted_in(opening.plan, state, "T-1", "2026-07");
  RC_ASSERT(by_days == posted_days);
  // The last reading is 08-01 00:00: every day of July has accrued, to the fixed lines' fen.
  const auto& tenant = s.tenants().front();
  auto fixed_lines = recurring_lines(
      s, tenant, period, local_interval::make(period.window().begin(), period.window().end()));
  if (capacity) {
    // The bill's capacity line for the whole month (TP-2), by the site's rule.
    fixed_lines.push_back(tariff::capacity_line("M-1", tenant.capacity_kva,
                                                s.two_part("tp")->terms.capacity_price, s.rule()));
  }
  const auto fixed = total_of(fixed_lines, s.rule());
  RC_ASSERT(by_days == fixed);
  const money up = bill - by_readings - by_days;
  RC_ASSERT(by_readings + by_days + up == bill);
  RC_ASSERT(up.is_zero());
  RC_ASSERT(state.accounts[0].state().balance == -(by_readings + by_days));
  // Re-running the stream posts nothing.
  const auto entries = state.accounts[0].entries().size();
  posted_days = money{};
  feed(reads.size());
  RC_ASSERT(state.accounts[0].entries().size() == entries);
  RC_ASSERT(posted_days.is_zero());
}

TEST(live_reconcile, a_move_in_mid_month_deducts_the_capacity_days_the_bill_charges) {
  // Moved in on 5 July at 10:00 under a two-part tariff by capacity (315 kVA × 30.00): the bill
  // charges TP-8's 27 days (the 5th counts in full), 8,505.00; the days deducted live are those
  // days, 315.00 each, and the true-up is zero.
  const auto meter = metering::meter::make("M-1");
  const std::vector<metering::register_reading> reads = {
      test_support::reading("2026-07-05T10:00", "0"),
      test_support::reading("2026-07-10T00:00", "10"),
      test_support::reading("2026-07-20T00:00", "20"),
      test_support::reading("2026-08-01T00:00", "30")};
  site_parts p = test_support::one_meter_site(live_kind::flat, meter, reads).parts();
  auto& t = p.tenants.front();
  two_part_tariff tp;
  tp.id = "tp";
  tp.energy_tariff_id = t.tariff_id;
  tp.terms.basis = tariff::basic_charge_basis::capacity;
  tp.terms.capacity_price = power_price::parse("30");
  p.two_part_tariffs = {tp};
  t.tariff_id = "tp";
  t.capacity_kva = power::parse("315");
  t.move_in = test_support::at("2026-07-05T10:00");
  tenant_account account;
  account.mode = ledger::account_mode::prepaid;
  account.daily_fixed_charges = true;
  t.account = account;
  const auto s = site::make(std::move(p));
  const auto opening = live_opening_of(s);
  auto state = open_state(opening);
  std::vector<std::string> days;
  for (const auto& reg : reads) {
    metering::reading r;
    r.meter_id = "M-1";
    r.registers = reg;
    for (const auto& d : ingest(opening.plan, state, r).days) {
      days.push_back(date::format("%F", d.day) + " " + d.deduction.amount.to_string(2));
    }
  }
  ASSERT_EQ(days.size(), 27U);
  EXPECT_EQ(days.front(), "2026-07-05 315.00");
  EXPECT_EQ(days.back(), "2026-07-31 315.00");
  const auto run = run_site(s, bill::billing_period::parse("2026-07"));
  const auto& bill = run.bills.front();
  const auto capacity = std::find_if(bill.lines.begin(), bill.lines.end(), [](const bill::line& l) {
    return l.component == bill::component::capacity;
  });
  ASSERT_NE(capacity, bill.lines.end());
  EXPECT_EQ(capacity->amount.to_string(2), "8505.00");
  const money by_days = daily_deducted_in(opening.plan, state, "T-1", "2026-07");
  EXPECT_EQ(by_days, money::parse("8505"));
  const money by_readings = state.cursors.at("M-1").deducted_in("2026-07");
  EXPECT_EQ(bill.total - by_readings - by_days, money{});
}

RC_GTEST_PROP(live_reconcile, flat_month_reconciles, ()) { check_month(live_kind::flat); }
RC_GTEST_PROP(live_reconcile, flat_month_with_daily_charges_reconciles, ()) {
  check_month_with_daily_charges(live_kind::flat);
}
RC_GTEST_PROP(live_reconcile, tou_month_with_daily_charges_reconciles, ()) {
  check_month_with_daily_charges(live_kind::tou);
}
RC_GTEST_PROP(live_reconcile, two_part_month_with_daily_capacity_charge_reconciles, ()) {
  check_month_with_daily_charges(*rc::gen::element(live_kind::flat, live_kind::tou), true);
}
RC_GTEST_PROP(live_reconcile, tou_month_reconciles, ()) { check_month(live_kind::tou); }
RC_GTEST_PROP(live_reconcile, versioned_month_reconciles, ()) { check_month(live_kind::versions); }
RC_GTEST_PROP(live_reconcile, water_ladder_month_reconciles, ()) { check_month(live_kind::water); }

}  // namespace
}  // namespace submeter::site
