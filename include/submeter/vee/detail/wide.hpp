#pragma once
/// \file
/// A 128-bit integer for the comparisons of the interval rules (a value × a percentage × a count
/// does not fit in 64 bits for every input), without the cost of a checked type on a hot path:
/// the operands are int64 mantissas and small factors, so no product overflows 127 bits.

#include <cstdint>

namespace submeter::vee::detail {

__extension__ using wide = __int128;

/// a × b as 128 bits.
[[nodiscard]] constexpr wide mul(std::int64_t a, std::int64_t b) noexcept {
  return static_cast<wide>(a) * static_cast<wide>(b);
}

}  // namespace submeter::vee::detail
