// `submeter history <site> --tenant ID --from T1 --to T2 [--db STORE] [--format text|json]`: a
// tenant's bills, consumption, recharges and deductions in a range (issue 22 #7,
// docs/bills-issued.md#history). The bills are the site run's, month by month (RANGE-1: a month
// the range covers whole is its monthly bill, a part of a month a range bill); the recharges and
// deductions are the ledger store's entries in the range when --db names one, else the site
// file's recharges and the bills themselves (each posted at the end of its period).
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/issued.hpp"
#include "io/site_loader.hpp"
#include "render/detail.hpp"
#include "render/json_writer.hpp"
#include "render/lang.hpp"
#include "render/render.hpp"
#include "store/open_store.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/ledger/event.hpp"
#include "submeter/site/range.hpp"
#include "submeter/site/run.hpp"

namespace submeter::cli {
namespace {

struct history_options {
  std::string dir;
  std::string tenant;
  std::string from;
  std::string to;
  std::string db;
  std::string format = "text";
  std::string lang = "en";
};

struct history_bill {
  std::string period;
  energy kwh;
  energy m3;  // water, in m³ (meters read in m³ carry their figures as energy-scale numbers)
  money total;
  local_time end{};
};

struct money_entry {
  local_time time{};
  money amount;
  std::string reference;
};

struct tenant_history {
  std::vector<history_bill> bills;
  std::vector<money_entry> recharges;
  std::vector<money_entry> deductions;
};

bool is_url(const std::string& where) { return where.rfind("postgresql://", 0) == 0 ||
                                               where.rfind("postgres://", 0) == 0; }

tenant_history history_of(const site::site& s, const site::tenant& t,
                          const bill::billing_period& range, const std::string& db) {
  tenant_history h;
  for (const auto& part : range.parts()) {
    std::vector<site::tenant_bill> bills;
    if (part.is_month()) {
      bills = site::run_site(s, part.shifted(0)).bills;  // the month, labelled "YYYY-MM"
    } else {
      bills = site::bill_range(s, bill::billing_period::range(part.window().begin(),
                                                              part.window().end()));
    }
    for (const auto& b : bills) {
      if (b.tenant_id != t.id) continue;
      history_bill x{b.period, {}, {}, b.total, part.window().end()};
      for (const auto& u : b.usages) {
        (site::is_water(s, u.meter_id) ? x.m3 : x.kwh) += u.total;
      }
      h.bills.push_back(x);
    }
  }
  const auto in_range = [&range](local_time at) {
    return range.window().begin() <= at && at <= range.window().end();
  };
  if (db.empty()) {
    if (t.account) {
      for (const auto& r : t.account->recharges) {
        if (in_range(r.time)) h.recharges.push_back({r.time, r.amount, r.reference});
      }
    }
    for (const auto& b : h.bills) {
      if (!b.total.is_zero()) h.deductions.push_back({b.end, b.total, "bill " + b.period});
    }
    return h;
  }
  if (!is_url(db) && !std::filesystem::exists(db)) {
    throw error(errc::not_found, "no such ledger", {{"option", "--db"}, {"file", db}});
  }
  auto store = store::open_ledger_store(db);
  const auto accounts = store->accounts();
  bool known = false;
  for (const auto& a : accounts) known = known || a == t.id;
  if (!known) return h;  // the ledger has no account for the tenant: nothing posted yet
  for (const auto& e : store->entries(t.id)) {
    if (!in_range(e.what.time)) continue;
    switch (e.what.kind) {
      case ledger::event_kind::recharge:
        h.recharges.push_back({e.what.time, e.what.amount, e.what.reference});
        break;
      case ledger::event_kind::deduction:
      case ledger::event_kind::charge:
        h.deductions.push_back({e.what.time, e.what.amount, e.what.reference});
        break;
      default:
        break;
    }
  }
  return h;
}

void write_text(std::ostream& out, const site::site& s, const site::tenant& t,
                const bill::billing_period& range, const tenant_history& h, const std::string& db,
                render::lang l) {
  using render::say;
  using render::term;
  const int places = s.rule().places;
  const auto m = [places](const money& v) { return render::detail::money_text(v, places); };
  const auto q = [](const energy& v) { return bill::group_thousands(v.to_string(2)); };
  out << say(l, term::history_title,
             {t.id, t.name, render::time_text(l, range.window().begin()),
              render::time_text(l, range.window().end()), s.name()})
      << "\n";
  out << (db.empty() ? say(l, term::history_source_site)
                     : say(l, term::history_source_store, {db}))
      << "\n";
  energy kwh, m3;
  money billed, recharged, deducted;
  out << say(l, term::history_bills) << "\n";
  if (h.bills.empty()) out << say(l, term::history_none) << "\n";
  for (const auto& b : h.bills) {
    out << say(l, term::history_bill_line,
               {render::month_text(l, b.period), q(b.kwh), q(b.m3), m(b.total)})
        << "\n";
    kwh += b.kwh;
    m3 += b.m3;
    billed += b.total;
  }
  const auto entries = [&](term title, const std::vector<money_entry>& list, money& sum) {
    out << say(l, title) << "\n";
    if (list.empty()) out << say(l, term::history_none) << "\n";
    for (const auto& e : list) {
      out << say(l, term::history_money_line, {render::time_text(l, e.time), m(e.amount),
                                               e.reference})
          << "\n";
      sum += e.amount;
    }
  };
  entries(term::history_recharges, h.recharges, recharged);
  entries(term::history_deductions, h.deductions, deducted);
  out << say(l, term::history_sums,
             {q(kwh), q(m3), m(billed), m(recharged), m(deducted),
              render::currency_name(l, s.currency())})
      << "\n";
}

void write_json(std::ostream& out, const site::site& s, const site::tenant& t,
                const bill::billing_period& range, const tenant_history& h, const std::string& db) {
  const int places = s.rule().places;
  render::json_writer w(out);
  w.begin_object();
  w.key("format").value("submeter-history-v0");
  w.key("site").value(s.name());
  w.key("tenant").begin_object();
  w.key("id").value(t.id);
  w.key("name").value(t.name);
  w.end_object();
  w.key("from").value(render::format_time(range.window().begin()));
  w.key("to").value(render::format_time(range.window().end()));
  w.key("source").value(db.empty() ? "site" : "ledger");
  w.key("bills").begin_array();
  for (const auto& b : h.bills) {
    w.begin_object();
    w.key("period").value(b.period);
    w.key("kwh").value(b.kwh.to_string(2));
    w.key("m3").value(b.m3.to_string(2));
    w.key("total").value(b.total.to_string(places));
    w.end_object();
  }
  w.end_array();
  for (const auto* list : {&h.recharges, &h.deductions}) {
    w.key(list == &h.recharges ? "recharges" : "deductions").begin_array();
    for (const auto& e : *list) {
      w.begin_object();
      w.key("time").value(render::format_time(e.time));
      w.key("amount").value(e.amount.to_string(places));
      w.key("reference").value(e.reference);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  w.finish();
}

}  // namespace

void add_history_command(CLI::App& app, context& ctx) {
  auto o = std::make_shared<history_options>();
  auto* cmd = app.add_subcommand(
      "history", "A tenant's bills, consumption, recharges and deductions in a range");
  cmd->add_option("site-dir", o->dir, "Directory holding site.json and readings.csv")->required();
  cmd->add_option("--tenant", o->tenant, "The tenant's id")->required();
  cmd->add_option("--from", o->from, "Start of the range: YYYY-MM-DD or YYYY-MM-DDTHH:MM")
      ->required();
  cmd->add_option("--to", o->to, "End of the range, excluded: YYYY-MM-DD or YYYY-MM-DDTHH:MM")
      ->required();
  cmd->add_option("--db", o->db,
                  "Ledger store (SQLite file or postgresql:// URI): recharges and deductions as "
                  "posted (default: from the site file and the bills)");
  cmd->add_option("--format", o->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  auto* lang_option =
      cmd->add_option("--lang", o->lang, "Language of text: en, zh or zh-en")->capture_default_str();
  ctx.add(*cmd, [o, lang_option](std::ostream& out) {
    const auto language = render::parse_lang(o->lang, "--lang");
    if (lang_option->count() != 0 && o->format == "json") {
      throw error(errc::invalid_argument, "--lang is for text", {{"option", "--lang"}});
    }
    const auto range = period_of("", o->from, o->to);
    const auto s = io::load_site(o->dir);
    const site::tenant* tenant = nullptr;
    for (const auto& t : s.tenants()) {
      if (t.id == o->tenant) tenant = &t;
    }
    if (tenant == nullptr) {
      throw error(errc::not_found, "unknown tenant",
                  {{"file", (std::filesystem::path(o->dir) / "site.json").string()},
                   {"option", "--tenant"},
                   {"tenant", o->tenant}});
    }
    const auto h = history_of(s, *tenant, range, o->db);
    if (o->format == "json") {
      write_json(out, s, *tenant, range, h, o->db);
    } else {
      write_text(out, s, *tenant, range, h, o->db, language);
    }
  });
}

}  // namespace submeter::cli
