"""Allocation from Python: losses over a meter tree, transformer loss, sharing, 转供电 settlement
and compliance, driven by tests/data/vectors/allocation.json and transformer_loss.json."""
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import submeter

from conftest import SOURCE_DIR

VECTORS = SOURCE_DIR / "tests" / "data" / "vectors"


def load(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


ALLOCATION = load("allocation.json")
TRANSFORMER = load("transformer_loss.json")


def vector(doc, key, vid):
    return next(v for v in doc[key] if v["id"] == vid)


@pytest.mark.parametrize("vid", ["ll-1", "ll-2", "ll-3", "ll-4", "ll-5"])
def test_line_loss_vectors(vid):
    v = vector(ALLOCATION, "line_loss_vectors", vid)
    meters = [{"id": "M", "kind": "grid_master"}] + [
        {"id": c["id"], "parent": "M", "kind": c.get("kind", "tenant")} for c in v["children"]
    ]
    readings = {"M": v["master_kwh"], **{c["id"]: c["kwh"] for c in v["children"]}}
    r = submeter.allocation.allocate_losses(meters, readings, cap=Decimal(v["loss_cap_pct"]) / 100,
                                            cap_mode=v["cap_mode"])
    e = v["expected"]
    assert r["nodes"]["M"]["loss"] == Decimal(e["loss_kwh"])
    assert r["nodes"]["M"]["loss_pct"] == Decimal(e["loss_pct"])
    assert r["nodes"]["M"]["retained"] == Decimal(e["retained_by_landlord_kwh"])
    got = [r["nodes"][c["id"]]["received"] for c in v["children"]]
    assert got == [Decimal(x) for x in e["allocated_kwh"]]
    assert [w["code"] for w in r["warnings"]] == e["warnings"]


def test_tree_vector():
    v = vector(ALLOCATION, "line_loss_vectors", "ll-tree-1")
    meters, readings = [], {}

    def walk(n, parent):
        kind = "grid_master" if not parent else ("transformer" if "children" in n else "tenant")
        meters.append({"id": n["id"], "parent": parent, "kind": kind})
        readings[n["id"]] = n["kwh"]
        for c in n.get("children", []):
            walk(c, n["id"])

    walk(v["tree"], "")
    r = submeter.allocation.allocate_losses(meters, readings)
    for mid, kwh in v["expected"]["leaf_allocated_kwh"].items():
        assert r["nodes"][mid]["received"] == Decimal(kwh)
    assert r["total_allocated"] == Decimal(v["expected"]["total_allocated_kwh"])


def test_ct_pt_multiplier_and_bad_tree():
    r = submeter.allocation.allocate_losses(
        [{"id": "M", "kind": "grid_master", "multiplier": 4000}, {"id": "A", "parent": "M"}],
        {"M": "2.5", "A": "9900"})
    assert r["nodes"]["M"]["quantity"] == Decimal(10000)
    assert r["nodes"]["A"]["received"] == Decimal(100)
    with pytest.raises(submeter.Error) as e:
        submeter.allocation.allocate_losses(
            [{"id": "M", "kind": "grid_master"}, {"id": "A", "parent": "X"}], {"M": 1, "A": 1})
    assert e.value.code == "not_found"
    assert e.value.context["parent"] == "X"
    with pytest.raises(TypeError):
        submeter.allocation.allocate_losses([{"id": "M", "kind": "grid_master"}], {"M": 1.5})


@pytest.mark.parametrize("vid", ["txl-s13-k1", "txl-s13-k105", "txl-s13-kform"])
def test_transformer_vectors(vid):
    v = vector(TRANSFORMER, "vectors", vid)
    i = v["inputs"]
    r = submeter.allocation.transformer_loss_formula(
        i["P0_kw"], i["Pk_kw"], i["Sn_kva"], i["T_h"], i["A_P_kwh"], i["A_Q_kvarh"], k=i.get("K"),
        i_rms=i.get("I_rms_a"), i_avg=i.get("I_avg_a"))
    assert r["iron"] == Decimal(v["expected"]["iron_kwh"])
    assert r["copper"] == Decimal(v["expected"]["copper_kwh"])
    assert r["total"] == Decimal(v["expected"]["total_kwh"])


def test_formula_loss_added_at_the_master():
    f = vector(TRANSFORMER, "vectors", "txl-s13-k1")["inputs"]
    a = vector(TRANSFORMER, "vectors", "txl-alloc-formula")
    loss = submeter.allocation.transformer_loss_formula(f["P0_kw"], f["Pk_kw"], f["Sn_kva"],
                                                        f["T_h"], f["A_P_kwh"], f["A_Q_kvarh"],
                                                        k=f["K"])["total"]
    meters = [{"id": "LV", "kind": "grid_master"}] + [
        {"id": s["id"], "parent": "LV"} for s in a["sub_meters"]]
    readings = {"LV": f["A_P_kwh"], **{s["id"]: s["kwh"] for s in a["sub_meters"]}}
    r = submeter.allocation.allocate_losses(meters, readings, added_losses={"LV": loss})
    assert [r["nodes"][s["id"]]["received"] for s in a["sub_meters"]] == [
        Decimal(x) for x in a["expected_allocation_kwh"]]


SHARE_FIELDS = {"area_m2": "area", "sqft": "area", "kwh": "consumption", "water_m3": "water"}
SHARE_METHODS = {"ca-mall": "area", "ca-equal-3": "equal", "ca-equal-neg": "equal",
                 "ca-area": "area", "ca-headcount": "headcount", "ca-rubs-sqft": "area",
                 "ca-pump-by-water": "water", "ca-occupancy": "equal",
                 "ca-demand-by-kwh": "consumption", "ca-demand-by-area": "area",
                 "ca-combo": {"area": "0.5", "headcount": "0.5"}, "ca-custom": "custom_ratio",
                 "ca-rubs-bedbath": "weight"}


@pytest.mark.parametrize("vid", sorted(SHARE_METHODS))
def test_common_area_vectors(vid):
    v = vector(ALLOCATION, "common_area_vectors", vid)
    sharers = []
    for it in v["items"]:
        s = {"id": it["id"]}
        for k, field in SHARE_FIELDS.items():
            if k in it:
                s[field] = it[k]
        if "occupants" in it:
            s["headcount"] = int(it["occupants"])
        if "ratio_pct" in it:
            s["custom_ratio"] = Decimal(it["ratio_pct"]) / 100
        if "bedrooms" in it:
            s["weight"] = Decimal(it["bedrooms"]) + Decimal("0.5") * Decimal(it["bathrooms"])
        if "days_occupied" in it:
            s["days_occupied"] = int(it["days_occupied"])
            s["days_in_period"] = int(it["days_in_cycle"])
        sharers.append(s)
    parts = submeter.allocation.share(v["amount"], sharers, SHARE_METHODS[vid], unit=v["unit"])
    assert list(parts.values()) == [Decimal(x) for x in v["expected"]]
    assert sum(parts.values()) == Decimal(v["expected_sum"])


def test_share_lines_mall_and_bad_input():
    lines = submeter.allocation.share_lines("common_area", Decimal("30000"),
                                 [{"id": "S1", "area": 100}, {"id": "S2", "area": 900}], "area")
    assert [line.amount for line in lines] == [Decimal("3000.00"), Decimal("27000.00")]
    assert lines[0].component == "common_area"
    assert lines[0].meter_id == "S1"  # a share's payer stands where bills print the meter
    with pytest.raises(submeter.Error) as e:  # components are a closed set
        submeter.allocation.share_lines("vat", "1", [{"id": "A", "area": 1}], "area")
    assert e.value.code == "parse"
    assert e.value.context["component"] == "vat"
    with pytest.raises(submeter.Error) as e:
        submeter.allocation.share("1", [{"id": "A", "area": "-1"}], "area")
    assert e.value.context["sharer"] == "A"
    with pytest.raises(submeter.Error) as e:
        submeter.allocation.share("1", [{"id": "A", "custom_ratio": "0.5"}], "custom_ratio")
    assert e.value.code == "inconsistent"
    with pytest.raises(submeter.Error):
        submeter.allocation.share("1", [{"id": "A"}], "area")


def test_settlement_vectors_and_compliance():
    b = vector(ALLOCATION, "settlement_mode_vectors", "mode-b-1")
    users = [{"id": u["id"], "kwh": u["kwh"], "kind": u["kind"]} for u in b["end_users"]]
    rb = submeter.allocation.settle_pass_through(b["grid_bill"], users)
    assert [line.amount for line in rb["lines"]] == [Decimal(x) for x in b["expected"]["shares"]]
    assert rb["tenant_total"] == Decimal(b["expected"]["tenant_total"])
    report = submeter.bill.check_compliance(
        "pass_through", b["grid_bill"], {line.meter_id: [line] for line in rb["lines"]},
        landlord_own_use=["L"])
    assert report["compliant"]

    a = vector(ALLOCATION, "settlement_mode_vectors", "mode-a-1")
    ra = submeter.allocation.settle_catalogue(a["catalogue_price"], a["master_kwh"], users)
    assert [line.amount for line in ra["lines"]] == [
        Decimal(x["amount"]) for x in a["expected"]["electricity_lines"]]
    assert ra["not_on_electricity_bill_cost"] == Decimal(a["expected"]["not_on_electricity_bill_cost"])
    loss = submeter.allocation.share_lines("loss", "605.50", [{"id": "A", "consumption": 5000}],
                                           "consumption")
    bills = {line.meter_id: [line] for line in ra["lines"]}
    bills["A"] = bills["A"] + loss
    report = submeter.bill.check_compliance("catalogue_price", "8650", bills,
                                            catalogue_price=a["catalogue_price"])
    assert not report["compliant"]
    assert [f["code"] for f in report["findings"]] == ["loss_on_electricity_bill"]


@settings(max_examples=60, deadline=None)
@given(total=st.integers(min_value=-10**9, max_value=10**9),
       weights=st.lists(st.integers(min_value=0, max_value=10**8), min_size=1, max_size=15))
def test_shares_always_sum_to_the_total(total, weights):
    sharers = [{"id": f"T{i}", "consumption": w} for i, w in enumerate(weights)]
    sharers[0]["consumption"] += 1
    amount = Decimal(total) / 100
    parts = submeter.allocation.share(amount, sharers, "consumption")
    assert sum(parts.values()) == amount


@settings(max_examples=60, deadline=None)
@given(bill=st.integers(min_value=0, max_value=10**10),
       kwh=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=15))
def test_mode_b_never_exceeds_the_bill(bill, kwh):
    users = [{"id": f"U{i}", "kwh": k} for i, k in enumerate(kwh)]
    users[0]["kwh"] += 1
    grid = Decimal(bill) / 100
    r = submeter.allocation.settle_pass_through(grid, users)
    assert r["tenant_total"] <= grid
    assert sum(line.amount for line in r["lines"]) == grid
