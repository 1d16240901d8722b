"""Stubs of submeter.allocation: plain dicts in and out, Decimal values."""

from decimal import Decimal
from typing import Any, Dict, List, Optional, Sequence, Union

from .bill import Line

DecimalInput = Union[Decimal, int, str]

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

def transformer_loss_formula(
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

def share_lines(
    component: str,
    amount: DecimalInput,
    sharers: Sequence[Dict[str, Any]],
    method: Union[str, Dict[str, DecimalInput]],
    *,
    vacancy: str = ...,
    vacant_share: Optional[DecimalInput] = ...,
) -> List[Line]: ...

def share_site_lines(
    site_lines: Sequence[Line],
    tenants: Sequence[str],
    weights: Sequence[DecimalInput],
    basis: str,
) -> List[Line]: ...

def settle_pass_through(
    grid_bill: DecimalInput, end_users: Sequence[Dict[str, Any]]
) -> Dict[str, Any]: ...

def settle_catalogue(
    catalogue_price: DecimalInput, master: DecimalInput, end_users: Sequence[Dict[str, Any]]
) -> Dict[str, Any]: ...
