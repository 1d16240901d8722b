"""submeter.site: whole sites (site.json + readings), billed as ``submeter bill`` does.

    >>> from submeter import site
    >>> run = site.load_site("examples/site").run("2026-07")
    >>> run.bills[0].total
    Decimal('482282.26')

:meth:`Site.run` bills every tenant once and returns a :class:`SiteRun` with the ``bills``, the
site ``report`` and ``render()``; :meth:`Site.bill`, :meth:`Site.render` and :meth:`Site.report`
each do one run. ``submeter.load_site`` and ``submeter.Site`` are the same objects.
"""

from . import _core

_m = _core.site

Site = _m.Site
SiteRun = _m.SiteRun
Tenant = _m.Tenant

load_site = _m.load_site

__all__ = [
    "Site",
    "SiteRun",
    "Tenant",
    "load_site",
]
