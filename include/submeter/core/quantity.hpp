#pragma once
/// \file
/// The strong quantity types of submeter, at the scales of DESIGN.md "Values".

#include "submeter/core/decimal.hpp"

namespace submeter {

/// Money, yuan to 1e-4 (prepaid meters keep 1e-4; bills round lines to 0.01).
using money = decimal<dimension::money, 4>;
/// Active energy, kWh to 1e-4.
using energy = decimal<dimension::energy, 4>;
/// Reactive energy, kvarh to 1e-4.
using reactive_energy = decimal<dimension::reactive_energy, 4>;
/// Water volume, m³ to 1e-4.
using volume = decimal<dimension::volume, 4>;
/// Gas heat, MJ to 1e-6 (a converted m³ reading: tariff/volume_conversion.hpp).
using heat = decimal<dimension::heat, 6>;
/// Power or demand, kW or kVA to 1e-4.
using power = decimal<dimension::power, 4>;
/// Floor area, m² to 1e-4.
using area = decimal<dimension::area, 4>;
/// A pure number to 1e-9 (multipliers, shares, percentages as fractions).
using ratio = decimal<dimension::ratio, 9>;

/// The price of one unit of Quantity, yuan to 1e-6: unit_price<energy> is yuan/kWh.
template <class Quantity>
using unit_price = decimal<dimension::price_of<typename Quantity::dimension>, 6>;
/// yuan/kWh.
using energy_price = unit_price<energy>;
/// yuan/m³.
using volume_price = unit_price<volume>;
/// yuan/MJ (gas).
using heat_price = unit_price<heat>;
/// yuan/kW (or kVA) per month: demand and capacity prices.
using power_price = unit_price<power>;
/// yuan/m²: property fee and rent by area.
using area_price = unit_price<area>;

}  // namespace submeter
