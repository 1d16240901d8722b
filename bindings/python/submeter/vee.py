"""submeter.vee: validation and estimation of meter reads (include/submeter/vee).

    >>> from submeter import metering, vee
    >>> rows = [metering.RegisterValue("A", 0, t, v) for t, v in [
    ...     ("2026-04-01T00:00", "1000.00"), ("2026-05-01T00:00", "1100.00"),
    ...     ("2026-06-01T00:00", "1200.00"), ("2026-07-01T00:00", "1300.00")]]
    >>> history = [("2026-04-01T00:00", "2026-05-01T00:00"),
    ...            ("2026-05-01T00:00", "2026-06-01T00:00"),
    ...            ("2026-06-01T00:00", "2026-07-01T00:00")]
    >>> report = vee.run_vee(rows, vee.VeePeriod("2026-07-01T00:00", "2026-08-01T00:00", history))
    >>> report.estimates     # July's end read is missing: EST-3, 估抄 from April .. June
    [<submeter.vee.Estimate EST-3 A total 2026-08-01T00:00:00 1400.00>]
    >>> report.estimates[0].value, report.findings, report.exceptions
    (Decimal('1400.00'), [], [])

:func:`run_vee` is the pass over many meters' store rows (:class:`submeter.metering.RegisterValue`)
for one period, with the history periods' reads for EST-3 and VEE-5; it releases the GIL. Its
:class:`VeeReport` carries :class:`Finding` objects (``rule`` "VEE-1" .. "VEE-9", "EST-4",
``severity`` "info", "warning" or "exception"), new :class:`Estimate` objects (EST-1 .. EST-3) and
the meters that are exceptions (not billable as read). The rules are also here one by one;
interval data go in as a start, a step in minutes and a list of values with ``None`` where one is
missing. Energies are ``Decimal``, ``int`` or ``str`` in and ``Decimal`` out; a ``float`` raises
``TypeError``.
"""

from . import _core

_m = _core.vee

ClockParams = _m.ClockParams
Estimate = _m.Estimate
EstimateParams = _m.EstimateParams
Finding = _m.Finding
HighLowParams = _m.HighLowParams
MeterContext = _m.MeterContext
MultiplierObservation = _m.MultiplierObservation
RolloverParams = _m.RolloverParams
SpikeParams = _m.SpikeParams
SumCheckParams = _m.SumCheckParams
VeeOptions = _m.VeeOptions
VeePeriod = _m.VeePeriod
VeeReport = _m.VeeReport
ZeroUseParams = _m.ZeroUseParams

check_clock = _m.check_clock
check_estimate_cap = _m.check_estimate_cap
check_high_low = _m.check_high_low
check_intervals = _m.check_intervals
check_sum = _m.check_sum
classify_step = _m.classify_step
estimate_bound_read = _m.estimate_bound_read
estimate_gaps = _m.estimate_gaps
find_gaps = _m.find_gaps
find_multiplier_changes = _m.find_multiplier_changes
find_register_steps = _m.find_register_steps
find_spikes = _m.find_spikes
find_zero_runs = _m.find_zero_runs
interval_use = _m.interval_use
remove_duplicates = _m.remove_duplicates
run_vee = _m.run_vee

__all__ = [
    "ClockParams",
    "Estimate",
    "EstimateParams",
    "Finding",
    "HighLowParams",
    "MeterContext",
    "MultiplierObservation",
    "RolloverParams",
    "SpikeParams",
    "SumCheckParams",
    "VeeOptions",
    "VeePeriod",
    "VeeReport",
    "ZeroUseParams",
    "check_clock",
    "check_estimate_cap",
    "check_high_low",
    "check_intervals",
    "check_sum",
    "classify_step",
    "estimate_bound_read",
    "estimate_gaps",
    "find_gaps",
    "find_multiplier_changes",
    "find_register_steps",
    "find_spikes",
    "find_zero_runs",
    "interval_use",
    "remove_duplicates",
    "run_vee",
]
