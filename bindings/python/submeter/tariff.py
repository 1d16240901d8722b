"""submeter.tariff: tariffs and rating (include/submeter/tariff).

    >>> from submeter import tariff
    >>> line = tariff.flat_tariff("flat", "0.73").rate("1234.56")[0]
    >>> line.amount, line.explanation
    (Decimal('901.23'), '1,234.56 kWh × 0.73 = 901.23')

Register tariffs (flat or TOU per rate register), TOU schedules (shipped provincial tables or
``submeter-tou-v1`` files), tiered (阶梯) tariffs, price versions, fixed charges, the URDB
importer, two-part tariffs (capacity and demand charges, contract demand, ratchets) and the
power-factor adjustment (力调). Rating returns :class:`submeter.bill.Line` objects.
"""

import pathlib

from . import _core

_m = _core.tariff

RegisterTariff = _m.RegisterTariff
TouSchedule = _m.TouSchedule
TieredTariff = _m.TieredTariff
VersionHistory = _m.VersionHistory
FixedCharge = _m.FixedCharge

flat_tariff = _m.flat_tariff
tou_tariff = _m.tou_tariff
load_tou_schedule = _m.load_tou_schedule
tiered_tariff = _m.tiered_tariff
version_history = _m.version_history
fixed_charge = _m.fixed_charge
import_urdb = _m.import_urdb
capacity_line = _m.capacity_line
prorated_basic_charge = _m.prorated_basic_charge
contract_demand = _m.contract_demand
demand_line = _m.demand_line
graduated_demand_lines = _m.graduated_demand_lines
high_load_factor = _m.high_load_factor
ratchet_demand = _m.ratchet_demand
rate_two_part = _m.rate_two_part
cos_phi = _m.cos_phi
pf_adjustment_percent = _m.pf_adjustment_percent
adjustment_table = _m.adjustment_table
power_factor_line = _m.power_factor_line
power_factor_line_from_lines = _m.power_factor_line_from_lines


def shipped_tou_schedule(name: str) -> TouSchedule:
    """A shipped C&I TOU table by file name, e.g. ``"shanghai-1p"`` (see ``data_dir/tou/cn``)."""
    tables = pathlib.Path(__file__).resolve().parent / "data" / "tou" / "cn"
    path = tables / f"{name}.json"
    if not path.exists():
        known = sorted(p.stem for p in tables.glob("*.json"))
        message = f"no shipped TOU table {name!r}; known: {', '.join(known)}"
        error = _core.Error(message)
        error.code, error.message, error.context = "not_found", message, {"name": name}
        raise error
    return load_tou_schedule(str(path))


__all__ = [
    "FixedCharge",
    "RegisterTariff",
    "TieredTariff",
    "TouSchedule",
    "VersionHistory",
    "adjustment_table",
    "capacity_line",
    "contract_demand",
    "cos_phi",
    "demand_line",
    "fixed_charge",
    "flat_tariff",
    "graduated_demand_lines",
    "high_load_factor",
    "import_urdb",
    "load_tou_schedule",
    "pf_adjustment_percent",
    "power_factor_line",
    "power_factor_line_from_lines",
    "prorated_basic_charge",
    "ratchet_demand",
    "rate_two_part",
    "shipped_tou_schedule",
    "tiered_tariff",
    "tou_tariff",
    "version_history",
]
