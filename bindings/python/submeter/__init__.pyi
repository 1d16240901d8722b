from ._core import (
    Account as Account,
    Bill as Bill,
    Error as Error,
    Line as Line,
    Notification as Notification,
    Posting as Posting,
    RelayDecision as RelayDecision,
    Statement as Statement,
    Site as Site,
    Tariff as Tariff,
    Tenant as Tenant,
    Usage as Usage,
    flat_tariff as flat_tariff,
    load_site as load_site,
    tou_tariff as tou_tariff,
)

__version__: str
