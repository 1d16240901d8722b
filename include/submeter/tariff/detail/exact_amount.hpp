#pragma once
/// \file
/// Internal: settling an exact amount held as a 128-bit mantissa at any scale into a bill line,
/// rounding once from the exact value (NUM-2: intermediate values stay exact; round once).

#include <string>

#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/rounding.hpp"

namespace submeter::tariff::detail {

/// 10^n as a 128-bit integer.
[[nodiscard]] inline submeter::detail::int128 pow10_wide(int n) {
  return submeter::detail::pow10_128(n);
}

/// Sets `l.unrounded` (the exact value at 1e-10, half-up if finer) and `l.amount` (the exact
/// value `value` × 10^−scale rounded once by `l.rule` when it rounds per line), and appends
/// " = <amount>" to the explanation.
inline void settle(bill::line& l, const submeter::detail::int128& value, int scale) {
  using submeter::detail::divide_rounded;
  using submeter::detail::int128;
  using submeter::detail::narrow;
  constexpr int s = bill::exact_money::scale;
  const int128 at_s = scale <= s
                          ? int128(value * pow10_wide(s - scale))
                          : divide_rounded<int128>(value, pow10_wide(scale - s), rounding::half_up);
  l.unrounded = bill::exact_money::from_mantissa(narrow(at_s, "line amount"));
  if (l.rule.scope == bill::rounding_scope::per_line && l.rule.places < scale) {
    const int128 q = divide_rounded<int128>(value, pow10_wide(scale - l.rule.places), l.rule.mode);
    l.amount = bill::exact_money::from_mantissa(
        narrow(int128(q * pow10_wide(s - l.rule.places)), "line amount"));
  } else {
    l.amount = l.unrounded;
  }
  l.explanation += " = " + bill::group_thousands(l.amount.to_string(l.rule.places));
}

}  // namespace submeter::tariff::detail
