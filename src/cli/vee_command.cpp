// `submeter vee STORE --period P [--format text|json] [--site DIR] [--write-estimates]`: the VEE
// pass (include/submeter/vee/pass.hpp) over a month of the readings store and the months before
// it, and the exceptions report: what failed, which rule, which meter and time, what was
// estimated. With --write-estimates the new estimates are kept in the store (never edited), where
// `bill --readings-db` finds them.
#include <filesystem>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "io/read_json.hpp"
#include "io/site_loader.hpp"
#include "store/open_store.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/vee/pass.hpp"

namespace submeter::cli {
namespace {

using json = nlohmann::ordered_json;

struct vee_cli_options {
  std::string store;
  std::string period;
  std::string format = "text";
  std::string site;
  bool write_estimates = false;
  int read_interval = 15;
  int history = 3;
};

std::string register_text(int n) { return metering::register_name(n); }

std::string when(local_time t) { return local_interval::format(t); }

std::vector<vee::meter_context> contexts_of_site(const std::string& dir,
                                                 const local_interval& window) {
  const auto path = std::filesystem::path(dir) / "site.json";
  const auto doc = io::parse_site_json(io::read_file(path), path.string());
  std::vector<vee::meter_context> out;
  for (const auto& m : doc.meters) {
    vee::meter_context c;
    c.meter_id = m.id();
    c.multiplier = m.multiplier();
    for (const auto& t : doc.tenants) {
      for (const auto& id : t.meter_ids) {
        if (id != m.id()) continue;
        c.occupied_known = true;
        local_time end = window.end();
        if (t.move_out && *t.move_out < end) end = *t.move_out;
        if (window.begin() < end) c.occupied.push_back(local_interval::make(window.begin(), end));
      }
    }
    if (c.occupied.size() > 1) c.occupied.erase(c.occupied.begin() + 1, c.occupied.end());
    out.push_back(std::move(c));
  }
  return out;
}

std::string run(const vee_cli_options& o) {
  const auto period = bill::billing_period::parse(o.period);
  if (!store::is_postgres_uri(o.store) && !std::filesystem::is_regular_file(o.store)) {
    throw error(errc::not_found, "no readings store at that path", {{"file", o.store}});
  }
  vee::vee_period p;
  p.window = period.window();
  for (int k = o.history; k >= 1; --k) p.history.push_back(period.shifted(-k).window());
  vee::vee_options opts;
  opts.read_interval = std::chrono::minutes(o.read_interval);
  std::vector<vee::meter_context> contexts;
  if (!o.site.empty()) contexts = contexts_of_site(o.site, p.window);
  const auto store = store::open_readings_store(o.store);
  store::reading_query q;
  q.from = (p.history.empty() ? p.window.begin() : p.history.front().begin()) -
           std::chrono::hours(24 * 7);
  q.to = p.window.end();
  const auto rep =
      vee::run_vee(store->values(q), p, opts, contexts, store->multipliers(q), store->estimates(q));
  std::size_t written = 0;
  if (o.write_estimates && !rep.estimates.empty()) written = store->add_estimates(rep.estimates);

  if (o.format == "json") {
    json j;
    j["period"] = period.label();
    j["from"] = when(p.window.begin());
    j["to"] = when(p.window.end());
    j["meters"] = rep.meters;
    j["reads"] = rep.reads;
    j["exceptions"] = rep.exceptions;
    json findings = json::array();
    for (const auto& f : rep.findings) {
      json x;
      x["rule"] = std::string(f.id());
      x["name"] = std::string(to_string(f.what));
      x["severity"] = std::string(to_string(f.level));
      x["meter"] = f.meter_id;
      x["register"] = register_text(f.register_number);
      x["time"] = when(f.time);
      x["until"] = when(f.until);
      x["value"] = f.value ? json(f.value->to_string(2)) : json(nullptr);
      x["expected"] = f.expected ? json(f.expected->to_string(2)) : json(nullptr);
      x["message"] = f.message;
      findings.push_back(std::move(x));
    }
    j["findings"] = findings;
    json estimates = json::array();
    for (const auto& e : rep.estimates) {
      json x;
      x["rule"] = std::string(vee::rule_id(e.method));
      x["method"] = std::string(vee::to_string(e.method));
      x["meter"] = e.meter_id;
      x["register"] = register_text(e.register_number);
      x["time"] = when(e.time);
      x["value"] = e.value.to_string(2);
      x["basis"] = e.basis;
      estimates.push_back(std::move(x));
    }
    j["estimates"] = estimates;
    j["estimates_written"] = written;
    return j.dump(2) + "\n";
  }
  std::ostringstream out;
  out << "VEE " << period.label() << " (" << when(p.window.begin()) << " .. "
      << when(p.window.end()) << "): " << rep.meters << " meters, " << rep.reads << " reads\n";
  out << "exceptions (not billable as read): ";
  if (rep.exceptions.empty()) out << "none";
  for (std::size_t i = 0; i < rep.exceptions.size(); ++i) {
    out << (i ? ", " : "") << rep.exceptions[i];
  }
  out << "\nfindings: " << rep.findings.size() << "\n";
  for (const auto& f : rep.findings) {
    out << "  " << f.id() << ' ' << to_string(f.what) << " (" << to_string(f.level) << ") "
        << f.meter_id << ' ' << register_text(f.register_number) << ' ' << when(f.time);
    if (f.until != f.time) out << " .. " << when(f.until);
    out << ": " << f.message << "\n";
  }
  out << "estimates: " << rep.estimates.size();
  if (o.write_estimates) out << " (" << written << " written to the store)";
  out << "\n";
  for (const auto& e : rep.estimates) {
    out << "  " << vee::rule_id(e.method) << ' ' << vee::to_string(e.method) << ' ' << e.meter_id
        << ' ' << register_text(e.register_number) << ' ' << when(e.time) << ' '
        << e.value.to_string(2) << " 估: " << e.basis << "\n";
  }
  return out.str();
}

}  // namespace

void add_vee_command(CLI::App& app, context& ctx) {
  auto o = std::make_shared<vee_cli_options>();
  auto* vee = app.add_subcommand(
      "vee", "Validate a month of the readings store, estimate what is missing, list exceptions");
  vee->add_option("store", o->store, "The readings store (SQLite file or postgresql:// URI)")
      ->required();
  vee->add_option("--period", o->period, "The month, YYYY-MM")->required();
  vee->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  vee->add_option("--site", o->site,
                  "A site directory: occupancy (VEE-6) from its tenants, multipliers (VEE-9)");
  vee->add_flag("--write-estimates", o->write_estimates,
                "Keep the new estimates in the store (never edited afterwards)");
  vee->add_option("--read-interval", o->read_interval, "Minutes between expected reads")
      ->check(CLI::IsMember({1, 5, 10, 15, 30, 60}))
      ->capture_default_str();
  vee->add_option("--history", o->history, "Earlier months for EST-3 and VEE-5")
      ->check(CLI::Range(1, 12))
      ->capture_default_str();
  ctx.add(*vee, [o](std::ostream& out) { out << run(*o); });
}

}  // namespace submeter::cli
