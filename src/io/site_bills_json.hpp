#pragma once
/// \file
/// Internal to submeter_io: the fields of site.json format v2 for issued bills (issue 22 #8,
/// #9, #5; docs/formats.md "Format v2"): `bill_numbers`, `tax` and `payment_bills`.

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

#include "submeter/site/site.hpp"

namespace submeter::io {

/// Reads `bill_numbers`, `tax` and `payment_bills` of a v2 site document into `out.issue`.
/// Refuses (errc::parse a mistyped or missing field, errc::invalid_argument a bad value or a
/// component that cannot go on a payment bill, errc::duplicate a rate or component given twice,
/// errc::not_found a tenant `is_tenant` does not know, errc::inconsistent tax lines or payment
/// bills on a site that rounds only its totals), naming `file`, the JSON path and the field.
void parse_site_bills_v2(const nlohmann::json& doc, const std::string& file, site::site_parts& out,
                         const std::function<bool(const std::string&)>& is_tenant);

}  // namespace submeter::io
