"""The tariff engine from Python: calendars, TOU schedules, NumPy classification, tiers,
price versions, fixed charges and the URDB importer. Figures restate the C++ tests'."""
import threading
from decimal import Decimal

import numpy as np
import pytest

import submeter

D = Decimal


@pytest.fixture(scope="module")
def cn():
    return submeter.calendar.china_calendar()


def test_china_calendar_holidays_and_swapped_workdays(cn):
    assert cn.kind_of("2024-10-01") == "holiday"
    assert cn.name_of("2024-10-01") == "国庆节"
    assert cn.kind_of("2024-09-29") == "swapped_workday"  # a Sunday worked for 国庆节
    assert cn.kind_of("2024-09-28") == "saturday"
    assert cn.kind_of("2024-09-30") == "workday"
    assert cn.name_of("2024-09-30") is None
    with pytest.raises(submeter.Error) as e:
        cn.kind_of("2024-13-01")
    assert e.value.code == "parse"


def test_shipped_tables_and_unknown_names():
    s = submeter.tariff.shipped_tou_schedule("shanghai-1p")
    assert set(s.registers) <= set(range(1, 9))
    with pytest.raises(submeter.Error) as e:
        submeter.tariff.shipped_tou_schedule("atlantis")
    assert e.value.code == "not_found"
    assert "shanghai-1p" in str(e.value)


def test_classify_numpy_matches_register_at(cn):
    s = submeter.tariff.shipped_tou_schedule("shanghai-1p")
    # One July workday of 15-minute intervals, 0.25 kWh each (2,500 mantissas at 1e-4 kWh).
    values = np.full(96, 2500, dtype=np.int64)
    got = s.classify("2026-07-15 00:00", 15, values, cn)
    expected = {}
    for i in range(96):
        hh, mm = divmod(i * 15, 60)
        reg = s.register_at(f"2026-07-15 {hh:02d}:{mm:02d}", cn)
        expected[reg] = expected.get(reg, D(0)) + D("0.25")
    assert {k: v for k, v in got.items() if v} == expected
    assert sum(got.values()) == D(24)


def test_classify_refuses_floats_and_releases_the_gil(cn):
    s = submeter.tariff.shipped_tou_schedule("zhejiang")
    with pytest.raises(TypeError):
        s.classify("2026-07-01 00:00", 15, np.ones(96, dtype=np.float64), cn)
    month = np.arange(2976, dtype=np.int64)
    results = [None] * 4

    def work(k):
        results[k] = s.classify("2026-07-01 00:00", 15, month, cn)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == results[0] for r in results)
    assert sum(results[0].values()) == D(int(month.sum())) / 10000


def test_tier_adders_zhejiang_vector():
    # tiers.json tier-zj-tou-1: 600 kWh from 2,500 (peak 400, valley 200) → 301.80.
    t = submeter.tariff.tiered_tariff("zj", "adder", [D(2760), D(4800)],
                                      {2: [D("0.568")], 4: [D("0.288")]},
                                      adders=[D(0), D("0.05"), D("0.30")])
    r = t.rate([(2, D(400)), (4, D(200))], before=D(2500), days=31)
    assert sum(line.amount for line in r["lines"]) == D("301.80")
    assert r["per_tier"] == [D(260), D(340), D(0)]
    assert r["after"] == D(3100)
    adder = r["lines"][-1]
    assert (adder.component, adder.tier, adder.amount) == ("tier_adder", 2, D("17.00"))


def test_per_kw_bounds_follow_the_billing_demand():
    # tiers_test TierLadder.PerKwBoundsFollowTheBillingDemand: 200 kWh/kW × 250 kW = 50,000 kWh.
    t = submeter.tariff.tiered_tariff("hu", "pooled", [D(200)], {0: [D("0.10"), D("0.05")]},
                                      basis="per_kw")
    r = t.rate([(0, D(80000))], days=31, billing_demand=D(250))
    assert [line.amount for line in r["lines"]] == [D("5000.00"), D("1500.00")]
    assert "200 kWh/kW × 250 kW = 50,000.00 kWh" in r["lines"][0].explanation
    with pytest.raises(submeter.Error) as e:
        t.rate([(0, D(1))])
    assert e.value.code == "invalid_argument"
    with pytest.raises(TypeError):
        t.rate([(0, D(1))], billing_demand=250.0)


def test_daily_tiers_split_a_long_read():
    # tariff-core tc_daily_blocks_long_read_split, in kWh: 300 over two days → 200 + 100.
    t = submeter.tariff.tiered_tariff("g", "pooled", [D(100)], {0: [D("0.1"), D("0.2")]},
                                      basis="daily")
    r = t.rate_by_day([(0, "2026-01-01 00:00", "2026-01-03 00:00", D(300))], scope="total_only")
    assert r["per_tier"] == [D(200), D(100)]
    assert [line.amount for line in r["lines"]] == [D(20), D(20)]
    assert [w["code"] for w in r["warnings"]] == ["reading_split_by_day"]
    with pytest.raises(submeter.Error) as e:
        t.rate([(0, D(1))], days=2)
    assert e.value.code == "invalid_argument"


def test_tier_shapes_are_explicit():
    with pytest.raises(submeter.Error) as e:
        submeter.tariff.tiered_tariff("x", "auto", [D(100)], {0: [D(1), D(2)]})
    assert e.value.code == "invalid_argument"
    with pytest.raises(TypeError):
        submeter.tariff.tiered_tariff("x", "pooled", [100.0], {0: [D(1), D(2)]})


def test_price_versions_split_at_a_reading_or_by_days():
    h = submeter.tariff.version_history({3: "flat"},
                                        [("v2026a", "2026-01-01 00:00", {3: D("0.60")}),
                                         ("v2026b", "2026-07-16 00:00", {3: D("0.50")})])
    start = {"time": "2026-07-01 00:00", "total": D(1000), "registers": {3: D(1000)}}
    end = {"time": "2026-08-01 00:00", "total": D(1310), "registers": {3: D(1310)}}
    mid = {"time": "2026-07-16 00:00", "total": D(1200), "registers": {3: D(1200)}}
    lines = h.rate(start, end, [mid])
    assert [(line.version, line.quantity, line.split_method) for line in lines] == [
        ("v2026a", D(200), "reads at the change instant"),
        ("v2026b", D(110), "reads at the change instant")]
    assert sum(line.amount for line in lines) == D(175)
    assert lines[0].window == ("2026-07-01 00:00:00", "2026-07-16 00:00:00")
    by_days = h.rate(start, end)
    assert [line.quantity for line in by_days] == [D(150), D(160)]
    assert by_days[0].split_method == "by days"
    with pytest.raises(submeter.Error) as e:
        h.rate({"time": "2025-12-01 00:00", "total": D(1), "registers": {3: D(1)}}, start)
    assert e.value.code == "out_of_order"


def test_fixed_charge_capacity_by_thirtieths():
    c = submeter.tariff.fixed_charge("capacity", D(10400), "month", "thirty_day_month", "touched")
    assert c.charge("2026-07-22 00:00", "2026-08-01 00:00").amount == D("3466.67")
    assert c.amount("2026-07-01 00:00", "2026-08-01 00:00") == D(10400)
    with pytest.raises(submeter.Error):
        submeter.tariff.fixed_charge("x", D(1), "fortnight")


def test_import_urdb(sites_dir):
    path = sites_dir.parent / "cross-checks" / "reopt-urdb" / "multi_tier.urdb.json"
    schedule, tariff = submeter.tariff.import_urdb(str(path), "per_period")
    assert tariff.shape == "per_period"
    r = tariff.rate([(2, D(25000))], days=31)
    assert sum(line.unrounded for line in r["lines"]) == D("1877.82")
    with pytest.raises(submeter.Error) as e:
        submeter.tariff.import_urdb(str(path), "pooled")
    assert e.value.code == "inconsistent"
