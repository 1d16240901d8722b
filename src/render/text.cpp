// Bills and the site report as text, for people (render.hpp).
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "render/detail.hpp"
#include "render/lang.hpp"
#include "render/render.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::render {
namespace {

using detail::money_text;
using detail::pad_left;
using detail::pad_right;
using detail::to_string_with;

// A translated word padded to `width` columns: by bytes in English (what the golden files hold,
// whatever an id's characters), by display columns in Chinese.
std::string pad_word(lang l, std::string text, std::size_t width) {
  return l == lang::en ? pad_right(std::move(text), width)
                       : pad_columns_right(std::move(text), width);
}

}  // namespace

std::string format_time(local_time t) {
  const auto whole_minute = (t.time_since_epoch().count() % 60) == 0;
  if (auto text = detail::four_digit_time(t, 'T', !whole_minute)) return std::move(*text);
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

std::string account_text(const site::account_summary& a, int places, lang l) {
  std::string out = say(
      l, term::account_line,
      {mode_name(l, a.mode), money_text(a.opening_balance, places), money_text(a.recharged, places),
       money_text(a.charged, places), money_text(a.balance, places)});
  if (!a.arrears.is_zero()) out += say(l, term::arrears_part, {money_text(a.arrears, places)});
  out += say(l, term::level_part, {level_name(l, detail::level_text(a))}) + "\n";
  if (!a.notices.empty()) {
    // "  notices: alarm1; alarm2" / "  通知：一级预警；二级预警"
    out += say(l, term::notices) + (l == lang::en ? " " : "");
    for (std::size_t i = 0; i < a.notices.size(); ++i) {
      out += (i ? say(l, term::reason_separator) : "") + level_name(l, a.notices[i]);
    }
    out += "\n";
  }
  if (a.closed) out += say(l, term::closed_refunded, {money_text(a.refunded, places)}) + "\n";
  out += say(l, term::relay_line,
             {say(l, a.cut            ? term::relay_cut_now
                     : a.relay_closed ? term::relay_closed
                                      : term::relay_open)});
  for (std::size_t i = 0; i < a.relay_reasons.size(); ++i) {
    out += (i ? say(l, term::reason_separator) : "") + reason_text(l, a.relay_reasons[i]);
  }
  return out + say(l, term::relay_end) + "\n";
}

// BN-1: "Bill no. XR-202607-0001; invoice no. …" when the bill has a number; else nothing.
std::string number_text(const site::tenant_bill& b, lang l) {
  if (b.number.empty()) return {};
  std::string out = say(l, term::bill_number_line, {b.number});
  if (!b.invoice.empty()) out += say(l, term::invoice_part, {b.invoice});
  return out + "\n";
}

// VAT-1..VAT-3: the net and VAT inside the total, per class, when the bill has them.
std::string tax_text(const site::tenant_bill& b, int places, lang l) {
  if (!b.tax) return {};
  const auto& t = *b.tax;
  std::string out =
      say(l, term::tax_title,
          {say(l, t.point == bill::tax_rounding::per_bill ? term::tax_per_bill : term::tax_per_line)}) +
      "\n";
  for (const auto& p : t.parts) {
    out += say(l, term::tax_part_line,
               {tax_class_name(l, p.what), detail::percent_text(p.rate), money_text(p.net, places),
                money_text(p.vat, places), money_text(p.gross, places)}) +
           "\n";
  }
  if (!t.not_split.is_zero()) {
    out += say(l, term::tax_not_split, {money_text(t.not_split, places)}) + "\n";
  }
  out += say(l, term::tax_sum_line,
             {money_text(t.net + t.not_split, places), money_text(t.vat, places),
              money_text(b.total, places)}) +
         "\n";
  return out;
}

// PAY-1..PAY-5: each payment bill and credit note with its lines, then the rest of the bill.
std::string documents_text(const site::tenant_bill& b, int places, const std::string& currency,
                           std::size_t component_w, lang l) {
  if (b.documents.empty()) return {};
  const auto day = [](local_time t) { return local_time_text(t).substr(0, 10); };
  std::string out;
  for (const auto& d : b.documents) {
    if (d.kind == bill::document_kind::payment_bill) {
      out += say(l, term::payment_bill_title,
                 {d.number, day(d.issued), day(d.due), money_text(d.total, places), currency});
    } else {
      out += say(l, term::credit_note_title,
                 {d.number, day(d.issued), money_text(d.total, places), currency});
    }
    out += "\n";
    for (const auto& line : d.lines) {
      out += "  " + pad_word(l, component_name(l, line.component), component_w) +
             pad_right(meter_column(line), 8) +
             pad_left(money_text(rescale<money>(line.amount, rounding::half_up), places), 14) +
             "\n";
    }
  }
  // PAY-5: the rest is deducted from a prepaid balance, or due with the bill (postpaid).
  const bool prepaid = b.account && b.account->mode == ledger::account_mode::prepaid;
  return out +
         say(l, prepaid ? term::deducted_line : term::due_with_bill_line,
             {money_text(bill::deducted_part(b.total, b.documents), places), currency}) +
         "\n";
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
  for (const auto& t : s.transformer_losses) out << "Loss of " << site::describe(t) << "\n";
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
  if (s.water_master_m3) {
    out << "Water master: " << bill::group_thousands(s.water_master_m3->to_string(2))
        << " m3; water losses " << bill::group_thousands(s.water_loss_m3->to_string(2)) << " m3";
    if (!s.water_loss_method.empty()) out << ", passed on " << s.water_loss_method;
    out << "\n";
  }
  if (!s.water_node_losses.empty()) {
    out << "Water losses by meter (LL-1):\n";
    for (const auto& n : s.water_node_losses) {
      out << "  " << pad_right(n.meter_id, 10)
          << pad_left(bill::group_thousands(n.quantity.to_string(2)), 16) << " m3, below "
          << pad_left(bill::group_thousands(n.children.to_string(2)), 16) << ", loss "
          << pad_left(bill::group_thousands(n.loss.to_string(2)), 12) << " ("
          << n.percent.to_string(2) << " %)\n";
    }
    out << "  kept by the landlord (common area, own use, rounding): "
        << bill::group_thousands(s.water_loss_kept_by_landlord.to_string(2)) << " m3\n";
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
    const bool mode_b = c.mode == bill::settlement_mode::pass_through;
    if (mode_b) {
      out << "Landlord's own use share "
          << bill::group_thousands(c.landlord_total.to_string(places))
          << " (borne by the landlord, SUP-1)\n";
    }
    if (c.compliant() && mode_b) {
      out << "Compliant: the whole grid bill is shared by kWh (SUP-2 Mode B), tenants' shares not "
             "above it (SUP-1); common area and losses are inside the shares, not on separate "
             "lines\n";
    } else if (c.compliant()) {
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
                      const std::vector<site::tenant_bill>& bills, const site::site_report* report,
                      lang l) {
  write_bills_text(out, site, period, bills, report, l, {});
}

void write_bills_text(std::ostream& out, const site::site& site, const bill::billing_period& period,
                      const std::vector<site::tenant_bill>& bills, const site::site_report* report,
                      lang l, const std::vector<live_true_up>& live) {
  const int places = site.rule().places;
  const std::string currency = currency_name(l, site.currency());
  // Column widths of the readings: a Chinese register name with its English (zh-en) is wider.
  const std::size_t name_w = l == lang::en ? 10 : 14;
  const std::size_t component_w = l == lang::en ? 13 : l == lang::zh ? 16 : 26;
  const std::size_t register_w = l == lang::zh_en ? 10 : 8;
  out << say(l, term::bills_title, {site.name(), month_text(l, period.label()), currency}) << "\n";
  out << say(l, term::period_line,
             {time_text(l, period.window().begin()), time_text(l, period.window().end())})
      << "\n";
  const bool per_line = site.rule().scope == bill::rounding_scope::per_line;
  out << say(l, term::rounding_line,
             {rounding_text(l, site.rule().mode, site.rule().places, per_line),
              say(l, per_line ? term::rounded_lines : term::exact_lines)})
      << "\n";
  money site_total;
  std::size_t next_live = 0;  // `live` is in the order of `bills`
  for (const auto& b : bills) {
    out << "\n== " << b.tenant_id << "  " << b.tenant_name << " ==\n";
    out << number_text(b, l);
    out << say(l, term::tariff_line, {b.tariff_id}) << "\n";
    for (const auto& u : b.usages) {
      const bool water = site::is_water(site, u.meter_id);
      out << say(l, water ? term::water_meter_line : term::meter_line,
                 {u.meter_id, u.multiplier.to_string(0), time_text(l, u.from.time),
                  time_text(l, u.to.time)})
          << "\n";
      out << "  " << pad_word(l, say(l, term::col_register), name_w)
          << pad_columns_left(say(l, term::col_from), 16)
          << pad_columns_left(say(l, term::col_to), 16)
          << pad_columns_left(say(l, water ? term::col_used_m3 : term::col_used_kwh), 16) << "\n";
      // QUAL-1: a read that is not actual carries its mark ("est." / 估) next to it.
      const auto cell = [&b, &u, l](int reg, local_time t, const energy& v) {
        std::string text = bill::group_thousands(v.to_string(2));
        if (b.reads.empty()) return pad_left(std::move(text), 16);
        for (const auto* n : bill::notes_at(b.reads, u.meter_id, reg, t)) {
          text += " " + quality_mark(l, n->quality);
        }
        return pad_columns_left(std::move(text), 16);
      };
      auto row = [&out, &cell, &u, name_w, l](const std::string& name, int reg, const energy& a,
                                              const energy& z, const energy& used) {
        out << "  " << pad_word(l, name, name_w) << cell(reg, u.from.time, a)
            << cell(reg, u.to.time, z) << pad_left(bill::group_thousands(used.to_string(2)), 16)
            << "\n";
      };
      row(say(l, term::register_total), 0, u.from.total, u.to.total, u.total);
      for (int n = 1; n <= metering::max_rate_registers; ++n) {
        const auto used = u.rate(n);
        if (used) {
          const auto name = metering::register_name(n);
          row(l == lang::en ? "t" + std::to_string(n) + " " + name : register_label(l, name), n,
              *u.from.rate(n), *u.to.rate(n), *used);
        }
      }
      for (const auto& note : b.reads) {
        if (note.meter_id != u.meter_id || (note.time != u.from.time && note.time != u.to.time)) {
          continue;
        }
        out << read_note_text(l, note) << "\n";
      }
    }
    out << say(l, term::charges) << "\n";
    for (const auto& line : b.lines) {
      out << "  " << pad_word(l, component_name(l, line.component), component_w)
          << pad_right(meter_column(line), 8)
          << pad_word(l, register_label(l, line.register_name), register_w)
          << explanation_text(l, line.explanation) << line_quality_text(l, b, line) << "\n";
    }
    out << say(l, term::total_line, {money_text(b.total, places), currency}) << "\n";
    out << tax_text(b, places, l);
    out << documents_text(b, places, currency, component_w, l);
    if (!b.history.empty()) {
      out << say(l, term::earlier_months);
      for (const auto& h : b.history) {
        out << "  " << month_text(l, h.period) << " " << bill::group_thousands(h.kwh.to_string(2));
      }
      out << "\n";
    }
    if (b.account) out << account_text(*b.account, places, l);
    if (next_live < live.size() && live[next_live].tenant == b.tenant_id) {
      const auto& t = live[next_live++];
      out << say(l, term::live_line,
                 {month_text(l, period.label()), money_text(t.deducted, places),
                  money_text(t.true_up, places)})
          << "\n";
    }
    site_total += b.total;
  }
  out << "\n"
      << say(l, bills.size() == 1 ? term::site_total_one : term::site_total_many,
             {money_text(site_total, places), currency, std::to_string(bills.size())})
      << "\n";
  if (report != nullptr) {
    out << "\n";
    write_site_report_text(out, site, *report);
  }
  out.flush();
}

std::string bills_text(const site::site& site, const bill::billing_period& period,
                       const std::vector<site::tenant_bill>& bills, const site::site_report* report,
                       lang l) {
  return to_string_with(
      [&](std::ostream& out) { write_bills_text(out, site, period, bills, report, l); });
}

}  // namespace submeter::render
