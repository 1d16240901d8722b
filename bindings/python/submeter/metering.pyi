"""Stubs of submeter.metering."""

from decimal import Decimal
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

DecimalInput = Union[Decimal, int, str]

class RegisterUsage:
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

class RegisterValue:
    def __init__(
        self,
        meter_id: str,
        register_number: int,
        time: str,
        value: DecimalInput,
        received: Optional[str] = ...,
        source: str = ...,
        quality: str = ...,
    ) -> None: ...
    @property
    def meter_id(self) -> str: ...
    @property
    def register_number(self) -> int: ...
    @property
    def time(self) -> str: ...
    @property
    def received(self) -> Optional[str]: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def source(self) -> str: ...
    @property
    def quality(self) -> str: ...

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
