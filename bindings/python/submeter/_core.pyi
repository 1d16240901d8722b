from decimal import Decimal
from os import PathLike
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple, Union

DecimalInput = Union[Decimal, int, str]

__version__: str

class Error(ValueError):
    code: str
    message: str
    context: Dict[str, str]

class Line:
    @property
    def component(self) -> str: ...
    @property
    def meter_id(self) -> str: ...
    @property
    def register(self) -> int: ...
    @property
    def register_name(self) -> str: ...
    @property
    def quantity(self) -> Decimal: ...
    @property
    def unit(self) -> str: ...
    @property
    def unit_price(self) -> Decimal: ...
    @property
    def price_unit(self) -> str: ...
    @property
    def tier(self) -> int: ...
    @property
    def version(self) -> str: ...
    @property
    def window(self) -> Optional[Tuple[str, str]]: ...
    @property
    def split_method(self) -> str: ...
    @property
    def unrounded(self) -> Decimal: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def rounding(self) -> str: ...
    @property
    def explanation(self) -> str: ...

class Usage:
    @property
    def meter_id(self) -> str: ...
    @property
    def multiplier(self) -> Decimal: ...
    @property
    def from_time(self) -> str: ...
    @property
    def to_time(self) -> str: ...
    @property
    def total(self) -> Decimal: ...
    @property
    def registers(self) -> Dict[int, Decimal]: ...

class Bill:
    @property
    def tenant_id(self) -> str: ...
    @property
    def tenant_name(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def tariff_id(self) -> str: ...
    @property
    def usages(self) -> List[Usage]: ...
    @property
    def lines(self) -> List[Line]: ...
    @property
    def rounding(self) -> str: ...
    @property
    def unrounded_total(self) -> Decimal: ...
    @property
    def total(self) -> Decimal: ...
    @property
    def history(self) -> List[Tuple[str, Decimal]]: ...
    @property
    def account(self) -> Optional[Dict[str, Any]]: ...

class Tariff:
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

class Tenant:
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def tariff_id(self) -> str: ...
    @property
    def meter_ids(self) -> List[str]: ...

class Site:
    @property
    def name(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def rounding(self) -> str: ...
    @property
    def tenants(self) -> List[Tenant]: ...
    @property
    def tariffs(self) -> List[Tariff]: ...
    def bill(self, period: str) -> List[Bill]: ...
    def render(self, period: str, format: str = ..., report: bool = ...) -> str: ...
    def report(self, period: str) -> str: ...

def load_site(path: Union[str, "PathLike[str]"]) -> Site: ...
def flat_tariff(id: str, energy_price: DecimalInput) -> Tariff: ...
def tou_tariff(id: str, prices: Dict[int, DecimalInput]) -> Tariff: ...

# Allocation (docs/allocation.md): plain dicts in and out, Decimal values.
def allocate_losses(
    meters: Sequence[Dict[str, Any]],
    readings: Dict[str, DecimalInput],
    *,
    medium: str = ...,
    cap: Optional[DecimalInput] = ...,
    cap_mode: str = ...,
    unit: Optional[DecimalInput] = ...,
    added_losses: Dict[str, DecimalInput] = ...,
) -> Dict[str, Any]: ...
def transformer_loss(
    p0: DecimalInput,
    pk: DecimalInput,
    sn: DecimalInput,
    hours: DecimalInput,
    active: DecimalInput,
    reactive: DecimalInput,
    *,
    k: Optional[DecimalInput] = ...,
    i_rms: Optional[DecimalInput] = ...,
    i_avg: Optional[DecimalInput] = ...,
    unit: DecimalInput = ...,
) -> Dict[str, Decimal]: ...
def share(
    total: DecimalInput,
    sharers: Sequence[Dict[str, Any]],
    method: Union[str, Dict[str, DecimalInput]],
    *,
    vacancy: str = ...,
    vacant_share: Optional[DecimalInput] = ...,
    unit: DecimalInput = ...,
    quantity: str = ...,
) -> Dict[str, Decimal]: ...
def share_to_lines(
    component: str,
    amount: DecimalInput,
    sharers: Sequence[Dict[str, Any]],
    method: Union[str, Dict[str, DecimalInput]],
    *,
    vacancy: str = ...,
    vacant_share: Optional[DecimalInput] = ...,
) -> List[Line]: ...
def settle_pass_through(
    grid_bill: DecimalInput, end_users: Sequence[Dict[str, Any]]
) -> Dict[str, Any]: ...
def settle_catalogue(
    catalogue_price: DecimalInput, master: DecimalInput, end_users: Sequence[Dict[str, Any]]
) -> Dict[str, Any]: ...
def check_compliance(
    mode: str,
    master_bill: DecimalInput,
    bills: Dict[str, List[Line]],
    *,
    catalogue_price: Optional[DecimalInput] = ...,
    uplift_flat_price: Optional[DecimalInput] = ...,
    uplift_cap: Optional[DecimalInput] = ...,
    landlord_own_use: Sequence[str] = ...,
) -> Dict[str, Any]: ...
class HolidayCalendar:
    @property
    def name(self) -> str: ...
    def kind_of(self, day: str) -> str: ...
    def name_of(self, day: str) -> Optional[str]: ...

class TouSchedule:
    @property
    def name(self) -> str: ...
    @property
    def registers(self) -> Dict[int, str]: ...
    def register_at(self, time: str, calendar: HolidayCalendar) -> int: ...
    def classify(
        self, start: str, step_minutes: int, values: Any, calendar: HolidayCalendar
    ) -> Dict[int, Decimal]: ...

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

class PriceVersions:
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

def load_calendar(path: str) -> HolidayCalendar: ...
def load_tou_schedule(path: str) -> TouSchedule: ...
def tiered_tariff(
    id: str,
    shape: str,
    bounds: List[DecimalInput],
    prices: Dict[int, List[DecimalInput]],
    adders: Optional[List[DecimalInput]] = ...,
    basis: str = ...,
) -> TieredTariff: ...
def price_versions(
    registers: Dict[int, str], versions: List[Tuple[str, str, Dict[int, DecimalInput]]]
) -> PriceVersions: ...
def fixed_charge(
    name: str, rate: DecimalInput, cycle: str = ..., proration: str = ..., days: str = ...
) -> FixedCharge: ...
def import_urdb(path: str, shape: str) -> Tuple[TouSchedule, TieredTariff]: ...

class Adjustment:
    @property
    def bill_id(self) -> str: ...
    @property
    def line_index(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def line(self) -> Line: ...

def rerate(
    site_id: str,
    bills: List[Tuple[str, Bill]],
    tariff_id: str,
    version: str,
    effective: str,
    prices: Dict[Any, DecimalInput],
    *,
    earlier: List[Adjustment] = ...,
    reads: Dict[Tuple[str, int], DecimalInput] = ...,
    document: str = ...,
) -> List[Adjustment]: ...
def backbill_meter_error(
    monthly: List[DecimalInput],
    months_in_period: int,
    error_pct: DecimalInput,
    tolerance_pct: DecimalInput,
    basis: str,
    price: DecimalInput,
    meter_id: str = ...,
) -> Dict[str, Any]: ...
def backbill_wrong_multiplier(
    billed: DecimalInput,
    used: Tuple[int, int],
    actual: Tuple[int, int],
    price: DecimalInput,
    meter_id: str = ...,
) -> Dict[str, Any]: ...
def backbill_wrong_wiring(
    recorded: DecimalInput, k: DecimalInput, price: DecimalInput, meter_id: str = ...
) -> Dict[str, Any]: ...

# Two-part tariffs (issue 5).
class DemandPeak:
    @property
    def demand(self) -> Decimal: ...
    @property
    def window_sum(self) -> Decimal: ...
    @property
    def window_begin(self) -> str: ...
    @property
    def window_end(self) -> str: ...
    @property
    def windows_evaluated(self) -> int: ...
    @property
    def unit(self) -> str: ...

def max_demand(
    start: str,
    step_minutes: int,
    values: Sequence[DecimalInput],
    method: str = ...,
    window_minutes: int = ...,
    slide_minutes: int = ...,
    kind: str = ...,
    unit: str = ...,
) -> DemandPeak: ...
def max_demand_of_lines(
    start: str,
    step_minutes: int,
    lines: Sequence[Sequence[DecimalInput]],
    method: str = ...,
    window_minutes: int = ...,
    slide_minutes: int = ...,
) -> Tuple[List[DemandPeak], Decimal]: ...
def peaks_for_sharing(
    start: str,
    step_minutes: int,
    site: Sequence[DecimalInput],
    tenants: Sequence[Sequence[DecimalInput]],
    method: str = ...,
    window_minutes: int = ...,
    slide_minutes: int = ...,
) -> Dict[str, Any]: ...
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
def cos_phi(
    wp: DecimalInput, wq_import: DecimalInput, wq_export: Optional[DecimalInput] = ...
) -> Decimal: ...
def pf_adjustment_percent(standard: str, cos_phi: DecimalInput) -> Decimal: ...
def pf_adjustment_table(standard: str) -> List[Tuple[Decimal, Decimal]]: ...
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
def share_lines(
    site_lines: Sequence[Line],
    tenants: Sequence[str],
    weights: Sequence[DecimalInput],
    basis: str,
) -> List[Line]: ...
def max_demand_by_register(
    start: str,
    step_minutes: int,
    values: Sequence[DecimalInput],
    registers: Sequence[int],
    method: str = ...,
    window_minutes: int = ...,
    slide_minutes: int = ...,
    kind: str = ...,
) -> Dict[int, DemandPeak]: ...
def graduated_demand_lines(
    meter_id: str,
    rate_register: int,
    register_name: str,
    demand: DecimalInput,
    tiers: Sequence[Tuple[Optional[DecimalInput], DecimalInput]],
) -> List[Line]: ...
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
def max_demand_array(
    start: str,
    step_minutes: int,
    values: Any,
    method: str = ...,
    window_minutes: int = ...,
    slide_minutes: int = ...,
    kind: str = ...,
    unit: str = ...,
) -> DemandPeak: ...
# ---- ledger (register_ledger.cpp) ----------------------------------------------------------------

class Notification:
    @property
    def code(self) -> str: ...
    @property
    def detail(self) -> str: ...

class Posting:
    @property
    def status(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def entry(self) -> Optional[Dict[str, object]]: ...
    @property
    def notifications(self) -> List[Notification]: ...
    @property
    def accepted(self) -> bool: ...

class Statement:
    account_id: str
    opening_balance: Decimal
    recharges: Decimal
    electricity: Decimal
    electricity_kwh: Decimal
    water: Decimal
    water_m3: Decimal
    fees: Decimal
    adjustments: Decimal
    refunds: Decimal
    reversals: Decimal
    settlements: Decimal
    closing_balance: Decimal
    closing_arrears: Decimal
    entries: List[Dict[str, object]]

class RelayDecision:
    cut: bool
    closed: bool
    reasons: List[str]

class Account:
    def __init__(self, id: str, meters: List[Tuple[str, str]], mode: str = ...,
                 alarm1: DecimalInput = ..., alarm2: DecimalInput = ...,
                 overdraft_limit: DecimalInput = ..., close_limit: DecimalInput = ...,
                 hoarding_limit: Optional[DecimalInput] = ...,
                 balance_alarms: List[DecimalInput] = ..., allow_counter_gap: bool = ...,
                 notice_minutes: int = ..., no_cut_windows: List[Tuple[Any, ...]] = ...,
                 holidays: Optional[HolidayCalendar] = ...) -> None: ...
    def recharge(self, time: str, meter: str, counter: int, amount: DecimalInput,
                 channel: str = ..., reference: str = ...) -> Posting: ...
    def deduct(self, time: str, key: str, amount: DecimalInput, meter: str = ...,
               kwh: Optional[DecimalInput] = ..., m3: Optional[DecimalInput] = ...,
               reading: Optional[DecimalInput] = ..., reference: str = ...) -> Posting: ...
    def charge(self, time: str, key: str, amount: DecimalInput, reference: str = ...) -> Posting: ...
    def refund(self, time: str, key: str, amount: DecimalInput) -> Posting: ...
    def reverse(self, time: str, key: str, entry: int) -> Posting: ...
    def adjust(self, time: str, key: str, amount: DecimalInput, reference: str = ...) -> Posting: ...
    def replace_meter(self, time: str, key: str, old_meter: str, final_reading: DecimalInput,
                      new_meter: str, initial_reading: DecimalInput) -> Posting: ...
    def remote(self, time: str, command: str, key: str = ...) -> Posting: ...
    def local_restore(self, time: str, key: str = ...) -> Posting: ...
    def tick(self, time: str, key: str = ...) -> Posting: ...
    def close(self, time: str, key_prefix: str = ...,
              finals: List[Tuple[str, DecimalInput, DecimalInput]] = ...,
              charges: List[Tuple[str, DecimalInput]] = ...) -> Dict[str, object]: ...
    def statement(self, from_time: str, to_time: str) -> Statement: ...
    def decision(self, now: str) -> RelayDecision: ...
    id: str
    balance: Decimal
    available: Decimal
    arrears: Decimal
    cumulative_purchased: Decimal
    level: str
    relay: str
    lock: str
    protected: bool
    closed: bool
    pending_cut: Optional[str]
    entries: List[Dict[str, object]]
