// Tests of include/submeter/tariff/interval_usage.hpp: classification of interval data.
#include "submeter/tariff/interval_usage.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "submeter/metering/demand.hpp"

#include "io/calendar_json.hpp"
#include "io/tou_json.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/tariff/tou_prices.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using namespace std::chrono_literals;

nlohmann::json read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}
const calendar::holiday_calendar& china() {
  static const auto c =
      io::calendar_from_json(read(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json"));
  return c;
}
tou_schedule province(const std::string& name) {
  return io::tou_schedule_from_json(read(SUBMETER_SOURCE_DIR "/src/data/tou/cn/" + name + ".json"));
}

TEST(IntervalUsage, ShanghaiJulyConstantLoadDayCosts1686) {
  // rules.md TOU vectors: a constant 100 kW load on a July day, two-part Shanghai, P = 0.6,
  // 峰 1.8P, 谷 0.4P, 尖 = 峰 × 1.25: 200×1.35 + 800×1.08 + 600×0.60 + 800×0.24 = 1686.00.
  const auto s = province("shanghai-2p");
  const auto w =
      window_classifier::make(s, china(), {}, parse_local_time("2026-07-15T00:00"), 15min, 96);
  const std::vector<energy> quarter_hours(96, energy::parse("25"));
  const auto u = w.classify(quarter_hours);
  EXPECT_EQ(u.by_register[1], energy::parse("200"));
  EXPECT_EQ(u.by_register[2], energy::parse("800"));
  EXPECT_EQ(u.by_register[3], energy::parse("600"));
  EXPECT_EQ(u.by_register[4], energy::parse("800"));
  EXPECT_EQ(u.total, energy::parse("2400"));
  EXPECT_EQ(u.split_intervals, 0);
  const auto prices = to_register_prices(
      s.registers(), derive_prices(s.registers(), {{"flat", energy_price::parse("0.6"), true}},
                                   {{1, {ratio::parse("1.8"), ratio::parse("1.25")}},
                                    {2, {ratio::parse("1.8")}},
                                    {3, {ratio::parse("1")}},
                                    {4, {ratio::parse("0.4")}}}));
  money total;
  for (int r = 1; r <= 4; ++r) {
    const auto l = bill::energy_line("M1", r, s.registers().name_of(r),
                                     u.by_register[static_cast<std::size_t>(r)], *prices.price(r),
                                     bill::rounding_rule{});
    total += rescale<money>(l.amount, rounding::half_up);
  }
  EXPECT_EQ(total, money::parse("1686.00"));
}

TEST(IntervalUsage, HourlyDataAcrossAHalfHourBoundaryIsSplitProRata) {
  // A synthetic table with half-hour boundaries: peak 07:30–15:00, flat 15:00–23:30, valley the
  // rest.
  const auto table = day_table::make(
      "half",
      {{2, 7 * 60 + 30, 15 * 60}, {3, 15 * 60, 23 * 60 + 30}, {4, 23 * 60 + 30, 7 * 60 + 30}});
  const auto s = tou_schedule::make("half", register_set::conventional(4), {}, {table},
                                    {{{}, {}, "", "half"}}, {});
  const auto w =
      window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:00"), 60min, 48);
  EXPECT_EQ(w.mixed_count(), 4u);  // 07:00 and 23:00 on each of two days
  std::vector<energy> hourly(48, energy::parse("1"));
  hourly[7] = energy::parse("0.0003");  // day 1, 07:00–08:00: 0.00015 valley / 0.00015 peak
  const auto u = w.classify(hourly);
  EXPECT_EQ(u.split_intervals, 4);
  EXPECT_EQ(u.total, energy::parse("47.0003"));
  // Per day: valley 7 whole hours + ½ of 07:00 + ½ of 23:00; peak 7 + ½ of 07:00; flat 8 + ½ of
  // 23:00. Day 1's 0.0003 kWh at 07:00 splits into 3 units of 0.0001 with equal weights: the tie
  // goes to the earlier item, register 2 (peak): peak 0.0002, valley 0.0001.
  EXPECT_EQ(u.by_register[2], energy::parse("14.5002"));  // 7.0002 + 7.5
  EXPECT_EQ(u.by_register[3], energy::parse("17"));       // 8.5 + 8.5
  EXPECT_EQ(u.by_register[4], energy::parse("15.5001"));  // 7.5001 + 8
  EXPECT_EQ(u.by_register[2] + u.by_register[3] + u.by_register[4], u.total);
}

TEST(IntervalUsage, HolidaysAndMonthsFollowTheCalendar) {
  // Zhejiang: 深谷 10:00–14:00 on 国庆节 days only; 15-minute data over 2026-09-30 .. 10-02.
  const auto s = province("zhejiang");
  const auto w =
      window_classifier::make(s, china(), {}, parse_local_time("2026-09-30T00:00"), 15min, 3 * 96);
  const auto u = w.classify(std::vector<energy>(3 * 96, energy::parse("1")));
  EXPECT_EQ(u.by_register[5], energy::parse("32"));  // 2 days × 4 h × 4 quarter hours
  EXPECT_EQ(u.total, energy::parse("288"));
}

TEST(IntervalUsage, RefusesBadWindowsAndData) {
  const auto s = province("beijing");
  auto code = [](const std::function<void()>& f) {
    return submeter::test_support::error_of(f).code();
  };
  EXPECT_EQ(code([&] {
              (void)window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:00"), 7min,
                                            10);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([&] {
              (void)window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:05"), 15min,
                                            10);
            }),
            errc::invalid_argument);
  EXPECT_EQ(code([&] {
              (void)window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:00"), 15min,
                                            0);
            }),
            errc::invalid_argument);
  const auto w = window_classifier::make(s, {}, {}, parse_local_time("2026-07-01T00:00"), 15min, 4);
  EXPECT_EQ(code([&] { (void)w.classify(std::vector<energy>(3, energy::parse("1"))); }),
            errc::invalid_argument);
  std::vector<energy> v(4, energy::parse("1"));
  v[2] = energy::parse("-1");
  try {
    (void)w.classify(v);
    ADD_FAILURE();
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::inconsistent);
    EXPECT_EQ(e.context_value("index"), "2");
  }
  std::vector<std::int64_t> huge(4, std::numeric_limits<std::int64_t>::max());
  EXPECT_THROW((void)w.classify(huge.data()), std::overflow_error);
}

// max_demand refuses what interval_series::make refuses of a value (the first bad one, by index
// and time), whether its windows are one interval (checked in the peaks pass) or longer (checked
// before it).
TEST(IntervalUsage, MaxDemandRefusesBadValuesAsASeriesDoes) {
  const auto s = province("beijing");
  const auto start = parse_local_time("2026-07-01T00:00");
  const auto w = window_classifier::make(s, {}, {}, start, 60min, 48);
  for (const auto& window :
       {metering::demand_window::block(60min), metering::demand_window::sliding(60min, 60min),
        metering::demand_window::block(120min), metering::demand_window::sliding(120min, 60min)}) {
    for (const std::int64_t bad : {std::int64_t{-1}, metering::interval_series::max_mantissa + 1,
                                   std::int64_t{-1000000000000}}) {
      std::vector<std::int64_t> v(48, 10000);
      v[30] = bad;
      v[40] = -5;  // a later bad value is not the one named
      const auto want = submeter::test_support::error_of([&] {
        std::vector<power> p;
        for (auto x : v) p.push_back(power::from_mantissa(x));
        (void)metering::interval_series::of_power(start, 60min, p);
      });
      const auto got = submeter::test_support::error_of([&] {
        (void)w.max_demand(v.data(), window, metering::interval_series::kind::average_power,
                           metering::demand_unit::kw);
      });
      EXPECT_EQ(got.code(), errc::invalid_argument);
      EXPECT_EQ(got.context_value("index"), "30");
      EXPECT_EQ(got.context_value("time"), "2026-07-02T06:00:00");
      EXPECT_STREQ(got.what(), want.what());
    }
  }
}

TEST(IntervalUsage, StartsMidDay) {
  const auto s = province("beijing");  // 谷 23:00–07:00
  const auto w = window_classifier::make(s, {}, {}, parse_local_time("2026-04-15T22:00"), 60min, 3);
  EXPECT_EQ(w.register_of(0), 3);  // 22:00 平
  EXPECT_EQ(w.register_of(1), 4);  // 23:00 谷
  EXPECT_EQ(w.register_of(2), 4);  // 00:00 next day 谷
}

// ---------------------------------------------------------------------------------------------
// The window is resolved per distinct day table from breakpoints; the reference below is the
// definition: every minute of every interval looked up in table_for(day), an interval on one
// register when all its minutes are, else split pro rata by its minutes.

struct reference_window {
  std::vector<int> registers;                                             // per interval; 0 = mixed
  std::vector<std::array<std::int64_t, max_rate_registers + 1>> minutes;  // per interval
};

reference_window minute_by_minute(const tou_schedule& s, const calendar::holiday_calendar& h,
                                  const calendar::day_marks& marks, local_time start, int step,
                                  std::int64_t count) {
  reference_window out;
  std::optional<date::local_days> cached_day;
  std::array<std::uint8_t, minutes_per_day> map{};
  for (std::int64_t i = 0; i < count; ++i) {
    const auto t = start + std::chrono::minutes{step} * i;
    const auto day = date::floor<date::days>(t);
    if (!cached_day || *cached_day != day) {
      map = s.table_for(day, h, marks).minute_map();
      cached_day = day;
    }
    const auto m0 =
        static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(t - day).count());
    std::array<std::int64_t, max_rate_registers + 1> mins{};
    for (int m = m0; m < m0 + step; ++m) ++mins[map[static_cast<std::size_t>(m)]];
    int reg = 0;
    for (int r = 1; r <= max_rate_registers; ++r) {
      if (mins[static_cast<std::size_t>(r)] == step) reg = r;
    }
    out.registers.push_back(reg);
    out.minutes.push_back(mins);
  }
  return out;
}

// A random day table over registers 1..4: 1..7 breakpoints, the last period wrapping midnight.
day_table random_table(const std::string& name) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 8);
  std::set<int> cuts;
  // Breakpoints on hours, half hours or any minute, so that steps meet them inside and on edges.
  const auto grain = *rc::gen::element(1, 5, 30, 60);
  for (std::size_t i = 0; i < n; ++i) cuts.insert(*rc::gen::inRange(0, 1440 / grain) * grain);
  std::vector<int> b(cuts.begin(), cuts.end());
  std::vector<period> periods;
  if (b.size() == 1) {
    const int r = *rc::gen::inRange(1, 5);
    if (b[0] == 0) {
      periods = {{r, 0, 1440}};
    } else {
      periods = {{r, b[0], 1440}, {r, 0, b[0]}};
    }
  } else {
    for (std::size_t i = 0; i < b.size(); ++i) {
      const bool last = i + 1 == b.size();
      const int to = !last ? b[i + 1] : (b[0] == 0 ? 1440 : b[0]);  // the last one wraps
      periods.push_back({*rc::gen::inRange(1, 5), b[i], to});
    }
  }
  return day_table::make(name, periods);
}

struct random_case {
  tou_schedule schedule;
  calendar::holiday_calendar holidays;
  calendar::day_marks marks;
};

random_case random_schedule() {
  const auto n_tables = *rc::gen::inRange<std::size_t>(1, 4);
  std::vector<day_table> tables;
  for (std::size_t i = 0; i < n_tables; ++i)
    tables.push_back(random_table("t" + std::to_string(i)));
  const auto table = [&] {
    return "t" + std::to_string(*rc::gen::inRange<std::size_t>(0, n_tables));
  };
  const bool two_seasons = *rc::gen::arbitrary<bool>();
  calendar::season_table seasons =
      two_seasons
          ? calendar::season_table::make({{"summer", {calendar::month_day_range::months(6, 9)}},
                                          {"rest", {calendar::month_day_range::months(10, 5)}}})
          : calendar::season_table{};
  using calendar::day_kind;
  std::vector<day_rule> rules;
  const std::vector<std::string> names = two_seasons ? std::vector<std::string>{"summer", "rest"}
                                                     : std::vector<std::string>{"all_year"};
  for (const auto& season : names) {
    rules.push_back({{season}, {day_kind::workday, day_kind::swapped_workday}, "", table()});
    rules.push_back(
        {{season}, {day_kind::saturday, day_kind::sunday, day_kind::holiday}, "", table()});
  }
  const bool hot = *rc::gen::arbitrary<bool>();
  if (hot) rules.push_back({{}, {day_kind::workday}, "hot_day", table()});
  std::vector<overlay_rule> overlays;
  // Sometimes 64 overlays that never apply come first, so that the real ones lie past the 64
  // a day_choice can name and the classifier resolves days by their tables instead (January
  // only and a festival no calendar has: cheap for tou_schedule::make to check).
  if (*rc::gen::inRange(0, 4) == 0) {
    for (int i = 0; i < 64; ++i) {
      overlays.push_back({"never" + std::to_string(i), {{1, 0, 60}}, {}, {1}, {}, {"never"}, ""});
    }
  }
  const auto n_overlays = *rc::gen::inRange(0, 3);
  for (int i = 0; i < n_overlays; ++i) {
    overlay_rule o;
    o.name = "o" + std::to_string(i);
    const int from = *rc::gen::inRange(0, 1440);
    const int len = *rc::gen::inRange(1, 240);
    o.periods = {
        {*rc::gen::inRange(1, 5), from, (from + len) % 1440 == 0 ? 1440 : (from + len) % 1440}};
    if (*rc::gen::arbitrary<bool>()) o.months = {6, 7, 8};
    if (*rc::gen::arbitrary<bool>()) o.kinds = {day_kind::holiday, day_kind::sunday};
    if (*rc::gen::arbitrary<bool>()) o.holidays = {"festival"};
    if (hot && *rc::gen::arbitrary<bool>()) o.flag = "hot_day";
    overlays.push_back(o);
  }
  random_case c{
      tou_schedule::make("random", register_set::conventional(4), seasons, tables, rules, overlays),
      {},
      {}};
  std::vector<calendar::calendar_entry> entries;
  std::vector<calendar::day_mark> marks;
  const auto y2026 = date::local_days{date::year{2026} / 1 / 1};
  for (int d = 0; d < 365; ++d) {
    const auto day = y2026 + date::days{d};
    if (*rc::gen::inRange(0, 10) == 0) {
      entries.push_back({day, day_kind::holiday,
                         *rc::gen::element(std::string("festival"), std::string("other"))});
    }
    if (hot && *rc::gen::inRange(0, 4) == 0) marks.push_back({day, "hot_day"});
  }
  c.holidays = calendar::holiday_calendar::make("random", {2026}, entries);
  c.marks = calendar::day_marks::make(marks);
  // Sometimes no calendar and no flags: a schedule without overlays then chooses its days by
  // season and weekday alone (tou_schedule::choose_days' short path).
  if (*rc::gen::inRange(0, 3) == 0) {
    c.holidays = {};
    c.marks = {};
  }
  return c;
}

// tou_schedule::choose_days (dates walked day by day, what window_classifier::make asks) gives
// choose()'s answer for every day: across month and year ends, the leap day of 2028, holidays,
// flagged days and overlays by month, kind and festival.
RC_GTEST_PROP(IntervalUsageProperty, ChooseDaysEqualsChooseEachDay, ()) {
  const auto c = random_schedule();
  const auto first =
      date::local_days{date::year{2025} / 10 / 1} + date::days{*rc::gen::inRange(0, 400)};
  const auto n = *rc::gen::inRange<std::size_t>(1, 900);
  std::vector<tou_schedule::day_choice> got(n);
  c.schedule.choose_days(first, n, c.holidays, c.marks, got.data());
  for (std::size_t i = 0; i < n; ++i) {
    const auto day = first + date::days{static_cast<int>(i)};
    RC_ASSERT(got[i] == c.schedule.choose(day, c.holidays, c.marks));
  }
  // Without a calendar or flags (the short path when the schedule has no overlays).
  c.schedule.choose_days(first, n, {}, {}, got.data());
  for (std::size_t i = 0; i < n; ++i) {
    const auto day = first + date::days{static_cast<int>(i)};
    RC_ASSERT(got[i] == c.schedule.choose(day, {}, {}));
  }
}

RC_GTEST_PROP(IntervalUsageProperty, ResolvedWindowEqualsMinuteByMinute, ()) {
  const auto c = random_schedule();
  const int step = *rc::gen::element(1, 5, 15, 30, 45, 60, 90, 120, 1440);
  const int per_day = 1440 / step;
  const auto day = *rc::gen::inRange(0, 330);
  const auto slot = *rc::gen::inRange(0, per_day);
  const auto start = local_time{date::local_days{date::year{2026} / 1 / 1} + date::days{day}} +
                     std::chrono::minutes{step * slot};
  const std::int64_t max_count = std::max<std::int64_t>(1, 35LL * per_day / (step < 15 ? 8 : 1));
  const auto count = *rc::gen::inRange<std::int64_t>(1, max_count + 1);
  const auto w = window_classifier::make(c.schedule, c.holidays, c.marks, start,
                                         std::chrono::minutes{step}, count);
  const auto ref = minute_by_minute(c.schedule, c.holidays, c.marks, start, step, count);

  // Registers, interval by interval, and the mixed count.
  const auto regs = w.registers();
  std::size_t mixed = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    const auto k = static_cast<std::size_t>(i);
    RC_ASSERT(w.register_of(i) == ref.registers[k]);
    RC_ASSERT(static_cast<int>(regs[k]) == ref.registers[k]);
    mixed += ref.registers[k] == 0 ? 1u : 0u;
  }
  RC_ASSERT(w.mixed_count() == mixed);

  // Classification: each whole interval to its register, each mixed one split by its minutes.
  std::vector<std::int64_t> values(static_cast<std::size_t>(count));
  // Sometimes a few distinct values only, so that peaks tie and the earliest must win.
  const std::int64_t top = *rc::gen::element<std::int64_t>(4, 2000000);
  for (auto& v : values) v = *rc::gen::inRange<std::int64_t>(0, top);
  register_energy want{};
  std::int64_t split_intervals = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (ref.registers[i] != 0) {
      want[static_cast<std::size_t>(ref.registers[i])] += energy::from_mantissa(values[i]);
      continue;
    }
    const auto parts =
        split(energy::from_mantissa(values[i]), ref.minutes[i], energy::from_mantissa(1));
    for (std::size_t r = 1; r < parts.size(); ++r) want[r] += parts[r];
    ++split_intervals;
  }
  const auto got = w.classify(values.data());
  RC_ASSERT(got.by_register == want);
  RC_ASSERT(got.split_intervals == split_intervals);

  // Uses in time order add up to the classification, register by register.
  register_energy from_uses{};
  for (const auto& u : w.uses(values.data())) {
    from_uses[static_cast<std::size_t>(u.rate_register)] += u.quantity;
  }
  RC_ASSERT(from_uses == want);

  // Demand per register: the same peaks as the per-interval definition.
  const auto series = metering::interval_series::of_power(start, std::chrono::minutes{step}, [&] {
    std::vector<power> p;
    for (auto v : values) p.push_back(power::from_mantissa(v));
    return p;
  }());
  const int mult = *rc::gen::inRange(1, 4);
  const auto length = std::chrono::minutes{step * mult};
  if (1440 % length.count() != 0) return;
  const auto window = *rc::gen::arbitrary<bool>()
                          ? metering::demand_window::block(length)
                          : metering::demand_window::sliding(length, std::chrono::minutes{step});
  std::vector<std::uint8_t> reg8(ref.registers.begin(), ref.registers.end());
  std::optional<errc> want_error, got_error;
  std::array<std::optional<metering::demand_peak>, max_rate_registers + 1> want_peaks{},
      got_peaks{};
  try {
    want_peaks = metering::max_demand_by_register(series, window, reg8);
  } catch (const error& e) {
    want_error = e.code();
  }
  try {
    got_peaks = w.max_demand(values.data(), window, metering::interval_series::kind::average_power,
                             metering::demand_unit::kw);
  } catch (const error& e) {
    got_error = e.code();
  }
  RC_ASSERT(want_error == got_error);
  for (std::size_t r = 0; r < want_peaks.size(); ++r) {
    RC_ASSERT(want_peaks[r].has_value() == got_peaks[r].has_value());
    if (!want_peaks[r]) continue;
    RC_ASSERT(want_peaks[r]->demand == got_peaks[r]->demand);
    RC_ASSERT(want_peaks[r]->window_sum == got_peaks[r]->window_sum);
    RC_ASSERT(want_peaks[r]->window_begin == got_peaks[r]->window_begin);
    RC_ASSERT(want_peaks[r]->window_end == got_peaks[r]->window_end);
    RC_ASSERT(want_peaks[r]->windows_evaluated == got_peaks[r]->windows_evaluated);
  }
}

}  // namespace
