// site::bill_posting and site::post_account: a tenant's bill posted to its account under
// ledger::bill_key, the one spelling `submeter bill --post` uses too.
#include "submeter/site/accounts.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sample.hpp"
#include "submeter/ledger/keys.hpp"
#include "submeter/site/run.hpp"

namespace {

using submeter::money;
using submeter::parse_local_time;
using submeter::bill::billing_period;
namespace ledger = submeter::ledger;

submeter::bill::bill july_bill(const char* total) {
  submeter::bill::bill b;
  b.tenant_id = "T-1";
  b.period = "2026-07";
  b.total = money::parse(total);
  return b;
}

// One spelling: "bill/<period>/<tenant>", the key ledgers written by `submeter bill --post`
// (src/cli/ledger_command.cpp, post_bills, which calls ledger::bill_key too) already hold.
TEST(BillPosting, KeyedByTheOneBillKey) {
  EXPECT_EQ(ledger::bill_key("T-1", "2026-07"), "bill/2026-07/T-1");
  const auto at = parse_local_time("2026-08-01T00:00");
  const auto prepaid =
      submeter::site::bill_posting(ledger::account_mode::prepaid, "T-1", july_bill("901.23"), at);
  EXPECT_EQ(prepaid.kind, ledger::event_kind::deduction);
  EXPECT_EQ(prepaid.key, "bill/2026-07/T-1");
  EXPECT_EQ(prepaid.amount, money::parse("901.23"));
  const auto postpaid =
      submeter::site::bill_posting(ledger::account_mode::postpaid, "T-1", july_bill("901.23"), at);
  EXPECT_EQ(postpaid.kind, ledger::event_kind::charge);
  EXPECT_EQ(postpaid.key, ledger::bill_key("T-1", "2026-07"));
}

// A ledger that already holds the bill under the spelling `submeter bill --post` wrote before
// bill_key existed ("bill/" + period + "/" + tenant, written out here as a literal): the request
// post_bills now builds with bill_key is a replay, and the site run's posting of the same bill
// is recognised by its key; nothing is applied twice.
TEST(BillPosting, ALedgerWithTheOldSpellingKeepsWorking) {
  const auto params = ledger::account_params::make(
      "T-1", ledger::account_mode::prepaid, {{"M-1", ledger::utility::electricity}},
      ledger::level_params{}, {}, ledger::counter_policy::allow_gap);
  auto acc = ledger::account::open(params, ledger::opening_state(params));
  const auto at = parse_local_time("2026-08-01T00:00");
  ASSERT_EQ(acc.post(ledger::recharge(parse_local_time("2026-07-01T09:00"), "M-1", 1,
                                      money::parse("1000"), ledger::channel::wechat_pay, "wx-1"))
                .status,
            ledger::posting_status::ok);
  ASSERT_EQ(
      acc.post(ledger::fee(at, "bill/2026-07/T-1", money::parse("901.23"), "bill 2026-07 T-1"))
          .status,
      ledger::posting_status::ok);
  const auto cli = acc.post(ledger::fee(at, ledger::bill_key("T-1", "2026-07"),
                                        money::parse("901.23"), "bill 2026-07 T-1"));
  EXPECT_EQ(cli.status, ledger::posting_status::duplicate);
  const auto site = acc.post(
      submeter::site::bill_posting(ledger::account_mode::prepaid, "T-1", july_bill("901.23"), at));
  EXPECT_FALSE(site.status == ledger::posting_status::ok);
  EXPECT_EQ(acc.state().balance, money::parse("98.77"));
}

// v1-small's accounts after July, typed: T-A prepaid, T-B postpaid, T-E closed at move-out.
TEST(PostAccount, TypedModeAndLevel) {
  const auto& s = submeter::test_support::v1_small();
  const auto run = submeter::site::run_site(s, billing_period::parse("2026-07"));
  const auto account_of = [&](const std::string& id) {
    for (const auto& b : run.bills) {
      if (b.tenant_id == id) return *b.account;
    }
    throw std::runtime_error("no bill for " + id);
  };
  const auto a = account_of("T-A");
  EXPECT_EQ(a.mode, ledger::account_mode::prepaid);
  EXPECT_FALSE(a.closed);
  const auto b = account_of("T-B");
  EXPECT_EQ(b.mode, ledger::account_mode::postpaid);
  EXPECT_EQ(b.arrears, b.charged);
  const auto e = account_of("T-E");
  EXPECT_TRUE(e.closed);
  EXPECT_FALSE(e.relay_closed);
  EXPECT_EQ(run.report.summary.closed, 1u);
}

}  // namespace
