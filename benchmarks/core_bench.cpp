// Decimal multiply-and-round (energy × price → money, rounded half-up to the fen) against a plain
// int64 multiply-divide baseline over the same arrays, in the same binary (issue 3).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "submeter/core/split.hpp"

namespace {

using namespace submeter;
constexpr std::size_t n = 4096;

struct data {
  std::vector<std::int64_t> kwh;    // mantissas at 1e-4 kWh
  std::vector<std::int64_t> price;  // mantissas at 1e-6 yuan/kWh
  data() : kwh(n), price(n) {
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::int64_t> q(0, 100'000'0000);     // up to 100,000 kWh
    std::uniform_int_distribution<std::int64_t> p(100'000, 2'000'000);  // 0.1 .. 2 yuan/kWh
    for (std::size_t i = 0; i < n; ++i) {
      kwh[i] = q(rng);
      price[i] = p(rng);
    }
  }
};
const data& inputs() {
  static const data d;
  return d;
}

// Baseline: (q × p) / 10^8 rounded half-up for non-negative values, int64 only, no checks.
void baseline_int64_multiply_divide(benchmark::State& state) {
  const auto& d = inputs();
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t product = d.kwh[i] * d.price[i];  // scale 1e-10
      sum += (product + 50'000'000) / 100'000'000;         // → fen
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(baseline_int64_multiply_divide);

// submeter: multiply (checked, exact) to money at 1e-4, then round to the fen, then add (checked).
// Argument: a factor on the quantities; 1 keeps q × p inside int64 (the fast path), 100,000 (up
// to 1e10 kWh) pushes every product through the 128-bit path.
void decimal_multiply_round(benchmark::State& state) {
  const auto& d = inputs();
  std::vector<energy> kwh(n);
  std::vector<energy_price> price(n);
  for (std::size_t i = 0; i < n; ++i) {
    kwh[i] = energy::from_mantissa(d.kwh[i] * state.range(0));
    price[i] = energy_price::from_mantissa(d.price[i]);
  }
  for (auto _ : state) {
    money sum;
    for (std::size_t i = 0; i < n; ++i) {
      sum += round(multiply(kwh[i], price[i], rounding::half_up), 2, rounding::half_up);
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(decimal_multiply_round)->Arg(1)->Arg(100'000);

// Largest-remainder split of a total over 1,000 weights, against summing the weights once.
void baseline_sum_weights(benchmark::State& state) {
  const auto& d = inputs();
  for (auto _ : state) {
    std::int64_t s = 0;
    for (std::size_t i = 0; i < 1000; ++i) s += d.kwh[i];
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(baseline_sum_weights);

void split_largest_remainder(benchmark::State& state) {
  const auto& d = inputs();
  std::vector<energy> weights(1000);
  for (std::size_t i = 0; i < 1000; ++i) weights[i] = energy::from_mantissa(d.kwh[i]);
  const auto total = money::parse("123456.78");
  const auto fen = money::parse("0.01");
  for (auto _ : state) {
    auto parts = split(total, weights, fen);
    benchmark::DoNotOptimize(parts.data());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(split_largest_remainder);

}  // namespace

BENCHMARK_MAIN();
