"""submeter.bill: the vocabulary every rule writes (include/submeter/bill).

A :class:`Line` is one charged line (component, meter, quantity, unit price, amount, rounding,
explanation); a :class:`Bill` is a tenant's lines and total. :func:`check_compliance` runs the
转供电 checks (rules.md SUP-1, SUP-2, SUP-5) over users' lines.

    >>> from submeter import bill, tariff
    >>> lines = tariff.flat_tariff("flat", "0.73").rate("1000")
    >>> bill.check_compliance("catalogue_price", "730.00", {"T1": lines},
    ...                       catalogue_price="0.73")["compliant"]
    True
"""

from . import _core

_m = _core.bill

Line = _m.Line
Bill = _m.Bill

check_compliance = _m.check_compliance

__all__ = [
    "Bill",
    "Line",
    "check_compliance",
]
