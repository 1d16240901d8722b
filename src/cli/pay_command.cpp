// `submeter pay <site> --db LEDGER --bill NUMBER --amount A --time T`: records the payment of a
// payment bill (PAY-5, bill/payment_bill.hpp; issue 22 #5) as a ledger event on its tenant's
// account. The document is found by billing its period again (its numbers are stable, PAY-3),
// so a number the site never issued, a credit note and an amount other than the total are
// refused before anything is posted; paying the same bill again is a duplicate, not a second
// payment.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cli/issued.hpp"
#include "cli/ledger_command.hpp"
#include "io/site_loader.hpp"
#include "store/open_store.hpp"
#include "store/site_postings.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/ledger/edge.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/site/run.hpp"

namespace submeter::cli {
namespace {

namespace fs = std::filesystem;

struct pay_options {
  std::string dir;
  std::string db;
  std::string bill;
  std::string amount;
  std::string time;
  std::int64_t max_ahead_hours = 24;
};

// PAY-3: the month ("2026-07") of a payment bill number of the site's series,
// "<prefix>-YYYYMM-<k>", or of a credit note's, the same with "-CN" (found, then refused as a
// credit note); refuses (errc::invalid_argument) anything else, naming --bill.
std::string period_of_number(const bill::numbering& n, const std::string& number) {
  const auto refuse = [&](const char* why) {
    throw error(errc::invalid_argument, why,
                {{"option", "--bill"},
                 {"text", number},
                 {"expected", (n.prefix.empty() ? std::string() : n.prefix + "-") + "YYYYMM-" +
                                  std::string(static_cast<std::size_t>(n.digits), 'N')}});
  };
  std::string rest = number;
  if (!n.prefix.empty()) {
    if (rest.rfind(n.prefix + "-", 0) != 0) {
      refuse("the number does not have the prefix of the site's payment bills");
    }
    rest = rest.substr(n.prefix.size() + 1);
  }
  if (rest.size() > 3 && rest.compare(rest.size() - 3, 3, "-CN") == 0) {
    rest.resize(rest.size() - 3);
  }
  const auto dash = rest.find('-');
  if (dash != 6 || !is_digits(rest.substr(0, 6)) || !is_digits(rest.substr(7)) ||
      rest.size() - 7 < static_cast<std::size_t>(n.digits)) {
    refuse("not a payment bill number of this site");
  }
  return rest.substr(0, 4) + "-" + rest.substr(4, 2);
}

// PAY-3: the document numbered `number` among the payment documents of `period`, billed again.
bill::payment_document find_document(const site::site& s, const std::string& dir,
                                     const bill::billing_period& period,
                                     const std::string& number) {
  auto run = site::run_site(s, period);
  const auto bills = issued(s, period, std::move(run.bills), dir);
  if (const auto* d = store::find_payment_document(bills, number)) return *d;
  throw error(errc::not_found, "the site issued no payment bill with this number",
              {{"option", "--bill"}, {"text", number}, {"period", period.label()}});
}

std::string pay(const pay_options& o) {
  const auto site = io::load_site(o.dir);
  const auto file = (fs::path(o.dir) / "site.json").string();
  const auto& terms = site.issue().payments;
  if (!terms) {
    throw error(errc::invalid_argument,
                "the site issues no payment bills (site.json v2 payment_bills)",
                {{"file", file}, {"path", "$.payment_bills"}});
  }
  const auto amount = ledger::parse_amount(o.amount, "--amount");
  const auto at = ledger::require_not_ahead(parse_local_time(o.time), local_now(),
                                            std::chrono::hours{o.max_ahead_hours}, "--time");
  const auto period = bill::billing_period::parse(period_of_number(terms->numbers, o.bill));
  const auto d = find_document(site, o.dir, period, o.bill);
  const store::payment_names names{"option", "--bill", "--amount", "--time"};
  store::check_payment(d, amount, o.amount, at, names);  // before the ledger is opened
  auto store = store::open_ledger_store(o.db);
  const auto p = store::pay_document(*store, d, at);
  if (p.duplicate) {
    return "payment bill " + d.number + " of " + d.tenant_id + " already paid (" +
           d.total.to_string(2) + ")\n";
  }
  return "paid payment bill " + d.number + " of " + d.tenant_id + ": " + d.total.to_string(2) +
         " (entry " + std::to_string(p.seq) + "; the balance does not move)\n";
}

}  // namespace

void add_pay_command(CLI::App& app, context& ctx) {
  auto o = std::make_shared<pay_options>();
  auto* cmd = app.add_subcommand(
      "pay", "Record the payment of a payment bill (缴费账单) in the ledger, in full, once");
  cmd->add_option("site-dir", o->dir, "Directory holding site.json and readings.csv")->required();
  cmd->add_option("--db", o->db, "The ledger: an SQLite file, or a postgresql:// URI")->required();
  cmd->add_option("--bill", o->bill, "The payment bill's number, as printed (PB-202607-0001)")
      ->required();
  cmd->add_option("--amount", o->amount, "The amount paid: the payment bill's total, e.g. 120.00")
      ->required();
  cmd->add_option("--time", o->time, "When it was paid, local time YYYY-MM-DDTHH:MM")->required();
  add_max_ahead_option(cmd, o->max_ahead_hours);
  ctx.add(*cmd, [o](std::ostream& out) { out << pay(*o); });
}

}  // namespace submeter::cli
