// Tests of include/submeter/ledger/statement.hpp. The life-cycle test is the worked example of
// docs/ledger.md: its numbers are worked by hand there.
#include <gtest/gtest.h>

#include "submeter/ledger/closing.hpp"
#include "submeter/ledger/statement.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::yuan;

TEST(statement, refuses_an_empty_range) {
  EXPECT_EQ(test_support::error_of([] {
              (void)make_statement("A", {}, at("2025-01-02T00:00"), at("2025-01-02T00:00"));
            }).code(),
            errc::out_of_order);
}

TEST(statement, life_cycle_from_first_recharge_to_closing) {
  // docs/ledger.md "Worked example". Shop S-12: one electricity meter, one water meter.
  auto params = account_params::make(
      "S-12", account_mode::prepaid, {{"E-1", utility::electricity}, {"W-1", utility::water}},
      level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("10"), yuan("5000")),
      {yuan("100"), yuan("50")});
  account_state s0 = opening_state(params);
  s0.meters[0].last_reading = energy::parse("1000");
  account acc = account::open(params, s0);
  const auto ok = [&](const event& e) {
    const auto r = acc.post(e);
    EXPECT_EQ(r.status, posting_status::ok) << r.message;
    return r;
  };
  ok(recharge(at("2025-03-01T10:00"), "E-1", 1, yuan("300"), channel::wechat_pay, "wx-0001"));
  // March: 210.40 kWh × 0.6500 = 136.76; 12.5 m³ × 3.4500 = 43.125 → 43.13; property fee 40.
  const auto e1 =
      round(multiply<money>(energy::parse("210.4"), energy_price::parse("0.65"), rounding::half_up),
            2, rounding::half_up);
  const auto w1 = round(
      multiply<money>(volume::parse("12.5"), unit_price<volume>::parse("3.45"), rounding::half_up),
      2, rounding::half_up);
  EXPECT_EQ(e1, yuan("136.76"));
  EXPECT_EQ(w1, yuan("43.13"));
  const auto d1 = ok(consumption(at("2025-04-01T00:00"), "bill/2025-03/E-1", "E-1",
                                 energy::parse("210.4"), e1, energy::parse("1210.4")));
  EXPECT_FALSE(d1.has("balance_alarm"));  // 163.24: above every threshold
  ok(water_consumption(at("2025-04-01T00:00"), "bill/2025-03/W-1", "W-1", volume::parse("12.5"),
                       w1));
  const auto f1 = ok(fee(at("2025-04-01T00:00"), "bill/2025-03/fee", yuan("40"), "property fee"));
  EXPECT_EQ(acc.state().balance, yuan("80.11"));
  EXPECT_TRUE(f1.has("balance_alarm"));  // at or below 100
  // A re-rating credit of 5.20 on March electricity.
  ok(adjustment(at("2025-04-03T00:00"), "rerate/2025-03/E-1", yuan("5.2"), "price fix"));
  ok(recharge(at("2025-04-05T09:00"), "E-1", 2, yuan("200"), channel::alipay, "ali-0002"));
  // A duplicate payment notification, then a charge-back of a third recharge.
  EXPECT_EQ(
      acc.post(recharge(at("2025-04-05T09:01"), "E-1", 2, yuan("200"), channel::alipay, "ali-0002"))
          .status,
      posting_status::duplicate);
  const auto r3 =
      ok(recharge(at("2025-04-06T09:00"), "E-1", 3, yuan("100"), channel::unionpay, "up-0003"));
  ok(reversal(at("2025-04-07T09:00"), "chargeback/up-0003", r3.committed->seq, "charge-back"));
  EXPECT_EQ(acc.state().balance, yuan("285.31"));
  // April to the close date, 18 April: 95.6 kWh at the final reading 1306.00.
  const auto plan = plan_closing(acc.params(), acc.state(), at("2025-04-18T17:00"), "close/S-12",
                                 {{"E-1", energy::parse("1306"), energy_price::parse("0.65")}},
                                 {{"property fee 1–18 April", yuan("24")}});
  EXPECT_EQ(plan.final_kwh[0], energy::parse("95.6"));
  EXPECT_EQ(plan.final_energy_amounts[0], yuan("62.14"));
  EXPECT_EQ(plan.refund, yuan("199.17"));
  for (const auto& r : acc.post_batch(plan.events)) EXPECT_EQ(r.status, posting_status::ok);
  EXPECT_EQ(acc.state().balance, money{});
  EXPECT_TRUE(acc.state().closed);
  EXPECT_EQ(acc.state().relay.position, relay_position::open);

  const auto march =
      make_statement("S-12", acc.entries(), at("2025-03-01T00:00"), at("2025-04-01T00:00"));
  EXPECT_EQ(march.opening_balance, money{});
  EXPECT_EQ(march.recharges, yuan("300"));
  EXPECT_EQ(march.closing_balance, yuan("300"));
  const auto april =
      make_statement("S-12", acc.entries(), at("2025-04-01T00:00"), at("2025-05-01T00:00"));
  EXPECT_EQ(april.opening_balance, yuan("300"));
  EXPECT_EQ(april.electricity, -(e1 + yuan("62.14")));
  EXPECT_EQ(april.electricity_use.kwh, energy::parse("306"));
  EXPECT_EQ(april.water_use.m3, volume::parse("12.5"));
  EXPECT_EQ(april.water, -w1);
  EXPECT_EQ(april.fees, yuan("-64"));
  EXPECT_EQ(april.adjustments, yuan("5.2"));
  EXPECT_EQ(april.recharges, yuan("300"));
  EXPECT_EQ(april.reversals, yuan("-100"));
  EXPECT_EQ(april.refunds, yuan("-199.17"));
  EXPECT_EQ(april.closing_balance, money{});
  EXPECT_EQ(april.opening_balance + april.total_change(), april.closing_balance);
}

}  // namespace
}  // namespace submeter::ledger
