#pragma once
/// \file
/// Umbrella header of allocation: line and transformer losses over the meter tree, sharing
/// (common area, losses, site charges), property fee and rent, 转供电 settlement and
/// reconciliation.

#include "submeter/allocation/line_loss.hpp"
#include "submeter/allocation/property_fee.hpp"
#include "submeter/allocation/reconciliation.hpp"
#include "submeter/allocation/settlement.hpp"
#include "submeter/allocation/share.hpp"
#include "submeter/allocation/transformer_loss.hpp"
