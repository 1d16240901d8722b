// The ledger stores side by side (issue 20 "Figures"): events per second posted in batches of
// 1,000 by 1, 2 and 4 concurrent writers (threads, each with its own connection), and a billing
// run posting one bill to each of 100,000 accounts in one batch, on PostgreSQL and on SQLite in
// the same run. Baselines in the same binary: the same batch posted to accounts in memory (the
// CPU floor of the posting step) and an 8 KiB write + fdatasync on the same disk (the floor of a
// durable commit).
//
// The PostgreSQL server is a throw-away one (tests/support/pg_server.hpp: 127.0.0.1, a free
// port, removed at exit), restarted before the first figure with durable settings (fsync and
// full_page_writes on, shared_buffers 128 MB: the test server runs with fsync off). Every figure
// is wall-clock (commits wait for the disk); the counters give the CPU the client process and
// the server's processes used per event, and `cores` = (client + server CPU) / wall time: near
// 2 on this 2-core machine is CPU-bound, far below it waits (fsync, locks).
#include <benchmark/benchmark.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/ledger_store.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/keys.hpp"

#if SUBMETER_HAVE_POSTGRES
#include "../tests/support/pg_server.hpp"
#include "store/postgres_store.hpp"
#endif

namespace {

using namespace submeter;
using namespace submeter::ledger;

constexpr std::size_t batch_size = 1000;
constexpr std::size_t accounts_per_set = 100;
constexpr int batches_per_writer = 5;  // per iteration
constexpr int billing_accounts = 100'000;

account_params prepaid_params(const std::string& id) {
  return account_params::make(id, account_mode::prepaid, {{"M-" + id, utility::electricity}},
                              level_params::make(money::from_integer(50), money::from_integer(20),
                                                 money::from_integer(100), money::from_integer(10)),
                              {money::from_integer(100), money{}});
}

account_params postpaid_params(const std::string& id) {
  return account_params::make(id, account_mode::postpaid, {{"M-" + id, utility::electricity}},
                              level_params::make(money::from_integer(50), money::from_integer(20),
                                                 money::from_integer(100), money::from_integer(10)),
                              {});
}

local_time posting_time() { return local_time(date::local_days{date::year{2025} / 1 / 1}); }

// ---- CPU accounting ---------------------------------------------------------------------------

double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// utime + stime (+ cutime + cstime when `children`) of a process, in seconds; 0 when gone.
double proc_cpu_seconds(long pid, bool children, long* ppid = nullptr) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(f, text)) return 0;
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream in(text.substr(close + 2));
  std::string state;
  long parent = 0;
  in >> state >> parent;
  if (ppid != nullptr) *ppid = parent;
  std::string skip;
  for (int i = 0; i < 9; ++i) in >> skip;  // fields 6..14: pgrp … majflt … cmajflt
  unsigned long long ut = 0, st = 0;
  long long cut = 0, cst = 0;
  in >> ut >> st >> cut >> cst;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  double s = static_cast<double>(ut + st);
  if (children) s += static_cast<double>(cut + cst);
  return s / tick;
}

/// The CPU the server used so far: the postmaster with its reaped children, plus its live
/// children (backends, WAL writer, checkpointer …).
double server_cpu_seconds(long postmaster) {
  if (postmaster <= 0) return 0;
  double total = proc_cpu_seconds(postmaster, true);
  DIR* d = opendir("/proc");
  if (d == nullptr) return total;
  while (const dirent* e = readdir(d)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (*end != '\0' || pid <= 0 || pid == postmaster) continue;
    long parent = 0;
    const double s = proc_cpu_seconds(pid, false, &parent);
    if (parent == postmaster) total += s;
  }
  closedir(d);
  return total;
}

// ---- the stores -------------------------------------------------------------------------------

#if SUBMETER_HAVE_POSTGRES
/// The throw-away server (pg_server.hpp), restarted with durable settings.
class durable_pg {
 public:
  durable_pg() {
    data_dir_ = server_.exec("postgres", "SHOW data_directory");
    const std::string dir = std::filesystem::path(data_dir_).parent_path().string();
    const std::string as_postgres = geteuid() == 0 ? "runuser -u postgres -- " : "";
    const std::string cmd =
        "cd /tmp && " + as_postgres + "/usr/lib/postgresql/15/bin/pg_ctl -D " + data_dir_ + " -l " +
        dir + "/log -w -t 60 restart -o '-c listen_addresses=127.0.0.1 -p " +
        std::to_string(server_.port()) + " -k " + dir +
        "/sock -c fsync=on -c full_page_writes=on -c max_connections=60 -c shared_buffers=128MB' "
        ">/dev/null";
    if (std::system(cmd.c_str()) != 0) {
      throw std::runtime_error("cannot restart the PostgreSQL server durably: " + cmd);
    }
    if (server_.exec("postgres", "SHOW fsync") != "on") {
      throw std::runtime_error("the PostgreSQL server runs without fsync");
    }
    std::ifstream pidfile(data_dir_ + "/postmaster.pid");
    pidfile >> postmaster_;
  }
  test_support::pg_server& server() { return server_; }
  [[nodiscard]] long postmaster() const { return postmaster_; }

 private:
  test_support::pg_server server_;
  std::string data_dir_;
  long postmaster_ = 0;
};

std::unique_ptr<durable_pg>& pg_holder() {
  static std::unique_ptr<durable_pg> pg;
  return pg;
}

durable_pg& pg() {
  auto& p = pg_holder();
  if (!p) p = std::make_unique<durable_pg>();
  return *p;
}
#endif

enum store_kind : std::int64_t { sqlite = 0, postgres = 1 };

/// Where a store lives, and how a connection to it is opened with durable commits (`durable`:
/// SQLite synchronous FULL, PostgreSQL synchronous_commit on) or not (NORMAL; off).
struct store_place {
  store_kind kind = sqlite;
  std::string where;  // SQLite file or PostgreSQL conninfo

  [[nodiscard]] std::unique_ptr<store::ledger_store> open(bool durable) const {
    if (kind == sqlite) {
      store::sqlite_options o;
      o.synchronous_full = durable;
      return store::open_sqlite_store(where, o);
    }
#if SUBMETER_HAVE_POSTGRES
    return store::open_postgres_store(where +
                                      (durable ? "" : " options='-c synchronous_commit=off'"));
#else
    throw std::runtime_error("built without libpq");
#endif
  }
  [[nodiscard]] long postmaster() const {
#if SUBMETER_HAVE_POSTGRES
    return kind == postgres ? pg().postmaster() : 0;
#else
    return 0;
#endif
  }
  void remove() const {
    if (kind != sqlite) return;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(where + suffix);
  }
};

/// A fresh, empty store of `kind`.
store_place fresh_store(store_kind kind, const std::string& tag) {
  if (kind == sqlite) {
    const std::string file = (std::filesystem::temp_directory_path() /
                              ("submeter-bench-" + std::to_string(getpid()) + "-" + tag + ".db"))
                                 .string();
    store_place p{sqlite, file};
    p.remove();
    return p;
  }
#if SUBMETER_HAVE_POSTGRES
  auto& server = pg().server();
  return {postgres, server.conninfo(server.create_database())};
#else
  throw std::runtime_error("built without libpq");
#endif
}

// ---- baselines --------------------------------------------------------------------------------

/// The batch a writer posts: `batch_size` fees over its 100 accounts, keys numbered from `n`.
std::vector<store::posting_request> make_batch(const std::string& prefix, std::size_t& n) {
  std::vector<store::posting_request> batch;
  batch.reserve(batch_size);
  for (std::size_t i = 0; i < batch_size; ++i, ++n) {
    batch.push_back(
        {prefix + std::to_string(n % accounts_per_set),
         fee(posting_time(), prefix + "k" + std::to_string(n), money::from_mantissa(12), "usage")});
  }
  return batch;
}

// Baseline: the same batches posted to 100 accounts in memory (ledger::account), no store.
void baseline_memory_batches(benchmark::State& state) {
  std::vector<account> accounts;
  for (std::size_t a = 0; a < accounts_per_set; ++a) {
    accounts.push_back(account::open(prepaid_params("A-" + std::to_string(a))));
  }
  std::size_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto batch = make_batch("A-", n);
    state.ResumeTiming();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      benchmark::DoNotOptimize(accounts[i % accounts_per_set].post(batch[i].what).status);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
}

// Baseline: the floor of one durable commit on this disk: append 8 KiB and fdatasync (the WAL
// write of both stores), in the temporary folder both stores live in.
void baseline_fsync_8k(benchmark::State& state) {
  const std::string file = (std::filesystem::temp_directory_path() /
                            ("submeter-bench-fsync-" + std::to_string(getpid())))
                               .string();
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    state.SkipWithError("cannot open a file in the temporary folder");
    return;
  }
  std::vector<char> block(8192, 'x');
  off_t at = 0;
  for (auto _ : state) {
    if (pwrite(fd, block.data(), block.size(), at) != static_cast<ssize_t>(block.size()) ||
        fdatasync(fd) != 0) {
      state.SkipWithError("write or fdatasync failed");
      break;
    }
    at += static_cast<off_t>(block.size());
  }
  ::close(fd);
  std::filesystem::remove(file);
  state.SetItemsProcessed(state.iterations());
}

// ---- writers ----------------------------------------------------------------------------------

/// The CPU the client process and the server used in the timed parts of a benchmark.
struct cpu_clock {
  long postmaster = 0;
  double self = 0, server = 0;  // totals
  double self0 = 0, server0 = 0;
  void start() {
    self0 = self_cpu_seconds();
    server0 = server_cpu_seconds(postmaster);
  }
  void stop() {
    self += self_cpu_seconds() - self0;
    server += server_cpu_seconds(postmaster) - server0;
  }
};

void report_cpu(benchmark::State& state, const cpu_clock& c, double wall, std::size_t events) {
  const auto per_event = [&](double s) {
    return events > 0 ? s * 1e6 / static_cast<double>(events) : 0.0;
  };
  state.counters["client_us/ev"] = per_event(c.self);
  state.counters["server_us/ev"] = per_event(c.server);
  state.counters["cores"] = wall > 0 ? (c.self + c.server) / wall : 0;
}

// range(0): store (0 SQLite, 1 PostgreSQL); range(1): writers; range(2): 1 durable commits
// (SQLite synchronous FULL, PostgreSQL synchronous_commit on), 0 not (NORMAL; off); range(3): 0
// each writer its own 100 accounts, 1 every writer the same 100 accounts.
// Each iteration: every writer (a thread with its own connection) posts 5 batches of 1,000 fees
// over 100 accounts (10 per account per batch), concurrently. Wall-clock time.
void post_batches(benchmark::State& state) {
  const auto kind = static_cast<store_kind>(state.range(0));
  const auto writers = static_cast<int>(state.range(1));
  const bool durable = state.range(2) == 1;
  const bool shared = state.range(3) == 1;
  store_place place;
  std::vector<std::unique_ptr<store::ledger_store>> stores;
  std::vector<std::string> prefixes;
  try {
    place = fresh_store(kind, "writers");
    auto setup = place.open(false);
    for (int w = 0; w < (shared ? 1 : writers); ++w) {
      const std::string prefix = shared ? "S-" : "W" + std::to_string(w) + "-";
      for (std::size_t a = 0; a < accounts_per_set; ++a) {
        const auto p = prepaid_params(prefix + std::to_string(a));
        setup->create_account(p, opening_state(p));
      }
    }
    setup.reset();
    for (int w = 0; w < writers; ++w) {
      stores.push_back(place.open(durable));
      prefixes.push_back(shared ? "S-" : "W" + std::to_string(w) + "-");
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  std::vector<std::size_t> counters(static_cast<std::size_t>(writers), 0);
  std::size_t events = 0;
  cpu_clock cpu{place.postmaster()};
  double wall = 0;
  std::string failure;
  for (auto _ : state) {
    state.PauseTiming();
    // Keys stay unique per writer: on shared accounts each writer's keys carry its number.
    std::vector<std::vector<std::vector<store::posting_request>>> work(
        static_cast<std::size_t>(writers));
    for (int w = 0; w < writers; ++w) {
      auto& n = counters[static_cast<std::size_t>(w)];
      for (int b = 0; b < batches_per_writer; ++b) {
        auto batch = make_batch(prefixes[static_cast<std::size_t>(w)], n);
        if (shared) {
          for (auto& r : batch) r.what.key = std::to_string(w) + "/" + r.what.key;
        }
        work[static_cast<std::size_t>(w)].push_back(std::move(batch));
      }
    }
    cpu.start();
    const auto t0 = std::chrono::steady_clock::now();
    state.ResumeTiming();
    std::vector<std::thread> threads;
    std::vector<std::string> errors(static_cast<std::size_t>(writers));
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        const auto i = static_cast<std::size_t>(w);
        try {
          for (const auto& batch : work[i]) {
            benchmark::DoNotOptimize(stores[i]->post(batch).applied);
          }
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    state.PauseTiming();
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu.stop();
    state.ResumeTiming();
    events += static_cast<std::size_t>(writers * batches_per_writer) * batch_size;
    for (const auto& e : errors) {
      if (!e.empty()) failure = e;
    }
    if (!failure.empty()) break;
  }
  if (!failure.empty()) {
    state.SkipWithError(failure.c_str());
  } else {
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
    report_cpu(state, cpu, wall, events);
  }
  stores.clear();
  place.remove();
}

// ---- the billing run --------------------------------------------------------------------------

/// A store with 100,000 postpaid accounts, made once per store kind (the accounts are opened
/// with non-durable commits: the figure is the billing run's post, not the opening).
store_place billing_places[2];
bool billing_made[2] = {false, false};

const store_place& billing_store(store_kind kind) {
  auto& places = billing_places;
  auto& made = billing_made;
  const auto k = static_cast<std::size_t>(kind);
  if (!made[k]) {
    places[k] = fresh_store(kind, "billing");
    auto s = places[k].open(false);
    for (int a = 0; a < billing_accounts; ++a) {
      const auto p = postpaid_params("T-" + std::to_string(a));
      s->create_account(p, opening_state(p));
    }
    made[k] = true;
  }
  return places[k];
}

// range(0): store; range(1): durable commits (as in post_batches). One iteration posts a month's
// bills: one charge per account (key bill_key(tenant, period)), 100,000 in one batch, as
// store::post_site_bills and `submeter bill --post` post them. Every iteration is a new period.
void billing_run_100k(benchmark::State& state) {
  const auto kind = static_cast<store_kind>(state.range(0));
  const bool durable = state.range(1) == 1;
  static int period = 0;
  std::unique_ptr<store::ledger_store> s;
  const store_place* place = nullptr;
  try {
    place = &billing_store(kind);
    s = place->open(durable);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  cpu_clock cpu{place->postmaster()};
  double wall = 0;
  std::size_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string label = "P" + std::to_string(++period);
    std::vector<store::posting_request> batch;
    batch.reserve(billing_accounts);
    for (int a = 0; a < billing_accounts; ++a) {
      const std::string id = "T-" + std::to_string(a);
      batch.push_back({id, charge(posting_time(), bill_key(id, label),
                                  money::from_mantissa(1'000'000 + a), "bill " + label)});
    }
    cpu.start();
    const auto t0 = std::chrono::steady_clock::now();
    state.ResumeTiming();
    try {
      benchmark::DoNotOptimize(s->post(batch).applied);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
    state.PauseTiming();
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu.stop();
    state.ResumeTiming();
    events += batch.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  report_cpu(state, cpu, wall, events);
}

// Opening accounts one by one, as post_site_bills opens those a store does not have (one
// transaction each): 1,000 accounts per iteration, durable or not.
void open_accounts(benchmark::State& state) {
  const auto kind = static_cast<store_kind>(state.range(0));
  const bool durable = state.range(1) == 1;
  store_place place;
  std::unique_ptr<store::ledger_store> s;
  try {
    place = fresh_store(kind, "open");
    s = place.open(durable);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  int n = 0;
  for (auto _ : state) {
    for (int a = 0; a < 1000; ++a, ++n) {
      const auto p = postpaid_params("T-" + std::to_string(n));
      s->create_account(p, opening_state(p));
    }
  }
  state.SetItemsProcessed(n);
  s.reset();
  place.remove();
}

void store_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"pg", "writers", "durable", "shared"});
  for (std::int64_t kind : {0, 1}) {
#if !SUBMETER_HAVE_POSTGRES
    if (kind == 1) continue;
#endif
    for (std::int64_t shared : {0, 1}) {
      for (std::int64_t durable : {1, 0}) {
        for (std::int64_t writers : {1, 2, 4}) b->Args({kind, writers, durable, shared});
      }
    }
  }
}

void billing_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"pg", "durable"});
  for (std::int64_t kind : {0, 1}) {
#if !SUBMETER_HAVE_POSTGRES
    if (kind == 1) continue;
#endif
    for (std::int64_t durable : {1, 0}) b->Args({kind, durable});
  }
}

}  // namespace

BENCHMARK(baseline_memory_batches)->Unit(benchmark::kMillisecond);
BENCHMARK(baseline_fsync_8k)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(post_batches)
    ->Apply(store_args)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK(open_accounts)
    ->Apply(billing_args)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(billing_run_100k)
    ->Apply(billing_args)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  billing_places[0].remove();
#if SUBMETER_HAVE_POSTGRES
  pg_holder().reset();  // stops and removes the server
#endif
  return 0;
}
