// `submeter rerate <site> --bills FILE --version FILE [--from TIME]`: re-rates issued bills under a
// past-dated price version (电费退补) and prints the adjustment lines; `--post DB --at TIME` posts
// them to the tenants' ledger accounts (a refund credits the balance, a supplement debits it).
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/echo.hpp"
#include "io/read_json.hpp"
#include "io/rerate_json.hpp"
#include "io/site_loader.hpp"
#include "render/render.hpp"
#include "store/open_store.hpp"
#include "submeter/core/error.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/site/accounts.hpp"

namespace submeter::cli {
namespace {

struct rerate_options {
  std::string site_dir, bills, version, from, format = "text", post_db, at;
};

std::string run_rerate(const rerate_options& o) {
  const auto site = io::load_site(o.site_dir);
  const auto bills_doc = io::read_json(o.bills);
  io::issued_bills_document issued;
  try {
    issued = io::issued_bills_document_from_json(bills_doc, site.name());
  } catch (const error& e) {
    throw io::in_file(e, o.bills);
  }
  if (issued.site != site.name()) {
    throw error(errc::inconsistent, "the issued bills are from another site",
                {{"file", o.bills}, {"bills_site", io::echo(issued.site)}, {"site", site.name()}});
  }
  auto change = io::load_price_change(o.version);
  if (!o.from.empty()) change.effective = parse_local_time(o.from);
  const auto adjustments = io::rerate_issued(site.name(), issued.bills, change,
                                             {{"file", o.bills}, {"version_file", o.version}});
  // bill id → tenant (the ledger account), from the issued file.
  std::map<std::string, std::string> tenants;
  for (std::size_t i = 0; i < issued.bills.size(); ++i) {
    tenants.emplace(issued.bills[i].bill_id, issued.tenants[i]);
  }
  const auto tenant_of = [&](const std::string& bill_id) { return tenants.at(bill_id); };
  bill::exact_money net;
  for (const auto& a : adjustments) net += a.line.amount;
  std::string out;
  if (o.format == "json") {
    nlohmann::ordered_json doc;
    doc["format"] = "submeter-adjustments-v0";
    doc["site"] = site.name();
    doc["version"] = change.version;
    doc["tariff"] = change.tariff_id;
    doc["effective"] = render::format_time(change.effective);
    doc["adjustments"] = nlohmann::ordered_json::array();
    for (const auto& a : adjustments) {
      doc["adjustments"].push_back({{"bill", a.refers_to.bill_id},
                                    {"line", a.refers_to.line_index + 1},
                                    {"tenant", tenant_of(a.refers_to.bill_id)},
                                    {"kind", a.kind},
                                    {"meter", a.line.meter_id},
                                    {"quantity", a.line.quantity.to_string(2)},
                                    {"price_delta", a.line.unit_price.to_string(2)},
                                    {"unrounded", a.line.unrounded.to_string(2)},
                                    {"amount", a.line.amount.to_string(a.line.rule.places)},
                                    {"split_method", a.line.split_method},
                                    {"explanation", a.line.explanation}});
    }
    doc["net"] = net.to_string(2);
    out = doc.dump(2) + "\n";
  } else if (o.format == "csv") {
    std::vector<site::tenant_bill> as_bills;  // one pseudo-bill per adjustment, for the CSV writer
    for (const auto& a : adjustments) {
      site::tenant_bill b;
      b.tenant_id = tenant_of(a.refers_to.bill_id);
      b.tariff_id = change.tariff_id;
      b.lines = {a.line};
      as_bills.push_back(std::move(b));
    }
    out = render::bills_csv(bill::billing_period::parse(issued.period_label), as_bills);
  } else {
    out = site.name() + ": re-rating under " + change.version + " (" + change.tariff_id +
          ") from " + render::format_time(change.effective) + "\n";
    for (const auto& a : adjustments) out += "  " + a.line.explanation + "\n";
    out += std::to_string(adjustments.size()) + " adjustment lines, net " + net.to_string(2) + "\n";
  }
  if (!o.post_db.empty()) {
    if (o.at.empty()) throw error(errc::invalid_argument, "--post needs --at TIME");
    const auto at = parse_local_time(o.at);
    std::vector<store::posting_request> batch;
    for (const auto& a : adjustments) {
      // The bill charged more (supplement) or less (refund): the balance moves the other way.
      const auto amount = -rescale<money>(a.line.amount, rounding::half_up);
      batch.push_back({tenant_of(a.refers_to.bill_id),
                       ledger::adjustment(at,
                                          "rerate/" + change.version + "/" + a.refers_to.bill_id +
                                              "/" + std::to_string(a.refers_to.line_index + 1),
                                          amount, a.line.explanation)});
    }
    const auto r = store::open_ledger_store(o.post_db)->post(batch);
    std::string posted = "posted " + std::to_string(r.applied) + " adjustments (" +
                         std::to_string(r.duplicates) + " already posted)\n";
    out += o.format == "text" ? posted : "";
    if (o.format != "text") std::fputs(posted.c_str(), stderr);
  }
  return out;
}

}  // namespace

void add_rerate_command(CLI::App& app, context& ctx) {
  auto o = std::make_shared<rerate_options>();
  auto* sub = app.add_subcommand(
      "rerate", "Re-rate issued bills under a past-dated price version (电费退补)");
  sub->add_option("site-dir", o->site_dir, "The site directory (site.json)")->required();
  sub->add_option("--bills", o->bills, "Issued bills (submeter-bills-v0 JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--version", o->version, "The price change (submeter-price-change-v1 JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--from", o->from, "Effective instant YYYY-MM-DD HH:MM (overrides the file's)");
  sub->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  sub->add_option("--post", o->post_db,
                  "Post the adjustments to this ledger (SQLite file or postgresql:// URI)");
  sub->add_option("--at", o->at, "Posting time for --post, YYYY-MM-DD HH:MM");
  ctx.add(*sub, [o](std::ostream& out) { out << run_rerate(*o); });
}

}  // namespace submeter::cli
