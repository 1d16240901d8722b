// Ingest into the readings store (issue 18 "Figures": ≥ 200,000 readings/s in batches).
//
// - `readings_append/B/full/backlog`: store::open_sqlite_readings, append() in batches of B
//   reads, either as the readings of a round of B meters at one 15-minute time (backlog = 0: the
//   rows land all over the (meter, register, time) key, the harder case for the index) or as
//   hstdata backlogs of a day of 96 reads per meter (1: appended at the end of each meter's
//   keys), synchronous NORMAL (full = 0, the store's default) or FULL (1). Baselines in the same
//   binary: `baseline_vector` (the same rows copied into a std::vector) and `baseline_bare_sqlite`
//   (the same rows through one prepared INSERT into the same table, one transaction per batch, no
//   duplicate or conflict check: what SQLite alone costs).
// - `parse_acrel_hstdata/R`: the Acrel parser (ingest::parse_message) on `hstdata` messages of
//   R reads (R = 1: one read a message, as the backlog file; 96: a day of 15-minute reads in the
//   `data` array), reads per second: the CPU the broker path spends before the store.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/gateway_message.hpp"
#include "store/readings_sqlite.hpp"

namespace {

using namespace submeter;

constexpr std::size_t meters_in_round = 10'000;
const local_time t0 = local_time(date::local_days{date::year{2026} / 7 / 1});

std::string meter_id(std::size_t m) { return "122092636" + std::to_string(10000 + m); }

/// Batch `k` of size `b`. Rounds (`backlog` false): reads of meters (k × b) mod 10,000 … at the
/// round's time, so a batch touches the whole (meter, register, time) index. Backlogs (true): b /
/// 96 meters' day of 96 consecutive reads each (an hstdata backlog), so a batch appends to the end
/// of each meter's run of keys.
std::vector<metering::register_value> make_batch(std::size_t k, std::size_t b,
                                                 bool backlog = false) {
  std::vector<metering::register_value> out;
  out.reserve(b);
  for (std::size_t i = 0; i < b; ++i) {
    const std::size_t n = k * b + i;
    std::size_t m = n % meters_in_round;
    auto round = static_cast<std::int64_t>(n / meters_in_round);
    if (backlog) {  // n = ((day × 10,000) + meter) × 96 + slot
      m = (n / 96) % meters_in_round;
      round = static_cast<std::int64_t>((n / 96 / meters_in_round) * 96 + n % 96);
    }
    metering::register_value v;
    v.meter_id = meter_id(m);
    v.time = t0 + std::chrono::minutes(15) * round;
    v.received = v.time + std::chrono::minutes(2);
    v.value = energy::from_mantissa(1'000'000 + round * 5000 + static_cast<std::int64_t>(m));
    v.source = metering::reading_source::acrel_gateway;
    out.push_back(std::move(v));
  }
  return out;
}

std::string temp_file(const char* tag) {
  return (std::filesystem::temp_directory_path() /
          ("submeter-bench-" + std::string(tag) + "-" + std::to_string(getpid()) + ".db"))
      .string();
}

void remove_db(const std::string& f) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(f + suffix);
}

// range(0): batch size; range(1): 1 synchronous FULL, 0 NORMAL (default); range(2): 0 rounds,
// 1 backlogs (make_batch).
void readings_append(benchmark::State& state) {
  const auto b = static_cast<std::size_t>(state.range(0));
  const bool backlog = state.range(2) == 1;
  const std::string file = temp_file("readings");
  remove_db(file);
  store::readings_sqlite_options o;
  o.synchronous_full = state.range(1) == 1;
  auto s = store::open_sqlite_readings(file, o);
  std::size_t k = 0, stored = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto batch = make_batch(k++, b, backlog);
    state.ResumeTiming();
    stored += s->append(batch).inserted;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(k * b));
  state.counters["stored"] = static_cast<double>(stored);
  s.reset();
  remove_db(file);
}

// Baseline: the same rows copied into a vector.
void baseline_vector(benchmark::State& state) {
  const auto b = static_cast<std::size_t>(state.range(0));
  std::vector<metering::register_value> kept;
  std::size_t k = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto batch = make_batch(k++, b);
    state.ResumeTiming();
    for (const auto& v : batch) kept.push_back(v);
    benchmark::DoNotOptimize(kept.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(k * b));
}

void check(int rc, sqlite3* db, benchmark::State& state) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    state.SkipWithError(sqlite3_errmsg(db));
  }
}

// Baseline: a bare SQLite insert loop into the same table (the store's schema), WAL, synchronous
// NORMAL, one BEGIN IMMEDIATE … COMMIT per batch, one prepared INSERT … ON CONFLICT DO NOTHING.
void baseline_bare_sqlite(benchmark::State& state) {
  const auto b = static_cast<std::size_t>(state.range(0));
  const std::string file = temp_file("bare");
  remove_db(file);
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  check(sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "CREATE TABLE register_values ("
                     "  meter TEXT NOT NULL,"
                     "  register INTEGER NOT NULL CHECK (register BETWEEN 0 AND 8),"
                     "  time INTEGER NOT NULL,"
                     "  value INTEGER NOT NULL,"
                     "  received INTEGER,"
                     "  source TEXT NOT NULL,"
                     "  quality TEXT NOT NULL,"
                     "  PRIMARY KEY (meter, register, time)) WITHOUT ROWID;",
                     nullptr, nullptr, nullptr),
        db, state);
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db,
                           "INSERT INTO register_values (meter, register, time, value, received, "
                           "source, quality) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                           "ON CONFLICT DO NOTHING",
                           -1, &insert, nullptr),
        db, state);
  std::size_t k = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto batch = make_batch(k++, b);
    state.ResumeTiming();
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (const auto& v : batch) {
      sqlite3_bind_text(insert, 1, v.meter_id.data(), static_cast<int>(v.meter_id.size()),
                        SQLITE_STATIC);
      sqlite3_bind_int64(insert, 2, v.register_number);
      sqlite3_bind_int64(insert, 3, v.time.time_since_epoch().count());
      sqlite3_bind_int64(insert, 4, v.value.mantissa());
      sqlite3_bind_int64(insert, 5, v.received->time_since_epoch().count());
      sqlite3_bind_text(insert, 6, "acrel_gateway", -1, SQLITE_STATIC);
      sqlite3_bind_text(insert, 7, "actual", -1, SQLITE_STATIC);
      sqlite3_step(insert);
      sqlite3_reset(insert);
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, state);
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  remove_db(file);
  state.SetItemsProcessed(static_cast<std::int64_t>(k * b));
}

/// An Acrel hstdata message of `reads` 15-minute reads of one meter.
std::string hstdata(std::size_t meter, std::size_t reads) {
  std::string s =
      R"({"type":"hstdata","gwSN":"12209263660002","meterSN":")" + meter_id(meter) + "\"";
  auto stamp = [](std::size_t i) {
    const auto minutes = i * 15;
    char buf[32];
    std::snprintf(buf, sizeof buf, "202607%02zu%02zu%02zu00", 1 + minutes / 1440,
                  (minutes % 1440) / 60, minutes % 60);
    return std::string(buf);
  };
  if (reads == 1) return s + R"(,"time":")" + stamp(0) + R"(","EPI":"1234.56"})";
  s += R"(,"time":"20260702080000","data":[)";
  for (std::size_t i = 0; i < reads; ++i) {
    if (i > 0) s += ",";
    s += R"({"time":")" + stamp(i) + R"(","EPI":")" + std::to_string(1234 + i) + ".56\"}";
  }
  return s + "]}";
}

// range(0): reads per message. Per iteration 1,000 messages (different meters).
void parse_acrel_hstdata(benchmark::State& state) {
  const auto reads = static_cast<std::size_t>(state.range(0));
  std::vector<std::string> messages;
  for (std::size_t m = 0; m < 1000; ++m) messages.push_back(hstdata(m, reads));
  const std::string topic = "/gw/acrelHW/ANet-2E4S1/hstdata/12209263660002";
  ingest::parse_options o;
  o.received = t0;
  std::size_t values = 0;
  for (auto _ : state) {
    for (const auto& m : messages) {
      const auto r = ingest::parse_message(ingest::message_format::acrel, topic, m, o);
      if (r.status != ingest::message_status::ok) {
        state.SkipWithError(("not parsed: " + r.detail).c_str());
        return;
      }
      values += r.values.size();
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(values));
  state.counters["messages/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 1000.0, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(baseline_vector)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(baseline_bare_sqlite)
    ->Arg(1000)
    ->Arg(10000)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(100);
BENCHMARK(readings_append)
    ->ArgNames({"batch", "full", "backlog"})
    ->Args({1000, 0, 0})
    ->Args({10000, 0, 0})
    ->Args({1000, 1, 0})
    ->Args({10000, 1, 0})
    ->Args({960, 0, 1})
    ->Args({9600, 0, 1})
    ->Args({9600, 1, 1})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(100);
// One read a transaction, as `submeter ingest mqtt` stores a message of one read.
BENCHMARK(readings_append)
    ->ArgNames({"batch", "full", "backlog"})
    ->Args({1, 0, 0})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond)
    ->Iterations(20000);
BENCHMARK(parse_acrel_hstdata)->Arg(1)->Arg(96)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
