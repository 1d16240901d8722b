#include "render/html.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "render/detail.hpp"
#include "render/render.hpp"
#include "submeter/bill/payment_bill.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time_text.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::render {

namespace {

// The shipped template, compiled in (src/render/CMakeLists.txt generates it from the file).
#include "bill_template.inc"

std::string td(const std::string& text, bool number = false) {
  return std::string(number ? "<td class=\"n\">" : "<td>") + html_escape(text) + "</td>";
}

std::string kwh_text(energy e) { return bill::group_thousands(e.to_string(2)); }

// An id as an error shows it: control bytes, DEL and '\' as \xNN, at most about 80 bytes of it
// (cut before a character, not inside one).
std::string shown(std::string_view text) {
  std::size_t most = 80;
  if (text.size() > most) {
    while (most > 0 && (static_cast<unsigned char>(text[most]) & 0xc0) == 0x80) --most;
  }
  std::string out;
  for (const char c : text.substr(0, most)) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f || b == '\\') {
      constexpr std::string_view hex = "0123456789abcdef";
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 0xf];
    } else {
      out += c;
    }
  }
  if (text.size() > most) out += "...";
  return out;
}

// The longest file name Linux, macOS and Windows file systems take, in bytes (NAME_MAX).
constexpr std::size_t longest_file_name = 255;

}  // namespace

std::string_view default_bill_template() noexcept { return bill_template; }

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string bill_file_name(std::string_view tenant_id, const bill::billing_period& period) {
  const auto refuse = [&](const char* why) {
    return error(errc::invalid_argument, "a tenant id that cannot name a file",
                 {{"tenant", shown(tenant_id)}, {"reason", why}});
  };
  if (tenant_id.empty()) throw refuse("empty");
  if (tenant_id.front() == '.') throw refuse("starts with '.'");
  for (const char c : tenant_id) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\') throw refuse("holds a path separator");
    if (b < 0x20 || b == 0x7f) throw refuse("holds a control character");
  }
  std::string name = std::string(tenant_id) + "-" + period.label() + ".html";
  if (name.size() > longest_file_name) throw refuse("longer than a file name can be");
  return name;
}

void check_distinct_files(const std::vector<output_file>& files) {
  const auto folded = [](std::string name) {
    for (auto& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return name;
  };
  std::map<std::string, const output_file*> seen;
  for (const auto& f : files) {
    const auto [at, fresh] = seen.emplace(folded(f.name), &f);
    if (!fresh) {
      throw error(errc::duplicate, "two tenants would share one file (names differ only in case)",
                  {{"output", shown(f.name)},
                   {"tenant", shown(at->second->owner)},
                   {"other", shown(f.owner)}});
    }
  }
}

std::string register_chart_svg(const bill::bill& b, lang l) {
  std::array<energy, metering::max_rate_registers + 1> used{};
  bool any_rate = false;
  for (const auto& u : b.usages) {
    used[0] += u.total;
    for (int n = 1; n <= metering::max_rate_registers; ++n) {
      if (const auto v = u.rate(n)) {
        used[static_cast<std::size_t>(n)] += *v;
        any_rate = true;
      }
    }
  }
  std::vector<std::pair<std::string, energy>> bars;
  if (any_rate) {
    for (int n = 1; n <= metering::max_rate_registers; ++n) {
      if (!used[static_cast<std::size_t>(n)].is_zero())
        bars.emplace_back(register_label(l, metering::register_name(n)),
                          used[static_cast<std::size_t>(n)]);
    }
  } else {
    bars.emplace_back(say(l, term::register_total), used[0]);
  }
  energy top;
  for (const auto& [name, e] : bars) top = std::max(top, e);
  constexpr int width = 300, bar_h = 18, gap = 6, label_w = 80, value_w = 80;
  const int height = static_cast<int>(bars.size()) * (bar_h + gap) + gap;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(width + label_w + value_w) + "\" height=\"" +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"use by rate register\">";
  int y = gap;
  for (const auto& [name, e] : bars) {
    // Bar length in whole pixels, exactly: e ÷ top × width, rounded half-up, in 128 bits (a
    // register above 1.5e12 kWh overflows 64: issue 16 #7); a negative use draws no bar.
    const auto wide = [](std::int64_t m) { return submeter::detail::int128(m); };
    const std::int64_t w =
        top.is_zero() || e.mantissa() <= 0
            ? 0
            : static_cast<std::int64_t>((wide(e.mantissa()) * 2 * width + wide(top.mantissa())) /
                                        (wide(top.mantissa()) * 2));
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 13) + "\" font-size=\"11\">" +
           html_escape(name) + "</text>";
    svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(w) + "\" height=\"" + std::to_string(bar_h) + "\" fill=\"#3a6ea5\"/>";
    svg += "<text x=\"" + std::to_string(label_w + static_cast<int>(w) + 4) + "\" y=\"" +
           std::to_string(y + 13) + "\" font-size=\"11\">" + html_escape(kwh_text(e)) + "</text>";
    y += bar_h + gap;
  }
  svg += "</svg>";
  return svg;
}

std::string bill_html(const site::site& site, const bill::billing_period& period,
                      const site::tenant_bill& b, const std::vector<month_summary>& history,
                      std::string_view tmpl, lang l) {
  const int places = site.rule().places;
  std::string meters;
  for (const auto& u : b.usages) {
    // QUAL-1: a read that is not actual carries its mark ("est." / 估) next to it.
    const auto cell = [&](int reg, local_time t, energy v) {
      std::string text = kwh_text(v);
      for (const auto* n : bill::notes_at(b.reads, u.meter_id, reg, t)) {
        text += " " + quality_mark(l, n->quality);
      }
      return td(text, true);
    };
    const auto row = [&](const std::string& reg, int n, energy from, energy to, energy used) {
      meters += "<tr>" + td(u.meter_id) + td(register_label(l, reg)) + cell(n, u.from.time, from) +
                cell(n, u.to.time, to) + td(u.multiplier.to_string(0), true) +
                td(kwh_text(used), true) + "</tr>";
    };
    row(site::is_water(site, u.meter_id) ? say(l, term::html_water_m3) : "total", 0, u.from.total,
        u.to.total, u.total);
    for (int n = 1; n <= metering::max_rate_registers; ++n) {
      if (const auto v = u.rate(n))
        row(metering::register_name(n), n, *u.from.rate(n), *u.to.rate(n), *v);
    }
    for (const auto& note : b.reads) {
      if (note.meter_id != u.meter_id || (note.time != u.from.time && note.time != u.to.time)) {
        continue;
      }
      meters += "<tr class=\"quality\"><td colspan=\"6\" class=\"muted\">" +
                html_escape(read_note_text(l, note).substr(2)) + "</td></tr>";
    }
  }
  // The chart shows electricity only.
  bill::bill electricity = b;  // the bill without its account
  electricity.usages.erase(std::remove_if(electricity.usages.begin(), electricity.usages.end(),
                                          [&](const metering::register_usage& u) {
                                            return site::is_water(site, u.meter_id);
                                          }),
                           electricity.usages.end());
  std::string account;
  if (b.account) {
    const auto& a = *b.account;
    const auto m = [&](const money& x) { return bill::group_thousands(x.to_string(places)); };
    const std::string level(account_level_text(a.mode, a.level, a.closed));
    account = "<div class=\"account level-" + html_escape(level) + "\"><h2>" +
              html_escape(say(l, term::html_account, {mode_name(l, a.mode)})) + "</h2><table><tr>" +
              td(say(l, term::html_opening)) + td(m(a.opening_balance), true) +
              td(say(l, term::html_recharged)) + td(m(a.recharged), true) +
              td(say(l, term::html_this_bill)) + td(m(a.charged), true) +
              td(say(l, term::html_balance)) + td(m(a.balance), true) + "</tr></table><div>" +
              html_escape(say(l, term::html_level)) + " <strong>" +
              html_escape(level_name(l, level)) + "</strong>";
    if (!a.arrears.is_zero()) account += html_escape(say(l, term::html_arrears, {m(a.arrears)}));
    if (a.closed) account += html_escape(say(l, term::html_refunded, {m(a.refunded)}));
    account +=
        html_escape(say(l, term::html_relay)) +
        (a.cut ? "<strong>" + html_escape(say(l, term::html_cut_now)) + "</strong>"
               : html_escape(say(l, a.relay_closed ? term::relay_closed : term::relay_open)));
    account += "</div>";
    for (const auto& n : a.notices) {
      account += "<div class=\"muted\">" + html_escape(level_name(l, n)) + "</div>";
    }
    account += "</div>";
  }
  std::string lines;
  for (const auto& line : b.lines) {
    lines += "<tr>" + td(component_name(l, line.component)) + td(meter_column(line)) +
             td(register_label(l, line.register_name)) + "<td class=\"x\">" +
             html_escape(explanation_text(l, line.explanation) + line_quality_text(l, b, line)) +
             "</td>" + td(bill::group_thousands(line.amount.to_string(places)), true) + "</tr>";
  }
  std::string past;
  std::vector<month_summary> from_bill;  // the bill's own history (kWh) when none was given
  for (const auto& h : b.history) from_bill.push_back({h.period, h.kwh, std::nullopt});
  for (const auto& h : history.empty() ? from_bill : history) {
    past += "<tr>" + td(month_text(l, h.label)) + td(kwh_text(h.kwh), true) +
            td(h.amount ? bill::group_thousands(h.amount->to_string(places)) : "—", true) + "</tr>";
  }
  if (past.empty()) {
    past = "<tr><td colspan=\"3\" class=\"muted\">" + html_escape(say(l, term::html_no_history)) +
           "</td></tr>";
  }
  // BN-1: the bill's number (and invoice number), when it has one; empty otherwise.
  std::string number;
  if (!b.number.empty()) {
    number = "<div class=\"number\">" +
             html_escape(say(l, term::bill_number_line, {b.number}) +
                         (b.invoice.empty() ? "" : say(l, term::invoice_part, {b.invoice}))) +
             "</div>";
  }
  // VAT-1..VAT-3: the net and VAT inside the total, one row per class, when the bill has them.
  std::string tax;
  if (b.tax) {
    const auto m = [places](const money& v) { return bill::group_thousands(v.to_string(places)); };
    tax = "<div class=\"tax\"><div>" +
          html_escape(
              say(l, term::tax_title,
                  {say(l, b.tax->point == bill::tax_rounding::per_bill ? term::tax_per_bill
                                                                       : term::tax_per_line)})) +
          "</div>";
    for (const auto& p : b.tax->parts) {
      tax += "<div>" +
             html_escape(say(l, term::tax_part_line,
                             {tax_class_name(l, p.what), detail::percent_text(p.rate), m(p.net),
                              m(p.vat), m(p.gross)})) +
             "</div>";
    }
    if (!b.tax->not_split.is_zero()) {
      tax += "<div>" + html_escape(say(l, term::tax_not_split, {m(b.tax->not_split)})) + "</div>";
    }
    tax += "<div>" +
           html_escape(say(l, term::tax_sum_line,
                           {m(b.tax->net + b.tax->not_split), m(b.tax->vat), m(b.total)})) +
           "</div></div>";
  }
  // PAY-1..PAY-5: each payment bill and credit note with its lines, then the rest of the bill
  // (deducted from a prepaid balance, or due with the bill); empty for a bill without documents.
  std::string documents;
  if (!b.documents.empty()) {
    const auto m = [places](const money& v) { return bill::group_thousands(v.to_string(places)); };
    const auto day = [](local_time t) { return local_time_text(t).substr(0, 10); };
    const std::string cur = currency_name(l, site.currency());
    documents = "<div class=\"documents\">";
    for (const auto& d : b.documents) {
      documents += "<h2>" +
                   html_escape(d.kind == bill::document_kind::payment_bill
                                   ? say(l, term::payment_bill_title,
                                         {d.number, day(d.issued), day(d.due), m(d.total), cur})
                                   : say(l, term::credit_note_title,
                                         {d.number, day(d.issued), m(d.total), cur})) +
                   "</h2><table>";
      for (const auto& line : d.lines) {
        documents += "<tr>" + td(component_name(l, line.component)) + td(meter_column(line)) +
                     td(m(rescale<money>(line.amount, rounding::half_up)), true) + "</tr>";
      }
      documents += "</table>";
    }
    const bool prepaid = b.account && b.account->mode == ledger::account_mode::prepaid;
    documents += "<div class=\"deducted\">" +
                 html_escape(say(l, prepaid ? term::deducted_line : term::due_with_bill_line,
                                 {m(bill::deducted_part(b.total, b.documents)), cur})) +
                 "</div></div>";
  }
  const auto rounding =
      rounding_text(l, b.rule.mode, b.rule.places, b.rule.scope == bill::rounding_scope::per_line);
  const std::string currency = currency_name(l, site.currency());
  const auto label = [l](term t) { return html_escape(say(l, t)); };
  const std::map<std::string, std::string, std::less<>> values = {
      {"site", html_escape(site.name())},
      {"period", html_escape(month_text(l, period.label()))},
      {"period_from", html_escape(time_text(l, period.window().begin()))},
      {"period_to", html_escape(time_text(l, period.window().end()))},
      {"tenant_id", html_escape(b.tenant_id)},
      {"tenant_name", html_escape(b.tenant_name)},
      {"tariff", html_escape(b.tariff_id)},
      {"rounding", html_escape(rounding)},
      {"currency", html_escape(currency)},
      {"total", html_escape(bill::group_thousands(b.total.to_string(places)))},
      {"meter_rows", meters},
      {"line_rows", lines},
      {"history_rows", past},
      {"chart_svg", register_chart_svg(electricity, l)},
      {"account", account},
      {"bill_number", number},
      {"tax", tax},
      {"documents", documents},
      {"version", SUBMETER_RENDER_VERSION},
      // The template's own words (docs/bills-html.md), from the catalogue.
      {"label.heading", label(term::html_heading)},
      {"label.tariff_line", html_escape(say(l, term::html_tariff, {b.tariff_id, rounding}))},
      {"label.meters", label(term::html_meters)},
      {"label.meter", label(term::html_meter)},
      {"label.register", label(term::col_register)},
      {"label.from", label(term::col_from)},
      {"label.to", label(term::col_to)},
      {"label.multiplier", label(term::html_multiplier)},
      {"label.used_kwh", label(term::html_used_kwh)},
      {"label.charges", label(term::html_charges)},
      {"label.charge", label(term::html_charge)},
      {"label.explanation", label(term::html_explanation)},
      {"label.amount", label(term::html_amount)},
      {"label.total", label(term::html_total)},
      {"label.chart", label(term::html_chart)},
      {"label.previous", label(term::html_previous)},
      {"label.month", label(term::html_month)},
      {"label.kwh", label(term::html_kwh)},
      {"label.footer", html_escape(say(l, term::html_footer, {SUBMETER_RENDER_VERSION}))},
  };
  std::string out;
  out.reserve(tmpl.size() + meters.size() + lines.size() + 4096);
  std::size_t at = 0;
  while (true) {
    const auto open = tmpl.find("{{", at);
    if (open == std::string_view::npos) {
      out.append(tmpl.substr(at));
      break;
    }
    const auto close = tmpl.find("}}", open + 2);
    if (close == std::string_view::npos) {
      throw error(errc::parse, "an unclosed {{ in the bill template",
                  {{"offset", std::to_string(open)}});
    }
    const auto name = tmpl.substr(open + 2, close - open - 2);
    const auto it = values.find(name);
    if (it == values.end()) {
      throw error(errc::parse, "an unknown placeholder in the bill template",
                  {{"placeholder", std::string(name)}});
    }
    out.append(tmpl.substr(at, open - at)).append(it->second);
    at = close + 2;
  }
  return out;
}

}  // namespace submeter::render
