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
    Account,
    Bill,
    Error,
    Line,
    Notification,
    Posting,
    RelayDecision,
    Site,
    Statement,
    Tariff,
    Tenant,
    Usage,
    flat_tariff,
    load_site,
    tou_tariff,
)

Error.__module__ = __name__
__version__ = _core.__version__

__all__ = [
    "Account",
    "Bill",
    "Error",
    "Line",
    "Notification",
    "Posting",
    "RelayDecision",
    "Site",
    "Statement",
    "Tariff",
    "Tenant",
    "Usage",
    "flat_tariff",
    "load_site",
    "tou_tariff",
    "__version__",
]
