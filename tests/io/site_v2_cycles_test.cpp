// Site format v2, issue 22 items 3-5 (tests/data/sites/v2-cycles, figures worked by hand in
// docs/formats.md "Format v2"): a price change split by interval data, the water tree's losses,
// charge cycles, payment bills; and the reader's refusals of bad v2 input, each naming its place.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <date/date.h>

#include <optional>

#include "io/site_loader.hpp"
#include "submeter/site/charge_cycles.hpp"
#include "submeter/site/run.hpp"
#include "submeter/site/two_part.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::bill::billing_period;
using submeter::test_support::error_of;

const std::filesystem::path cycles_site =
    std::filesystem::path(SUBMETER_TEST_DATA) / "sites/v2-cycles";

std::string file_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string cycles_site_json() { return file_text(cycles_site / "site.json"); }

std::string cycles_with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("fixture text not found: " + from);
  return text.replace(at, from.size(), to);
}

/// The site of `site_text` (default: the v2-cycles site.json) with v2-cycles' CSV files.
submeter::site::site load(const std::string& site_text) {
  const auto readings = file_text(cycles_site / "readings.csv");
  const auto intervals = file_text(cycles_site / "intervals.csv");
  submeter::io::site_files files{{"site.json", site_text}, {"readings.csv", readings}, {}, {}};
  files.intervals_csv = submeter::io::site_file{"intervals.csv", intervals};
  return submeter::io::parse_site_files(files);
}

const submeter::site::tenant_bill& cycles_bill_of(const submeter::site::site_run& run,
                                                  const std::string& tenant) {
  for (const auto& b : run.bills) {
    if (b.tenant_id == tenant) return b;
  }
  throw std::runtime_error("no bill for " + tenant);
}

std::vector<std::string> cycles_amounts(const submeter::bill::bill& b,
                                        const std::string& component) {
  std::vector<std::string> out;
  for (const auto& l : b.lines) {
    if (to_string(l.component) == component) out.push_back(l.amount.to_string(2));
  }
  return out;
}

const submeter::site::site_run& cycles_july() {
  static const auto s = load(cycles_site_json());
  static const auto r = submeter::site::run_site(s, billing_period::parse("2026-07"));
  return r;
}

// ---- 1. A price change split by interval data (item 3a) -------------------------------------

TEST(SiteV2IntervalSplit, PriceChangeIsSplitByTheIntervalData) {
  // I1, peak 08:00-20:00 / valley 20:00-08:00: 720 peak kWh × 1.00 and 360 valley kWh × 0.50
  // before 2026-07-16 00:00, 1,536 × 1.20 and 192 × 0.60 from it.
  const auto& b = cycles_bill_of(cycles_july(), "T-I");
  EXPECT_EQ(cycles_amounts(b, "energy"),
            (std::vector<std::string>{"720.00", "180.00", "1843.20", "115.20"}));
  std::vector<std::string> kwh;
  for (const auto& l : b.lines) {
    if (l.component != submeter::bill::component::energy) continue;
    EXPECT_EQ(l.split_method, "interval data");
    EXPECT_NE(l.explanation.str().find("interval data"), std::string::npos) << l.explanation;
    kwh.push_back(l.quantity.to_string(2));
  }
  EXPECT_EQ(kwh, (std::vector<std::string>{"720.00", "360.00", "1536.00", "192.00"}));
}

TEST(SiteV2IntervalSplit, WithoutTouPeriodsTheSameSiteSplitsByDays) {
  // The same meter without `tou_periods`: 15/31 and 16/31 of 2,256 peak and 552 valley kWh,
  // by largest remainder to 0.0001 kWh: 1,091.6129 + 1,164.3871 and 267.0968 + 284.9032, so
  // 1,091.61 / 133.55 / 1,397.26 / 170.94 (2,793.36 against 2,858.40).
  auto text = cycles_site_json();
  const auto from = text.find("  \"tou_periods\"");
  const auto to = text.find("  \"water_losses\"");
  text.erase(from, to - from);
  const auto s = load(text);
  const auto r = submeter::site::run_site(s, billing_period::parse("2026-07"));
  const auto& b = cycles_bill_of(r, "T-I");
  EXPECT_EQ(cycles_amounts(b, "energy"),
            (std::vector<std::string>{"1091.61", "133.55", "1397.26", "170.94"}));
  for (const auto& l : b.lines) {
    if (l.component == submeter::bill::component::energy) {
      EXPECT_EQ(l.split_method, "by days");
    }
  }
}

TEST(SiteV2IntervalSplit, IntervalDataThatDisagreeWithTheRegistersAreRefused) {
  // One peak quarter-hour 0.01 kWh higher: the intervals no longer add up to the peak register.
  auto intervals = file_text(cycles_site / "intervals.csv");
  intervals = cycles_with(intervals, "I1,2026-07-01T08:00,1.00", "I1,2026-07-01T08:00,1.01");
  const auto readings = file_text(cycles_site / "readings.csv");
  const auto site_text = cycles_site_json();
  submeter::io::site_files files{{"site.site_text", site_text}, {"readings.csv", readings}, {}, {}};
  files.intervals_csv = submeter::io::site_file{"intervals.csv", intervals};
  const auto s = submeter::io::parse_site_files(files);
  const auto e =
      error_of([&] { (void)submeter::site::run_site(s, billing_period::parse("2026-07")); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("meter"), "I1");
  EXPECT_EQ(e.context_value("register"), "peak");
  EXPECT_EQ(e.context_value("intervals"), "2256.01");
}

TEST(SiteV2IntervalSplit, APeriodBoundaryOffTheIntervalStepIsRefused) {
  const auto text = cycles_with(
      cycles_site_json(), R"({"peak": [["08:00", "20:00"]], "valley": [["20:00", "08:00"]]})",
      R"({"peak": [["08:10", "20:00"]], "valley": [["20:00", "08:10"]]})");
  const auto s = load(text);
  const auto e =
      error_of([&] { (void)submeter::site::run_site(s, billing_period::parse("2026-07")); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("meter"), "I1");
  EXPECT_EQ(e.context_value("interval"), "2026-07-01T08:00:00");
}

// ---- 2. Losses of the water tree (item 3b) ---------------------------------------------------

TEST(SiteV2WaterLosses, SharedDownTheWaterTreeByM3) {
  // W0 reads 104.35 m³ over WA 61.20 + WB 28.70 + WC 10.05 = 99.95: 4.40 m³ lost, shared by m³
  // to 0.01 m³ by largest remainder: 2.6941 / 1.2634 / 0.4424 → 2.70 / 1.26 / 0.44 (the extra
  // 0.01 to WA's largest remainder). WA: 2.70 × 4.00 = 10.80, WB: 1.26 × 4.00 = 5.04; WC's
  // 0.44 m³ (a common-area tap) stay with the landlord.
  EXPECT_EQ(cycles_amounts(cycles_bill_of(cycles_july(), "T-W1"), "water_loss"),
            (std::vector<std::string>{"10.80"}));
  EXPECT_EQ(cycles_amounts(cycles_bill_of(cycles_july(), "T-W2"), "water_loss"),
            (std::vector<std::string>{"5.04"}));
  EXPECT_EQ(cycles_amounts(cycles_bill_of(cycles_july(), "T-I"), "water_loss"),
            (std::vector<std::string>{}));
  for (const auto& l : cycles_bill_of(cycles_july(), "T-W1").lines) {
    if (l.component != submeter::bill::component::water_loss) continue;
    EXPECT_EQ(l.quantity.to_string(2), "2.70");
    EXPECT_EQ(l.unit, "m3");
    EXPECT_NE(l.explanation.str().find("down the water meter tree (LL-4)"), std::string::npos);
  }
  const auto& sum = cycles_july().report.summary;
  ASSERT_TRUE(sum.water_master_m3.has_value());
  EXPECT_EQ(sum.water_master_m3->to_string(2), "104.35");
  EXPECT_EQ(sum.water_loss_m3->to_string(2), "4.40");
  EXPECT_EQ(sum.water_loss_method, "down the water meter tree (LL-4)");
  ASSERT_EQ(sum.water_node_losses.size(), 1U);
  EXPECT_EQ(sum.water_node_losses[0].meter_id, "W0");
  EXPECT_EQ(sum.water_node_losses[0].percent.to_string(2), "4.2166");  // 4.40 ÷ 104.35
  EXPECT_EQ(sum.water_loss_kept_by_landlord.to_string(2), "0.44");
  // No electricity grid master: the electricity losses are not reported.
  EXPECT_FALSE(sum.grid_kwh.has_value());
}

TEST(SiteV2WaterLosses, SharedSiteWideByArea) {
  // 4.40 m³ × 4.00 = 17.60 shared by area 80 : 20 → 14.08 / 3.52.
  const auto s = load(cycles_with(cycles_site_json(), R"("basis": "consumption", "price": "4.00")",
                                  R"("basis": "area", "price": "4.00")"));
  const auto r = submeter::site::run_site(s, billing_period::parse("2026-07"));
  EXPECT_EQ(cycles_amounts(cycles_bill_of(r, "T-W1"), "water_loss"),
            (std::vector<std::string>{"14.08"}));
  EXPECT_EQ(cycles_amounts(cycles_bill_of(r, "T-W2"), "water_loss"),
            (std::vector<std::string>{"3.52"}));
  EXPECT_EQ(r.report.summary.water_loss_method, "shared site-wide by area");
}

TEST(SiteV2WaterLosses, NegativeLossIsWarnedAndNotShared) {
  auto readings = cycles_with(file_text(cycles_site / "readings.csv"), "W0,2026-08-01T00:00,104.35",
                              "W0,2026-08-01T00:00,99.00");
  const auto site_text = cycles_site_json();
  const auto intervals = file_text(cycles_site / "intervals.csv");
  submeter::io::site_files files{{"site.site_text", site_text}, {"readings.csv", readings}, {}, {}};
  files.intervals_csv = submeter::io::site_file{"intervals.csv", intervals};
  const auto s = submeter::io::parse_site_files(files);
  const auto r = submeter::site::run_site(s, billing_period::parse("2026-07"));
  EXPECT_EQ(cycles_amounts(cycles_bill_of(r, "T-W1"), "water_loss"), (std::vector<std::string>{}));
  bool warned = false;
  for (const auto& w : r.report.warnings) warned = warned || w.code == "negative_water_loss";
  EXPECT_TRUE(warned);
  EXPECT_EQ(r.report.summary.water_loss_m3->to_string(2), "-0.95");
}

TEST(SiteV2WaterLosses, WithoutTheFieldNothingIsShared) {
  const auto s = load(cycles_with(
      cycles_site_json(),
      R"(  "water_losses": {"master": "W0", "basis": "consumption", "price": "4.00"},)", ""));
  const auto r = submeter::site::run_site(s, billing_period::parse("2026-07"));
  EXPECT_EQ(cycles_amounts(cycles_bill_of(r, "T-W1"), "water_loss"), (std::vector<std::string>{}));
  EXPECT_FALSE(r.report.summary.water_master_m3.has_value());
}

// ---- 3. Charge cycles (item 4) ---------------------------------------------------------------

std::string explanation_of(const submeter::bill::bill& b, const std::string& component) {
  for (const auto& l : b.lines) {
    if (to_string(l.component) == component) return l.explanation;
  }
  return "";
}

TEST(SiteV2ChargeCycles, QuarterlyInAdvanceAndInArrears) {
  // T-C1, 100 m²: the property fee 5.00/m²·month quarterly in advance (cycles from January):
  // July opens Jul–Sep, 100 × 5.00 × 3 = 1,500.00. Rent 3,000.00/month quarterly in arrears from
  // February (Feb–Apr, May–Jul, …): July closes May–Jul, 9,000.00.
  const auto& b = cycles_bill_of(cycles_july(), "T-C1");
  EXPECT_EQ(cycles_amounts(b, "property_fee"), (std::vector<std::string>{"1500.00"}));
  EXPECT_EQ(cycles_amounts(b, "rent"), (std::vector<std::string>{"9000.00"}));
  EXPECT_NE(
      explanation_of(b, "property_fee").find("quarterly in advance, cycle 2026-07-01/2026-10-01"),
      std::string::npos)
      << explanation_of(b, "property_fee");
  EXPECT_NE(explanation_of(b, "rent").find("quarterly in arrears, cycle 2026-05-01/2026-08-01"),
            std::string::npos)
      << explanation_of(b, "rent");
}

TEST(SiteV2ChargeCycles, MoveInMidCycleIsProratedByDays) {
  // T-C2 moves in 2026-07-11: property fee 600.00 × 3 for Jul 11–Oct 1, 82 of 92 days:
  // 1,800 × 82/92 = 1,604.3478 → 1,604.35. Rent 50 m² × 2.00 × 6 half-yearly in arrears from
  // February (Feb–Jul, 181 days): July closes it, 21 days occupied: 600 × 21/181 = 69.61.
  const auto& b = cycles_bill_of(cycles_july(), "T-C2");
  EXPECT_EQ(cycles_amounts(b, "property_fee"), (std::vector<std::string>{"1604.35"}));
  EXPECT_EQ(cycles_amounts(b, "rent"), (std::vector<std::string>{"69.61"}));
  EXPECT_EQ(cycles_amounts(b, "energy"),
            (std::vector<std::string>{"40.00"}));  // 50 kWh from move-in
}

TEST(SiteV2ChargeCycles, MoveOutMidCycleRefundsTheAdvance) {
  // T-C3's rent 1,000.00/month quarterly in advance from June (Jun–Aug, 92 days) was charged on
  // June's bill; it moves out 2026-07-20: July refunds Jul 20–Sep 1, 43 days: −3,000 × 43/92 =
  // −1,402.17.
  const auto& b = cycles_bill_of(cycles_july(), "T-C3");
  EXPECT_EQ(cycles_amounts(b, "rent"), (std::vector<std::string>{"-1402.17"}));
  EXPECT_NE(explanation_of(b, "rent").find("refund"), std::string::npos);
}

TEST(SiteV2ChargeCycles, BasicChargeByCapacityQuarterlyInAdvance) {
  // T-C4: 100 kVA × 30.00 quarterly in advance: July carries Jul–Sep, TP-8 90/30 months = 9,000.00.
  const auto& b = cycles_bill_of(cycles_july(), "T-C4");
  EXPECT_EQ(cycles_amounts(b, "capacity"), (std::vector<std::string>{"9000.00"}));
  EXPECT_NE(explanation_of(b, "capacity").find("quarterly in advance"), std::string::npos);
}

submeter::bill::billing_period month(const char* label) { return billing_period::parse(label); }

using submeter::allocation::cycle_terms;
using submeter::allocation::fee_billing;
using submeter::allocation::fee_cycle;
using ymd = date::year_month_day;

ymd day(int y, unsigned m, unsigned d) { return date::year(y) / date::month(m) / date::day(d); }

std::string parts_text(const cycle_terms& t, const char* period, std::optional<ymd> in = {},
                       std::optional<ymd> out = {}) {
  std::string text;
  for (const auto& p : submeter::site::cycle_parts(t, month(period), in, out)) {
    text += (p.refund ? "-" : "+") + date::format("%F", p.from) + "/" + date::format("%F", p.to) +
            " of " + date::format("%F", p.cycle_begin) + "/" + date::format("%F", p.cycle_end) +
            ";";
  }
  return text;
}

TEST(SiteV2ChargeCycles, WhichMonthCarriesEachCycle) {
  const cycle_terms q_adv{fee_cycle::quarterly, fee_billing::advance, 1};
  const cycle_terms q_arr{fee_cycle::quarterly, fee_billing::arrears, 1};
  const cycle_terms h_adv{fee_cycle::half_yearly, fee_billing::advance, 4};
  const cycle_terms y_arr{fee_cycle::yearly, fee_billing::arrears, 7};
  const cycle_terms m_arr{fee_cycle::monthly, fee_billing::arrears, 1};
  EXPECT_EQ(parts_text(q_adv, "2026-07"), "+2026-07-01/2026-10-01 of 2026-07-01/2026-10-01;");
  EXPECT_EQ(parts_text(q_adv, "2026-08"), "");
  EXPECT_EQ(parts_text(q_adv, "2026-09"), "");
  EXPECT_EQ(parts_text(q_arr, "2026-07"), "");
  EXPECT_EQ(parts_text(q_arr, "2026-09"), "+2026-07-01/2026-10-01 of 2026-07-01/2026-10-01;");
  EXPECT_EQ(parts_text(h_adv, "2026-10"), "+2026-10-01/2027-04-01 of 2026-10-01/2027-04-01;");
  EXPECT_EQ(parts_text(h_adv, "2027-03"), "");
  EXPECT_EQ(parts_text(y_arr, "2027-06"), "+2026-07-01/2027-07-01 of 2026-07-01/2027-07-01;");
  EXPECT_EQ(parts_text(y_arr, "2027-01"), "");
  EXPECT_EQ(parts_text(m_arr, "2026-02"), "+2026-02-01/2026-03-01 of 2026-02-01/2026-03-01;");
  // Move-in mid-cycle: in advance, the move-in month carries the rest of the cycle; in arrears,
  // the cycle's last month carries the days from the move-in.
  EXPECT_EQ(parts_text(q_adv, "2026-08", day(2026, 8, 15)),
            "+2026-08-15/2026-10-01 of 2026-07-01/2026-10-01;");
  EXPECT_EQ(parts_text(q_arr, "2026-08", day(2026, 8, 15)), "");
  EXPECT_EQ(parts_text(q_arr, "2026-09", day(2026, 8, 15)),
            "+2026-08-15/2026-10-01 of 2026-07-01/2026-10-01;");
  // Move-out mid-cycle: in advance, a refund of the rest on the move-out month's bill (none when
  // the cycle opened that month: it charged only the days occupied); in arrears, the move-out
  // month carries the days occupied.
  EXPECT_EQ(parts_text(q_adv, "2026-08", {}, day(2026, 8, 20)),
            "-2026-08-20/2026-10-01 of 2026-07-01/2026-10-01;");
  EXPECT_EQ(parts_text(q_adv, "2026-07", {}, day(2026, 7, 20)),
            "+2026-07-01/2026-07-20 of 2026-07-01/2026-10-01;");
  EXPECT_EQ(parts_text(q_arr, "2026-08", {}, day(2026, 8, 20)),
            "+2026-07-01/2026-08-20 of 2026-07-01/2026-10-01;");
  // A move-out on the first day of a month belongs to the month before.
  EXPECT_EQ(parts_text(q_arr, "2026-07", {}, day(2026, 8, 1)),
            "+2026-07-01/2026-08-01 of 2026-07-01/2026-10-01;");
  EXPECT_EQ(parts_text(q_arr, "2026-08", {}, day(2026, 8, 1)), "");
  // In and out in the same cycle.
  EXPECT_EQ(parts_text(q_adv, "2026-08", day(2026, 8, 5), day(2026, 8, 25)),
            "+2026-08-05/2026-08-25 of 2026-07-01/2026-10-01;");
  EXPECT_EQ(parts_text(q_arr, "2026-08", day(2026, 7, 5), day(2026, 8, 25)),
            "+2026-07-05/2026-08-25 of 2026-07-01/2026-10-01;");
}

TEST(SiteV2ChargeCycles, Tp8CountsThirtyDaysAMonthAndPartMonthsByDays) {
  using submeter::site::tp8_days;
  EXPECT_EQ(tp8_days(day(2026, 7, 1), day(2026, 10, 1)), 90);  // three whole months
  EXPECT_EQ(tp8_days(day(2026, 7, 1), day(2026, 8, 20)), 49);  // July 30 + 19 days of August
  EXPECT_EQ(tp8_days(day(2026, 7, 15), day(2026, 8, 1)), 17);
  EXPECT_EQ(tp8_days(day(2026, 2, 1), day(2026, 3, 1)), 30);  // February whole: a month
  // Refunded on an advance quarter left on 2026-08-20: 90 − 49 = 41 days' worth.
}

// ---- Refusals of bad v2 input, each naming its place ----------------------------------------

TEST(SiteV2Refusals, ReaderNamesThePlace) {
  struct bad_case {
    std::string from, to;
    errc code;
    std::string path;
  };
  const std::string periods = R"({"peak": [["08:00", "20:00"]], "valley": [["20:00", "08:00"]]})";
  const std::vector<bad_case> cases = {
      {R"("tou-x": {"peak")", R"("tou-y": {"peak")", errc::not_found, "$.tou_periods.tou-y"},
      {periods, R"({"peak": [["08:00", "20:00"]], "valley": [["20:00", "07:00"]]})",
       errc::inconsistent, "$.tou_periods.tou-x"},
      {periods, R"({"peak": [["08:00", "20:00"]], "valley": [["19:00", "08:00"]]})",
       errc::inconsistent, "$.tou_periods.tou-x"},
      {periods, R"({"peak": [["08:00", "20:00"]], "valley": [["20:00", "8h"]]})", errc::parse,
       "$.tou_periods.tou-x.valley[0][1]"},
      {periods, R"({"peak": [["08:00", "20:00"]], "valley": [["20:00"]]})", errc::parse,
       "$.tou_periods.tou-x.valley[0]"},
      {periods, R"({"peak": [["08:00", "20:00"]], "valley": []})", errc::parse,
       "$.tou_periods.tou-x.valley"},
      {periods, R"({"peak": [["08:00", "08:00"]], "valley": [["20:00", "08:00"]]})",
       errc::invalid_argument, "$.tou_periods.tou-x.peak[0]"},
      {periods, R"({"peak": [["08:00", "20:00"]], "night": [["20:00", "08:00"]]})",
       errc::unsupported, "$.tou_periods.tou-x.night"},
      {periods, R"({"peak": [["08:00", "20:00"]], "sharp": [["20:00", "08:00"]]})",
       errc::inconsistent, "$.tou_periods.tou-x"},
      {periods, R"({"peak": [["08:00", 20]], "valley": [["20:00", "08:00"]]})", errc::parse,
       "$.tou_periods.tou-x.peak[0][1]"},
      {"\"tou_periods\": {\n    \"tou-x\": " + periods + "\n  }", R"("tou_periods": [])",
       errc::parse, "$.tou_periods"},
      {R"("tou-x": {"peak")", R"("tou-x": [], "z": {"peak")", errc::parse, "$.tou_periods.tou-x"},
  };
  for (const auto& c : cases) {
    const auto e = error_of([&] {
      (void)submeter::io::parse_site_json(cycles_with(cycles_site_json(), c.from, c.to),
                                          "site.json");
    });
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
  }
}

TEST(SiteV2Refusals, V1SitesDoNotTakeV2Fields) {
  const auto text = cycles_with(cycles_site_json(), "submeter-site-v2", "submeter-site-v1");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("path"), "$.tou_periods");
}

}  // namespace
