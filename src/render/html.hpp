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

#include "render/lang.hpp"
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

/// The bar chart of a bill's use per rate register (sum over its meters), as inline SVG; the
/// registers named in `l` (尖, 峰, 平, 谷 in Chinese).
[[nodiscard]] std::string register_chart_svg(const bill::bill& b, lang l = lang::en);

/// The file name of a tenant's HTML bill, "<tenant_id>-<period>.html" (docs/bills-html.md), derived
/// from the id alone and safe by itself, whatever rule the site loader applied: refuses
/// (submeter::error, errc::invalid_argument, naming the tenant with control bytes escaped) an id
/// that is empty, starts with '.', holds a '/', a '\', NUL, another C0 control or DEL, or makes a
/// name longer than 255 bytes; such an id never becomes a path, a hidden file or a truncated name.
[[nodiscard]] std::string bill_file_name(std::string_view tenant_id,
                                         const bill::billing_period& period);

/// A file to be written and who it belongs to (a tenant id, or "site report").
struct output_file {
  std::string owner;
  std::string name;
};

/// Refuses (submeter::error, errc::duplicate, naming the file as `output` and both owners) two
/// `files` that would be one file on disk, also on a case-insensitive file system: names are
/// compared with ASCII letters folded ("T-1-2026-07.html" and "t-1-2026-07.html" are one file on
/// macOS and Windows). Non-ASCII letters are compared byte for byte.
void check_distinct_files(const std::vector<output_file>& files);

/// Renders one tenant's bill through `tmpl`, its words, units, dates and the explanations' fixed
/// words in `l` (lang.hpp; the `label.*` placeholders are the template's own words). Refuses
/// (submeter::error, errc::parse) a template with an unknown placeholder or an unclosed "{{",
/// naming it, so a typo never prints silently.
[[nodiscard]] std::string bill_html(const site::site& site, const bill::billing_period& period,
                                    const site::tenant_bill& b,
                                    const std::vector<month_summary>& history,
                                    std::string_view tmpl, lang l = lang::en);

}  // namespace submeter::render
