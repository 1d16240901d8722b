// Tests of include/submeter/tariff/two_part.hpp: a month of a two-part tariff (capacity or demand,
// then power factor) and the sharing of a site's two-part lines among tenants (TP-10, PF-5).
// The worked example of docs/two-part.md comes from TwoPart.WorkedExample400kVAIndustrialTenant.
#include "submeter/tariff/two_part.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "submeter/allocation/share.hpp"
#include "submeter/metering/demand.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using submeter::test_support::error_of;
using money10 = bill::exact_money;

std::vector<bill::line> energy_lines_of_the_example() {
  const bill::rounding_rule rule{};
  return {bill::energy_line("T-400", 2, "peak", energy::parse("40000"), energy_price::parse("1.0"),
                            rule),
          bill::energy_line("T-400", 3, "flat", energy::parse("50000"), energy_price::parse("0.65"),
                            rule),
          bill::energy_line("T-400", 4, "valley", energy::parse("30000"),
                            energy_price::parse("0.30"), rule)};
}

two_part_usage usage_of_the_example() {
  two_part_usage u;
  u.max_demand = power::parse("290");
  u.metering_point_kwh = {energy::parse("120000")};
  u.active_kwh = energy::parse("120000");
  u.reactive_import = reactive_energy::parse("62000");
  return u;
}

money10 total_of(const std::vector<bill::line>& lines) {
  money10 t;
  for (const auto& l : lines) t += l.amount;
  return t;
}

TEST(TwoPart, WorkedExample400kVAIndustrialTenant) {
  // A 400 kVA industrial tenant, 120,000 kWh (40,000 peak at 1.00, 50,000 flat at 0.65, 30,000
  // valley at 0.30 = 81,500.00), 62,000 kvarh, standard 0.90, maximum demand 290 kW.
  const bill::rounding_rule rule{};
  const auto energy_lines = energy_lines_of_the_example();
  EXPECT_EQ(total_of(energy_lines), money10::parse("81500"));

  // By capacity: 400 kVA × 26 = 10,400.00; cos φ = 0.8884… → 0.89 → +0.5 % of 91,900.00.
  two_part_tariff cap;
  cap.basis = basic_charge_basis::capacity;
  cap.capacity_kva = power::parse("400");
  cap.capacity_price = power_price::parse("26");
  cap.pf = pf_standard::s0_90;
  const auto by_capacity = rate_two_part("T-400", cap, usage_of_the_example(), energy_lines, rule);
  ASSERT_EQ(by_capacity.lines.size(), 2U);
  EXPECT_EQ(by_capacity.lines[0].amount, money10::parse("10400"));
  EXPECT_EQ(by_capacity.lines[1].amount, money10::parse("459.50"));
  EXPECT_EQ(by_capacity.lines[1].explanation,
            "W_P 120,000.00 kWh, W_Q 62,000.00 kvarh; cos φ 0.89 vs standard 0.90: +0.50 % × base "
            "91,900.00 (capacity + demand + energy + tier_adder, PF-3/PF-4) = 459.50");
  EXPECT_TRUE(by_capacity.warnings.empty());

  // By demand: contract 300 kW at 40 yuan/kW; 290 ≤ 105 % × 300 bills the contract, 12,000.00;
  // 120,000 kWh / 400 kVA = 300 kWh/kVA ≥ 260, so 90 % of the price: 10,800.00 (TP-7).
  two_part_tariff dem = cap;
  dem.basis = basic_charge_basis::demand;
  dem.demand_price = power_price::parse("40");
  dem.declared_contract = power::parse("300");
  const auto by_demand = rate_two_part("T-400", dem, usage_of_the_example(), energy_lines, rule);
  ASSERT_EQ(by_demand.lines.size(), 2U);
  EXPECT_EQ(by_demand.lines[0].amount, money10::parse("10800"));
  EXPECT_EQ(
      by_demand.lines[0].explanation,
      "D 290 kW, C 300 kW: D ≤ 105 % C, bill C × p (TP-6 variant_ii), p = 40.00 yuan/kW·month "
      "× 0.9 (TP-7 260 kWh/kVA) = 10,800.00");
  EXPECT_EQ(by_demand.lines[1].amount, money10::parse("461.50"));  // 0.5 % × 92,300.00

  // Capacity is the cheaper basis this month: 10,859.50 against 11,261.50 (before energy).
  EXPECT_EQ(total_of(by_capacity.lines), money10::parse("10859.50"));
  EXPECT_EQ(total_of(by_demand.lines), money10::parse("11261.50"));

  // A contract below the floor (40 % × 400 = 160 kW) is raised, with a warning and a note.
  dem.declared_contract = power::parse("100");
  auto u = usage_of_the_example();
  u.max_demand = power::parse("150");
  const auto raised = rate_two_part("T-400", dem, u, energy_lines, rule);
  ASSERT_EQ(raised.warnings.size(), 1U);
  EXPECT_EQ(raised.warnings[0].code, "contract_demand_raised_to_floor");
  EXPECT_EQ(raised.lines[0].amount, money10::parse("5760"));  // 160 × 40 × 0.9
  EXPECT_NE(raised.lines[0].explanation.str().find("raised to the 40 % floor 160 kW"),
            std::string::npos);
}

TEST(TwoPart, PartialMonthOfADemandUser) {
  two_part_tariff dem;
  dem.basis = basic_charge_basis::demand;
  dem.demand_price = power_price::parse("40");
  dem.high_load_discount = false;
  auto u = usage_of_the_example();
  u.days_used = 10;
  const auto r = rate_two_part("T", dem, u, {}, bill::rounding_rule{});
  ASSERT_EQ(r.lines.size(), 1U);                            // no PF standard: no adjustment
  EXPECT_EQ(r.lines[0].amount, money10::parse("3866.67"));  // 290 × 40 × 10/30
  EXPECT_EQ(r.lines[0].component, submeter::bill::component::demand);
}

TEST(TwoPart, SiteLinesSharedByEveryBasisAddUpExactly) {
  const bill::rounding_rule rule{};
  const std::vector<bill::line> site{
      capacity_line("MASTER", power::parse("400"), power_price::parse("26"), rule),
      power_factor_line("MASTER", money10::parse("91900"), pf_standard::s0_90, 89, rule)};
  const std::vector<std::string> tenants{"A", "B", "C"};
  // By kWh.
  const auto by_kwh = allocation::share_site_lines(
      site, tenants,
      std::vector<energy>{energy::parse("50000"), energy::parse("40000"), energy::parse("30000")},
      "kWh");
  ASSERT_EQ(by_kwh.size(), 6U);
  EXPECT_EQ(by_kwh[0].amount, money10::parse("4333.33"));
  EXPECT_EQ(by_kwh[1].amount, money10::parse("3466.67"));
  EXPECT_EQ(by_kwh[2].amount, money10::parse("2600"));
  EXPECT_EQ(by_kwh[0].explanation,
            "share of site capacity 10,400.00 (meter MASTER) by kWh: 50000 of 120000 (largest "
            "remainder) = 4,333.33");
  EXPECT_EQ(by_kwh[3].component, submeter::bill::component::power_factor);
  EXPECT_EQ(by_kwh[3].amount + by_kwh[4].amount + by_kwh[5].amount, money10::parse("459.50"));
  // Equally: 10,400 / 3 → 3,466.67 + 3,466.67 + 3,466.66 (ties to the earlier tenant).
  const auto equal =
      allocation::share_site_lines(site, tenants, std::vector<int>{1, 1, 1}, "equal");
  EXPECT_EQ(equal[0].amount, money10::parse("3466.67"));
  EXPECT_EQ(equal[1].amount, money10::parse("3466.67"));
  EXPECT_EQ(equal[2].amount, money10::parse("3466.66"));
  // By coincident peak from interval data.
  using namespace std::chrono_literals;
  const auto t0 = parse_local_time("2025-07-15T10:00");
  std::vector<power> a(30, power::parse("10")), b(30, power::parse("10")), c(30, power::parse("5"));
  for (std::size_t i = 0; i < 15; ++i) a[i] = power::parse("50");
  for (std::size_t i = 15; i < 30; ++i) b[i] = power::parse("60");
  using metering::interval_series;
  const std::vector<interval_series> ts{interval_series::of_power(t0, 1min, a),
                                        interval_series::of_power(t0, 1min, b),
                                        interval_series::of_power(t0, 1min, c)};
  const auto peaks =
      metering::peaks_for_sharing(metering::sum_series(ts), ts, metering::demand_window::block());
  const auto by_peak =
      allocation::share_site_lines({site[0]}, tenants, peaks.coincident, "coincident peak kW");
  // Coincident 10 / 60 / 5 of 75 kW.
  EXPECT_EQ(by_peak[0].amount, money10::parse("1386.67"));
  EXPECT_EQ(by_peak[1].amount, money10::parse("8320"));
  EXPECT_EQ(by_peak[2].amount, money10::parse("693.33"));
  EXPECT_EQ(error_of([&] {
              (void)allocation::share_site_lines(site, tenants, std::vector<int>{1, 1}, "x");
            }).code(),
            errc::invalid_argument);
}

TEST(TwoPart, DemandByTouRegisterFromTheSchedule) {
  // A day table: 08:00–12:00 peak (2), the rest flat (3); 1-minute data 11:00–13:00, a burst at
  // 11:50–12:05 straddles the boundary: the peak register sees windows closing until 12:00.
  const auto table = day_table::make("day", {{2, 8 * 60, 12 * 60}, {3, 12 * 60, 8 * 60}});
  const auto s = tou_schedule::make("two", register_set::conventional(3), {}, {table},
                                    {{{}, {}, "", "day"}}, {});
  using namespace std::chrono_literals;
  const auto t0 = parse_local_time("2025-07-15T11:00");
  std::vector<power> v(120, power::parse("100"));
  for (std::size_t i = 50; i < 65; ++i) v[i] = power::parse("400");
  const auto series = metering::interval_series::of_power(t0, 1min, v);
  const auto w = window_classifier::make(s, {}, {}, t0, 1min, 120);
  const auto r = demand_by_register(series, metering::demand_window::sliding(), w);
  ASSERT_TRUE(r[2] && r[3]);
  EXPECT_EQ(r[2]->window_end, parse_local_time("2025-07-15T12:00"));
  EXPECT_EQ(r[2]->demand, power::parse("300"));  // 10 of 15 minutes at 400
  EXPECT_EQ(r[3]->demand, power::parse("400"));  // 11:50–12:05 closes in the flat period
}

// Whatever the weights, each site line's tenant parts add up to the line exactly.
RC_GTEST_PROP(TwoPartProperty, SharesAddUpToEachSiteLine, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 12);
  const auto w = *rc::gen::container<std::vector<std::int64_t>>(
      n, rc::gen::inRange<std::int64_t>(1, 1000000000));
  const auto kva = *rc::gen::inRange<std::int64_t>(0, 100000000);
  std::vector<power> weights;
  std::vector<std::string> tenants;
  for (std::size_t i = 0; i < n; ++i) {
    weights.push_back(power::from_mantissa(w[i]));
    tenants.push_back("T" + std::to_string(i));
  }
  const bill::rounding_rule rule{};
  const std::vector<bill::line> site{
      capacity_line("M", power::from_mantissa(kva), power_price::parse("23.5"), rule)};
  const auto parts = allocation::share_site_lines(site, tenants, weights, "peak kW");
  money10 sum;
  for (const auto& p : parts) sum += p.amount;
  RC_ASSERT(sum == site[0].amount);
}

}  // namespace
