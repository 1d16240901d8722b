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
    Error,
    Line,
    Site,
    Tariff,
    Tenant,
    Usage,
    allocate_losses,
    check_compliance,
    flat_tariff,
    load_site,
    settle_catalogue,
    settle_pass_through,
    share,
    share_to_lines,
    tou_tariff,
    transformer_loss,
)

Error.__module__ = __name__
__version__ = _core.__version__

__all__ = [
    "Bill",
    "Error",
    "Line",
    "Site",
    "Tariff",
    "Tenant",
    "Usage",
    "allocate_losses",
    "check_compliance",
    "flat_tariff",
    "load_site",
    "settle_catalogue",
    "settle_pass_through",
    "share",
    "share_to_lines",
    "tou_tariff",
    "transformer_loss",
    "__version__",
]
