// `submeter bill --format html`: one printable HTML bill per tenant, written to a directory.
#include "cli/html_bills.hpp"
#include "cli/issued.hpp"

#include <cerrno>
#include <cstdlib>  // mkdtemp (POSIX)
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cli/bill_readings.hpp"
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

// The JSON path of tenant `id` in site.json ("$.tenants[3].id"), as the loader names it.
std::string tenant_path(const site::site& site, const std::string& id) {
  const auto& tenants = site.tenants();
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    if (tenants[i].id == id) return "$.tenants[" + std::to_string(i) + "].id";
  }
  return "$.tenants";
}

// `e` named at tenant `id` in site.json: the file and the place first, then what `e` said.
error at_tenant(const error& e, const site::site& site, const std::string& site_json,
                const std::string& id) {
  std::vector<context_item> context{{"file", site_json}, {"path", tenant_path(site, id)}};
  context.insert(context.end(), e.context().begin(), e.context().end());
  return error(e.code(), e.message(), std::move(context));
}

namespace fs = std::filesystem;

// Writes `pages[i]` to `out_dir`/`files[i].name`, all or none. The pages are written into a fresh
// staging folder inside `out_dir` (.submeter-html-XXXXXX, same file system) and renamed into
// place only when every one is written; on any failure before the renames, the staging folder
// (and `out_dir`, when this call created it) is removed, so nothing is left. A rename replaces
// an older file of the same name atomically; renames within one folder do not fail short of a
// device error, which is reported (exit 3) with the staging folder removed.
void write_all_or_nothing(const std::string& out_dir, const std::vector<render::output_file>& files,
                          const std::vector<std::string>& pages) {
  std::error_code ec;
  // The first folder of out_dir that does not exist yet: removed again on a failure.
  fs::path created;
  for (fs::path p = fs::absolute(out_dir, ec).lexically_normal(); !p.empty(); p = p.parent_path()) {
    if (fs::exists(fs::symlink_status(p, ec))) break;
    created = p;
    if (p == p.parent_path()) break;
  }
  fs::create_directories(out_dir, ec);
  if (ec || !fs::is_directory(out_dir)) {
    throw error(errc::not_found, "cannot create the output directory",
                {{"dir", out_dir}, {"reason", ec ? ec.message() : "not a directory"}});
  }
  fs::path staging;
  const auto undo = [&] {
    std::error_code ignored;
    if (!staging.empty()) fs::remove_all(staging, ignored);
    if (!created.empty()) fs::remove_all(created, ignored);
  };
  try {
    // Every file stays in out_dir itself: no name leads elsewhere, not even through a link.
    const auto home = fs::canonical(out_dir);
    for (const auto& f : files) {
      const auto target = home / f.name;
      if (target.parent_path() != home || fs::weakly_canonical(target).parent_path() != home) {
        throw error(errc::invalid_argument, "an output file would leave the output directory",
                    {{"dir", out_dir}, {"file", f.name}, {"tenant", f.owner}});
      }
      if (fs::is_directory(fs::symlink_status(target))) {
        throw error(errc::invalid_argument, "the output file is a directory",
                    {{"dir", out_dir}, {"file", f.name}});
      }
    }
    std::string pattern = (home / ".submeter-html-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw error(errc::invalid_argument, "cannot write into the output directory",
                  {{"dir", out_dir}, {"reason", std::strerror(errno)}});
    }
    staging = pattern;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const auto path = staging / files[i].name;
      errno = 0;
      std::ofstream out(path, std::ios::binary);
      out << pages[i];
      out.close();
      if (!out) {
        throw std::runtime_error("cannot write " + (fs::path(out_dir) / files[i].name).string() +
                                 ": " + std::strerror(errno != 0 ? errno : EIO));
      }
    }
    for (const auto& f : files) {
      fs::rename(staging / f.name, home / f.name);  // throws filesystem_error (exit 3)
    }
    fs::remove(staging);
  } catch (...) {
    undo();
    throw;
  }
}

}  // namespace

std::string write_html_bills(const std::string& site_dir, const std::string& period_text,
                             const std::string& out_dir, const std::string& template_path,
                             render::lang lang, const std::string& readings_db) {
  const auto period = bill::billing_period::parse(period_text);
  const auto site =
      readings_db.empty() ? io::load_site(site_dir) : load_site_from_store(site_dir, readings_db);
  auto run = readings_db.empty() ? site::run_site(site, period)
                                 : run_from_store(site, period, readings_db);
  run.bills = issued(site, period, std::move(run.bills), site_dir);
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
  // Name and render everything before writing anything: a file name from each tenant id (safe by
  // itself, render::bill_file_name), no two files the same (also when case is folded).
  const auto site_json = (std::filesystem::path(site_dir) / "site.json").string();
  std::vector<render::output_file> files;
  for (const auto& b : bills) {
    try {
      files.push_back({b.tenant_id, render::bill_file_name(b.tenant_id, period)});
    } catch (const error& e) {
      throw at_tenant(e, site, site_json, b.tenant_id);
    }
  }
  files.push_back({"site report", "site-report-" + period.label() + ".txt"});
  try {
    render::check_distinct_files(files);
  } catch (const error& e) {
    throw at_tenant(e, site, site_json, e.context_value("other"));
  }
  std::vector<std::string> pages;
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
    pages.push_back(render::bill_html(site, period, bills[i], history, tmpl, lang));
  }
  pages.push_back(render::site_report_text(site, run.report));
  write_all_or_nothing(out_dir, files, pages);
  return "wrote " + std::to_string(bills.size()) + " HTML bills and the site report for " +
         period.label() + " to " + out_dir + "\n";
}

}  // namespace submeter::cli
