"""submeter.calendar: holiday calendars as data (include/submeter/calendar).

    >>> from submeter import calendar
    >>> cn = calendar.china_calendar()
    >>> cn.kind_of("2026-10-01"), cn.name_of("2026-10-01")
    ('holiday', '国庆节')

Days are ``"YYYY-MM-DD"`` strings; a day's kind is ``workday``, ``saturday``, ``sunday``,
``holiday`` or ``swapped_workday`` (调休).
"""

import pathlib

from . import _core

_m = _core.calendar

HolidayCalendar = _m.HolidayCalendar
load_calendar = _m.load_calendar


def china_calendar() -> HolidayCalendar:
    """China's public holidays and 调休 for the years shipped (State Council notices)."""
    return load_calendar(str(pathlib.Path(__file__).resolve().parent / "data" / "calendars" /
                             "cn.json"))


__all__ = [
    "HolidayCalendar",
    "china_calendar",
    "load_calendar",
]
