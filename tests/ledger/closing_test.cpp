// Tests of include/submeter/ledger/closing.hpp (LIFE-1 replacement, LIFE-2 closing), driven by
// tests/data/vectors/lifecycle.json.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "submeter/ledger/closing.hpp"
#include "submeter/ledger/statement.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using nlohmann::json;
using test::at;
using test::yuan;

json vector_of(const std::string& id) {
  std::ifstream in(SUBMETER_TEST_DATA "/vectors/lifecycle.json");
  const json all = json::parse(in);
  for (const auto& v : all.at("vectors")) {
    if (v.at("id") == id) return v;
  }
  ADD_FAILURE() << "no vector " << id;
  return {};
}
money m(const json& v) { return money::parse(v.get<std::string>()); }
energy kwh(const json& v) { return energy::parse(v.get<std::string>()); }

level_params no_levels() { return level_params::make(money{}, money{}, money{}, money{}); }

// Annual tiers of the vector, on the cumulative count (a test-side helper: the tariff area owns
// tier rating; the ledger's job is to carry the count across the swap).
std::vector<energy> tier_split(energy before, energy used, const std::vector<energy>& bounds) {
  std::vector<energy> parts(bounds.size() + 1);
  energy pos = before;
  energy left = used;
  for (std::size_t i = 0; i <= bounds.size() && left.sign() > 0; ++i) {
    const energy room = i < bounds.size() ? (bounds[i] > pos ? bounds[i] - pos : energy{}) : left;
    const energy take = std::min(room, left);
    parts[i] += take;
    pos += take;
    left -= take;
  }
  return parts;
}

TEST(replacement, life_replace_1_carries_balance_energy_and_tier_count) {
  const json v = vector_of("life-replace-1");
  const json& x = v.at("expected");
  auto params = account_params::make("A-7", account_mode::prepaid, {{"OLD", utility::electricity}},
                                     no_levels(), {}, counter_policy::allow_gap);
  account_state s = opening_state(params);
  s.balance = m(v.at("balance_before"));
  s.meters[0].last_reading = kwh(v.at("old_meter").at("reading_at_last_bill"));
  s.meters[0].tier_kwh = kwh(v.at("annual_cumulative_before_month"));
  s.meters[0].last_counter = 12;
  account acc = account::open(params, s);

  const auto swap = acc.post(replacement(at("2025-08-15T10:00"), "swap-1", "OLD",
                                         kwh(v.at("old_meter").at("final_reading")), "NEW",
                                         kwh(v.at("new_meter").at("initial_reading"))));
  ASSERT_EQ(swap.status, posting_status::ok) << swap.message;
  EXPECT_EQ(acc.state().balance, m(x.at("balance_on_new_meter")));
  EXPECT_EQ(acc.state().meter("OLD"), nullptr);
  const meter_state* fresh = acc.state().meter("NEW");
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->carried, kwh(x.at("old_meter_kwh")));
  EXPECT_EQ(fresh->last_counter, 0);

  const energy month_end = kwh(v.at("new_meter").at("reading_at_month_end"));
  const energy month = undeducted_energy(acc.state(), "NEW", month_end);
  EXPECT_EQ(month, kwh(x.at("month_kwh")));
  EXPECT_EQ(month - fresh->carried, kwh(x.at("new_meter_kwh")));

  const auto tiers =
      tier_split(fresh->tier_kwh, month, {energy::parse("2760"), energy::parse("4800")});
  const auto expected_tiers = x.at("tier_kwh");
  ASSERT_EQ(tiers.size(), expected_tiers.size());
  for (std::size_t i = 0; i < tiers.size(); ++i) EXPECT_EQ(tiers[i], kwh(expected_tiers[i]));
  const std::vector<energy_price> prices{energy_price::parse("0.538"), energy_price::parse("0.588"),
                                         energy_price::parse("0.838")};
  money total;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    total += round(multiply<money>(tiers[i], prices[i], rounding::half_up), 2, rounding::half_up);
  }
  EXPECT_EQ(total, m(x.at("total")));

  // Deduct the month on the new meter: nothing lost, nothing counted twice.
  const auto d =
      acc.post(consumption(at("2025-08-31T23:00"), "bill/2025-08", "NEW", month, total, month_end));
  ASSERT_EQ(d.status, posting_status::ok) << d.message;
  EXPECT_EQ(acc.state().meter("NEW")->tier_kwh, kwh(x.at("annual_cumulative_after")));
  EXPECT_EQ(acc.state().meter("NEW")->carried, energy{});
  EXPECT_EQ(undeducted_energy(acc.state(), "NEW", month_end), energy{});
  EXPECT_EQ(acc.state().balance, m(x.at("balance_on_new_meter")) - total);
  // The new meter counts purchases from 1.
  EXPECT_EQ(
      acc.post(recharge(at("2025-09-01T09:00"), "NEW", 1, yuan("50"), channel::card, "c1")).status,
      posting_status::ok);
  EXPECT_EQ(
      acc.post(recharge(at("2025-09-01T09:01"), "OLD", 13, yuan("50"), channel::card, "c2")).status,
      posting_status::rejected_unknown_meter);
}

TEST(replacement, refuses_a_final_reading_below_the_last_and_a_meter_already_present) {
  auto params = account_params::make("A-8", account_mode::prepaid,
                                     {{"M-1", utility::electricity}, {"M-2", utility::electricity}},
                                     no_levels());
  account_state s = opening_state(params);
  s.meters[0].last_reading = energy::parse("100");
  account acc = account::open(params, s);
  EXPECT_EQ(acc.post(replacement(at("2025-01-01T00:00"), "r1", "M-1", energy::parse("99.99"), "M-3",
                                 energy{}))
                .status,
            posting_status::rejected_reading_backwards);
  EXPECT_EQ(acc.post(replacement(at("2025-01-01T00:00"), "r2", "M-1", energy::parse("100"), "M-2",
                                 energy{}))
                .status,
            posting_status::rejected_invalid);
  EXPECT_EQ(acc.post(replacement(at("2025-01-01T00:00"), "r3", "M-9", energy::parse("100"), "M-3",
                                 energy{}))
                .status,
            posting_status::rejected_unknown_meter);
  EXPECT_EQ(acc.entries().size(), 0u);
}

TEST(closing, life_close_1_settles_energy_allocation_arrears_and_refunds_the_rest) {
  const json v = vector_of("life-close-1");
  const json& x = v.at("expected");
  auto params =
      account_params::make("SHOP-1", account_mode::prepaid, {{"M-1", utility::electricity}},
                           level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0")));
  account_state s = opening_state(params);
  s.meters[0].last_reading = kwh(v.at("last_deducted_reading"));
  account acc = account::open(params, s);
  // The balance and the property-fee arrears as the account holds them before closing.
  ASSERT_EQ(acc.post(recharge(at("2025-06-01T09:00"), "M-1", 1, m(v.at("balance")), channel::alipay,
                              "p1"))
                .status,
            posting_status::ok);
  ASSERT_EQ(acc.post(charge(at("2025-06-10T09:00"), "fee/2025-05", m(v.at("property_fee_arrears")),
                            "property fee May"))
                .status,
            posting_status::ok);
  const auto close_time = at("2025-06-18T17:00");
  const auto plan = plan_closing(
      acc.params(), acc.state(), close_time, "close",
      {{"M-1", kwh(v.at("final_reading")), energy_price::parse(v.at("price").get<std::string>())}},
      {{"common area to close date", m(v.at("common_area_share_to_close_date"))}});
  ASSERT_EQ(plan.final_kwh.size(), 1u);
  EXPECT_EQ(plan.final_kwh[0], kwh(x.at("final_energy_kwh")));
  EXPECT_EQ(plan.final_energy_amounts[0], m(x.at("final_energy_amount")));
  EXPECT_EQ(plan.arrears_settled, m(v.at("property_fee_arrears")));
  EXPECT_EQ(plan.refund, m(x.at("refund")));
  EXPECT_EQ(plan.unpaid, money{});
  const auto results = acc.post_batch(plan.events);
  for (const auto& r : results) ASSERT_EQ(r.status, posting_status::ok) << r.message;
  EXPECT_EQ(acc.state().balance, m(x.at("balance_after")));
  EXPECT_EQ(acc.state().arrears(), money{});
  EXPECT_TRUE(acc.state().closed);
  EXPECT_EQ(to_string(acc.state().relay.position), x.at("relay").get<std::string>());
  // Step 6: the final statement.
  const auto st =
      make_statement("SHOP-1", acc.entries(), at("2025-06-01T00:00"), at("2025-06-19T00:00"));
  EXPECT_EQ(st.opening_balance, money{});
  EXPECT_EQ(st.recharges, m(v.at("balance")));
  EXPECT_EQ(st.electricity_use.kwh, kwh(x.at("final_energy_kwh")));
  EXPECT_EQ(st.electricity_use.amount, m(x.at("final_energy_amount")));
  EXPECT_EQ(st.fees, -m(v.at("common_area_share_to_close_date")));
  EXPECT_EQ(st.settlements, -m(v.at("property_fee_arrears")));
  EXPECT_EQ(st.refunds, -m(x.at("refund")));
  EXPECT_EQ(st.closing_balance, m(x.at("balance_after")));
  EXPECT_EQ(st.closing_arrears, money{});
  // Nothing is accepted after closing.
  EXPECT_EQ(
      acc.post(recharge(at("2025-06-19T09:00"), "M-1", 2, yuan("10"), channel::cash, "p2")).status,
      posting_status::rejected_closed);
  EXPECT_EQ(error_code(posting_status::rejected_closed), errc::inconsistent);
}

TEST(closing, life_close_2_postpaid_prepayment_pays_energy_and_prorated_basic_charge) {
  const json v = vector_of("life-close-2");
  const json& x = v.at("expected");
  auto params = account_params::make("FACTORY-1", account_mode::postpaid,
                                     {{"M-1", utility::electricity}}, no_levels());
  account acc = account::open(params);
  ASSERT_EQ(acc.post(recharge(at("2025-06-01T09:00"), "M-1", 1, m(v.at("prepayment_held")),
                              channel::unionpay, "deposit"))
                .status,
            posting_status::ok);
  // The basic charge prorated by days (1/30 per day, the close day counts): an input amount.
  const auto basic = scale_by(m(v.at("monthly_basic_charge")), x.at("basic_days").get<int>(), 30,
                              rounding::half_up);
  EXPECT_EQ(basic, m(x.at("basic_amount")));
  const energy used = energy::parse(v.at("energy_since_last_bill_kwh").get<std::string>());
  account_state s = acc.state();
  s.meters[0].last_reading = energy{};
  acc = account::open(params, s);
  const auto plan =
      plan_closing(acc.params(), acc.state(), at("2025-06-18T12:00"), "close",
                   {{"M-1", used, energy_price::parse(v.at("price").get<std::string>())}},
                   {{"basic charge, 18/30 of a month", basic}});
  EXPECT_EQ(plan.final_energy_amounts.at(0), m(x.at("energy_amount")));
  EXPECT_EQ(plan.refund, m(x.at("refund")));
  for (const auto& r : acc.post_batch(plan.events)) ASSERT_TRUE(accepted(r.status)) << r.message;
  EXPECT_EQ(acc.state().balance, money{});
  EXPECT_TRUE(acc.state().closed);
}

TEST(closing, a_balance_short_of_the_arrears_leaves_them_unpaid_and_refunds_nothing) {
  auto params = account_params::make("A-9", account_mode::prepaid, {{"M-1", utility::electricity}},
                                     no_levels());
  account acc = account::open(params);
  ASSERT_EQ(
      acc.post(recharge(at("2025-01-01T00:00"), "M-1", 1, yuan("30"), channel::cash, "p")).status,
      posting_status::ok);
  ASSERT_EQ(acc.post(charge(at("2025-01-02T00:00"), "rent", yuan("100"), "rent")).status,
            posting_status::ok);
  const auto plan = plan_closing(acc.params(), acc.state(), at("2025-01-03T00:00"), "c", {}, {});
  EXPECT_EQ(plan.arrears_settled, yuan("30"));
  EXPECT_EQ(plan.refund, money{});
  EXPECT_EQ(plan.unpaid, yuan("70"));
  for (const auto& r : acc.post_batch(plan.events)) ASSERT_EQ(r.status, posting_status::ok);
  EXPECT_EQ(acc.state().arrears(), yuan("70"));
  auto closed = acc.state();
  EXPECT_EQ(test_support::error_of([&] {
              (void)plan_closing(acc.params(), closed, at("2025-01-04T00:00"), "c2", {}, {});
            }).code(),
            errc::inconsistent);
}

// Issue 16 #2: after bills posted as fees (no reading), the energy up to a final reading is
// unknown; it was taken as 0 kWh and the account closed with an over-refund. A negative final
// reading was accepted the same way.
TEST(closing, refuses_a_final_reading_without_a_known_last_reading_and_a_negative_one) {
  auto params = account_params::make("T-1", account_mode::prepaid, {{"M-1", utility::electricity}},
                                     no_levels());
  account acc = account::open(params);
  ASSERT_EQ(
      acc.post(recharge(at("2026-07-01T09:00"), "M-1", 1, yuan("1000"), channel::cash, "wx-1"))
          .status,
      posting_status::ok);
  ASSERT_EQ(
      acc.post(fee(at("2026-08-01T00:00"), "bill/2026-07/T-1", yuan("901.23"), "bill")).status,
      posting_status::ok);
  const auto price = energy_price::parse("0.73");
  const auto refusal = test_support::error_of([&] {
    (void)plan_closing(acc.params(), acc.state(), at("2026-08-03T12:00"), "close",
                       {{"M-1", energy::parse("2300"), price}}, {});
  });
  EXPECT_EQ(refusal.code(), errc::inconsistent);
  EXPECT_EQ(test_support::error_of([&] {
              (void)undeducted_energy(acc.state(), "M-1", energy::parse("-100"));
            }).code(),
            errc::invalid_argument);
  // With a known last reading, the energy is the difference; a negative reading is still refused.
  auto s = acc.state();
  s.meters[0].last_reading = energy::parse("2234.56");
  EXPECT_EQ(undeducted_energy(s, "M-1", energy::parse("2300")), energy::parse("65.44"));
  EXPECT_EQ(test_support::error_of([&] {
              (void)plan_closing(acc.params(), s, at("2026-08-03T12:00"), "close",
                                 {{"M-1", energy::parse("-100"), price}}, {});
            }).code(),
            errc::invalid_argument);
}

// Issue 16 #9: a closing line of zero or a negative amount was dropped silently at a step that
// cannot be undone.
TEST(closing, refuses_a_closing_line_of_zero_or_a_negative_amount) {
  auto params =
      account_params::make("A", account_mode::prepaid, {{"M1", utility::electricity}}, no_levels());
  account acc = account::open(params);
  ASSERT_EQ(
      acc.post(recharge(at("2026-07-01T00:00"), "M1", 1, yuan("100"), channel::cash, "r")).status,
      posting_status::ok);
  for (const char* amount : {"-500.00", "0", "-0.01"}) {
    const auto e = test_support::error_of([&] {
      (void)plan_closing(acc.params(), acc.state(), at("2026-07-10T00:00"), "close", {},
                         {{"gift", yuan(amount)}});
    });
    EXPECT_EQ(e.code(), errc::invalid_argument) << amount;
  }
  const auto plan = plan_closing(acc.params(), acc.state(), at("2026-07-10T00:00"), "close", {},
                                 {{"meter fee", yuan("0.01")}});
  EXPECT_EQ(plan.other_charges, yuan("0.01"));
  EXPECT_EQ(plan.refund, yuan("99.99"));
}

}  // namespace
}  // namespace submeter::ledger
