from ._core import (
    Bill as Bill,
    Error as Error,
    Line as Line,
    Site as Site,
    Tariff as Tariff,
    Tenant as Tenant,
    Usage as Usage,
    allocate_losses as allocate_losses,
    check_compliance as check_compliance,
    flat_tariff as flat_tariff,
    load_site as load_site,
    settle_catalogue as settle_catalogue,
    settle_pass_through as settle_pass_through,
    share as share,
    share_to_lines as share_to_lines,
    tou_tariff as tou_tariff,
    transformer_loss as transformer_loss,
)

__version__: str
