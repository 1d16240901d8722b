#pragma once
/// \file
/// Rounding policies, and the one integer routine every lossy operation goes through.
///
/// NUM-2 (rules.md): "half-up" means ties go away from zero (−15.025 → −15.03). Anything lossy in
/// submeter takes a `rounding` argument; there is no default, so a call without one does not
/// compile.

#include <string_view>

namespace submeter {

/// How a value that falls between two representable values is resolved.
enum class rounding {
  half_up,      ///< 四舍五入: nearest, ties away from zero (2.5 → 3, −2.5 → −3)
  half_even,    ///< nearest, ties to the even neighbour (2.5 → 2, 3.5 → 4): banker's rounding
  toward_zero,  ///< truncate (2.9 → 2, −2.9 → −2)
  floor,        ///< toward −∞ (−2.1 → −3)
  ceil,         ///< toward +∞ (2.1 → 3)
};

/// The policy's name as printed on bills and accepted in files: "half_up", "half_even", …
[[nodiscard]] constexpr std::string_view to_string(rounding mode) noexcept {
  switch (mode) {
    case rounding::half_up:
      return "half_up";
    case rounding::half_even:
      return "half_even";
    case rounding::toward_zero:
      return "toward_zero";
    case rounding::floor:
      return "floor";
    case rounding::ceil:
      return "ceil";
  }
  return "unknown";
}

namespace detail {

/// Adjusts a truncated quotient `q` (rounded toward zero) by one unit where the policy says so.
/// `negative`: the exact value is below zero. `half`: −1 when the discarded part is below half a
/// unit, 0 when exactly half, +1 above. `inexact`: anything was discarded at all.
/// Returns −1, 0 or +1: the step to add to q.
[[nodiscard]] constexpr int rounding_step(bool q_is_odd, bool negative, int half, bool inexact,
                                          rounding mode) noexcept {
  if (!inexact) return 0;
  const int away = negative ? -1 : 1;
  switch (mode) {
    case rounding::toward_zero:
      return 0;
    case rounding::floor:
      return negative ? -1 : 0;
    case rounding::ceil:
      return negative ? 0 : 1;
    case rounding::half_up:
      return half >= 0 ? away : 0;
    case rounding::half_even:
      if (half > 0) return away;
      if (half < 0) return 0;
      return q_is_odd ? away : 0;
  }
  return 0;
}

/// n / d rounded by `mode`, for any signed integer type with C++ truncating division
/// (int64_t, boost::multiprecision::checked_int128_t). Precondition: d != 0.
template <class Int>
[[nodiscard]] constexpr Int divide_rounded(const Int& n, const Int& d, rounding mode) {
  const Int q = n / d;
  const Int r = n % d;
  if (r == 0) return q;
  const bool negative = (n < 0) != (d < 0);
  const Int abs_r = r < 0 ? Int(-r) : r;
  const Int abs_d = d < 0 ? Int(-d) : d;
  const Int rest = abs_d - abs_r;  // compare 2|r| with |d| without doubling
  const int half = abs_r < rest ? -1 : (abs_r == rest ? 0 : 1);
  const bool odd = (q % 2) != 0;
  const int step = rounding_step(odd, negative, half, true, mode);
  return step == 0 ? q : (step > 0 ? Int(q + 1) : Int(q - 1));
}

}  // namespace detail
}  // namespace submeter
