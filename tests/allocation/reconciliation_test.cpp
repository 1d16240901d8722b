// Tests of include/submeter/allocation/reconciliation.hpp on the settlement vectors' site
// (allocation.json › mode-a-1, mode-b-1): master 10,000 kWh, A 5,000, B 3,000, own use 500,
// common area 800, loss 700, grid bill 8,650.00.
#include "submeter/allocation/reconciliation.hpp"

#include <gtest/gtest.h>

#include "submeter/allocation/settlement.hpp"
#include "vectors.hpp"

namespace {

using namespace submeter;
using namespace submeter::allocation;

money sum_amounts(const std::vector<reconciliation_item>& items) {
  money s{};
  for (const auto& i : items) s += i.amount;
  return s;
}
energy sum_energy(const std::vector<reconciliation_item>& items) {
  energy s{};
  for (const auto& i : items) s += i.kwh;
  return s;
}

reconciliation_input site() {
  reconciliation_input in;
  in.site_id = "mall";
  in.month = "2026-10";
  in.grid_energy = energy::parse("10000");
  in.grid_bill = money::parse("8650.00");
  in.tenant_energy = energy::parse("8000");
  in.common_area_energy = energy::parse("800");
  in.landlord_energy = energy::parse("500");
  in.loss_energy = energy::parse("700");
  return in;
}

TEST(Reconciliation, ModeBEveryYuanExplained) {
  const auto b = settle_pass_through(
      money::parse("8650.00"), {{"A", energy::parse("5000")},
                                {"B", energy::parse("3000")},
                                {"L", energy::parse("500"), end_user_kind::landlord_own_use}});
  auto in = site();
  in.tenant_charges = b.tenant_total;  // 8,141.18
  const auto r = reconcile(in);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.unexplained_energy, energy{});
  EXPECT_EQ(sum_energy(r.energy_items), r.grid_energy);
  EXPECT_EQ(sum_amounts(r.money_items), r.grid_bill);
  // own use at the average price 0.865: 432.50; the rest (76.32) is the shares' rounding and the
  // own-use share above its average-price value: 508.82 − 432.50.
  EXPECT_EQ(r.money_items[3].amount, money::parse("432.50"));
  EXPECT_EQ(r.borne_by_landlord, b.landlord_share);
}

TEST(Reconciliation, ModeAWithPropertyFeeRecovery) {
  const auto a = settle_catalogue(energy_price::parse("0.8650"), energy::parse("10000"),
                                  {{"A", energy::parse("5000")},
                                   {"B", energy::parse("3000")},
                                   {"L", energy::parse("500"), end_user_kind::landlord_own_use}});
  auto in = site();
  in.tenant_charges = money::parse("6920.00");
  in.common_area_recovered = money::parse("692.00");  // 800 kWh × 0.865
  in.loss_recovered = money::parse("605.50");         // 700 kWh × 0.865
  EXPECT_EQ(in.common_area_recovered + in.loss_recovered, a.not_on_electricity_bill_cost);
  const auto r = reconcile(in);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(sum_amounts(r.money_items), r.grid_bill);
  EXPECT_EQ(r.borne_by_landlord, a.landlord_own_use_cost);
  EXPECT_EQ(r.money_items[4].amount, money{});
}

TEST(Reconciliation, UnexplainedEnergyAndOverRecoveryAreWarnings) {
  auto in = site();
  in.loss_energy = energy::parse("600");
  in.tenant_charges = money::parse("9000");
  const auto r = reconcile(in);
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0].code, "unexplained_energy");
  EXPECT_EQ(r.warnings[0].context_value("unexplained_kwh"), "100.00");
  EXPECT_EQ(r.warnings[1].code, "over_recovery");
  EXPECT_EQ(r.warnings[1].context_value("excess"), "782.50");
  EXPECT_EQ(sum_energy(r.energy_items), r.grid_energy);
  EXPECT_EQ(sum_amounts(r.money_items), r.grid_bill);
}

}  // namespace
