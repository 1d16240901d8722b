// The VEE pass (issue 18 "Figures"): many meters × a month of 15-minute register reads (July
// 2026: 2,977 reads on the grid, 2,976 intervals), per value, against a plain pass over the same
// values in the same binary.
//
// - `vee_interval_pass/M`: per meter, interval_use (reads → interval use, rollovers counted) then
//   check_intervals (VEE-2 gaps, VEE-4 spikes, VEE-6 zero runs in one pass): the in-memory path
//   the "millions per core" is about. Baseline `baseline_plain_sum/M`: the sum of the
//   same reads. 100,000 meters is the size (≈ 298 M values, 2.4 GB of reads).
// - `vee_run_vee/M`: the whole pass (vee::run_vee) over store rows (metering::register_value:
//   meter id, register, device and received time, value, source, quality) for a week before the
//   period, the period and three history bounds, as `submeter vee` runs it after reading the
//   store. Baseline `baseline_sum_rows/M`: the sum of the same rows' values.
// The data: a daily load profile with noise, a missing read in ~1 of 1,000, a spike in ~1 of
// 5,000 and one meter in 20 with a vacant day (a zero run): findings and estimates are made, as
// in real data, but are rare.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "submeter/vee/pass.hpp"

namespace {

using namespace submeter;

constexpr std::size_t month_intervals = 31 * 96;  // July
const local_time july = local_time(date::local_days{date::year{2026} / 7 / 1});

std::string meter_id(std::size_t m) {
  std::string s = std::to_string(m);
  return "M-" + std::string(s.size() < 6 ? 6 - s.size() : 0, '0') + s;
}

/// A small deterministic generator (splitmix64).
struct noise {
  std::uint64_t x;
  std::uint64_t next() noexcept {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

/// Interval `i`'s use for meter `m` (energy mantissa, 1e-4 kWh, on the register's 0.01 kWh
/// resolution), `missing` for a lost read's neighbours handled by the caller.
std::int64_t use_at(std::size_t m, std::size_t i, noise& r) {
  const std::size_t slot = i % 96;
  const bool vacant_day = m % 20 == 7 && i / 96 == 10;
  if (vacant_day) return 0;
  const std::int64_t base = slot >= 32 && slot < 80 ? 80 : 20;  // 0.80 kWh by day, 0.20 at night
  std::int64_t use = (base + static_cast<std::int64_t>(r.next() % 40)) * 100;
  if (r.next() % 5000 == 0) use *= 30;  // a spike
  return use;
}

/// The month's reads of meter m on the grid (2,977 values), a missing one in ~1,000.
std::vector<std::int64_t> month_reads(std::size_t m) {
  noise r{m * 7919 + 1};
  std::vector<std::int64_t> reads(month_intervals + 1);
  std::int64_t reg = static_cast<std::int64_t>(1000 + m % 5000) * 10000;
  for (std::size_t i = 0; i <= month_intervals; ++i) {
    reads[i] = reg;
    reg += use_at(m, i, r);
  }
  for (std::size_t i = 1; i < month_intervals; ++i) {
    if (r.next() % 1000 == 0) reads[i] = vee::missing;
  }
  return reads;
}

/// The reads of `meters` meters, built once per size and kept for the run (2.4 GB at 100,000).
const std::vector<std::vector<std::int64_t>>& all_reads(std::size_t meters) {
  static std::vector<std::vector<std::int64_t>> reads;
  if (reads.size() != meters) {
    reads.clear();
    reads.shrink_to_fit();
    reads.reserve(meters);
    for (std::size_t m = 0; m < meters; ++m) reads.push_back(month_reads(m));
  }
  return reads;
}

const std::vector<std::string>& all_ids(std::size_t meters) {
  static std::vector<std::string> ids;
  while (ids.size() < meters) ids.push_back(meter_id(ids.size()));
  return ids;
}

// Baseline: a plain pass, the sum of every read (skipping the missing marker, as the pass must).
void baseline_plain_sum(benchmark::State& state) {
  const auto meters = static_cast<std::size_t>(state.range(0));
  const auto& reads = all_reads(meters);
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& r : reads) {
      for (const auto v : r) sum += v == vee::missing ? 0 : v;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(meters) *
                          static_cast<std::int64_t>(month_intervals + 1));
}

// interval_use alone: reads → interval use (a vector per meter).
void interval_use_only(benchmark::State& state) {
  const auto meters = static_cast<std::size_t>(state.range(0));
  const auto& reads = all_reads(meters);
  const vee::rollover_params fmt;
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& r : reads) {
      const auto use = vee::interval_use(r, fmt);
      sum += use[use.size() / 2];
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(meters) *
                          static_cast<std::int64_t>(month_intervals + 1));
}

// The interval pass: interval_use, then VEE-2, VEE-4 and VEE-6 in one pass (check_intervals), the
// tenant occupied the whole month.
void vee_interval_pass(benchmark::State& state) {
  const auto meters = static_cast<std::size_t>(state.range(0));
  const auto& reads = all_reads(meters);
  const auto& ids = all_ids(meters);
  const vee::rollover_params fmt;
  const std::vector<local_interval> occupied{
      local_interval::make(july, july + std::chrono::hours(24 * 31))};
  const vee::interval_rules rules;
  std::size_t findings = 0;
  for (auto _ : state) {
    findings = 0;
    for (std::size_t m = 0; m < meters; ++m) {
      const auto use = vee::interval_use(reads[m], fmt);
      const auto view = vee::interval_values::of(july, std::chrono::minutes(15), use);
      findings += vee::check_intervals(ids[m], view, occupied, rules).size();
    }
    benchmark::DoNotOptimize(findings);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(meters) *
                          static_cast<std::int64_t>(month_intervals + 1));
  state.counters["findings"] = static_cast<double>(findings);
}

// ---- the whole pass over store rows ------------------------------------------------------------

/// Store rows of `meters` meters: 15-minute reads from a week before July to August 1 00:00
/// (3,649 a meter), a read at April 1, May 1 and June 1 (the history bounds), received 5 minutes
/// after the device time from an Acrel gateway.
std::vector<metering::register_value> store_rows(std::size_t meters) {
  std::vector<metering::register_value> rows;
  const std::size_t before = 7 * 96;
  const std::size_t slots = before + month_intervals + 1;
  rows.reserve(meters * (slots + 3));
  const local_time start = july - std::chrono::hours(24 * 7);
  for (std::size_t m = 0; m < meters; ++m) {
    noise r{m * 7919 + 1};
    const std::string id = meter_id(m);
    std::int64_t reg = static_cast<std::int64_t>(1000 + m % 5000) * 10000;
    auto add = [&](local_time t, std::int64_t value) {
      metering::register_value v;
      v.meter_id = id;
      v.register_number = 0;
      v.time = t;
      v.received = t + std::chrono::minutes(5);
      v.value = energy::from_mantissa(value);
      v.source = metering::reading_source::acrel_gateway;
      rows.push_back(std::move(v));
    };
    // history bounds: a month's use (~ 1,500 kWh) apart
    for (int k = 3; k >= 1; --k) {
      add(local_time(
              date::local_days{date::year{2026} / date::month(static_cast<unsigned>(7 - k)) / 1}),
          reg - static_cast<std::int64_t>(k) * 1500 * 10000 - 500 * 10000);
    }
    for (std::size_t i = 0; i < slots; ++i) {
      const std::int64_t value = reg;
      reg += use_at(m, i, r);
      if (i > 0 && i + 1 < slots && r.next() % 1000 == 0) continue;  // a lost read
      add(start + std::chrono::minutes(15) * static_cast<std::int64_t>(i), value);
    }
  }
  return rows;
}

const std::vector<metering::register_value>& rows_for(std::size_t meters) {
  static std::vector<metering::register_value> rows;
  static std::size_t made_for = 0;
  if (made_for != meters) {
    rows = store_rows(meters);
    made_for = meters;
  }
  return rows;
}

vee::vee_period july_period() {
  vee::vee_period p;
  p.window = local_interval::make(july, july + std::chrono::hours(24 * 31));
  for (int k = 3; k >= 1; --k) {
    const auto b = local_time(
        date::local_days{date::year{2026} / date::month(static_cast<unsigned>(7 - k)) / 1});
    const auto e = local_time(
        date::local_days{date::year{2026} / date::month(static_cast<unsigned>(8 - k)) / 1});
    p.history.push_back(local_interval::make(b, e));
  }
  return p;
}

// Baseline: the sum of the same rows' values.
void baseline_sum_rows(benchmark::State& state) {
  const auto& rows = rows_for(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& r : rows) sum += r.value.mantissa();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows.size()));
}

// vee::run_vee over the rows (the copy it takes by value is made outside the timing).
void vee_run_vee(benchmark::State& state) {
  const auto& rows = rows_for(static_cast<std::size_t>(state.range(0)));
  const auto period = july_period();
  std::size_t findings = 0, estimates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = rows;
    state.ResumeTiming();
    const auto rep = vee::run_vee(std::move(copy), period);
    findings = rep.findings.size();
    estimates = rep.estimates.size();
    benchmark::DoNotOptimize(rep.meters);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows.size()));
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["estimates"] = static_cast<double>(estimates);
}

}  // namespace

// 1,000 and 10,000 meters (24 MB and 240 MB of reads), and the 100,000 (2.4 GB); each
// size's data are built once, so the three run size by size.
BENCHMARK(baseline_plain_sum)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(interval_use_only)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(vee_interval_pass)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(baseline_plain_sum)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(interval_use_only)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(vee_interval_pass)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(baseline_plain_sum)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(interval_use_only)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(vee_interval_pass)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);
// Store rows are ≈ 80 bytes each (3.65 M rows, ≈ 0.3 GB, at 1,000 meters; the pass copies them):
// 1,000 and 4,000 meters; the 100,000 would need ≈ 30 GB of rows.
BENCHMARK(baseline_sum_rows)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(vee_run_vee)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(baseline_sum_rows)->Arg(4000)->Unit(benchmark::kMillisecond);
BENCHMARK(vee_run_vee)->Arg(4000)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
