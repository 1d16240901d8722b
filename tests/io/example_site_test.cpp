// The format-v0 sample site (tests/data/sites/v0-sample, the repository's first examples/site):
// two tenants billed by hand from its readings.csv, checked against the engine, and its golden
// bills. (The v1 sample in examples/site is checked by hand in site_v1_test.cpp's small site and
// against its own golden bills by the example.site.* tests.)
#include <gtest/gtest.h>

#include <string>

#include "io/site_loader.hpp"
#include "submeter/site/run.hpp"

namespace {

using submeter::energy;
using submeter::money;
using submeter::bill::billing_period;
using submeter::bill::exact_money;

const submeter::bill::bill& bill_of(const std::vector<submeter::site::tenant_bill>& bills,
                                    const std::string& tenant) {
  for (const auto& b : bills) {
    if (b.tenant_id == tenant) return b;
  }
  throw std::runtime_error("no bill for " + tenant);
}

class ExampleSite : public ::testing::Test {
 protected:
  const submeter::site::site site =
      submeter::io::load_site(std::string(SUBMETER_TEST_DATA) + "/sites/v0-sample");
  const std::vector<submeter::site::tenant_bill> bills =
      submeter::site::run_site(site, billing_period::parse("2026-07")).bills;
};

TEST_F(ExampleSite, TwelveTenantsAndTheSiteTotal) {
  EXPECT_EQ(bills.size(), 12u);
  money total;
  for (const auto& b : bills) total += b.total;
  EXPECT_EQ(total, money::parse("163751.38"));  // as printed by the golden bills
}

// T-05 Park Canteen, flat-general 0.7300 yuan/kWh, one direct meter M-006:
//   readings.csv: M-006 2026-07-01T00:00 total 87903.83; 2026-08-01T00:00 total 96593.16
//   used: 96593.16 − 87903.83 = 8689.33 kWh (the 07-15 reading does not matter)
//   8689.33 × 0.73 = 6343.2109 → half_up to 0.01 = 6343.21
TEST_F(ExampleSite, CanteenFlatByHand) {
  const auto& b = bill_of(bills, "T-05");
  ASSERT_EQ(b.lines.size(), 1u);
  EXPECT_EQ(b.lines[0].quantity, submeter::bill::line_quantity::parse("8689.33"));
  EXPECT_EQ(b.lines[0].unrounded, exact_money::parse("6343.2109"));
  EXPECT_EQ(b.lines[0].amount, exact_money::parse("6343.21"));
  EXPECT_EQ(b.lines[0].explanation, "8,689.33 kWh × 0.73 = 6,343.21");
  EXPECT_EQ(b.total, money::parse("6343.21"));
}

// T-01 Hongda Precision Machining, tou-10kv (1.35 / 1.08 / 0.60 / 0.24), two meters, CT 400/5
// (×80).
//   M-001 2026-07-01T00:00 → 2026-08-01T00:00
//     sharp  27839.29 − 27800.30 =  38.99 × 80 =  3119.20 kWh × 1.35 =  4210.92
//     peak   43294.62 − 43154.07 = 140.55 × 80 = 11244.00 kWh × 1.08 = 12143.52
//     flat   44062.75 − 43934.80 = 127.95 × 80 = 10236.00 kWh × 0.60 =  6141.60
//     valley  9708.53 −  9609.80 =  98.73 × 80 =  7898.40 kWh × 0.24 =  1895.616 → 1895.62
//   M-002 read at 2026-06-30T23:45 (within 24 h of the bound) → 2026-08-01T00:00
//     sharp  38036.98 − 38001.73 =  35.25 × 80 =  2820.00 kWh × 1.35 =  3807.00
//     peak   21298.87 − 21127.12 = 171.75 × 80 = 13740.00 kWh × 1.08 = 14839.20
//     flat    1363.73 −  1212.63 = 151.10 × 80 = 12088.00 kWh × 0.60 =  7252.80
//     valley  7917.17 −  7771.59 = 145.58 × 80 = 11646.40 kWh × 0.24 =  2795.136 → 2795.14
//   total = 4210.92 + 12143.52 + 6141.60 + 1895.62 + 3807.00 + 14839.20 + 7252.80 + 2795.14
//         = 53085.80
TEST_F(ExampleSite, WorkshopTouByHand) {
  const auto& b = bill_of(bills, "T-01");
  const char* amounts[] = {"4210.92", "12143.52", "6141.60", "1895.62",
                           "3807.00", "14839.20", "7252.80", "2795.14"};
  const char* quantities[] = {"3119.20", "11244.00", "10236.00", "7898.40",
                              "2820.00", "13740.00", "12088.00", "11646.40"};
  ASSERT_EQ(b.lines.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(b.lines[i].meter_id, i < 4 ? "M-001" : "M-002");
    EXPECT_EQ(b.lines[i].rate_register, static_cast<int>(i % 4) + 1);
    EXPECT_EQ(b.lines[i].quantity, submeter::bill::line_quantity::parse(quantities[i])) << i;
    EXPECT_EQ(b.lines[i].amount, exact_money::parse(amounts[i])) << i;
  }
  EXPECT_EQ(b.lines[3].unrounded, exact_money::parse("1895.616"));
  EXPECT_EQ(b.usages[1].from.time, submeter::parse_local_time("2026-06-30T23:45"));
  EXPECT_EQ(b.total, money::parse("53085.80"));
}

}  // namespace
