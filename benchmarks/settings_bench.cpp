// Benchmarks of settings out (DL/T 645 TOU tables to meters), each with its baseline in the same
// binary (DESIGN.md "Performance": report ratios). Release preset: cmake --preset release &&
// cmake --build --preset release --target settings_bench.
//
//  - Encoding a full table set for one meter (Jiangsu 2025 into the second set with the
//    switch-over: 7 write frames, 335 bytes) from the mapped tables — the items and their frames,
//    or the frames alone from items built once — against building the same bytes with memcpy
//    from frames encoded once (address patched, checksum recomputed).
//  - A 10,000-meter push plan: the schedule mapped and its items built once (with the holiday
//    calendar, a year of dates), then every meter's frames; and the mapping alone, for Jiangsu
//    and for Shanghai's large-industry table (81 public holidays a year).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/calendar_json.hpp"
#include "io/tou_json.hpp"
#include "submeter/meters/dlt645.hpp"
#include "submeter/meters/settings.hpp"

namespace dlt = submeter::meters::dlt645;
namespace st = submeter::meters::settings;

namespace {

nlohmann::json read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

const submeter::calendar::holiday_calendar& china() {
  static const auto c =
      submeter::io::calendar_from_json(read(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json"));
  return c;
}

submeter::tariff::tou_schedule province(const std::string& name) {
  return submeter::io::tou_schedule_from_json(
      read(SUBMETER_SOURCE_DIR "/src/data/tou/cn/" + name + ".json"));
}

const st::date_range june_2025{date::local_days{date::year{2025} / 6 / 1},
                               date::local_days{date::year{2026} / 5 / 31}};
const submeter::meters::clock_value switch_at{
    submeter::meters::clock_fields::date_time, 2025, 6, 1, 0, 0};

const dlt::tou_tables& jiangsu_tables() {
  static const auto m = st::map_schedule(province("jiangsu"), china(), june_2025, {});
  return m.tables;
}

dlt::address address_of(std::uint64_t n) {
  dlt::address a;
  for (auto& b : a.bytes) {
    b = static_cast<std::uint8_t>((n % 100) / 10 * 16 + n % 10);
    n /= 100;
  }
  return a;
}

// One meter's full set: the items of the tables, each as a write frame.
std::size_t encode_set(const dlt::tou_tables& t, const dlt::address& a,
                       const dlt::write_credentials& c, std::vector<std::uint8_t>& out) {
  out.clear();
  const auto items = dlt::tou_write_items(t, {dlt::table_set::second, {}, switch_at});
  for (const auto& i : items) {
    const auto f = dlt::write_frame(a, i, c);
    out.insert(out.end(), f.begin(), f.end());
  }
  return items.size();
}

void encode_full_set(benchmark::State& state) {
  const auto& t = jiangsu_tables();
  const dlt::write_credentials c;
  std::vector<std::uint8_t> out;
  std::uint64_t meter = 1;
  for (auto _ : state) {
    encode_set(t, address_of(meter++), c, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["bytes_per_meter"] = static_cast<double>(out.size());
}
BENCHMARK(encode_full_set);

// The items once (what a push of one schedule to many meters does), the frames per meter.
void encode_frames_per_meter(benchmark::State& state) {
  const auto items =
      dlt::tou_write_items(jiangsu_tables(), {dlt::table_set::second, {}, switch_at});
  const dlt::write_credentials c;
  std::vector<std::uint8_t> out;
  std::uint64_t meter = 1;
  for (auto _ : state) {
    out.clear();
    const auto a = address_of(meter++);
    for (const auto& i : items) {
      const auto f = dlt::write_frame(a, i, c);
      out.insert(out.end(), f.begin(), f.end());
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(encode_frames_per_meter);

// Baseline: the same bytes from frames encoded once: memcpy each frame, patch the 6 address
// bytes, recompute the checksum (the bytes a meter-specific frame differs in).
void baseline_memcpy_full_set(benchmark::State& state) {
  const dlt::write_credentials c;
  std::vector<std::uint8_t> reference;
  encode_set(jiangsu_tables(), address_of(0), c, reference);
  std::vector<std::size_t> starts;  // the first 68 of each frame
  for (std::size_t i = 0; i < reference.size();) {
    while (reference[i] == 0xFE) ++i;
    starts.push_back(i);
    i += std::size_t{12} + reference[i + 9];
  }
  std::vector<std::uint8_t> out(reference.size());
  std::uint64_t meter = 1;
  for (auto _ : state) {
    const auto a = address_of(meter++);
    std::memcpy(out.data(), reference.data(), reference.size());
    for (const auto s : starts) {
      std::memcpy(out.data() + s + 1, a.bytes.data(), 6);
      const std::size_t n = std::size_t{10} + out[s + 9];
      unsigned sum = 0;
      for (std::size_t k = 0; k < n; ++k) sum += out[s + k];
      out[s + n] = static_cast<std::uint8_t>(sum);
    }
    benchmark::DoNotOptimize(out.data());
  }
  // same bytes as the codec for the last meter
  std::vector<std::uint8_t> check;
  encode_set(jiangsu_tables(), address_of(meter - 1), c, check);
  if (check != out) state.SkipWithError("the baseline does not build the codec's bytes");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(baseline_memcpy_full_set);

// A push plan for 10,000 meters: the schedule mapped and its items built once, every meter's
// frames (4 FE bytes each included).
void push_plan_10000_meters(benchmark::State& state) {
  const auto schedule = province(state.range(0) == 0 ? "jiangsu" : "shanghai-large-industry");
  dlt::meter_capacity cap;
  cap.tariffs = 8;
  const dlt::write_credentials c;
  std::size_t bytes = 0;
  std::vector<std::vector<std::uint8_t>> frames;
  for (auto _ : state) {
    const auto m = st::map_schedule(schedule, china(), june_2025, cap);
    const auto items = dlt::tou_write_items(m.tables, {dlt::table_set::second, cap, switch_at});
    frames.clear();
    frames.reserve(10000 * items.size());
    for (std::uint64_t meter = 1; meter <= 10000; ++meter) {
      const auto a = address_of(meter);
      for (const auto& i : items) frames.push_back(dlt::write_frame(a, i, c));
    }
    bytes = 0;
    for (const auto& f : frames) bytes += f.size();
    benchmark::DoNotOptimize(frames.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 10000);
  state.counters["frames"] = static_cast<double>(frames.size());
  state.counters["frame_bytes"] = static_cast<double>(bytes);
  state.SetLabel(state.range(0) == 0 ? "jiangsu" : "shanghai-large-industry");
}
BENCHMARK(push_plan_10000_meters)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The mapping alone (schedule -> meter tables for a year of dates).
void map_schedule(benchmark::State& state) {
  const auto schedule = province(state.range(0) == 0 ? "jiangsu" : "shanghai-large-industry");
  dlt::meter_capacity cap;
  cap.tariffs = 8;
  for (auto _ : state) {
    const auto m = st::map_schedule(schedule, china(), june_2025, cap);
    benchmark::DoNotOptimize(m.tables.zones.data());
  }
  state.SetLabel(state.range(0) == 0 ? "jiangsu" : "shanghai-large-industry");
}
BENCHMARK(map_schedule)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
