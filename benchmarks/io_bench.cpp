// Loading a big site (issues 21 and 23): parsing the files of a generated site of 20,000 tenants
// (examples/site/generate.py --tenants 20000 --no-intervals: site.json, readings.csv,
// reactive.csv) into a validated site, against baselines in the same binary over the same bytes:
// a copy of them, and nlohmann's own parse of site.json into its DOM (what any reader of the JSON
// pays before checking a field).
//
// The site is generated once per run into a temporary directory with /usr/bin/python3, or read from
// SUBMETER_IO_BENCH_SITE when that names a site directory. SUBMETER_IO_BENCH_TENANTS changes the
// size (e.g. 200 for a smoke run in CI).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "io/input_file.hpp"
#include "io/site_loader.hpp"

namespace {

using namespace submeter;
namespace fs = std::filesystem;

int tenants() {
  const char* n = std::getenv("SUBMETER_IO_BENCH_TENANTS");
  return n != nullptr && *n != '\0' ? std::atoi(n) : 20000;
}

/// The site's files in memory, generated on first use.
struct site_texts {
  std::string json;
  std::string readings;
  std::string reactive;

  site_texts() {
    fs::path dir;
    if (const char* given = std::getenv("SUBMETER_IO_BENCH_SITE"); given != nullptr && *given) {
      dir = given;
    } else {
      dir = fs::temp_directory_path() /
            ("submeter-io-bench-" + std::to_string(::getpid()) + "-" + std::to_string(tenants()));
      const std::string command = "/usr/bin/python3 '" SUBMETER_SOURCE_DIR
                                  "/examples/site/generate.py' --no-intervals --tenants " +
                                  std::to_string(tenants()) + " --out '" + dir.string() + "'";
      if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot run " + command);
    }
    json = io::read_file(dir / "site.json");
    readings = io::read_file(dir / "readings.csv");
    if (fs::exists(dir / "reactive.csv")) reactive = io::read_file(dir / "reactive.csv");
    if (std::getenv("SUBMETER_IO_BENCH_SITE") == nullptr) fs::remove_all(dir);
  }

  [[nodiscard]] io::site_files files() const {
    io::site_files f{{"site.json", json}, {"readings.csv", readings}, {}, {}};
    if (!reactive.empty()) f.reactive_csv = io::site_file{"reactive.csv", reactive};
    return f;
  }
  [[nodiscard]] std::int64_t bytes() const {
    return static_cast<std::int64_t>(json.size() + readings.size() + reactive.size());
  }
};

const site_texts& texts() {
  static const site_texts t;
  return t;
}

/// The whole load once the files are read: site.json, readings.csv and reactive.csv parsed and
/// checked, and the site validated (io::parse_site_files, what io::load_site does after reading).
void load_site_files(benchmark::State& state) {
  const auto& t = texts();
  const auto files = t.files();
  for (auto _ : state) {
    auto site = io::parse_site_files(files);
    benchmark::DoNotOptimize(site);
  }
  state.SetBytesProcessed(state.iterations() * t.bytes());
  // Counted in the files read (SUBMETER_IO_BENCH_SITE may name a site of another size).
  state.counters["tenants"] =
      static_cast<double>(io::parse_site_json(t.json, "site.json").tenants.size());
}
BENCHMARK(load_site_files)->Unit(benchmark::kMillisecond);

/// site.json alone into a site document (references checked, no readings).
void parse_site_json(benchmark::State& state) {
  const auto& t = texts();
  for (auto _ : state) {
    auto doc = io::parse_site_json(t.json, "site.json");
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(t.json.size()));
}
BENCHMARK(parse_site_json)->Unit(benchmark::kMillisecond);

/// readings.csv alone, for the meters of the site.
void parse_readings_csv(benchmark::State& state) {
  const auto& t = texts();
  const auto doc = io::parse_site_json(t.json, "site.json");
  for (auto _ : state) {
    auto series = io::parse_readings_csv(t.readings, "readings.csv", doc);
    benchmark::DoNotOptimize(series);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(t.readings.size()));
}
BENCHMARK(parse_readings_csv)->Unit(benchmark::kMillisecond);

/// Baseline: nlohmann's plain parse of site.json into its DOM and the DOM's teardown, with no
/// check of duplicate keys and no field read.
void baseline_nlohmann_dom(benchmark::State& state) {
  const auto& t = texts();
  for (auto _ : state) {
    auto doc = nlohmann::json::parse(t.json);
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(t.json.size()));
}
BENCHMARK(baseline_nlohmann_dom)->Unit(benchmark::kMillisecond);

/// Baseline: a copy of the same bytes (site.json, readings.csv, reactive.csv).
void baseline_copy_bytes(benchmark::State& state) {
  const auto& t = texts();
  for (auto _ : state) {
    std::string copy;
    copy.reserve(static_cast<std::size_t>(t.bytes()));
    copy += t.json;
    copy += t.readings;
    copy += t.reactive;
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * t.bytes());
}
BENCHMARK(baseline_copy_bytes)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
