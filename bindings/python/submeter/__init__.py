"""submeter: exact billing for submetered electricity and water.

    >>> import submeter
    >>> site = submeter.load_site("examples/site")
    >>> run = site.run("2026-07")       # bills every tenant once
    >>> run.bills[0].lines[0].amount    # a decimal.Decimal, exact
    Decimal('12680.55')

One submodule per area of the C++ library (``include/submeter/<area>``), with the C++ names:
:mod:`submeter.calendar`, :mod:`submeter.metering`, :mod:`submeter.bill`, :mod:`submeter.tariff`,
:mod:`submeter.allocation`, :mod:`submeter.rerate`, :mod:`submeter.ledger`, :mod:`submeter.site`,
:mod:`submeter.meters` (the meter protocols) and :mod:`submeter.vee` (validation and estimation of
meter reads). ``load_site``, ``Site`` and ``Error`` are also
here at the top. :mod:`submeter.distributed` bills many sites, or one huge site in parts, on Dask.

Money, energy and prices go in as ``decimal.Decimal``, ``int`` or ``str`` and come out as
``decimal.Decimal``; a ``float`` raises ``TypeError`` (binary floating point is inexact).
Bad input raises :class:`submeter.Error`, a ``ValueError`` with ``code`` and ``context``.

The flat names of earlier releases (``submeter.flat_tariff``, ``submeter.share_to_lines``, …)
still work for one release and warn (``DeprecationWarning``) with the name to use instead.
"""

import pathlib

from . import _core
from . import allocation, bill, calendar, ledger, metering, meters, rerate, site, tariff, vee
from . import distributed
from ._core import Error
from .site import Site, load_site

Error.__module__ = __name__
__version__ = _core.__version__

#: The data shipped with the package: holiday calendars and provincial TOU tables.
data_dir = pathlib.Path(__file__).resolve().parent / "data"

#: The flat names of earlier releases, kept one release: old name -> "area.name" today.
#: (``submeter.rerate``, the former function, is now the submodule, callable with a warning.)
_deprecated = {
    "Account": "ledger.Account",
    "Adjustment": "rerate.Adjustment",
    "Bill": "bill.Bill",
    "DemandPeak": "metering.DemandPeak",
    "FixedCharge": "tariff.FixedCharge",
    "HolidayCalendar": "calendar.HolidayCalendar",
    "Line": "bill.Line",
    "Notification": "ledger.Notification",
    "Posting": "ledger.Posting",
    "PriceVersions": "tariff.VersionHistory",
    "RelayDecision": "ledger.RelayDecision",
    "Statement": "ledger.Statement",
    "Tariff": "tariff.RegisterTariff",
    "Tenant": "site.Tenant",
    "TieredTariff": "tariff.TieredTariff",
    "TouSchedule": "tariff.TouSchedule",
    "Usage": "metering.RegisterUsage",
    "allocate_losses": "allocation.allocate_losses",
    "backbill_meter_error": "rerate.meter_error",
    "backbill_wrong_multiplier": "rerate.wrong_multiplier",
    "backbill_wrong_wiring": "rerate.wrong_wiring",
    "capacity_line": "tariff.capacity_line",
    "check_compliance": "bill.check_compliance",
    "china_calendar": "calendar.china_calendar",
    "contract_demand": "tariff.contract_demand",
    "cos_phi": "tariff.cos_phi",
    "demand_line": "tariff.demand_line",
    "fixed_charge": "tariff.fixed_charge",
    "flat_tariff": "tariff.flat_tariff",
    "graduated_demand_lines": "tariff.graduated_demand_lines",
    "high_load_factor": "tariff.high_load_factor",
    "import_urdb": "tariff.import_urdb",
    "load_calendar": "calendar.load_calendar",
    "load_tou_schedule": "tariff.load_tou_schedule",
    "max_demand": "metering.max_demand",
    "max_demand_array": "metering.max_demand_array",
    "max_demand_by_register": "metering.max_demand_by_register",
    "max_demand_of_lines": "metering.max_demand_of_lines",
    "peaks_for_sharing": "metering.peaks_for_sharing",
    "pf_adjustment_percent": "tariff.pf_adjustment_percent",
    "pf_adjustment_table": "tariff.adjustment_table",
    "power_factor_line": "tariff.power_factor_line",
    "power_factor_line_from_lines": "tariff.power_factor_line_from_lines",
    "price_versions": "tariff.version_history",
    "prorated_basic_charge": "tariff.prorated_basic_charge",
    "ratchet_demand": "tariff.ratchet_demand",
    "rate_two_part": "tariff.rate_two_part",
    "settle_catalogue": "allocation.settle_catalogue",
    "settle_pass_through": "allocation.settle_pass_through",
    "share": "allocation.share",
    "share_lines": "allocation.share_site_lines",
    "share_to_lines": "allocation.share_lines",
    "shipped_tou_schedule": "tariff.shipped_tou_schedule",
    "tiered_tariff": "tariff.tiered_tariff",
    "tou_tariff": "tariff.tou_tariff",
    "transformer_loss": "allocation.transformer_loss_formula",
}


def __getattr__(name):
    """A deprecated flat name: the object under its new name, with a DeprecationWarning."""
    new = _deprecated.get(name)
    if new is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings  # noqa: PLC0415 (only deprecated names need it)

    note = ""
    if name == "share_lines":
        note = " (submeter.allocation.share_lines is the former submeter.share_to_lines)"
    warnings.warn(f"submeter.{name} is deprecated; use submeter.{new}{note}", DeprecationWarning,
                  stacklevel=2)
    area, attr = new.split(".")
    return getattr(globals()[area], attr)


__all__ = [
    "Error",
    "Site",
    "__version__",
    "allocation",
    "bill",
    "calendar",
    "data_dir",
    "distributed",
    "ledger",
    "load_site",
    "metering",
    "meters",
    "rerate",
    "site",
    "tariff",
    "vee",
]
