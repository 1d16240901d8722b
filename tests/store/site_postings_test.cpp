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

/// The bills of the sample site's tenants with an account and a bill that is not zero: what
/// post_site_bills posts.
std::size_t due(const std::vector<site::tenant_bill>& bills) {
  std::size_t n = 0;
  for (const auto& b : bills) {
    const auto* t = tenant_of(b.tenant_id);
    if (t != nullptr && t->account && !b.total.is_zero()) ++n;
  }
  return n;
}

TEST(SitePostings, EveryBillOnceHoweverOftenAndInHoweverManyParts) {
  const auto& s = sample_site();
  const auto p = bill::billing_period::parse("2026-07");
  const auto run = site::run_site(s, p);
  const auto n = due(run.bills);
  ASSERT_GT(n, 0u);
  test_support::temp_dir dir;
  auto store = open_sqlite_store(dir.file("site.sqlite"));
  // The second half first, then everything (a part run again after its worker died), then the
  // first half: each bill applied once.
  const std::vector<site::tenant_bill> first(run.bills.begin(), run.bills.begin() + 20);
  const std::vector<site::tenant_bill> second(run.bills.begin() + 20, run.bills.end());
  const auto a = post_site_bills(*store, s, p, second);
  const auto b = post_site_bills(*store, s, p, run.bills);
  const auto c = post_site_bills(*store, s, p, first);
  EXPECT_EQ(a.applied + b.applied, n);
  EXPECT_EQ(a.duplicates, 0u);
  EXPECT_EQ(b.duplicates, a.applied);
  EXPECT_EQ(c.applied, 0u);
  EXPECT_EQ(c.duplicates, due(first));
  EXPECT_EQ(a.opened + b.opened, n);
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
  const auto n = due(run.bills);
  test_support::temp_dir dir;
  auto store = open_sqlite_store(dir.file("portfolio.sqlite"));
  const auto policy = ledger::counter_policy::allow_gap;
  const auto a = post_site_bills(*store, s, p, run.bills, policy, "park-a/");
  const auto b = post_site_bills(*store, s, p, run.bills, policy, "park-b/");
  const auto again = post_site_bills(*store, s, p, run.bills, policy, "park-a/");
  EXPECT_EQ(a.applied, n);
  EXPECT_EQ(a.opened, n);
  EXPECT_EQ(b.applied, n);
  EXPECT_EQ(b.duplicates, 0u);
  EXPECT_EQ(again.applied, 0u);
  EXPECT_EQ(again.duplicates, n);
  EXPECT_EQ(store->accounts().size(), 2 * n);
  for (const auto& bill : run.bills) {
    const auto* t = tenant_of(bill.tenant_id);
    if (t == nullptr || !t->account || bill.total.is_zero()) continue;
    for (const std::string site_name : {"park-a", "park-b"}) {
      const auto id = site_name + "/" + t->id;
      const auto entries = store->entries(id);
      ASSERT_EQ(entries.size(), 1u) << id;
      EXPECT_EQ(entries[0].what.key, "bill/2026-07/" + t->id) << id;
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
