// Sliding 15/1 maximum demand over a month of 1-minute data (31 × 1,440 = 44,640 points), against
// a naive O(n × window) recomputation of every window in the same binary, and against a plain pass
// summing the same int64 array (issue 5). Also: the block 15 maximum and an exact cos φ.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "submeter/metering/demand.hpp"
#include "submeter/tariff/power_factor.hpp"

namespace {

using namespace submeter;
using namespace std::chrono_literals;
constexpr std::size_t points = 31 * 1440;
constexpr std::size_t window = 15;

const std::vector<power>& month() {
  static const std::vector<power> v = [] {
    std::vector<power> out(points);
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<std::int64_t> kw(0, 5000000);  // 0..500 kW
    for (auto& x : out) x = power::from_mantissa(kw(rng));
    return out;
  }();
  return v;
}
const metering::interval_series& series() {
  static const auto s =
      metering::interval_series::of_power(parse_local_time("2026-07-01T00:00"), 1min, month());
  return s;
}

void baseline_plain_pass(benchmark::State& state) {
  const auto& v = series().mantissas();
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < v.size(); ++i) sum += v[i];
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points));
}
BENCHMARK(baseline_plain_pass)->Unit(benchmark::kMicrosecond);

// Every window summed from scratch: O(n × window).
void baseline_naive_sliding(benchmark::State& state) {
  const auto& v = series().mantissas();
  for (auto _ : state) {
    std::int64_t best = -1;
    std::size_t at = 0;
    for (std::size_t i = 0; i + window <= v.size(); ++i) {
      std::int64_t sum = 0;
      for (std::size_t j = i; j < i + window; ++j) sum += v[j];
      if (sum > best) {
        best = sum;
        at = i;
      }
    }
    benchmark::DoNotOptimize(best);
    benchmark::DoNotOptimize(at);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points));
}
BENCHMARK(baseline_naive_sliding)->Unit(benchmark::kMicrosecond);

void sliding_15_1(benchmark::State& state) {
  const auto w = metering::demand_window::sliding();
  for (auto _ : state) {
    auto p = metering::max_demand(series(), w);
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points));
}
BENCHMARK(sliding_15_1)->Unit(benchmark::kMicrosecond);

void block_15(benchmark::State& state) {
  const auto w = metering::demand_window::block(15min);
  for (auto _ : state) {
    auto p = metering::max_demand(series(), w);
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points));
}
BENCHMARK(block_15)->Unit(benchmark::kMicrosecond);

void cos_phi_exact(benchmark::State& state) {
  std::int64_t q = 0;
  for (auto _ : state) {
    q = (q + 7919) % 2000000000;
    auto c = tariff::cos_phi_hundredths(energy::parse("100000"), reactive_energy::from_mantissa(q));
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(cos_phi_exact);

}  // namespace

BENCHMARK_MAIN();
