// Site format v1 end to end: tests/data/sites/v1-small read by src/io and billed by
// site::run_site, every figure worked by hand; and the reader's refusals of bad v1 input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "submeter/site/run.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::money;
using submeter::bill::billing_period;
using submeter::bill::line;
using submeter::test_support::error_of;

const std::filesystem::path small_site =
    std::filesystem::path(SUBMETER_TEST_DATA) / "sites/v1-small";

const submeter::site::site& site() {
  static const auto s = submeter::io::load_site(small_site);
  return s;
}

const submeter::site::site_run& july() {
  static const auto r = submeter::site::run_site(site(), billing_period::parse("2026-07"));
  return r;
}

const submeter::site::tenant_bill& bill_of(const std::string& tenant) {
  for (const auto& b : july().bills) {
    if (b.tenant_id == tenant) return b;
  }
  throw std::runtime_error("no bill for " + tenant);
}

std::vector<std::string> amounts(const submeter::bill::bill& b, const std::string& component) {
  std::vector<std::string> out;
  for (const auto& l : b.lines) {
    if (to_string(l.component) == component) out.push_back(l.amount.to_string(2));
  }
  return out;
}

const line& only(const submeter::bill::bill& b, const std::string& component) {
  const line* found = nullptr;
  for (const auto& l : b.lines) {
    if (to_string(l.component) == component) {
      EXPECT_EQ(found, nullptr) << "two " << component << " lines";
      found = &l;
    }
  }
  if (found == nullptr) throw std::runtime_error("no " + component + " line");
  return *found;
}

// An account's level as the bills print it.
std::string level_text(const submeter::site::account_summary& a) {
  return std::string(submeter::render::account_level_text(a.mode, a.level, a.closed));
}

TEST(SiteV1, MidMonthPriceChangeSplitsAtTheReadingTakenAtTheChange) {
  // A1 reads at 2026-07-16 00:00: 50/150/200/100 kWh before (1.20/1.00/0.60/0.30) and
  // 60/180/240/120 after (1.32/1.10/0.66/0.33).
  const auto& b = bill_of("T-A");
  EXPECT_EQ(amounts(b, "energy"), (std::vector<std::string>{"60.00", "150.00", "120.00", "30.00",
                                                            "79.20", "198.00", "158.40", "39.60"}));
  for (const auto& l : b.lines) {
    if (l.component != submeter::bill::component::energy) continue;
    EXPECT_EQ(l.split_method, "reads at the change instant");
    EXPECT_TRUE(l.version == "v2026-01" || l.version == "v2026-07-16");
  }
}

TEST(SiteV1, WithoutAReadingAtTheChangeTheSplitIsByDays) {
  // D1 (×10): 2,000 kWh; 15 of 31 days before the change. The parts of each register add up.
  const auto& b = bill_of("T-D");
  submeter::bill::line_quantity sum;
  int lines = 0;
  for (const auto& l : b.lines) {
    if (l.component != submeter::bill::component::energy) continue;
    EXPECT_EQ(l.split_method, "by days");
    sum += l.quantity;
    ++lines;
  }
  EXPECT_EQ(lines, 8);
  EXPECT_EQ(sum.to_string(2), "2000.00");
}

TEST(SiteV1, WaterIsTieredPerMonth) {
  // 25 m³ on the ladder 10 / 20 at 3.00 / 4.50 / 9.00.
  EXPECT_EQ(amounts(bill_of("T-A"), "water"),
            (std::vector<std::string>{"30.00", "45.00", "45.00"}));
}

TEST(SiteV1, CommonAreaAndLossesAreSharedAtTheCataloguePriceOffTheElectricityBill) {
  // Common area 100 kWh × 0.65 = 65.00 by area (100/200/50/300/50/0 m²; T-E moved out after 19
  // of 31 days, so its 50 m² weigh 50 × 19/31), largest remainder to the fen (CA-3, ALLOC-LR).
  std::vector<std::string> common;
  for (const auto& b : july().bills) common.push_back(only(b, "common_area").amount.to_string(2));
  EXPECT_EQ(common, (std::vector<std::string>{"9.55", "19.10", "4.77", "28.65", "2.93", "0.00"}));
  ASSERT_TRUE(july().report.compliance);
  EXPECT_TRUE(july().report.compliance->compliant());  // none of it on an electricity bill
}

TEST(SiteV1, LossesGoDownTheMeterTree) {
  // G reads 5,136 kWh, the meters below it 4,940: 196 kWh (LL-1) shared by their kWh to 0.01 kWh
  // by largest remainder (LL-4): A1 1,100 → 43.64; B1 800 → 31.74; C1 150 + C2 250 → 5.95 + 9.92;
  // D1 2,000 → 79.35; E1 190 → 7.54; F1 300 → 11.90; CA 100 → 3.97 and L 50 → 1.99 stay with
  // the landlord. Each tenant's kWh × 0.65, rounded per line.
  std::vector<std::string> kwh, amount;
  for (const auto& b : july().bills) {
    kwh.push_back(only(b, "loss").quantity.to_string(2));
    amount.push_back(only(b, "loss").amount.to_string(2));
  }
  EXPECT_EQ(kwh, (std::vector<std::string>{"43.64", "31.74", "15.87", "79.35", "7.54", "11.90"}));
  EXPECT_EQ(amount, (std::vector<std::string>{"28.37", "20.63", "10.32", "51.58", "4.90", "7.74"}));
  const auto& s = july().report.summary;
  EXPECT_EQ(s.loss_kwh->to_string(2), "196.00");
  EXPECT_EQ(s.loss_kept_by_landlord.to_string(2), "5.96");
  ASSERT_EQ(s.node_losses.size(), 1U);
  EXPECT_EQ(s.node_losses[0].meter_id, "G");
  EXPECT_EQ(s.node_losses[0].percent.to_string(4), "3.8162");
  EXPECT_EQ(s.tenant_kwh.to_string(2), "4790.00");
  EXPECT_EQ(s.tenant_m3.to_string(2), "25.00");
}

TEST(SiteV1, RetroactiveCorrectionReRatesThePreviousMonth) {
  // tou-b's correction (peak 1.00 → 1.05) took effect 2026-06-01 and was published 2026-07-10:
  // June's 400 peak kWh get a supplement of 20.00 on the July bill; July is priced at 1.05. B1's
  // June reading was taken at 23:45 on 31 May: it counts as read at the bound, so all of June is
  // re-rated (not 30/31 of it by days).
  const auto& b = bill_of("T-B");
  const auto& adj = only(b, "adjustment");
  EXPECT_EQ(adj.amount.to_string(2), "20.00");
  EXPECT_NE(adj.explanation.str().find("2026-06 re-rated"), std::string::npos) << adj.explanation;
  EXPECT_EQ(amounts(b, "energy"), (std::vector<std::string>{"96.00", "336.00", "144.00", "48.00"}));
  // Tenants on tariffs without a late version get no adjustment.
  EXPECT_TRUE(amounts(bill_of("T-A"), "adjustment").empty());
}

TEST(SiteV1, ReplacedMeterIsBilledToItsRemovalAndItsSuccessorFromInstallation) {
  const auto& b = bill_of("T-C");
  EXPECT_EQ(amounts(b, "energy"), (std::vector<std::string>{"120.00", "200.00"}));
  EXPECT_NE(b.lines[0].explanation.str().find("meter removed 2026-07-12T10:00"), std::string::npos);
  EXPECT_NE(b.lines[1].explanation.str().find("replaces C1"), std::string::npos);
  ASSERT_EQ(b.history.size(), 1U);
  EXPECT_EQ(b.history[0].period, "2026-06");
  EXPECT_EQ(b.history[0].kwh.to_string(2), "400.00");
}

TEST(SiteV1, TwoPartCapacityAndPowerFactor) {
  // 315 kVA × 30.00; W_P 2,000 kWh, W_Q 1,239.40 kvarh: cos φ 0.85 under 0.90, +2.5 %.
  const auto& b = bill_of("T-D");
  EXPECT_EQ(only(b, "capacity").amount.to_string(2), "9450.00");
  const auto& pf = only(b, "power_factor");
  EXPECT_EQ(pf.amount.to_string(2), "275.05");
  EXPECT_NE(pf.explanation.str().find("cos φ 0.85"), std::string::npos) << pf.explanation;
}

TEST(SiteV1, TwoPartDemandFromIntervalData) {
  // F1's largest 15-minute block is 1.5 kWh = 6 kW; 6 × 40.00.
  EXPECT_EQ(only(bill_of("T-F"), "demand").amount.to_string(2), "240.00");
}

TEST(SiteV1, PropertyFeeRentAndMoveOutProration) {
  EXPECT_EQ(only(bill_of("T-A"), "property_fee").amount.to_string(2), "500.00");  // 100 m² × 5
  EXPECT_EQ(only(bill_of("T-B"), "rent").amount.to_string(2), "3000.00");
  // T-E moves out 2026-07-20: 19 of 31 days of 310.00, energy to the move-out reading.
  const auto& e = bill_of("T-E");
  EXPECT_EQ(only(e, "property_fee").amount.to_string(2), "190.00");
  EXPECT_EQ(amounts(e, "energy"), (std::vector<std::string>{"152.00"}));
}

TEST(SiteV1, AccountsAfterTheBill) {
  const auto& a = *bill_of("T-A").account;  // 1,000 + 200 − 1,493.12
  EXPECT_EQ(bill_of("T-A").total.to_string(2), "1493.12");
  EXPECT_EQ(a.mode, submeter::ledger::account_mode::prepaid);
  EXPECT_EQ(a.recharged.to_string(2), "200.00");
  EXPECT_EQ(a.balance.to_string(2), "-293.12");
  EXPECT_EQ(level_text(a), "exhausted");
  EXPECT_FALSE(a.relay_closed);
  const auto& b = *bill_of("T-B").account;  // postpaid: the bill is a receivable
  EXPECT_EQ(level_text(b), "postpaid");
  EXPECT_EQ(b.arrears.to_string(2), bill_of("T-B").total.to_string(2));
  const auto& e = *bill_of("T-E").account;  // closed at move-out, the rest refunded
  EXPECT_TRUE(e.closed);
  EXPECT_EQ(level_text(e), "closed");
  EXPECT_EQ(e.refunded.to_string(2), "650.17");  // 1,000 − 349.83
  EXPECT_TRUE(e.notices.empty());                // the closing refund raises no alarm
  EXPECT_EQ(e.balance.to_string(2), "0.00");
  EXPECT_FALSE(bill_of("T-D").account.has_value());
  const auto& alarms = july().report.alarms;
  ASSERT_EQ(alarms.size(), 3U);
  EXPECT_EQ(alarms[0].tenant_id, "T-A");
  EXPECT_EQ(alarms[1].tenant_id, "T-C");
}

TEST(SiteV1, ReconciliationAddsUpToTheGridBill) {
  ASSERT_TRUE(july().report.reconciliation);
  const auto& r = *july().report.reconciliation;
  money sum;
  for (const auto& i : r.money_items) sum += i.amount;
  EXPECT_EQ(sum.to_string(2), "15000.00");
  // Own use 50 kWh at the grid's average price (146.03) + what was not passed on (976.99,
  // including the losses kept by the landlord: 127.40 of losses, 123.54 recovered).
  EXPECT_EQ(r.borne_by_landlord.to_string(2), "1123.02");
  EXPECT_TRUE(r.unexplained_energy.is_zero());
}

TEST(SiteV1, SiteTotalIsTheSumOfTheBills) {
  money total;
  for (const auto& b : july().bills) total += b.total;
  EXPECT_EQ(total, july().report.summary.total);
  EXPECT_EQ(total.to_string(2), "17706.98");
}

// Bad input: a copy of the small site with one change, refused with a named place.
std::string small_json() {
  std::ifstream in(small_site / "site.json");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string v1_with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("fixture text not found: " + from);
  return text.replace(at, from.size(), to);
}

TEST(SiteV1Refusals, ReaderNamesThePlace) {
  struct bad_case {
    std::string from, to;
    errc code;
    std::string path;
  };
  const std::vector<bad_case> cases = {
      {R"("published": "2026-07-10T00:00")", R"("published": "2026-05-10T00:00")",
       errc::out_of_order, "$.tariffs[1].versions[1].published"},
      {R"("energy_tariff": "tou")", R"("energy_tariff": "nope")", errc::not_found,
       "$.tariffs[4].energy_tariff"},
      {R"("basis": "capacity")", R"("basis": "kva")", errc::parse, "$.tariffs[4].basis"},
      {R"("pf_standard": "0.90")", R"("pf_standard": "0.9")", errc::parse,
       "$.tariffs[4].pf_standard"},
      {R"("bounds": ["10", "20"])", R"("bounds": ["10", 20])", errc::parse,
       "$.tariffs[3].bounds[1]"},
      {R"("mode": "postpaid")", R"("mode": "credit")", errc::parse, "$.tenants[1].account.mode"},
      {R"("rent": {"fixed_per_month": "3000.00"})",
       R"("rent": {"fixed_per_month": "3000.00", "per_m2_month": "1"})", errc::parse,
       "$.tenants[1].rent"},
      {R"("basis": "area")", R"("basis": "vibes")", errc::parse, "$.common_areas[0].basis"},
      {R"("meter": "CA")", R"("meter": "CX")", errc::not_found, "$.common_areas[0].meter"},
      {R"("role": "landlord")", R"("role": "owner")", errc::parse, "$.meters[10].role"},
      {R"("move_out": "2026-07-20T00:00")", R"("move_out": "2026-07-20")", errc::parse,
       "$.tenants[4].move_out"},
      {R"("catalogue_price": "0.6500")", R"("catalogue_price": 0.65)", errc::parse,
       "$.settlement.catalogue_price"},
      {R"("mode": "catalogue_price")", R"("mode": "pass_through")", errc::unsupported,
       "$.settlement.mode"},
  };
  for (const auto& c : cases) {
    const auto e = error_of([&] {
      (void)submeter::io::parse_site_json(v1_with(small_json(), c.from, c.to), "site.json");
    });
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
  }
}

TEST(SiteV1Refusals, V0SitesDoNotTakeV1Fields) {
  const auto text = v1_with(small_json(), "submeter-site-v1", "submeter-site-v0");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("path"), "$.common_areas");  // the first v1 key, in key order
}

// Whole-site refusals, from a temporary copy of the site directory with one file changed.
submeter::error load_changed(const std::string& file, const std::string& text) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("submeter-v1-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
       file + std::to_string(text.size()));
  std::filesystem::remove_all(dir);
  std::filesystem::copy(small_site, dir);
  std::ofstream(dir / file, std::ios::binary | std::ios::trunc) << text;
  auto e = error_of([&] {
    const auto s = submeter::io::load_site(dir);
    (void)submeter::site::run_site(s, billing_period::parse("2026-07"));
  });
  std::filesystem::remove_all(dir);
  return e;
}

TEST(SiteV1Refusals, SiteLevelChecks) {
  auto e = load_changed("site.json",
                        v1_with(small_json(), R"("tariff": "water")", R"("tariff": "flat")"));
  EXPECT_EQ(e.code(), errc::inconsistent) << e.what();  // a water meter under an energy tariff
  e = load_changed("site.json",
                   v1_with(small_json(), R"("replaces": "C1")", R"("replaces": "A1")"));
  EXPECT_EQ(e.code(), errc::inconsistent) << e.what();
  e = load_changed("site.json",
                   v1_with(small_json(), R"("capacity_kva": "315")", R"("capacity_kva": "0")"));
  EXPECT_EQ(e.code(), errc::invalid_argument) << e.what();  // a capacity basis without kVA
  e = load_changed("intervals.csv", "meter_id,start,kwh\n");
  EXPECT_EQ(e.code(), errc::not_found) << e.what();  // a demand basis without interval data
  EXPECT_EQ(e.context_value("tenant"), "T-F");
}

TEST(SiteV1Refusals, IntervalAndReactiveFiles) {
  auto e = load_changed("intervals.csv",
                        "meter_id,start,kwh\nF1,2026-07-01T00:00,1\nF1,2026-07-01T00:15,1\n"
                        "F1,2026-07-01T00:45,1\n");
  EXPECT_EQ(e.code(), errc::inconsistent) << e.what();
  EXPECT_EQ(e.context_value("line"), "4");
  e = load_changed("reactive.csv",
                   "meter_id,time,kvarh\nD1,2026-07-01T00:00,5\nD1,2026-08-01T00:00,4\n");
  EXPECT_EQ(e.code(), errc::out_of_order) << e.what();
  EXPECT_EQ(e.context_value("line"), "3");
  e = load_changed("reactive.csv", "meter,time,kvarh\n");
  EXPECT_EQ(e.code(), errc::parse) << e.what();
  e = load_changed("reactive.csv", "meter_id,time,kvarh\nZZ,2026-07-01T00:00,5\n");
  EXPECT_EQ(e.code(), errc::not_found) << e.what();
}

TEST(SiteV1Refusals, IntervalStepsAreComparedInSecondsAndMustDivideFifteenMinutes) {
  // issue 16 #8: steps were truncated to whole minutes (30-second rows passed as 15-minute data,
  // 15 min 30 s as 15 min) and one row defaulted to a 15-minute step.
  const std::string h = "meter_id,start,kwh\n";
  auto e =
      load_changed("intervals.csv", h + "F1,2026-07-01T00:00:00,1\nF1,2026-07-01T00:00:30,1\n");
  EXPECT_EQ(e.code(), errc::invalid_argument) << e.what();
  EXPECT_EQ(e.context_value("line"), "3");
  EXPECT_EQ(e.context_value("step_seconds"), "30");
  e = load_changed("intervals.csv", h + "F1,2026-07-01T00:00:00,1\nF1,2026-07-01T00:15:30,1\n");
  EXPECT_EQ(e.code(), errc::invalid_argument) << e.what();
  EXPECT_EQ(e.context_value("step_seconds"), "930");
  e = load_changed("intervals.csv", h + "F1,2026-07-01T00:00,1\nF1,2026-07-01T00:30,1\n");
  EXPECT_EQ(e.code(), errc::invalid_argument) << e.what();  // 30 min does not divide 15
  e = load_changed("intervals.csv",
                   h + "F1,2026-07-01T00:00,1\nF1,2026-07-01T00:15,1\nF1,2026-07-01T00:30:30,1\n");
  EXPECT_EQ(e.code(), errc::inconsistent) << e.what();  // a gap of 30 s is not hidden either
  EXPECT_EQ(e.context_value("seconds_since_previous"), "930");
  e = load_changed("intervals.csv", h + "F1,2026-07-01T00:00,1\n");
  EXPECT_EQ(e.code(), errc::invalid_argument) << e.what();  // a single row: no step
  EXPECT_EQ(e.context_value("line"), "2");
  EXPECT_EQ(e.context_value("meter"), "F1");
}

TEST(SiteV1Refusals, AParentOfAnotherMediumIsRefusedAtItsPath) {
  // issue 16 #14: an electricity meter under a water meter failed later as "unknown parent
  // meter" although the water meter exists.
  const auto text =
      v1_with(small_json(), R"({"id": "B1", "parent": "G")", R"({"id": "B1", "parent": "W1")");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::inconsistent) << e.what();
  EXPECT_EQ(e.message(), "a meter's parent measures another medium");
  EXPECT_EQ(e.context_value("path"), "$.meters[3].parent");
  const auto unknown = error_of([&] {
    (void)submeter::io::parse_site_json(
        v1_with(small_json(), R"({"id": "B1", "parent": "G")", R"({"id": "B1", "parent": "ZZ")"),
        "site.json");
  });
  EXPECT_EQ(unknown.code(), errc::not_found);
  EXPECT_EQ(unknown.context_value("path"), "$.meters[3].parent");
}

TEST(SiteV1Refusals, MoneyAndQuantitiesOutOfRangeAreRefusedAtTheReader) {
  // issue 16 #14: an opening balance near the int64 limit overflowed the account step.
  struct bad_case {
    std::string from, to, path;
  };
  const std::vector<bad_case> cases = {
      {R"("opening_balance": "100.00")", R"("opening_balance": "92233720368547")",
       "$.tenants[2].account.opening_balance"},
      {R"("opening_balance": "100.00")", R"("opening_balance": "-10000000000")",
       "$.tenants[2].account.opening_balance"},
      {R"("area_m2": "100")", R"("area_m2": "10000000000")", "$.tenants[0].area_m2"},
      {R"("catalogue_price": "0.6500")", R"("catalogue_price": "1000000000000")",
       "$.settlement.catalogue_price"},
  };
  for (const auto& c : cases) {
    const auto e = error_of([&] {
      (void)submeter::io::parse_site_json(v1_with(small_json(), c.from, c.to), "site.json");
    });
    EXPECT_EQ(e.code(), errc::invalid_argument) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
  }
}

TEST(SiteV1Refusals, ValuesThatCombineBeyondExactArithmeticAreBadInputNotAnInternalError) {
  // Each value within its limit, the product is not: a located submeter::error naming the step
  // and tenant, never std::overflow_error (exit 3).
  std::ifstream in(small_site / "readings.csv", std::ios::binary);
  const std::string readings((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  const auto text = v1_with(readings, "B1,2026-08-01T00:00,1800,180,720,540,360",
                            "B1,2026-08-01T00:00,9999999999,9999999000,720,540,360");
  const auto e = load_changed("readings.csv", text);
  EXPECT_EQ(e.code(), errc::invalid_argument) << e.what();
  EXPECT_EQ(e.context_value("tenant"), "T-B") << e.what();
  EXPECT_NE(std::string(e.what()).find("overflow"), std::string::npos) << e.what();
}

}  // namespace
