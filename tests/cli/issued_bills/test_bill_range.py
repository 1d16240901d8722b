"""RANGE-1: `submeter bill --from T1 --to T2` (issue 22 #7, docs/bills-issued.md): a range that is
not a calendar month, billed month by month with the same explanations."""
import json
from decimal import Decimal

from conftest import SAMPLE, bills_json, submeter

SITE = {
    "format": "submeter-site-v2", "name": "Range Park", "currency": "CNY",
    "rounding": {"scope": "per_line", "places": 2, "mode": "half_up"},
    "bill_numbers": {"prefix": "RP"},
    "tariffs": [{"id": "flat", "kind": "flat", "energy_price": "0.73"},
                {"id": "tp", "kind": "two_part", "energy_tariff": "flat", "basis": "capacity",
                 "capacity_price": "30.00"}],
    "meters": [{"id": "M-1", "tenant": "T-1"}, {"id": "M-2", "tenant": "T-2"}],
    "tenants": [{"id": "T-1", "name": "Tea shop", "tariff": "flat", "meters": ["M-1"],
                 "area_m2": "100", "property_fee": {"per_m2_month": "3.10"}},
                {"id": "T-2", "name": "Works", "tariff": "tp", "meters": ["M-2"],
                 "capacity_kva": "315"}],
}
READINGS = """meter_id,time,total,t1,t2,t3,t4
M-1,2026-07-01T00:00,1000.00,,,,
M-2,2026-07-01T00:00,5000.00,,,,
M-1,2026-07-11T00:00,1100.00,,,,
M-2,2026-07-11T00:00,5400.00,,,,
M-1,2026-08-01T00:00,1400.00,,,,
M-2,2026-08-01T00:00,6000.00,,,,
"""


def small_site(tmp_path):
    d = tmp_path / "range-park"
    d.mkdir()
    (d / "site.json").write_text(json.dumps(SITE), "utf-8")
    (d / "readings.csv").write_text(READINGS, "utf-8")
    return d


def test_the_first_ten_days_of_july(tmp_path):
    """The worked example of docs/bills-issued.md: 1-11 July 2026 (10 days)."""
    site = small_site(tmp_path)
    doc = bills_json(site, "--from", "2026-07-01", "--to", "2026-07-11")
    assert doc["period"]["label"] == "2026-07-01..2026-07-11"
    t1, t2 = doc["bills"]
    assert t1["number"] == "RP-20260701-20260711-0001"
    lines = {x["component"]: x for x in t1["lines"]}
    assert lines["energy"]["amount"] == "73.00"           # 100 kWh × 0.73
    assert lines["property_fee"]["amount"] == "100.00"    # 100 m2 × 3.10 × 10/31
    assert t1["total"] == "173.00"
    cap = next(x for x in t2["lines"] if x["component"] == "capacity")
    assert cap["amount"] == "3150.00"                     # 315 kVA × 30.00 × 10/30 (TP-8)
    assert "TP-8" in cap["explanation"]
    # The rest of the month, and the whole month: the parts add up to the month but for the
    # proration of the basic charge (TP-8 counts 1/30 of the month per day, at most the month).
    rest = bills_json(site, "--from", "2026-07-11", "--to", "2026-08-01")
    month = bills_json(site, "--period", "2026-07", "--no-report")
    fee = lambda d: Decimal(next(x["amount"] for x in d["bills"][0]["lines"]
                                 if x["component"] == "property_fee"))
    assert fee(doc) + fee(rest) == fee(month) == Decimal("310.00")
    text = submeter("bill", site, "--from", "2026-07-01", "--to", "2026-07-11").stdout
    assert "Bill no. RP-20260701-20260711-0001" in text
    assert "== Site summary" not in text  # a range is a statement: no site report


def test_two_months_are_the_sum_of_their_bills():
    months = {}
    for m in ("2026-06", "2026-07"):
        for b in bills_json(SAMPLE, "--period", m, "--no-report")["bills"]:
            months.setdefault(b["tenant"]["id"], []).append(b)
    doc = bills_json(SAMPLE, "--from", "2026-06-01", "--to", "2026-08-01")
    assert doc["period"] == {"label": "2026-06-01..2026-08-01", "from": "2026-06-01T00:00",
                             "to": "2026-08-01T00:00"}
    assert "report" not in doc
    assert len(doc["bills"]) == len(months)
    for b in doc["bills"]:
        parts = months[b["tenant"]["id"]]
        assert len(b["lines"]) == sum(len(p["lines"]) for p in parts)
        assert Decimal(b["total"]) == sum(Decimal(p["total"]) for p in parts)
        assert b["number"].startswith("XR-20260601-20260801-")
        tax = b["tax"]
        assert Decimal(tax["net"]) + Decimal(tax["vat"]) + Decimal(tax["not_split"]) == \
            Decimal(b["total"])
    # each line of a several-month range says which month it covers
    assert doc["bills"][0]["lines"][0]["window"] == {"from": "2026-06-01 00:00",
                                                     "to": "2026-07-01 00:00"}
