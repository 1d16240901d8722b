// `submeter bill <site> --period P`: bills every tenant of a site for a month, as text, JSON or
// CSV on stdout, as printable HTML files (html_bills.cpp), or posted to the ledger (--post).
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/bill_readings.hpp"
#include "cli/commands.hpp"
#include "cli/html_bills.hpp"
#include "cli/keep_until_exit.hpp"
#include "cli/issued.hpp"
#include "cli/ledger_command.hpp"
#include "cli/prepaid_db.hpp"
#include "cli/progress.hpp"
#include "cli/time_option.hpp"
#include "io/against_json.hpp"
#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "submeter/bill/compare.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/site/range.hpp"
#include "submeter/site/run.hpp"

namespace submeter::cli {
namespace {

struct bill_options {
  std::string dir;
  std::string period;
  std::string format = "text";
  std::string out_dir;
  std::string template_path;
  bool timings = false;
  std::string post_db;
  bool no_report = false;
  std::int64_t max_ahead_hours = 24;
  bool all_or_nothing = false;
  std::string lang = "en";
  std::string prepaid_db;
  std::string readings_db;
  bool dry_run = false;
  std::string against;
  std::string from;
  std::string to;
};

}  // namespace

/// The period `bill` and `history` bill: --period YYYY-MM, or --from T1 --to T2 (RANGE-1).
/// Refuses both or neither, one bound without the other, a bad bound and a range the period
/// refuses (to not after from, longer than 366 days).
bill::billing_period period_of(const std::string& period, const std::string& from,
                               const std::string& to) {
  if (!period.empty() && (!from.empty() || !to.empty())) {
    throw error(errc::invalid_argument, "give --period or --from/--to, not both",
                {{"option", "--period"}});
  }
  if (from.empty() != to.empty()) {
    throw error(errc::invalid_argument, "--from and --to go together",
                {{"option", from.empty() ? "--to" : "--from"}});
  }
  if (!from.empty()) {
    try {
      return bill::billing_period::range(time_option(from, "--from"), time_option(to, "--to"));
    } catch (const error& e) {
      if (!e.context_value("option").empty()) throw;
      throw e.with("option", "--from/--to");
    }
  }
  if (period.empty()) {
    throw error(errc::invalid_argument, "give --period YYYY-MM or --from T1 --to T2",
                {{"option", "--period"}});
  }
  return bill::billing_period::parse(period);
}

namespace {

// A bill as the dry run compares it (bill/compare.hpp).
bill::compared_bill compared_of(const site::tenant_bill& b) {
  bill::compared_bill out{b.tenant_id, b.number, b.total, {}};
  out.lines.reserve(b.lines.size());
  for (const auto& l : b.lines) {
    out.lines.push_back({l.component, render::meter_column(l), l.rate_register, l.register_name,
                         l.tier, l.version, l.window, l.quantity, l.unit, l.unit_price, l.amount,
                         l.explanation});
  }
  return out;
}

// DRY-1: what billing `period` again would change against the bills issued in `against`
// (io/against_json.hpp). Writes the comparison; throws finished_with_status(exit_bills_differ)
// when anything would change, so the exit status says it (0: nothing would).
void dry_run(std::ostream& out, const site::site& site, const bill::billing_period& period,
             const std::vector<site::tenant_bill>& bills, const std::string& against,
             const std::string& format, render::lang lang) {
  const auto issued = io::load_against(against, period.label());
  std::vector<bill::compared_bill> now;
  now.reserve(bills.size());
  for (const auto& b : bills) now.push_back(compared_of(b));
  const auto c = bill::compare_bills(issued, now);
  if (format == "json") {
    render::write_comparison_json(out, period.label(), against, c, site.rule().places);
  } else {
    render::write_comparison_text(out, period.label(), against, c, site.currency(),
                                  site.rule().places, lang);
  }
  if (c.any()) throw finished_with_status(exit_bills_differ);
}

// Writes the bills (or, with --post, the ledger's answer) to `out`.
void bill_command(std::ostream& out, const std::string& dir, const bill::billing_period& period,
                  const std::string& format, bool timings, const std::string& post_db,
                  bool with_report, std::int64_t max_ahead_hours, bool all_or_nothing,
                  render::lang lang, const std::string& prepaid_db,
                  const std::string& readings_db, const std::string& against) {
  using clock = std::chrono::steady_clock;
  const auto ms = [](clock::duration d) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    return std::to_string(us / 1000) + "." + std::to_string(1000 + us % 1000).substr(1);
  };
  const auto t0 = clock::now();
  // The site and its run are kept until the process exits, not freed (keep_until_exit.hpp).
  const auto& site = keep_until_exit(readings_db.empty() ? io::load_site(dir)
                                                         : load_site_from_store(dir, readings_db));
  const auto t1 = clock::now();
  auto& run = keep_until_exit(site::site_run{});
  {
    progress bar("billing", site.tenants().size());
    try {
      if (period.is_month()) {
        run = site::run_site(site, period, {}, [&bar](std::size_t n) { bar.update(n); });
      } else {
        run.bills = site::bill_range(site, period);  // RANGE-1: a statement, no site report
        with_report = false;
      }
    } catch (const error& e) {
      if (readings_db.empty()) throw;
      throw e.with("readings_db", readings_db);  // which store lacks the meter's read
    }
  }
  run.bills = issued(site, period, std::move(run.bills), dir);
  const auto& bills = run.bills;
  const auto* report = with_report ? &run.report : nullptr;
  const auto t2 = clock::now();
  if (!against.empty()) {  // --dry-run: compare, post nothing, write nothing but stdout
    dry_run(out, site, period, bills, against, format, lang);
    return;
  }
  if (!prepaid_db.empty() && !post_db.empty()) {  // live prepaid: post only the true-ups
    post_true_ups(out, prepaid_db, site, period, bills);
    return;
  }
  if (!post_db.empty()) {  // deduct from the ledger at the end of the period
    out << post_bills(post_db, period.label(), period.window().end(), bills, max_ahead_hours,
                      all_or_nothing);
    return;
  }
  if (format == "json" && !prepaid_db.empty()) {  // each prepaid tenant's bill with its true-up
    render::write_bills_json(out, site, period, bills, report,
                             live_true_ups(prepaid_db, site, period, bills));
  } else if (format == "json") {
    render::write_bills_json(out, site, period, bills, report);
  } else if (format == "csv") {
    render::write_bills_csv(out, period, bills, lang);
  } else {
    if (prepaid_db.empty()) {
      render::write_bills_text(out, site, period, bills, report, lang);
    } else {  // each prepaid tenant's account part ends in its true-up; a summary after the bills
      const auto lines = live_true_ups(prepaid_db, site, period, bills);
      render::write_bills_text(out, site, period, bills, report, lang, lines);
      write_true_up_summary(out, prepaid_db, period, lines);
    }
  }
  const auto t3 = clock::now();
  if (timings) {
    // Phase times for the I/O overhead figure (docs/performance.md): reading the site and its
    // readings, billing (the core alone), rendering (into the temporary file).
    std::cerr << "timings: tenants " << bills.size() << ", read " << ms(t1 - t0) << " ms, bill "
              << ms(t2 - t1) << " ms, render " << ms(t3 - t2) << " ms\n";
  }
}

}  // namespace

void add_bill_command(CLI::App& app, context& ctx) {
  auto o = std::make_shared<bill_options>();
  auto* bill = app.add_subcommand("bill", "Bill every tenant of a site for a month");
  bill->add_option("site-dir", o->dir, "Directory holding site.json and readings.csv")->required();
  bill->add_option("--period", o->period, "Billing month, YYYY-MM (e.g. 2026-07)");
  bill->add_option("--from", o->from,
                   "Bill a range instead of a month: its start, YYYY-MM-DD or YYYY-MM-DDTHH:MM "
                   "(a move-in, the start of a quarter)");
  bill->add_option("--to", o->to,
                   "The end of the range, excluded: YYYY-MM-DD (midnight) or YYYY-MM-DDTHH:MM (a "
                   "move-out)");
  bill->add_option("--format", o->format,
                   "Output format (html writes one file per tenant to --out)")
      ->check(CLI::IsMember({"text", "json", "csv", "html"}))
      ->capture_default_str();
  bill->add_flag("--timings", o->timings, "Print read/bill/render times to stderr");
  bill->add_option("--out", o->out_dir, "Directory for --format html bills");
  bill->add_option("--template", o->template_path, "HTML bill template (default: the shipped one)")
      ->check(CLI::ExistingFile);
  bill->add_option("--post", o->post_db,
                   "Deduct the bills from this ledger (SQLite file or postgresql:// URI)");
  add_max_ahead_option(bill, o->max_ahead_hours);
  bill->add_flag("--all-or-nothing", o->all_or_nothing,
                 "--post: when one account refuses its bill, post none (default: post the others "
                 "and report the refusal)");
  auto* lang_option =
      bill->add_option("--lang", o->lang,
                       "Language of text, CSV and HTML bills: en, zh (Chinese) or zh-en "
                       "(both); JSON is for programs and has none")
          ->capture_default_str();
  bill->add_option("--prepaid-db", o->prepaid_db,
                   "Live prepaid ledger (SQLite file or postgresql:// URI): show each prepaid "
                   "tenant's live deductions and true-up; with --post (the same ledger) post "
                   "only the true-ups");
  bill->add_option("--readings-db", o->readings_db,
                   "Take the readings from this readings store (submeter ingest --store) instead "
                   "of the site's readings.csv, with VEE estimates (估抄) and their true-ups");
  bill->add_flag("--dry-run", o->dry_run,
                 "With --against: print what billing the period again would change against the "
                 "bills already issued (bills and lines added, removed, amounts changed); posts "
                 "nothing, writes nothing; exit 0 when nothing would change, 4 when something "
                 "would");
  bill->add_option("--against", o->against,
                   "--dry-run: the bills issued for the period (bill --format json)");
  bill->add_flag("--no-report", o->no_report,
                 "Text/JSON: leave out the site report (summary, reconciliation, compliance, "
                 "alarms and relay decisions)");
  ctx.add(*bill, [o, lang_option](std::ostream& out) {
    // Checked here, not by CLI11, so that a bad value is bad input (exit 1, "submeter: error:").
    const auto language = render::parse_lang(o->lang, "--lang");
    const auto period = period_of(o->period, o->from, o->to);
    if (!period.is_month() && (!o->post_db.empty() || !o->prepaid_db.empty() ||
                               !o->readings_db.empty() || o->format == "html")) {
      throw error(errc::invalid_argument,
                  "a range (--from/--to) is billed as a statement from the site's readings: it "
                  "takes no --post, --prepaid-db, --readings-db or --format html",
                  {{"option", "--from/--to"}});
    }
    // Options that would be ignored are refused (issue 16 #10): --post prints the ledger's answer,
    // not bills, so it takes no --format but text; --out and --template are for html.
    if (!o->post_db.empty() && o->format != "text") {
      throw error(errc::invalid_argument, "--post does not print bills: it takes no --format",
                  {{"format", o->format}});
    }
    if (lang_option->count() != 0 && (o->format == "json" || !o->post_db.empty())) {
      throw error(errc::invalid_argument, "--lang is for text, CSV and HTML bills",
                  {{"option", "--lang"}, {"format", o->post_db.empty() ? o->format : "--post"}});
    }
    if (!o->prepaid_db.empty() && o->format != "text" && o->format != "json") {
      throw error(errc::invalid_argument, "--prepaid-db prints the true-ups as text or JSON only",
                  {{"format", o->format}});
    }
    if (!o->prepaid_db.empty() && !o->post_db.empty() && o->post_db != o->prepaid_db) {
      throw error(errc::invalid_argument,
                  "with --prepaid-db, --post posts the true-ups to the prepaid ledger: give the "
                  "same file",
                  {{"prepaid_db", o->prepaid_db}, {"post", o->post_db}});
    }
    if (o->format != "html" && (!o->out_dir.empty() || !o->template_path.empty())) {
      throw error(errc::invalid_argument, "--out and --template are for --format html",
                  {{"format", o->format}});
    }
    if (o->dry_run != !o->against.empty()) {
      throw error(errc::invalid_argument, "--dry-run and --against go together",
                  {{"option", o->dry_run ? "--dry-run" : "--against"}});
    }
    if (o->dry_run) {
      if (!o->post_db.empty() || !o->prepaid_db.empty() ||
          (o->format != "text" && o->format != "json")) {
        throw error(errc::invalid_argument,
                    "--dry-run posts and writes nothing: it takes no --post, --prepaid-db, --out "
                    "and prints text or json",
                    {{"format", o->format}});
      }
    }
    if (o->format == "html") {
      if (o->out_dir.empty()) {
        throw error(errc::invalid_argument, "--format html needs --out DIR");
      }
      out << write_html_bills(o->dir, o->period, o->out_dir, o->template_path, language,
                              o->readings_db);
      return;
    }
    bill_command(out, o->dir, period, o->format, o->timings, o->post_db, !o->no_report,
                 o->max_ahead_hours, o->all_or_nothing, language, o->prepaid_db, o->readings_db,
                 o->against);
  });
}

}  // namespace submeter::cli
