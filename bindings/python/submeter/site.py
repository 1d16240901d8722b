"""submeter.site: whole sites (site.json + readings), billed as ``submeter bill`` does.

    >>> from submeter import site
    >>> run = site.load_site("examples/site").run("2026-07")
    >>> run.bills[0].total
    Decimal('904537.85')

:meth:`Site.run` bills every tenant once and returns a :class:`SiteRun` with the ``bills``, the
site ``report`` and ``render()``; :meth:`Site.bill`, :meth:`Site.render` and :meth:`Site.report`
each do one run. ``submeter.load_site`` and ``submeter.Site`` are the same objects.

A site can also be billed in parts (consecutive ranges of its tenants) with the same bills and
report, as :mod:`submeter.distributed` does on Dask: :meth:`Site.split`, :meth:`Site.usage_part`
(phase 1, a :class:`UsagePart`, whose :meth:`UsagePart.quantities` are joined with
:meth:`Quantities.join`), :meth:`Site.totals` (the reduce: :class:`Totals`, whose
:meth:`Totals.split_shares` hands each part its :class:`Shares`), :meth:`Site.bill_part` (phase 2,
a :class:`BillsPart`), :meth:`ReportPart.join`, and the bills JSON in parts
(:meth:`Site.json_head`, :meth:`BillsPart.write_json`, :meth:`Site.json_tail`).
"""

from . import _core

_m = _core.site

Site = _m.Site
SiteRun = _m.SiteRun
Tenant = _m.Tenant
BillsPart = _m.BillsPart
Quantities = _m.Quantities
ReportPart = _m.ReportPart
Shares = _m.Shares
Totals = _m.Totals
UsagePart = _m.UsagePart

# Pickled by the name a worker can import (submeter._core.site is not an importable module).
for _cls in (Quantities, ReportPart, Shares, Totals):
    _cls.__module__ = __name__

load_site = _m.load_site

__all__ = [
    "BillsPart",
    "Quantities",
    "ReportPart",
    "Shares",
    "Site",
    "SiteRun",
    "Tenant",
    "Totals",
    "UsagePart",
    "load_site",
]
