#pragma once
/// \file
/// Umbrella header of the calendar: day kinds, holiday calendars, seasons.

#include "submeter/calendar/day_kind.hpp"
#include "submeter/calendar/day_marks.hpp"
#include "submeter/calendar/holiday_calendar.hpp"
#include "submeter/calendar/season.hpp"
