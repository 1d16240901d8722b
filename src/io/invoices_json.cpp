// invoices.json: the invoice numbers recorded against issued bills (invoices_json.hpp).
#include "io/invoices_json.hpp"

#include <set>
#include <string>
#include <system_error>
#include <utility>

#include "io/echo.hpp"
#include "io/json_fields.hpp"
#include "io/read_json.hpp"
#include "submeter/core/error.hpp"

namespace submeter::io {
namespace {

bool number_char(char c, bool underscore) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         (underscore && c == '_');
}

void check_bill_number(std::string_view text, const std::string& path) {
  bool ok = !text.empty() && text.size() <= 64;
  for (const char c : text) ok = ok && number_char(c, true);
  if (!ok) {
    throw error(errc::invalid_argument,
                "not a bill number (1..64 characters: letters, digits, '-' and '_')",
                {{"path", path}, {"text", echo(text)}});
  }
}

}  // namespace

void check_invoice_number(std::string_view text, const std::string& path) {
  bool ok = !text.empty() && text.size() <= 40;
  for (const char c : text) ok = ok && number_char(c, false);
  if (!ok) {
    throw error(errc::invalid_argument,
                "not an invoice number (1..40 characters: letters, digits and '-')",
                {{"path", path}, {"text", echo(text)}});
  }
}

invoice_numbers invoices_from_json(const nlohmann::json& doc) {
  if (!doc.is_object() || !doc.contains("format") || !doc.at("format").is_string() ||
      doc.at("format").get_ref<const std::string&>() != "submeter-invoices-v1") {
    throw error(errc::unsupported, "not a submeter-invoices-v1 document",
                {{"path", "format"},
                 {"format", doc.is_object() && doc.contains("format") ? describe(doc.at("format"))
                                                                      : std::string()}});
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "format" && it.key() != "invoices") {
      throw error(errc::parse, "unknown key", {{"path", detail::key_path("", it.key())}});
    }
  }
  invoice_numbers out;
  const auto& list = detail::as_array(detail::require(doc, "invoices", ""), "invoices");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "invoices[" + std::to_string(i) + "]";
    const auto& j = detail::as_object(list[i], path);
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() != "bill" && it.key() != "invoice") {
        throw error(errc::parse, "unknown key", {{"path", detail::key_path(path, it.key())}});
      }
    }
    const auto& bill = detail::as_string(detail::require(j, "bill", path), path + ".bill");
    check_bill_number(bill, path + ".bill");
    const auto& invoice =
        detail::as_string(detail::require(j, "invoice", path), path + ".invoice");
    check_invoice_number(invoice, path + ".invoice");
    if (!out.emplace(bill, invoice).second) {
      throw error(errc::duplicate, "a bill is given twice", {{"path", path + ".bill"}, {"bill", bill}});
    }
  }
  return out;
}

invoice_numbers load_invoices(const std::filesystem::path& dir) {
  const auto file = dir / "invoices.json";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return {};
  return read_json(file, [](const nlohmann::json& doc) { return invoices_from_json(doc); });
}

std::string invoices_text(const invoice_numbers& invoices) {
  nlohmann::ordered_json doc;
  doc["format"] = "submeter-invoices-v1";
  doc["invoices"] = nlohmann::ordered_json::array();
  for (const auto& [bill, invoice] : invoices) {
    doc["invoices"].push_back({{"bill", bill}, {"invoice", invoice}});
  }
  return doc.dump(2) + "\n";
}

}  // namespace submeter::io
