// Bills and the site report as text, for people (render.hpp).
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "render/detail.hpp"
#include "render/render.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::render {
namespace {

using detail::money_text;
using detail::pad_left;
using detail::pad_right;
using detail::to_string_with;

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

std::string account_text(const site::account_summary& a, int places) {
  std::string out = "Account (" + std::string(ledger::to_string(a.mode)) + "): opening " +
                    money_text(a.opening_balance, places) + ", recharged " +
                    money_text(a.recharged, places) + ", this bill " +
                    money_text(a.charged, places) + ", balance " + money_text(a.balance, places);
  if (!a.arrears.is_zero()) out += ", arrears " + money_text(a.arrears, places);
  out += "; level " + std::string(detail::level_text(a)) + "\n";
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

}  // namespace

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
  if (const auto levels = detail::levels_by_name(s); !levels.empty()) {
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

}  // namespace submeter::render
