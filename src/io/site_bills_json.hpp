#pragma once
/// \file
/// Internal to submeter_io: the fields of site.json format v2 for issued bills (issue 22 #8,
/// #9; docs/formats.md "Format v2"): `bill_numbers` and `tax`.

#include <nlohmann/json.hpp>

#include <string>

#include "submeter/site/site.hpp"

namespace submeter::io {

/// Reads `bill_numbers` and `tax` of a v2 site document into `out.issue`. Refuses (errc::parse a
/// mistyped or missing field, errc::invalid_argument a bad value, errc::duplicate a rate given
/// twice, errc::inconsistent tax lines on a site that rounds only its totals), naming `file`, the
/// JSON path and the field.
void parse_site_bills_v2(const nlohmann::json& doc, const std::string& file,
                         site::site_parts& out);

}  // namespace submeter::io
