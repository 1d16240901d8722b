// Bill one tenant from code: a four-register TOU tariff, one meter with a CT ratio, the readings
// at the bounds of July 2026, rated and assembled into an explained bill. The first way DESIGN.md
// says submeter is used: linked into another platform, no files and no I/O in the library.
//
// Built and run by ctest (example.cpp.bill_one_tenant); the output is compared with
// bill_one_tenant.expected, and docs/getting-started.md shows it.
#include <iostream>

#include "submeter/bill/bill.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/meter.hpp"
#include "submeter/metering/register_reading.hpp"
#include "submeter/tariff/register_tariff.hpp"

int main() {
  using namespace submeter;
  // Registers 1..4 are 尖 峰 平 谷 (sharp, peak, flat, valley), priced in yuan per kWh.
  const auto tou = tariff::register_tariff::tou("mall-tou4", {{1, energy_price::parse("1.3512")},
                                                              {2, energy_price::parse("1.0810")},
                                                              {3, energy_price::parse("0.6531")},
                                                              {4, energy_price::parse("0.2845")}});
  // A meter behind 100/5 A current transformers: the registers read secondary kWh, × 20.
  const auto meter = metering::meter::make("M-0107", ratio::parse("20"));

  metering::register_reading start;
  start.time = parse_local_time("2026-07-01T00:00");
  start.total = energy::parse("1520.40");
  start.rates = {energy::parse("120.10"), energy::parse("400.20"), energy::parse("500.00"),
                 energy::parse("500.10")};
  metering::register_reading end;
  end.time = parse_local_time("2026-08-01T00:00");
  end.total = energy::parse("1768.95");
  end.rates = {energy::parse("141.35"), energy::parse("466.80"), energy::parse("577.70"),
               energy::parse("583.10")};

  // Per-line rounding to the fen, half up (四舍五入): the rule is printed on the bill.
  const bill::rounding_rule rule{};
  const auto usage = metering::usage(meter, start, end, rounding::half_up);
  auto lines = tariff::rate(tou, usage, rule);
  const auto b =
      bill::assemble("T-0107", "Tea House", "2026-07", tou.id(), {usage}, std::move(lines), rule);

  std::cout << b.tenant_name << " (" << b.tenant_id << "), " << b.period << ", tariff "
            << b.tariff_id << "\n";
  for (const auto& l : b.lines) {
    std::cout << "  " << l.register_name << ": " << l.explanation << "\n";
  }
  std::cout << "  total " << b.total.to_string(2) << " (" << rule.describe() << ")\n";
  return 0;
}
