// The ledger (issue 7): folding 1,000,000 events in memory against a plain sum of the same
// amounts (the baseline), and posting to SQLite in batched transactions (events per second).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "store/sqlite_store.hpp"
#include "submeter/ledger/account.hpp"

namespace {

using namespace submeter;
using namespace submeter::ledger;
constexpr std::size_t events_count = 1'000'000;

account_params bench_params(const std::string& id) {
  return account_params::make(id, account_mode::prepaid, {{"M-1", utility::electricity}},
                              level_params::make(money::from_integer(50), money::from_integer(20),
                                                 money::from_integer(100), money::from_integer(10)),
                              {money::from_integer(100), money{}});
}

/// One recharge in ten, the rest consumption deductions; amounts in fen.
const std::vector<event>& events() {
  static const std::vector<event> all = [] {
    std::vector<event> out;
    out.reserve(events_count);
    const auto t0 = local_time(date::local_days{date::year{2025} / 1 / 1});
    std::int64_t counter = 0;
    for (std::size_t i = 0; i < events_count; ++i) {
      const auto t = t0 + std::chrono::seconds(i);
      if (i % 10 == 0) {
        out.push_back(
            recharge(t, "M-1", ++counter, money::from_integer(100), channel::wechat_pay, "p"));
      } else {
        const auto fen = static_cast<std::int64_t>(100 + (i * 7919) % 900);
        out.push_back(consumption(t, "d" + std::to_string(i), "M-1",
                                  energy::from_mantissa(fen * 100),
                                  money::from_mantissa(fen * 100)));
      }
    }
    return out;
  }();
  return all;
}

/// A history that knows nothing: the fold of a stream whose keys are unique by construction.
struct empty_history final : history {
  std::optional<entry> by_key(const std::string&) const override { return std::nullopt; }
  std::optional<entry> by_seq(std::uint64_t) const override { return std::nullopt; }
  std::optional<std::uint64_t> reversal_of(std::uint64_t) const override { return std::nullopt; }
};

// Baseline: the signed sum of the same amounts, as int64 mantissas.
void baseline_plain_sum(benchmark::State& state) {
  const auto& ev = events();
  std::vector<std::int64_t> signed_amounts;
  signed_amounts.reserve(ev.size());
  for (const auto& e : ev) {
    signed_amounts.push_back(e.kind == event_kind::recharge ? e.amount.mantissa()
                                                            : -e.amount.mantissa());
  }
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto v : signed_amounts) sum += v;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ev.size()));
}

// The fold step (levels, alarms, relay, counters), state only, no entries kept.
void fold_state_only(benchmark::State& state) {
  const auto& ev = events();
  const auto params = bench_params("B");
  const empty_history h;
  for (auto _ : state) {
    account_state s = opening_state(params);
    for (const auto& e : ev) benchmark::DoNotOptimize(post(params, s, h, e).status);
    benchmark::DoNotOptimize(s.balance);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ev.size()));
}

// account::post: the fold with entries and the key index kept in memory.
void fold_account_with_entries(benchmark::State& state) {
  const auto& ev = events();
  for (auto _ : state) {
    account acc = account::open(bench_params("B"));
    for (const auto& e : ev) benchmark::DoNotOptimize(acc.post(e).status);
    benchmark::DoNotOptimize(acc.state().balance);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ev.size()));
}

// SQLite: batches of range(0) events over range(2) accounts, synchronous FULL (range(1) = 1) or
// NORMAL.
// Wall-clock time (UseRealTime): commits wait for fsync.
void sqlite_post_batches(benchmark::State& state) {
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  const std::string file = (std::filesystem::temp_directory_path() /
                            ("submeter-bench-" + std::to_string(getpid()) + ".db"))
                               .string();
  std::filesystem::remove(file);
  store::sqlite_options options;
  options.synchronous_full = state.range(1) == 1;
  auto s = store::open_sqlite_store(file, options);
  const auto accounts = static_cast<int>(state.range(2));
  for (int a = 0; a < accounts; ++a) {
    const auto p = bench_params("A-" + std::to_string(a));
    s->create_account(p, opening_state(p));
  }
  const auto t = local_time(date::local_days{date::year{2025} / 1 / 1});
  std::size_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<store::posting_request> batch;
    batch.reserve(batch_size);
    for (std::size_t i = 0; i < batch_size; ++i, ++n) {
      batch.push_back({"A-" + std::to_string(n % static_cast<std::size_t>(accounts)),
                       fee(t, "k" + std::to_string(n), money::from_mantissa(1234), "usage")});
    }
    state.ResumeTiming();
    benchmark::DoNotOptimize(s->post(batch).applied);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
  s.reset();
  std::filesystem::remove(file);
  std::filesystem::remove(file + "-wal");
  std::filesystem::remove(file + "-shm");
}

}  // namespace

BENCHMARK(baseline_plain_sum)->Unit(benchmark::kMillisecond);
BENCHMARK(fold_state_only)->Unit(benchmark::kMillisecond);
BENCHMARK(fold_account_with_entries)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(sqlite_post_batches)
    ->Args({100, 1, 100})
    ->Args({1000, 1, 100})
    ->Args({1000, 0, 100})
    ->Args({10000, 1, 100})
    ->Args({1000, 1, 1000})  // a billing run: one event per account
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(30);

BENCHMARK_MAIN();
