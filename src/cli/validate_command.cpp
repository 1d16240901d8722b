// `submeter validate <site> [--period P]`: reads a site directory and says what it holds; with
// --period also bills the month and prints the site report's warnings.
#include <memory>
#include <ostream>
#include <string>

#include "cli/commands.hpp"
#include "io/site_loader.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/tax.hpp"
#include "submeter/site/run.hpp"

namespace submeter::cli {
namespace {

// The issued-bill features of format v2 the site uses (issue 22 #8, #9), one line each.
std::string issued_bill_features(const site::site& site) {
  std::string text;
  if (const auto& n = site.issue().numbers) {
    text += "feature: bill_numbers: " + (n->prefix.empty() ? std::string() : n->prefix + "-") +
            "YYYYMM-" + std::string(static_cast<std::size_t>(n->digits - 1), '0') + "1, 2, ..\n";
  }
  if (const auto& t = site.issue().tax) {
    text += "feature: tax: " + std::string(bill::to_string(t->point()));
    for (const auto& r : t->rates()) {
      text += "; " + std::string(bill::to_string(r.what)) + " " +
              ratio::from_mantissa(r.rate.mantissa() * 100).to_string(0) + " % from " +
              date::format("%F", r.from);
    }
    text += "\n";
  }
  return text;
}

std::string validate_command(const std::string& dir, const std::string& period_text) {
  const auto site = io::load_site(dir);
  std::size_t readings = 0;
  for (const auto& s : site.readings()) readings += s.readings().size();
  const auto tariffs =
      site.tariffs().size() + site.water_tariffs().size() + site.two_part_tariffs().size();
  std::string text = "ok: " + site.name() + ": " + std::to_string(tariffs) + " tariffs, " +
                     std::to_string(site.meters().size()) + " meters, " +
                     std::to_string(site.tenants().size()) + " tenants, " +
                     std::to_string(readings) + " readings\n";
  text += issued_bill_features(site);
  if (!period_text.empty()) {
    const auto period = bill::billing_period::parse(period_text);
    const auto run = site::run_site(site, period);
    text += "ok: " + std::to_string(run.bills.size()) + " bills for " + period.label() + "\n";
    for (const auto& w : run.report.warnings)
      text += "warning: " + w.code + ": " + w.message + "\n";
  }
  return text;
}

}  // namespace

void add_validate_command(CLI::App& app, context& ctx) {
  struct options {
    std::string dir;
    std::string period;
  };
  auto o = std::make_shared<options>();
  auto* validate =
      app.add_subcommand("validate", "Check a site directory; optionally bill a month");
  validate->add_option("site-dir", o->dir, "Directory holding site.json and readings.csv")
      ->required();
  validate->add_option("--period", o->period, "Also bill this month (YYYY-MM) and report problems");
  ctx.add(*validate, [o](std::ostream& out) { out << validate_command(o->dir, o->period); });
}

}  // namespace submeter::cli
