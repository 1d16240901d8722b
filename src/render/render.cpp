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

std::string bills_text(const bill::site& site, const bill::billing_period& period,
                       const std::vector<bill::bill>& bills) {
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
      out << "  " << pad_right("register", 10) << pad_left("from", 16) << pad_left("to", 16)
          << pad_left("used kWh", 16) << "\n";
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
      out << "  " << pad_right(l.component, 8) << pad_right(l.meter_id, 8)
          << pad_right(l.register_name, 8) << l.explanation << "\n";
    }
    out << "Total: " << money_text(b.total, places) << " " << site.currency() << "\n";
    site_total += b.total;
  }
  out << "\nSite total: " << money_text(site_total, places) << " " << site.currency() << " over "
      << bills.size() << " tenant" << (bills.size() == 1 ? "" : "s") << "\n";
  return out.str();
}

std::string bills_json(const bill::site& site, const bill::billing_period& period,
                       const std::vector<bill::bill>& bills) {
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
