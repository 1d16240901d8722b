// The ledger-store contract (store/ledger_store.hpp), one suite run against every back end
// (issue 20): SQLite and PostgreSQL. Durable postings, replays across reopenings, all-or-nothing
// batches, bad input that writes nothing, schema migrations. Also ledger_json.hpp.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "backends.hpp"
#include "ops.hpp"
#include "store/ledger_json.hpp"
#include "store/open_store.hpp"
#include "submeter/ledger/statement.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::store {
namespace {

using ledger::test::at;
using ledger::test::yuan;
using test::backend_kind;
using test_support::error_of;

class ledger_store_contract : public ::testing::TestWithParam<backend_kind> {
 protected:
  void SetUp() override { b_ = test::make_backend(GetParam()); }
  /// A store on a ledger holding account A-1 (simple_params).
  std::unique_ptr<ledger_store> fresh() {
    auto s = b_->open();
    const auto p = ledger::test::simple_params();
    s->create_account(p, ledger::opening_state(p));
    return s;
  }
  std::unique_ptr<test::backend> b_;
};

TEST_P(ledger_store_contract, posts_survive_reopening_and_replays_return_the_original) {
  {
    auto s = fresh();
    const auto r =
        s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"),
                                          ledger::channel::wechat_pay, "wx-1")},
                 {"A-1", ledger::fee(at("2025-01-02T00:00"), "fee/1", yuan("30"), "fee")}});
    EXPECT_EQ(r.applied, 2u);
    EXPECT_EQ(s->state("A-1").balance, yuan("70"));
  }
  auto s = b_->open();
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

TEST_P(ledger_store_contract, the_stored_fold_equals_the_memory_fold) {
  auto s = fresh();
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

TEST_P(ledger_store_contract, bad_input_is_a_clear_error_and_writes_nothing) {
  auto s = fresh();
  (void)s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"),
                                          ledger::channel::cash, "c1")}});
  const auto before = b_->entry_rows();
  const auto good = ledger::fee(at("2025-01-02T00:00"), "fee/ok", yuan("1"), "fee");
  auto negative =
      ledger::recharge(at("2025-01-02T00:00"), "M-1", 2, yuan("5"), ledger::channel::cash, "c2");
  negative.amount = yuan("-5");
  const auto cases = std::vector<std::pair<ledger::event, errc>>{
      {negative, errc::invalid_argument},
      {ledger::reversal(at("2025-01-02T00:00"), "rev/9", 9), errc::not_found},
      {ledger::refund(at("2025-01-02T00:00"), "big", yuan("100.01")), errc::invalid_argument},
  };
  for (const auto& [bad_event, code] : cases) {
    const auto& bad = bad_event;  // a lambda may not capture a structured binding before C++20
    const auto e = error_of([&] { (void)s->post({{"A-1", good}, {"A-1", bad}}); });
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_EQ(e.context_value("account"), "A-1");
    EXPECT_EQ(e.context_value("index"), "1");
    EXPECT_EQ(b_->entry_rows(), before);
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

TEST_P(ledger_store_contract, migrates_a_version_1_ledger_and_refuses_a_newer_one) {
  b_->write_version_1();
  EXPECT_FALSE(b_->migrated());
  {
    auto s = b_->open();
    const auto p = ledger::test::simple_params();
    s->create_account(p, ledger::opening_state(p));
  }
  EXPECT_TRUE(b_->migrated());
  // Opening again at the current version changes nothing.
  EXPECT_EQ(b_->open()->accounts(), std::vector<std::string>{"A-1"});
  b_->set_schema_version(99);
  const auto e = error_of([&] { (void)b_->open(); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("schema_version"), "99");
}

TEST_P(ledger_store_contract, two_stores_on_one_ledger_see_each_others_postings) {
  auto a = fresh();
  auto b = b_->open();
  const auto fee = ledger::fee(at("2025-01-02T00:00"), "fee/1", yuan("30"), "fee");
  EXPECT_EQ(a->post({{"A-1", fee}}).applied, 1u);
  // The other store's cached state is stale: it must read the row again.
  const auto again = b->post(
      {{"A-1", fee}, {"A-1", ledger::fee(at("2025-01-02T00:01"), "fee/2", yuan("5"), "fee")}});
  EXPECT_EQ(again.duplicates, 1u);
  EXPECT_EQ(again.applied, 1u);
  EXPECT_EQ(a->post({{"A-1", ledger::fee(at("2025-01-02T00:02"), "fee/3", yuan("1"), "fee")}})
                .postings[0]
                .committed->seq,
            3u);
  EXPECT_EQ(b->state("A-1").balance, yuan("-36"));
  EXPECT_EQ(b->entries("A-1").size(), 3u);
  EXPECT_EQ(b->opening("A-1").balance, money{});
}

TEST_P(ledger_store_contract, a_key_twice_in_one_batch_is_applied_once) {
  auto s = fresh();
  const auto fee = ledger::fee(at("2025-01-02T00:00"), "fee/1", yuan("30"), "fee");
  const auto r = s->post({{"A-1", fee}, {"A-1", fee}});
  EXPECT_EQ(r.applied, 1u);
  EXPECT_EQ(r.duplicates, 1u);
  EXPECT_EQ(r.postings[1].committed->seq, 1u);
  // A reversal in the same batch as its target, then a second reversal refused.
  const auto rev = s->post({{"A-1", ledger::fee(at("2025-01-02T00:01"), "fee/2", yuan("3"), "fee")},
                            {"A-1", ledger::reversal(at("2025-01-02T00:02"), "rev/2", 2)}});
  EXPECT_EQ(rev.applied, 2u);
  EXPECT_EQ(error_of([&] {
              (void)s->post({{"A-1", ledger::reversal(at("2025-01-03T00:00"), "rev/2b", 2)}});
            }).code(),
            errc::duplicate);
  EXPECT_EQ(s->state("A-1").balance, yuan("-30"));
  EXPECT_EQ(b_->entry_rows(), 3u);
}

TEST_P(ledger_store_contract, update_terms_replaces_the_terms_and_keeps_the_rest) {
  {
    auto s = fresh();
    (void)s->post({{"A-1", ledger::recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("100"),
                                            ledger::channel::wechat_pay, "wx-1")}});
    // New terms from site.json; another meter list and mode, which the store keeps as opened.
    auto p = ledger::account_params::make(
        "A-1", ledger::account_mode::postpaid, {{"M-9", ledger::utility::electricity}},
        ledger::level_params::make(yuan("80"), yuan("40"), yuan("0"), yuan("5")), {yuan("60")},
        ledger::counter_policy::allow_gap,
        ledger::cut_policy{std::chrono::minutes{30}, {}, {}});
    s->update_terms(p);
  }
  auto s = b_->open();  // stored, not only cached
  const auto got = s->params("A-1");
  EXPECT_EQ(got.levels.alarm1, yuan("80"));
  EXPECT_EQ(got.levels.alarm2, yuan("40"));
  EXPECT_FALSE(got.levels.hoarding_limit);
  EXPECT_EQ(got.balance_alarms, std::vector<money>{yuan("60")});
  EXPECT_EQ(got.counters, ledger::counter_policy::allow_gap);
  EXPECT_EQ(got.cuts.notice, std::chrono::minutes{30});
  EXPECT_EQ(got.mode, ledger::account_mode::prepaid);
  ASSERT_EQ(got.meters.size(), 2U);
  EXPECT_EQ(got.meters[0].id, "M-1");
  EXPECT_EQ(s->state("A-1").balance, yuan("100"));
  EXPECT_EQ(s->entries("A-1").size(), 1U);
  auto unknown = ledger::test::simple_params();
  unknown.id = "A-9";
  EXPECT_EQ(error_of([&] { s->update_terms(unknown); }).code(), errc::not_found);
}

TEST_P(ledger_store_contract, open_ledger_store_opens_this_back_end_by_its_name) {
  (void)fresh();
  if (GetParam() == backend_kind::sqlite) {
    EXPECT_FALSE(is_postgres_uri("ledger.db"));
    SUCCEED();
    return;
  }
#ifdef SUBMETER_HAVE_POSTGRES
  auto& pg = dynamic_cast<test::postgres_backend&>(*b_);
  EXPECT_TRUE(is_postgres_uri(pg.server().uri(pg.database())));
  auto s = open_ledger_store(pg.server().uri(pg.database()));
  EXPECT_EQ(s->accounts(), std::vector<std::string>{"A-1"});
  auto t = open_ledger_store("postgres://submeter@127.0.0.1:" + std::to_string(pg.server().port()) +
                             "/" + pg.database());
  EXPECT_EQ(t->params("A-1").id, "A-1");
#endif
}

INSTANTIATE_TEST_SUITE_P(store, ledger_store_contract, ::testing::ValuesIn(test::all_backends()),
                         test::backend_name());

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
