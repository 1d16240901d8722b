// `submeter invoice <site> --bill NUMBER --invoice TEXT`: records the external invoice number
// (发票号) a platform got for an issued bill in the site's invoices.json (io/invoices_json.hpp),
// which `submeter bill` prints beside the bill's number (issue 22 #9, docs/bill-numbers.md).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/issued.hpp"
#include "io/invoices_json.hpp"
#include "io/site_loader.hpp"
#include "submeter/bill/number.hpp"
#include "submeter/core/error.hpp"

namespace submeter::cli {
namespace {

namespace fs = std::filesystem;

struct invoice_options {
  std::string dir;
  std::string bill;
  std::string invoice;
  bool replace = false;
};

// BN-1: refuses a number that the site's numbering cannot have issued: "<prefix>-<series>-<k>",
// the series a month (6 digits) or a range (8 digits, '-', 8 digits), k at least `digits` digits
// and not 0.
void check_issued_number(const bill::numbering& n, const std::string& number) {
  const auto refuse = [&](const char* why) {
    throw error(errc::invalid_argument, why,
                {{"option", "--bill"},
                 {"text", number},
                 {"expected", (n.prefix.empty() ? std::string() : n.prefix + "-") +
                                  "YYYYMM-" + std::string(static_cast<std::size_t>(n.digits), 'N') +
                                  " or YYYYMMDD-YYYYMMDD-N…"}});
  };
  std::string rest = number;
  if (!n.prefix.empty()) {
    if (rest.rfind(n.prefix + "-", 0) != 0) refuse("the bill number does not have the site's prefix");
    rest = rest.substr(n.prefix.size() + 1);
  }
  const auto dash = rest.rfind('-');
  if (dash == std::string::npos) refuse("not a bill number of this site");
  const auto series = rest.substr(0, dash);
  const auto k = rest.substr(dash + 1);
  const bool month = series.size() == 6 && is_digits(series);
  const bool range = series.size() == 17 && series[8] == '-' && is_digits(series.substr(0, 8)) &&
                     is_digits(series.substr(9));
  if (!(month || range) || !is_digits(k) || k.size() < static_cast<std::size_t>(n.digits) ||
      k.find_first_not_of('0') == std::string::npos) {
    refuse("not a bill number of this site");
  }
}

// Writes `text` to `file` whole or not at all: a temporary file beside it, renamed over it.
void replace_file(const fs::path& file, const std::string& text) {
  static std::atomic<unsigned> serial{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  const fs::path tmp = file.parent_path() / (".invoices.json." + std::to_string(stamp) + "-" +
                                             std::to_string(serial++) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw fs::filesystem_error("cannot write the invoices file", tmp,
                                 std::make_error_code(std::errc::io_error));
    }
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw fs::filesystem_error("cannot write the invoices file", tmp, file, ec);
  }
}

}  // namespace

void add_invoice_command(CLI::App& app, context& ctx) {
  auto o = std::make_shared<invoice_options>();
  auto* cmd = app.add_subcommand(
      "invoice", "Record the invoice number (发票号) of an issued bill in the site's invoices.json");
  cmd->add_option("site-dir", o->dir, "Directory holding site.json")->required();
  cmd->add_option("--bill", o->bill, "The bill's number, as printed (e.g. XR-202607-0001)")
      ->required();
  cmd->add_option("--invoice", o->invoice, "The invoice number the platform got")->required();
  cmd->add_flag("--replace", o->replace,
                "Replace an invoice number already recorded for the bill (default: refuse)");
  ctx.add(*cmd, [o](std::ostream& out) {
    const auto site = io::load_site(o->dir);
    if (!site.issue().numbers) {
      throw error(errc::invalid_argument,
                  "the site does not number its bills (site.json v2 bill_numbers)",
                  {{"file", (fs::path(o->dir) / "site.json").string()}, {"path", "$.bill_numbers"}});
    }
    check_issued_number(*site.issue().numbers, o->bill);
    io::check_invoice_number(o->invoice, "--invoice");
    auto invoices = io::load_invoices(o->dir);
    const auto it = invoices.find(o->bill);
    if (it != invoices.end() && it->second == o->invoice) {
      out << "invoice " << o->invoice << " already recorded for bill " << o->bill << "\n";
      return;
    }
    if (it != invoices.end() && !o->replace) {
      throw error(errc::duplicate, "the bill has another invoice number (give --replace)",
                  {{"file", (fs::path(o->dir) / "invoices.json").string()},
                   {"bill", o->bill},
                   {"recorded", it->second},
                   {"given", o->invoice}});
    }
    invoices[o->bill] = o->invoice;
    replace_file(fs::path(o->dir) / "invoices.json", io::invoices_text(invoices));
    out << "recorded invoice " << o->invoice << " for bill " << o->bill << "\n";
  });
}

}  // namespace submeter::cli
