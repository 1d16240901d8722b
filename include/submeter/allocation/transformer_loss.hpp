#pragma once
/// \file
/// Transformer loss (变损) by the DL/T 686 Appendix B formula (rules.md TXL-1).
///
/// ΔA_P = P0·T + Pk·β²·T·K with β² = (A_P² + A_Q²) / (T·S_n)². The copper term needs no square
/// root: it is computed as one exact rational, Pk·K·(A_P² + A_Q²) / (T·S_n²), in 256-bit
/// integers on the quantities' mantissas, and rounded once, at the end, to the unit asked for
/// (0.01 kWh half-up by default). No floating point anywhere. The loss by metering difference
/// (TXL-2) is the line loss of the transformer's node in the meter tree (line_loss.hpp).
/// Currents (A) are passed as plain `ratio` numbers: the library has no current dimension.

#include <cstdint>
#include <limits>
#include <string>

#include <boost/multiprecision/cpp_int.hpp>

#include "submeter/core/decimal.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/rounding.hpp"
#include "submeter/core/split.hpp"

namespace submeter::allocation {

/// A transformer's test-report values.
struct transformer_nameplate {
  /// No-load (iron) loss P0, kW.
  power no_load_loss;
  /// Load (copper) loss at rated current Pk, kW.
  power load_loss;
  /// Rated capacity S_n, kVA.
  power rated_capacity;
  /// No-load current I0 in % (0.4 means 0.4 %), for the reactive loss.
  ratio no_load_current_pct{};
  /// Impedance voltage Uk in % (4.0 means 4 %), for the reactive loss.
  ratio impedance_voltage_pct{};
};

/// What the transformer carried over the period.
struct transformer_period {
  /// Hours energised T.
  ratio hours;
  /// Active energy through the transformer A_P, kWh.
  energy active;
  /// Reactive energy A_Q, kvarh.
  reactive_energy reactive;
};

/// The load-shape (loss) factor K as an exact fraction: a given K (≈ 1.05), or (I_rms / I_avg)².
struct loss_factor {
  submeter::detail::int256 numerator = 1;
  submeter::detail::int256 denominator = 1;

  /// K given as a number (1, 1.05). Refuses K <= 0 (errc::invalid_argument).
  [[nodiscard]] static loss_factor of(ratio k) {
    if (k.mantissa() <= 0)
      throw error(errc::invalid_argument, "the loss factor K must be > 0", {{"K", k.to_string()}});
    return {k.mantissa(), ratio::one};
  }
  /// K = (I_rms / I_avg)² (DL/T 686), exactly. Refuses currents <= 0 (errc::invalid_argument).
  [[nodiscard]] static loss_factor from_currents(ratio i_rms, ratio i_avg) {
    if (i_rms.mantissa() <= 0 || i_avg.mantissa() <= 0) {
      throw error(errc::invalid_argument, "currents for K must be > 0",
                  {{"I_rms", i_rms.to_string()}, {"I_avg", i_avg.to_string()}});
    }
    const submeter::detail::int256 r = i_rms.mantissa();
    const submeter::detail::int256 a = i_avg.mantissa();
    return {r * r, a * a};
  }
  /// K rounded to `ratio` (1e-9) by `mode`, for display.
  [[nodiscard]] ratio value(rounding mode) const {
    return ratio::from_mantissa(static_cast<std::int64_t>(
        submeter::detail::divide_rounded(numerator * ratio::one, denominator, mode)));
  }
};

/// The active loss of a transformer over a period (TXL-1).
struct transformer_loss {
  /// P0·T, rounded to the unit.
  energy iron;
  /// Pk·β²·T·K, rounded to the unit.
  energy copper;
  /// The exact iron + copper, rounded once to the unit (may differ from iron + copper by one unit).
  energy total;
  /// β², truncated to 1e-9 (display; the loss uses the exact value).
  ratio beta_squared;
  /// S_avg = sqrt(A_P² + A_Q²) / T, kVA, half-up to 1e-4 (display; exact integer square root).
  power average_apparent_power;
};

/// The reactive loss of a transformer over a period (TXL-1): ΔA_Q = (I0%·S_n/100)·T +
/// (Uk%·S_n/100)·β²·T·K.
struct transformer_reactive_loss {
  reactive_energy no_load;
  reactive_energy load;
  /// The exact sum, rounded once.
  reactive_energy total;
};

namespace detail {

using submeter::detail::divide_rounded;
using submeter::detail::int256;
using submeter::detail::throw_overflow;

/// num / den rounded to a multiple of `unit` (a mantissa) by `mode`, as a mantissa.
[[nodiscard]] inline std::int64_t round_to_unit(const int256& num, const int256& den,
                                                std::int64_t unit, rounding mode) {
  const int256 q = divide_rounded(num, den * unit, mode) * unit;
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
    throw_overflow("transformer loss");
  return static_cast<std::int64_t>(q);
}

inline void check_transformer(const transformer_nameplate& n, const transformer_period& p) {
  if (n.rated_capacity.mantissa() <= 0 || p.hours.mantissa() <= 0) {
    throw error(errc::invalid_argument, "transformer loss needs S_n > 0 and T > 0",
                {{"S_n", n.rated_capacity.to_string()}, {"T", p.hours.to_string()}});
  }
  if (n.no_load_loss.is_negative() || n.load_loss.is_negative() || p.active.is_negative() ||
      p.reactive.is_negative()) {
    throw error(errc::invalid_argument, "transformer loss inputs must not be negative",
                {{"P0", n.no_load_loss.to_string()},
                 {"Pk", n.load_loss.to_string()},
                 {"A_P", p.active.to_string()},
                 {"A_Q", p.reactive.to_string()}});
  }
}

// A_P² + A_Q² on the mantissas (1e-8 kWh² scale).
[[nodiscard]] inline int256 energy_squares(const transformer_period& p) {
  const int256 a = p.active.mantissa();
  const int256 q = p.reactive.mantissa();
  return a * a + q * q;
}

}  // namespace detail

/// ΔA_P by DL/T 686 Appendix B (rules.md TXL-1): iron P0·T, copper Pk·(A_P² + A_Q²)/(T·S_n²)·K,
/// each and their exact total rounded to `unit` (0.01 kWh) by `mode` (half-up). The vector
/// S13-315 (P0 0.48, Pk 3.65, T 720 h, 120,000 kWh, 60,000 kvarh, K 1) gives 345.60 + 919.63 =
/// 1265.23 kWh. Refuses (errc::invalid_argument) S_n <= 0, T <= 0, negative inputs, unit <= 0.
[[nodiscard]] inline transformer_loss transformer_loss_formula(const transformer_nameplate& n,
                                                               const transformer_period& p,
                                                               const loss_factor& k = loss_factor{},
                                                               energy unit = energy::parse("0.01"),
                                                               rounding mode = rounding::half_up) {
  using detail::int256;
  detail::check_transformer(n, p);
  if (unit.mantissa() <= 0)
    throw error(errc::invalid_argument, "the unit must be positive", {{"unit", unit.to_string()}});
  const int256 sq = detail::energy_squares(p);
  const int256 t = p.hours.mantissa();
  const int256 s = n.rated_capacity.mantissa();
  const int256 e9 = ratio::one;
  // Mantissas (1e-4 kWh): iron = p0·t / 1e9; copper = pk·kn·sq·1e9 / (kd·t·s²).
  const int256 iron_num = int256(n.no_load_loss.mantissa()) * t;
  const int256 iron_den = e9;
  const int256 cu_num = int256(n.load_loss.mantissa()) * k.numerator * sq * e9;
  const int256 cu_den = k.denominator * t * s * s;
  transformer_loss out;
  out.iron =
      energy::from_mantissa(detail::round_to_unit(iron_num, iron_den, unit.mantissa(), mode));
  out.copper = energy::from_mantissa(detail::round_to_unit(cu_num, cu_den, unit.mantissa(), mode));
  out.total = energy::from_mantissa(detail::round_to_unit(
      iron_num * cu_den + cu_num * iron_den, iron_den * cu_den, unit.mantissa(), mode));
  // β² mantissa (1e-9) = sq·1e27 / (t²·s²).
  out.beta_squared =
      ratio::from_mantissa(static_cast<std::int64_t>((sq * e9 * e9 * e9) / (t * t * s * s)));
  // S_avg mantissa (1e-4 kVA) = sqrt(sq·1e18 / t²), half-up: r+1 when 4N >= (2r+1)²·D.
  const int256 num = sq * e9 * e9;
  const int256 den = t * t;
  int256 r = boost::multiprecision::sqrt(int256(num / den));
  if (4 * num >= (2 * r + 1) * (2 * r + 1) * den) r += 1;
  out.average_apparent_power = power::from_mantissa(static_cast<std::int64_t>(r));
  return out;
}

/// ΔA_Q by DL/T 686 Appendix B (rules.md TXL-1): no-load I0%·S_n·T/100 and load
/// Uk%·K·(A_P² + A_Q²)/(100·T·S_n), each and their exact total rounded to `unit` (0.01 kvarh)
/// by `mode`. Refuses as transformer_loss_formula does.
[[nodiscard]] inline transformer_reactive_loss transformer_reactive_loss_formula(
    const transformer_nameplate& n, const transformer_period& p,
    const loss_factor& k = loss_factor{}, reactive_energy unit = reactive_energy::parse("0.01"),
    rounding mode = rounding::half_up) {
  using detail::int256;
  detail::check_transformer(n, p);
  if (unit.mantissa() <= 0)
    throw error(errc::invalid_argument, "the unit must be positive", {{"unit", unit.to_string()}});
  const int256 sq = detail::energy_squares(p);
  const int256 t = p.hours.mantissa();
  const int256 s = n.rated_capacity.mantissa();
  const int256 e9 = ratio::one;
  // Mantissas (1e-4 kvarh): no-load = i0·s·t / 1e20; load = uk·kn·sq / (100·kd·t·s).
  const int256 nl_num = int256(n.no_load_current_pct.mantissa()) * s * t;
  const int256 nl_den = e9 * e9 * 100;
  const int256 ld_num = int256(n.impedance_voltage_pct.mantissa()) * k.numerator * sq;
  const int256 ld_den = k.denominator * t * s * 100;
  transformer_reactive_loss out;
  out.no_load =
      reactive_energy::from_mantissa(detail::round_to_unit(nl_num, nl_den, unit.mantissa(), mode));
  out.load =
      reactive_energy::from_mantissa(detail::round_to_unit(ld_num, ld_den, unit.mantissa(), mode));
  out.total = reactive_energy::from_mantissa(detail::round_to_unit(
      nl_num * ld_den + ld_num * nl_den, nl_den * ld_den, unit.mantissa(), mode));
  return out;
}

/// Power loss at a load factor β: ΔP = P0 + β²·Pk (rules.md TXL-1 cross-check), kW to 1e-9,
/// rounded by `mode` (0.48 + 0.77² × 3.65 = 2.644085 exactly; round to 0.01 for display). Refuses
/// negative inputs (errc::invalid_argument).
[[nodiscard]] inline decimal<dimension::power, 9> transformer_power_loss(
    power no_load_loss, power load_loss, ratio beta, rounding mode = rounding::half_up) {
  if (no_load_loss.is_negative() || load_loss.is_negative() || beta.is_negative()) {
    throw error(errc::invalid_argument, "transformer power loss inputs must not be negative",
                {{"P0", no_load_loss.to_string()},
                 {"Pk", load_loss.to_string()},
                 {"beta", beta.to_string()}});
  }
  using detail::int256;
  const int256 b = beta.mantissa();
  // mantissa (1e-9 kW) = p0·1e5 + b²·pk / 1e13
  const int256 num = int256(no_load_loss.mantissa()) * 100000 * int256(10000000000000LL) +
                     b * b * load_loss.mantissa();
  return decimal<dimension::power, 9>::from_mantissa(
      static_cast<std::int64_t>(detail::divide_rounded(num, int256(10000000000000LL), mode)));
}

/// Load loss by RMS current (DL/T 686): ΔA_R = Pk·(I_rms / I_n)²·t, rounded to `unit` (0.01 kWh)
/// by `mode`; the no-load term P0·T is added separately. Refuses I_n <= 0 or negative inputs.
[[nodiscard]] inline energy transformer_rms_load_loss(power load_loss, ratio i_rms, ratio i_rated,
                                                      ratio hours,
                                                      energy unit = energy::parse("0.01"),
                                                      rounding mode = rounding::half_up) {
  if (i_rated.mantissa() <= 0 || i_rms.is_negative() || hours.is_negative() ||
      load_loss.is_negative() || unit.mantissa() <= 0) {
    throw error(errc::invalid_argument, "RMS load loss needs I_n > 0 and no negative input",
                {{"I_rms", i_rms.to_string()}, {"I_n", i_rated.to_string()}});
  }
  using detail::int256;
  const int256 r = i_rms.mantissa();
  const int256 in = i_rated.mantissa();
  // mantissa (1e-4 kWh) = pk·ir²·t / (in²·1e9)
  const int256 num = int256(load_loss.mantissa()) * r * r * hours.mantissa();
  const int256 den = in * in * ratio::one;
  return energy::from_mantissa(detail::round_to_unit(num, den, unit.mantissa(), mode));
}

}  // namespace submeter::allocation
