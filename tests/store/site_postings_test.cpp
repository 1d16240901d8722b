// store/site_postings.hpp: a site's bills (or a part's) posted to the tenants' accounts in a
// ledger store exactly once, however often and in however many parts it runs (what a worker
// that died and ran again does), with the accounts opened from the site's terms.
#include "store/site_postings.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "io/site_loader.hpp"
#include "store/sqlite_store.hpp"
#include "submeter/site/run.hpp"
#include "support/error_of.hpp"
#include "temp_dir.hpp"

namespace submeter::store {
namespace {

const site::site& sample_site() {
  static const auto s = io::load_site(SUBMETER_SOURCE_DIR "/examples/site");
  return s;
}

const site::tenant* tenant_of(const std::string& id) {
  for (const auto& t : sample_site().tenants()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

/// What post_site_bills posts for `bills` of the sample site: the accounts (tenants with an
/// account and a bill that is not zero) and the postings (each such bill's charged part when it
/// is not zero, and its credit note: PAY-5).
struct expected_postings {
  std::size_t accounts = 0;
  std::size_t postings = 0;
};

expected_postings due(const std::vector<site::tenant_bill>& bills,
                      const bill::billing_period& period) {
  expected_postings n;
  for (const auto& b : bills) {
    const auto* t = tenant_of(b.tenant_id);
    if (t == nullptr || !t->account || b.total.is_zero()) continue;
    ++n.accounts;
    local_time end = period.window().end();
    if (t->move_out && *t->move_out < end) end = *t->move_out;
    const auto part = site::account_part(sample_site(), t->id, t->account->mode, b, end);
    if (!part.charged.total.is_zero()) ++n.postings;
    if (part.credit) ++n.postings;
  }
  return n;
}

/// The keys of tenant `id`'s entries in `store` under `account`.
std::vector<std::string> keys_of(ledger_store& store, const std::string& account) {
  std::vector<std::string> out;
  for (const auto& e : store.entries(account)) out.push_back(e.what.key);
  return out;
}

TEST(SitePostings, EveryBillOnceHoweverOftenAndInHoweverManyParts) {
  const auto& s = sample_site();
  const auto p = bill::billing_period::parse("2026-07");
  const auto run = site::run_site(s, p);
  const auto n = due(run.bills, p);
  ASSERT_GT(n.accounts, 0u);
  ASSERT_GT(n.postings, n.accounts);  // the sample's two credit notes (T-26, T-28)
  test_support::temp_dir dir;
  auto store = open_sqlite_store(dir.file("site.sqlite"));
  // The second half first, then everything (a part run again after its worker died), then the
  // first half: each bill applied once.
  const std::vector<site::tenant_bill> first(run.bills.begin(), run.bills.begin() + 20);
  const std::vector<site::tenant_bill> second(run.bills.begin() + 20, run.bills.end());
  const auto a = post_site_bills(*store, s, p, second);
  const auto b = post_site_bills(*store, s, p, run.bills);
  const auto c = post_site_bills(*store, s, p, first);
  EXPECT_EQ(a.applied + b.applied, n.postings);
  EXPECT_EQ(a.duplicates, 0u);
  EXPECT_EQ(b.duplicates, a.applied);
  EXPECT_EQ(c.applied, 0u);
  EXPECT_EQ(c.duplicates, due(first, p).postings);
  EXPECT_EQ(a.opened + b.opened, n.accounts);
  EXPECT_EQ(c.opened, 0u);
  for (const auto& bill : run.bills) {
    const auto* t = tenant_of(bill.tenant_id);
    if (t == nullptr || !t->account || bill.total.is_zero()) continue;
    std::size_t with_key = 0;
    for (const auto& e : store->entries(t->id)) {
      if (e.what.key == "bill/2026-07/" + t->id) ++with_key;
    }
    EXPECT_EQ(with_key, 1u) << t->id;
    EXPECT_EQ(store->opening(t->id).balance, t->account->opening_balance) << t->id;
  }
}

TEST(SitePostings, SitesWhoseTenantIdsRepeatKeepTheirAccountsApartUnderAPrefix) {
  // One store for a portfolio: the same tenant ids in two sites ("park-a", "park-b") are two
  // accounts each, and the second site's bills are not taken for replays of the first's.
  const auto& s = sample_site();
  const auto p = bill::billing_period::parse("2026-07");
  const auto run = site::run_site(s, p);
  const auto n = due(run.bills, p);
  test_support::temp_dir dir;
  auto store = open_sqlite_store(dir.file("portfolio.sqlite"));
  const auto policy = ledger::counter_policy::allow_gap;
  const auto a = post_site_bills(*store, s, p, run.bills, policy, "park-a/");
  const auto b = post_site_bills(*store, s, p, run.bills, policy, "park-b/");
  const auto again = post_site_bills(*store, s, p, run.bills, policy, "park-a/");
  EXPECT_EQ(a.applied, n.postings);
  EXPECT_EQ(a.opened, n.accounts);
  EXPECT_EQ(b.applied, n.postings);
  EXPECT_EQ(b.duplicates, 0u);
  EXPECT_EQ(again.applied, 0u);
  EXPECT_EQ(again.duplicates, n.postings);
  EXPECT_EQ(store->accounts().size(), 2 * n.accounts);
  for (const auto& bill : run.bills) {
    const auto* t = tenant_of(bill.tenant_id);
    if (t == nullptr || !t->account || bill.total.is_zero()) continue;
    for (const std::string site_name : {"park-a", "park-b"}) {
      const auto id = site_name + "/" + t->id;
      const auto keys = keys_of(*store, id);
      ASSERT_FALSE(keys.empty()) << id;
      EXPECT_EQ(keys[0], "bill/2026-07/" + t->id) << id;
      for (std::size_t k = 1; k < keys.size(); ++k)  // a credit note's credit (PAY-5)
        EXPECT_EQ(keys[k], "credit_note/2026-07/" + t->id) << id;
      EXPECT_LE(keys.size(), 2u) << id;
      EXPECT_EQ(store->params(id).id, id);
      EXPECT_EQ(store->opening(id).balance, t->account->opening_balance) << id;
    }
  }
}

TEST(SitePostings, RefusesABillOfAnotherSite) {
  const auto& s = sample_site();
  const auto p = bill::billing_period::parse("2026-07");
  auto bills = site::run_site(s, p).bills;
  bills.resize(1);
  bills[0].tenant_id = "NOT-A-TENANT";
  test_support::temp_dir dir;
  auto store = open_sqlite_store(dir.file("site.sqlite"));
  EXPECT_EQ(test_support::error_of([&] { (void)post_site_bills(*store, s, p, bills); }).code(),
            errc::not_found);
  EXPECT_TRUE(store->accounts().empty());
}

}  // namespace
}  // namespace submeter::store
