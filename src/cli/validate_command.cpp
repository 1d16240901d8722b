// `submeter validate <site> [--period P]`: reads a site directory and says what it holds; with
// --period also bills the month and prints the site report's warnings.
#include <cstddef>
#include <memory>
#include <ostream>
#include <set>
#include <string>

#include "cli/commands.hpp"
#include "io/site_loader.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/bill/tax.hpp"
#include "submeter/site/run.hpp"

namespace submeter::cli {
namespace {

/// The format-v2 settlement and pricing features `site` uses (docs/formats.md "Format v2"), one
/// "feature: …" line each; none for a site without them (a v1 site).
std::string settlement_features(const site::site& site) {
  std::string text;
  if (site.settlement().mode == bill::settlement_mode::pass_through) {
    text += "feature: settlement pass_through (SUP-2 Mode B)\n";
  }
  for (const auto& l : site.parts().electricity_ladders) {
    text += "feature: tiered electricity " + l.id() + " (" +
            std::to_string(l.ladder.shared_ladder().tiers()) + " tiers, counter " +
            site::reset_text(l.reset) + ", TIER-3)\n";
  }
  for (const auto& tp : site.two_part_tariffs()) {
    if (!tp.ratchet) continue;
    const auto pct = tp.ratchet->percent_by_month[0];
    text += "feature: demand ratchet " + tp.id + " (" +
            decimal<dimension::ratio, 7>::from_mantissa(pct.mantissa()).to_string(0) + " % of " +
            std::to_string(tp.ratchet->lookback_months) + " months)\n";
  }
  for (const auto& t : site.parts().transformers) {
    text += "feature: transformer " + t.id + " at " + t.meter_id + " (" +
            t.nameplate.rated_capacity.to_string(0) + " kVA, DL/T 686 loss, TXL-1)\n";
  }
  std::size_t allowances = 0;
  std::size_t in_kwh = 0;
  std::size_t carrying = 0;
  for (const auto& t : site.tenants()) {
    if (!t.allowance) continue;
    ++allowances;
    if (t.allowance->kwh) ++in_kwh;
    if (t.allowance->carry_over) ++carrying;
  }
  if (allowances != 0) {
    text += "feature: allowances for " + std::to_string(allowances) + " tenants (" +
            std::to_string(in_kwh) + " in kWh, " + std::to_string(allowances - in_kwh) +
            " in yuan, " + std::to_string(carrying) + " carrying over; ALLOW-1)\n";
  }
  std::size_t counters = 0;
  for (const auto& t : site.tenants()) {
    if (t.tier_counter) ++counters;
  }
  if (counters != 0) {
    text += "feature: tier counters carried for " + std::to_string(counters) + " tenants\n";
  }
  return text;
}

/// The format v2 features of issue 22 items 3-5 the site uses, one "feature: …" line each.
std::string cycle_features(const site::site& s) {
  std::string text;
  for (const auto& [id, table] : s.parts().tou_periods) {
    (void)table;
    text += "feature: price changes split by interval data (tou_periods " + id + ")\n";
  }
  if (const auto& w = s.parts().water_losses) {
    text += "feature: water tree losses (water_losses, master " + w->master + ", by " +
            std::string(allocation::to_string(w->basis)) + ")\n";
  }
  std::size_t cycles = 0;
  std::size_t moves_in = 0;
  for (const auto& t : s.tenants()) {
    cycles += t.charge_cycles.size();
    if (t.move_in) ++moves_in;
  }
  if (cycles > 0) {
    text += "feature: charge cycles (" + std::to_string(cycles) + " charges with a cycle)\n";
  }
  if (moves_in > 0) {
    text += "feature: move-in (" + std::to_string(moves_in) + " tenants)\n";
  }
  return text;
}

// The issued-bill features of format v2 the site uses (issue 22 #8, #9, #5), one line each.
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
  // PAY-1..PAY-4: the components on payment bills, by default and per tenant, and the due rule.
  if (const auto& p = site.issue().payments) {
    const auto names = [](const std::set<bill::component>& set) {
      std::string out;
      for (const auto c : set) out += (out.empty() ? "" : ",") + std::string(bill::to_string(c));
      return out.empty() ? std::string("(none: all deducted)") : out;
    };
    text += "feature: payment_bills: " +
            (p->numbers.prefix.empty() ? std::string() : p->numbers.prefix + "-") + "YYYYMM-" +
            std::string(static_cast<std::size_t>(p->numbers.digits - 1), '0') + "1, due " +
            std::to_string(p->due_days) + " days after issue; billed " + names(p->billed);
    for (const auto& [tenant, set] : p->by_tenant) text += "; " + tenant + " " + names(set);
    text += "; postpaid re-rating refunds as credit notes\n";
  }
  return text;
}

/// The live prepaid features of format v2 the site uses (issue 17): accounts with a cut-off
/// policy (notice, no-cut windows, holidays), 保电 or daily deduction (按日扣费), and meters with
/// a communication address.
std::string prepaid_features(const site::site& site) {
  std::string text;
  std::size_t with_policy = 0;
  std::size_t keep_on = 0;
  for (const auto& t : site.tenants()) {
    if (!t.account || t.account->mode != ledger::account_mode::prepaid) continue;
    const auto& c = t.account->cuts;
    if (c.notice.count() > 0 || !c.windows.empty()) ++with_policy;
    if (t.account->keep_on) ++keep_on;
  }
  if (with_policy > 0) {
    text += "feature: cut_off (" + std::to_string(with_policy) +
            " prepaid accounts with a notice period or no-cut windows)\n";
  }
  if (keep_on > 0) {
    text += "feature: keep_on (保电: " + std::to_string(keep_on) + " accounts never cut)\n";
  }
  std::size_t daily = 0;
  for (const auto& t : site.tenants()) {
    if (t.account && t.account->daily_fixed_charges) ++daily;
  }
  if (daily > 0) {
    text += "feature: deduction daily (按日扣费: " + std::to_string(daily) +
            " prepaid accounts with fixed charges deducted by day)\n";
  }
  std::size_t dlt645 = 0;
  std::size_t cjt188 = 0;
  for (const auto& p : site.places()) {
    if (!p.comm) continue;
    ++(p.comm->kind == site::meter_comm::protocol::dlt645 ? dlt645 : cjt188);
  }
  if (dlt645 + cjt188 > 0) {
    text += "feature: meter addresses (comm: " + std::to_string(dlt645) + " DL/T 645, " +
            std::to_string(cjt188) + " CJ/T 188)\n";
  }
  return text;
}

std::string validate_command(const std::string& dir, const std::string& period_text) {
  const auto site = io::load_site(dir);
  std::size_t readings = 0;
  for (const auto& s : site.readings()) readings += s.readings().size();
  const auto tariffs = site.tariffs().size() + site.water_tariffs().size() +
                       site.two_part_tariffs().size() + site.parts().electricity_ladders.size();
  std::string text = "ok: " + site.name() + ": " + std::to_string(tariffs) + " tariffs, " +
                     std::to_string(site.meters().size()) + " meters, " +
                     std::to_string(site.tenants().size()) + " tenants, " +
                     std::to_string(readings) + " readings\n";
  text += settlement_features(site);
  text += cycle_features(site);
  text += issued_bill_features(site);
  text += prepaid_features(site);
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
