#pragma once
/// \file
/// Largest-remainder split of an amount by weights (ALLOC-LR, rules.md §0).
///
/// Floor each exact share to the unit of account; hand the units left over, one each, to the
/// shares with the largest remainders; ties go to the earlier item in the caller's order (the
/// order is the tie-break key: sort the weights by your key first). Shares are compared as exact
/// rationals, so a tie is detected as a tie. A negative amount is split by magnitude and the sign
/// restored. The parts always add up to the total exactly.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"

namespace submeter {

namespace detail {

/// 256-bit checked integer: the weights of a combined (mixture) split are exact rationals brought
/// to a common denominator, which can exceed 128 bits.
using int256 = boost::multiprecision::checked_int256_t;
/// 512-bit checked integer: a 256-bit weight times a 64-bit count of units.
using int512 = boost::multiprecision::checked_int512_t;

template <class W>
inline constexpr bool is_wide_weight_v = std::is_same_v<W, int128> || std::is_same_v<W, int256>;

template <class W>
[[nodiscard]] constexpr auto weight_mantissa(const W& w) noexcept {
  if constexpr (is_decimal_v<W>) {
    return w.mantissa();
  } else if constexpr (is_wide_weight_v<W>) {
    return w;
  } else {
    static_assert(std::is_integral_v<W>, "split weights must be decimals or integers");
    return static_cast<std::int64_t>(w);
  }
}

}  // namespace detail

/// Splits `total` into weights.size() parts proportional to `weights`, each a multiple of `unit`
/// (e.g. money::parse("0.01") for the fen), by largest remainder. Weights are decimals of one
/// type (energy, area, ratio…), integers (headcount), or 128/256-bit integers (detail::int128,
/// detail::int256: exact combined weights of a mixture, allocation/share.hpp); only their ratios
/// matter.
/// Refuses (submeter::error, errc::invalid_argument): no weights; a negative weight; all weights
/// zero while the total is not zero; a unit <= 0; a total that is not a whole number of units.
template <class D, int S, class Weights>
[[nodiscard]] std::vector<decimal<D, S>> split(decimal<D, S> total, const Weights& weights,
                                               decimal<D, S> unit) {
  using value = decimal<D, S>;
  using weight_type = std::decay_t<decltype(weights[0])>;
  // 128 bits hold a 64-bit count of units times a 64-bit weight; wider weights need 512.
  using wide =
      std::conditional_t<detail::is_wide_weight_v<weight_type>, detail::int512, detail::int128>;
  const std::size_t n = weights.size();
  if (n == 0)
    throw error(errc::invalid_argument, "split: no weights", {{"total", total.to_string()}});
  if (unit.mantissa() <= 0) {
    throw error(errc::invalid_argument, "split: the unit must be positive",
                {{"unit", unit.to_string()}});
  }
  if (total.mantissa() % unit.mantissa() != 0) {
    throw error(errc::invalid_argument, "split: the total is not a whole number of units",
                {{"total", total.to_string()}, {"unit", unit.to_string()}});
  }
  wide weight_sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = detail::weight_mantissa(weights[i]);
    if (w < 0) {
      std::string text;
      if constexpr (detail::is_wide_weight_v<weight_type>) {
        text = w.str();
      } else {
        text = std::to_string(w);
      }
      throw error(errc::invalid_argument, "split: negative weight",
                  {{"index", std::to_string(i)}, {"weight", text}});
    }
    weight_sum += w;
  }
  std::vector<value> parts(n);
  if (total.is_zero()) return parts;
  if (weight_sum == 0) {
    throw error(errc::invalid_argument, "split: all weights are zero",
                {{"total", total.to_string()}});
  }
  const bool negative = total.is_negative();
  // |total| in units; total % unit == 0 so this is exact (and INT64_MIN / unit>1 negates safely).
  std::int64_t units = total.mantissa() / unit.mantissa();
  if (units == std::numeric_limits<std::int64_t>::min())
    detail::throw_overflow(value::op_name("split"));
  if (negative) units = -units;

  // A few weights (a window cut at a price change, a handful of sharers) need no allocation
  // beyond the parts returned.
  boost::container::small_vector<std::int64_t, 8> floor_units(n);
  // 64-bit fast path when units × weight and the weight sum fit (the common case); exact either
  // way.
  const bool small_sum = weight_sum <= wide(std::numeric_limits<std::int64_t>::max());
  const std::int64_t sum64 = small_sum ? static_cast<std::int64_t>(weight_sum) : 0;
  if constexpr (!detail::is_wide_weight_v<weight_type>) {
    std::int64_t largest = 0;
    if (small_sum) {
      for (std::size_t i = 0; i < n; ++i)
        largest = std::max(largest, static_cast<std::int64_t>(detail::weight_mantissa(weights[i])));
    }
    std::int64_t largest_product = 0;
    if (small_sum && !__builtin_mul_overflow(units, largest, &largest_product)) {
      // Every product fits in 64 bits. Each remainder is kept beside its index, so selecting
      // the largest compares neighbours in memory; selecting indices by their remainders was a
      // random access per comparison once the remainders outgrew the cache (issue 23).
      struct ranked_remainder {
        std::int64_t remainder;
        std::size_t index;
      };
      boost::container::small_vector<ranked_remainder, 8> ranked(n);
      std::int64_t assigned = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t product =
            units * static_cast<std::int64_t>(detail::weight_mantissa(weights[i]));
        floor_units[i] = product / sum64;
        ranked[i] = ranked_remainder{product % sum64, i};
        assigned += floor_units[i];
      }
      const std::int64_t left = units - assigned;  // 0 <= left < n
      if (left > 0) {
        // The same strict order as below: larger remainder first, ties to the earlier item.
        const auto cut = ranked.begin() + static_cast<std::ptrdiff_t>(left);
        if (static_cast<std::size_t>(left) < n) {
          std::nth_element(ranked.begin(), cut - 1, ranked.end(),
                           [](const ranked_remainder& a, const ranked_remainder& b) {
                             return a.remainder > b.remainder ||
                                    (a.remainder == b.remainder && a.index < b.index);
                           });
        }
        for (auto it = ranked.begin(); it != cut; ++it) ++floor_units[it->index];
      }
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t m = floor_units[i] * unit.mantissa();  // <= |total|, cannot overflow
        parts[i] = value::from_mantissa(negative ? -m : m);
      }
      return parts;
    }
  }
  std::vector<wide> remainder(n);
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = detail::weight_mantissa(weights[i]);
    if constexpr (!detail::is_wide_weight_v<weight_type>) {
      std::int64_t product = 0;
      if (small_sum && !__builtin_mul_overflow(units, static_cast<std::int64_t>(w), &product)) {
        floor_units[i] = product / sum64;
        remainder[i] = product % sum64;
        assigned += floor_units[i];
        continue;
      }
    }
    const wide num = wide(units) * wide(w);
    floor_units[i] = static_cast<std::int64_t>(num / weight_sum);
    remainder[i] = num % weight_sum;
    assigned += floor_units[i];
  }
  std::int64_t left = units - assigned;  // 0 <= left < n
  if (left > 0) {
    // The `left` largest remainders, ties to the earlier item: a strict order, so selecting
    // them (linear on average) gives the same parts as a stable sort would.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto before = [&remainder](std::size_t a, std::size_t b) {
      return remainder[a] > remainder[b] || (remainder[a] == remainder[b] && a < b);
    };
    const auto cut = order.begin() + static_cast<std::ptrdiff_t>(left);
    if (static_cast<std::size_t>(left) < n)
      std::nth_element(order.begin(), cut - 1, order.end(), before);
    for (auto it = order.begin(); it != cut; ++it) ++floor_units[*it];
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t m = floor_units[i] * unit.mantissa();  // <= |total|, cannot overflow
    parts[i] = value::from_mantissa(negative ? -m : m);
  }
  return parts;
}

}  // namespace submeter
