#include "render/html.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/site_loader.hpp"
#include "submeter/site/run.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;

struct july_bills {
  submeter::site::site site = submeter::io::load_site(SUBMETER_TEST_DATA "/sites/v0-sample");
  submeter::bill::billing_period period = submeter::bill::billing_period::parse("2026-07");
  std::vector<submeter::site::tenant_bill> bills = submeter::site::run_site(site, period).bills;
};

TEST(HtmlBill, ShippedTemplateFillsEveryPlaceholder) {
  const july_bills j;
  const auto html = submeter::render::bill_html(
      j.site, j.period, j.bills[0],
      {{"2026-06", submeter::energy::parse("70000"), submeter::money::parse("51000.5")}},
      submeter::render::default_bill_template());
  EXPECT_EQ(html.find("{{"), std::string::npos);
  EXPECT_NE(html.find("宏达精密机械 Hongda Precision Machining"), std::string::npos);
  EXPECT_NE(html.find("Total 53,085.80 CNY"), std::string::npos);
  EXPECT_NE(html.find("3,119.20 kWh × 1.35 = 4,210.92"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(
      html.find("<td>2026-06</td><td class=\"n\">70,000.00</td><td class=\"n\">51,000.50</td>"),
      std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // printable without JavaScript
}

TEST(HtmlBill, CustomTemplatesAndTheirMistakes) {
  const july_bills j;
  const auto& b = j.bills[0];
  EXPECT_EQ(submeter::render::bill_html(j.site, j.period, b, {}, "<p>{{tenant_id}}: {{total}}</p>"),
            "<p>T-01: 53,085.80</p>");
  const auto unknown = submeter::test_support::error_of(
      [&] { (void)submeter::render::bill_html(j.site, j.period, b, {}, "{{tenant}}"); });
  EXPECT_EQ(unknown.code(), errc::parse);
  EXPECT_EQ(unknown.context_value("placeholder"), "tenant");
  EXPECT_EQ(submeter::test_support::error_of([&] {
              (void)submeter::render::bill_html(j.site, j.period, b, {}, "{{total");
            }).code(),
            errc::parse);
}

TEST(HtmlBill, EscapesTextAndScalesBarsExactly) {
  EXPECT_EQ(submeter::render::html_escape("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
  const july_bills j;
  const auto svg = submeter::render::register_chart_svg(j.bills[0]);
  // T-01's largest register is peak (24,984.00 kWh): full width, 300 px.
  EXPECT_NE(svg.find("width=\"300\""), std::string::npos);
  EXPECT_NE(svg.find(">peak<"), std::string::npos);
  EXPECT_NE(svg.find(">24,984.00<"), std::string::npos);
}

}  // namespace

namespace {

// A bill of one meter with `t1` and `t2` kWh on rate registers 1 and 2.
submeter::bill::bill bill_with_registers(const char* t1, const char* t2) {
  submeter::metering::register_usage u;
  u.meter_id = "M-1";
  u.rates[0] = submeter::energy::parse(t1);
  u.rates[1] = submeter::energy::parse(t2);
  u.total = *u.rates[0] + *u.rates[1];
  submeter::bill::bill b;
  b.usages.push_back(u);
  return b;
}

}  // namespace

TEST(HtmlBill, ChartWidthsOfHugeRegistersAreExactWithoutOverflow) {
  // issue 16 #7: e.mantissa() * 2 * 300 overflowed int64 above ~1.54e12 kWh (UB, garbage widths).
  const auto svg = submeter::render::register_chart_svg(
      bill_with_registers("20000000000000", "5000000000000"));  // 2e13 and 5e12 kWh
  EXPECT_NE(svg.find("width=\"300\" height=\"18\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("width=\"75\" height=\"18\""), std::string::npos) << svg;  // 300 / 4
  EXPECT_NE(svg.find(">20,000,000,000,000.00<"), std::string::npos);
  // The largest energy there is: still exact (one bar full, the other half-up rounded).
  const auto top = submeter::render::register_chart_svg(
      bill_with_registers("461168601842738.7903", "153722867280912.9301"));
  EXPECT_NE(top.find("width=\"300\" height=\"18\""), std::string::npos) << top;
  EXPECT_NE(top.find("width=\"100\" height=\"18\""), std::string::npos) << top;
}

TEST(HtmlBill, FileNamesComeFromSafeIdsOnly) {
  using submeter::render::bill_file_name;
  const auto july = submeter::bill::billing_period::parse("2026-07");
  EXPECT_EQ(bill_file_name("T-01", july), "T-01-2026-07.html");
  EXPECT_EQ(bill_file_name("商铺 101", july), "商铺 101-2026-07.html");
  EXPECT_EQ(bill_file_name("a..b", july), "a..b-2026-07.html");  // dots inside are harmless
  // issue 16 #3: a path, an absolute path, a hidden name, a NUL that would truncate the name,
  // control characters and a name too long for the file system are refused, naming the tenant.
  for (const std::string& id :
       {std::string("../../pwned"), std::string("/tmp/abs_pwned"), std::string("a/b"),
        std::string("a\\b"), std::string(".hidden"), std::string(".."), std::string(""),
        std::string("T-1\0x", 5), std::string("T\n1"), std::string("T\x1b[2J"),
        std::string("T\x7f"), std::string(250, 'x')}) {
    const auto e = submeter::test_support::error_of([&] { (void)bill_file_name(id, july); });
    EXPECT_EQ(e.code(), errc::invalid_argument) << id;
    EXPECT_FALSE(e.context_value("reason").empty()) << id;
    // The tenant is named with control bytes escaped, never raw.
    for (const char c : e.context_value("tenant")) {
      EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << id;
    }
  }
  const auto nul = submeter::test_support::error_of(
      [&] { (void)bill_file_name(std::string("T-1\0x", 5), july); });
  EXPECT_EQ(nul.context_value("tenant"), "T-1\\x00x");
  EXPECT_EQ(bill_file_name(std::string(242, 'x'), july).size(), 255U);  // the longest taken
}

TEST(HtmlBill, TwoTenantsNeverShareAFile) {
  using submeter::render::check_distinct_files;
  EXPECT_NO_THROW(check_distinct_files({{"T-1", "T-1-2026-07.html"},
                                        {"T-2", "T-2-2026-07.html"},
                                        {"site report", "site-report-2026-07.txt"}}));
  // One file on a case-insensitive file system (macOS, Windows, a mounted share).
  const auto e = submeter::test_support::error_of([] {
    check_distinct_files({{"Shop-A", "Shop-A-2026-07.html"}, {"shop-a", "shop-a-2026-07.html"}});
  });
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.context_value("tenant"), "Shop-A");
  EXPECT_EQ(e.context_value("other"), "shop-a");
  EXPECT_EQ(e.context_value("output"), "shop-a-2026-07.html");
}

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

// issue 22 #11: in English the shipped template, its words now from the catalogue (label.*),
// prints byte for byte what the template before languages printed (tests/data/html, a copy of it).
TEST(HtmlBill, EnglishIsThePageBeforeLanguages) {
  const july_bills j;
  const auto before = read_text(SUBMETER_TEST_DATA "/html/bill-before-lang.html");
  ASSERT_NE(before.find("电费账单 Electricity bill · {{period}}"), std::string::npos);
  for (const auto& b : j.bills) {
    const std::vector<submeter::render::month_summary> history = {
        {"2026-06", submeter::energy::parse("70000"), submeter::money::parse("51000.5")}};
    EXPECT_EQ(submeter::render::bill_html(j.site, j.period, b, history,
                                          submeter::render::default_bill_template()),
              submeter::render::bill_html(j.site, j.period, b, history, before))
        << b.tenant_id;
  }
}

TEST(HtmlBill, ChineseBill) {
  const july_bills j;
  const auto html = submeter::render::bill_html(j.site, j.period, j.bills[0], {},
                                                submeter::render::default_bill_template(),
                                                submeter::render::lang::zh);
  EXPECT_EQ(html.find("{{"), std::string::npos);
  for (const char* want :
       {"<div>电费账单 · 2026年7月 · 2026年7月1日 00:00 – 2026年8月1日 00:00</div>",
        "宏达精密机械 Hongda Precision Machining", "合计 53,085.80 元",
        "<th class=\"n\">上次读数</th><th class=\"n\">本次读数</th>", "<td>电度电费</td>",
        "<td>尖</td>", ">峰<", "无往月记录", "3,119.20 kWh × 1.35 = 4,210.92"}) {
    EXPECT_NE(html.find(want), std::string::npos) << want;
  }
  for (const char* english : {"Total", "Charges", "explanation", "Previous months", ">peak<"}) {
    EXPECT_EQ(html.find(english), std::string::npos) << english;
  }
}
