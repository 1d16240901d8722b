#pragma once
/// \file
/// Renders bills as text (for people) and JSON (format "submeter-bills-v0", for programs).
/// Both are returned as a string, so a caller writes nothing until everything has rendered.

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
[[nodiscard]] std::string bills_text(const bill::site& site, const bill::billing_period& period,
                                     const std::vector<bill::bill>& bills,
                                     const bill::site_report* report = nullptr);

/// The site report as text: the summary (kWh, m³, amounts by component, accounts by level), the
/// master-bill reconciliation, the 转供电 compliance report and the alarms and relay decisions.
[[nodiscard]] std::string site_report_text(const bill::site& site, const bill::site_report& report);

/// The same as JSON, every decimal a string ("755.92"), exact.
[[nodiscard]] std::string bills_json(const bill::site& site, const bill::billing_period& period,
                                     const std::vector<bill::bill>& bills,
                                     const bill::site_report* report = nullptr);

/// One CSV row per bill line (RFC 4180 quoting), with a header row: tenant, period, tariff,
/// component, meter, register, register_name, tier, version, window_from, window_to,
/// split_method, quantity, unit, unit_price, price_unit, unrounded, amount, explanation. Every
/// number is an exact decimal string.
[[nodiscard]] std::string bills_csv(const bill::billing_period& period,
                                    const std::vector<bill::bill>& bills);

}  // namespace submeter::render
