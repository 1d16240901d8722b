// Tests of store/prepaid_store.hpp (issues 17, 20): the live step on both back ends, SQLite and
// PostgreSQL (one suite, parameterised): each reading's deduction, cursor and outbox rows in one
// transaction, statuses as values, re-running posts nothing and writes no row twice, delivery
// and acknowledgement by id, each command row with the wire frame the run gave it; schema
// migrations 2 → 3 on each, 3 → 4 on SQLite (the cursor's compact text) and the outbox's frame
// column (SQLite 4 → 5, PostgreSQL 3 → 4) on each; on PostgreSQL, two processes running the same
// readings at once post each once; daily fixed charges (按日扣费) posted in the readings'
// transactions, once, and counted per month.
#include "store/prepaid_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backends.hpp"
#include "site/live_support.hpp"
#include "store/open_store.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/site/live_daily.hpp"
#include "support.hpp"
#include "support/error_of.hpp"
#include "temp_dir.hpp"
#ifdef SUBMETER_HAVE_POSTGRES
#include "shared_pg.hpp"
#include "store/postgres_store.hpp"
#endif

namespace submeter::store {
namespace {

using ledger::test::at;
using ledger::test::yuan;
using test_support::error_of;
using test_support::live_reading;

/// T-1 prepaid on M-1 (flat 0.70, opening balance 100, alarm1 50 unless given, alarm2 20, a
/// recharge of 200 on 6 July 09:00); T-2 postpaid on M-2.
site::site_parts live_parts(money alarm1 = money::parse("50")) {
  site::site_parts p;
  p.name = "Live";
  p.currency = "CNY";
  p.meters = {metering::meter::make("M-1"), metering::meter::make("M-2")};
  p.tariffs = {test_support::flat_tariff()};
  site::tenant_account pre;
  pre.mode = ledger::account_mode::prepaid;
  pre.opening_balance = yuan("100");
  pre.levels = ledger::level_params::make(alarm1, yuan("20"), yuan("0"), yuan("0"));
  pre.recharges = {{at("2026-07-06T09:00"), yuan("200"), "R-1", ledger::channel::cash}};
  site::tenant_account post;
  site::tenant a{"T-1", "Prepaid", "flat", {"M-1"}};
  a.account = pre;
  site::tenant b{"T-2", "Postpaid", "flat", {"M-2"}};
  b.account = post;
  p.tenants = {a, b};
  return p;
}

/// The live opening of live_parts(alarm1).
site::live_opening opening(money alarm1 = money::parse("50")) {
  return site::live_opening_of(site::site::make(live_parts(alarm1)));
}

/// Out of order on purpose: the run sorts by time.
std::vector<metering::reading> month() {
  return {live_reading("M-1", "2026-07-04T12:00", "1120"),
          live_reading("M-1", "2026-07-01T00:00", "1000"),
          live_reading("M-1", "2026-07-02T00:00", "1050"),
          live_reading("M-2", "2026-07-02T00:00", "10"),
          live_reading("M-9", "2026-07-02T00:00", "10"),
          live_reading("M-1", "2026-07-03T00:00", "1100"),
          live_reading("M-1", "2026-07-07T00:00", "1090"),
          live_reading("M-1", "2026-07-08T00:00", "1130")};
}

std::int64_t count(const std::string& file, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  sqlite3_step(st);
  const auto n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

/// Where a test's ledger lives: a new SQLite file, or a new database on the process's shared
/// PostgreSQL server named by a postgresql:// URI (what the CLI's --db takes); how many rows
/// one of its tables holds ("entries", "outbox", "live_readings": prefixed on PostgreSQL), and
/// its schema version.
class ledger_place {
 public:
  explicit ledger_place(test::backend_kind k) : kind_(k) {
#ifdef SUBMETER_HAVE_POSTGRES
    if (k == test::backend_kind::postgres) {
      auto& server = test_support::shared_pg_server();
      db_ = server.create_database();
      where_ = server.uri(db_);
      return;
    }
#endif
    where_ = dir_.file("live.db");
  }
  [[nodiscard]] const std::string& where() const { return where_; }
  /// The rows of `table`, only those `where` selects when given.
  [[nodiscard]] std::int64_t rows(const std::string& table, const std::string& where = "") const {
    const auto filter = where.empty() ? std::string() : " WHERE " + where;
#ifdef SUBMETER_HAVE_POSTGRES
    if (kind_ == test::backend_kind::postgres) {
      return std::stoll(test_support::shared_pg_server().exec(
          db_, "SELECT COUNT(*) FROM submeter_" + table + filter));
    }
#endif
    return count(where_, ("SELECT COUNT(*) FROM " + table + filter).c_str());
  }
  /// The schema version (SQLite's user_version, PostgreSQL's submeter_schema).
  [[nodiscard]] std::int64_t schema_version() const {
#ifdef SUBMETER_HAVE_POSTGRES
    if (kind_ == test::backend_kind::postgres) {
      return std::stoll(
          test_support::shared_pg_server().exec(db_, "SELECT version FROM submeter_schema"));
    }
#endif
    return count(where_, "PRAGMA user_version");
  }
  /// Puts a ledger this build wrote back into the shape of the build before the outbox kept
  /// frames: the `frame` column dropped, the schema version set back (SQLite 4, PostgreSQL 3).
  void before_frames() const {
#ifdef SUBMETER_HAVE_POSTGRES
    if (kind_ == test::backend_kind::postgres) {
      (void)test_support::shared_pg_server().exec(
          db_,
          "ALTER TABLE submeter_outbox DROP COLUMN frame; UPDATE submeter_schema SET version = 3");
      return;
    }
#endif
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(where_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "ALTER TABLE outbox DROP COLUMN frame; PRAGMA user_version = 4;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  /// The schema version this build writes on the place's back end.
  [[nodiscard]] std::int64_t current_version() const {
#ifdef SUBMETER_HAVE_POSTGRES
    if (kind_ == test::backend_kind::postgres) return postgres_schema_version;
#endif
    return sqlite_schema_version;
  }

 private:
  test::backend_kind kind_;
  test_support::temp_dir dir_;
  std::string db_;
  std::string where_;
};

class prepaid_store_contract : public ::testing::TestWithParam<test::backend_kind> {
 protected:
  ledger_place place_{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(backends, prepaid_store_contract,
                         ::testing::ValuesIn(test::all_backends()), test::backend_name());

std::vector<std::string> statuses(const std::vector<prepaid_item>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.status);
  return out;
}

TEST_P(prepaid_store_contract, deducts_each_reading_with_its_outbox_rows_in_time_order) {
  prepaid_store s(place_.where());
  const auto o = opening();
  EXPECT_EQ(s.open_accounts(o), 1u);
  EXPECT_EQ(s.open_accounts(o), 0u);
  const auto items = s.run(o, month(), 3);
  EXPECT_EQ(statuses(items), (std::vector<std::string>{"opened", "deducted", "not_prepaid",
                                                       "unknown_meter", "deducted", "deducted",
                                                       "recharged", "backwards", "deducted"}));
  EXPECT_EQ(*items[1].amount, yuan("35"));
  EXPECT_EQ(items[1].after->balance, yuan("65"));
  EXPECT_EQ(items[4].after->balance, yuan("30"));
  EXPECT_EQ(items[4].after->current, ledger::level::alarm1);
  EXPECT_EQ(*items[5].amount, yuan("14"));
  EXPECT_EQ(items[5].after->balance, yuan("16"));
  EXPECT_EQ(items[6].after->balance, yuan("216"));
  EXPECT_EQ(items[7].rows.at(0).about, ledger::notice::reading_backwards);
  // 1130 after 1120 (the backwards 1090 is not a cursor): 10 kWh.
  EXPECT_EQ(*items[8].amount, yuan("7"));
  EXPECT_EQ(items[8].after->balance, yuan("209"));
  EXPECT_EQ(s.ledger().state("T-1").balance, yuan("209"));
  // Every row of every item is in the outbox, in the order written.
  std::vector<std::string> written;
  for (const auto& i : items) {
    for (const auto& r : i.rows) written.push_back(r.id);
  }
  std::vector<std::string> stored;
  for (const auto& r : s.outbox()) stored.push_back(r.row.id);
  EXPECT_EQ(stored, written);
  EXPECT_FALSE(written.empty());
  const auto cursors = s.cursors();
  ASSERT_EQ(cursors.size(), 1u);
  EXPECT_EQ(cursors[0].cursor.last.time, at("2026-07-08T00:00"));
  EXPECT_EQ(cursors[0].cursor.deducted_in("2026-07"), yuan("91"));
  EXPECT_EQ(place_.rows("live_readings"), 8);
  EXPECT_EQ(place_.rows("entries"), static_cast<std::int64_t>(s.ledger().entries("T-1").size()));
}

TEST_P(prepaid_store_contract, re_running_posts_nothing_and_writes_no_row_twice) {
  const auto& file = place_.where();
  const auto o = opening();
  {
    prepaid_store s(file);
    (void)s.open_accounts(o);
    (void)s.run(o, month());
  }
  const auto entries = place_.rows("entries");
  const auto rows = place_.rows("outbox");
  prepaid_store s(file);
  auto again = month();
  again.push_back(live_reading("M-1", "2026-07-02T12:00", "1060"));  // older than the cursor
  again.push_back(live_reading("M-1", "2026-07-03T00:00", "1101"));  // seen, other values
  const auto items = s.run(o, again);
  for (const auto& i : items) {
    if (i.meter == "M-1" && i.time == at("2026-07-02T12:00")) {
      EXPECT_EQ(i.status, "late");
    } else if (i.meter == "M-1" && i.time == at("2026-07-03T00:00") && i.status != "duplicate") {
      EXPECT_EQ(i.status, "inconsistent");
    } else {
      EXPECT_EQ(i.status, "duplicate") << i.meter << " " << local_interval::format(i.time);
    }
    EXPECT_TRUE(i.rows.empty());
  }
  EXPECT_EQ(place_.rows("entries"), entries);
  EXPECT_EQ(place_.rows("outbox"), rows);
  EXPECT_EQ(s.ledger().state("T-1").balance, yuan("209"));
}

TEST_P(prepaid_store_contract, a_reading_after_the_cursor_given_before_is_found_in_the_same_run) {
  // The store looks a reading up in live_readings only when it is not after the meter's latest
  // recorded one. A backwards reading is recorded after the cursor (which it does not move): given
  // again, in the same run (state kept across batches) or another, it is found; a reading between
  // the cursor and it was never given and is deducted.
  // The run also gives the site's recharge (a duplicate after the first run): readings only.
  const auto readings = [](const std::vector<prepaid_item>& all) {
    std::vector<prepaid_item> out;
    for (const auto& i : all) {
      if (!i.recharge) out.push_back(i);
    }
    return out;
  };
  prepaid_store s(place_.where());
  const auto o = opening();
  (void)s.open_accounts(o);
  auto stream = month();
  stream.push_back(live_reading("M-1", "2026-07-09T00:00", "1125"));  // backwards
  auto items = s.run(o, stream, 2);
  ASSERT_EQ(items.back().status, "backwards");
  const auto entries = place_.rows("entries");
  const auto rows = place_.rows("outbox");
  items = readings(s.run(o,
                         {live_reading("M-1", "2026-07-09T00:00", "1125"),
                          live_reading("M-1", "2026-07-09T00:00", "1126")},
                         2));
  EXPECT_EQ(statuses(items), (std::vector<std::string>{"duplicate", "inconsistent"}));
  EXPECT_EQ(place_.rows("entries"), entries);
  EXPECT_EQ(place_.rows("outbox"), rows);
  // 1140 at 08 July 12:00, after the cursor (08 July 00:00, 1130) and before the backwards
  // reading: never given, so deducted (10 kWh × 0.70).
  items = readings(s.run(o, {live_reading("M-1", "2026-07-08T12:00", "1140")}));
  ASSERT_EQ(statuses(items), (std::vector<std::string>{"deducted"}));
  EXPECT_EQ(*items[0].amount, yuan("7"));
  // And in another store on the same place, whose run reads what is recorded afresh.
  prepaid_store t(place_.where());
  items = readings(t.run(o, {live_reading("M-1", "2026-07-08T12:00", "1140"),
                             live_reading("M-1", "2026-07-09T00:00", "1125"),
                             live_reading("M-1", "2026-07-10T00:00", "1150")}));
  EXPECT_EQ(statuses(items), (std::vector<std::string>{"duplicate", "duplicate", "deducted"}));
  EXPECT_EQ(*items[2].amount, yuan("7"));
  EXPECT_EQ(place_.rows("live_readings"), 11);
}

/// opening() with T-1 on daily deduction (按日扣费) of a property fee of 100 m² × 3.10 and a
/// rent of 1,000.00 a month.
site::live_opening daily_opening() {
  auto p = live_parts();
  auto& a = p.tenants[0];
  a.account->daily_fixed_charges = true;
  a.floor_area = area::parse("100");
  a.recurring = {
      allocation::recurring_charge::make(bill::component::property_fee,
                                         allocation::fee_cycle::monthly, std::nullopt,
                                         area_price::parse("3.10")),
      allocation::recurring_charge::make(bill::component::rent, allocation::fee_cycle::monthly,
                                         yuan("1000"), std::nullopt)};
  return site::live_opening_of(site::site::make(std::move(p)));
}

TEST_P(prepaid_store_contract, deducts_daily_fixed_charges_once_in_the_readings_transactions) {
  const auto o = daily_opening();
  std::vector<std::string> days;
  money by_days;
  {
    prepaid_store s(place_.where());
    (void)s.open_accounts(o);
    // Batches of two: the days' postings and the readings' share their transactions.
    for (const auto& i : s.run(o, month(), 2)) {
      for (const auto& d : i.days) {
        EXPECT_EQ(d.status, "deducted") << d.day << " " << d.message;
        days.push_back(d.day + " " + d.amount.to_string(2));
        by_days += d.amount;
      }
    }
  }
  // The backwards reading of 07-07 deducts no day; 07-08's ends 07-04..07-07 from 07-04 12:00.
  EXPECT_EQ(days,
            (std::vector<std::string>{"2026-07-01 42.26", "2026-07-02 42.26", "2026-07-03 42.25",
                                      "2026-07-04 42.26", "2026-07-05 42.26", "2026-07-06 42.26",
                                      "2026-07-07 42.26"}));
  // 1,310 × 7/31 to the fen (rent 225.81, fee 70.00).
  EXPECT_EQ(by_days, yuan("295.81"));
  const auto entries = place_.rows("entries");
  const auto rows = place_.rows("outbox");
  prepaid_store s(place_.where());
  EXPECT_EQ(site::daily_deducted_in(s.ledger().entries("T-1"), "T-1", "2026-07"), by_days);
  // 100 + 200 − 91 (energy) − 295.81.
  EXPECT_EQ(s.ledger().state("T-1").balance, yuan("-86.81"));
  for (const auto& i : s.run(o, month(), 5)) EXPECT_TRUE(i.days.empty());
  EXPECT_EQ(place_.rows("entries"), entries);
  EXPECT_EQ(place_.rows("outbox"), rows);
  EXPECT_EQ(s.ledger().state("T-1").balance, yuan("-86.81"));
}

TEST_P(prepaid_store_contract, a_tick_of_the_clock_accrues_the_days_no_reading_ended) {
  // The readings stop at 07-04 12:00 (days 07-01..07-03 deducted with them); the clock ticks at
  // 07-09 00:00: days 07-04..07-08, each once, in the tick's transaction, an item per account
  // (T-1; T-2 is postpaid, not in the plan); the recharge of 07-06 09:00 comes before the tick.
  const auto o = daily_opening();
  auto readings = month();
  readings.erase(std::remove_if(readings.begin(), readings.end(),
                                [](const auto& r) { return at("2026-07-04T12:00") < r.time(); }),
                 readings.end());
  prepaid_store s(place_.where());
  (void)s.open_accounts(o);
  const auto items = s.run(o, readings, 3, {}, at("2026-07-09T00:00"));
  ASSERT_FALSE(items.empty());
  const auto& t = items.back();
  EXPECT_TRUE(t.tick);
  EXPECT_EQ(t.status, "tick");
  EXPECT_EQ(t.account, "T-1");
  EXPECT_TRUE(t.meter.empty());
  EXPECT_EQ(t.time, at("2026-07-09T00:00"));
  std::vector<std::string> days;
  for (const auto& d : t.days) days.push_back(d.day + " " + d.status);
  EXPECT_EQ(days, (std::vector<std::string>{"2026-07-04 deducted", "2026-07-05 deducted",
                                            "2026-07-06 deducted", "2026-07-07 deducted",
                                            "2026-07-08 deducted"}));
  EXPECT_TRUE(items[items.size() - 2].recharge);
  // 1,310 × 8/31 = 338.06 of fixed charges; 100 + 200 − 84 (energy) − 338.06.
  EXPECT_EQ(site::daily_deducted_in(s.ledger().entries("T-1"), "T-1", "2026-07"), yuan("338.06"));
  EXPECT_EQ(s.ledger().state("T-1").balance, yuan("-122.06"));
  EXPECT_EQ(t.after->balance, yuan("-122.06"));
  // The same tick again, and the readings of 07-07 and 07-08 after it: nothing new is deducted
  // for those days.
  const auto entries = place_.rows("entries");
  const auto again = s.run(o, {}, 3, {}, at("2026-07-09T00:00"));
  ASSERT_EQ(again.size(), 2U);  // the recharge due by then (a duplicate), and the tick
  EXPECT_TRUE(again[0].recharge);
  EXPECT_EQ(again[0].status, "duplicate");
  EXPECT_TRUE(again[1].tick);
  EXPECT_TRUE(again[1].days.empty());
  EXPECT_TRUE(again[1].rows.empty());
  EXPECT_EQ(place_.rows("entries"), entries);
  for (const auto& i : s.run(o, month(), 3)) EXPECT_TRUE(i.days.empty());
}

TEST_P(prepaid_store_contract, an_entry_under_a_new_readings_key_written_elsewhere_stops_the_run) {
  // A reading later than its meter's latest recorded one is posted without looking its key up:
  // only the live step writes "reading/<meter>/<time>" entries, with the reading's row. Should
  // another program have posted under such a key, the entries' UNIQUE (account, key) refuses the
  // deduction: the run stops and its transaction writes nothing (never a second deduction).
  const auto o = opening();
  prepaid_store s(place_.where());
  (void)s.open_accounts(o);
  {
    auto l = open_ledger_store(place_.where());
    (void)l->post({{"T-1", ledger::fee(at("2026-07-01T12:00"),
                                       ledger::reading_key("M-1", at("2026-07-02T00:00")),
                                       yuan("5"), "a fee under a reading's key")}});
  }
  const auto entries = place_.rows("entries");
  const auto outbox = place_.rows("outbox");
  EXPECT_ANY_THROW((void)s.run(o, month(), 100));
  EXPECT_EQ(place_.rows("entries"), entries);
  EXPECT_EQ(place_.rows("live_readings"), 0);
  EXPECT_EQ(place_.rows("outbox"), outbox);
  // Without that entry (another store, the same readings), the reading is deducted.
  ledger_place other(GetParam());
  prepaid_store t(other.where());
  (void)t.open_accounts(o);
  const auto items = t.run(o, month(), 100);
  const auto it = std::find_if(items.begin(), items.end(), [](const prepaid_item& i) {
    return i.meter == "M-1" && i.time == at("2026-07-02T00:00") && !i.recharge;
  });
  ASSERT_NE(it, items.end());
  EXPECT_EQ(it->status, "deducted");
}

TEST_P(prepaid_store_contract, a_write_by_another_connection_between_batches_is_seen) {
  // The run keeps each batch's accounts and cursors for the next batch only while nothing else
  // commits to the store: a fee posted by another connection after a batch (from the sink,
  // which runs after each commit) is in the balance the next batch deducts from, exactly as when
  // the run is stopped there and started again.
  const auto o = opening();
  const auto external = [](const std::string& where) {
    auto l = open_ledger_store(where);
    (void)l->post({{"T-1", ledger::fee(at("2026-07-02T12:00"), "fee/EXT-1", yuan("5"),
                                       "a fee posted by another program")}});
  };
  std::vector<prepaid_item> live;
  {
    prepaid_store s(place_.where());
    (void)s.open_accounts(o);
    s.run(o, month(), 1, [&](prepaid_item&& i) {
      const bool last_of_the_2nd = i.meter == "M-9";
      live.push_back(std::move(i));
      if (last_of_the_2nd) external(place_.where());
    });
  }
  ledger_place other(GetParam());
  std::vector<prepaid_item> stopped;
  {
    prepaid_store s(other.where());
    (void)s.open_accounts(o);
    auto first = month();
    first.erase(std::remove_if(first.begin(), first.end(),
                               [](const auto& r) { return at("2026-07-02T00:00") < r.time(); }),
                first.end());
    stopped = s.run(o, first, 1);
    external(other.where());
    for (auto& i : s.run(o, month(), 1)) {
      if (i.status != "duplicate") stopped.push_back(std::move(i));
    }
  }
  ASSERT_EQ(live.size(), stopped.size());
  for (std::size_t i = 0; i < live.size(); ++i) {
    EXPECT_EQ(live[i].status, stopped[i].status) << i;
    EXPECT_EQ(live[i].amount, stopped[i].amount) << i;
    ASSERT_EQ(live[i].after.has_value(), stopped[i].after.has_value()) << i;
    if (live[i].after) {
      EXPECT_EQ(live[i].after->balance, stopped[i].after->balance) << i;
    }
  }
  prepaid_store a(place_.where());
  prepaid_store b(other.where());
  EXPECT_EQ(a.ledger().state("T-1").balance, b.ledger().state("T-1").balance);
  EXPECT_EQ(a.ledger().entries("T-1").size(), b.ledger().entries("T-1").size());
  // The fee is in: 5.00 less than the same month without it.
  ledger_place plain(GetParam());
  prepaid_store c(plain.where());
  (void)c.open_accounts(o);
  (void)c.run(o, month(), 1);
  EXPECT_EQ(a.ledger().state("T-1").balance, c.ledger().state("T-1").balance - yuan("5"));
}

TEST_P(prepaid_store_contract, terms_changed_in_site_json_reach_an_opened_account) {
  prepaid_store s(place_.where());
  const auto before = opening();
  EXPECT_EQ(s.open_accounts(before), 1u);
  EXPECT_TRUE(s.update_terms(before).empty());
  auto items = s.run(before,
                     {live_reading("M-1", "2026-07-01T00:00", "1000"),
                      live_reading("M-1", "2026-07-02T00:00", "1050")},
                     10);
  EXPECT_EQ(items.back().after->balance, yuan("65"));
  EXPECT_EQ(items.back().after->current, ledger::level::normal);  // alarm1 at 50
  // site.json now says alarm1 80: open_accounts leaves the account, update_terms brings it.
  const auto after = opening(yuan("80"));
  EXPECT_EQ(s.open_accounts(after), 0u);
  EXPECT_EQ(s.update_terms(after), std::vector<std::string>{"T-1"});
  EXPECT_TRUE(s.update_terms(after).empty());
  EXPECT_EQ(s.ledger().params("T-1").levels.alarm1, yuan("80"));
  EXPECT_EQ(s.ledger().state("T-1").balance, yuan("65"));  // nothing posted
  EXPECT_EQ(s.ledger().entries("T-1").size(), 1u);
  // The next deduction (10 kWh, 7.00: 58.00) is judged by the new terms: alarm1, with its row.
  items = s.run(after, {live_reading("M-1", "2026-07-03T00:00", "1060")}, 10);
  ASSERT_EQ(items.back().status, "deducted");
  EXPECT_EQ(items.back().after->balance, yuan("58"));
  EXPECT_EQ(items.back().after->current, ledger::level::alarm1);
  ASSERT_FALSE(items.back().rows.empty());
  EXPECT_EQ(items.back().rows.front().about, ledger::notice::alarm1);
}

TEST_P(prepaid_store_contract, terms_updated_by_another_process_reach_an_open_store) {
  // Store `a` stays open (its run read and parsed T-1's terms); `b`, another connection as
  // another process would have, stores alarm1 80. a's next deduction is judged by 80, and so
  // are a's ledger reads and postings, with no reopening.
  prepaid_store a(place_.where());
  const auto before = opening();
  EXPECT_EQ(a.open_accounts(before), 1u);
  auto items = a.run(before,
                     {live_reading("M-1", "2026-07-01T00:00", "1000"),
                      live_reading("M-1", "2026-07-02T00:00", "1050")},
                     10);
  EXPECT_EQ(items.back().after->current, ledger::level::normal);  // 65.00, alarm1 at 50
  EXPECT_EQ(a.ledger().params("T-1").levels.alarm1, yuan("50"));
  {
    prepaid_store b(place_.where());
    EXPECT_EQ(b.update_terms(opening(yuan("80"))), std::vector<std::string>{"T-1"});
  }
  EXPECT_EQ(a.ledger().params("T-1").levels.alarm1, yuan("80"));
  items = a.run(before, {live_reading("M-1", "2026-07-03T00:00", "1060")}, 10);
  ASSERT_EQ(items.back().status, "deducted");
  EXPECT_EQ(items.back().after->balance, yuan("58"));
  EXPECT_EQ(items.back().after->current, ledger::level::alarm1);
  ASSERT_FALSE(items.back().rows.empty());
  EXPECT_EQ(items.back().rows.front().about, ledger::notice::alarm1);
  // A posting through a's ledger API is judged by the stored terms as well: alarm1 back to 50
  // by b, a fee of 5.00 leaves 53.00, level normal (under a stale 80 it would stay alarm1).
  {
    prepaid_store b(place_.where());
    EXPECT_EQ(b.update_terms(before), std::vector<std::string>{"T-1"});
  }
  const auto r = a.ledger().post(
      {{"T-1", ledger::fee(at("2026-07-03T12:00"), "fee/T-1", yuan("5"), "a fee")}});
  EXPECT_EQ(r.applied, 1u);
  EXPECT_EQ(a.ledger().params("T-1").levels.alarm1, yuan("50"));
  EXPECT_EQ(a.ledger().state("T-1").balance, yuan("53"));
  EXPECT_EQ(a.ledger().state("T-1").current, ledger::level::normal);
}

TEST_P(prepaid_store_contract, acknowledges_rows_by_id_or_number) {
  prepaid_store s(place_.where());
  const auto o = opening();
  (void)s.open_accounts(o);
  (void)s.run(o, month());
  const auto pending = s.outbox();
  ASSERT_GE(pending.size(), 2u);
  EXPECT_EQ(s.ack(pending[0].row.id, "2026-07-09T00:00:00Z").acked, "2026-07-09T00:00:00Z");
  EXPECT_EQ(s.ack(std::to_string(pending[1].number), "2026-07-09T00:00:01Z").row.id,
            pending[1].row.id);
  EXPECT_EQ(s.ack(pending[0].row.id, "later").acked, "2026-07-09T00:00:00Z");
  EXPECT_EQ(s.outbox().size(), pending.size() - 2);
  EXPECT_EQ(s.outbox(true).size(), pending.size());
  EXPECT_EQ(error_of([&] { (void)s.ack("T-1/999/0", "x"); }).code(), errc::not_found);
  EXPECT_EQ(error_of([&] { (void)s.ack("999999", "x"); }).code(), errc::not_found);
  // The outbox's rows, read back, are the rows written.
  EXPECT_EQ(s.outbox(true)[0].row.time, pending[0].row.time);
  EXPECT_EQ(s.outbox(true)[0].row.about, pending[0].row.about);
  EXPECT_EQ(s.outbox(true)[0].row.command, pending[0].row.command);
}

/// A frame for each command row that names its row: the store keeps what the run's framer
/// gives it (io::command_frame in the CLI; its own tests check the frames' bytes).
std::string test_frame(const ledger::outbox_row& r) { return "FE FE FE FE 68 " + r.id; }

/// test_frame for a cut, none ("") for a restore.
std::string cut_frame_only(const ledger::outbox_row& r) {
  return *r.command == ledger::supply_command::cut ? test_frame(r) : std::string();
}

TEST_P(prepaid_store_contract, stores_each_command_rows_frame_with_the_row) {
  prepaid_store s(place_.where());
  const auto o = opening();
  (void)s.open_accounts(o);
  const auto items = s.run(o, month(), 3, cut_frame_only);
  // The run's rows carry their frames; a notification never has one.
  std::map<std::string, std::string> given;
  std::int64_t cuts = 0;
  std::int64_t restores = 0;
  for (const auto& i : items) {
    for (const auto& r : i.rows) {
      if (r.command) {
        EXPECT_EQ(r.frame, cut_frame_only(r)) << r.id;
        (*r.command == ledger::supply_command::cut ? cuts : restores) += 1;
      } else {
        EXPECT_EQ(r.frame, "") << r.id;
      }
      given[r.id] = r.frame;
    }
  }
  // T-1 is cut on the 4th (alarm2) and restored by the recharge on the 6th.
  EXPECT_EQ(cuts, 1);
  EXPECT_EQ(restores, 1);
  // Stored with the row, read back by id; "" is stored as no frame (NULL).
  std::map<std::string, std::string> stored;
  for (const auto& r : s.outbox(true)) stored[r.row.id] = r.row.frame;
  EXPECT_EQ(stored, given);
  EXPECT_EQ(place_.rows("outbox", "frame IS NOT NULL"), cuts);
  EXPECT_EQ(place_.rows("outbox", "command IS NULL AND frame IS NOT NULL"), 0);
  // The acknowledged row comes back with its frame.
  for (const auto& r : s.outbox()) {
    if (r.row.command == ledger::supply_command::cut) {
      EXPECT_EQ(s.ack(r.row.id, "2026-07-09T00:00:00Z").row.frame, test_frame(r.row));
    }
  }
}

TEST_P(prepaid_store_contract, a_ledger_from_before_frames_keeps_its_outbox_and_new_rows_get_them) {
  // The month up to T-1's cut on the 4th written by the build before the outbox kept frames
  // (SQLite schema 4, PostgreSQL 3), one row acknowledged; then opened by this build (migrated:
  // SQLite 5, PostgreSQL 4) and run to the end of the month with frames.
  const auto o = opening();
  auto all = month();
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.time() < b.time(); });
  const std::vector<metering::reading> first(all.begin(), all.begin() + 6);
  std::vector<stored_outbox_row> before;
  {
    prepaid_store s(place_.where());
    (void)s.open_accounts(o);
    (void)s.run(o, first);
    const auto pending = s.outbox();
    ASSERT_GE(pending.size(), 2u);
    (void)s.ack(pending[0].row.id, "2026-07-05T00:00:00Z");
    before = s.outbox(true);
  }
  ASSERT_TRUE(std::any_of(before.begin(), before.end(),
                          [](const auto& r) { return r.row.command && !r.acked; }));
  place_.before_frames();
  ASSERT_EQ(place_.schema_version(), place_.current_version() - 1);

  prepaid_store s(place_.where());  // migrates
  EXPECT_EQ(place_.schema_version(), place_.current_version());
  // Every row kept: number, id, time, content and acknowledgement; none has a frame.
  const auto kept = s.outbox(true);
  ASSERT_EQ(kept.size(), before.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i].number, before[i].number) << i;
    EXPECT_EQ(kept[i].row.id, before[i].row.id) << i;
    EXPECT_EQ(kept[i].row.time, before[i].row.time) << i;
    EXPECT_EQ(kept[i].row.command, before[i].row.command) << i;
    EXPECT_EQ(kept[i].row.meter, before[i].row.meter) << i;
    EXPECT_EQ(kept[i].row.about, before[i].row.about) << i;
    EXPECT_EQ(kept[i].row.detail, before[i].row.detail) << i;
    EXPECT_EQ(kept[i].acked, before[i].acked) << i;
    EXPECT_EQ(kept[i].row.frame, "") << i;
  }
  EXPECT_EQ(place_.rows("outbox", "frame IS NULL"), static_cast<std::int64_t>(before.size()));

  // The rest of the month (the first six again are duplicates): the new command row (the
  // restore with the recharge) is stored with its frame; the old rows stay as they were.
  const auto items = s.run(o, all, 1000, test_frame);
  std::vector<std::string> framed;
  for (const auto& i : items) {
    for (const auto& r : i.rows) {
      if (r.command) framed.push_back(r.id);
    }
  }
  ASSERT_EQ(framed.size(), 1u);
  const auto after = s.outbox(true);
  ASSERT_GT(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    const auto& r = after[i];
    if (i < before.size()) {
      EXPECT_EQ(r.row.id, before[i].row.id);
      EXPECT_EQ(r.acked, before[i].acked);
      EXPECT_EQ(r.row.frame, "");
    } else {
      EXPECT_GT(r.number, before.back().number);
      EXPECT_EQ(r.row.frame, r.row.command ? test_frame(r.row) : "") << r.row.id;
    }
  }
  EXPECT_EQ(place_.rows("outbox", "frame IS NOT NULL"), 1);
  // A pending row from before the migration is still acknowledged by id.
  const auto old_pending = std::find_if(before.begin(), before.end(),
                                        [](const auto& r) { return !r.acked.has_value(); });
  ASSERT_NE(old_pending, before.end());
  EXPECT_EQ(s.ack(old_pending->row.id, "2026-07-09T00:00:00Z").row.id, old_pending->row.id);
}

TEST(prepaid_store, migrates_a_version_2_ledger_file) {
  test_support::temp_dir dir;
  const auto file = dir.file("v2.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    // A version-2 file as the build before issue 17 wrote it, with an account.
    const char* v2 =
        "CREATE TABLE accounts (id TEXT PRIMARY KEY, params TEXT NOT NULL, opening TEXT NOT NULL,"
        " state TEXT NOT NULL, last_seq INTEGER NOT NULL);"
        "CREATE TABLE entries (account TEXT NOT NULL REFERENCES accounts(id), seq INTEGER NOT NULL,"
        " kind TEXT NOT NULL, key TEXT, time TEXT NOT NULL, reverses INTEGER,"
        " balance_after TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (account, seq),"
        " UNIQUE (account, key), UNIQUE (account, reverses));"
        "CREATE INDEX entries_by_time ON entries(account, time);"
        "PRAGMA user_version = 2;";
    ASSERT_EQ(sqlite3_exec(db, v2, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  {
    auto l = open_sqlite_store(file);
    EXPECT_EQ(count(file, "PRAGMA user_version"), sqlite_schema_version);
  }
  EXPECT_EQ(count(file,
                  "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('outbox', "
                  "'live_cursors', 'live_readings')"),
            3);
  prepaid_store s(file);
  const auto o = opening();
  EXPECT_EQ(s.open_accounts(o), 1u);
  EXPECT_EQ(s.run(o, month()).size(), 9u);
}

#ifdef SUBMETER_HAVE_POSTGRES
TEST(prepaid_store, migrates_a_version_2_postgres_ledger) {
  auto& server = test_support::shared_pg_server();
  const auto db = server.create_database();
  // A version-2 database as the build before the live tables wrote it.
  (void)server.exec(
      db,
      "CREATE TABLE submeter_schema (version INTEGER NOT NULL);"
      "INSERT INTO submeter_schema VALUES (2);"
      "CREATE TABLE submeter_accounts (id TEXT PRIMARY KEY, params TEXT NOT NULL,"
      " opening TEXT NOT NULL, state TEXT NOT NULL, balance BIGINT NOT NULL,"
      " last_seq BIGINT NOT NULL);"
      "CREATE TABLE submeter_entries (account TEXT NOT NULL REFERENCES submeter_accounts(id),"
      " seq BIGINT NOT NULL, kind TEXT NOT NULL, key TEXT, time TIMESTAMP NOT NULL,"
      " reverses BIGINT, balance_delta BIGINT NOT NULL, balance_after BIGINT NOT NULL,"
      " body TEXT NOT NULL, PRIMARY KEY (account, seq), UNIQUE (account, key),"
      " UNIQUE (account, reverses));"
      "CREATE INDEX submeter_entries_by_time ON submeter_entries(account, time);");
  prepaid_store s(server.uri(db));
  EXPECT_EQ(server.exec(db, "SELECT version FROM submeter_schema"),
            std::to_string(postgres_schema_version));
  EXPECT_EQ(server.exec(db,
                        "SELECT COUNT(*) FROM pg_tables WHERE tablename IN ('submeter_outbox', "
                        "'submeter_live_cursors', 'submeter_live_readings')"),
            "3");
  const auto o = opening();
  EXPECT_EQ(s.open_accounts(o), 1u);
  EXPECT_EQ(s.run(o, month()).size(), 9u);
  // The ledger's own columns: the balance a BIGINT mantissa, as the ledger store writes it.
  EXPECT_EQ(server.exec(db, "SELECT balance FROM submeter_accounts WHERE id = 'T-1'"), "2090000");
  EXPECT_EQ(server.exec(db, "SELECT SUM(balance_delta) FROM submeter_entries"), "1090000");
  // A newer schema is refused, naming it.
  (void)server.exec(db, "UPDATE submeter_schema SET version = 9");
  const auto e = error_of([&] { prepaid_store again(server.uri(db)); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("schema_version"), "9");
}

TEST(prepaid_store, two_processes_running_the_same_readings_on_postgres_post_each_once) {
  auto& server = test_support::shared_pg_server();
  const auto db = server.create_database();
  const auto uri = server.uri(db);
  const auto o = opening();
  std::size_t rows_of_one_run = 0;
  {
    // What one run writes, on a database of its own.
    const auto alone = server.create_database();
    prepaid_store s(server.uri(alone));
    (void)s.open_accounts(o);
    (void)s.run(o, month());
    rows_of_one_run = s.outbox(true).size();
  }
  std::vector<pid_t> pids;
  for (int p = 0; p < 3; ++p) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        prepaid_store s(uri);
        (void)s.open_accounts(o);
        // Batches of one reading: the writers interleave as much as they can.
        (void)s.run(o, month(), 1);
      } catch (...) {
        status = 1;
      }
      _exit(status);
    }
    pids.push_back(pid);
  }
  for (const pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  prepaid_store s(uri);
  EXPECT_EQ(s.ledger().state("T-1").balance, yuan("209"));
  EXPECT_EQ(s.outbox(true).size(), rows_of_one_run);
  EXPECT_EQ(server.exec(db, "SELECT COUNT(*) FROM submeter_live_readings"), "8");
  EXPECT_EQ(server.exec(db, "SELECT COUNT(*) - COUNT(DISTINCT id) FROM submeter_outbox"), "0");
  // Σ entries = balance − opening, each key once.
  EXPECT_EQ(server.exec(db, "SELECT 1000000 + SUM(balance_delta) FROM submeter_entries"),
            "2090000");
}
#endif

TEST(prepaid_store, a_cursor_round_trips_through_json) {
  site::live_cursor c = site::open_cursor(
      test_support::reading("2026-07-01T00:00", "12.5", {"1", "2.25", "3", "6.25"}));
  c.last = test_support::reading("2026-07-09T00:00", "20", {"2", "4", "5", "9"});
  c.at_changes.push_back(c.last);
  c.counter_at_anchor.pooled = energy::parse("31.5");
  c.counter_at_anchor.per_register[2] = energy::parse("7");
  c.deducted["2026-07"] = money::parse("12.3456");
  const auto back = cursor_from_json(cursor_to_json(c));
  EXPECT_EQ(back.period, c.period);
  EXPECT_EQ(back.anchor.total, c.anchor.total);
  EXPECT_EQ(back.anchor.rates, c.anchor.rates);
  EXPECT_EQ(back.last.rates, c.last.rates);
  EXPECT_EQ(back.at_changes.size(), 1u);
  EXPECT_EQ(back.counter_at_anchor, c.counter_at_anchor);
  EXPECT_EQ(back.deducted, c.deducted);
  EXPECT_EQ(error_of([] { (void)cursor_from_json("{\"period\": 1}"); }).code(), errc::parse);
}

TEST(prepaid_store, a_cursor_round_trips_through_its_compact_text) {
  site::live_cursor c = site::open_cursor(
      test_support::reading("2026-07-01T00:00", "12.5", {"1", "2.25", "3", "6.25"}));
  c.last = test_support::reading("2026-07-09T00:00", "20", {"2", "4", "5", "9"});
  c.last.rates[1].reset();  // a register not read
  c.at_changes.push_back(c.last);
  c.counter_at_anchor.pooled = energy::parse("31.5");
  c.counter_at_anchor.per_register[2] = energy::parse("-7.0001");
  c.deducted["2026-06"] = money::parse("-0.0001");
  c.deducted["2026-07"] = money::parse("12.3456");
  const auto text = cursor_to_text(c);
  EXPECT_EQ(text.rfind("c1 2026-06 1782864000 125000 15 10000 22500 30000 62500 ", 0), 0u) << text;
  for (const auto& back : {cursor_from_text(text), cursor_from_text(cursor_to_json(c))}) {
    EXPECT_EQ(back.period, c.period);
    EXPECT_EQ(back.anchor.time, c.anchor.time);
    EXPECT_EQ(back.anchor.total, c.anchor.total);
    EXPECT_EQ(back.anchor.rates, c.anchor.rates);
    EXPECT_EQ(back.last.time, c.last.time);
    EXPECT_EQ(back.last.rates, c.last.rates);
    ASSERT_EQ(back.at_changes.size(), 1u);
    EXPECT_EQ(back.at_changes[0].rates, c.last.rates);
    EXPECT_EQ(back.counter_at_anchor, c.counter_at_anchor);
    EXPECT_EQ(back.deducted, c.deducted);
  }
  EXPECT_EQ(cursor_to_text(cursor_from_text(text)), text);
  // Malformed: refused, never half read.
  for (const auto& bad : std::vector<std::string>{
           "", "c2 2026-07", "c1", "c1 2026-07 1 2", text + " 5",
           text.substr(0, text.size() - 1) + "x", "c1 2026-07 1 2 512",
           "c1 2026-07 99999999999999999999 1 0", "c1 2026-07 1 1 0 1 1 0 -1"}) {
    EXPECT_EQ(error_of([&] { (void)cursor_from_text(bad); }).code(), errc::parse) << bad;
  }
}

/// The rows a live run left in a ledger file, as text (for comparing two files).
std::vector<std::string> rows_of(const std::string& file, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const auto* t = sqlite3_column_text(st, i);
      row += (t ? reinterpret_cast<const char*>(t) : "NULL") + std::string("|");
    }
    out.push_back(row);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

void exec_sql(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
      << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

TEST(prepaid_store, migrates_a_version_3_ledger_file_mid_month) {
  // Half the month run by a version-3 build (its tables and JSON cursors: the file is written
  // by this build, then put back into the version-3 shape), the rest after the migration to 4:
  // the same rows as one run on a version-4 file.
  test_support::temp_dir dir;
  const auto o = opening();
  auto all = month();
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.time() < b.time(); });
  const std::vector<metering::reading> first(all.begin(), all.begin() + 5);
  const auto whole = dir.file("whole.db");
  {
    prepaid_store s(whole);
    (void)s.open_accounts(o);
    (void)s.run(o, all);
  }
  const auto file = dir.file("v3.db");
  std::vector<stored_cursor> cursors;
  {
    prepaid_store s(file);
    (void)s.open_accounts(o);
    (void)s.run(o, first);
    cursors = s.cursors();
  }
  ASSERT_EQ(cursors.size(), 1u);
  std::string v3 =
      "BEGIN;"
      "CREATE TABLE entries3 (account TEXT NOT NULL REFERENCES accounts(id), seq INTEGER NOT NULL,"
      " kind TEXT NOT NULL, key TEXT, time TEXT NOT NULL, reverses INTEGER,"
      " balance_after TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (account, seq),"
      " UNIQUE (account, key), UNIQUE (account, reverses));"
      "INSERT INTO entries3 SELECT * FROM entries; DROP TABLE entries;"
      "ALTER TABLE entries3 RENAME TO entries;"
      "CREATE INDEX entries_by_time ON entries(account, time);"
      "CREATE TABLE readings3 (meter TEXT NOT NULL, time TEXT NOT NULL, registers TEXT NOT NULL,"
      " status TEXT NOT NULL, account TEXT, message TEXT, PRIMARY KEY (meter, time));"
      "INSERT INTO readings3 SELECT * FROM live_readings; DROP TABLE live_readings;"
      "ALTER TABLE readings3 RENAME TO live_readings;";
  for (const auto& c : cursors) {
    v3 += "UPDATE live_cursors SET body = '" + cursor_to_json(c.cursor) + "' WHERE meter = '" +
          c.meter + "';";
  }
  v3 += "ALTER TABLE outbox DROP COLUMN frame; PRAGMA user_version = 3; COMMIT;";
  exec_sql(file, v3);
  ASSERT_EQ(count(file, "SELECT COUNT(*) FROM live_cursors WHERE body LIKE '{%'"), 1);
  {
    prepaid_store s(file);  // migrates
    EXPECT_EQ(count(file, "PRAGMA user_version"), sqlite_schema_version);
    EXPECT_EQ(count(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries_by_time'"), 0);
    const auto items = s.run(o, all);  // the first five again (duplicates), then the rest
    std::size_t deducted = 0;
    for (const auto& i : items) deducted += i.status == "deducted" ? 1u : 0u;
    EXPECT_GE(deducted, 1u);
  }
  EXPECT_EQ(count(file, "SELECT COUNT(*) FROM live_cursors WHERE body LIKE '{%'"), 0);
  for (const char* sql :
       {"SELECT id, state, last_seq FROM accounts ORDER BY id",
        "SELECT account, seq, kind, key, time, reverses, balance_after, body FROM entries "
        "ORDER BY account, seq",
        "SELECT * FROM outbox ORDER BY number", "SELECT * FROM live_cursors ORDER BY meter",
        "SELECT * FROM live_readings ORDER BY meter, time"}) {
    EXPECT_EQ(rows_of(file, sql), rows_of(whole, sql)) << sql;
  }
  // The reversal index still holds one reversal per entry.
  EXPECT_EQ(count(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries_reversal'"), 1);
}

}  // namespace
}  // namespace submeter::store
