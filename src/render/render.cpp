#include "render/render.hpp"

#include <chrono>
#include <cstdio>
#include <iterator>
#include <map>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>

#include "render/json_writer.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::render {
namespace {

std::string money_text(const money& m, int places) {
  return bill::group_thousands(m.to_string(places));
}

std::string pad_right(std::string s, std::size_t width) {
  // Width in characters; every string padded here is ASCII.
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string pad_left(std::string s, std::size_t width) {
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

std::string rate_key(int n) { return "t" + std::to_string(n); }

// The string forms: a stream that appends to a string, so the text is not copied out of an
// ostringstream at the end (700 MB of JSON for Python's Site.render at 100,000 tenants).
class string_sink : public std::streambuf {
 public:
  std::string text;

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) text += traits_type::to_char_type(c);
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    text.append(s, static_cast<std::size_t>(n));
    return n;
  }
};

template <typename Write>
std::string to_string_with(Write write) {
  string_sink sink;
  std::ostream out(&sink);
  write(out);
  return std::move(sink.text);
}

}  // namespace

std::string format_time(local_time t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t - day).count();
  char buf[96];  // room for any int64 the compiler can imagine (-Wformat-truncation)
  if (secs % 60 == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  }
  return buf;
}

std::string_view account_level_text(ledger::account_mode mode, ledger::level level,
                                    bool closed) noexcept {
  if (closed) return "closed";
  if (mode == ledger::account_mode::postpaid) return "postpaid";
  return ledger::to_string(level);
}

namespace {

std::string_view level_text(const site::account_summary& a) noexcept {
  return account_level_text(a.mode, a.level, a.closed);
}

// Prepaid accounts by level as printed, in the order of the names ("closed" among the levels).
std::map<std::string, std::size_t> levels_by_name(const site::site_summary& s) {
  std::map<std::string, std::size_t> out;
  for (const auto& [level, n] : s.by_level) out[std::string(ledger::to_string(level))] += n;
  if (s.closed != 0) out["closed"] += s.closed;
  return out;
}

}  // namespace

static std::string account_text(const site::account_summary& a, int places) {
  std::string out = "Account (" + std::string(ledger::to_string(a.mode)) + "): opening " +
                    money_text(a.opening_balance, places) + ", recharged " +
                    money_text(a.recharged, places) + ", this bill " +
                    money_text(a.charged, places) + ", balance " + money_text(a.balance, places);
  if (!a.arrears.is_zero()) out += ", arrears " + money_text(a.arrears, places);
  out += "; level " + std::string(level_text(a)) + "\n";
  if (!a.notices.empty()) {
    out += "  notices:";
    for (const auto& n : a.notices) out += " " + n + ";";
    out.back() = '\n';
  }
  if (a.closed)
    out += "  account closed at move-out; refunded " + money_text(a.refunded, places) + "\n";
  out += std::string("  relay: ") + (a.cut ? "CUT NOW" : a.relay_closed ? "closed" : "open") + " (";
  for (std::size_t i = 0; i < a.relay_reasons.size(); ++i) {
    out += (i ? "; " : "") + a.relay_reasons[i];
  }
  return out + ")\n";
}

void write_site_report_text(std::ostream& out, const site::site& site, const site::site_report& r) {
  const int places = site.rule().places;
  const auto& s = r.summary;
  out << "== Site summary " << s.period << " ==\n";
  out << "Bills: " << s.bills << "; accounts: " << s.prepaid << " prepaid, " << s.postpaid
      << " postpaid\n";
  out << "Tenants: " << bill::group_thousands(s.tenant_kwh.to_string(2)) << " kWh, "
      << bill::group_thousands(s.tenant_m3.to_string(2)) << " m3; common area "
      << bill::group_thousands(s.common_area_kwh.to_string(2)) << " kWh; landlord "
      << bill::group_thousands(s.landlord_kwh.to_string(2)) << " kWh\n";
  if (s.grid_kwh) {
    out << "Grid master: " << bill::group_thousands(s.grid_kwh->to_string(2)) << " kWh; losses "
        << bill::group_thousands(s.loss_kwh->to_string(2)) << " kWh";
    if (!s.loss_method.empty()) out << ", passed on " << s.loss_method;
    out << "\n";
  }
  if (!s.node_losses.empty()) {
    out << "Losses by meter (LL-1):\n";
    for (const auto& n : s.node_losses) {
      out << "  " << pad_right(n.meter_id, 10)
          << pad_left(bill::group_thousands(n.quantity.to_string(2)), 16) << " kWh, below "
          << pad_left(bill::group_thousands(n.children.to_string(2)), 16) << ", loss "
          << pad_left(bill::group_thousands(n.loss.to_string(2)), 12) << " ("
          << n.percent.to_string(2) << " %)\n";
    }
    out << "  kept by the landlord (common area, own use, rounding): "
        << bill::group_thousands(s.loss_kept_by_landlord.to_string(2)) << " kWh\n";
  }
  out << "By component:\n";
  for (const auto& c : s.by_component) {
    out << "  " << pad_right(std::string(bill::to_string(c.component)), 14)
        << pad_left(bill::group_thousands(c.amount.to_string(places)), 16) << "\n";
  }
  out << "  " << pad_right("total", 14) << pad_left(money_text(s.total, places), 16) << " "
      << site.currency() << "\n";
  if (const auto levels = levels_by_name(s); !levels.empty()) {
    out << "Prepaid levels:";
    for (const auto& [level, n] : levels) out << " " << level << " " << n << ";";
    out << "\n";
  }
  for (const auto& w : r.warnings) out << "Warning: " << w.code << ": " << w.message << "\n";
  if (r.reconciliation) {
    const auto& rec = *r.reconciliation;
    out << "\n== Master-bill reconciliation " << rec.month << " ==\n";
    out << "Grid: " << bill::group_thousands(rec.grid_energy.to_string(2)) << " kWh, "
        << money_text(rec.grid_bill, places) << " " << site.currency() << "\n";
    out << "Energy:\n";
    for (const auto& i : rec.energy_items) {
      out << "  " << pad_right(i.category, 22)
          << pad_left(bill::group_thousands(i.kwh.to_string(2)), 16) << "  " << i.explanation
          << "\n";
    }
    out << "Money:\n";
    for (const auto& i : rec.money_items) {
      out << "  " << pad_right(i.category, 22) << pad_left(money_text(i.amount, places), 16) << "  "
          << i.explanation << "\n";
    }
    for (const auto& w : rec.warnings) out << "Warning: " << w.code << ": " << w.message << "\n";
  }
  if (r.compliance) {
    const auto& c = *r.compliance;
    out << "\n== 转供电 compliance " << c.month << " (" << bill::to_string(c.mode) << ") ==\n";
    out << "Master bill " << bill::group_thousands(c.master_bill.to_string(places))
        << "; tenants' electricity charges "
        << bill::group_thousands(c.tenant_total.to_string(places)) << "\n";
    if (c.compliant()) {
      out << "Compliant: no markup found (SUP-1, SUP-2 Mode A); common area, losses, property fee "
             "and rent are not on the electricity bills\n";
    }
    for (const auto& f : c.findings) {
      out << "Finding: " << f.code << ": " << f.message;
      for (const auto& [k, v] : f.context) out << " " << k << "=" << v;
      out << "\n";
    }
  }
  out << "\n== Alarms and relay decisions ==\n";
  if (r.alarms.empty()) out << "None.\n";
  for (const auto& a : r.alarms) {
    out << pad_right(a.tenant_id, 8)
        << pad_right(
               std::string(account_level_text(ledger::account_mode::prepaid, a.level, a.closed)),
               10)
        << pad_left(money_text(a.balance, places), 14) << "  "
        << (a.cut            ? "CUT NOW"
            : a.relay_closed ? "relay closed"
                             : "relay open")
        << "  " << a.tenant_name << "\n";
    for (const auto& n : a.notices) out << "    notice: " << n << "\n";
    for (const auto& why : a.reasons) out << "    " << why << "\n";
  }
}

std::string site_report_text(const site::site& site, const site::site_report& report) {
  return to_string_with([&](std::ostream& out) { write_site_report_text(out, site, report); });
}

void write_bills_text(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills,
                      const site::site_report* report) {
  const int places = site.rule().places;
  out << site.name() << " - electricity bills for " << period.label() << " (" << site.currency()
      << ")\n";
  out << "Period: " << format_time(period.window().begin()) << " to "
      << format_time(period.window().end()) << " (readings at or up to 24 h before each bound)\n";
  out << "Rounding: " << site.rule().describe() << "; total = sum of "
      << (site.rule().scope == bill::rounding_scope::per_line ? "rounded lines"
                                                              : "exact lines, rounded once")
      << "\n";
  money site_total;
  for (const auto& b : bills) {
    out << "\n== " << b.tenant_id << "  " << b.tenant_name << " ==\n";
    out << "Tariff: " << b.tariff_id << "\n";
    for (const auto& u : b.usages) {
      out << "Meter " << u.meter_id << " (multiplier " << u.multiplier.to_string(0)
          << "): " << format_time(u.from.time) << " -> " << format_time(u.to.time) << "\n";
      const bool water = site::is_water(site, u.meter_id);
      out << "  " << pad_right("register", 10) << pad_left("from", 16) << pad_left("to", 16)
          << pad_left(water ? "used m3" : "used kWh", 16) << "\n";
      auto row = [&out](const std::string& name, const energy& a, const energy& z,
                        const energy& used) {
        out << "  " << pad_right(name, 10) << pad_left(bill::group_thousands(a.to_string(2)), 16)
            << pad_left(bill::group_thousands(z.to_string(2)), 16)
            << pad_left(bill::group_thousands(used.to_string(2)), 16) << "\n";
      };
      row("total", u.from.total, u.to.total, u.total);
      for (int n = 1; n <= metering::max_rate_registers; ++n) {
        const auto used = u.rate(n);
        if (used)
          row("t" + std::to_string(n) + " " + metering::register_name(n), *u.from.rate(n),
              *u.to.rate(n), *used);
      }
    }
    out << "Charges:\n";
    for (const auto& l : b.lines) {
      out << "  " << pad_right(std::string(bill::to_string(l.component)), 13)
          << pad_right(meter_column(l), 8) << pad_right(l.register_name, 8) << l.explanation
          << "\n";
    }
    out << "Total: " << money_text(b.total, places) << " " << site.currency() << "\n";
    if (!b.history.empty()) {
      out << "Earlier months (kWh):";
      for (const auto& h : b.history) {
        out << "  " << h.period << " " << bill::group_thousands(h.kwh.to_string(2));
      }
      out << "\n";
    }
    if (b.account) out << account_text(*b.account, places);
    site_total += b.total;
  }
  out << "\nSite total: " << money_text(site_total, places) << " " << site.currency() << " over "
      << bills.size() << " tenant" << (bills.size() == 1 ? "" : "s") << "\n";
  if (report != nullptr) {
    out << "\n";
    write_site_report_text(out, site, *report);
  }
  out.flush();
}

std::string bills_text(const site::site& site, const bill::billing_period& period,
                       const std::vector<site::tenant_bill>& bills,
                       const site::site_report* report) {
  return to_string_with(
      [&](std::ostream& out) { write_bills_text(out, site, period, bills, report); });
}

namespace {

void write_account(json_writer& w, const site::account_summary& a, int places) {
  w.begin_object();
  w.key("mode").value(ledger::to_string(a.mode));
  w.key("opening_balance").value(a.opening_balance.to_string(places));
  w.key("recharged").value(a.recharged.to_string(places));
  w.key("charged").value(a.charged.to_string(places));
  w.key("balance").value(a.balance.to_string(places));
  w.key("arrears").value(a.arrears.to_string(places));
  w.key("level").value(level_text(a));
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
  for (const auto& [level, n] : levels_by_name(s)) w.key(level).value(n);
  w.end_object();
  if (s.grid_kwh) w.key("grid_kwh").value(s.grid_kwh->to_string(2));
  if (s.loss_kwh) w.key("loss_kwh").value(s.loss_kwh->to_string(2));
  if (!s.loss_method.empty()) w.key("loss_method").value(s.loss_method);
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

void write_bill(json_writer& w, const site::tenant_bill& b, int places) {
  w.begin_object();
  w.key("tenant").begin_object();
  w.key("id").value(b.tenant_id);
  w.key("name").value(b.tenant_name);
  w.end_object();
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
      w.key("from").value(date::format("%F %R", l.window->begin()));
      w.key("to").value(date::format("%F %R", l.window->end()));
      w.end_object();
    }
    if (!l.split_method.empty()) w.key("split_method").value(l.split_method);
    w.end_object();
  }
  w.end_array();
  w.key("unrounded_total").value(b.unrounded_total.to_string(2));
  w.key("total").value(b.total.to_string(places));
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
  w.end_object();
}

}  // namespace

void write_bills_json(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills,
                      const site::site_report* report) {
  const int places = site.rule().places;
  json_writer w(out);
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
  money site_total;
  for (const auto& b : bills) {
    write_bill(w, b, places);
    site_total += b.total;
  }
  w.end_array();
  w.key("site_total").value(site_total.to_string(places));
  if (report != nullptr) {
    w.key("report");
    write_report(w, site, *report);
  }
  w.end_object();
  w.finish();
}

std::string bills_json(const site::site& site, const bill::billing_period& period,
                       const std::vector<site::tenant_bill>& bills,
                       const site::site_report* report) {
  return to_string_with(
      [&](std::ostream& out) { write_bills_json(out, site, period, bills, report); });
}

namespace {

void append_csv_field(std::string& out, const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

void write_bills_csv(std::ostream& out, const bill::billing_period& period,
                     const std::vector<site::tenant_bill>& bills) {
  constexpr std::size_t block = std::size_t{1} << 20;  // as json_writer's
  std::string buf =
      "tenant,period,tariff,component,meter,register,register_name,tier,version,window_from,"
      "window_to,split_method,quantity,unit,unit_price,price_unit,unrounded,amount,explanation\r\n";
  buf.reserve(block + block / 4);
  const std::string label = period.label();
  for (const auto& b : bills) {
    for (const auto& l : b.lines) {
      const std::string row[] = {b.tenant_id,
                                 label,
                                 b.tariff_id,
                                 std::string(bill::to_string(l.component)),
                                 meter_column(l),
                                 std::to_string(l.rate_register),
                                 l.register_name,
                                 std::to_string(l.tier),
                                 l.version,
                                 l.window ? format_time(l.window->begin()) : "",
                                 l.window ? format_time(l.window->end()) : "",
                                 l.split_method,
                                 l.quantity.to_string(2),
                                 l.unit,
                                 l.unit_price.to_string(2),
                                 l.price_unit,
                                 l.unrounded.to_string(2),
                                 l.amount.to_string(l.rule.places),
                                 l.explanation};
      bool first = true;
      for (const auto& field : row) {
        if (!first) buf += ',';
        first = false;
        append_csv_field(buf, field);
      }
      buf += "\r\n";
    }
    if (buf.size() >= block) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  out.flush();
}

std::string bills_csv(const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills) {
  return to_string_with([&](std::ostream& out) { write_bills_csv(out, period, bills); });
}

}  // namespace submeter::render
