import pathlib

from ._core import (
    Account as Account,
    Adjustment as Adjustment,
    Bill as Bill,
    Error as Error,
    FixedCharge as FixedCharge,
    HolidayCalendar as HolidayCalendar,
    Line as Line,
    Notification as Notification,
    Posting as Posting,
    PriceVersions as PriceVersions,
    RelayDecision as RelayDecision,
    Statement as Statement,
    Site as Site,
    Tariff as Tariff,
    Tenant as Tenant,
    TieredTariff as TieredTariff,
    TouSchedule as TouSchedule,
    Usage as Usage,
    allocate_losses as allocate_losses,
    backbill_meter_error as backbill_meter_error,
    backbill_wrong_multiplier as backbill_wrong_multiplier,
    backbill_wrong_wiring as backbill_wrong_wiring,
    check_compliance as check_compliance,
    fixed_charge as fixed_charge,
    flat_tariff as flat_tariff,
    import_urdb as import_urdb,
    load_calendar as load_calendar,
    load_site as load_site,
    load_tou_schedule as load_tou_schedule,
    price_versions as price_versions,
    rerate as rerate,
    settle_catalogue as settle_catalogue,
    settle_pass_through as settle_pass_through,
    share as share,
    share_to_lines as share_to_lines,
    tiered_tariff as tiered_tariff,
    tou_tariff as tou_tariff,
    transformer_loss as transformer_loss,
)

from . import meters as meters

__version__: str
data_dir: pathlib.Path

def china_calendar() -> HolidayCalendar: ...
def shipped_tou_schedule(name: str) -> TouSchedule: ...
