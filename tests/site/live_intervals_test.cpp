// site/live_rating.hpp with interval data (TOU-5 by interval data on the live path, issue 17): a
// meter under a price history whose tariff has a day table (format v2 `tou_periods`) has a price
// change inside its to-date window split by the energy its intervals measured before and after
// the instant, as the monthly bill splits it; by days when the window is off the data's grid, the
// data do not cover it or disagree with the readings; readings at the instant still come first.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "live_support.hpp"
#include "submeter/site/live_opening.hpp"
#include "submeter/site/live_rating.hpp"

namespace submeter::site {
namespace {

using test_support::at;

// The day table of "tou": sharp 10:00-12:00, peak 08:00-10:00 and 12:00-18:00, flat
// 18:00-22:00, valley 22:00-08:00 (registers 1..4 of test_support::tou_versions).
tariff::day_table live_intervals_table() {
  return tariff::day_table::make("tou", {{1, 10 * 60, 12 * 60},
                                         {2, 8 * 60, 10 * 60},
                                         {2, 12 * 60, 18 * 60},
                                         {3, 18 * 60, 22 * 60},
                                         {4, 22 * 60, 8 * 60}});
}

// The register of 15-minute slot `s` (0..95) of a day, as the table above gives it.
int live_intervals_register(int s) {
  if (s >= 40 && s < 48) return 1;
  if ((s >= 32 && s < 40) || (s >= 48 && s < 72)) return 2;
  if (s >= 72 && s < 88) return 3;
  return 4;
}

// July 2026's 15-minute energies of M-1 (mantissas at 1e-4 kWh): a load that varies by slot and
// day, three times higher from the price change on the 16th, so a split by days differs from
// the split by the energy measured.
std::vector<std::int64_t> live_intervals_profile() {
  std::vector<std::int64_t> v;
  for (int d = 1; d <= 31; ++d) {
    for (int s = 0; s < 96; ++s) {
      const std::int64_t base = 1000 + 37 * s + 113 * d;
      v.push_back(d >= 16 ? 3 * base : base);
    }
  }
  return v;
}

metering::interval_series live_intervals_series(std::size_t count = 31 * 96) {
  auto p = live_intervals_profile();
  p.resize(count);
  std::vector<energy> e;
  for (const auto m : p) e.push_back(energy::from_mantissa(m));
  return metering::interval_series::of_energy(at("2026-07-01T00:00"), std::chrono::minutes{15}, e);
}

// M-1's registers at `time` (on the 15-minute grid): 100, 10, 30, 20, 40 kWh on 07-01 00:00 plus
// the intervals before `time`, each in its register; `extra_peak` added to T2 (and the total).
metering::register_reading live_intervals_reading(const char* time, std::int64_t extra_peak = 0) {
  const auto t = at(time);
  std::array<std::int64_t, 5> reg = {1'000'000, 100'000, 300'000, 200'000, 400'000};
  const auto p = live_intervals_profile();
  const auto n = (t - at("2026-07-01T00:00")) / std::chrono::minutes{15};
  for (std::int64_t i = 0; i < n; ++i) {
    const auto r = live_intervals_register(static_cast<int>(i % 96));
    reg[static_cast<std::size_t>(r)] += p[static_cast<std::size_t>(i)];
    reg[0] += p[static_cast<std::size_t>(i)];
  }
  reg[2] += extra_peak;
  reg[0] += extra_peak;
  metering::register_reading out;
  out.time = t;
  out.total = energy::from_mantissa(reg[0]);
  for (std::size_t k = 0; k < 4; ++k) out.rates[k] = energy::from_mantissa(reg[k + 1]);
  return out;
}

// The to-date bill at `time` (on the grid) worked out here without the library's rating: each
// register's energy before the change (2026-07-16 00:00) at v1's price and from it at v2's
// (test_support::tou_versions, prices at 1e-4 yuan/kWh), each line rounded half up to the fen.
money live_intervals_expected(const char* time) {
  const std::array<std::int64_t, 4> v1 = {13'500, 10'800, 6'000, 2'400};
  const std::array<std::int64_t, 4> v2 = {14'850, 11'880, 6'600, 2'640};
  std::array<std::int64_t, 4> before{};
  std::array<std::int64_t, 4> after{};
  const auto p = live_intervals_profile();
  const auto n = (at(time) - at("2026-07-01T00:00")) / std::chrono::minutes{15};
  for (std::int64_t i = 0; i < n; ++i) {
    const auto r = static_cast<std::size_t>(live_intervals_register(static_cast<int>(i % 96)) - 1);
    (i < 15 * 96 ? before : after)[r] += p[static_cast<std::size_t>(i)];
  }
  std::int64_t fen = 0;
  for (std::size_t r = 0; r < 4; ++r) {
    fen += (before[r] * v1[r] + 500'000) / 1'000'000;  // 1e-8 yuan to the fen, half up
    if (n > 15 * 96) fen += (after[r] * v2[r] + 500'000) / 1'000'000;
  }
  return money::from_mantissa(fen * 100);  // money at 1e-4
}

live_meter live_intervals_meter() {
  return live_meter::make(metering::meter::make("M-1", ratio::from_integer(1)),
                          test_support::tou_versions())
      .with_intervals(live_intervals_table(), live_intervals_series());
}

// Twice a day at 06:00 and 18:00 (no reading at the change instant), and 08-01 00:00.
std::vector<const char*> live_intervals_times() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> t;
    for (int d = 1; d <= 31; ++d) {
      const std::string day = (d < 10 ? "2026-07-0" : "2026-07-") + std::to_string(d);
      t.push_back(day + "T06:00");
      t.push_back(day + "T18:00");
    }
    t.emplace_back("2026-08-01T00:00");
    return t;
  }();
  std::vector<const char*> out;
  for (const auto& s : texts) out.push_back(s.c_str());
  return out;
}

TEST(LiveIntervals, EachToDateIsTheSplitByTheEnergyMeasured) {
  const auto m = live_intervals_meter();
  auto c = open_cursor(live_intervals_reading("2026-07-01T00:00"));
  money deducted;
  int by_interval_data = 0;
  for (const char* t : live_intervals_times()) {
    const auto r = rate_live(m, c, live_intervals_reading(t));
    ASSERT_EQ(r.status, live_rating_status::rated) << t << ": " << r.message;
    ASSERT_EQ(r.to_date, live_intervals_expected(t)) << t;
    if (at("2026-07-16T00:00") < at(t)) {
      const auto lines = to_date_lines(m, r);
      ASSERT_EQ(lines.size(), 8U) << t;  // four registers in each of two versions
      EXPECT_EQ(lines.front().split_method, "interval data") << t;
      EXPECT_EQ(total_of(lines, m.rule()), r.to_date);
      ++by_interval_data;
    }
    deducted += r.due;
    c = r.next;
  }
  EXPECT_EQ(by_interval_data, 33);  // 07-16 06:00 .. 07-31 18:00 (32) and 08-01 00:00
  // The deductions add up to the month in one piece, which the bill splits by the same data.
  EXPECT_EQ(deducted, live_intervals_expected("2026-08-01T00:00"));
  EXPECT_EQ(c.deducted_in("2026-07"), deducted);
}

TEST(LiveIntervals, TheMonthAddsUpToTheBillSplitByIntervalData) {
  // The same meter in a site with the day table and the interval data, read at the bounds only:
  // the monthly bill splits July by interval data, and the live deductions add up to it.
  const auto meter = metering::meter::make("M-1", ratio::from_integer(1));
  auto s = [&] {
    site_parts p;
    p.name = "Live";
    p.currency = "CNY";
    p.meters = {meter};
    p.readings = {metering::reading_series::make(
        meter,
        {live_intervals_reading("2026-07-01T00:00"), live_intervals_reading("2026-08-01T00:00")})};
    p.tariffs = {test_support::flat_tariff(), test_support::tou_tariff()};
    p.versions.emplace("tou", test_support::tou_versions());
    p.tou_periods.emplace("tou", live_intervals_table());
    p.intervals = {meter_intervals{"M-1", live_intervals_series()}};
    p.tenants = {tenant{"T-1", "Tenant", "tou", {"M-1"}}};
    return site::make(std::move(p));
  }();
  const auto month = test_support::bill_in_one_piece(s, "2026-07");
  EXPECT_EQ(month, live_intervals_expected("2026-08-01T00:00"));
  // live_meter_of (the live opening) gives the meter its day table and data from the site.
  const auto m = live_meter_of(s, s.tenants().front(), "M-1");
  ASSERT_NE(m.intervals(), nullptr);
  EXPECT_EQ(m.intervals()->series.size(), 31U * 96U);
  auto c = open_cursor(live_intervals_reading("2026-07-01T00:00"));
  money deducted;
  for (const char* t : live_intervals_times()) {
    const auto r = rate_live(m, c, live_intervals_reading(t));
    deducted += r.due;
    c = r.next;
  }
  EXPECT_EQ(deducted, month);
  // Without the data the bill and the live step both split by days: another figure.
  const auto without = live_meter::make(meter, test_support::tou_versions());
  const auto r = rate_live(without, open_cursor(live_intervals_reading("2026-07-01T00:00")),
                           live_intervals_reading("2026-08-01T00:00"));
  EXPECT_NE(r.to_date, month);
  EXPECT_EQ(to_date_lines(without, r).front().split_method, "by days");
}

TEST(LiveIntervals, AWindowOffTheDataGridIsSplitByDays) {
  const auto m = live_intervals_meter();
  const auto plain = live_meter::make(m.meter(), m.tariff());
  const auto c = open_cursor(live_intervals_reading("2026-07-01T00:00"));
  // 10:07 is off the 15-minute grid: the interval of 10:00 would run past the reading.
  auto off = live_intervals_reading("2026-07-17T10:00");
  off.time = at("2026-07-17T10:07");
  const auto r = rate_live(m, c, off);
  ASSERT_EQ(r.status, live_rating_status::rated) << r.message;
  EXPECT_EQ(to_date_lines(m, r).front().split_method, "by days");
  EXPECT_EQ(r.to_date, rate_live(plain, c, off).to_date);
  // The next reading on the grid is split by the data again, from the month's anchor.
  const auto next = rate_live(m, r.next, live_intervals_reading("2026-07-17T18:00"));
  EXPECT_EQ(next.to_date, live_intervals_expected("2026-07-17T18:00"));
  EXPECT_EQ(to_date_lines(m, next).front().split_method, "interval data");
}

TEST(LiveIntervals, DataNotYetReceivedOrAtOddsWithTheReadingsSplitByDays) {
  const auto table = live_intervals_table();
  const auto base = live_meter::make(metering::meter::make("M-1", ratio::from_integer(1)),
                                     test_support::tou_versions());
  const auto c = open_cursor(live_intervals_reading("2026-07-01T00:00"));
  // The data end on 07-20 00:00: a reading of 07-18 is split by them, one of 07-25 by days.
  const auto partial = base.with_intervals(table, live_intervals_series(19 * 96));
  auto r = rate_live(partial, c, live_intervals_reading("2026-07-18T06:00"));
  EXPECT_EQ(r.to_date, live_intervals_expected("2026-07-18T06:00"));
  r = rate_live(partial, c, live_intervals_reading("2026-07-25T06:00"));
  ASSERT_EQ(r.status, live_rating_status::rated) << r.message;
  EXPECT_EQ(to_date_lines(partial, r).front().split_method, "by days");
  // Readings 5 kWh of peak above the data (the monthly bill refuses them): rated by days.
  const auto m = base.with_intervals(table, live_intervals_series());
  r = rate_live(m, c, live_intervals_reading("2026-07-18T06:00", 50'000));
  ASSERT_EQ(r.status, live_rating_status::rated) << r.message;
  EXPECT_EQ(to_date_lines(m, r).front().split_method, "by days");
  EXPECT_EQ(r.to_date,
            rate_live(base, c, live_intervals_reading("2026-07-18T06:00", 50'000)).to_date);
}

TEST(LiveIntervals, AReadingAtTheChangeInstantComesFirst) {
  const auto m = live_intervals_meter();
  auto c = open_cursor(live_intervals_reading("2026-07-01T00:00"));
  auto r = rate_live(m, c, live_intervals_reading("2026-07-16T00:00"));
  ASSERT_EQ(r.next.at_changes.size(), 1U);
  r = rate_live(m, r.next, live_intervals_reading("2026-07-20T06:00"));
  EXPECT_EQ(to_date_lines(m, r).front().split_method, "reads at the change instant");
  // Consistent data give the same figure either way.
  EXPECT_EQ(r.to_date, live_intervals_expected("2026-07-20T06:00"));
}

TEST(LiveIntervals, OnlyAPriceHistoryTakesIntervalEnergies) {
  const auto table = live_intervals_table();
  const auto flat = live_meter::make(metering::meter::make("M-1", ratio::from_integer(1)),
                                     test_support::tou_tariff());
  try {
    (void)flat.with_intervals(table, live_intervals_series());
    FAIL() << "a register tariff took interval data";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("M-1"), std::string::npos) << e.what();
  }
  const auto versions = live_meter::make(flat.meter(), test_support::tou_versions());
  const auto kw = metering::interval_series::of_power(
      at("2026-07-01T00:00"), std::chrono::minutes{15}, {power::parse("1")});
  EXPECT_THROW((void)versions.with_intervals(table, kw), error);
  EXPECT_EQ(versions.intervals(), nullptr);
  // Copies share the data.
  const auto with = versions.with_intervals(table, live_intervals_series());
  const auto copy = with;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(copy.intervals(), with.intervals());
}

}  // namespace
}  // namespace submeter::site
