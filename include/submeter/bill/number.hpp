#pragma once
/// \file
/// bill::numbering: the numbers of issued bills (issue 22 #9), and the external invoice number
/// (发票号) a platform records against a bill later.
///
/// BN-1 (the rule): the bills of one site for one period form a series; the k-th bill of the
/// series, in the order the site run issues them (the site file's tenant order, tenants not
/// billed in the period left out), is number k. A number reads `<prefix>-<series>-<k>`, k padded
/// with zeros to `digits`: "XR-202607-0001" for July 2026, "XR-20260710-20260721-0001" for a
/// range billed with --from/--to (series_of). Gapless: the numbers of a series are exactly
/// 1..n, n the bills issued, because every bill issued gets the next one and nothing else takes
/// one. Stable: they are a function of the site file and the period, so billing the same period
/// again gives each tenant's bill the same number, in any process, on any machine, with no
/// store to consult; a tenant appended to the site file takes n+1 and leaves the others alone.
/// What renumbers a series is a change to the tenants billed before another in it (a tenant
/// inserted or removed in the middle of the list): `submeter bill --dry-run --against` names
/// every number that would change (bill/compare.hpp) before such a series is issued again.

#include <cstddef>
#include <string>
#include <string_view>

#include "submeter/core/error.hpp"

namespace submeter::bill {

/// How a site numbers its bills (site file v2 `bill_numbers`).
struct numbering {
  /// Letters, digits, '-' or '_' before the series ("XR"); may be empty (no prefix, no dash).
  std::string prefix;
  /// At least this many digits in k (1..9), zero-padded: 4 gives "0001".
  int digits = 4;

  /// Refuses (errc::invalid_argument) a prefix of more than 16 characters or with another
  /// character than A-Z a-z 0-9 - _, and digits outside 1..9, naming the value.
  [[nodiscard]] static numbering make(std::string prefix, int digits) {
    if (prefix.size() > 16) {
      throw error(errc::invalid_argument, "a bill number prefix is at most 16 characters",
                  {{"prefix", prefix}});
    }
    for (const char c : prefix) {
      const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
      if (!ok) {
        throw error(errc::invalid_argument,
                    "a bill number prefix holds letters, digits, '-' and '_' only",
                    {{"prefix", prefix}});
      }
    }
    if (digits < 1 || digits > 9) {
      throw error(errc::invalid_argument, "bill number digits must be within 1..9",
                  {{"digits", std::to_string(digits)}});
    }
    return numbering{std::move(prefix), digits};
  }
};

/// BN-1: the series of a period label: its digits, "2026-07" → "202607"; a range label
/// "2026-07-10..2026-07-21" → "20260710-20260721" (the dots become one dash).
[[nodiscard]] inline std::string series_of(std::string_view period_label) {
  std::string out;
  for (std::size_t i = 0; i < period_label.size(); ++i) {
    const char c = period_label[i];
    if (c >= '0' && c <= '9') {
      out += c;
    } else if (c == '.' && (out.empty() || out.back() != '-')) {
      out += '-';
    }
  }
  return out;
}

/// BN-1: number `k` (1-based) of the series of `period_label`: "XR-202607-0001". Refuses
/// (errc::invalid_argument) k == 0.
[[nodiscard]] inline std::string bill_number(const numbering& n, std::string_view period_label,
                                             std::size_t k) {
  if (k == 0) {
    throw error(errc::invalid_argument, "bill numbers start at 1", {{"k", "0"}});
  }
  std::string digits = std::to_string(k);
  if (digits.size() < static_cast<std::size_t>(n.digits)) {
    digits.insert(0, static_cast<std::size_t>(n.digits) - digits.size(), '0');
  }
  std::string out = n.prefix;
  if (!out.empty()) out += '-';
  return out + series_of(period_label) + "-" + digits;
}

}  // namespace submeter::bill
