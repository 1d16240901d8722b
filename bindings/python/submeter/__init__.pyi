from ._core import (
    Bill as Bill,
    Error as Error,
    Line as Line,
    Site as Site,
    Tariff as Tariff,
    Tenant as Tenant,
    Usage as Usage,
    flat_tariff as flat_tariff,
    load_site as load_site,
    tou_tariff as tou_tariff,
)

from . import meters as meters

__version__: str
