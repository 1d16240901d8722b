// `submeter bill --format html`: one printable HTML bill per tenant, written to a directory.
#include "cli/html_bills.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "io/site_loader.hpp"
#include "render/html.hpp"
#include "render/render.hpp"
#include "submeter/core/error.hpp"
#include "submeter/site/run.hpp"

namespace submeter::cli {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(errc::not_found, "cannot read the bill template", {{"file", path}});
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The bill of `tenant` among `bills`, or nullptr (a tenant not billed that month).
const site::tenant_bill* bill_of(const std::vector<site::tenant_bill>& bills,
                                 const std::string& tenant) {
  for (const auto& b : bills) {
    if (b.tenant_id == tenant) return &b;
  }
  return nullptr;
}

}  // namespace

std::string write_html_bills(const std::string& site_dir, const std::string& period_text,
                             const std::string& out_dir, const std::string& template_path) {
  const auto period = bill::billing_period::parse(period_text);
  const auto site = io::load_site(site_dir);
  const auto run = site::run_site(site, period);
  const auto& bills = run.bills;
  const std::string tmpl = template_path.empty() ? std::string(render::default_bill_template())
                                                 : read_file(template_path);
  // The earlier months and their kWh are the bills' own history (run_site). A month's total is
  // only known by billing the whole site for it (shares, losses, re-rating and accounts tie every
  // tenant's total to the others), so the previous month alone is billed once more, when it can
  // be in full; older months show their kWh.
  std::optional<bill::billing_period> previous_period;
  std::optional<site::site_run> previous;
  try {
    previous_period = period.shifted(-1);
    previous = site::run_site(site, *previous_period);
  } catch (const error&) {
    // no readings (or interval data) for that month: no total to show
  }
  // Render everything before writing anything.
  std::vector<std::pair<std::string, std::string>> pages;
  for (std::size_t i = 0; i < bills.size(); ++i) {
    std::vector<render::month_summary> history;
    for (const auto& h : bills[i].history) {  // oldest first
      std::optional<money> amount;
      if (previous && h.period == previous_period->label()) {
        if (const auto* b = bill_of(previous->bills, bills[i].tenant_id)) amount = b->total;
      }
      history.push_back({h.period, h.kwh, amount});
    }
    const auto* b = previous ? bill_of(previous->bills, bills[i].tenant_id) : nullptr;
    if (b != nullptr && bills[i].history.empty()) {  // no electricity history: the month billed
      energy kwh;
      for (const auto& u : b->usages) kwh += u.total;
      history.push_back({previous_period->label(), kwh, b->total});
    }
    pages.emplace_back(bills[i].tenant_id + "-" + period.label() + ".html",
                       render::bill_html(site, period, bills[i], history, tmpl));
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    throw error(errc::not_found, "cannot create the output directory",
                {{"dir", out_dir}, {"reason", ec.message()}});
  }
  pages.emplace_back("site-report-" + period.label() + ".txt",
                     render::site_report_text(site, run.report));
  for (const auto& [name, html] : pages) {
    const auto path = (std::filesystem::path(out_dir) / name).string();
    std::ofstream out(path, std::ios::binary);
    out << html;
    if (!out) throw std::runtime_error("cannot write " + path);
  }
  return "wrote " + std::to_string(bills.size()) + " HTML bills and the site report for " +
         period.label() + " to " + out_dir + "\n";
}

}  // namespace submeter::cli
