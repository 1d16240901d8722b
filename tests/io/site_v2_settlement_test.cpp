// Site format v2, the settlement mode (SUP-2 Mode B, pass-through):
// tests/data/sites/v2-pass-through read by src/io and billed by site::run_site both ways (its
// file's Mode B, and Mode A by changing the mode), every figure worked by hand; and the reader's
// refusals of bad values.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "submeter/site/run.hpp"
#include "submeter/site/shard.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::money;
using submeter::bill::billing_period;
using submeter::bill::settlement_mode;
using submeter::test_support::error_of;

const std::filesystem::path site_dir =
    std::filesystem::path(SUBMETER_TEST_DATA) / "sites/v2-pass-through";

std::string site_json() {
  std::ifstream in(site_dir / "site.json", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string settlement_with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("not in site.json: " + from);
  return text.replace(at, from.size(), to);
}

const submeter::site::site& mode_b() {
  static const auto s = submeter::io::load_site(site_dir);
  return s;
}

// The same site settled in Mode A (the catalogue price mode).
const submeter::site::site& mode_a() {
  static const auto s = [] {
    auto parts = mode_b().parts();
    parts.settlement.mode = settlement_mode::catalogue_price;
    return submeter::site::site::make(std::move(parts));
  }();
  return s;
}

const billing_period settlement_july = billing_period::parse("2026-07");

const submeter::site::tenant_bill& bill_of(const submeter::site::site_run& run,
                                           const std::string& tenant) {
  for (const auto& b : run.bills) {
    if (b.tenant_id == tenant) return b;
  }
  throw std::runtime_error("no bill for " + tenant);
}

// "component amount" per line, in order.
std::vector<std::string> lines_of(const submeter::bill::bill& b) {
  std::vector<std::string> out;
  for (const auto& l : b.lines) {
    out.push_back(std::string(to_string(l.component)) + " " + l.amount.to_string(2));
  }
  return out;
}

TEST(SiteV2Settlement, TheFileChoosesModeB) {
  EXPECT_EQ(mode_b().settlement().mode, settlement_mode::pass_through);
  EXPECT_EQ(mode_a().settlement().mode, settlement_mode::catalogue_price);
}

TEST(SiteV2Settlement, ModeBSharesTheWholeGridBillByKwh) {
  // End users: T-A 5,000 kWh, T-B 3,000, the landlord's L 500 (8,500 kWh; the common area's 800
  // and the losses are inside the shares). 8,650.00 × 5,000 / 8,500 = 5,088.235… → 5,088.24;
  // × 3,000 / 8,500 = 3,052.941… → 3,052.94; × 500 / 8,500 = 508.823… → 508.82: Σ 8,650.00.
  const auto run = run_site(mode_b(), settlement_july);
  const auto& a = bill_of(run, "T-A");
  // The share replaces A1's tariff line (5,000 × 0.80); W1's water (10 × 3.00 + 2 × 4.50) and the
  // property fee (100 m² × 5.00) stay.
  EXPECT_EQ(lines_of(a), (std::vector<std::string>{"water 30.00", "water 9.00", "energy 5088.24",
                                                   "property_fee 500.00"}));
  EXPECT_EQ(a.total, money::parse("5627.24"));
  const auto& share = a.lines[2];
  EXPECT_EQ(share.payer, "T-A");
  EXPECT_EQ(share.meter_id, "");
  EXPECT_EQ(share.quantity.to_string(2), "5000.00");
  EXPECT_EQ(share.explanation,
            "转供电 Mode B (SUP-2): pass-through share of the grid bill 8,650.00: 5,000.00 of "
            "8,500.00 kWh = 5,088.24");
  const auto& b = bill_of(run, "T-B");
  EXPECT_EQ(lines_of(b), (std::vector<std::string>{"energy 3052.94"}));
  // The usages still show what the meters read.
  ASSERT_EQ(b.usages.size(), 1u);
  EXPECT_EQ(b.usages[0].total.to_string(2), "3000.00");
  ASSERT_TRUE(run.report.compliance);
  const auto& c = *run.report.compliance;
  EXPECT_EQ(c.mode, settlement_mode::pass_through);
  EXPECT_EQ(c.tenant_total, money::parse("8141.18"));
  EXPECT_EQ(c.landlord_total, money::parse("508.82"));
  EXPECT_TRUE(c.compliant()) << c.findings.front().code;
}

TEST(SiteV2Settlement, ModeAChargesTheTariffs) {
  // 5,000 × 0.80 = 4,000.00 and 3,000 × 0.80 = 2,400.00; prices under the catalogue 0.865.
  const auto run = run_site(mode_a(), settlement_july);
  EXPECT_EQ(lines_of(bill_of(run, "T-A")),
            (std::vector<std::string>{"energy 4000.00", "water 30.00", "water 9.00",
                                      "property_fee 500.00"}));
  EXPECT_EQ(lines_of(bill_of(run, "T-B")), (std::vector<std::string>{"energy 2400.00"}));
  ASSERT_TRUE(run.report.compliance);
  const auto& c = *run.report.compliance;
  EXPECT_EQ(c.mode, settlement_mode::catalogue_price);
  EXPECT_EQ(c.tenant_total, money::parse("6400.00"));
  EXPECT_TRUE(c.compliant());
}

TEST(SiteV2Settlement, TheComplianceReportFollowsTheMode) {
  const auto text_of = [](const submeter::site::site& s) {
    const auto run = run_site(s, settlement_july);
    return submeter::render::site_report_text(s, run.report);
  };
  const auto b = text_of(mode_b());
  EXPECT_NE(b.find("== 转供电 compliance 2026-07 (pass_through) =="), std::string::npos) << b;
  EXPECT_NE(b.find("Landlord's own use share 508.82"), std::string::npos) << b;
  EXPECT_NE(b.find("Compliant: the whole grid bill is shared by kWh (SUP-2 Mode B)"),
            std::string::npos)
      << b;
  const auto a = text_of(mode_a());
  EXPECT_NE(a.find("(catalogue_price) =="), std::string::npos) << a;
  EXPECT_NE(a.find("Compliant: no markup found (SUP-1, SUP-2 Mode A)"), std::string::npos) << a;
  EXPECT_EQ(a.find("Landlord's own use share"), std::string::npos) << a;
}

TEST(SiteV2Settlement, ModeBSharesThatMissTheBillAreAFinding) {
  // A platform's own Mode B bills whose shares leave part of the grid bill unshared.
  submeter::bill::compliance_input in;
  in.mode = settlement_mode::pass_through;
  in.master_bill = money::parse("100.00");
  in.shares_cover_bill = true;
  in.bills = {
      {"A",
       {submeter::bill::amount_line(submeter::bill::component::energy, "A",
                                    submeter::bill::exact_money::parse("60.00"), "share", {})}},
      {"L",
       {submeter::bill::amount_line(submeter::bill::component::energy, "L",
                                    submeter::bill::exact_money::parse("39.99"), "share", {})},
       true}};
  const auto r = check_compliance(in);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "shares_differ_from_master_bill");
  EXPECT_EQ(r.findings[0].context_value("landlord_total"), "39.99");
  in.bills[1].lines[0].amount = submeter::bill::exact_money::parse("40.00");
  EXPECT_TRUE(check_compliance(in).compliant());
}

TEST(SiteV2Settlement, ModeBInPartsIsTheWholeRun) {
  namespace site = submeter::site;
  const auto& s = mode_b();
  const auto whole = run_site(s, settlement_july);
  std::vector<site::shard_usage> usages;
  site::site_quantities q;
  std::vector<std::size_t> counts;
  const auto ranges = site::split_tenants(s, 2);
  for (const auto& r : ranges) {
    usages.push_back(site::shard_usage_of(s, settlement_july, r));
    auto part = site::quantities_of(usages.back().usage);
    counts.push_back(part.tenants.size());
    q.append(std::move(part));
  }
  auto totals = site::totals_of(s, q, settlement_july);
  auto shares = site::split_shares(totals, counts);
  site::report_part folded;
  std::vector<site::tenant_bill> bills;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    auto b = site::bill_shard(s, settlement_july, std::move(usages[i]), std::move(shares[i]));
    for (auto& x : b.bills) bills.push_back(std::move(x));
    folded.append(std::move(b.report));
  }
  const auto report = site::report_on(s, settlement_july, q, totals, std::move(folded));
  EXPECT_EQ(submeter::render::bills_json(s, settlement_july, bills, &report),
            submeter::render::bills_json(s, settlement_july, whole.bills, &whole.report));
}

TEST(SiteV2SettlementRefusals, ReaderNamesThePlace) {
  struct bad_case {
    std::string from, to;
    errc code;
    std::string path;
  };
  const std::vector<bad_case> cases = {
      {R"("mode": "pass_through")", R"("mode": "pass-through")", errc::unsupported,
       "$.settlement.mode"},
      {R"("mode": "pass_through")", R"("mode": 2)", errc::parse, "$.settlement.mode"},
      {R"("mode": "pass_through")", R"("mode": "")", errc::parse, "$.settlement.mode"},
      {R"("tenants": [)", R"("losses": {"basis": "consumption"}, "tenants": [)", errc::inconsistent,
       "$.losses"},
      {R"("tenants": [)",
       R"("common_areas": [{"id": "hall", "meter": "CA", "basis": "area"}], "tenants": [)",
       errc::inconsistent, "$.common_areas[0].meter"},
      {R"("tariff": "flat", "meters": ["B1"])", R"("tariff": "tp", "meters": ["B1"])",
       errc::inconsistent, "$.tenants[1].tariff"},
      {R"({"id": "B1", "parent": "G", "tenant": "T-B"})",
       R"({"id": "B1", "parent": "G", "tenant": "T-B", "tariff": "tp"})", errc::inconsistent,
       "$.meters[3].tariff"},
  };
  const std::string two_part =
      R"({"id": "tp", "kind": "two_part", "energy_tariff": "flat", "basis": "capacity",
     "capacity_price": "30.0000"},
    {"id": "flat")";
  for (const auto& c : cases) {
    auto text = settlement_with(site_json(), c.from, c.to);
    if (c.to.find("\"tp\"") != std::string::npos)
      text = settlement_with(text, R"({"id": "flat")", two_part);
    const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("file"), "site.json") << c.to << ": " << e.what();
  }
}

TEST(SiteV2SettlementRefusals, AV1FileCannotChoosePassThrough) {
  const auto text = settlement_with(site_json(), "submeter-site-v2", "submeter-site-v1");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("path"), "$.settlement.mode");
  EXPECT_NE(std::string(e.what()).find("submeter-site-v2"), std::string::npos) << e.what();
}

TEST(SiteV2SettlementRefusals, AMonthWithoutItsGridBillIsRefused) {
  const auto e = error_of([&] { (void)run_site(mode_b(), billing_period::parse("2026-08")); });
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.context_value("period"), "2026-08");
  EXPECT_EQ(e.context_value("expected"), "settlement.grid_bill[\"2026-08\"] (SUP-2 Mode B)");
}

TEST(SiteV2SettlementRefusals, SiteMakeRefusesWhatTheSharesHold) {
  auto parts = mode_b().parts();
  parts.settlement.loss_basis = submeter::allocation::basis::consumption;
  auto e = error_of([&] { (void)submeter::site::site::make(parts); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  parts = mode_b().parts();
  parts.common_areas.push_back({"hall", "CA", submeter::allocation::basis::area, {}});
  e = error_of([&] { (void)submeter::site::site::make(parts); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("common_area"), "hall");
}

}  // namespace
