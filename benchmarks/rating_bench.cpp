// Rating cumulative register readings (issue 4: at most 1 µs per meter-month) and two SAM
// 8,760-hour annual bills (TOU with daily tiers, tariffs.md §4.1 case 2; commercial TOU energy +
// TOU demand, case 3), each against a plain int64 pass over the same data in the same binary.
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/tariff/demand_charge.hpp"
#include "submeter/tariff/interval_usage.hpp"
#include "submeter/tariff/register_tariff.hpp"
#include "submeter/tariff/schedule_matrix.hpp"
#include "submeter/tariff/tiers.hpp"
#include "submeter/tariff/two_part.hpp"
#include "submeter/tariff/version_split.hpp"

namespace {

using namespace submeter;
constexpr std::int64_t meters = 10000;

// Month-to-month usage of a 4-register TOU meter (T1..T4), total = Σ registers.
std::vector<metering::register_usage> usages() {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::int64_t> kwh(0, 50000000);  // 0..5,000 kWh a register
  std::vector<metering::register_usage> out;
  const auto m = metering::meter::make("M");
  for (std::int64_t i = 0; i < meters; ++i) {
    metering::register_reading a, b;
    a.time = parse_local_time("2026-07-01 00:00");
    b.time = parse_local_time("2026-08-01 00:00");
    for (std::size_t r = 0; r < 4; ++r) {
      a.rates[r] = energy::from_mantissa(kwh(rng));
      b.rates[r] = *a.rates[r] + energy::from_mantissa(kwh(rng));
      a.total += *a.rates[r];
      b.total += *b.rates[r];
    }
    out.push_back(metering::usage(m, a, b, rounding::half_up));
  }
  return out;
}

const std::vector<metering::register_usage>& data() {
  static const auto d = usages();
  return d;
}

void baseline_sum_registers(benchmark::State& state) {
  const auto& d = data();
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& u : d) {
      for (std::size_t r = 0; r < 4; ++r) sum += u.rates[r]->mantissa();
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * meters);
}
BENCHMARK(baseline_sum_registers)->Unit(benchmark::kMicrosecond);

void rate_register_tou(benchmark::State& state) {
  const auto& d = data();
  const auto t = tariff::register_tariff::tou("tou4", {{1, energy_price::parse("1.2")},
                                                       {2, energy_price::parse("0.9")},
                                                       {3, energy_price::parse("0.6")},
                                                       {4, energy_price::parse("0.3")}});
  const bill::rounding_rule rule{};
  for (auto _ : state) {
    for (const auto& u : d) benchmark::DoNotOptimize(tariff::rate(t, u, rule));
  }
  state.SetItemsProcessed(state.iterations() * meters);  // meter-months
}
BENCHMARK(rate_register_tou)->Unit(benchmark::kMicrosecond);

void rate_register_tiered_adder(benchmark::State& state) {
  const auto& d = data();
  const auto p = [](const char* s) { return energy_price::parse(s); };
  const auto t = tariff::tiered_tariff<energy>::adder(
      "adder", tariff::tier_ladder<energy>::make({energy::parse("2760"), energy::parse("4800")}),
      {{1, {p("1.2")}, {}}, {2, {p("0.9")}, {}}, {3, {p("0.6")}, {}}, {4, {p("0.3")}, {}}},
      {p("0"), p("0.05"), p("0.30")});
  const bill::rounding_rule rule{};
  for (auto _ : state) {
    for (const auto& u : d) {
      std::vector<tariff::register_use<energy>> use;
      for (int r = 1; r <= 4; ++r) use.push_back({r, *u.rate(r)});
      benchmark::DoNotOptimize(t.rate(u.meter_id, use, {}, 31, rule));
    }
  }
  state.SetItemsProcessed(state.iterations() * meters);
}
BENCHMARK(rate_register_tiered_adder)->Unit(benchmark::kMicrosecond);

void rate_register_versions_by_days(benchmark::State& state) {
  const auto& d = data();
  const auto regs = tariff::register_set::conventional(4);
  const auto prices = [&](const char* a) {
    return tariff::register_prices::make(regs, {{1, energy_price::parse(a)},
                                                {2, energy_price::parse("0.9")},
                                                {3, energy_price::parse("0.6")},
                                                {4, energy_price::parse("0.3")}});
  };
  const auto h = tariff::version_history::make(
      regs, {{"a", parse_local_time("2026-01-01 00:00"), prices("1.2"), ""},
             {"b", parse_local_time("2026-07-16 00:00"), prices("1.1"), ""}});
  const bill::rounding_rule rule{};
  for (auto _ : state) {
    for (const auto& u : d) benchmark::DoNotOptimize(tariff::rate_versions(h, u, rule));
  }
  state.SetItemsProcessed(state.iterations() * meters);
}
BENCHMARK(rate_register_versions_by_days)->Unit(benchmark::kMicrosecond);

// SAM case 2: 8,760 hourly kWh, six registers in two seasons, daily tier bounds, pooled.
struct sam_case {
  tariff::tou_schedule schedule;
  std::vector<std::int64_t> load;
};
sam_case make_sam() {
  std::ifstream cin(
      SUBMETER_SOURCE_DIR
      "/tests/data/cross-checks/sam-ssc/cases/sam_residential_tou6_tiered_daily.json");
  const auto doc = nlohmann::json::parse(cin);
  tariff::month_hour_matrix weekday{}, weekend{};
  for (std::size_t m = 0; m < 12; ++m) {
    for (std::size_t h = 0; h < 24; ++h) {
      weekday[m][h] = doc["energy_schedule_weekday"][m][h].get<int>();
      weekend[m][h] = doc["energy_schedule_weekend"][m][h].get<int>();
    }
  }
  std::vector<std::int64_t> load;
  std::ifstream in(SUBMETER_SOURCE_DIR
                   "/tests/data/cross-checks/sam-ssc/loads/residential_8760_kw.csv");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) load.push_back(energy::parse(line, rounding::half_even).mantissa());
  }
  return {tariff::schedule_from_matrices("sam", weekday, weekend), load};
}

// The baseline of an annual bill: a plain sum of its 8,760 hourly int64 mantissas.
void plain_sum_8760(benchmark::State& state, const std::vector<std::int64_t>& load) {
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (auto x : load) sum += x;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * 8760);
}

void baseline_sum_8760(benchmark::State& state) { plain_sum_8760(state, make_sam().load); }
BENCHMARK(baseline_sum_8760)->Unit(benchmark::kMicrosecond);

void sam_annual_bill_tiered_tou(benchmark::State& state) {
  const auto c = make_sam();
  const auto p = [](const char* s) { return energy_price::parse(s); };
  const auto ladder = [](const char* b) {
    return tariff::tier_ladder<energy>::make({energy::parse(b)}, tariff::bound_basis::per_day);
  };
  const auto summer =
      tariff::tiered_tariff<energy>::shared("s", tariff::tier_shape::pooled, ladder("11.7"),
                                            {{1, {p("0.31868"), p("0.50884")}, {}},
                                             {2, {p("0.26425"), p("0.45441")}, {}},
                                             {3, {p("0.21035"), p("0.40051")}, {}}});
  const auto winter =
      tariff::tiered_tariff<energy>::shared("w", tariff::tier_shape::pooled, ladder("11.96"),
                                            {{4, {p("0.23241"), p("0.40853")}, {}},
                                             {5, {p("0.22394"), p("0.40006")}, {}},
                                             {6, {p("0.21454"), p("0.39066")}, {}}});
  const auto rule =
      bill::rounding_rule::make(bill::rounding_scope::total_only, 4, rounding::half_even);
  bill::exact_money year;
  for (auto _ : state) {
    year = {};
    std::size_t hour = 0;
    for (unsigned m = 1; m <= 12; ++m) {
      const auto first = date::local_days{date::year{2018} / date::month{m} / 1};
      const auto days = static_cast<std::int64_t>(
          static_cast<unsigned>((date::year{2018} / date::month{m} / date::last).day()));
      const auto w = tariff::window_classifier::make(c.schedule, calendar::holiday_calendar{},
                                                     calendar::day_marks{}, local_time{first},
                                                     std::chrono::minutes{60}, days * 24);
      std::vector<tariff::register_use<energy>> use;
      use.reserve(static_cast<std::size_t>(days * 24));
      for (std::int64_t i = 0; i < w.size(); ++i)
        use.push_back({w.register_of(i), energy::from_mantissa(c.load[hour++])});
      const auto& t = (m >= 6 && m <= 10) ? summer : winter;
      for (const auto& l : t.rate("M", use, {}, days, rule).lines) year += l.unrounded;
    }
    benchmark::DoNotOptimize(year);
  }
  state.SetItemsProcessed(state.iterations() * 8760);
  state.SetLabel("annual bill " + year.to_string(4));
}
BENCHMARK(sam_annual_bill_tiered_tou)->Unit(benchmark::kMicrosecond);

// The same bill with each month's use given as window_classifier::uses (one entry per run of hours
// on one register, in time order) instead of one entry per hour: the pooled ladder fills in time
// order, so the tier quantities and the bill are the same (the label), from ~60 entries a month.
void sam_annual_bill_tiered_tou_runs(benchmark::State& state) {
  const auto c = make_sam();
  const auto p = [](const char* s) { return energy_price::parse(s); };
  const auto ladder = [](const char* b) {
    return tariff::tier_ladder<energy>::make({energy::parse(b)}, tariff::bound_basis::per_day);
  };
  const auto summer =
      tariff::tiered_tariff<energy>::shared("s", tariff::tier_shape::pooled, ladder("11.7"),
                                            {{1, {p("0.31868"), p("0.50884")}, {}},
                                             {2, {p("0.26425"), p("0.45441")}, {}},
                                             {3, {p("0.21035"), p("0.40051")}, {}}});
  const auto winter =
      tariff::tiered_tariff<energy>::shared("w", tariff::tier_shape::pooled, ladder("11.96"),
                                            {{4, {p("0.23241"), p("0.40853")}, {}},
                                             {5, {p("0.22394"), p("0.40006")}, {}},
                                             {6, {p("0.21454"), p("0.39066")}, {}}});
  const auto rule =
      bill::rounding_rule::make(bill::rounding_scope::total_only, 4, rounding::half_even);
  bill::exact_money year;
  for (auto _ : state) {
    year = {};
    std::size_t hour = 0;
    for (unsigned m = 1; m <= 12; ++m) {
      const auto first = date::local_days{date::year{2018} / date::month{m} / 1};
      const auto days = static_cast<std::int64_t>(
          static_cast<unsigned>((date::year{2018} / date::month{m} / date::last).day()));
      const auto w = tariff::window_classifier::make(c.schedule, calendar::holiday_calendar{},
                                                     calendar::day_marks{}, local_time{first},
                                                     std::chrono::minutes{60}, days * 24);
      const auto use = w.uses(c.load.data() + hour);
      hour += static_cast<std::size_t>(w.size());
      const auto& t = (m >= 6 && m <= 10) ? summer : winter;
      for (const auto& l : t.rate("M", use, {}, days, rule).lines) year += l.unrounded;
    }
    benchmark::DoNotOptimize(year);
  }
  state.SetItemsProcessed(state.iterations() * 8760);
  state.SetLabel("annual bill " + year.to_string(4));
}
BENCHMARK(sam_annual_bill_tiered_tou_runs)->Unit(benchmark::kMicrosecond);

// SAM case 3 (`Test_Commercial_Demand_Charges`, tariffs.md §4.1): 8,760 hourly kWh of a
// commercial load, four energy periods, two demand periods with graduated prices (100 kW at 20
// then 15; 100 kW at 10 then 5), 30 a month fixed. Per bill: for each month resolve both
// schedules, classify the energy, find the peaks per demand period (60-minute blocks) and build the
// explained lines. The label is the annual bill (SAM 104,614.5 ± 0.1;
// SamCrossCheck.CommercialTouDemandCharges records 104,614.487154).
struct sam_commercial {
  tariff::tou_schedule energy_schedule;
  tariff::tou_schedule demand_schedule;
  std::vector<energy> load;
  std::vector<std::int64_t> mantissas;
  std::array<energy_price, 5> energy_prices{};
  std::array<std::vector<tariff::demand_tier>, 3> demand_tiers;
  bill::exact_money fixed;
  // The registers' names ("rate1".."rate4"), tariff data like the prices.
  std::array<std::string, 5> names{"rate0", "rate1", "rate2", "rate3", "rate4"};
};
sam_commercial make_sam_commercial() {
  std::ifstream cin(SUBMETER_SOURCE_DIR
                    "/tests/data/cross-checks/sam-ssc/cases/sam_commercial_tou_demand.json");
  const auto doc = nlohmann::json::parse(cin);
  const auto matrix = [&](const char* key) {
    tariff::month_hour_matrix m{};
    for (std::size_t i = 0; i < 12; ++i) {
      for (std::size_t h = 0; h < 24; ++h) m[i][h] = doc[key][i][h].get<int>();
    }
    return m;
  };
  sam_commercial c{
      tariff::schedule_from_matrices("sam-energy", matrix("energy_schedule_weekday"),
                                     matrix("energy_schedule_weekend")),
      tariff::schedule_from_matrices("sam-demand", matrix("demand_schedule_weekday"),
                                     matrix("demand_schedule_weekend")),
      {},
      {},
      {},
      {},
      bill::exact_money::from_integer(doc["monthly_fixed_charge"].get<std::int64_t>()),
      {"rate0", "rate1", "rate2", "rate3", "rate4"}};
  for (const auto& r : doc["energy_rates"]) {
    c.energy_prices[r["period"].get<std::size_t>()] =
        energy_price::parse(r["buy"].dump(), rounding::half_up);
  }
  for (const auto& r : doc["demand_tou_rates"]) {
    std::optional<power> up_to;
    if (!r["max_kw"].is_null()) up_to = power::from_integer(r["max_kw"].get<std::int64_t>());
    c.demand_tiers[r["period"].get<std::size_t>()].push_back(
        {up_to, power_price::from_integer(r["charge_per_kw"].get<std::int64_t>())});
  }
  std::ifstream in(SUBMETER_SOURCE_DIR
                   "/tests/data/cross-checks/sam-ssc/loads/commercial_8760_kw.csv");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    c.load.push_back(energy::parse(line, rounding::half_even));
    c.mantissas.push_back(c.load.back().mantissa());
  }
  return c;
}

void baseline_sum_8760_commercial(benchmark::State& state) {
  plain_sum_8760(state, make_sam_commercial().mantissas);
}
BENCHMARK(baseline_sum_8760_commercial)->Unit(benchmark::kMicrosecond);

// One month of the SAM commercial bill: energy by TOU register, the graduated demand charge of
// each demand period from its hourly peak, and the fixed charge. The month is a span of the
// year's hourly mantissas (no copy): classified, then its demand peaks found in place
// (window_classifier::max_demand, which validates the values as interval_series does).
bill::exact_money sam_month(const sam_commercial& c, const tariff::window_classifier& ew,
                            const tariff::window_classifier& dw, std::size_t hour,
                            const bill::rounding_rule& rule) {
  bill::exact_money month;
  const auto used = ew.classify(c.mantissas.data() + hour);
  for (int p = 1; p < 5; ++p) {
    const auto q = used.by_register[static_cast<std::size_t>(p)];
    if (q.is_zero()) continue;
    month += bill::energy_line("SAM", p, c.names[static_cast<std::size_t>(p)], q,
                               c.energy_prices[static_cast<std::size_t>(p)], rule)
                 .amount;
  }
  const auto peaks = dw.max_demand(
      c.mantissas.data() + hour, metering::demand_window::block(std::chrono::minutes{60}),
      metering::interval_series::kind::energy, metering::demand_unit::kw);
  for (int p = 1; p <= 2; ++p) {
    const auto& peak = peaks[static_cast<std::size_t>(p)];
    if (!peak) continue;
    for (const auto& l : tariff::graduated_demand_lines(
             "SAM", p, c.names[static_cast<std::size_t>(p)], peak->demand,
             c.demand_tiers[static_cast<std::size_t>(p)], rule))
      month += l.amount;
  }
  return month + c.fixed;
}

// The same month with each month copied out of the year into an interval_series (validated
// there) for tariff::demand_by_register: what the bill did before months were spans (issue 23).
bill::exact_money sam_month_series(const sam_commercial& c, const tariff::window_classifier& ew,
                                   const tariff::window_classifier& dw, local_time first,
                                   std::int64_t n, std::size_t hour,
                                   const bill::rounding_rule& rule) {
  bill::exact_money month;
  const auto used = ew.classify(c.mantissas.data() + hour);
  for (int p = 1; p < 5; ++p) {
    const auto q = used.by_register[static_cast<std::size_t>(p)];
    if (q.is_zero()) continue;
    month += bill::energy_line("SAM", p, "rate" + std::to_string(p), q,
                               c.energy_prices[static_cast<std::size_t>(p)], rule)
                 .amount;
  }
  const auto series = metering::interval_series::of_energy(
      first, std::chrono::minutes{60},
      std::vector<energy>(c.load.begin() + static_cast<std::ptrdiff_t>(hour),
                          c.load.begin() + static_cast<std::ptrdiff_t>(hour) + n));
  const auto peaks = tariff::demand_by_register(
      series, metering::demand_window::block(std::chrono::minutes{60}), dw);
  for (int p = 1; p <= 2; ++p) {
    const auto& peak = peaks[static_cast<std::size_t>(p)];
    if (!peak) continue;
    for (const auto& l :
         tariff::graduated_demand_lines("SAM", p, "rate" + std::to_string(p), peak->demand,
                                        c.demand_tiers[static_cast<std::size_t>(p)], rule))
      month += l.amount;
  }
  return month + c.fixed;
}

// The month windows of SAM's year (365 days from a Monday: 2018): starts and hour counts.
struct sam_months {
  std::vector<local_time> starts;
  std::vector<std::int64_t> counts;
};
sam_months make_sam_months() {
  sam_months out;
  for (unsigned m = 1; m <= 12; ++m) {
    out.starts.push_back(local_time{date::local_days{date::year{2018} / date::month{m} / 1}});
    out.counts.push_back(static_cast<std::int64_t>(static_cast<unsigned>(
                             (date::year{2018} / date::month{m} / date::last).day())) *
                         24);
  }
  return out;
}

tariff::window_classifier classifier(const tariff::tou_schedule& schedule, local_time first,
                                     std::int64_t n) {
  return tariff::window_classifier::make(schedule, calendar::holiday_calendar{},
                                         calendar::day_marks{}, first, std::chrono::minutes{60}, n);
}

void sam_annual_bill_commercial_tou_demand(benchmark::State& state) {
  const auto c = make_sam_commercial();
  const auto months = make_sam_months();
  const auto rule =
      bill::rounding_rule::make(bill::rounding_scope::total_only, 2, rounding::half_up);
  bill::exact_money year;
  for (auto _ : state) {
    year = {};
    std::size_t hour = 0;
    for (std::size_t m = 0; m < 12; ++m) {
      const auto first = months.starts[m];
      const auto n = months.counts[m];
      year += sam_month(c, classifier(c.energy_schedule, first, n),
                        classifier(c.demand_schedule, first, n), hour, rule);
      hour += static_cast<std::size_t>(n);
    }
    benchmark::DoNotOptimize(year);
  }
  state.SetItemsProcessed(state.iterations() * 8760);
  state.SetLabel("annual bill " + year.to_string(6));
}
BENCHMARK(sam_annual_bill_commercial_tou_demand)->Unit(benchmark::kMicrosecond);

// The cold bill with each month copied into an interval_series (sam_month_series): the bill as
// it was measured before months were spans, kept for the before → after comparison.
void sam_annual_bill_commercial_tou_demand_series(benchmark::State& state) {
  const auto c = make_sam_commercial();
  const auto months = make_sam_months();
  const auto rule =
      bill::rounding_rule::make(bill::rounding_scope::total_only, 2, rounding::half_up);
  bill::exact_money year;
  for (auto _ : state) {
    year = {};
    std::size_t hour = 0;
    for (std::size_t m = 0; m < 12; ++m) {
      const auto first = months.starts[m];
      const auto n = months.counts[m];
      year += sam_month_series(c, classifier(c.energy_schedule, first, n),
                               classifier(c.demand_schedule, first, n), first, n, hour, rule);
      hour += static_cast<std::size_t>(n);
    }
    benchmark::DoNotOptimize(year);
  }
  state.SetItemsProcessed(state.iterations() * 8760);
  state.SetLabel("annual bill " + year.to_string(6));
}
BENCHMARK(sam_annual_bill_commercial_tou_demand_series)->Unit(benchmark::kMicrosecond);

// The same bill with both schedules resolved once per month outside the loop, as a billing run
// shares them among all meters of a window (interval_usage.hpp): the marginal cost per meter.
void sam_annual_bill_commercial_tou_demand_shared_windows(benchmark::State& state) {
  const auto c = make_sam_commercial();
  const auto months = make_sam_months();
  const auto rule =
      bill::rounding_rule::make(bill::rounding_scope::total_only, 2, rounding::half_up);
  std::vector<tariff::window_classifier> ews, dws;
  for (std::size_t m = 0; m < 12; ++m) {
    ews.push_back(classifier(c.energy_schedule, months.starts[m], months.counts[m]));
    dws.push_back(classifier(c.demand_schedule, months.starts[m], months.counts[m]));
  }
  bill::exact_money year;
  for (auto _ : state) {
    year = {};
    std::size_t hour = 0;
    for (std::size_t m = 0; m < 12; ++m) {
      year += sam_month(c, ews[m], dws[m], hour, rule);
      hour += static_cast<std::size_t>(months.counts[m]);
    }
    benchmark::DoNotOptimize(year);
  }
  state.SetItemsProcessed(state.iterations() * 8760);
  state.SetLabel("annual bill " + year.to_string(6));
}
BENCHMARK(sam_annual_bill_commercial_tou_demand_shared_windows)->Unit(benchmark::kMicrosecond);

// The cold bill again under its earlier name: the demand peaks found from the hourly mantissas in
// place (window_classifier::max_demand) rather than from an interval_series copied out of the
// year. Since issue 23's second round every commercial bill above takes its months as spans
// (sam_month), so this is the cold bill measured twice; `_series` keeps the copying form.
bill::exact_money sam_month_in_place(const sam_commercial& c, const tariff::window_classifier& ew,
                                     const tariff::window_classifier& dw, std::size_t hour,
                                     const bill::rounding_rule& rule) {
  return sam_month(c, ew, dw, hour, rule);
}

void sam_annual_bill_commercial_tou_demand_in_place(benchmark::State& state) {
  const auto c = make_sam_commercial();
  const auto months = make_sam_months();
  const auto rule =
      bill::rounding_rule::make(bill::rounding_scope::total_only, 2, rounding::half_up);
  bill::exact_money year;
  for (auto _ : state) {
    year = {};
    std::size_t hour = 0;
    for (std::size_t m = 0; m < 12; ++m) {
      const auto first = months.starts[m];
      const auto n = months.counts[m];
      year += sam_month_in_place(c, classifier(c.energy_schedule, first, n),
                                 classifier(c.demand_schedule, first, n), hour, rule);
      hour += static_cast<std::size_t>(n);
    }
    benchmark::DoNotOptimize(year);
  }
  state.SetItemsProcessed(state.iterations() * 8760);
  state.SetLabel("annual bill " + year.to_string(6));
}
BENCHMARK(sam_annual_bill_commercial_tou_demand_in_place)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
