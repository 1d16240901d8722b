#pragma once
/// \file
/// Umbrella header of tariffs: rate registers, TOU day tables and schedules, prices and price
/// versions, interval classification, the v0 register tariffs (flat and TOU) with rating, tiered
/// tariffs (ladders, reset cycles, TOU × tier), and two-part tariffs (capacity and demand
/// charges, contract demand, power-factor adjustment).

#include "submeter/tariff/capacity_charge.hpp"
#include "submeter/tariff/day_table.hpp"
#include "submeter/tariff/demand_charge.hpp"
#include "submeter/tariff/fixed_charge.hpp"
#include "submeter/tariff/interval_usage.hpp"
#include "submeter/tariff/power_factor.hpp"
#include "submeter/tariff/price_version.hpp"
#include "submeter/tariff/rate_register.hpp"
#include "submeter/tariff/register_tariff.hpp"
#include "submeter/tariff/schedule_matrix.hpp"
#include "submeter/tariff/tier_ladder.hpp"
#include "submeter/tariff/tier_reset.hpp"
#include "submeter/tariff/tiered_versions.hpp"
#include "submeter/tariff/tiers.hpp"
#include "submeter/tariff/tou_prices.hpp"
#include "submeter/tariff/tou_schedule.hpp"
#include "submeter/tariff/two_part.hpp"
#include "submeter/tariff/version_split.hpp"
#include "submeter/tariff/volume_conversion.hpp"
