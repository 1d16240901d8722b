// Site format v2, pricing: tiered electricity (阶梯电价, TIER-1..TIER-3) in
// tests/data/sites/v2-tiered, read by src/io and billed by site::run_site, every figure worked by
// hand; and the reader's refusals of bad values.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/site_loader.hpp"
#include "submeter/site/run.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::money;
using submeter::bill::billing_period;
using submeter::test_support::error_of;

const std::filesystem::path tiered_dir =
    std::filesystem::path(SUBMETER_TEST_DATA) / "sites/v2-tiered";

std::string tiered_json() {
  std::ifstream in(tiered_dir / "site.json", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string pricing_with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("not in site.json: " + from);
  return text.replace(at, from.size(), to);
}

const submeter::site::site_run& pricing_july() {
  static const auto r = [] {
    const auto s = submeter::io::load_site(tiered_dir);
    return submeter::site::run_site(s, billing_period::parse("2026-07"));
  }();
  return r;
}

const submeter::bill::bill& pricing_bill_of(const std::string& tenant) {
  for (const auto& b : pricing_july().bills) {
    if (b.tenant_id == tenant) return b;
  }
  throw std::runtime_error("no bill for " + tenant);
}

// "meter tier amount" per line.
std::vector<std::string> tiers_of(const submeter::bill::bill& b) {
  std::vector<std::string> out;
  for (const auto& l : b.lines) {
    out.push_back(l.meter_id + " " + std::to_string(l.tier) + " " + l.amount.to_string(2));
  }
  return out;
}

TEST(SiteV2Tiered, AMonthlyLadderRestartsEveryPeriod) {
  // 450 kWh on 200 / 400: 200 × 0.5283 = 105.66, 200 × 0.5783 = 115.66, 50 × 0.8283 = 41.415 →
  // 41.42 (half_up per line); 262.74.
  const auto& b = pricing_bill_of("T-D");
  EXPECT_EQ(tiers_of(b), (std::vector<std::string>{"D1 1 105.66", "D1 2 115.66", "D1 3 41.42"}));
  EXPECT_EQ(b.total, money::parse("262.74"));
  EXPECT_EQ(b.lines[0].explanation,
            "200.00 kWh × 0.5283 = 105.66 [tier 1 of dorm, counter monthly from 0.00 kWh]");
}

TEST(SiteV2Tiered, AYearlyCounterComesFromTheReadingAtTheReset) {
  // R1 read 0 on 1 January and 2,600 on 1 July: the counter starts July at 2,600; July's 400 kWh
  // are 160 in tier 1 (to 2,760) × 0.538 = 86.08 and 240 × 0.588 = 141.12. With January–June's
  // 2,600 × 0.538 = 1,398.80 this is the Zhejiang year of 3,000 kWh: 1,626.00 (rules.md TIER).
  const auto& b = pricing_bill_of("T-R");
  EXPECT_EQ(tiers_of(b), (std::vector<std::string>{"R1 1 86.08", "R1 2 141.12"}));
  EXPECT_EQ(money::parse("1398.80") + b.total, money::parse("1626.00"));
  EXPECT_NE(b.lines[0].explanation.str().find("counter yearly from 01-01 from 2,600.00 kWh"),
            std::string::npos)
      << b.lines[0].explanation;
}

TEST(SiteV2Tiered, AYearlyCounterCanBeCarriedInTheSiteFile) {
  // tier_counter 4,700 kWh at 1 June, + June's 100 = 4,800 at 1 July: July's 100 kWh are all in
  // tier 3: 100 × 0.838 = 83.80.
  EXPECT_EQ(tiers_of(pricing_bill_of("T-S")), (std::vector<std::string>{"S1 3 83.80"}));
}

TEST(SiteV2Tiered, TheCounterContinuesAcrossAMeterReplacement) {
  // M1 150 kWh to its removal: 150 × 0.5283 = 79.245 → 79.25; M2 from the counter 150: 50 in
  // tier 1 = 26.415 → 26.42 and 50 in tier 2 × 0.5783 = 28.915 → 28.92 (tier 1 once: 200 kWh).
  EXPECT_EQ(tiers_of(pricing_bill_of("T-M")),
            (std::vector<std::string>{"M1 1 79.25", "M2 1 26.42", "M2 2 28.92"}));
}

// ---- Allowances (ALLOW-1), in the same site ----

// "component amount" per line of a tenant's July bill.
std::vector<std::string> amounts_of(const std::string& tenant) {
  std::vector<std::string> out;
  for (const auto& l : pricing_bill_of(tenant).lines) {
    out.push_back(std::string(to_string(l.component)) + " " + l.amount.to_string(2));
  }
  return out;
}

const submeter::bill::line& allowance_of(const std::string& tenant) {
  for (const auto& l : pricing_bill_of(tenant).lines) {
    if (l.component == submeter::bill::component::allowance) return l;
  }
  throw std::runtime_error("no allowance line for " + tenant);
}

TEST(SiteV2Allowance, AKwhQuotaWithCarryOverFreesTheFirstKwh) {
  // 50 kWh a month + 10 carried = 60; K1 used 45 kWh (tier 1: 45 × 0.5283 = 23.7735 → 23.77):
  // all free, −23.77, total 0.00; 15 kWh unused carry to August.
  EXPECT_EQ(amounts_of("T-K"), (std::vector<std::string>{"energy 23.77", "allowance -23.77"}));
  EXPECT_EQ(pricing_bill_of("T-K").total, money::parse("0.00"));
  const auto& l = allowance_of("T-K");
  EXPECT_EQ(l.quantity.to_string(2), "-45.00");
  EXPECT_EQ(l.payer, "T-K");
  EXPECT_EQ(l.explanation,
            "free quota 50.00 kWh a month (ALLOW-1) + 10.00 kWh carried: 45.00 of 45.00 kWh free, "
            "the first kWh at the prices charged (45.00 × 0.5283); unused 15.00 kWh carried to the "
            "next month = -23.77");
}

TEST(SiteV2Allowance, AYuanQuotaFreesThatMuchElectricity) {
  // 300 kWh: 200 × 0.5283 = 105.66 + 100 × 0.5783 = 57.83 = 163.49; 30.00 free: 133.49.
  EXPECT_EQ(amounts_of("T-Y"),
            (std::vector<std::string>{"energy 105.66", "energy 57.83", "allowance -30.00"}));
  EXPECT_EQ(pricing_bill_of("T-Y").total, money::parse("133.49"));
  EXPECT_EQ(allowance_of("T-Y").explanation,
            "free quota 30.00 yuan a month (ALLOW-1): 30.00 of 163.49 yuan of electricity free; "
            "unused 0.00 yuan lapses = -30.00");
}

TEST(SiteV2Allowance, FreeKwhTakeTheLowestTiersFirst) {
  // 250 free of 300 kWh: tier 1's 200 (105.66) and 50 of tier 2 (50 × 0.5783 = 28.915): the
  // exact 134.575 rounded once, half up (ties away from zero): −134.58; total 163.49 − 134.58.
  EXPECT_EQ(amounts_of("T-U"),
            (std::vector<std::string>{"energy 105.66", "energy 57.83", "allowance -134.58"}));
  EXPECT_EQ(pricing_bill_of("T-U").total, money::parse("28.91"));
  EXPECT_NE(allowance_of("T-U").explanation.str().find("(200.00 × 0.5283 + 50.00 × 0.5783); unused "
                                                       "0.00 kWh lapses"),
            std::string::npos)
      << allowance_of("T-U").explanation;
}

TEST(SiteV2Allowance, OnTimeOfUseTheFreeKwhAreSharedByRegister) {
  // Peak 60 kWh × 1.00 = 60.00, valley 40 × 0.30 = 12.00; 40 free shared 60 : 40 → 24 peak +
  // 16 valley = 24.00 + 4.80 = 28.80.
  const auto& l = allowance_of("T-V");
  EXPECT_EQ(l.amount.to_string(2), "-28.80");
  EXPECT_NE(l.explanation.str().find("(24.00 × 1.0000 + 16.00 × 0.3000)"), std::string::npos)
      << l.explanation;
  EXPECT_EQ(pricing_bill_of("T-V").total, money::parse("43.20"));
}

TEST(SiteV2TieredRefusals, ReaderNamesThePlace) {
  struct bad_case {
    std::string from, to;
    errc code;
    std::string path;
  };
  const std::vector<bad_case> cases = {
      {R"("counter": "monthly")", R"("counter": "weekly")", errc::parse, "$.tariffs[0].counter"},
      {R"("counter": "monthly", )", "", errc::parse, "$.tariffs[0].counter"},
      {R"("reset_month": 1)", R"("reset_month": 13)", errc::invalid_argument,
       "$.tariffs[1].reset_month"},
      {R"("reset_month": 1)", R"("reset_month": "1")", errc::invalid_argument,
       "$.tariffs[1].reset_month"},
      {R"("counter": "monthly", )", R"("counter": "monthly", "reset_month": 3, )",
       errc::inconsistent, "$.tariffs[0].reset_month"},
      {R"("bounds": ["200", "400"])", R"("bounds": ["400", "200"])", errc::out_of_order,
       "$.tariffs[0].bounds[1]"},
      {R"("bounds": ["200", "400"])", R"("bounds": ["200", 400])", errc::parse,
       "$.tariffs[0].bounds[1]"},
      {R"("bounds": ["200", "400"])", R"("bounds": ["0", "400"])", errc::invalid_argument,
       "$.tariffs[0].bounds[0]"},
      {R"("bounds": ["200", "400"])", R"("bounds": ["-200", "400"])", errc::invalid_argument,
       "$.tariffs[0].bounds[0]"},
      {R"("prices": ["0.5283", "0.5783", "0.8283"])", R"("prices": ["0.5283", "0.5783"])",
       errc::inconsistent, "$.tariffs[0].prices"},
      {R"("prices": ["0.5283", "0.5783", "0.8283"])", R"("prices": ["0.5283", "-1", "0.8283"])",
       errc::invalid_argument, "$.tariffs[0].prices[1]"},
      {R"("prices": ["0.5283", "0.5783", "0.8283"])",
       R"("prices": ["0.5283", "0.5783", "0.8283"], "adders": [])", errc::unsupported,
       "$.tariffs[0].adders"},
      {R"("kwh": "4700")", R"("kwh": "-1")", errc::invalid_argument,
       "$.tenants[2].tier_counter.kwh"},
      {R"("kwh": "4700")", R"("kwh": 4700)", errc::parse, "$.tenants[2].tier_counter.kwh"},
      {R"("time": "2026-06-01T00:00")", R"("time": "June")", errc::parse,
       "$.tenants[2].tier_counter.time"},
      {R"("meters": ["D1"])", R"("meters": ["D1"], "tier_counter": {"time": "2026-06-01T00:00"})",
       errc::parse, "$.tenants[0].tier_counter.kwh"},
      {R"("allowance": {"yuan": "30.00"})", R"("allowance": {"yuan": "30.00", "kwh": "5"})",
       errc::parse, "$.tenants[5].allowance"},
      {R"("allowance": {"yuan": "30.00"})", R"("allowance": {})", errc::parse,
       "$.tenants[5].allowance"},
      {R"("allowance": {"yuan": "30.00"})", R"("allowance": {"yuan": "-1"})",
       errc::invalid_argument, "$.tenants[5].allowance.yuan"},
      {R"("allowance": {"yuan": "30.00"})", R"("allowance": {"yuan": 30})", errc::parse,
       "$.tenants[5].allowance.yuan"},
      {R"("allowance": {"yuan": "30.00"})", R"("allowance": {"yuan": "30", "carry_over": "yes"})",
       errc::parse, "$.tenants[5].allowance.carry_over"},
      {R"("allowance": {"yuan": "30.00"})", R"("allowance": {"yuan": "30", "carried": "5"})",
       errc::inconsistent, "$.tenants[5].allowance.carried"},
      {R"("carried": "10")", R"("carried": "-10")", errc::invalid_argument,
       "$.tenants[4].allowance.carried"},
      {R"("allowance": {"yuan": "30.00"})", R"("allowance": {"yuan": "30", "per": "day"})",
       errc::unsupported, "$.tenants[5].allowance.per"},
      {R"("allowance": {"yuan": "30.00"})", R"("allowance": "30")", errc::parse,
       "$.tenants[5].allowance"},
  };
  for (const auto& c : cases) {
    const auto e = error_of([&] {
      (void)submeter::io::parse_site_json(pricing_with(tiered_json(), c.from, c.to), "site.json");
    });
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
  }
}

TEST(SiteV2TieredRefusals, ATierCounterNeedsATieredMeter) {
  auto text =
      pricing_with(tiered_json(), R"("tariffs": [)",
                   R"("tariffs": [{"id": "flat", "kind": "flat", "energy_price": "0.60"},)");
  text = pricing_with(text, R"("tariff": "home", "meters": ["S1"])",
                      R"("tariff": "flat", "meters": ["S1"])");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("path"), "$.tenants[2].tier_counter");
}

TEST(SiteV2TieredRefusals, AV1FileHasNoTieredKind) {
  const auto text = pricing_with(tiered_json(), "submeter-site-v2", "submeter-site-v1");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("path"), "$.tariffs[0].kind");
}

TEST(SiteV2TieredRefusals, AYearlyCounterWithoutItsReadingsIsRefused) {
  // R1 without its reading at the reset (1 January) and no tier_counter.
  const auto dir = std::filesystem::temp_directory_path() / "submeter-v2-tiered-no-reset";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(tiered_dir, dir);
  {
    std::ifstream in(tiered_dir / "readings.csv", std::ios::binary);
    std::string csv{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::ofstream(dir / "readings.csv", std::ios::binary | std::ios::trunc)
        << pricing_with(csv, "R1,2026-01-01T00:00,0,,,,\n", "");
  }
  const auto e = error_of([&] {
    const auto s = submeter::io::load_site(dir);
    (void)submeter::site::run_site(s, billing_period::parse("2026-07"));
  });
  std::filesystem::remove_all(dir);
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.context_value("meter"), "R1");
  EXPECT_EQ(e.context_value("from"), "2026-01-01T00:00:00");
}

// ---- Demand ratchets (tests/data/sites/v2-ratchet) ----

const std::filesystem::path ratchet_dir =
    std::filesystem::path(SUBMETER_TEST_DATA) / "sites/v2-ratchet";

std::string ratchet_json() {
  std::ifstream in(ratchet_dir / "site.json", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const submeter::site::site_run& ratchet_july() {
  static const auto r = [] {
    const auto s = submeter::io::load_site(ratchet_dir);
    return submeter::site::run_site(s, billing_period::parse("2026-07"));
  }();
  return r;
}

const submeter::bill::line& demand_line_of(const std::string& tenant) {
  for (const auto& b : ratchet_july().bills) {
    if (b.tenant_id != tenant) continue;
    for (const auto& l : b.lines) {
      if (l.component == submeter::bill::component::demand) return l;
    }
  }
  throw std::runtime_error("no demand line for " + tenant);
}

TEST(SiteV2Ratchet, ALookBackPeakSetsTheBillingDemand) {
  // July's peak 25 kWh in 15 minutes = 100 kW; look-back (11 months) April 400 kW and May 200
  // kW from demand_history (June: neither given nor in the interval data): max(100, 0.75 × 400,
  // 0.75 × 200) = 300 kW × 40.00 = 12,000.00; energy 768.75 × 0.80 = 615.00.
  const auto& l = demand_line_of("T-P");
  EXPECT_EQ(l.amount.to_string(2), "12000.00");
  EXPECT_EQ(
      l.explanation.str().rfind("ratchet: billing demand 300.00 kW = 75 % of the 2026-04 peak "
                                "(look-back 11 months, 2 known); 2026-07 peak 100.00 kW; ",
                                0),
      0u)
      << l.explanation;
  for (const auto& b : ratchet_july().bills) {
    if (b.tenant_id == "T-P") {
      EXPECT_EQ(b.total, money::parse("12615.00"));
    }
  }
}

TEST(SiteV2Ratchet, WithoutHistoryTheMonthsPeakIsBilled) {
  // 12.5 kWh in 15 minutes = 50 kW × 40.00 = 2,000.00.
  const auto& l = demand_line_of("T-Q");
  EXPECT_EQ(l.amount.to_string(2), "2000.00");
  EXPECT_EQ(
      l.explanation.str().rfind("ratchet: billing demand 50.00 kW = the month's peak (look-back 11 "
                                "months, 0 known)",
                                0),
      0u)
      << l.explanation;
}

TEST(SiteV2RatchetRefusals, ReaderNamesThePlace) {
  struct bad_case {
    std::string from, to;
    errc code;
    std::string path;
  };
  const std::string ratchet = R"("ratchet": {"percent": "0.75", "months": 11})";
  const std::vector<bad_case> cases = {
      {ratchet, R"("ratchet": {"percent": "1.5", "months": 11})", errc::invalid_argument,
       "$.tariffs[1].ratchet.percent"},
      {ratchet, R"("ratchet": {"percent": "-0.1", "months": 11})", errc::invalid_argument,
       "$.tariffs[1].ratchet.percent"},
      {ratchet, R"("ratchet": {"percent": 0.75, "months": 11})", errc::parse,
       "$.tariffs[1].ratchet.percent"},
      {ratchet, R"("ratchet": {"percent": "0.75", "months": 0})", errc::invalid_argument,
       "$.tariffs[1].ratchet.months"},
      {ratchet, R"("ratchet": {"percent": "0.75", "months": 37})", errc::invalid_argument,
       "$.tariffs[1].ratchet.months"},
      {ratchet, R"("ratchet": {"percent": "0.75"})", errc::parse, "$.tariffs[1].ratchet.months"},
      {ratchet, R"("ratchet": {"percent": "0.75", "months": 11, "minimum_kw": "-1"})",
       errc::invalid_argument, "$.tariffs[1].ratchet.minimum_kw"},
      {ratchet, R"("ratchet": {"percent": "0.75", "months": 11, "floor": "1"})", errc::unsupported,
       "$.tariffs[1].ratchet.floor"},
      {ratchet, R"("ratchet": "75%")", errc::parse, "$.tariffs[1].ratchet"},
      {R"("basis": "demand",
     "demand_price": "40.0000", )",
       R"("basis": "capacity", "capacity_price": "30.0000", )", errc::inconsistent,
       "$.tariffs[1].ratchet"},
      {R"("2026-04": "400")", R"("2026-4x": "400")", errc::parse,
       "$.tenants[0].demand_history.2026-4x"},
      {R"("2026-04": "400")", R"("2026-04": "-400")", errc::invalid_argument,
       "$.tenants[0].demand_history.2026-04"},
      {R"("2026-04": "400")", R"("2026-04": 400)", errc::parse,
       "$.tenants[0].demand_history.2026-04"},
      {R"("meters": ["Q1"])", R"("meters": ["Q1"], "demand_history": [])", errc::parse,
       "$.tenants[1].demand_history"},
  };
  for (const auto& c : cases) {
    const auto e = error_of([&] {
      (void)submeter::io::parse_site_json(pricing_with(ratchet_json(), c.from, c.to), "site.json");
    });
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
  }
}

TEST(SiteV2RatchetRefusals, AHistoryNeedsARatchet) {
  const auto text =
      pricing_with(ratchet_json(), R"(, "ratchet": {"percent": "0.75", "months": 11})", "");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("path"), "$.tenants[0].demand_history");
}

// ---- Transformer losses (tests/data/sites/v2-transformer) ----

const std::filesystem::path transformer_dir =
    std::filesystem::path(SUBMETER_TEST_DATA) / "sites/v2-transformer";

std::string transformer_json() {
  std::ifstream in(transformer_dir / "site.json", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const submeter::site::site_run& transformer_july() {
  static const auto r = [] {
    const auto s = submeter::io::load_site(transformer_dir);
    return submeter::site::run_site(s, billing_period::parse("2026-07"));
  }();
  return r;
}

TEST(SiteV2Transformer, TheDlT686LossIsTheRulesVector) {
  // S13-315 (P0 0.48 kW, Pk 3.65 kW), T 720 h, A_P 120,000 kWh (LV1), A_Q 60,000 kvarh
  // (reactive.csv), K 1: iron 0.48 × 720 = 345.60, copper 3.65 × (120,000² + 60,000²) / (720 ×
  // 315²) = 919.63, total 1,265.23 kWh (rules.md TXL-1).
  const auto& rows = transformer_july().report.summary.transformer_losses;
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].meter_id, "LV1");
  EXPECT_EQ(rows[0].active.to_string(2), "120000.00");
  EXPECT_EQ(rows[0].reactive.to_string(2), "60000.00");
  EXPECT_EQ(rows[0].loss.iron.to_string(2), "345.60");
  EXPECT_EQ(rows[0].loss.copper.to_string(2), "919.63");
  EXPECT_EQ(rows[0].loss.total.to_string(2), "1265.23");
}

TEST(SiteV2Transformer, TheLossIsAddedAtItsMeterAndSharedBelowIt) {
  // G: 130,500 − (120,000 + 10,000) = 500 kWh, shared by LV1 and C1 as 120 : 10 → 461.538… and
  // 38.461… → 461.54 / 38.46 (largest remainder). LV1: (120,000 + 1,265.23) − 119,000 =
  // 2,265.23 kWh; with the 461.54 it received, 2,726.77 shared by A1 and B1 as 70 : 49 →
  // 1,603.982… / 1,122.787… → 1,603.98 / 1,122.79. At 0.65: 1,042.59, 729.81 and C1's 25.00
  // (38.46 × 0.65 = 24.999). The transformer's loss reaches only A1 and B1 (TXL-3).
  std::vector<std::string> got;
  for (const auto& b : transformer_july().bills) {
    for (const auto& l : b.lines) {
      if (l.component != submeter::bill::component::loss) continue;
      got.push_back(b.tenant_id + " " + l.quantity.to_string(2) + " " + l.amount.to_string(2));
    }
  }
  EXPECT_EQ(got, (std::vector<std::string>{"T-A 1603.98 1042.59", "T-B 1122.79 729.81",
                                           "T-C 38.46 25.00"}));
  bool found = false;
  for (const auto& n : transformer_july().report.summary.node_losses) {
    if (n.meter_id != "LV1") continue;
    found = true;
    EXPECT_EQ(n.loss.to_string(2), "2265.23");
  }
  EXPECT_TRUE(found);
}

TEST(SiteV2TransformerRefusals, ReaderNamesThePlace) {
  struct bad_case {
    std::string from, to;
    errc code;
    std::string path;
  };
  const std::vector<bad_case> cases = {
      {R"("meter": "LV1")", R"("meter": "LV9")", errc::not_found, "$.transformers[0].meter"},
      {R"("meter": "LV1")", R"("meter": "A1")", errc::inconsistent, "$.transformers[0].meter"},
      {R"("rated_kva": "315")", R"("rated_kva": "0")", errc::invalid_argument,
       "$.transformers[0].rated_kva"},
      {R"("rated_kva": "315")", R"("rated_kva": 315)", errc::parse, "$.transformers[0].rated_kva"},
      {R"("no_load_loss_kw": "0.48")", R"("no_load_loss_kw": "-0.48")", errc::invalid_argument,
       "$.transformers[0].no_load_loss_kw"},
      {R"("load_loss_kw": "3.65", )", "", errc::parse, "$.transformers[0].load_loss_kw"},
      {R"("hours": "720")", R"("hours": "0")", errc::invalid_argument, "$.transformers[0].hours"},
      {R"("hours": "720")", R"("hours": "9000")", errc::invalid_argument,
       "$.transformers[0].hours"},
      {R"("hours": "720")", R"("hours": "720", "k": "0")", errc::invalid_argument,
       "$.transformers[0].k"},
      {R"("hours": "720")", R"("hours": "720", "k": "1.05", "currents": {"rms": "2", "avg": "1"})",
       errc::inconsistent, "$.transformers[0].currents"},
      {R"("hours": "720")", R"("hours": "720", "currents": {"rms": "0", "avg": "1"})",
       errc::invalid_argument, "$.transformers[0].currents.rms"},
      {R"("hours": "720")", R"("hours": "720", "kva": "1")", errc::unsupported,
       "$.transformers[0].kva"},
      {R"("id": "T1", )", R"("id": "T1", "id2": "x", )", errc::unsupported,
       "$.transformers[0].id2"},
      {R"("losses": {"basis": "consumption"},)", "", errc::inconsistent, "$.transformers"},
  };
  for (const auto& c : cases) {
    const auto e = error_of([&] {
      (void)submeter::io::parse_site_json(pricing_with(transformer_json(), c.from, c.to),
                                          "site.json");
    });
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
  }
}

TEST(SiteV2TransformerRefusals, TwoTransformersOnOneMeter) {
  const auto text =
      pricing_with(transformer_json(), R"("hours": "720"})",
                   R"("hours": "720"}, {"id": "T2", "meter": "LV1", "rated_kva": "100",
                            "no_load_loss_kw": "0.2", "load_loss_kw": "1.5"})");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.context_value("path"), "$.transformers[1].meter");
}

}  // namespace
