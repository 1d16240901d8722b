// submeter: bill and validate submetered sites from the command line.
//
// Output discipline: everything is rendered into a buffer first; stdout is written only when the
// whole command succeeded. Any error goes to stderr, with a non-zero exit status, and nothing to
// stdout (no partial bills).
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include "cli/ledger_command.hpp"
#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/site.hpp"
#include "submeter/core/error.hpp"

namespace {

/// Exit statuses.
constexpr int exit_ok = 0;
constexpr int exit_bad_input = 1;  // a submeter::error: the site, readings or arguments are wrong
constexpr int exit_internal = 3;   // anything else (overflow, I/O)

std::string bill_command(const std::string& dir, const std::string& period_text,
                         const std::string& format, const std::string& post_db) {
  const auto period = submeter::bill::billing_period::parse(period_text);
  const auto site = submeter::io::load_site(dir);
  const auto bills = submeter::bill::bill_site(site, period);
  if (!post_db.empty()) {  // deduct from the ledger at the end of the period
    return submeter::cli::post_bills(post_db, period.label(), period.window().end(), bills);
  }
  return format == "json" ? submeter::render::bills_json(site, period, bills)
                          : submeter::render::bills_text(site, period, bills);
}

std::string validate_command(const std::string& dir, const std::string& period_text) {
  const auto site = submeter::io::load_site(dir);
  std::size_t readings = 0;
  for (const auto& s : site.readings()) readings += s.readings().size();
  std::string text = "ok: " + site.name() + ": " + std::to_string(site.tariffs().size()) +
                     " tariffs, " + std::to_string(site.meters().size()) + " meters, " +
                     std::to_string(site.tenants().size()) + " tenants, " +
                     std::to_string(readings) + " readings\n";
  if (!period_text.empty()) {
    const auto period = submeter::bill::billing_period::parse(period_text);
    const auto bills = submeter::bill::bill_site(site, period);
    text += "ok: " + std::to_string(bills.size()) + " bills for " + period.label() + "\n";
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"submeter: exact billing for submetered electricity and water"};
  app.require_subcommand(1);

  std::string dir;
  std::string period;
  std::string format = "text";
  auto* bill = app.add_subcommand("bill", "Bill every tenant of a site for a month");
  bill->add_option("site-dir", dir, "Directory holding site.json and readings.csv")->required();
  bill->add_option("--period", period, "Billing month, YYYY-MM (e.g. 2026-07)")->required();
  bill->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  std::string post_db;
  bill->add_option("--post", post_db, "Deduct the bills from the ledger in this SQLite file");

  std::string vdir;
  std::string vperiod;
  auto* validate =
      app.add_subcommand("validate", "Check a site directory; optionally bill a month");
  validate->add_option("site-dir", vdir, "Directory holding site.json and readings.csv")
      ->required();
  validate->add_option("--period", vperiod, "Also bill this month (YYYY-MM) and report problems");

  auto ledger = submeter::cli::add_ledger_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  std::string output;
  try {
    if (app.got_subcommand("ledger")) {
      output = ledger();
    } else if (*bill) {
      output = bill_command(dir, period, format, post_db);
    } else {
      output = validate_command(vdir, vperiod);
    }
  } catch (const submeter::error& e) {
    std::cerr << "submeter: error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "submeter: internal error: " << e.what() << "\n";
    return exit_internal;
  }
  std::cout << output << std::flush;
  return std::cout ? exit_ok : exit_internal;
}
