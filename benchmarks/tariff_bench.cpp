// Rating a month of 15-minute interval data (2,976 intervals) through a 5-register, 2-season
// tariff with holidays (Zhejiang, with 深谷 on holidays; China's 2026 calendar), for one meter and
// for 10,000 meters, against a plain loop summing the same int64 array (issue 4).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <random>
#include <vector>

#include "io/calendar_json.hpp"
#include "io/tou_json.hpp"
#include "submeter/tariff/interval_usage.hpp"

namespace {

using namespace submeter;
using namespace std::chrono_literals;
constexpr std::int64_t intervals = 31 * 96;  // October 2026: 国庆节 holidays included

nlohmann::json read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}
struct fixture {
  calendar::holiday_calendar holidays =
      io::calendar_from_json(read(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json"));
  tariff::tou_schedule schedule =
      io::tou_schedule_from_json(read(SUBMETER_SOURCE_DIR "/src/data/tou/cn/zhejiang.json"));
  local_time start = parse_local_time("2026-10-01T00:00");
};
const fixture& fx() {
  static const fixture f;
  return f;
}
std::vector<std::int64_t> loads(std::int64_t meters) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(meters * intervals));
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> q(0, 500000);  // 0..50 kWh a quarter hour
  for (auto& x : v) x = q(rng);
  return v;
}

void baseline_plain_sum(benchmark::State& state) {
  const auto meters = state.range(0);
  const auto data = loads(meters);
  for (auto _ : state) {
    for (std::int64_t m = 0; m < meters; ++m) {
      std::int64_t sum = 0;
      const auto* p = data.data() + m * intervals;
      for (std::int64_t i = 0; i < intervals; ++i) sum += p[i];
      benchmark::DoNotOptimize(sum);
    }
  }
  state.SetItemsProcessed(state.iterations() * meters * intervals);
}
BENCHMARK(baseline_plain_sum)->Arg(1)->Arg(10000)->Unit(benchmark::kMicrosecond);

// Classify each meter against a window resolved once (the batch path).
void classify_resolved_window(benchmark::State& state) {
  const auto meters = state.range(0);
  const auto data = loads(meters);
  const auto w = tariff::window_classifier::make(fx().schedule, fx().holidays, {}, fx().start,
                                                 15min, intervals);
  for (auto _ : state) {
    for (std::int64_t m = 0; m < meters; ++m) {
      auto u = w.classify(data.data() + m * intervals);
      benchmark::DoNotOptimize(u);
    }
  }
  state.SetItemsProcessed(state.iterations() * meters * intervals);
}
BENCHMARK(classify_resolved_window)->Arg(1)->Arg(10000)->Unit(benchmark::kMicrosecond);

// Resolve the schedule over the month (31 day tables with overlays) and classify: one meter alone.
void resolve_and_classify_one_meter(benchmark::State& state) {
  const auto data = loads(1);
  for (auto _ : state) {
    const auto w = tariff::window_classifier::make(fx().schedule, fx().holidays, {}, fx().start,
                                                   15min, intervals);
    auto u = w.classify(data.data());
    benchmark::DoNotOptimize(u);
  }
  state.SetItemsProcessed(state.iterations() * intervals);
}
BENCHMARK(resolve_and_classify_one_meter)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
