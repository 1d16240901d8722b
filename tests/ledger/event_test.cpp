// Tests of include/submeter/ledger/event.hpp: factories, keys and names.
#include <gtest/gtest.h>

#include "submeter/ledger/event.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::yuan;

TEST(event, names_round_trip) {
  for (int i = 0; i < event_kind_count; ++i) {
    const auto k = static_cast<event_kind>(i);
    EXPECT_EQ(parse_event_kind(to_string(k)), k);
  }
  EXPECT_EQ(parse_channel("wechat_pay"), channel::wechat_pay);
  EXPECT_EQ(parse_channel("paypal"), std::nullopt);
  EXPECT_EQ(parse_remote_command("protect"), remote_command::protect);
  EXPECT_EQ(parse_utility("water"), utility::water);
  EXPECT_EQ(parse_event_kind("recharges"), std::nullopt);
}

TEST(event, recharge_key_is_meter_and_counter) {
  const auto e = recharge(at("2025-01-01T00:00"), "M-1", 7, yuan("10"), channel::alipay, "ref");
  EXPECT_EQ(e.key, "recharge/M-1/7");
  EXPECT_EQ(e.key, recharge_key("M-1", 7));
  EXPECT_EQ(e.pay_channel, channel::alipay);
}

TEST(event, a_refusal_names_the_kind_asked_for) {
  // issue 16 #14: a refund (and a charge, a settlement) refused as "kind=deduction".
  using test_support::error_of;
  const auto t = at("2025-01-01T00:00");
  EXPECT_EQ(error_of([&] { (void)refund(t, "k", yuan("-5")); }).context_value("kind"), "refund");
  EXPECT_EQ(error_of([&] { (void)charge(t, "k", money{}, "x"); }).context_value("kind"), "charge");
  EXPECT_EQ(error_of([&] { (void)settlement(t, "", yuan("1")); }).context_value("kind"),
            "settlement");
  EXPECT_EQ(error_of([&] { (void)fee(t, "k", yuan("-1"), "x"); }).context_value("kind"),
            "deduction");
  EXPECT_EQ(refund(t, "k", yuan("5")).kind, event_kind::refund);
}

TEST(event, factories_refuse_malformed_events) {
  using test_support::error_of;
  const auto t = at("2025-01-01T00:00");
  EXPECT_EQ(error_of([&] { (void)recharge(t, "", 1, yuan("1"), channel::cash, "r"); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([&] { (void)recharge(t, "M", 1, money{}, channel::cash, "r"); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([&] { (void)fee(t, "k", yuan("-1"), "x"); }).code(), errc::invalid_argument);
  EXPECT_EQ(
      error_of([&] { (void)consumption(t, "k", "M", energy::parse("-1"), yuan("1")); }).code(),
      errc::invalid_argument);
  EXPECT_EQ(error_of([&] { (void)replacement(t, "k", "M", energy{}, "M", energy{}); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([&] { (void)close(t, ""); }).code(), errc::invalid_argument);
  EXPECT_EQ(error_of([&] { (void)freeze(t, "k", money{}); }).code(), errc::invalid_argument);
}

}  // namespace
}  // namespace submeter::ledger
