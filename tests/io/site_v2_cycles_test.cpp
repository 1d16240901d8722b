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

#include "io/site_loader.hpp"
#include "submeter/site/run.hpp"
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

std::string site_json() { return file_text(cycles_site / "site.json"); }

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("fixture text not found: " + from);
  return text.replace(at, from.size(), to);
}

/// The site of `json` (default: the v2-cycles site.json) with v2-cycles' CSV files.
submeter::site::site load(const std::string& json) {
  const auto readings = file_text(cycles_site / "readings.csv");
  const auto intervals = file_text(cycles_site / "intervals.csv");
  submeter::io::site_files files{{"site.json", json}, {"readings.csv", readings}, {}, {}};
  files.intervals_csv = submeter::io::site_file{"intervals.csv", intervals};
  return submeter::io::parse_site_files(files);
}

const submeter::site::tenant_bill& bill_of(const submeter::site::site_run& run,
                                           const std::string& tenant) {
  for (const auto& b : run.bills) {
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

const submeter::site::site_run& july() {
  static const auto s = load(site_json());
  static const auto r = submeter::site::run_site(s, billing_period::parse("2026-07"));
  return r;
}

// ---- 1. A price change split by interval data (item 3a) -------------------------------------

TEST(SiteV2IntervalSplit, PriceChangeIsSplitByTheIntervalData) {
  // I1, peak 08:00-20:00 / valley 20:00-08:00: 720 peak kWh × 1.00 and 360 valley kWh × 0.50
  // before 2026-07-16 00:00, 1,536 × 1.20 and 192 × 0.60 from it.
  const auto& b = bill_of(july(), "T-I");
  EXPECT_EQ(amounts(b, "energy"),
            (std::vector<std::string>{"720.00", "180.00", "1843.20", "115.20"}));
  std::vector<std::string> kwh;
  for (const auto& l : b.lines) {
    if (l.component != submeter::bill::component::energy) continue;
    EXPECT_EQ(l.split_method, "interval data");
    EXPECT_NE(l.explanation.find("interval data"), std::string::npos) << l.explanation;
    kwh.push_back(l.quantity.to_string(2));
  }
  EXPECT_EQ(kwh, (std::vector<std::string>{"720.00", "360.00", "1536.00", "192.00"}));
}

TEST(SiteV2IntervalSplit, WithoutTouPeriodsTheSameSiteSplitsByDays) {
  // The same meter without `tou_periods` (format v1): 15/31 and 16/31 of 2,256 peak and 552
  // valley kWh, by largest remainder to 0.0001 kWh: 1,091.6129 + 1,164.3871 and 267.0968 +
  // 284.9032, so 1,091.61 / 133.55 / 1,397.26 / 170.94 (2,793.36 against 2,858.40).
  auto text = with(site_json(), "submeter-site-v2", "submeter-site-v1");
  const auto from = text.find("  \"tou_periods\"");
  const auto to = text.find("  \"meters\"");
  text.erase(from, to - from);
  const auto s = load(text);
  const auto r = submeter::site::run_site(s, billing_period::parse("2026-07"));
  const auto& b = bill_of(r, "T-I");
  EXPECT_EQ(amounts(b, "energy"),
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
  intervals = with(intervals, "I1,2026-07-01T08:00,1.00", "I1,2026-07-01T08:00,1.01");
  const auto readings = file_text(cycles_site / "readings.csv");
  const auto json = site_json();
  submeter::io::site_files files{{"site.json", json}, {"readings.csv", readings}, {}, {}};
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
  const auto text =
      with(site_json(), R"({"peak": [["08:00", "20:00"]], "valley": [["20:00", "08:00"]]})",
           R"({"peak": [["08:10", "20:00"]], "valley": [["20:00", "08:10"]]})");
  const auto s = load(text);
  const auto e =
      error_of([&] { (void)submeter::site::run_site(s, billing_period::parse("2026-07")); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("meter"), "I1");
  EXPECT_EQ(e.context_value("interval"), "2026-07-01T08:00:00");
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
    const auto e = error_of(
        [&] { (void)submeter::io::parse_site_json(with(site_json(), c.from, c.to), "site.json"); });
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
  }
}

TEST(SiteV2Refusals, V1SitesDoNotTakeV2Fields) {
  const auto text = with(site_json(), "submeter-site-v2", "submeter-site-v1");
  const auto e = error_of([&] { (void)submeter::io::parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("path"), "$.tou_periods");
}

}  // namespace
