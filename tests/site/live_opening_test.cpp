// site/live_opening.hpp: a site's live plan as a store opens it: prepaid tenants' accounts with
// their opening balance and levels, their meters under the monthly bill's tariff, the other
// meters not prepaid, the recharges in time order with counters per account.
#include "submeter/site/live_opening.hpp"

#include <gtest/gtest.h>

#include "live_support.hpp"

namespace submeter::site {
namespace {

using test_support::at;
using test_support::live_reading;
using test_support::yuan;

submeter::site::site two_tenant_site() {
  site_parts p;
  p.name = "Live";
  p.currency = "CNY";
  p.meters = {metering::meter::make("M-1"), metering::meter::make("M-2"),
              metering::meter::make("M-0")};
  p.tariffs = {test_support::flat_tariff(), test_support::tou_tariff()};
  tenant_account pre;
  pre.mode = ledger::account_mode::prepaid;
  pre.opening_balance = yuan("100");
  pre.levels = ledger::level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0"));
  pre.recharges = {{at("2026-07-10T12:00"), yuan("30"), "R-2", ledger::channel::cash},
                   {at("2026-07-05T12:00"), yuan("20"), "R-1", ledger::channel::cash}};
  tenant_account post;
  post.mode = ledger::account_mode::postpaid;
  tenant a{"T-1", "Prepaid", "flat", {"M-1"}};
  a.account = pre;
  tenant b{"T-2", "Postpaid", "tou", {"M-2"}};
  b.account = post;
  p.tenants = {a, b};
  return site::make(std::move(p));
}

TEST(LiveOpening, PrepaidTenantsBecomeAccountsAndOtherMetersAreNotPrepaid) {
  const auto o = live_opening_of(two_tenant_site());
  ASSERT_EQ(o.plan.accounts().size(), 1u);
  EXPECT_EQ(o.plan.accounts()[0].id, "T-1");
  EXPECT_EQ(o.openings[0].balance, yuan("100"));
  EXPECT_EQ(o.openings[0].current, ledger::level::normal);
  ASSERT_NE(o.plan.meter("M-1"), nullptr);
  EXPECT_TRUE(o.plan.is_postpaid("M-2"));
  EXPECT_TRUE(o.plan.is_postpaid("M-0"));
  EXPECT_FALSE(o.plan.is_postpaid("M-7"));
  // Recharges sorted by time, counters by the order site.json lists them.
  ASSERT_EQ(o.recharges.size(), 2u);
  EXPECT_EQ(o.recharges[0].what.reference, "R-1");
  EXPECT_EQ(o.recharges[0].what.counter, 2);
  EXPECT_EQ(o.recharges[1].what.counter, 1);
  EXPECT_EQ(o.recharges[0].account, "T-1");
}

TEST(LiveOpening, OpenStateDeductsFromTheOpeningBalance) {
  const auto o = live_opening_of(two_tenant_site());
  auto st = open_state(o);
  EXPECT_EQ(ingest(o.plan, st, live_reading("M-1", "2026-07-01T00:00", "1000")).status,
            live_status::opened);
  const auto d = ingest(o.plan, st, live_reading("M-1", "2026-07-02T00:00", "1100"));
  EXPECT_EQ(d.status, live_status::deducted);
  EXPECT_EQ(d.rating->due, yuan("70"));
  EXPECT_EQ(st.accounts[0].state().balance, yuan("30"));
  EXPECT_EQ(
      ingest(o.plan, st, live_reading("M-2", "2026-07-02T00:00", "5", {"1", "1", "1", "2"})).status,
      live_status::not_prepaid);
}

}  // namespace
}  // namespace submeter::site
