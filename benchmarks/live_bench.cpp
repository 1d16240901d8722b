// Live prepaid (issue 17): a reading rated and posted as it arrives, in memory and durably.
//
// live_ingest_tou_month: one TOU meter (T1..T4, prices 1.35/1.08/0.60/0.24) read every hour for
// July (745 readings: the first opens the cursor), each reading through site::ingest: rated by
// register, posted to the prepaid account (level, alarms, relay, outbox rows). The account starts
// with 1,000,000.00 so no cut interrupts the run. Baseline: baseline_sum_deltas, the plain sum of
// the same readings' total and register deltas (mantissas), the least any rating must do.
// live_ingest_flat_month: the same for a flat-rate meter.
//
// sqlite_prepaid_run: the durable path, store::prepaid_store::run over 100 TOU meters × 240 hours
// (24,100 readings) in batches of 1,000 readings per transaction into a new SQLite file (WAL,
// synchronous=NORMAL as opened by the store): cursors, live readings, ledger entries, states and
// outbox rows. Baseline: memory_ingest_same_readings, the same readings through site::ingest in
// memory (the ratio is what durability costs). items_per_second is readings per second.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "store/prepaid_store.hpp"
#include "submeter/core/time.hpp"
#include "submeter/site/live_opening.hpp"
#include "submeter/site/live_step.hpp"
#include "submeter/site/site.hpp"

namespace {

using namespace submeter;

money yuan(const char* t) { return money::parse(t); }

tariff::register_tariff tou() {
  return tariff::register_tariff::tou("tou", {{1, energy_price::parse("1.35")},
                                              {2, energy_price::parse("1.08")},
                                              {3, energy_price::parse("0.60")},
                                              {4, energy_price::parse("0.24")}});
}

/// A site of `meters` prepaid tenants, one meter each, all on `tariff_id` ("tou" or "flat").
site::live_opening opening(int meters, const std::string& tariff_id) {
  site::site_parts p;
  p.name = "Bench";
  p.currency = "CNY";
  p.tariffs = {tariff::register_tariff::flat("flat", energy_price::parse("0.7")), tou()};
  site::tenant_account a;
  a.mode = ledger::account_mode::prepaid;
  a.opening_balance = yuan("1000000");
  a.levels = ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0"));
  for (int i = 0; i < meters; ++i) {
    const std::string m = "M-" + std::to_string(i);
    p.meters.push_back(metering::meter::make(m));
    site::tenant t{"T-" + std::to_string(i), "Tenant", tariff_id, {m}};
    t.account = a;
    p.tenants.push_back(std::move(t));
  }
  return site::live_opening_of(site::site::make(std::move(p)));
}

/// `hours` + 1 hourly readings of each of `meters` meters from 2026-07-01 00:00, in time order:
/// 1.00 kWh an hour into the register of the hour (T1 10-11 and 19-20, T2 8-10 and 11-19,
/// T3 the rest of the day before 22, T4 22-08), the total their sum.
std::vector<metering::reading> hourly(int meters, int hours, bool registers) {
  std::vector<metering::reading> out;
  out.reserve(static_cast<std::size_t>(meters) * static_cast<std::size_t>(hours + 1));
  const auto start = parse_local_time("2026-07-01T00:00");
  std::vector<std::array<std::int64_t, 4>> regs(static_cast<std::size_t>(meters),
                                                {100000, 200000, 300000, 400000});
  for (int h = 0; h <= hours; ++h) {
    const int hod = (h + 23) % 24;  // the hour just ended
    const int reg = (hod == 10 || hod == 19)            ? 0
                    : ((hod >= 8 && hod < 19) ? 1 : (hod >= 22 || hod < 8 ? 3 : 2));
    for (int m = 0; m < meters; ++m) {
      auto& rg = regs[static_cast<std::size_t>(m)];
      if (h > 0) rg[static_cast<std::size_t>(reg)] += 100;  // 1.00 kWh (2 places)
      metering::reading r;
      r.meter_id = "M-" + std::to_string(m);
      r.registers.time = start + std::chrono::hours(h);
      r.registers.total = energy::from_mantissa((rg[0] + rg[1] + rg[2] + rg[3]) * 100);
      if (registers) {
        for (std::size_t k = 0; k < 4; ++k) r.registers.rates[k] = energy::from_mantissa(rg[k] * 100);
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

void ingest_month(benchmark::State& state, const std::string& tariff_id) {
  const auto o = opening(1, tariff_id);
  const auto readings = hourly(1, 744, tariff_id == "tou");
  std::size_t deducted = 0;
  for (auto _ : state) {
    auto s = site::open_state(o.plan);
    for (const auto& r : readings) {
      auto out = site::ingest(o.plan, s, r);
      deducted += out.status == site::live_status::deducted ? 1 : 0;
      benchmark::DoNotOptimize(out);
    }
  }
  if (deducted != 744 * static_cast<std::size_t>(state.iterations())) {
    state.SkipWithError("not every reading was deducted");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(readings.size()));
}

void live_ingest_tou_month(benchmark::State& state) { ingest_month(state, "tou"); }
void live_ingest_flat_month(benchmark::State& state) { ingest_month(state, "flat"); }

void baseline_sum_deltas(benchmark::State& state) {
  const auto readings = hourly(1, 744, true);
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (std::size_t i = 1; i < readings.size(); ++i) {
      const auto& a = readings[i - 1].registers;
      const auto& b = readings[i].registers;
      sum += b.total.mantissa() - a.total.mantissa();
      for (std::size_t k = 0; k < 4; ++k) sum += b.rates[k]->mantissa() - a.rates[k]->mantissa();
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(readings.size()));
}

constexpr int durable_meters = 100;
constexpr int durable_hours = 240;

void sqlite_prepaid_run(benchmark::State& state) {
  const auto o = opening(durable_meters, "tou");
  const auto readings = hourly(durable_meters, durable_hours, true);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("submeter-live-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto file = (dir / ("p" + std::to_string(round++) + ".db")).string();
    auto store = std::make_unique<store::prepaid_store>(file);
    (void)store->open_accounts(o);
    state.ResumeTiming();
    auto items = store->run(o, readings, static_cast<std::size_t>(state.range(0)));
    benchmark::DoNotOptimize(items);
    state.PauseTiming();
    store.reset();
    std::filesystem::remove(file);
    std::filesystem::remove(file + "-wal");
    std::filesystem::remove(file + "-shm");
    state.ResumeTiming();
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(readings.size()));
}

void memory_ingest_same_readings(benchmark::State& state) {
  const auto o = opening(durable_meters, "tou");
  auto readings = hourly(durable_meters, durable_hours, true);
  for (auto _ : state) {
    auto s = site::open_state(o.plan);
    for (const auto& r : readings) benchmark::DoNotOptimize(site::ingest(o.plan, s, r));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(readings.size()));
}

BENCHMARK(baseline_sum_deltas);
BENCHMARK(live_ingest_tou_month);
BENCHMARK(live_ingest_flat_month);
BENCHMARK(memory_ingest_same_readings)->Unit(benchmark::kMillisecond);
BENCHMARK(sqlite_prepaid_run)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
