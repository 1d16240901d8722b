// Bills as JSON, format "submeter-bills-v0", for programs (render.hpp).
#include <iterator>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "render/detail.hpp"
#include "render/json_writer.hpp"
#include "render/render.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::render {
namespace {

using detail::rate_key;
using detail::to_string_with;

}  // namespace

namespace {

void write_account(json_writer& w, const site::account_summary& a, int places) {
  w.begin_object();
  w.key("mode").value(ledger::to_string(a.mode));
  w.key("opening_balance").value(a.opening_balance.to_string(places));
  w.key("recharged").value(a.recharged.to_string(places));
  w.key("charged").value(a.charged.to_string(places));
  w.key("balance").value(a.balance.to_string(places));
  w.key("arrears").value(a.arrears.to_string(places));
  w.key("level").value(detail::level_text(a));
  w.key("notices").strings(a.notices);
  w.key("relay").begin_object();
  w.key("cut").value(a.cut);
  w.key("closed").value(a.relay_closed);
  w.key("reasons").strings(a.relay_reasons);
  w.end_object();
  w.key("closed").value(a.closed);
  w.key("refunded").value(a.refunded.to_string(places));
  w.end_object();
}

// An object from (key, value) pairs as an ordered_json built by `j[key] = value` would hold them:
// a key given twice keeps its first place and its last value.
template <typename Pairs, typename Key, typename Value>
void write_assigned(json_writer& w, const Pairs& pairs, Key key_of, Value value_of) {
  w.begin_object();
  for (auto it = pairs.begin(); it != pairs.end(); ++it) {
    const auto& k = key_of(*it);
    bool seen = false;
    for (auto e = pairs.begin(); e != it && !seen; ++e) seen = key_of(*e) == k;
    if (seen) continue;
    auto last = it;
    for (auto e = std::next(it); e != pairs.end(); ++e) {
      if (key_of(*e) == k) last = e;
    }
    w.key(k).value(value_of(*last));
  }
  w.end_object();
}

void write_warnings(json_writer& w, const std::vector<warning>& ws) {
  w.begin_array();
  for (const auto& x : ws) {
    w.begin_object();
    w.key("code").value(x.code);
    w.key("message").value(x.message);
    w.key("context");
    write_assigned(
        w, x.context, [](const context_item& c) -> const std::string& { return c.key; },
        [](const context_item& c) -> const std::string& { return c.value; });
    w.end_object();
  }
  w.end_array();
}

void write_report(json_writer& w, const site::site& site, const site::site_report& r) {
  const int places = site.rule().places;
  const auto& s = r.summary;
  w.begin_object();
  w.key("summary").begin_object();
  w.key("bills").value(s.bills);
  w.key("tenant_kwh").value(s.tenant_kwh.to_string(2));
  w.key("tenant_m3").value(s.tenant_m3.to_string(2));
  w.key("common_area_kwh").value(s.common_area_kwh.to_string(2));
  w.key("landlord_kwh").value(s.landlord_kwh.to_string(2));
  w.key("total").value(s.total.to_string(places));
  w.key("by_component");
  write_assigned(
      w, s.by_component,
      [](const site::component_total& c) { return std::string(bill::to_string(c.component)); },
      [places](const site::component_total& c) { return c.amount.to_string(places); });
  w.key("prepaid").value(s.prepaid);
  w.key("postpaid").value(s.postpaid);
  w.key("by_level").begin_object();
  for (const auto& [level, n] : detail::levels_by_name(s)) w.key(level).value(n);
  w.end_object();
  if (s.grid_kwh) w.key("grid_kwh").value(s.grid_kwh->to_string(2));
  if (s.loss_kwh) w.key("loss_kwh").value(s.loss_kwh->to_string(2));
  if (!s.loss_method.empty()) w.key("loss_method").value(s.loss_method);
  if (!s.transformer_losses.empty()) {
    w.key("transformer_losses").begin_array();
    for (const auto& t : s.transformer_losses) {
      w.begin_object();
      w.key("transformer").value(t.transformer_id);
      w.key("meter").value(t.meter_id);
      w.key("hours").value(t.hours.to_string(2));
      w.key("active_kwh").value(t.active.to_string(2));
      w.key("reactive_kvarh").value(t.reactive.to_string(2));
      w.key("k").value(t.k.to_string(4));
      w.key("iron_kwh").value(t.loss.iron.to_string(2));
      w.key("copper_kwh").value(t.loss.copper.to_string(2));
      w.key("loss_kwh").value(t.loss.total.to_string(2));
      w.end_object();
    }
    w.end_array();
  }
  if (!s.node_losses.empty()) {
    w.key("node_losses").begin_array();
    for (const auto& n : s.node_losses) {
      w.begin_object();
      w.key("meter").value(n.meter_id);
      w.key("kwh").value(n.quantity.to_string(2));
      w.key("below_kwh").value(n.children.to_string(2));
      w.key("loss_kwh").value(n.loss.to_string(2));
      w.key("percent").value(n.percent.to_string(2));
      w.end_object();
    }
    w.end_array();
    w.key("loss_kept_by_landlord_kwh").value(s.loss_kept_by_landlord.to_string(2));
  }
  if (s.water_master_m3) {
    w.key("water_master_m3").value(s.water_master_m3->to_string(2));
    w.key("water_loss_m3").value(s.water_loss_m3->to_string(2));
    if (!s.water_loss_method.empty()) w.key("water_loss_method").value(s.water_loss_method);
  }
  if (!s.water_node_losses.empty()) {
    w.key("water_node_losses").begin_array();
    for (const auto& n : s.water_node_losses) {
      w.begin_object();
      w.key("meter").value(n.meter_id);
      w.key("m3").value(n.quantity.to_string(2));
      w.key("below_m3").value(n.children.to_string(2));
      w.key("loss_m3").value(n.loss.to_string(2));
      w.key("percent").value(n.percent.to_string(2));
      w.end_object();
    }
    w.end_array();
    w.key("water_loss_kept_by_landlord_m3").value(s.water_loss_kept_by_landlord.to_string(2));
  }
  w.end_object();
  w.key("warnings");
  write_warnings(w, r.warnings);
  if (r.reconciliation) {
    const auto& rec = *r.reconciliation;
    const auto items = [&](const std::vector<allocation::reconciliation_item>& list) {
      w.begin_array();
      for (const auto& i : list) {
        w.begin_object();
        w.key("category").value(i.category);
        w.key("kwh").value(i.kwh.to_string(2));
        w.key("amount").value(i.amount.to_string(places));
        w.key("explanation").value(i.explanation);
        w.end_object();
      }
      w.end_array();
    };
    w.key("reconciliation").begin_object();
    w.key("grid_kwh").value(rec.grid_energy.to_string(2));
    w.key("grid_bill").value(rec.grid_bill.to_string(places));
    w.key("energy");
    items(rec.energy_items);
    w.key("money");
    items(rec.money_items);
    w.key("unexplained_kwh").value(rec.unexplained_energy.to_string(2));
    w.key("borne_by_landlord").value(rec.borne_by_landlord.to_string(places));
    w.key("warnings");
    write_warnings(w, rec.warnings);
    w.end_object();
  }
  if (r.compliance) {
    const auto& c = *r.compliance;
    w.key("compliance").begin_object();
    w.key("mode").value(bill::to_string(c.mode));
    w.key("master_bill").value(c.master_bill.to_string(places));
    w.key("tenant_total").value(c.tenant_total.to_string(places));
    if (c.mode == bill::settlement_mode::pass_through) {
      w.key("landlord_share").value(c.landlord_total.to_string(places));
    }
    w.key("compliant").value(c.compliant());
    w.key("findings");
    write_warnings(w, c.findings);
    w.end_object();
  }
  w.key("alarms").begin_array();
  for (const auto& a : r.alarms) {
    w.begin_object();
    w.key("tenant").value(a.tenant_id);
    w.key("level").value(account_level_text(ledger::account_mode::prepaid, a.level, a.closed));
    w.key("balance").value(a.balance.to_string(places));
    w.key("notices").strings(a.notices);
    w.key("cut").value(a.cut);
    w.key("relay_closed").value(a.relay_closed);
    w.key("reasons").strings(a.reasons);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_reading(json_writer& w, const metering::register_reading& r) {
  w.begin_object();
  w.key("time").value(format_time(r.time));
  w.key("total").value(r.total.to_string(2));
  for (int n = 1; n <= metering::max_rate_registers; ++n) {
    if (const auto v = r.rate(n)) w.key(rate_key(n)).value(v->to_string(2));
  }
  w.end_object();
}

// QUAL-1: the reads of usage `u` that are not actual ("reads": absent when every one is actual).
void write_read_notes(json_writer& w, const bill::bill& b, const metering::register_usage& u) {
  bool any = false;
  for (const auto& n : b.reads) {
    if (n.meter_id != u.meter_id || (n.time != u.from.time && n.time != u.to.time)) continue;
    if (!any) w.key("reads").begin_array();
    any = true;
    w.begin_object();
    w.key("read").value(n.time == u.from.time ? "from" : "to");
    w.key("register").value(metering::register_name(n.register_number));
    w.key("time").value(local_interval::format(n.time));
    w.key("quality").value(metering::to_string(n.quality));
    w.key("value").value(n.value.to_string(2));
    w.key("rule").value(n.rule);
    w.key("method").value(n.method);
    w.key("basis").value(n.basis);
    w.end_object();
  }
  if (any) w.end_array();
}

// QUAL-1: the worst quality of the reads line `l` was computed from (its meter and register),
// when one is not actual; an adjustment (a true-up names its estimate itself) has none.
std::optional<metering::reading_quality> line_quality(const bill::bill& b, const bill::line& l) {
  std::optional<metering::reading_quality> q;
  if (l.component == bill::component::adjustment) return q;
  for (const auto& n : b.reads) {
    if (n.meter_id != l.meter_id || n.register_number != l.rate_register) continue;
    if (!q || *q < n.quality) q = n.quality;
  }
  return q;
}

// A split window's bound, "2026-07-16 00:00" (date's "%F %R").
std::string window_time(local_time t) {
  if (auto text = detail::four_digit_time(t, ' ', false)) return std::move(*text);
  return date::format("%F %R", t);
}

// VAT-1..VAT-3: "tax": the rounding point, one part per class split, what is not split, the sums.
void write_tax(json_writer& w, const bill::tax_breakdown& t, int places) {
  w.key("tax").begin_object();
  w.key("rounding").value(bill::to_string(t.point));
  w.key("parts").begin_array();
  for (const auto& p : t.parts) {
    w.begin_object();
    w.key("class").value(bill::to_string(p.what));
    w.key("rate").value(p.rate.to_string(2));
    w.key("gross").value(p.gross.to_string(places));
    w.key("net").value(p.net.to_string(places));
    w.key("vat").value(p.vat.to_string(places));
    w.end_object();
  }
  w.end_array();
  w.key("not_split").value(t.not_split.to_string(places));
  w.key("net").value(t.net.to_string(places));
  w.key("vat").value(t.vat.to_string(places));
  w.end_object();
}

// PAY-1..PAY-5: the payment bills and credit notes carrying some of the bill's lines, and what
// is deducted from the balance; nothing when the bill has none.
void write_documents(json_writer& w, const site::tenant_bill& b, int places) {
  if (b.documents.empty()) return;
  const auto day = [](local_time t) { return local_time_text(t).substr(0, 10); };
  w.key("payment_documents").begin_array();
  for (const auto& d : b.documents) {
    w.begin_object();
    w.key("kind").value(bill::to_string(d.kind));
    w.key("number").value(d.number);
    w.key("issued").value(day(d.issued));
    w.key("due").value(day(d.due));
    w.key("lines").begin_array();
    for (const auto& l : d.lines) {
      w.begin_object();
      w.key("component").value(bill::to_string(l.component));
      w.key("meter").value(meter_column(l));
      w.key("amount").value(l.amount.to_string(places));
      w.key("explanation").value(l.explanation);
      w.end_object();
    }
    w.end_array();
    w.key("total").value(d.total.to_string(places));
    w.end_object();
  }
  w.end_array();
  w.key("deducted").value(bill::deducted_part(b.total, b.documents).to_string(places));
}

void write_bill(json_writer& w, const site::tenant_bill& b, int places,
                const live_true_up* live = nullptr) {
  w.begin_object();
  w.key("tenant").begin_object();
  w.key("id").value(b.tenant_id);
  w.key("name").value(b.tenant_name);
  w.end_object();
  // BN-1: only a numbered bill has a number, and an invoice number once one is recorded.
  if (!b.number.empty()) w.key("number").value(b.number);
  if (!b.invoice.empty()) w.key("invoice").value(b.invoice);
  w.key("tariff").value(b.tariff_id);
  w.key("meters").begin_array();
  for (const auto& u : b.usages) {
    w.begin_object();
    w.key("id").value(u.meter_id);
    w.key("multiplier").value(u.multiplier.to_string(0));
    w.key("from");
    write_reading(w, u.from);
    w.key("to");
    write_reading(w, u.to);
    w.key("used_kwh").begin_object();
    w.key("total").value(u.total.to_string(2));
    for (int n = 1; n <= metering::max_rate_registers; ++n) {
      if (const auto v = u.rate(n)) w.key(rate_key(n)).value(v->to_string(2));
    }
    w.end_object();
    write_read_notes(w, b, u);
    w.end_object();
  }
  w.end_array();
  w.key("lines").begin_array();
  for (const auto& l : b.lines) {
    w.begin_object();
    w.key("component").value(bill::to_string(l.component));
    w.key("meter").value(meter_column(l));
    w.key("register").value(l.rate_register);
    w.key("register_name").value(l.register_name);
    w.key("quantity").value(l.quantity.to_string(2));
    w.key("unit").value(l.unit);
    w.key("unit_price").value(l.unit_price.to_string(2));
    w.key("price_unit").value(l.price_unit);
    w.key("unrounded").value(l.unrounded.to_string(2));
    w.key("amount").value(l.amount.to_string(places));
    w.key("rounding").value(l.rule.describe());
    w.key("explanation").value(l.explanation);
    // Tiers, price versions and split windows only appear on the lines that have them.
    if (l.tier != 0) w.key("tier").value(l.tier);
    if (!l.version.empty()) w.key("version").value(l.version);
    if (l.window) {
      w.key("window").begin_object();
      w.key("from").value(window_time(l.window->begin()));
      w.key("to").value(window_time(l.window->end()));
      w.end_object();
    }
    if (!l.split_method.empty()) w.key("split_method").value(l.split_method);
    // QUAL-1: only a line computed from a read that is not actual says so.
    if (const auto q = line_quality(b, l)) {
      w.key("quality").value(metering::to_string(*q));
    }
    w.end_object();
  }
  w.end_array();
  w.key("unrounded_total").value(b.unrounded_total.to_string(2));
  w.key("total").value(b.total.to_string(places));
  if (b.tax) write_tax(w, *b.tax, places);
  write_documents(w, b, places);
  if (!b.history.empty()) {
    w.key("history").begin_array();
    for (const auto& x : b.history) {
      w.begin_object();
      w.key("period").value(x.period);
      w.key("kwh").value(x.kwh.to_string(2));
      w.end_object();
    }
    w.end_array();
  }
  if (b.account) {
    w.key("account");
    write_account(w, *b.account, places);
  }
  if (live != nullptr) {
    w.key("live").begin_object();
    w.key("billed").value(live->billed.to_string(places));
    w.key("deducted").value(live->deducted.to_string(places));
    w.key("true_up").value(live->true_up.to_string(places));
    w.end_object();
  }
  w.end_object();
}

}  // namespace

namespace {

// The document up to the opening bracket of its bills.
void write_head(json_writer& w, const site::site& site, const bill::billing_period& period) {
  w.begin_object();
  w.key("format").value("submeter-bills-v0");
  w.key("site").value(site.name());
  w.key("currency").value(site.currency());
  w.key("period").begin_object();
  w.key("label").value(period.label());
  w.key("from").value(format_time(period.window().begin()));
  w.key("to").value(format_time(period.window().end()));
  w.end_object();
  w.key("rounding").begin_object();
  w.key("scope").value(bill::to_string(site.rule().scope));
  w.key("places").value(site.rule().places);
  w.key("mode").value(to_string(site.rule().mode));
  w.key("description").value(site.rule().describe());
  w.end_object();
  w.key("bills").begin_array();
}

// The document from the closing bracket of its bills.
void write_tail(json_writer& w, const site::site& site, money site_total,
                const site::site_report* report) {
  w.end_array();
  w.key("site_total").value(site_total.to_string(site.rule().places));
  if (report != nullptr) {
    w.key("report");
    write_report(w, site, *report);
  }
  w.end_object();
}

// Where the bills go: inside the document's object, inside its "bills" array.
std::vector<bool> in_bills(bool none_yet) { return {false, none_yet}; }

}  // namespace

void write_bills_json(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills,
                      const site::site_report* report) {
  write_bills_json(out, site, period, bills, report, {});
}

void write_bills_json(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills, const site::site_report* report,
                      const std::vector<live_true_up>& live) {
  const int places = site.rule().places;
  json_writer w(out);
  write_head(w, site, period);
  money site_total;
  std::size_t next = 0;  // `live` is in the order of `bills`
  for (const auto& b : bills) {
    const live_true_up* l = nullptr;
    if (next < live.size() && live[next].tenant == b.tenant_id) l = &live[next++];
    write_bill(w, b, places, l);
    site_total += b.total;
  }
  write_tail(w, site, site_total, report);
  w.finish();
}

void write_bills_json_head(std::ostream& out, const site::site& site,
                           const bill::billing_period& period) {
  json_writer w(out);
  write_head(w, site, period);
  w.finish_part();
}

void write_bills_json_part(std::ostream& out, const site::site& site,
                           const std::vector<site::tenant_bill>& bills, bool first) {
  json_writer w(out, in_bills(first));
  for (const auto& b : bills) write_bill(w, b, site.rule().places);
  w.finish_part();
}

void write_bills_json_tail(std::ostream& out, const site::site& site, bool any_bills,
                           money site_total, const site::site_report* report) {
  json_writer w(out, in_bills(!any_bills));
  write_tail(w, site, site_total, report);
  w.finish();
}

std::string bills_json(const site::site& site, const bill::billing_period& period,
                       const std::vector<site::tenant_bill>& bills,
                       const site::site_report* report) {
  return to_string_with(
      [&](std::ostream& out) { write_bills_json(out, site, period, bills, report); });
}

}  // namespace submeter::render
