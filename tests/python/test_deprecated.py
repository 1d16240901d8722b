"""The flat names of earlier releases still work for one release: each gives the same object as
its new name and warns (DeprecationWarning) naming it; none is listed by dir() or __all__."""
import warnings
from decimal import Decimal as D

import pytest

import submeter

# Every flat name of the release before the submodules, and where it lives now.
MOVED = {
    "Account": "ledger.Account",
    "Adjustment": "rerate.Adjustment",
    "Bill": "bill.Bill",
    "DemandPeak": "metering.DemandPeak",
    "FixedCharge": "tariff.FixedCharge",
    "HolidayCalendar": "calendar.HolidayCalendar",
    "Line": "bill.Line",
    "Notification": "ledger.Notification",
    "Posting": "ledger.Posting",
    "PriceVersions": "tariff.VersionHistory",
    "RelayDecision": "ledger.RelayDecision",
    "Statement": "ledger.Statement",
    "Tariff": "tariff.RegisterTariff",
    "Tenant": "site.Tenant",
    "TieredTariff": "tariff.TieredTariff",
    "TouSchedule": "tariff.TouSchedule",
    "Usage": "metering.RegisterUsage",
    "allocate_losses": "allocation.allocate_losses",
    "backbill_meter_error": "rerate.meter_error",
    "backbill_wrong_multiplier": "rerate.wrong_multiplier",
    "backbill_wrong_wiring": "rerate.wrong_wiring",
    "capacity_line": "tariff.capacity_line",
    "check_compliance": "bill.check_compliance",
    "china_calendar": "calendar.china_calendar",
    "contract_demand": "tariff.contract_demand",
    "cos_phi": "tariff.cos_phi",
    "demand_line": "tariff.demand_line",
    "fixed_charge": "tariff.fixed_charge",
    "flat_tariff": "tariff.flat_tariff",
    "graduated_demand_lines": "tariff.graduated_demand_lines",
    "high_load_factor": "tariff.high_load_factor",
    "import_urdb": "tariff.import_urdb",
    "load_calendar": "calendar.load_calendar",
    "load_tou_schedule": "tariff.load_tou_schedule",
    "max_demand": "metering.max_demand",
    "max_demand_array": "metering.max_demand_array",
    "max_demand_by_register": "metering.max_demand_by_register",
    "max_demand_of_lines": "metering.max_demand_of_lines",
    "peaks_for_sharing": "metering.peaks_for_sharing",
    "pf_adjustment_percent": "tariff.pf_adjustment_percent",
    "pf_adjustment_table": "tariff.adjustment_table",
    "power_factor_line": "tariff.power_factor_line",
    "power_factor_line_from_lines": "tariff.power_factor_line_from_lines",
    "price_versions": "tariff.version_history",
    "prorated_basic_charge": "tariff.prorated_basic_charge",
    "ratchet_demand": "tariff.ratchet_demand",
    "rate_two_part": "tariff.rate_two_part",
    "settle_catalogue": "allocation.settle_catalogue",
    "settle_pass_through": "allocation.settle_pass_through",
    "share": "allocation.share",
    "share_lines": "allocation.share_site_lines",
    "share_to_lines": "allocation.share_lines",
    "shipped_tou_schedule": "tariff.shipped_tou_schedule",
    "tiered_tariff": "tariff.tiered_tariff",
    "tou_tariff": "tariff.tou_tariff",
    "transformer_loss": "allocation.transformer_loss_formula",
}


def new_object(path):
    area, name = path.split(".")
    return getattr(getattr(submeter, area), name)


def test_the_package_lists_exactly_these():
    assert submeter._deprecated == MOVED


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_name_warns_and_gives_the_new_object(old):
    with pytest.warns(DeprecationWarning) as caught:
        obj = getattr(submeter, old)
    assert obj is new_object(MOVED[old])
    message = str(caught[0].message)
    assert message.startswith(f"submeter.{old} is deprecated; use submeter.{MOVED[old]}")
    assert caught[0].filename == __file__  # the warning points at the caller


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_names_are_not_public(old):
    assert old not in dir(submeter)
    assert old not in submeter.__all__


def test_share_lines_keeps_its_old_meaning_and_says_so():
    # The flat share_lines was the TP-10 site-line split; allocation.share_lines is the former
    # share_to_lines (the C++ names). The warning says both.
    with pytest.warns(DeprecationWarning, match="former submeter.share_to_lines"):
        old = submeter.share_lines
    assert old is submeter.allocation.share_site_lines
    cap = submeter.tariff.capacity_line("MASTER", 400, 26)
    shares = old([cap], ["A", "B", "C"], [1, 1, 1], "equal")
    assert [s.amount for s in shares] == [D("3466.67"), D("3466.67"), D("3466.66")]


def test_calling_the_rerate_module_is_the_old_function(example_site_dir):
    site = submeter.load_site(example_site_dir)
    issued = [(f"{b.tenant_id}-2026-07", b) for b in site.run("2026-07").bills]
    args = (site.name, issued, "", "v-test", "2026-07-16 00:00", {0: D("0.70")})
    with pytest.warns(DeprecationWarning, match=r"submeter\.rerate\.rerate_bills") as caught:
        old = submeter.rerate(*args)
    assert caught[0].filename == __file__
    new = submeter.rerate.rerate_bills(*args)
    assert [(a.bill_id, a.line_index, a.line.amount) for a in old] == \
        [(a.bill_id, a.line_index, a.line.amount) for a in new]


def test_old_classes_still_match_instances():
    line = submeter.tariff.flat_tariff("f", "0.73").rate("100")[0]
    with pytest.warns(DeprecationWarning):
        assert isinstance(line, submeter.Line)


def test_new_names_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for path in MOVED.values():
            new_object(path)
        assert submeter.load_site is submeter.site.load_site
        assert submeter.Site is submeter.site.Site


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'no_such_thing'"):
        submeter.no_such_thing  # noqa: B018
