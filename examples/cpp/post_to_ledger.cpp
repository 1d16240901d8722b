// Post to a prepaid account from code: open it with the PP-1 levels, take a recharge, deduct two
// readings' consumption, and read the level, the notices and the relay decision (CUT-3) after
// each. The account is a fold over events (ledger/account.hpp); a store (src/store) would keep the
// same events durably. Built and run by ctest (example.cpp.post_to_ledger) against
// post_to_ledger.expected.
#include <iostream>
#include <string>

#include "submeter/core/time.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/ledger/relay.hpp"

namespace {

void show(const char* what, const submeter::ledger::account& acc,
          const submeter::ledger::posting& r) {
  using submeter::ledger::to_string;
  std::cout << what << ": " << to_string(r.status) << ", balance "
            << acc.state().balance.to_string(2) << ", level " << to_string(acc.state().current);
  for (const auto& n : r.notifications) std::cout << ", notice " << n.code;
  std::cout << "\n";
}

}  // namespace

int main() {
  using namespace submeter;
  namespace lg = submeter::ledger;
  // Alarm 1 at 50 yuan, alarm 2 (warning trip) at 20, cut at 0, close again above 10.
  const auto levels = lg::level_params::make(money::parse("50"), money::parse("20"),
                                             money::parse("0"), money::parse("10"));
  auto acc = lg::account::open(
      lg::account_params::make("T-0107", lg::account_mode::prepaid, {{"M-0107"}}, levels));

  show("recharge 100.00", acc,
       acc.post(lg::recharge(parse_local_time("2026-07-01T09:00"), "M-0107", 1,
                             money::parse("100.00"), lg::channel::wechat_pay, "wx-0001")));
  show("deduct 62.50", acc,
       acc.post(lg::consumption(parse_local_time("2026-07-10T00:00"), "reading/M-0107/07-10",
                                "M-0107", energy::parse("96.15"), money::parse("62.50"))));
  show("deduct 41.20", acc,
       acc.post(lg::consumption(parse_local_time("2026-07-20T00:00"), "reading/M-0107/07-20",
                                "M-0107", energy::parse("63.38"), money::parse("41.20"))));
  // The same deduction again (a replayed reading) is recognised by its key and not applied twice.
  show("replayed 41.20", acc,
       acc.post(lg::consumption(parse_local_time("2026-07-20T00:00"), "reading/M-0107/07-20",
                                "M-0107", energy::parse("63.38"), money::parse("41.20"))));

  const auto d =
      lg::decide(acc.state().relay, acc.state().current, {}, parse_local_time("2026-07-20T00:00"));
  std::cout << "relay: " << (d.closed ? "closed" : "open") << (d.cut ? ", cut now" : "");
  for (const auto& why : d.reasons) std::cout << "; " << why;
  std::cout << "\n";
  return 0;
}
