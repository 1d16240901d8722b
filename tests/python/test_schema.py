"""docs/schema/site-v0, site-v1 and site-v2.schema.json accept the sites the loader accepts and refuse JSON
numbers.

python3-jsonschema is not a project dependency, so this checks with the docs' small validator
(tests/docs/check_schemas.py).
"""
import json
import sys

import pytest

from conftest import SOURCE_DIR

SCHEMAS = {
    v: json.loads((SOURCE_DIR / "docs" / "schema" / f"site-{v}.schema.json").read_text("utf-8"))
    for v in ("v0", "v1", "v2")
}
SCHEMA = SCHEMAS["v0"]

sys.path.insert(0, str(SOURCE_DIR / "tests" / "docs"))
from check_schemas import errors as _errors  # noqa: E402  (one validator for the docs and here)


def errors(value, schema):
    return _errors(value, schema, schema)


def load(path):
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize(
    "site, version",
    [
        ("examples/site", "v2"),
        ("tests/data/sites/v1-small", "v1"),
        ("tests/data/sites/good", "v0"),
        ("tests/data/sites/v2-pass-through", "v2"),
        ("tests/data/sites/v2-tiered", "v2"),
        ("tests/data/sites/v2-ratchet", "v2"),
        ("tests/data/sites/v2-transformer", "v2"),
        ("tests/data/sites/v2-cycles", "v2"),
        ("tests/data/sites/prepaid-cut-off", "v2"),
    ],
)
def test_valid_sites_match_the_schema(site, version):
    doc = load(SOURCE_DIR / site / "site.json")
    assert doc["format"] == f"submeter-site-{version}"
    assert list(errors(doc, SCHEMAS[version])) == []


def test_v1_is_a_superset_of_v0():
    doc = load(SOURCE_DIR / "tests/data/sites/good" / "site.json")
    doc["format"] = "submeter-site-v1"
    assert list(errors(doc, SCHEMAS["v1"])) == []


def test_v2_is_a_superset_of_v1():
    doc = load(SOURCE_DIR / "tests/data/sites/v1-small" / "site.json")
    doc["format"] = "submeter-site-v2"
    assert list(errors(doc, SCHEMAS["v2"])) == []


def test_v2_settlement_mode_is_catalogue_price_or_pass_through():
    doc = load(SOURCE_DIR / "tests/data/sites/v2-pass-through" / "site.json")
    doc["settlement"]["mode"] = "pass-through"
    assert list(errors(doc, SCHEMAS["v2"]))
    doc["format"] = "submeter-site-v1"
    doc["settlement"]["mode"] = "pass_through"
    assert list(errors(doc, SCHEMAS["v1"]))


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d["tenants"][0]["account"].update(mode="credit"), "$.tenants[0].account.mode"),
        (lambda d: d["tariffs"][3].update(bounds=["10", 20]), "$.tariffs[3]"),
        (lambda d: d["settlement"]["grid_bill"].update({"2026-07": 15000}), "$.settlement.grid_bill"),
        (lambda d: d["meters"][0].update(role="owner"), "$.meters[0].role"),
    ],
)
def test_bad_v1_sites_fail_the_schema(change, where):
    doc = load(SOURCE_DIR / "tests/data/sites/v1-small" / "site.json")
    change(doc)
    found = list(errors(doc, SCHEMAS["v1"]))
    assert any(e.startswith(where) for e in found), found


@pytest.mark.parametrize(
    "case, where",
    [
        ("json-number", "$.tariffs[0]"),
        ("missing-field", "$.tenants[1]: missing tariff"),
    ],
)
def test_bad_sites_fail_the_schema(case, where):
    found = list(errors(load(SOURCE_DIR / "tests/data/sites" / case / "site.json"), SCHEMA))
    assert any(e.startswith(where) for e in found), found


def test_a_json_number_price_is_refused():
    price = SCHEMA["$defs"]["price"]
    assert list(_errors("0.73", price, SCHEMA)) == []
    assert list(_errors(0.73, price, SCHEMA)) != []
    assert list(_errors("-0.73", price, SCHEMA)) != []


def test_v2_is_a_superset_of_v1():
    doc = load(SOURCE_DIR / "tests/data/sites/v1-small" / "site.json")
    doc["format"] = "submeter-site-v2"
    assert list(errors(doc, SCHEMAS["v2"])) == []


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d["tou_periods"]["tou-x"].update(peak=[["08:00", 20]]), "$.tou_periods.tou-x.peak[0][1]"),
        (lambda d: d["tou_periods"]["tou-x"].update(night=[["08:00", "20:00"]]), "$.tou_periods.tou-x"),
        (lambda d: d["tou_periods"]["tou-x"].update(peak=[["8:00", "20:00"]]), "$.tou_periods.tou-x.peak[0][0]"),
        (lambda d: d["water_losses"].update(price=4), "$.water_losses.price"),
        (lambda d: d["water_losses"].update(basis="water"), "$.water_losses.basis"),
        (lambda d: d["tenants"][3]["rent"].update(billing="later"), "$.tenants[3].rent.billing"),
        (lambda d: d["tenants"][3]["rent"].update(anchor_month=13), "$.tenants[3].rent.anchor_month"),
        (lambda d: d["tenants"][6]["basic_charge_cycle"].update(cycle="weekly"), "$.tenants[6].basic_charge_cycle.cycle"),
        (lambda d: d["tenants"][4].update(move_in="2026-07-11"), "$.tenants[4].move_in"),
    ],
)
def test_bad_v2_sites_fail_the_schema(change, where):
    doc = load(SOURCE_DIR / "tests/data/sites/v2-cycles" / "site.json")
    change(doc)
    found = list(errors(doc, SCHEMAS["v2"]))
    assert any(e.startswith(where) for e in found), found


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d["bill_numbers"].update(digits="4"), "$.bill_numbers.digits"),
        (lambda d: d["bill_numbers"].update(prefix="X R"), "$.bill_numbers.prefix"),
        (lambda d: d["tax"]["rates"][0].update(rate=0.13), "$.tax.rates[0].rate"),
        (lambda d: d["tax"]["rates"][0].update({"class": "heat"}), "$.tax.rates[0].class"),
        (lambda d: d["tax"].update(rounding="per_invoice"), "$.tax.rounding"),
    ],
)
def test_bad_v2_bill_fields_fail_the_schema(change, where):
    doc = load(SOURCE_DIR / "examples/site" / "site.json")
    change(doc)
    found = list(errors(doc, SCHEMAS["v2"]))
    assert any(e.startswith(where) for e in found), found
