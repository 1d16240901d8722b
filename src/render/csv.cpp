// Bills as CSV, one row per bill line (render.hpp).
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>

#include "render/detail.hpp"
#include "render/lang.hpp"
#include "render/render.hpp"

namespace submeter::render {

namespace {

// A text cell a spreadsheet would run as a formula: one starting with '=', '+', '-', '@', a tab
// or a carriage return (OWASP "CSV Injection").
bool formula_like(const std::string& text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

// Appends one cell, quoted per RFC 4180 when it holds a comma, quote or line break. A `text` cell
// (an id, a name, an explanation: anything from the input) that looks like a formula is prefixed
// with "'" (issue 16 #6), so "=HYPERLINK(…)" stays text; numbers and times are written as they are
// ("-494.45" is a number).
void append_csv_field(std::string& out, const std::string& value, bool text) {
  const bool guard = text && formula_like(value);
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    if (guard) out += '\'';
    out += value;
    return;
  }
  out += '"';
  if (guard) out += '\'';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

void write_bills_csv(std::ostream& out, const bill::billing_period& period,
                     const std::vector<site::tenant_bill>& bills, lang language) {
  constexpr std::size_t block = std::size_t{1} << 20;  // as json_writer's
  // A Chinese file starts with a UTF-8 byte order mark: Excel reads a CSV file without one in the
  // system's code page (GBK on a Chinese Windows), which garbles every Chinese cell.
  // BN-1: a site that numbers its bills gets two more columns, bill_number and invoice.
  bool numbered = false;
  for (const auto& b : bills) numbered = numbered || !b.number.empty();
  std::string buf = (language == lang::en ? "" : "\xEF\xBB\xBF") + csv_header(language) +
                    (numbered ? csv_number_columns(language) : std::string()) + "\r\n";
  buf.reserve(block + block / 4);
  const std::string label = period.label();
  for (const auto& b : bills) {
    for (const auto& l : b.lines) {
      const std::string row[] = {
          b.tenant_id,
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
          explanation_text(language, l.explanation) + line_quality_text(language, b, l, true)};
      // Which columns hold text (the rest are numbers, times and the period).
      constexpr bool is_text[] = {true,  false, true,  true,  true, false, true,
                                  false, true,  false, false, true, false, true,
                                  false, true,  false, false, true};
      static_assert(std::size(is_text) == std::size(row));
      for (std::size_t i = 0; i < std::size(row); ++i) {
        if (i != 0) buf += ',';
        append_csv_field(buf, row[i], is_text[i]);
      }
      if (numbered) {
        buf += ',';
        append_csv_field(buf, b.number, true);
        buf += ',';
        append_csv_field(buf, b.invoice, true);
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
                      const std::vector<site::tenant_bill>& bills, lang l) {
  return detail::to_string_with([&](std::ostream& out) { write_bills_csv(out, period, bills, l); });
}

}  // namespace submeter::render
