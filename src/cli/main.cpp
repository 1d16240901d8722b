// submeter: bill and validate submetered sites from the command line.
//
// Output discipline: everything is rendered into a buffer first (bills: a temporary file, see
// cli/spool.hpp; other commands: a string); stdout is written only when the whole command
// succeeded. Any error goes to stderr, with a non-zero exit status, and nothing to stdout (no
// partial bills).
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <exception>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/html_bills.hpp"
#include "cli/ledger_command.hpp"
#include "cli/progress.hpp"
#include "cli/spool.hpp"
#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/site.hpp"
#include "submeter/bill/site_run.hpp"
#include "submeter/core/error.hpp"

namespace {

/// Exit statuses.
constexpr int exit_ok = 0;
constexpr int exit_bad_input = 1;  // a submeter::error: the site, readings or arguments are wrong
constexpr int exit_internal = 3;   // anything else (overflow, I/O)

// Writes the bills (or, with --post, the ledger's answer) to `out`.
void bill_command(std::ostream& out, const std::string& dir, const std::string& period_text,
                  const std::string& format, bool timings, const std::string& post_db,
                  bool with_report) {
  using clock = std::chrono::steady_clock;
  const auto ms = [](clock::duration d) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    return std::to_string(us / 1000) + "." + std::to_string(1000 + us % 1000).substr(1);
  };
  const auto t0 = clock::now();
  const auto period = submeter::bill::billing_period::parse(period_text);
  const auto site = submeter::io::load_site(dir);
  const auto t1 = clock::now();
  submeter::bill::site_run run;
  {
    submeter::cli::progress bar("billing", site.tenants().size());
    run = submeter::bill::run_site(site, period, [&bar](std::size_t n) { bar.update(n); });
  }
  const auto& bills = run.bills;
  const auto* report = with_report ? &run.report : nullptr;
  const auto t2 = clock::now();
  if (!post_db.empty()) {  // deduct from the ledger at the end of the period
    out << submeter::cli::post_bills(post_db, period.label(), period.window().end(), bills);
    return;
  }
  if (format == "json") {
    submeter::render::write_bills_json(out, site, period, bills, report);
  } else if (format == "csv") {
    submeter::render::write_bills_csv(out, period, bills);
  } else {
    submeter::render::write_bills_text(out, site, period, bills, report);
  }
  const auto t3 = clock::now();
  if (timings) {
    // Phase times for the I/O overhead figure (docs/performance.md): reading the site and its
    // readings, billing (the core alone), rendering (into the temporary file).
    std::cerr << "timings: tenants " << bills.size() << ", read " << ms(t1 - t0) << " ms, bill "
              << ms(t2 - t1) << " ms, render " << ms(t3 - t2) << " ms\n";
  }
}

std::string validate_command(const std::string& dir, const std::string& period_text) {
  const auto site = submeter::io::load_site(dir);
  std::size_t readings = 0;
  for (const auto& s : site.readings()) readings += s.readings().size();
  const auto tariffs =
      site.tariffs().size() + site.setup().water_tariffs.size() + site.setup().two_part.size();
  std::string text = "ok: " + site.name() + ": " + std::to_string(tariffs) + " tariffs, " +
                     std::to_string(site.meters().size()) + " meters, " +
                     std::to_string(site.tenants().size()) + " tenants, " +
                     std::to_string(readings) + " readings\n";
  if (!period_text.empty()) {
    const auto period = submeter::bill::billing_period::parse(period_text);
    const auto run = submeter::bill::run_site(site, period);
    text += "ok: " + std::to_string(run.bills.size()) + " bills for " + period.label() + "\n";
    for (const auto& w : run.report.warnings)
      text += "warning: " + w.code + ": " + w.message + "\n";
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
  bill->add_option("--format", format, "Output format (html writes one file per tenant to --out)")
      ->check(CLI::IsMember({"text", "json", "csv", "html"}))
      ->capture_default_str();
  std::string out_dir;
  std::string template_path;
  bool timings = false;
  bill->add_flag("--timings", timings, "Print read/bill/render times to stderr");
  bill->add_option("--out", out_dir, "Directory for --format html bills");
  bill->add_option("--template", template_path, "HTML bill template (default: the shipped one)")
      ->check(CLI::ExistingFile);
  std::string post_db;
  bill->add_option("--post", post_db, "Deduct the bills from the ledger in this SQLite file");
  bool no_report = false;
  bill->add_flag("--no-report", no_report,
                 "Text/JSON: leave out the site report (summary, reconciliation, compliance, "
                 "alarms and relay decisions)");

  std::string vdir;
  std::string vperiod;
  auto* validate =
      app.add_subcommand("validate", "Check a site directory; optionally bill a month");
  validate->add_option("site-dir", vdir, "Directory holding site.json and readings.csv")
      ->required();
  validate->add_option("--period", vperiod, "Also bill this month (YYYY-MM) and report problems");

  std::vector<submeter::cli::command> commands;
  commands.push_back(submeter::cli::add_decode_command(app));
  commands.push_back(submeter::cli::add_rerate_command(app));
  commands.push_back(submeter::cli::add_configure_command(app));
#ifdef SUBMETER_CLI_WITH_MODBUS
  commands.push_back(submeter::cli::add_read_command(app));
#endif
  auto ledger = submeter::cli::add_ledger_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  std::string output;
  std::unique_ptr<submeter::cli::spool> spooled;  // bill's output, too large for a string
  try {
    if (app.got_subcommand("ledger")) {
      output = ledger();
    } else if (*bill && format == "html") {
      if (out_dir.empty()) {
        throw submeter::error(submeter::errc::invalid_argument, "--format html needs --out DIR");
      }
      output = submeter::cli::write_html_bills(dir, period, out_dir, template_path);
    } else if (*bill) {
      spooled = std::make_unique<submeter::cli::spool>();
      bill_command(spooled->stream(), dir, period, format, timings, post_db, !no_report);
      spooled->finish();
    } else if (*validate) {
      output = validate_command(vdir, vperiod);
    }
    for (const auto& c : commands) {
      if (*c.app) output = c.run();
    }
  } catch (const submeter::cli::command_failure& e) {
    std::cerr << "submeter: " << e.what() << "\n";
    return e.exit_code();
  } catch (const submeter::error& e) {
    std::cerr << "submeter: error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "submeter: internal error: " << e.what() << "\n";
    return exit_internal;
  }
  std::cout << output << std::flush;
  if (spooled) {
    try {
      spooled->copy_to(STDOUT_FILENO);  // std::cout is flushed
    } catch (const std::exception& e) {
      std::cerr << "submeter: internal error: " << e.what() << "\n";
      return exit_internal;
    }
  }
  return std::cout ? exit_ok : exit_internal;
}
