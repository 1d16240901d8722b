#include "render/html.hpp"

#include <gtest/gtest.h>

#include "io/site_loader.hpp"
#include "submeter/site/run.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;

struct july {
  submeter::site::site site = submeter::io::load_site(SUBMETER_TEST_DATA "/sites/v0-sample");
  submeter::bill::billing_period period = submeter::bill::billing_period::parse("2026-07");
  std::vector<submeter::site::tenant_bill> bills = submeter::site::run_site(site, period).bills;
};

TEST(HtmlBill, ShippedTemplateFillsEveryPlaceholder) {
  const july j;
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
  const july j;
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
  const july j;
  const auto svg = submeter::render::register_chart_svg(j.bills[0]);
  // T-01's largest register is peak (24,984.00 kWh): full width, 300 px.
  EXPECT_NE(svg.find("width=\"300\""), std::string::npos);
  EXPECT_NE(svg.find(">peak<"), std::string::npos);
  EXPECT_NE(svg.find(">24,984.00<"), std::string::npos);
}

}  // namespace
