"""Stubs of submeter.tariff."""

from decimal import Decimal
from os import PathLike
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple, Union

from .bill import Line
from .calendar import HolidayCalendar

DecimalInput = Union[Decimal, int, str]

class RegisterTariff:
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def prices(self) -> Dict[int, Decimal]: ...
    def rate(
        self,
        total: DecimalInput,
        registers: Dict[int, DecimalInput] = ...,
        *,
        meter_id: str = ...,
        scope: str = ...,
        places: int = ...,
        mode: str = ...,
    ) -> List[Line]: ...

def flat_tariff(id: str, energy_price: DecimalInput) -> RegisterTariff: ...

def tou_tariff(id: str, prices: Dict[int, DecimalInput]) -> RegisterTariff: ...

class TouSchedule:
    @property
    def name(self) -> str: ...
    @property
    def registers(self) -> Dict[int, str]: ...
    def register_at(self, time: str, calendar: HolidayCalendar) -> int: ...
    def classify(
        self, start: str, step_minutes: int, values: Any, calendar: HolidayCalendar
    ) -> Dict[int, Decimal]: ...

def load_tou_schedule(path: Union[str, bytes, "PathLike[str]", "PathLike[bytes]"]) -> TouSchedule: ...
def shipped_tou_schedule(name: str) -> TouSchedule: ...

class TieredTariff:
    @property
    def id(self) -> str: ...
    @property
    def shape(self) -> str: ...
    def rate(
        self,
        use: List[Tuple[int, DecimalInput]],
        before: DecimalInput = ...,
        days: int = ...,
        *,
        meter_id: str = ...,
        scope: str = ...,
        places: int = ...,
        mode: str = ...,
        billing_demand: Optional[DecimalInput] = ...,
    ) -> Dict[str, Any]: ...
    def rate_by_day(
        self,
        reads: List[Tuple[int, str, str, DecimalInput]],
        *,
        meter_id: str = ...,
        scope: str = ...,
        places: int = ...,
        mode: str = ...,
    ) -> Dict[str, Any]: ...

def tiered_tariff(
    id: str,
    shape: str,
    bounds: List[DecimalInput],
    prices: Dict[int, List[DecimalInput]],
    adders: Optional[List[DecimalInput]] = ...,
    basis: str = ...,
) -> TieredTariff: ...

class VersionHistory:
    @property
    def ids(self) -> List[str]: ...
    def rate(
        self,
        from_reading: Dict[str, Any],
        to_reading: Dict[str, Any],
        reads: List[Dict[str, Any]] = ...,
        *,
        meter_id: str = ...,
        multiplier: DecimalInput = ...,
        scope: str = ...,
        places: int = ...,
        mode: str = ...,
    ) -> List[Line]: ...

def version_history(
    registers: Dict[int, str], versions: List[Tuple[str, str, Dict[int, DecimalInput]]]
) -> VersionHistory: ...

class FixedCharge:
    @property
    def name(self) -> str: ...
    def amount(self, start: str, end: str) -> Decimal: ...
    def charge(
        self,
        start: str,
        end: str,
        *,
        meter_id: str = ...,
        scope: str = ...,
        places: int = ...,
        mode: str = ...,
    ) -> Line: ...

def fixed_charge(
    name: str, rate: DecimalInput, cycle: str = ..., proration: str = ..., days: str = ...
) -> FixedCharge: ...

def import_urdb(path: Union[str, bytes, "PathLike[str]", "PathLike[bytes]"], shape: str) -> Tuple[TouSchedule, TieredTariff]: ...

def capacity_line(
    meter_id: str, kva: DecimalInput, price: DecimalInput, days: Optional[int] = ...
) -> Line: ...

def prorated_basic_charge(
    component: str, meter_id: str, monthly: DecimalInput, days: int
) -> Line: ...

def contract_demand(
    declared: DecimalInput, transformer_kva: DecimalInput, hv_motor_kw: DecimalInput = ...
) -> Dict[str, Any]: ...

def demand_line(
    meter_id: str,
    max_demand: DecimalInput,
    contract: Optional[DecimalInput],
    price: DecimalInput,
    excess_rule: str = ...,
    price_factor: DecimalInput = ...,
) -> Line: ...

def graduated_demand_lines(
    meter_id: str,
    rate_register: int,
    register_name: str,
    demand: DecimalInput,
    tiers: Sequence[Tuple[Optional[DecimalInput], DecimalInput]],
) -> List[Line]: ...

def high_load_factor(
    metering_point_kwh: Sequence[DecimalInput], contract_kva: DecimalInput
) -> Dict[str, Any]: ...

def ratchet_demand(
    minimum: DecimalInput,
    lookback_months: int,
    percent_by_month: Sequence[DecimalInput],
    current_counts: Sequence[bool],
    current: str,
    current_peak: DecimalInput,
    history: Dict[str, DecimalInput],
) -> Tuple[Decimal, str, Optional[str]]: ...

def rate_two_part(
    meter_id: str,
    *,
    basis: str,
    capacity_kva: DecimalInput = ...,
    capacity_price: DecimalInput = ...,
    demand_price: DecimalInput = ...,
    declared_contract: Optional[DecimalInput] = ...,
    hv_motor_kw: DecimalInput = ...,
    excess_rule: str = ...,
    high_load_discount: bool = ...,
    pf_standard: Optional[str] = ...,
    pf_base: Optional[Set[str]] = ...,
    max_demand: DecimalInput = ...,
    metering_point_kwh: Sequence[DecimalInput] = ...,
    active_kwh: DecimalInput = ...,
    reactive_import: DecimalInput = ...,
    reactive_export: Optional[DecimalInput] = ...,
    days_used: Optional[int] = ...,
    energy_lines: Sequence[Line] = ...,
) -> Tuple[List[Line], List[Dict[str, Any]]]: ...

def cos_phi(
    wp: DecimalInput, wq_import: DecimalInput, wq_export: Optional[DecimalInput] = ...
) -> Decimal: ...

def pf_adjustment_percent(standard: str, cos_phi: DecimalInput) -> Decimal: ...

def adjustment_table(standard: str) -> List[Tuple[Decimal, Decimal]]: ...

def power_factor_line(
    meter_id: str, base: DecimalInput, standard: str, cos_phi: DecimalInput
) -> Line: ...

def power_factor_line_from_lines(
    meter_id: str,
    lines: Sequence[Line],
    wp: DecimalInput,
    wq_import: DecimalInput,
    wq_export: Optional[DecimalInput] = ...,
    standard: str = ...,
    base: Optional[Set[str]] = ...,
) -> Line: ...
