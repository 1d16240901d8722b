"""submeter.allocation: losses, sharing and 转供电 settlement (include/submeter/allocation).

    >>> from submeter import allocation
    >>> allocation.share("100.00", [{"id": "A", "area": 120}, {"id": "B", "area": 80}], "area")
    {'A': Decimal('60.00'), 'B': Decimal('40.00')}

Plain dicts and lists in and out, ``Decimal`` values; splits use largest remainder, so the parts
add up to the whole exactly. :func:`share_lines` turns a site-level amount into one bill line per
sharer; :func:`share_site_lines` splits site bill lines among tenants by weights.
"""

from . import _core

_m = _core.allocation

allocate_losses = _m.allocate_losses
transformer_loss_formula = _m.transformer_loss_formula
share = _m.share
share_lines = _m.share_lines
share_site_lines = _m.share_site_lines
settle_pass_through = _m.settle_pass_through
settle_catalogue = _m.settle_catalogue

__all__ = [
    "allocate_losses",
    "settle_catalogue",
    "settle_pass_through",
    "share",
    "share_lines",
    "share_site_lines",
    "transformer_loss_formula",
]
