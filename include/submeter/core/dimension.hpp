#pragma once
/// \file
/// Dimension tags: what a decimal measures, and which products and quotients make sense.
///
/// DESIGN.md "Values": aliases are strong types, so `money + kwh` fails to compile, and
/// `energy × energy_price` is money while `energy × volume_price` does not compile.

#include <string_view>
#include <type_traits>

namespace submeter::dimension {

/// Yuan (or any currency unit; submeter never converts currencies).
struct money {
  static constexpr std::string_view name = "money";
  static constexpr std::string_view unit = "yuan";
};
/// Active energy, kWh.
struct energy {
  static constexpr std::string_view name = "energy";
  static constexpr std::string_view unit = "kWh";
};
/// Reactive energy, kvarh (power-factor adjustment, transformer loss).
struct reactive_energy {
  static constexpr std::string_view name = "reactive_energy";
  static constexpr std::string_view unit = "kvarh";
};
/// Water volume, m³.
struct volume {
  static constexpr std::string_view name = "volume";
  static constexpr std::string_view unit = "m3";
};
/// Gas heat (energy content), MJ: a gas meter's m³ converted by heating value × correction
/// factor (tariff/volume_conversion.hpp).
struct heat {
  static constexpr std::string_view name = "heat";
  static constexpr std::string_view unit = "MJ";
};
/// Power or demand, kW (or kVA for capacity; the tariff says which).
struct power {
  static constexpr std::string_view name = "power";
  static constexpr std::string_view unit = "kW";
};
/// Floor area, m² (property fee and allocation by area).
struct area {
  static constexpr std::string_view name = "area";
  static constexpr std::string_view unit = "m2";
};
/// A pure number: multipliers, shares, percentages as fractions.
struct ratio {
  static constexpr std::string_view name = "ratio";
  static constexpr std::string_view unit = "";
};
/// Money per one unit of Quantity: yuan/kWh, yuan/m³, yuan/kW·month, yuan/m².
template <class Quantity>
struct price_of {
  static constexpr std::string_view name = "unit_price";
  static constexpr std::string_view unit = "yuan/unit";
};
template <>
struct price_of<energy> {
  static constexpr std::string_view name = "energy_price";
  static constexpr std::string_view unit = "yuan/kWh";
};
template <>
struct price_of<volume> {
  static constexpr std::string_view name = "volume_price";
  static constexpr std::string_view unit = "yuan/m3";
};
template <>
struct price_of<heat> {
  static constexpr std::string_view name = "heat_price";
  static constexpr std::string_view unit = "yuan/MJ";
};
template <>
struct price_of<power> {
  static constexpr std::string_view name = "power_price";
  static constexpr std::string_view unit = "yuan/kW";
};
template <>
struct price_of<area> {
  static constexpr std::string_view name = "area_price";
  static constexpr std::string_view unit = "yuan/m2";
};

/// The product dimension of A × B; `type` is absent when the product has no meaning here.
template <class A, class B, class = void>
struct product {};
template <class Q>
struct product<Q, price_of<Q>> {
  using type = money;
};
template <class Q>
struct product<price_of<Q>, Q> {
  using type = money;
};
template <class A>
struct product<A, ratio, std::enable_if_t<!std::is_same_v<A, ratio>>> {
  using type = A;
};
template <class B>
struct product<ratio, B> {
  using type = B;
};

/// The quotient dimension of A ÷ B; `type` is absent when the quotient has no meaning here.
template <class A, class B, class = void>
struct quotient {};
template <class A>
struct quotient<A, A> {
  using type = ratio;
};
template <class Q>
struct quotient<money, Q,
                std::enable_if_t<!std::is_same_v<Q, money> && !std::is_same_v<Q, ratio>>> {
  using type = price_of<Q>;
};
template <class A>
struct quotient<A, ratio, std::enable_if_t<!std::is_same_v<A, ratio>>> {
  using type = A;
};

/// The scale submeter uses for a dimension by default (DESIGN.md "Values").
template <class D>
struct default_scale : std::integral_constant<int, 4> {};
template <class Q>
struct default_scale<price_of<Q>> : std::integral_constant<int, 6> {};
template <>
struct default_scale<ratio> : std::integral_constant<int, 9> {};
/// Heat is kept to 1e-6 MJ; a conversion from m³ states its rounding (volume_conversion.hpp).
template <>
struct default_scale<heat> : std::integral_constant<int, 6> {};

}  // namespace submeter::dimension
