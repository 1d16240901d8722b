#pragma once
/// \file
/// Umbrella header of submeter::meters::settings: TOU schedules into the tables a DL/T 645-2007
/// meter holds, and back. Unlike the codecs (submeter/meters.hpp), it reads the tariff and
/// calendar vocabulary, so it is not part of the codec umbrella.

#include "submeter/meters/settings/tou_plan.hpp"
#include "submeter/meters/settings/tou_verify.hpp"
