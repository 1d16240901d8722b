// Tests of include/submeter/allocation/settlement.hpp, driven by tests/data/vectors/
// allocation.json › settlement_mode_vectors (SUP-2), and the Mode B property.
#include "submeter/allocation/settlement.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "submeter/bill/compliance.hpp"
#include "support/error_of.hpp"
#include "vectors.hpp"

namespace {

using namespace submeter;
using namespace submeter::allocation;
using test_support::dec;
using test_support::error_of;

const nlohmann::json& vector_of(const nlohmann::json& doc, const std::string& id) {
  for (const auto& v : doc["settlement_mode_vectors"])
    if (v["id"] == id) return v;
  throw std::runtime_error("no vector " + id);
}

std::vector<end_user> users_of(const nlohmann::json& v) {
  std::vector<end_user> out;
  for (const auto& u : v["end_users"]) {
    out.push_back(
        {u["id"].get<std::string>(), dec<energy>(u["kwh"]),
         u["kind"] == "tenant" ? end_user_kind::tenant : end_user_kind::landlord_own_use});
  }
  return out;
}

TEST(Settlement, ModeBVector) {
  const auto doc = test_support::allocation_vectors();
  const auto& v = vector_of(doc, "mode-b-1");
  const auto r = settle_pass_through(dec<money>(v["grid_bill"]), users_of(v));
  const auto& e = v["expected"];
  money sum{};
  for (std::size_t k = 0; k < r.shares.size(); ++k) {
    EXPECT_EQ(r.shares[k], dec<money>(e["shares"][k]));
    EXPECT_EQ(r.lines[k].amount, rescale<bill::exact_money>(dec<money>(e["shares"][k])));
    EXPECT_EQ(r.lines[k].component, submeter::bill::component::energy);
    sum += r.shares[k];
  }
  EXPECT_EQ(r.tenant_total, dec<money>(e["tenant_total"]));
  EXPECT_EQ(r.landlord_share, dec<money>(e["landlord_own_share"]));
  EXPECT_EQ(sum, dec<money>(e["sum_of_shares"]));
  EXPECT_EQ(r.tenant_total <= r.grid_bill, e["invariant_sum_le_grid_bill"].get<bool>());
  EXPECT_EQ(r.lines[0].explanation,
            "pass-through share of the grid bill 8,650.00: 5,000.00 of 8,500.00 kWh = 5,088.24");
}

TEST(Settlement, ModeAVector) {
  const auto doc = test_support::allocation_vectors();
  const auto& v = vector_of(doc, "mode-a-1");
  const auto r = settle_catalogue(dec<energy_price>(v["catalogue_price"]),
                                  dec<energy>(v["master_kwh"]), users_of(v));
  const auto& e = v["expected"];
  ASSERT_EQ(r.tenant_lines.size(), e["electricity_lines"].size());
  for (std::size_t k = 0; k < r.tenant_lines.size(); ++k) {
    EXPECT_EQ(r.tenant_lines[k].meter_id, e["electricity_lines"][k]["id"].get<std::string>());
    EXPECT_EQ(r.tenant_lines[k].amount,
              dec<bill::exact_money>(e["electricity_lines"][k]["amount"]));
  }
  EXPECT_EQ(r.landlord_own_use_cost, dec<money>(e["landlord_own_use_cost"]));
  EXPECT_EQ(r.not_on_electricity_bill, dec<energy>(e["not_on_electricity_bill_kwh"]));
  EXPECT_EQ(r.not_on_electricity_bill,
            dec<energy>(v["common_area_meter"]["kwh"]) + dec<energy>(v["loss_kwh"]));
  EXPECT_EQ(r.not_on_electricity_bill_cost, dec<money>(e["not_on_electricity_bill_cost"]));
  // The forbidden components are exactly the ones the compliance check flags.
  for (const auto& c : e["lines_forbidden_on_electricity_bill"])
    EXPECT_TRUE(bill::forbidden_on_electricity_bill(bill::parse_component(c.get<std::string>())))
        << c;
  EXPECT_FALSE(bill::forbidden_on_electricity_bill(bill::component::energy));
  // The 1,297.50 goes to property-fee lines by area, adding up exactly.
  std::vector<sharer> tenants(2);
  tenants[0].id = "A";
  tenants[0].floor_area = area::parse("300");
  tenants[1].id = "B";
  tenants[1].floor_area = area::parse("200");
  const auto fee = recover_through_property_fee(r.not_on_electricity_bill_cost, tenants,
                                                share_method::by(basis::area));
  EXPECT_EQ(fee[0].component, submeter::bill::component::property_fee);
  EXPECT_EQ(fee[0].amount + fee[1].amount,
            rescale<bill::exact_money>(r.not_on_electricity_bill_cost));
  EXPECT_EQ(fee[0].amount, bill::exact_money::parse("778.50"));
}

TEST(Settlement, UpliftCapVector) {
  using namespace submeter::bill;
  const auto doc = test_support::allocation_vectors();
  for (const auto& v : doc["settlement_mode_vectors"]) {
    if (v["id"] != "uplift-cap-1") continue;
    const uplift_cap cap{line_price::parse(v["flat_catalogue_price"].get<std::string>()),
                         divide<ratio>(ratio::parse(v["uplift_cap_pct"].get<std::string>()),
                                       ratio::from_integer(100), rounding::half_up)};
    for (std::size_t k = 0; k < v["tenant_prices"].size(); ++k) {
      const auto w = check_uplift(line_price::parse(v["tenant_prices"][k].get<std::string>()), cap);
      ASSERT_EQ(w.size(), v["expected"]["warnings"][k].size());
      for (std::size_t j = 0; j < w.size(); ++j)
        EXPECT_EQ(w[j].code, v["expected"]["warnings"][k][j].get<std::string>());
    }
    EXPECT_TRUE(check_uplift(line_price::parse(v["expected"]["max_price"].get<std::string>()), cap)
                    .empty());
    return;
  }
  FAIL() << "uplift-cap-1 missing";
}

TEST(Settlement, BadInput) {
  EXPECT_EQ(error_of([] { (void)settle_pass_through(money::parse("1"), {}); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)settle_pass_through(money::parse("1"), {{"A", energy::parse("-1")}});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)settle_pass_through(money::parse("1"), {{"A", energy{}}, {"B", energy{}}});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)settle_pass_through(money::parse("1"),
                                        {{"A", energy::parse("1")}, {"A", energy::parse("1")}});
            }).code(),
            errc::duplicate);
  EXPECT_EQ(error_of([] {
              (void)settle_catalogue(energy_price::parse("0.8"), energy::parse("10"),
                                     {{"A", energy::parse("11")}});
            }).code(),
            errc::inconsistent);
}

// Mode B never exceeds the bill: Σ shares is the (rounded) grid bill exactly, and the tenants'
// part is at most that.
RC_GTEST_PROP(Settlement, ModeBNeverExceedsTheBill, ()) {
  const auto n = *rc::gen::inRange<int>(1, 20);
  std::vector<end_user> users;
  for (int i = 0; i < n; ++i) {
    users.push_back(
        {"U" + std::to_string(i),
         energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 100'000'000'000)),
         *rc::gen::inRange(0, 5) == 0 ? end_user_kind::landlord_own_use : end_user_kind::tenant});
  }
  users[0].consumption = energy::from_mantissa(users[0].consumption.mantissa() + 1);
  // Up to 100,000,000 yuan a month: bill lines hold exact money to 1e-10 yuan, whose range is
  // ±922,337,203 yuan per line (bill::exact_money); a larger master bill overflows, by design
  // with an exception naming the operation (ModeBBeyondTheExactRangeThrows).
  const auto bill_amount =
      money::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 1'000'000'000'000));
  const auto r = settle_pass_through(bill_amount, users);
  money sum{};
  for (const auto& s : r.shares) sum += s;
  RC_ASSERT(sum == r.grid_bill);
  RC_ASSERT(r.tenant_total + r.landlord_share == r.grid_bill);
  RC_ASSERT(r.tenant_total <= r.grid_bill);
  bill::compliance_input in;
  in.mode = bill::settlement_mode::pass_through;
  in.master_bill = r.grid_bill;
  for (std::size_t i = 0; i < users.size(); ++i)
    in.bills.push_back(
        {users[i].id, {r.lines[i]}, users[i].kind == end_user_kind::landlord_own_use});
  RC_ASSERT(bill::check_compliance(in).compliant());
}

TEST(Settlement, ModeBBeyondTheExactRangeThrows) {
  const std::vector<end_user> users = {{"U0", energy::parse("1"), end_user_kind::tenant}};
  const auto huge = money::parse("999999999");  // above exact_money's ±922,337,203 yuan
  EXPECT_THROW(
      {
        const auto r = settle_pass_through(huge, users);
        (void)rescale<bill::exact_money>(r.grid_bill);
      },
      std::overflow_error);
}

}  // namespace
