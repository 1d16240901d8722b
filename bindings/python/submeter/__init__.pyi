import pathlib

from ._core import (
    DemandPeak as DemandPeak,
    capacity_line as capacity_line,
    contract_demand as contract_demand,
    cos_phi as cos_phi,
    demand_line as demand_line,
    high_load_factor as high_load_factor,
    max_demand as max_demand,
    max_demand_of_lines as max_demand_of_lines,
    peaks_for_sharing as peaks_for_sharing,
    pf_adjustment_percent as pf_adjustment_percent,
    pf_adjustment_table as pf_adjustment_table,
    power_factor_line as power_factor_line,
    power_factor_line_from_lines as power_factor_line_from_lines,
    prorated_basic_charge as prorated_basic_charge,
    ratchet_demand as ratchet_demand,
    share_lines as share_lines,
    graduated_demand_lines as graduated_demand_lines,
    max_demand_by_register as max_demand_by_register,
    rate_two_part as rate_two_part,
    max_demand_array as max_demand_array,
    Bill as Bill,
    Error as Error,
    FixedCharge as FixedCharge,
    HolidayCalendar as HolidayCalendar,
    Line as Line,
    PriceVersions as PriceVersions,
    Site as Site,
    Tariff as Tariff,
    Tenant as Tenant,
    TieredTariff as TieredTariff,
    TouSchedule as TouSchedule,
    Usage as Usage,
    fixed_charge as fixed_charge,
    flat_tariff as flat_tariff,
    import_urdb as import_urdb,
    load_calendar as load_calendar,
    load_site as load_site,
    load_tou_schedule as load_tou_schedule,
    price_versions as price_versions,
    tiered_tariff as tiered_tariff,
    tou_tariff as tou_tariff,
)

__version__: str
data_dir: pathlib.Path

def china_calendar() -> HolidayCalendar: ...
def shipped_tou_schedule(name: str) -> TouSchedule: ...
