#pragma once
// Shared helpers of the ledger tests.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/cut_policy.hpp"

namespace submeter::ledger::test {

inline money yuan(const char* text) { return money::parse(text); }
inline local_time at(const char* text) { return parse_local_time(text); }

/// A UPPCL-like cut policy: 30 minutes' notice, no cut 18:00–08:00 daily nor on Sundays and
/// holidays (a calendar with 1 and 2 October 2025).
inline cut_policy uppcl_like() {
  cut_policy c;
  c.notice = std::chrono::minutes(30);
  c.windows.push_back(no_cut_window::daily(18 * 60, 8 * 60));
  c.windows.push_back(
      no_cut_window::whole_days({calendar::day_kind::sunday, calendar::day_kind::holiday}));
  c.holidays = calendar::holiday_calendar::make(
      "test", {2025},
      {{date::local_days{date::year{2025} / 10 / 1}, calendar::day_kind::holiday, "国庆节"},
       {date::local_days{date::year{2025} / 10 / 2}, calendar::day_kind::holiday, "国庆节"}});
  return c;
}

/// A prepaid account "A-1" with one electricity meter "M-1" and the vectors' pp-seq-1 levels.
inline account_params simple_params(counter_policy counters = counter_policy::strict_next) {
  return account_params::make(
      "A-1", account_mode::prepaid, {{"M-1", utility::electricity}, {"W-1", utility::water}},
      level_params::make(yuan("50"), yuan("20"), yuan("30"), yuan("10"), yuan("2000")),
      {yuan("100"), yuan("30"), yuan("0")}, counters);
}

/// An account with simple_params after a first recharge of `amount` on M-1 (entry 1).
inline account funded(money amount) {
  account acc = account::open(simple_params());
  const auto r = acc.post(recharge(at("2025-01-01T09:00"), "M-1", 1, amount, channel::cash, "p1"));
  EXPECT_EQ(r.status, posting_status::ok) << r.message;
  return acc;
}

}  // namespace submeter::ledger::test
