// Bills as CSV, one row per bill line (render.hpp).
#include <ostream>
#include <string>

#include "render/detail.hpp"
#include "render/render.hpp"

namespace submeter::render {

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
  return detail::to_string_with([&](std::ostream& out) { write_bills_csv(out, period, bills); });
}

}  // namespace submeter::render
