#pragma once
/// \file
/// Gas volume → heat: a gas meter counts m³, a gas tariff prices MJ (tariffs.md §4.3, tariff-core
/// `contract_conversion`). MJ = m³ × heating value (MJ/m³) × correction factor (pressure and
/// temperature), computed exactly and rounded once to 1e-6 MJ by a stated mode. The conversion is
/// written on every line it feeds.

#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"

namespace submeter::tariff {

/// A converted reading: the heat and the sentence that says how it was obtained.
struct converted_heat {
  volume measured;          ///< m³ as read
  heat quantity;            ///< MJ, rounded to 1e-6 by the conversion's mode
  std::string explanation;  ///< "3.00 m3 × 38.62 MJ/m3 × 0.9823 = 113.809278 MJ (half_up …)"
};

/// A contract's m³ → MJ conversion (tariff-core `contract_conversion`). Aggregate; `make`
/// validates.
struct volume_conversion {
  ratio heating_value;      ///< MJ per m³
  ratio correction_factor;  ///< pressure/temperature correction, a pure number
  rounding mode = rounding::half_up;

  /// Refuses (errc::invalid_argument) a heating value or a correction factor that is not > 0.
  [[nodiscard]] static volume_conversion make(ratio heating_value, ratio correction_factor,
                                              rounding mode = rounding::half_up) {
    if (!(ratio{} < heating_value) || !(ratio{} < correction_factor)) {
      throw error(errc::invalid_argument,
                  "a gas conversion needs a heating value and a correction factor > 0",
                  {{"heating_value", heating_value.to_string()},
                   {"correction_factor", correction_factor.to_string()}});
    }
    return volume_conversion{heating_value, correction_factor, mode};
  }

  /// m³ × heating value × correction factor, exact until one rounding to 1e-6 MJ by `mode`.
  /// Refuses (errc::invalid_argument) a negative volume; throws std::overflow_error beyond range.
  [[nodiscard]] converted_heat convert(volume m3) const {
    if (m3.is_negative()) {
      throw error(errc::invalid_argument, "a gas volume to convert is negative",
                  {{"m3", m3.to_string()}});
    }
    const submeter::detail::int128 exact = submeter::detail::int128(m3.mantissa()) *
                                           submeter::detail::int128(heating_value.mantissa()) *
                                           submeter::detail::int128(correction_factor.mantissa());
    constexpr int shift = heat::scale - volume::scale - 2 * ratio::scale;
    const auto mj = heat::from_mantissa(submeter::detail::narrow(
        submeter::detail::shift_decimal(exact, shift, mode), heat::op_name("volume_conversion")));
    std::string text = group_text(m3.to_string(2)) + " m3 × " + heating_value.to_string(2) +
                       " MJ/m3 × " + correction_factor.to_string(2) + " = " +
                       group_text(mj.to_string(2)) + " MJ (" + std::string(to_string(mode)) +
                       " to 0.000001 MJ)";
    return converted_heat{m3, mj, std::move(text)};
  }

 private:
  [[nodiscard]] static std::string group_text(const std::string& s) {
    return bill::group_thousands(s);
  }
};

/// Writes a conversion on the lines it fed: appends "; heat from <explanation>" to every line
/// counted in MJ. Other lines are returned unchanged.
[[nodiscard]] inline std::vector<bill::line> with_conversion(std::vector<bill::line> lines,
                                                             const converted_heat& c) {
  for (auto& l : lines) {
    if (l.unit == "MJ") l.explanation += "; heat from " + c.explanation;
  }
  return lines;
}

}  // namespace submeter::tariff
