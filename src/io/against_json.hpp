#pragma once
/// \file
/// The issued bills a dry run compares against (`submeter bill --dry-run --against FILE`, issue
/// 22 #10): a `submeter-bills-v0` document as `bill --format json` writes it, read into
/// bill::compared_bill (bill/compare.hpp). Every amount is read back exactly from its decimal
/// string. Errors name the path in the document; load_against names the file first.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "submeter/bill/compare.hpp"

namespace submeter::io {

/// Reads the bills of an issued-bills document for the period labelled `period_label`. Refuses
/// (submeter::error, with the path): a document that is not bills (errc::unsupported: another or
/// no `format`); bills of another period (errc::inconsistent, path period.label, naming both);
/// a missing or mistyped field (errc::parse); a register outside 0..8, a tier outside 0..1000
/// (errc::parse); an id, name or decimal out of range (errc::invalid_argument); a tenant given
/// twice (errc::duplicate); a window that does not go forward (errc::out_of_order).
[[nodiscard]] std::vector<bill::compared_bill> against_bills_from_json(
    const nlohmann::json& doc, const std::string& period_label);

/// read_json(file) then against_bills_from_json, naming the file first in any error.
[[nodiscard]] std::vector<bill::compared_bill> load_against(const std::filesystem::path& file,
                                                            const std::string& period_label);

}  // namespace submeter::io
