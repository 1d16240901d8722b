"""submeter: exact billing for submetered electricity and water.

    >>> import submeter
    >>> site = submeter.load_site("examples/site")
    >>> bills = site.bill("2026-07")
    >>> bills[0].lines[0].amount        # a decimal.Decimal, exact
    Decimal('4210.92')

Money, energy and prices go in as ``decimal.Decimal``, ``int`` or ``str`` and come out as
``decimal.Decimal``; a ``float`` raises ``TypeError`` (binary floating point is inexact).
Bad input raises :class:`submeter.Error`, a ``ValueError`` with ``code`` and ``context``.
"""

from . import _core
from ._core import (
    Bill,
    DemandPeak,
    Error,
    Line,
    Site,
    Tariff,
    Tenant,
    Usage,
    capacity_line,
    contract_demand,
    cos_phi,
    demand_line,
    flat_tariff,
    high_load_factor,
    load_site,
    max_demand,
    max_demand_of_lines,
    peaks_for_sharing,
    pf_adjustment_percent,
    pf_adjustment_table,
    power_factor_line,
    power_factor_line_from_lines,
    prorated_basic_charge,
    ratchet_demand,
    share_lines,
    tou_tariff,
)

Error.__module__ = __name__
__version__ = _core.__version__

__all__ = [
    "Bill",
    "DemandPeak",
    "Error",
    "Line",
    "Site",
    "Tariff",
    "Tenant",
    "Usage",
    "flat_tariff",
    "load_site",
    "tou_tariff",
    "capacity_line",
    "contract_demand",
    "cos_phi",
    "demand_line",
    "high_load_factor",
    "max_demand",
    "max_demand_of_lines",
    "peaks_for_sharing",
    "pf_adjustment_percent",
    "pf_adjustment_table",
    "power_factor_line",
    "power_factor_line_from_lines",
    "prorated_basic_charge",
    "ratchet_demand",
    "share_lines",
    "__version__",
]
