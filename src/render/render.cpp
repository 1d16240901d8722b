#include "render/render.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>

#include "submeter/metering/register_reading.hpp"

namespace submeter::render {
namespace {

using ojson = nlohmann::ordered_json;

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

ojson reading_json(const metering::register_reading& r) {
  ojson j;
  j["time"] = format_time(r.time);
  j["total"] = r.total.to_string(2);
  for (int n = 1; n <= metering::max_rate_registers; ++n) {
    if (const auto v = r.rate(n)) j["t" + std::to_string(n)] = v->to_string(2);
  }
  return j;
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

static std::string account_text(const bill::account_summary& a, int places) {
  std::string out = "Account (" + a.mode + "): opening " + money_text(a.opening_balance, places) +
                    ", recharged " + money_text(a.recharged, places) + ", this bill " +
                    money_text(a.charged, places) + ", balance " + money_text(a.balance, places);
  if (!a.arrears.is_zero()) out += ", arrears " + money_text(a.arrears, places);
  out += "; level " + a.level + "\n";
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

std::string site_report_text(const bill::site& site, const bill::site_report& r) {
  const int places = site.rule().places;
  const auto& s = r.summary;
  std::ostringstream out;
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
    out << "  " << pad_right(c.component, 14)
        << pad_left(bill::group_thousands(c.amount.to_string(places)), 16) << "\n";
  }
  out << "  " << pad_right("total", 14) << pad_left(money_text(s.total, places), 16) << " "
      << site.currency() << "\n";
  if (!s.by_level.empty()) {
    out << "Prepaid levels:";
    for (const auto& [level, n] : s.by_level) out << " " << level << " " << n << ";";
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
    out << pad_right(a.tenant_id, 8) << pad_right(a.level, 10)
        << pad_left(money_text(a.balance, places), 14) << "  "
        << (a.cut            ? "CUT NOW"
            : a.relay_closed ? "relay closed"
                             : "relay open")
        << "  " << a.tenant_name << "\n";
    for (const auto& n : a.notices) out << "    notice: " << n << "\n";
    for (const auto& why : a.reasons) out << "    " << why << "\n";
  }
  return out.str();
}

std::string bills_text(const bill::site& site, const bill::billing_period& period,
                       const std::vector<bill::bill>& bills, const bill::site_report* report) {
  std::ostringstream out;
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
      const bool water = bill::detail::is_water(site, u.meter_id);
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
      out << "  " << pad_right(l.component, 13) << pad_right(l.meter_id, 8)
          << pad_right(l.register_name, 8) << l.explanation << "\n";
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
  if (report != nullptr) out << "\n" << site_report_text(site, *report);
  return out.str();
}

static ojson account_json(const bill::account_summary& a, int places) {
  return {{"mode", a.mode},
          {"opening_balance", a.opening_balance.to_string(places)},
          {"recharged", a.recharged.to_string(places)},
          {"charged", a.charged.to_string(places)},
          {"balance", a.balance.to_string(places)},
          {"arrears", a.arrears.to_string(places)},
          {"level", a.level},
          {"notices", a.notices},
          {"relay", {{"cut", a.cut}, {"closed", a.relay_closed}, {"reasons", a.relay_reasons}}},
          {"closed", a.closed},
          {"refunded", a.refunded.to_string(places)}};
}

static ojson report_json(const bill::site& site, const bill::site_report& r) {
  const int places = site.rule().places;
  const auto& s = r.summary;
  ojson j;
  ojson by = ojson::object();
  for (const auto& c : s.by_component) by[c.component] = c.amount.to_string(places);
  j["summary"] = {{"bills", s.bills},
                  {"tenant_kwh", s.tenant_kwh.to_string(2)},
                  {"tenant_m3", s.tenant_m3.to_string(2)},
                  {"common_area_kwh", s.common_area_kwh.to_string(2)},
                  {"landlord_kwh", s.landlord_kwh.to_string(2)},
                  {"total", s.total.to_string(places)},
                  {"by_component", by},
                  {"prepaid", s.prepaid},
                  {"postpaid", s.postpaid},
                  {"by_level", s.by_level}};
  if (s.grid_kwh) j["summary"]["grid_kwh"] = s.grid_kwh->to_string(2);
  if (s.loss_kwh) j["summary"]["loss_kwh"] = s.loss_kwh->to_string(2);
  if (!s.loss_method.empty()) j["summary"]["loss_method"] = s.loss_method;
  if (!s.node_losses.empty()) {
    ojson rows = ojson::array();
    for (const auto& n : s.node_losses) {
      rows.push_back({{"meter", n.meter_id},
                      {"kwh", n.quantity.to_string(2)},
                      {"below_kwh", n.children.to_string(2)},
                      {"loss_kwh", n.loss.to_string(2)},
                      {"percent", n.percent.to_string(2)}});
    }
    j["summary"]["node_losses"] = rows;
    j["summary"]["loss_kept_by_landlord_kwh"] = s.loss_kept_by_landlord.to_string(2);
  }
  const auto warnings = [](const std::vector<warning>& ws) {
    ojson a = ojson::array();
    for (const auto& w : ws) {
      ojson ctx = ojson::object();
      for (const auto& [k, v] : w.context) ctx[k] = v;
      a.push_back({{"code", w.code}, {"message", w.message}, {"context", ctx}});
    }
    return a;
  };
  j["warnings"] = warnings(r.warnings);
  if (r.reconciliation) {
    const auto& rec = *r.reconciliation;
    const auto items = [&](const std::vector<allocation::reconciliation_item>& list) {
      ojson a = ojson::array();
      for (const auto& i : list) {
        a.push_back({{"category", i.category},
                     {"kwh", i.kwh.to_string(2)},
                     {"amount", i.amount.to_string(places)},
                     {"explanation", i.explanation}});
      }
      return a;
    };
    j["reconciliation"] = {{"grid_kwh", rec.grid_energy.to_string(2)},
                           {"grid_bill", rec.grid_bill.to_string(places)},
                           {"energy", items(rec.energy_items)},
                           {"money", items(rec.money_items)},
                           {"unexplained_kwh", rec.unexplained_energy.to_string(2)},
                           {"borne_by_landlord", rec.borne_by_landlord.to_string(places)},
                           {"warnings", warnings(rec.warnings)}};
  }
  if (r.compliance) {
    const auto& c = *r.compliance;
    j["compliance"] = {{"mode", std::string(bill::to_string(c.mode))},
                       {"master_bill", c.master_bill.to_string(places)},
                       {"tenant_total", c.tenant_total.to_string(places)},
                       {"compliant", c.compliant()},
                       {"findings", warnings(c.findings)}};
  }
  ojson alarms = ojson::array();
  for (const auto& a : r.alarms) {
    alarms.push_back({{"tenant", a.tenant_id},
                      {"level", a.level},
                      {"balance", a.balance.to_string(places)},
                      {"notices", a.notices},
                      {"cut", a.cut},
                      {"relay_closed", a.relay_closed},
                      {"reasons", a.reasons}});
  }
  j["alarms"] = alarms;
  return j;
}

std::string bills_json(const bill::site& site, const bill::billing_period& period,
                       const std::vector<bill::bill>& bills, const bill::site_report* report) {
  const int places = site.rule().places;
  ojson doc;
  doc["format"] = "submeter-bills-v0";
  doc["site"] = site.name();
  doc["currency"] = site.currency();
  doc["period"] = {{"label", period.label()},
                   {"from", format_time(period.window().begin())},
                   {"to", format_time(period.window().end())}};
  doc["rounding"] = {{"scope", std::string(bill::to_string(site.rule().scope))},
                     {"places", site.rule().places},
                     {"mode", std::string(to_string(site.rule().mode))},
                     {"description", site.rule().describe()}};
  // Each bill is built and dumped on its own and spliced into the document, so the tree never
  // holds a whole site (100,000 bills); the bytes are those of one doc.dump(2).
  std::string list;
  money site_total;
  for (const auto& b : bills) {
    ojson jb;
    jb["tenant"] = {{"id", b.tenant_id}, {"name", b.tenant_name}};
    jb["tariff"] = b.tariff_id;
    ojson meters = ojson::array();
    for (const auto& u : b.usages) {
      ojson used;
      used["total"] = u.total.to_string(2);
      for (int n = 1; n <= metering::max_rate_registers; ++n) {
        if (const auto v = u.rate(n)) used["t" + std::to_string(n)] = v->to_string(2);
      }
      meters.push_back({{"id", u.meter_id},
                        {"multiplier", u.multiplier.to_string(0)},
                        {"from", reading_json(u.from)},
                        {"to", reading_json(u.to)},
                        {"used_kwh", used}});
    }
    jb["meters"] = meters;
    ojson lines = ojson::array();
    for (const auto& l : b.lines) {
      lines.push_back({{"component", l.component},
                       {"meter", l.meter_id},
                       {"register", l.rate_register},
                       {"register_name", l.register_name},
                       {"quantity", l.quantity.to_string(2)},
                       {"unit", l.unit},
                       {"unit_price", l.unit_price.to_string(2)},
                       {"price_unit", l.price_unit},
                       {"unrounded", l.unrounded.to_string(2)},
                       {"amount", l.amount.to_string(places)},
                       {"rounding", l.rule.describe()},
                       {"explanation", l.explanation}});
      // Tiers, price versions and split windows only appear on the lines that have them.
      auto& jl = lines.back();
      if (l.tier != 0) jl["tier"] = l.tier;
      if (!l.version.empty()) jl["version"] = l.version;
      if (l.window) {
        jl["window"] = {{"from", date::format("%F %R", l.window->begin())},
                        {"to", date::format("%F %R", l.window->end())}};
      }
      if (!l.split_method.empty()) jl["split_method"] = l.split_method;
    }
    jb["lines"] = lines;
    jb["unrounded_total"] = b.unrounded_total.to_string(2);
    jb["total"] = b.total.to_string(places);
    if (!b.history.empty()) {
      ojson h = ojson::array();
      for (const auto& x : b.history)
        h.push_back({{"period", x.period}, {"kwh", x.kwh.to_string(2)}});
      jb["history"] = h;
    }
    if (b.account) jb["account"] = account_json(*b.account, places);
    const std::string text = jb.dump(2);
    list += list.empty() ? "[\n    " : ",\n    ";
    list.reserve(list.size() + text.size() + text.size() / 16);
    for (const char c : text) {
      list += c;
      if (c == '\n') list += "    ";  // a bill sits two levels deep: 4 more spaces
    }
    site_total += b.total;
  }
  list += list.empty() ? "[]" : "\n  ]";
  constexpr std::string_view marker = "\"@bills@\"";
  doc["bills"] = "@bills@";
  doc["site_total"] = site_total.to_string(places);
  if (report != nullptr) doc["report"] = report_json(site, *report);
  std::string out = doc.dump(2);
  out.replace(out.find(marker), marker.size(), list);
  return out + "\n";
}

namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string bills_csv(const bill::billing_period& period, const std::vector<bill::bill>& bills) {
  std::string out =
      "tenant,period,tariff,component,meter,register,register_name,tier,version,window_from,"
      "window_to,split_method,quantity,unit,unit_price,price_unit,unrounded,amount,explanation\r\n";
  for (const auto& b : bills) {
    for (const auto& l : b.lines) {
      const std::vector<std::string> row = {b.tenant_id,
                                            period.label(),
                                            b.tariff_id,
                                            l.component,
                                            l.meter_id,
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
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) out += ',';
        out += csv_field(row[i]);
      }
      out += "\r\n";
    }
  }
  return out;
}

}  // namespace submeter::render
