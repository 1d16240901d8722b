#pragma once
/// \file
/// Renders bills as text (for people), JSON (format "submeter-bills-v0", for programs) and CSV
/// (one row per bill line). Each is written to a std::ostream as it is produced (`write_…`), so a
/// site of 100,000 tenants is never held whole in memory; the string forms wrap them. A caller
/// that must write nothing unless everything rendered (the CLI) writes to a temporary file first.

#include <ostream>
#include <string>
#include <vector>

#include "submeter/bill/bill.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/site.hpp"
#include "submeter/bill/site_run.hpp"

namespace submeter::render {

/// "2026-07-01T00:00" (seconds shown only when not zero).
[[nodiscard]] std::string format_time(local_time t);

/// One text bill per tenant: header, readings per meter, explained lines, total, earlier months and
/// the account when known; then the site total and, when `report` is given, the site report.
/// Amounts are grouped by thousands; the rounding point is printed.
void write_bills_text(std::ostream& out, const bill::site& site, const bill::billing_period& period,
                      const std::vector<bill::bill>& bills,
                      const bill::site_report* report = nullptr);

/// `write_bills_text` into a string.
[[nodiscard]] std::string bills_text(const bill::site& site, const bill::billing_period& period,
                                     const std::vector<bill::bill>& bills,
                                     const bill::site_report* report = nullptr);

/// The site report as text: the summary (kWh, m³, amounts by component, accounts by level), the
/// master-bill reconciliation, the 转供电 compliance report and the alarms and relay decisions.
void write_site_report_text(std::ostream& out, const bill::site& site,
                            const bill::site_report& report);

/// `write_site_report_text` into a string.
[[nodiscard]] std::string site_report_text(const bill::site& site, const bill::site_report& report);

/// The same as JSON, every decimal a string ("755.92"), exact. The layout is nlohmann::json's
/// `dump(2)` followed by a newline (render/json_writer.hpp); keys in a fixed order. Refuses text
/// that is not valid UTF-8 (errc::invalid_argument) after writing part of the document.
void write_bills_json(std::ostream& out, const bill::site& site, const bill::billing_period& period,
                      const std::vector<bill::bill>& bills,
                      const bill::site_report* report = nullptr);

/// `write_bills_json` into a string.
[[nodiscard]] std::string bills_json(const bill::site& site, const bill::billing_period& period,
                                     const std::vector<bill::bill>& bills,
                                     const bill::site_report* report = nullptr);

/// One CSV row per bill line (RFC 4180 quoting), with a header row: tenant, period, tariff,
/// component, meter, register, register_name, tier, version, window_from, window_to,
/// split_method, quantity, unit, unit_price, price_unit, unrounded, amount, explanation. Every
/// number is an exact decimal string. Lines end in CRLF.
void write_bills_csv(std::ostream& out, const bill::billing_period& period,
                     const std::vector<bill::bill>& bills);

/// `write_bills_csv` into a string.
[[nodiscard]] std::string bills_csv(const bill::billing_period& period,
                                    const std::vector<bill::bill>& bills);

}  // namespace submeter::render
