"""Stubs of submeter.ledger."""

from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple, Union

from .calendar import HolidayCalendar
from .site import Site

DecimalInput = Union[Decimal, int, str]

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

# One outbox row of Prepaid.ingest's and Prepaid.recharge's "outbox" lists (docs/prepaid.md, the
# outbox): "id", "account", "time", then a supply command's "command" ("cut" or "restore"),
# "meter", "utility" and "frame" (its DL/T 645 1C or CJ/T 188 A017 wire frame in hex, "" when the
# site gives the meter no address), or a notification's "notice" and "detail".
_OutboxRow = Dict[str, Optional[str]]

class Prepaid:
    def __init__(self, site: Site) -> None: ...
    def ingest(self, readings: List[Tuple[Any, ...]]) -> List[Dict[str, Any]]: ...
    def recharge(self, account: str, time: str, counter: int, amount: DecimalInput,
                 reference: str = ...) -> Dict[str, Any]: ...
    def tick(self, time: str) -> List[Dict[str, Any]]: ...
    @property
    def accounts(self) -> List[str]: ...
    def balance(self, account: str) -> Decimal: ...
    def deducted(self, meter: str, period: str) -> Decimal: ...
    def daily_deducted(self, account: str, period: str) -> Decimal: ...
    def true_up(self, meter: str, period: str, billed: DecimalInput) -> Decimal: ...
