// Tests of include/submeter/ledger/edge.hpp: what the command line and Python check before a
// value reaches the ledger (issue 16 #4, #11, "Money at the edge", "Ledger time sanity").
#include "submeter/ledger/edge.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "submeter/ledger/account.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::at;
using test::funded;
using test::yuan;
using test_support::error_of;

// Issue 16 #11: "--amount 10.001" gave a balance of 110.001 and a closing refund of 110.001.
TEST(edge, amounts_carry_at_most_two_places) {
  EXPECT_EQ(parse_amount("10.00", "amount"), yuan("10"));
  EXPECT_EQ(parse_amount("10.0100", "amount"), yuan("10.01"));
  EXPECT_EQ(parse_amount("-0.01", "amount"), yuan("-0.01"));
  EXPECT_EQ(parse_amount("7", "amount"), yuan("7"));
  for (const char* bad : {"10.001", "0.0001", "-5.999", "1.00001"}) {
    const auto e = error_of([&] { (void)parse_amount(bad, "amount"); });
    EXPECT_TRUE(e.code() == errc::invalid_argument || e.code() == errc::parse) << bad;
    EXPECT_NE(std::string(e.what()).find("amount"), std::string::npos) << bad;
  }
  EXPECT_EQ(error_of([] { (void)parse_amount("10.001", "amount"); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)parse_amount("ten", "amount"); }).code(), errc::parse);
  EXPECT_EQ(error_of([] { (void)parse_amount("", "amount"); }).code(), errc::parse);
  EXPECT_EQ(require_currency_places(yuan("110.00"), "balance"), yuan("110"));
  EXPECT_EQ(error_of([] { (void)require_currency_places(yuan("0.0050"), "x"); }).code(),
            errc::invalid_argument);
}

// Issue 16 #4: one event at 2062 held the account there, and through `bill --post` every account.
TEST(edge, event_times_are_at_most_max_ahead_of_now) {
  const auto now = at("2026-12-06T05:00");
  EXPECT_EQ(require_not_ahead(at("2026-12-07T05:00"), now, default_max_ahead, "time"),
            at("2026-12-07T05:00"));
  EXPECT_EQ(require_not_ahead(at("2001-01-01T00:00"), now, default_max_ahead, "time"),
            at("2001-01-01T00:00"));
  EXPECT_EQ(error_of([&] {
              (void)require_not_ahead(at("2026-12-07T05:00:01"), now, default_max_ahead, "time");
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([&] {
              (void)require_not_ahead(at("2062-07-01T09:00"), now, default_max_ahead, "--time");
            }).code(),
            errc::invalid_argument);
  // Zero skew: nothing after now; a negative skew is refused.
  EXPECT_EQ(require_not_ahead(now, now, std::chrono::seconds{0}, "time"), now);
  EXPECT_EQ(error_of([&] {
              (void)require_not_ahead(now + std::chrono::seconds{1}, now, std::chrono::seconds{0},
                                      "time");
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(
      error_of([&] { (void)require_not_ahead(now, now, std::chrono::seconds{-1}, "time"); }).code(),
      errc::invalid_argument);
}

// "Ledger time sanity": a mistaken entry can always be reversed, whatever its time. Here a
// recharge mistyped a day ahead: a reversal asked for now is dated at it and accepted.
TEST(edge, a_reversal_asked_for_before_the_last_event_is_dated_at_it) {
  account acc = funded(yuan("100"));
  ASSERT_EQ(acc.post(recharge(at("2026-12-07T09:00"), "M-1", 2, yuan("50"), channel::cash, "typo"))
                .status,
            posting_status::ok);
  const auto now = at("2026-12-06T10:00");
  EXPECT_EQ(acc.post(reversal(now, "rev/2", 2)).status, posting_status::rejected_out_of_order);
  const auto when = reversal_time(acc.state(), now);
  EXPECT_EQ(when, at("2026-12-07T09:00"));
  const auto r = acc.post(reversal(when, "rev/2", 2));
  ASSERT_EQ(r.status, posting_status::ok) << r.message;
  EXPECT_EQ(acc.state().balance, yuan("100"));
  // At or after the last event, the time asked for stands; a fresh account has no last event.
  EXPECT_EQ(reversal_time(acc.state(), at("2026-12-08T00:00")), at("2026-12-08T00:00"));
  EXPECT_EQ(reversal_time(account::open(test::simple_params()).state(), now), now);
}

}  // namespace
}  // namespace submeter::ledger
