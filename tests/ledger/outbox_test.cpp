// ledger/outbox.hpp: rows from postings: notices, supply commands when the relay moves, stable
// ids, nothing for a replay.
#include "submeter/ledger/outbox.hpp"

#include <gtest/gtest.h>

#include "submeter/ledger/account.hpp"
#include "support.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::yuan;

TEST(Outbox, NoticeNamesRoundTrip) {
  for (int i = 0; i < notice_count; ++i) {
    const auto n = static_cast<notice>(i);
    ASSERT_EQ(parse_notice(to_string(n)), n);
  }
  EXPECT_EQ(parse_notice("cut_executed"), std::nullopt);
  EXPECT_EQ(parse_notice(""), std::nullopt);
  EXPECT_EQ(to_string(supply_command::cut), "cut");
  EXPECT_EQ(to_string(supply_command::restore), "restore");
}

TEST(Outbox, RechargeIsNotifiedWithItsAmount) {
  account acc = account::open(test::simple_params());
  const auto before = acc.state().relay;
  const auto p =
      acc.post(recharge(at("2025-01-01T09:00"), "M-1", 1, yuan("500"), channel::wechat_pay, "wx1"));
  const auto rows = outbox_of(acc.params(), p, before, acc.state());
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].id, "A-1/1/0");
  EXPECT_EQ(rows[0].about, notice::recharge_received);
  EXPECT_EQ(rows[0].detail, "500.00");
  EXPECT_FALSE(rows[0].is_command());
  EXPECT_EQ(rows[0].time, at("2025-01-01T09:00"));
}

TEST(Outbox, ImmediateTripGivesACutPerMeterThenTheNotice) {
  account acc = test::funded(yuan("40"));  // alarm1 (≤ 50): entry 1
  const auto before = acc.state().relay;
  const auto p = acc.post(consumption(at("2025-01-02T09:00"), "d1", "M-1", energy::parse("10"),
                                      yuan("25")));  // 15: alarm2, trips at once (no notice)
  ASSERT_EQ(p.status, posting_status::ok);
  const auto rows = outbox_of(acc.params(), p, before, acc.state());
  // alarm2, balance_alarm (30), cut M-1, cut W-1, cut.
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[0].about, notice::balance_alarm);
  EXPECT_EQ(rows[0].detail, "30.00");
  EXPECT_EQ(rows[1].about, notice::alarm2);
  EXPECT_EQ(rows[2].command, supply_command::cut);
  EXPECT_EQ(rows[2].meter, "M-1");
  EXPECT_EQ(rows[2].what, utility::electricity);
  EXPECT_EQ(rows[3].command, supply_command::cut);
  EXPECT_EQ(rows[3].meter, "W-1");
  EXPECT_EQ(rows[3].what, utility::water);
  EXPECT_EQ(rows[4].about, notice::cut);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].id, outbox_id("A-1", 2, i));
    EXPECT_EQ(rows[i].account, "A-1");
  }
}

TEST(Outbox, ReplayAndRefusalGiveNoRows) {
  account acc = test::funded(yuan("40"));
  const auto e = consumption(at("2025-01-02T09:00"), "d1", "M-1", energy::parse("10"), yuan("25"));
  (void)acc.post(e);
  const auto before = acc.state().relay;
  const auto dup = acc.post(e);
  ASSERT_EQ(dup.status, posting_status::duplicate);
  EXPECT_TRUE(outbox_of(acc.params(), dup, before, acc.state()).empty());
  const auto refused =
      acc.post(recharge(at("2025-01-03T09:00"), "M-1", 9, yuan("5"), channel::cash, "gap"));  // gap
  ASSERT_NE(refused.status, posting_status::ok);
  EXPECT_TRUE(outbox_of(acc.params(), refused, before, acc.state()).empty());
}

TEST(Outbox, RechargeAfterAWarningTripRestores) {
  account acc = test::funded(yuan("40"));
  (void)acc.post(consumption(at("2025-01-02T09:00"), "d1", "M-1", energy::parse("10"), yuan("25")));
  ASSERT_EQ(acc.state().relay.position, relay_position::open);
  const auto before = acc.state().relay;
  const auto p =
      acc.post(recharge(at("2025-01-02T10:00"), "M-1", 2, yuan("100"), channel::alipay, "a2"));
  const auto rows = outbox_of(acc.params(), p, before, acc.state());
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].about, notice::recharge_received);
  EXPECT_EQ(rows[1].command, supply_command::restore);
  EXPECT_EQ(rows[2].command, supply_command::restore);
  EXPECT_EQ(rows[3].about, notice::restore);
}

}  // namespace
}  // namespace submeter::ledger
