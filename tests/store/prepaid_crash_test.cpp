// Live prepaid under SIGKILL (issue 17): a child runs `prepaid_store::run` over a month of hourly
// readings and is killed at a seeded random moment, again and again (≥ 20 rounds); after each kill
// the reopened file holds whole transactions only (every deduction entry has its reading record
// and its cursor, balance = opening + Σ entries), and the final run, which replays everything,
// leaves exactly what one uninterrupted run in memory gives: every reading deducted once, every
// outbox row once, in the same order.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "site/live_support.hpp"
#include "store/prepaid_store.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

namespace submeter::store {
namespace {

using ledger::test::at;
using ledger::test::yuan;

site::live_opening crash_opening() {
  site::site_parts p;
  p.name = "Crash";
  p.currency = "CNY";
  p.meters = {metering::meter::make("M-1"), metering::meter::make("M-2")};
  p.tariffs = {test_support::flat_tariff()};
  site::tenant_account a;
  a.mode = ledger::account_mode::prepaid;
  a.opening_balance = yuan("100");
  a.levels = ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0"));
  a.recharges = {{at("2026-07-05T09:30"), yuan("200"), "R-1", ledger::channel::cash},
                 {at("2026-07-12T09:30"), yuan("300"), "R-2", ledger::channel::cash}};
  site::tenant t1{"T-1", "One", "flat", {"M-1"}};
  t1.account = a;
  a.recharges.clear();
  a.opening_balance = yuan("1000");
  site::tenant t2{"T-2", "Two", "flat", {"M-2"}};
  t2.account = a;
  p.tenants = {t1, t2};
  return site::live_opening_of(site::site::make(std::move(p)));
}

/// 20 days of hourly readings of two meters, 1 and 0.5 kWh an hour, one hour going backwards.
std::vector<metering::reading> crash_readings() {
  std::vector<metering::reading> out;
  const auto start = at("2026-07-01T00:00");
  for (int h = 0; h < 20 * 24; ++h) {
    const auto t = start + std::chrono::hours(h);
    for (const auto& [id, step] : {std::pair{"M-1", 10000}, std::pair{"M-2", 5000}}) {
      metering::reading r;
      r.meter_id = id;
      r.registers.time = t;
      r.registers.total = energy::from_mantissa(1000 * 10000 + step * h - (h == 77 ? 30000 : 0));
      out.push_back(r);
    }
  }
  return out;
}

[[noreturn]] void child_run(const std::string& file) {
  try {
    prepaid_store s(file);
    const auto o = crash_opening();
    (void)s.open_accounts(o);
    (void)s.run(o, crash_readings(), 7);
  } catch (...) {
    _exit(2);
  }
  _exit(0);
}

std::int64_t scalar(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  sqlite3_step(st);
  const auto n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/// Whole transactions only: every deduction entry has its reading recorded as deducted, the
/// cursors' Σ deducted equals Σ deduction entries, balances are opening + Σ entries.
void check(const std::string& file) {
  prepaid_store s(file);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM entries WHERE kind = 'deduction'"),
            scalar(db, "SELECT COUNT(*) FROM live_readings WHERE status = 'deducted'"));
  EXPECT_EQ(scalar(db,
                   "SELECT COUNT(*) FROM entries e WHERE e.kind = 'deduction' AND NOT EXISTS "
                   "(SELECT 1 FROM live_readings r WHERE 'reading/' || r.meter || '/' || "
                   "r.time = e.key AND r.status = 'deducted')"),
            0);
  sqlite3_close(db);
  for (const auto& id : s.ledger().accounts()) {
    money sum = s.ledger().opening(id).balance;
    money deducted;
    for (const auto& en : s.ledger().entries(id)) {
      sum += en.balance_delta();
      if (en.what.kind == ledger::event_kind::deduction) deducted += en.what.amount;
    }
    EXPECT_EQ(s.ledger().state(id).balance, sum) << id;
    money cursors;
    for (const auto& c : s.cursors()) {
      if (c.account == id) cursors += c.cursor.deducted_in("2026-07");
    }
    EXPECT_EQ(cursors, deducted) << id;
  }
}

TEST(prepaid_store_crash, sigkill_at_random_points_then_every_reading_and_row_exactly_once) {
  test_support::temp_dir dir;
  const auto file = dir.file("crash.db");
  const unsigned seed = 20260717;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_us(2000, 150000);
  int kills = 0;
  for (int round = 0; round < 24; ++round) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) child_run(file);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++kills;
    if (std::filesystem::exists(file)) check(file);
  }
  EXPECT_GT(kills, 0);
  RecordProperty("kills", kills);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) child_run(file);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  check(file);
  // The same stream in memory, in one piece, in the order prepaid_store::run takes it.
  const auto o = crash_opening();
  auto state = site::open_state(o);
  std::vector<std::string> rows;
  std::size_t deductions = 0;
  std::size_t next = 0;
  const auto readings = crash_readings();  // already in time order, M-1 before M-2
  for (const auto& r : readings) {
    while (next < o.recharges.size() && o.recharges[next].what.time < r.time()) {
      const auto p =
          site::post_event(o.plan, state, o.recharges[next].account, o.recharges[next].what);
      for (const auto& row : p.rows) rows.push_back(row.id);
      ++next;
    }
    const auto out = site::ingest(o.plan, state, r);
    if (out.status == site::live_status::deducted) ++deductions;
    for (const auto& row : out.rows) rows.push_back(row.id);
  }
  prepaid_store s(file);
  std::vector<std::string> stored;
  for (const auto& r : s.outbox(true)) stored.push_back(r.row.id);
  EXPECT_EQ(stored, rows);
  EXPECT_FALSE(rows.empty());
  std::size_t stored_deductions = 0;
  for (std::size_t i = 0; i < o.plan.accounts().size(); ++i) {
    const auto& id = o.plan.accounts()[i].id;
    EXPECT_EQ(s.ledger().state(id).balance, state.accounts[i].state().balance) << id;
    for (const auto& en : s.ledger().entries(id)) {
      if (en.what.kind == ledger::event_kind::deduction) ++stored_deductions;
    }
  }
  EXPECT_EQ(stored_deductions, deductions);
  EXPECT_GT(deductions, 900u);
}

}  // namespace
}  // namespace submeter::store
