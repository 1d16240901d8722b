"""Re-rating from Python: retroactive price adjustment of the sample site's bills and the
back-billing functions (figures restate tests/rerate and the vectors)."""
from decimal import Decimal as D

import pytest

import submeter


@pytest.fixture
def july(v0_sample_dir):
    site = submeter.load_site(str(v0_sample_dir))
    return [(f"{b.tenant_id}-2026-07", b) for b in site.bill("2026-07")]


def test_price_cut_from_mid_month_refunds_flat_tenants(july):
    tariff = "flat-general"
    flat = [(i, b) for i, b in july if b.tariff_id == tariff]
    old = flat[0][1].lines[0].unit_price
    adj = submeter.rerate.rerate_bills("demo", july, tariff, "flat-2026b", "2026-07-16 00:00",
                                       {0: old - D("0.10")})
    assert adj, "a price cut must refund someone"
    assert {a.kind for a in adj} == {"refund"}
    for a in adj:
        assert a.line.component == "adjustment"
        assert a.line.version == "flat-2026b"
        assert a.line.split_method.startswith("by days")
        assert a.line.unit_price == D("-0.10")
        assert a.bill_id in {i for i, _ in flat}
    # Again with the same version: nothing more is due.
    # The worked case of docs/rerate.md: flat-general cut from 0.73 to 0.63 on 16 July.
    assert old == D("0.73")
    assert [(a.bill_id, a.line.meter_id, a.line.quantity, a.line.amount) for a in adj] == [
        ("T-05-2026-07", "M-006", D("4484.82"), D("-448.48")),
        ("T-06-2026-07", "M-007", D("1044.28"), D("-104.43")),
        ("T-06-2026-07", "M-008", D("1482.11"), D("-148.21")),
        ("T-11-2026-07", "M-013", D("2768.37"), D("-276.84"))]
    assert sum(a.line.amount for a in adj) == D("-977.96")
    assert submeter.rerate.rerate_bills("demo", july, tariff, "flat-2026b", "2026-07-16 00:00",
                                        {0: old - D("0.10")}, earlier=adj) == []
    # Back to the old price: the refunds are cancelled to the fen.
    undo = submeter.rerate.rerate_bills("demo", july, tariff, "flat-2026c", "2026-07-16 00:00",
                                        {0: old}, earlier=adj)
    assert sum(a.line.amount for a in adj) + sum(a.line.amount for a in undo) == 0


def test_rerate_refuses_another_sites_change_after_the_windows(july):
    with pytest.raises(submeter.Error) as e:
        submeter.rerate.rerate_bills("demo", july, "", "v", "2027-01-01 00:00", {0: D("1")})
    assert e.value.code == "out_of_order"
    with pytest.raises(TypeError):
        submeter.rerate.rerate_bills("demo", july, "", "v", "2026-07-16 00:00", {0: 0.5})


def test_backbilling_vectors():
    fast = submeter.rerate.meter_error(
        [D(x) for x in ("4680", "5200", "4160", "5720", "5200", "5200", "4680", "5720", "6240",
                        "4160")], 10, D("4"), D("2"), "recent_half", D("0.65"))
    assert (fast["basis"], fast["true_kwh"], fast["correction"]) == (D(26000), D(25000), D(-1000))
    assert fast["direction"] == "refund"
    assert fast["lines"][0].amount == D("-650.00")
    ct = submeter.rerate.wrong_multiplier(D(9000), (600, 5), (400, 5), D("0.80"))
    assert ct["correction"] == D(-3000)
    assert ct["lines"][0].amount == D("-2400.00")
    wiring = submeter.rerate.wrong_wiring(D(8000), D(3), D("0.80"))
    assert wiring["lines"][0].amount == D("12800.00")
