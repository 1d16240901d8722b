#pragma once
/// \file
/// Umbrella header of re-rating: retroactive price adjustment (电费退补) of issued bills and
/// back-billing for meter faults (供电营业规则 Art. 80–81).

#include "submeter/rerate/backbilling.hpp"
#include "submeter/rerate/retroactive.hpp"
