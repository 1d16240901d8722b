"""Stubs of submeter.rerate."""

from decimal import Decimal
from typing import Any, Dict, List, Tuple, Union

from .bill import Bill, Line

DecimalInput = Union[Decimal, int, str]

class Adjustment:
    @property
    def bill_id(self) -> str: ...
    @property
    def line_index(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def line(self) -> Line: ...

def rerate_bills(
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

def meter_error(
    monthly: List[DecimalInput],
    months_in_period: int,
    error_pct: DecimalInput,
    tolerance_pct: DecimalInput,
    basis: str,
    price: DecimalInput,
    meter_id: str = ...,
) -> Dict[str, Any]: ...

def wrong_multiplier(
    billed: DecimalInput,
    used: Tuple[int, int],
    actual: Tuple[int, int],
    price: DecimalInput,
    meter_id: str = ...,
) -> Dict[str, Any]: ...

def wrong_wiring(
    recorded: DecimalInput, k: DecimalInput, price: DecimalInput, meter_id: str = ...
) -> Dict[str, Any]: ...
