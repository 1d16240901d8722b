// Re-rating a year of monthly bills for 10,000 meters under a price change from a past instant,
// against re-billing the same meter-months from scratch in the same binary (issue 8: the diff
// should cost little more than the re-bill).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "submeter/rerate/retroactive.hpp"
#include "submeter/tariff/register_tariff.hpp"

namespace {

using namespace submeter;
constexpr int meters = 10000;

struct year_of_bills {
  std::vector<metering::register_usage> usage;  // meters × 12
  std::vector<rerate::issued_bill> bills;
};

const tariff::register_tariff& tariff_v1() {
  static const auto t = tariff::register_tariff::tou("tou4", {{1, energy_price::parse("1.2")},
                                                              {2, energy_price::parse("0.9")},
                                                              {3, energy_price::parse("0.6")},
                                                              {4, energy_price::parse("0.3")}});
  return t;
}

const year_of_bills& data() {
  static const year_of_bills y = [] {
    year_of_bills out;
    std::mt19937_64 rng(5);
    std::uniform_int_distribution<std::int64_t> kwh(0, 5000000);  // 0..500 kWh, to 0.0001
    const auto m = metering::meter::make("M");
    for (int i = 0; i < meters; ++i) {
      metering::register_reading a;
      a.time = parse_local_time("2025-01-01 00:00");
      for (std::size_t r = 0; r < 4; ++r) a.rates[r] = energy{};
      for (unsigned month = 1; month <= 12; ++month) {
        metering::register_reading b = a;
        b.time = local_time{date::local_days{
            (date::year_month{date::year{2025}, date::month{month}} + date::months{1}) / 1}};
        for (std::size_t r = 0; r < 4; ++r) {
          const auto e = energy::from_mantissa(kwh(rng) / 100 * 100);  // whole 0.01 kWh
          b.rates[r] = *a.rates[r] + e;
          b.total += e;
        }
        auto u = metering::usage(m, a, b, rounding::half_up);
        out.bills.push_back({"B-" + std::to_string(i) + "-" + std::to_string(month), "site", "tou4",
                             u.window(), tariff::rate(tariff_v1(), u, bill::rounding_rule{}),
                             bill::rounding_rule{}});
        out.usage.push_back(std::move(u));
        a = b;
      }
    }
    return out;
  }();
  return y;
}

void rebill_from_scratch(benchmark::State& state) {
  const auto& d = data();
  const auto v2 = tariff::register_tariff::tou("tou4", {{1, energy_price::parse("1.2")},
                                                        {2, energy_price::parse("0.9")},
                                                        {3, energy_price::parse("0.55")},
                                                        {4, energy_price::parse("0.3")}});
  for (auto _ : state) {
    for (const auto& u : d.usage)
      benchmark::DoNotOptimize(tariff::rate(v2, u, bill::rounding_rule{}));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(d.usage.size()));
}
BENCHMARK(rebill_from_scratch)->Unit(benchmark::kMillisecond);

void rerate_year(benchmark::State& state) {
  const auto& d = data();
  const rerate::price_change change{
      "tou4",
      "v2",
      parse_local_time("2025-06-11 00:00"),
      {{{bill::component::energy, 3, 0}, energy_price::parse("0.55")}},
      ""};
  std::size_t lines = 0;
  for (auto _ : state) {
    const auto adj = rerate::rerate_bills("site", d.bills, change);
    lines = adj.size();
    benchmark::DoNotOptimize(adj);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(d.bills.size()));
  state.SetLabel(std::to_string(lines) + " adjustment lines");
}
BENCHMARK(rerate_year)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
