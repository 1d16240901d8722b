"""submeter.metering: register usage and maximum demand (include/submeter/metering).

    >>> from submeter import metering
    >>> peak = metering.max_demand("2026-07-01T00:00", 15, ["100", "180", "140", "120"],
    ...                            method="block")
    >>> peak.demand, peak.window_begin
    (Decimal('180'), '2026-07-01T00:15')

Interval data go in as a start (local ``"YYYY-MM-DDTHH:MM"``), a step in minutes and values as
``Decimal``, ``int`` or ``str`` (or a NumPy ``int64`` array of mantissas for
:func:`max_demand_array`, which releases the GIL).

:class:`RegisterValue` is a row of the readings store (one register of one meter at one device
time, with its received time, source and quality), the input of :func:`submeter.vee.run_vee`.
"""

from . import _core

_m = _core.metering

RegisterUsage = _m.RegisterUsage
RegisterValue = _m.RegisterValue
DemandPeak = _m.DemandPeak

max_demand = _m.max_demand
max_demand_array = _m.max_demand_array
max_demand_by_register = _m.max_demand_by_register
max_demand_of_lines = _m.max_demand_of_lines
peaks_for_sharing = _m.peaks_for_sharing

__all__ = [
    "DemandPeak",
    "RegisterUsage",
    "RegisterValue",
    "max_demand",
    "max_demand_array",
    "max_demand_by_register",
    "max_demand_of_lines",
    "peaks_for_sharing",
]
