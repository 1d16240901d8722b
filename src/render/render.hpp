#pragma once
/// \file
/// Renders bills as text (for people), JSON (format "submeter-bills-v0", for programs) and CSV
/// (one row per bill line). Each is written to a std::ostream as it is produced (`write_…`), so a
/// site of 100,000 tenants is never held whole in memory; the string forms wrap them. A caller
/// that must write nothing unless everything rendered (the CLI) writes to a temporary file first.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "render/lang.hpp"
#include "submeter/bill/bill.hpp"
#include "submeter/bill/compare.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/ledger/account.hpp"
#include "submeter/ledger/relay.hpp"
#include "submeter/site/accounts.hpp"
#include "submeter/site/report.hpp"
#include "submeter/site/site.hpp"

namespace submeter::render {

/// "2026-07-01T00:00" (seconds shown only when not zero).
[[nodiscard]] std::string format_time(local_time t);

/// A line's meter column: the meter it measured, else its payer (a share of a site amount, the
/// property fee or rent of the tenant's unit).
[[nodiscard]] inline const std::string& meter_column(const bill::line& l) noexcept {
  return l.meter_id.empty() ? l.payer : l.meter_id;
}

/// An account's standing as bills print it: "closed" after a move-out, "postpaid" for a postpaid
/// account, else its PP-2 level ("normal", "alarm1", "alarm2", "overdraft", "exhausted").
[[nodiscard]] std::string_view account_level_text(ledger::account_mode mode, ledger::level level,
                                                  bool closed) noexcept;

/// A prepaid tenant's month-end reconciliation with its live deductions (issue 17, `bill
/// --prepaid-db`): what the bill deducts (its total less what payment bills carry, PAY-5), Σ the
/// period's live deductions, and the true-up, billed − deducted (posted by `bill --post`).
struct live_true_up {
  std::string tenant;
  money billed;
  money deducted;
  money true_up;
};

/// One text bill per tenant: header, readings per meter, explained lines, total, earlier months and
/// the account when known; then the site total and, when `report` is given, the site report.
/// Amounts are grouped by thousands; the rounding point is printed. The bills' words, units,
/// dates and the explanations' fixed words are in `l` (lang.hpp; the site report stays English).
void write_bills_text(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills,
                      const site::site_report* report = nullptr, lang l = lang::en);

/// write_bills_text with the account part of each bill of a tenant in `live` (in the order of
/// `bills`) ending in its live deductions of the month and the true-up.
void write_bills_text(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills, const site::site_report* report,
                      lang l, const std::vector<live_true_up>& live);

/// `write_bills_text` into a string.
[[nodiscard]] std::string bills_text(const site::site& site, const bill::billing_period& period,
                                     const std::vector<site::tenant_bill>& bills,
                                     const site::site_report* report = nullptr, lang l = lang::en);

/// The site report as text: the summary (kWh, m³, amounts by component, accounts by level), the
/// master-bill reconciliation, the 转供电 compliance report and the alarms and relay decisions.
void write_site_report_text(std::ostream& out, const site::site& site,
                            const site::site_report& report);

/// `write_site_report_text` into a string.
[[nodiscard]] std::string site_report_text(const site::site& site, const site::site_report& report);

/// The same as JSON, every decimal a string ("755.92"), exact. The layout is nlohmann::json's
/// `dump(2)` followed by a newline (render/json_writer.hpp); keys in a fixed order. Refuses text
/// that is not valid UTF-8 (errc::invalid_argument) after writing part of the document.
void write_bills_json(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills,
                      const site::site_report* report = nullptr);

/// write_bills_json with each bill of a tenant in `live` (in the order of `bills`) carrying its reconciliation as `"live":
/// {"billed", "deducted", "true_up"}` (after its account part); the other bills as without.
void write_bills_json(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills, const site::site_report* report,
                      const std::vector<live_true_up>& live);

/// `write_bills_json` in parts, for bills made in parts (site/shard.hpp): the head (the document
/// up to its bills), then each part's bills in order, then the tail give, concatenated, the bytes
/// `write_bills_json` writes for all the bills. `first` is true for the part whose bills come
/// first in the document (the parts before it have none); a part without bills writes nothing.
/// `any_bills` says whether any part had bills, `site_total` is Σ of every bill's total.
void write_bills_json_head(std::ostream& out, const site::site& site,
                           const bill::billing_period& period);
void write_bills_json_part(std::ostream& out, const site::site& site,
                           const std::vector<site::tenant_bill>& bills, bool first);
void write_bills_json_tail(std::ostream& out, const site::site& site, bool any_bills,
                           money site_total, const site::site_report* report = nullptr);

/// `write_bills_json` into a string.
[[nodiscard]] std::string bills_json(const site::site& site, const bill::billing_period& period,
                                     const std::vector<site::tenant_bill>& bills,
                                     const site::site_report* report = nullptr);

/// One CSV row per bill line (RFC 4180 quoting), with a header row: tenant, period, tariff,
/// component, meter, register, register_name, tier, version, window_from, window_to,
/// split_method, quantity, unit, unit_price, price_unit, unrounded, amount, explanation. Every
/// number is an exact decimal string. Lines end in CRLF. A text cell (tenant, tariff, component,
/// meter, register_name, version, split_method, unit, price_unit, explanation) starting with '=',
/// '+', '-', '@', a tab or a carriage return gets a leading "'" so that a spreadsheet shows it
/// as text instead of running it as a formula (OWASP "CSV Injection"; issue 16 #6); number and
/// time cells are never changed ("-494.45" stays a number). In `l` (lang.hpp) the header row and
/// the explanations are translated; the other cells are codes and numbers, the same in every
/// language, so a program reads every language's file alike. A zh or zh-en file starts with a
/// UTF-8 byte order mark (EF BB BF) so that Excel on a Chinese Windows reads it as UTF-8.
void write_bills_csv(std::ostream& out, const bill::billing_period& period,
                     const std::vector<site::tenant_bill>& bills, lang l = lang::en);

/// `write_bills_csv` into a string.
[[nodiscard]] std::string bills_csv(const bill::billing_period& period,
                                    const std::vector<site::tenant_bill>& bills, lang l = lang::en);

/// DRY-1: a dry run's comparison (bill/compare.hpp) as text: a heading with the counts and the
/// net change, "Nothing was posted or written.", then each bill that would change with its lines
/// added, removed or changed (old -> new figures, the difference signed). Words in `l`.
void write_comparison_text(std::ostream& out, const std::string& period_label,
                           const std::string& against, const bill::bills_comparison& c,
                           const std::string& currency, int places, lang l = lang::en);

/// The same as JSON, format "submeter-dry-run-v0" (docs/bills-issued.md#dry-run).
void write_comparison_json(std::ostream& out, const std::string& period_label,
                           const std::string& against, const bill::bills_comparison& c,
                           int places);

}  // namespace submeter::render
