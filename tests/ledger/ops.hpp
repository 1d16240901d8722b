#pragma once
// Random event sequences for property tests and the store's crash tests: a list of small integer
// "ops" turned into events deterministically (strictly increasing times, keys from the op index).

#include <cstdint>
#include <string>
#include <vector>

#include "submeter/ledger/event.hpp"

namespace submeter::ledger::test {

/// One random operation: `kind` picks the event, `a` and `b` its numbers.
struct op {
  int kind = 0;  // 0..9
  int a = 0;     // 0..10000
  int b = 0;     // 0..20
};

/// The events of `ops` for an account with meters "M-1" (electricity) and "W-1" (water).
/// Counters are mostly next, sometimes replayed, stale or skipping; reversals name random entries.
inline std::vector<event> events_of(const std::vector<op>& ops, const std::string& tag = "") {
  std::vector<event> out;
  std::int64_t counter = 0;
  const auto base = date::local_days{date::year{2025} / 1 / 1};
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& o = ops[i];
    const local_time t = local_time(base) + std::chrono::minutes(10 * static_cast<int>(i));
    const std::string key = tag + "k" + std::to_string(i);
    const money amount = money::from_mantissa(static_cast<std::int64_t>(o.a + 1) * 100);  // fen
    switch (o.kind) {
      case 0:
      case 1: {
        const std::int64_t c = o.b < 15 ? counter + 1 : (o.b < 18 ? counter : counter + 2);
        if (c > counter) counter = c;
        out.push_back(recharge(t, "M-1", c < 1 ? 1 : c, amount, channel::wechat_pay,
                               "pay-" + std::to_string(c)));
        break;
      }
      case 2:
        out.push_back(consumption(t, key, "M-1", energy::from_mantissa(o.a * 100L), amount));
        break;
      case 3:
        out.push_back(water_consumption(t, key, "W-1", volume::from_mantissa(o.a * 10L), amount));
        break;
      case 4:
        out.push_back(fee(t, key, amount, "fee"));
        break;
      case 5:
        out.push_back(refund(t, key, amount));
        break;
      case 6:
        out.push_back(reversal(t, key, static_cast<std::uint64_t>(o.b + 1)));
        break;
      case 7:
        out.push_back(adjustment(t, key, o.b % 2 == 0 ? amount : -amount, "rerate"));
        break;
      case 8:
        out.push_back(charge(t, key, amount, "arrears"));
        break;
      default:
        if (o.b % 4 == 0) {
          out.push_back(local_restore(t, key));
        } else if (o.b % 4 == 1) {
          out.push_back(remote(t, static_cast<remote_command>(o.a % 5), key));
        } else {
          out.push_back(tick(t, key));
        }
        break;
    }
  }
  return out;
}

}  // namespace submeter::ledger::test
