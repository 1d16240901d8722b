#pragma once
/// \file
/// The invoice numbers (发票号) recorded against issued bills (issue 22 #9): `invoices.json` in a
/// site directory, written by `submeter invoice` and read by `submeter bill`, which prints each
/// beside its bill's number (docs/formats.md "invoices.json"):
///
/// ```json
/// {"format": "submeter-invoices-v1",
///  "invoices": [{"bill": "XR-202607-0001", "invoice": "26442000000012345678"}]}
/// ```

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace submeter::io {

/// Bill number → invoice number.
using invoice_numbers = std::map<std::string, std::string>;

/// Refuses (errc::invalid_argument) an invoice number that is not 1..40 characters of A-Z a-z
/// 0-9 and '-', naming `path` and the text.
void check_invoice_number(std::string_view text, const std::string& path);

/// Reads an invoices document. Refuses (submeter::error naming the path): another format
/// (errc::unsupported); a missing, mistyped or unknown field (errc::parse); an invoice number
/// check_invoice_number refuses, or a bill number that is not 1..64 characters of A-Z a-z 0-9,
/// '-' and '_' (errc::invalid_argument); a bill given twice (errc::duplicate).
[[nodiscard]] invoice_numbers invoices_from_json(const nlohmann::json& doc);

/// The invoices of site directory `dir` (`dir`/invoices.json, read_json then invoices_from_json,
/// naming the file in any error); empty when the file does not exist.
[[nodiscard]] invoice_numbers load_invoices(const std::filesystem::path& dir);

/// The invoices document of `invoices` (bills in order), as load_invoices reads it.
[[nodiscard]] std::string invoices_text(const invoice_numbers& invoices);

}  // namespace submeter::io
