// Tests of src/store (sqlite_store.hpp, ledger_json.hpp): durable postings, replays across
// reopenings, all-or-nothing batches, bad input that writes nothing, schema migrations.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <vector>

#include "ops.hpp"
#include "store/ledger_json.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/ledger/statement.hpp"
#include "support.hpp"
#include "support/error_of.hpp"
#include "temp_dir.hpp"

namespace submeter::store {
namespace {

using ledger::test::at;
using ledger::test::yuan;
using test_support::error_of;

std::unique_ptr<ledger_store> fresh(const test_support::temp_dir& dir) {
  auto s = open_sqlite_store(dir.file("ledger.db"));
  const auto p = ledger::test::simple_params();
  s->create_account(p, ledger::opening_state(p));
  return s;
}

std::size_t rows(const std::string& file) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM entries", -1, &st, nullptr);
  sqlite3_step(st);
  const auto n = static_cast<std::size_t>(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(sqlite_store, posts_survive_reopening_and_replays_return_the_original) {
  test_support::temp_dir dir;
  {
    auto s = fresh(dir);
    const auto r =
        s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"),
                                          ledger::channel::wechat_pay, "wx-1")},
                 {"A-1", ledger::fee(at("2025-01-02T00:00"), "fee/1", yuan("30"), "fee")}});
    EXPECT_EQ(r.applied, 2u);
    EXPECT_EQ(s->state("A-1").balance, yuan("70"));
  }
  auto s = open_sqlite_store(dir.file("ledger.db"));
  EXPECT_EQ(s->state("A-1").balance, yuan("70"));
  const auto again =
      s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"),
                                        ledger::channel::wechat_pay, "wx-1")}});
  EXPECT_EQ(again.duplicates, 1u);
  EXPECT_EQ(again.postings[0].status, ledger::posting_status::duplicate);
  EXPECT_EQ(again.postings[0].committed->seq, 1u);
  EXPECT_EQ(again.postings[0].committed->balance_after, yuan("100"));
  EXPECT_EQ(s->entries("A-1").size(), 2u);
  EXPECT_EQ(s->accounts(), std::vector<std::string>{"A-1"});
  EXPECT_EQ(s->params("A-1").levels.hoarding_limit, yuan("2000"));
}

TEST(sqlite_store, the_stored_fold_equals_the_memory_fold) {
  test_support::temp_dir dir;
  auto s = fresh(dir);
  std::vector<ledger::test::op> ops;
  for (int i = 0; i < 300; ++i) ops.push_back({(i * 7) % 10, (i * 37) % 5000, (i * 11) % 21});
  const auto events = ledger::test::events_of(ops);
  ledger::account mem = ledger::account::open(ledger::test::simple_params());
  for (const auto& e : events) {
    const auto r = mem.post(e);
    if (ledger::accepted(r.status)) {
      (void)s->post({{"A-1", e}});
    } else {
      EXPECT_THROW((void)s->post({{"A-1", e}}), error);
    }
  }
  const auto st = s->state("A-1");
  EXPECT_EQ(st.balance, mem.state().balance);
  EXPECT_EQ(st.arrears(), mem.state().arrears());
  EXPECT_EQ(st.relay, mem.state().relay);
  EXPECT_EQ(st.last_seq, mem.state().last_seq);
  const auto stored = s->entries("A-1");
  ASSERT_EQ(stored.size(), mem.entries().size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(to_json(stored[i]), to_json(mem.entries()[i]));
  }
  EXPECT_EQ(to_json(st), to_json(mem.state()));
}

TEST(sqlite_store, bad_input_is_a_clear_error_and_writes_nothing) {
  test_support::temp_dir dir;
  auto s = fresh(dir);
  (void)s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"),
                                          ledger::channel::cash, "c1")}});
  const auto before = rows(dir.file("ledger.db"));
  const auto good = ledger::fee(at("2025-01-02T00:00"), "fee/ok", yuan("1"), "fee");
  auto negative =
      ledger::recharge(at("2025-01-02T00:00"), "M-1", 2, yuan("5"), ledger::channel::cash, "c2");
  negative.amount = yuan("-5");
  const auto cases = std::vector<std::pair<ledger::event, errc>>{
      {negative, errc::invalid_argument},
      {ledger::reversal(at("2025-01-02T00:00"), "rev/9", 9), errc::not_found},
      {ledger::refund(at("2025-01-02T00:00"), "big", yuan("100.01")), errc::invalid_argument},
  };
  for (const auto& [bad, code] : cases) {
    const auto e = error_of([&] { (void)s->post({{"A-1", good}, {"A-1", bad}}); });
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_EQ(e.context_value("account"), "A-1");
    EXPECT_EQ(e.context_value("index"), "1");
    EXPECT_EQ(rows(dir.file("ledger.db")), before);
  }
  const auto unknown = error_of([&] { (void)s->post({{"A-1", good}, {"NOPE", good}}); });
  EXPECT_EQ(unknown.code(), errc::not_found);
  EXPECT_EQ(unknown.context_value("account"), "NOPE");
  EXPECT_EQ(error_of([&] { (void)s->state("NOPE"); }).code(), errc::not_found);
  // Reversal of an already reversed entry, and of a reversal.
  (void)s->post({{"A-1", ledger::reversal(at("2025-01-03T00:00"), "rev/1", 1)}});
  EXPECT_EQ(error_of([&] {
              (void)s->post({{"A-1", ledger::reversal(at("2025-01-03T00:00"), "rev/1b", 1)}});
            }).code(),
            errc::duplicate);
  EXPECT_EQ(error_of([&] {
              (void)s->post({{"A-1", ledger::reversal(at("2025-01-03T00:00"), "rev/2", 2)}});
            }).code(),
            errc::invalid_argument);
  // Recharge on a closed account.
  (void)s->post({{"A-1", ledger::close(at("2025-01-04T00:00"), "close")}});
  const auto closed = error_of([&] {
    (void)s->post({{"A-1", ledger::recharge(at("2025-01-05T00:00"), "M-1", 2, yuan("5"),
                                            ledger::channel::cash, "c3")}});
  });
  EXPECT_EQ(closed.code(), errc::inconsistent);
  EXPECT_EQ(closed.context_value("status"), "rejected_closed");
  EXPECT_EQ(s->state("A-1").balance, money{});
  EXPECT_EQ(error_of([&] {
              const auto p = ledger::test::simple_params();
              s->create_account(p, ledger::opening_state(p));
            }).code(),
            errc::duplicate);
}

// Issue 16 #18: a read-only open reads the ledger as it is (statements on a read-only file in a
// read-only directory), creates nothing, and refuses to post.
TEST(sqlite_store, a_read_only_open_reads_and_creates_nothing) {
  test_support::temp_dir dir;
  {
    auto s = fresh(dir);
    (void)s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"),
                                            ledger::channel::cash, "c1")}});
  }
  sqlite_options ro;
  ro.read_only = true;
  auto r = open_sqlite_store(dir.file("ledger.db"), ro);
  EXPECT_EQ(r->state("A-1").balance, yuan("100"));
  EXPECT_EQ(r->entries("A-1").size(), 1u);
  EXPECT_ANY_THROW(
      (void)r->post({{"A-1", ledger::fee(at("2025-01-02T00:00"), "f", yuan("1"), "f")}}));
  EXPECT_EQ(rows(dir.file("ledger.db")), 1u);
  const auto missing = error_of([&] { (void)open_sqlite_store(dir.file("none.db"), ro); });
  EXPECT_EQ(missing.code(), errc::not_found);
  EXPECT_EQ(missing.context_value("file"), dir.file("none.db"));
}

// Issue 16 #1: a time that would print as year 10000 is never stored (it would not read back).
TEST(sqlite_store, a_time_after_year_9999_is_never_stored) {
  EXPECT_EQ(stored_time(last_printable_local_time), "9999-12-31T23:59:59");
  EXPECT_EQ(error_of([] {
              (void)stored_time(last_printable_local_time + std::chrono::seconds{1});
            }).code(),
            errc::invalid_argument);
}

TEST(sqlite_store, migrates_a_version_1_file_and_refuses_a_newer_one) {
  test_support::temp_dir dir;
  const auto file = dir.file("old.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    // A version-1 file as an older build wrote it (no time index).
    const char* v1 =
        "CREATE TABLE accounts (id TEXT PRIMARY KEY, params TEXT NOT NULL, opening TEXT NOT NULL,"
        " state TEXT NOT NULL, last_seq INTEGER NOT NULL);"
        "CREATE TABLE entries (account TEXT NOT NULL REFERENCES accounts(id), seq INTEGER NOT NULL,"
        " kind TEXT NOT NULL, key TEXT, time TEXT NOT NULL, reverses INTEGER,"
        " balance_after TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (account, seq),"
        " UNIQUE (account, key), UNIQUE (account, reverses));"
        "PRAGMA user_version = 1;";
    ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  {
    auto s = open_sqlite_store(file);
    const auto p = ledger::test::simple_params();
    s->create_account(p, ledger::opening_state(p));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries_by_time'", -1,
                     &st, nullptr);
  sqlite3_step(st);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99;", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(error_of([&] { (void)open_sqlite_store(file); }).code(), errc::unsupported);
}

TEST(ledger_json, params_and_state_round_trip) {
  auto p = ledger::test::simple_params();
  p.cuts.notice = std::chrono::minutes(30);
  p.cuts.windows.push_back(
      ledger::no_cut_window::daily(18 * 60, 8 * 60, {calendar::day_kind::workday}));
  p.cuts.windows.push_back(ledger::no_cut_window::whole_days({calendar::day_kind::holiday}));
  p.cuts.holidays = calendar::holiday_calendar::make(
      "cn", {2025},
      {{date::local_days{date::year{2025} / 10 / 1}, calendar::day_kind::holiday, "国庆节"}});
  EXPECT_EQ(to_json(params_from_json(to_json(p))), to_json(p));
  ledger::account acc = ledger::account::open(p);
  (void)acc.post(
      ledger::recharge(at("2025-01-01T00:00"), "M-1", 1, yuan("10"), ledger::channel::cash, "x"));
  (void)acc.post(ledger::charge(at("2025-01-01T00:01"), "c", yuan("50"), "rent"));
  (void)acc.post(ledger::fee(at("2025-01-01T00:02"), "f", yuan("5.5"), "fee"));
  const auto s = acc.state();
  EXPECT_EQ(to_json(state_from_json(to_json(s))), to_json(s));
  for (const auto& en : acc.entries())
    EXPECT_EQ(to_json(entry_from_json(to_json(en))), to_json(en));
  EXPECT_EQ(error_of([] {
              (void)event_from_json(R"({"kind":"nope","time":"2025-01-01T00:00"})");
            }).code(),
            errc::parse);
}

}  // namespace
}  // namespace submeter::store
