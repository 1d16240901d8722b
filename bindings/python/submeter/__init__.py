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

import pathlib

from . import _core, meters
from ._core import (
    Account,
    Adjustment,
    Bill,
    DemandPeak,
    Error,
    FixedCharge,
    HolidayCalendar,
    Line,
    Notification,
    Posting,
    PriceVersions,
    RelayDecision,
    Site,
    Statement,
    Tariff,
    Tenant,
    TieredTariff,
    TouSchedule,
    Usage,
    allocate_losses,
    backbill_meter_error,
    backbill_wrong_multiplier,
    backbill_wrong_wiring,
    capacity_line,
    check_compliance,
    contract_demand,
    cos_phi,
    demand_line,
    fixed_charge,
    flat_tariff,
    graduated_demand_lines,
    high_load_factor,
    import_urdb,
    load_calendar,
    load_site,
    load_tou_schedule,
    max_demand,
    max_demand_array,
    max_demand_by_register,
    max_demand_of_lines,
    peaks_for_sharing,
    pf_adjustment_percent,
    pf_adjustment_table,
    power_factor_line,
    power_factor_line_from_lines,
    price_versions,
    prorated_basic_charge,
    ratchet_demand,
    rate_two_part,
    rerate,
    settle_catalogue,
    settle_pass_through,
    share,
    share_lines,
    share_to_lines,
    tiered_tariff,
    tou_tariff,
    transformer_loss,
)

Error.__module__ = __name__
__version__ = _core.__version__

#: The data shipped with the package: holiday calendars and provincial TOU tables.
data_dir = pathlib.Path(__file__).resolve().parent / "data"


def china_calendar() -> HolidayCalendar:
    """China's public holidays and 调休 for the years shipped (State Council notices)."""
    return load_calendar(str(data_dir / "calendars" / "cn.json"))


def shipped_tou_schedule(name: str) -> TouSchedule:
    """A shipped C&I TOU table by file name, e.g. ``"shanghai-1p"`` (see ``data_dir/tou/cn``)."""
    path = data_dir / "tou" / "cn" / f"{name}.json"
    if not path.exists():
        known = sorted(p.stem for p in (data_dir / "tou" / "cn").glob("*.json"))
        message = f"no shipped TOU table {name!r}; known: {', '.join(known)}"
        error = Error(message)
        error.code, error.message, error.context = "not_found", message, {"name": name}
        raise error
    return load_tou_schedule(str(path))

__all__ = [
    "Account",
    "Adjustment",
    "Bill",
    "DemandPeak",
    "Error",
    "FixedCharge",
    "HolidayCalendar",
    "Line",
    "Notification",
    "Posting",
    "PriceVersions",
    "RelayDecision",
    "Site",
    "Statement",
    "Tariff",
    "Tenant",
    "TieredTariff",
    "TouSchedule",
    "Usage",
    "allocate_losses",
    "backbill_meter_error",
    "backbill_wrong_multiplier",
    "backbill_wrong_wiring",
    "check_compliance",
    "china_calendar",
    "data_dir",
    "fixed_charge",
    "flat_tariff",
    "import_urdb",
    "load_calendar",
    "load_site",
    "load_tou_schedule",
    "meters",
    "price_versions",
    "rerate",
    "settle_catalogue",
    "settle_pass_through",
    "share",
    "share_to_lines",
    "shipped_tou_schedule",
    "tiered_tariff",
    "tou_tariff",
    "capacity_line",
    "contract_demand",
    "cos_phi",
    "demand_line",
    "graduated_demand_lines",
    "high_load_factor",
    "max_demand",
    "max_demand_array",
    "max_demand_by_register",
    "max_demand_of_lines",
    "peaks_for_sharing",
    "pf_adjustment_percent",
    "pf_adjustment_table",
    "power_factor_line",
    "power_factor_line_from_lines",
    "prorated_basic_charge",
    "ratchet_demand",
    "rate_two_part",
    "share_lines",
    "transformer_loss",
    "__version__",
]
