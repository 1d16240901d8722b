// Cross-checks against NREL SAM's utilityrate5 tests (tests/data/cross-checks/README.md). SAM
// computes in double and asserts within a tolerance; submeter computes exactly, must land inside
// SAM's tolerance, and each test pins the exact figure it found (tariffs.md §4.1).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/tariff/interval_usage.hpp"
#include "submeter/tariff/register_tariff.hpp"
#include "submeter/tariff/schedule_matrix.hpp"
#include "submeter/tariff/tiers.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::rounding;
using submeter::bill::exact_money;
using submeter::bill::rounding_rule;
using submeter::bill::rounding_scope;
using submeter::tariff::month_hour_matrix;
using submeter::tariff::register_tier_prices;
using submeter::tariff::register_use;
using submeter::tariff::tier_ladder;
using submeter::tariff::tier_shape;
using submeter::tariff::tiered_tariff;
using json = nlohmann::json;

const std::string sam_dir = SUBMETER_TEST_DATA "/cross-checks/sam-ssc/";

json read_case(const std::string& name) {
  std::ifstream in(sam_dir + "cases/" + name);
  return json::parse(in);
}

// SAM's 8,760 hourly kW values (= kWh in the hour), rounded half-even to energy's 1e-4 kWh.
std::vector<energy> read_load(const std::string& file) {
  std::ifstream in(sam_dir + file);
  std::vector<energy> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(energy::parse(line, rounding::half_even));
  }
  return out;
}

month_hour_matrix matrix(const json& rows) {
  month_hour_matrix m{};
  for (std::size_t i = 0; i < 12; ++i) {
    for (std::size_t h = 0; h < 24; ++h) m[i][h] = rows[i][h].get<int>();
  }
  return m;
}

// SAM prices are JSON numbers; their shortest decimal text is the price SAM's test states.
energy_price price_of(const json& v) { return energy_price::parse(v.dump()); }

// One calendar month of hourly use on SAM's year (2018: 365 days, 1 Jan is a Monday, no
// holidays): the register of each hour, in time order.
struct month_use {
  int days = 0;
  std::vector<register_use<energy>> hours;
};

std::vector<month_use> months_of(const submeter::tariff::tou_schedule& schedule,
                                 const std::vector<energy>& load) {
  std::vector<month_use> out;
  std::size_t hour = 0;
  for (unsigned m = 1; m <= 12; ++m) {
    const auto first = date::local_days{date::year{2018} / date::month{m} / 1};
    const auto last = date::local_days{date::year{2018} / date::month{m} / date::last};
    month_use mu;
    mu.days = static_cast<int>((last - first).count() + 1);
    const auto w = submeter::tariff::window_classifier::make(
        schedule, submeter::calendar::holiday_calendar{}, submeter::calendar::day_marks{},
        submeter::local_time{first}, std::chrono::minutes{60}, mu.days * 24);
    for (std::int64_t i = 0; i < w.size(); ++i)
      mu.hours.push_back({w.register_of(i), load[hour++]});
    out.push_back(std::move(mu));
  }
  EXPECT_EQ(hour, 8760u);
  return out;
}

// SAM does not round to cents: keep every line exact (total only, to 1e-4).
const rounding_rule exact_rule =
    rounding_rule::make(rounding_scope::total_only, 4, rounding::half_even);

void expect_within_sam_tolerance(exact_money ours, const json& expected) {
  const auto sam = exact_money::parse(expected["annual_bill_without_system"].dump());
  const auto tol = exact_money::parse(expected["tolerance"].dump());
  EXPECT_LE((ours - sam).abs(), tol) << "ours " << ours.to_string(4) << " SAM " << sam.to_string(1);
}

TEST(SamCrossCheck, ResidentialTouFourRegisters) {
  const auto c = read_case("sam_residential_tou4.json");
  const auto schedule = submeter::tariff::schedule_from_matrices(
      "sam-tou4", matrix(c["energy_schedule_weekday"]), matrix(c["energy_schedule_weekend"]));
  std::vector<submeter::tariff::register_price> prices;
  for (const auto& r : c["energy_rates"])
    prices.push_back({r["period"].get<int>(), price_of(r["buy"])});
  const auto tariff = submeter::tariff::register_tariff::tou("sam-tou4", prices);
  const auto load = read_load(c["load_file"]);
  exact_money year;
  std::size_t month = 0;
  for (const auto& mu : months_of(schedule, load)) {
    submeter::metering::register_usage u;
    u.meter_id = "M";
    for (const auto& h : mu.hours) {
      u.total += h.quantity;
      auto& slot = u.rates[static_cast<std::size_t>(h.rate_register - 1)];
      slot = slot.value_or(energy{}) + h.quantity;
    }
    for (auto& slot : u.rates) slot = slot.value_or(energy{});
    exact_money bill;
    for (const auto& l : submeter::tariff::rate(tariff, u, exact_rule)) bill += l.unrounded;
    // The independent re-derivation's monthly energy charge, to 1e-4 (secondary check).
    const auto rederived =
        exact_money::parse(c["independent_rederivation"]["monthly"][month]["energy"].dump());
    EXPECT_LE((bill - rederived).abs(), exact_money::parse("0.001")) << "month " << month + 1;
    year += bill;
    ++month;
  }
  expect_within_sam_tolerance(year, c["expected"]);
  // Our exact figure, with loads at 1e-4 kWh (tariffs.md: 771.7758 to 4 places).
  EXPECT_EQ(year.to_string(4), "771.775795");
}

// Case 2: six registers in two seasons, two tiers with "kWh daily" bounds, under the four TOU ×
// tier shapes. The price step between tiers is the same for every register of a season, so
// pooled, pro_rata and adder agree with SAM; per_period does not (tariffs.md §4.1).
TEST(SamCrossCheck, ResidentialTouTieredDailyUnderEveryShape) {
  const auto c = read_case("sam_residential_tou6_tiered_daily.json");
  const auto schedule = submeter::tariff::schedule_from_matrices(
      "sam-tou6", matrix(c["energy_schedule_weekday"]), matrix(c["energy_schedule_weekend"]));
  // period → tier → price, and each period's daily bound.
  std::map<int, std::vector<energy_price>> tier_prices;
  std::map<int, energy> daily_bound;
  for (const auto& r : c["energy_rates"]) {
    tier_prices[r["period"].get<int>()].push_back(price_of(r["buy"]));
    if (!r["max"].is_null()) daily_bound[r["period"].get<int>()] = energy::parse(r["max"].dump());
  }
  const auto load = read_load(c["load_file"]);
  const auto months = months_of(schedule, load);

  const auto tariff_for = [&](tier_shape shape, const std::vector<int>& regs) {
    const auto ladder = tier_ladder<energy>::make({daily_bound.at(regs[0])},
                                                  submeter::tariff::bound_basis::per_day);
    std::vector<register_tier_prices<energy>> table;
    for (int r : regs) {
      EXPECT_EQ(daily_bound.at(r), daily_bound.at(regs[0]));  // one ladder per season
      if (shape == tier_shape::adder) {
        table.push_back({r, {tier_prices[r][0]}, {}});
      } else {
        table.push_back({r, tier_prices[r], ladder});
      }
    }
    const auto step = tier_prices[regs[0]][1] - tier_prices[regs[0]][0];
    for (int r : regs) EXPECT_EQ(tier_prices[r][1] - tier_prices[r][0], step);
    switch (shape) {
      case tier_shape::adder:
        return tiered_tariff<energy>::adder("sam-tou6", ladder, table, {energy_price{}, step});
      case tier_shape::per_period:
        return tiered_tariff<energy>::per_period("sam-tou6", table);
      default:
        return tiered_tariff<energy>::shared("sam-tou6", shape, ladder, table);
    }
  };
  std::map<tier_shape, exact_money> years;
  for (auto shape :
       {tier_shape::pooled, tier_shape::pro_rata, tier_shape::adder, tier_shape::per_period}) {
    const auto summer = tariff_for(shape, {1, 2, 3});  // Jun–Oct
    const auto winter = tariff_for(shape, {4, 5, 6});
    exact_money year;
    for (std::size_t m = 0; m < 12; ++m) {
      const auto& t = (m >= 5 && m <= 9) ? summer : winter;
      // Tiers reset monthly: every month starts from an empty counter.
      const auto r = t.rate("M", months[m].hours, {}, months[m].days, exact_rule);
      for (const auto& l : r.lines) year += l.unrounded;
    }
    years[shape] = year;
  }
  for (auto shape : {tier_shape::pooled, tier_shape::pro_rata, tier_shape::adder}) {
    SCOPED_TRACE(std::string(submeter::tariff::to_string(shape)));
    expect_within_sam_tolerance(years[shape], c["expected"]);
  }
  // Our exact figure (tariffs.md: 1,839.6942 to 4 places).
  EXPECT_EQ(years[tier_shape::pooled].to_string(4), "1839.694218373");
  EXPECT_EQ(years[tier_shape::adder], years[tier_shape::pooled]);
  // pro_rata shares each tier's kWh among registers to 1e-4 kWh: the same to the fen here.
  EXPECT_LE((years[tier_shape::pro_rata] - years[tier_shape::pooled]).abs(),
            exact_money::parse("0.001"));
  // per_period: each register's own ladder, so far fewer kWh reach tier 2 (about 1,506.35).
  EXPECT_EQ(round(years[tier_shape::per_period], 2, rounding::half_up).to_string(2), "1506.35");
}

}  // namespace
