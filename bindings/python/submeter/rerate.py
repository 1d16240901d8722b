"""submeter.rerate: re-rating and back-billing (include/submeter/rerate).

:func:`rerate_bills` gives the signed adjustment lines (退补) that issued bills owe under a
past-dated price version (RETRO-1..3); issued bills are never edited. :func:`meter_error`,
:func:`wrong_multiplier` and :func:`wrong_wiring` back-bill meter faults (供电营业规则 Art. 80–81).

    >>> from submeter import rerate
    >>> r = rerate.wrong_wiring("1000", "1.5", "0.60")
    >>> r["true_kwh"], r["correction"]
    (Decimal('1500.00'), Decimal('500.00'))

For one release the module itself is also callable as the former function ``submeter.rerate``
(``submeter.rerate(...)`` calls :func:`rerate_bills` with a ``DeprecationWarning``).
"""

import sys as _sys
import types as _types
import warnings as _warnings

from . import _core

_m = _core.rerate

Adjustment = _m.Adjustment

rerate_bills = _m.rerate_bills
meter_error = _m.meter_error
wrong_multiplier = _m.wrong_multiplier
wrong_wiring = _m.wrong_wiring


class _CallableModule(_types.ModuleType):
    """submeter.rerate, callable as the deprecated function of that name (one release)."""

    def __call__(self, *args, **kwargs):
        _warnings.warn("submeter.rerate(...) is deprecated; use submeter.rerate.rerate_bills(...)",
                       DeprecationWarning, stacklevel=2)
        return rerate_bills(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "Adjustment",
    "meter_error",
    "rerate_bills",
    "wrong_multiplier",
    "wrong_wiring",
]
