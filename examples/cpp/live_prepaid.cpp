// The live prepaid step from code (issue 17; docs/prepaid.md): one flat-rate tenant read a few
// times in July 2026. Each reading is rated as the month's bill to date less what was deducted,
// posted under reading/<meter>/<time>, and its alarms, relay decision and outbox rows come back
// as values. A trip on Saturday night waits for Monday 08:00 (no-cut windows); a recharge
// restores. At month end the deductions add up to the bill. Built and run by ctest
// (example.cpp.live_prepaid) against live_prepaid.expected, which docs/prepaid.md quotes.
#include <iostream>
#include <string>
#include <vector>

#include "submeter/site/live_step.hpp"

namespace {

using namespace submeter;

void show_rows(const std::vector<ledger::outbox_row>& rows) {
  for (const auto& r : rows) {
    std::cout << "    outbox " << r.id << ": ";
    if (r.is_command()) {
      std::cout << ledger::to_string(*r.command) << " " << r.meter << "\n";
    } else {
      std::cout << ledger::to_string(r.about) << (r.detail.empty() ? "" : " " + r.detail) << "\n";
    }
  }
}

}  // namespace

int main() {
  ledger::cut_policy cuts;  // CUT-3: 30 minutes' notice, no cut 18:00-08:00 nor on Sundays
  cuts.notice = std::chrono::minutes{30};
  cuts.windows.push_back(ledger::no_cut_window::daily(18 * 60, 8 * 60));
  cuts.windows.push_back(ledger::no_cut_window::whole_days({calendar::day_kind::sunday}));
  const auto plan = site::live_plan::make(
      {ledger::account_params::make(
          "T-1", ledger::account_mode::prepaid, {{"M-1", ledger::utility::electricity}},
          ledger::level_params::make(money::parse("50"), money::parse("20"), money::parse("0"),
                                     money::parse("10")),
          {}, ledger::counter_policy::strict_next, cuts)},
      {site::live_meter::make(metering::meter::make("M-1"),
                              tariff::register_tariff::flat("flat", energy_price::parse("0.7")))});
  auto state = site::open_state(plan);

  const auto read = [&](const char* time, const char* total) {
    metering::reading r;
    r.meter_id = "M-1";
    r.registers.time = parse_local_time(time);
    r.registers.total = energy::parse(total);
    const auto o = site::ingest(plan, state, r);
    const auto& acc = state.accounts[0].state();
    std::cout << time << " reading " << total << ": " << site::to_string(o.status);
    if (o.deduction) std::cout << " " << o.deduction->amount.to_string(2);
    std::cout << ", balance " << acc.balance.to_string(2) << ", level "
              << ledger::to_string(acc.current) << ", relay "
              << ledger::to_string(acc.relay.position) << "\n";
    show_rows(o.rows);
  };
  const auto recharge = [&](const char* time, std::int64_t counter, const char* amount) {
    const auto p =
        site::post_event(plan, state, "T-1",
                         ledger::recharge(parse_local_time(time), "M-1", counter,
                                          money::parse(amount), ledger::channel::wechat_pay, "wx"));
    const auto& acc = state.accounts[0].state();
    std::cout << time << " recharge " << amount << ": " << ledger::to_string(p.posted.status)
              << ", balance " << acc.balance.to_string(2) << ", level "
              << ledger::to_string(acc.current) << ", relay "
              << ledger::to_string(acc.relay.position) << "\n";
    show_rows(p.rows);
  };

  read("2026-07-01T00:00", "1000");
  recharge("2026-07-01T08:00", 1, "100");
  read("2026-07-01T20:00", "1050");
  read("2026-07-03T12:00", "1100");
  read("2026-07-04T21:40", "1120");  // a Saturday
  read("2026-07-05T12:00", "1125");
  read("2026-07-06T08:15", "1130");
  recharge("2026-07-06T09:00", 2, "200");
  read("2026-08-01T00:00", "1300");
  read("2026-07-20T00:00", "1200");  // late: kept for the bill, not deducted

  // The July bill in one piece: 1000 → 1300, 300 kWh × 0.7 (site::usage_bill gives the same; the
  // properties in tests/site/live_reconcile_test.cpp check that for any stream).
  const money bill =
      multiply<money>(energy::parse("300"), energy_price::parse("0.7"), rounding::half_up);
  std::cout << "July: deducted " << state.cursors.at("M-1").deducted_in("2026-07").to_string(2)
            << ", bill " << bill.to_string(2) << ", true-up "
            << site::true_up(state, "M-1", "2026-07", bill).to_string(2) << "\n";
}
