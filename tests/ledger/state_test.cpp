// Tests of include/submeter/ledger/state.hpp: account parameters and what they refuse, the
// opening state, and the balance a state makes available (PP-9).
#include "submeter/ledger/state.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::simple_params;
using test::yuan;
using test_support::error_of;

TEST(account_params, refuses_bad_parameters) {
  const auto lv = level_params::make(yuan("50"), yuan("20"), yuan("0"), yuan("0"));
  EXPECT_EQ(
      error_of([&] { (void)account_params::make("", account_mode::prepaid, {{"M"}}, lv); }).code(),
      errc::invalid_argument);
  EXPECT_EQ(
      error_of([&] { (void)account_params::make("A", account_mode::prepaid, {}, lv); }).code(),
      errc::invalid_argument);
  EXPECT_EQ(error_of([&] {
              (void)account_params::make("A", account_mode::prepaid, {{"M"}, {"M"}}, lv);
            }).code(),
            errc::duplicate);
  EXPECT_EQ(error_of([&] {
              (void)account_params::make("A", account_mode::prepaid, {{"M"}}, lv,
                                         {yuan("10"), yuan("10")});
            }).code(),
            errc::out_of_order);
  EXPECT_EQ(error_of([&] {
              cut_policy late;
              late.notice = std::chrono::minutes(-1);
              (void)account_params::make("A", account_mode::prepaid, {{"M"}}, lv, {},
                                         counter_policy::strict_next, late);
            }).code(),
            errc::invalid_argument);
}

TEST(account_state, opening_state_has_every_meter_at_counter_0_and_the_level_of_a_zero_balance) {
  const auto s = opening_state(simple_params());
  ASSERT_EQ(s.meters.size(), 2u);
  EXPECT_EQ(s.meters[0].id, "M-1");
  EXPECT_EQ(s.meters[1].what, utility::water);
  EXPECT_EQ(s.meters[1].last_counter, 0);
  EXPECT_EQ(s.balance, money{});
  EXPECT_EQ(s.current, level::overdraft);  // B = 0 with a 30 yuan overdraft limit
  EXPECT_EQ(s.relay.position, relay_position::closed);
  EXPECT_EQ(s.meter("W-1"), &s.meters[1]);
  EXPECT_EQ(s.meter("X-1"), nullptr);
}

TEST(account_state, available_is_balance_less_arrears_less_frozen) {
  account_state s;
  s.balance = yuan("100");
  s.frozen = yuan("15");
  s.receivables = {{1, "rent Jan", yuan("30")}, {2, "rent Feb", yuan("20.50")}};
  EXPECT_EQ(s.arrears(), yuan("50.50"));
  EXPECT_EQ(s.available(), yuan("34.50"));
  EXPECT_EQ(to_string(account_mode::postpaid), "postpaid");
}

}  // namespace
}  // namespace submeter::ledger
