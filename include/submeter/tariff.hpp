#pragma once
/// \file
/// Umbrella header of tariffs: v0 register tariffs (flat and TOU) and rating.

#include "submeter/tariff/register_tariff.hpp"
