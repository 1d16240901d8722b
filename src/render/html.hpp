#pragma once
/// \file
/// Printable HTML bills (one A4 page per tenant): tenant and meters, readings, every line with its
/// explanation, an inline SVG bar chart of use by rate register (no JavaScript), previous months
/// where data exist. The page comes from a template a user can replace: placeholders in double
/// braces are substituted (see docs/bills-html.md); values are HTML-escaped.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/site.hpp"

namespace submeter::render {

/// One earlier month of the same tenant, for the history table.
struct month_summary {
  std::string label;  ///< "2026-06"
  energy kwh;
  /// The month's bill total, when that month could be billed (else only the kWh are known).
  std::optional<money> amount;
};

/// The template shipped with submeter (src/render/templates/bill.html).
[[nodiscard]] std::string_view default_bill_template() noexcept;

/// "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" for the five special characters.
[[nodiscard]] std::string html_escape(std::string_view text);

/// The bar chart of a bill's use per rate register (sum over its meters), as inline SVG.
[[nodiscard]] std::string register_chart_svg(const bill::bill& b);

/// Renders one tenant's bill through `tmpl`. Refuses (submeter::error, errc::parse) a template
/// with an unknown placeholder or an unclosed "{{", naming it, so a typo never prints silently.
[[nodiscard]] std::string bill_html(const site::site& site, const bill::billing_period& period,
                                    const site::tenant_bill& b,
                                    const std::vector<month_summary>& history,
                                    std::string_view tmpl);

}  // namespace submeter::render
