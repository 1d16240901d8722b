"""docs/schema/site-v0 and site-v1.schema.json accept the sites the loader accepts and refuse JSON
numbers.

python3-jsonschema is not a project dependency, so this checks with a small validator for the
keywords the schema uses ($ref, oneOf, const, enum, type, required, properties,
additionalProperties, items, pattern, minLength, minItems, minProperties, minimum, maximum).
"""
import json
import re

import pytest

from conftest import SOURCE_DIR

SCHEMAS = {
    v: json.loads((SOURCE_DIR / "docs" / "schema" / f"site-{v}.schema.json").read_text("utf-8"))
    for v in ("v0", "v1")
}
SCHEMA = SCHEMAS["v0"]

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
}


def errors(value, schema, path="$", root=None):
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        yield from errors(value, root["$defs"][name], path, root)
    if "oneOf" in schema:
        passing = [s for s in schema["oneOf"] if not list(errors(value, s, path, root))]
        if len(passing) != 1:
            yield f"{path}: matches {len(passing)} of oneOf"
    if "const" in schema and value != schema["const"]:
        yield f"{path}: not {schema['const']!r}"
    if "enum" in schema and value not in schema["enum"]:
        yield f"{path}: not one of {schema['enum']}"
    if "type" in schema and not TYPES[schema["type"]](value):
        yield f"{path}: not {schema['type']}"
        return
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                yield f"{path}.{key}: missing"
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                yield from errors(item, props[key], f"{path}.{key}", root)
            elif schema.get("additionalProperties") is False:
                yield f"{path}.{key}: not allowed"
            elif isinstance(schema.get("additionalProperties"), dict):
                yield from errors(item, schema["additionalProperties"], f"{path}.{key}", root)
        if len(value) < schema.get("minProperties", 0):
            yield f"{path}: too few properties"
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            yield f"{path}: too few items"
        for i, item in enumerate(value):
            yield from errors(item, schema.get("items", {}), f"{path}[{i}]", root)
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield f"{path}: does not match {schema['pattern']}"
        if len(value) < schema.get("minLength", 0):
            yield f"{path}: too short"
    if isinstance(value, int) and not isinstance(value, bool):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            yield f"{path}: out of range"


def load(path):
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize(
    "site, version",
    [("examples/site", "v1"), ("tests/data/sites/v1-small", "v1"), ("tests/data/sites/good", "v0")],
)
def test_valid_sites_match_the_schema(site, version):
    doc = load(SOURCE_DIR / site / "site.json")
    assert doc["format"] == f"submeter-site-{version}"
    assert list(errors(doc, SCHEMAS[version])) == []


def test_v1_is_a_superset_of_v0():
    doc = load(SOURCE_DIR / "tests/data/sites/good" / "site.json")
    doc["format"] = "submeter-site-v1"
    assert list(errors(doc, SCHEMAS["v1"])) == []


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
        ("missing-field", "$.tenants[1].tariff"),
    ],
)
def test_bad_sites_fail_the_schema(case, where):
    found = list(errors(load(SOURCE_DIR / "tests/data/sites" / case / "site.json"), SCHEMA))
    assert any(e.startswith(where) for e in found), found


def test_a_json_number_price_is_refused():
    assert list(errors("0.73", SCHEMA["$defs"]["price"])) == []
    assert list(errors(0.73, SCHEMA["$defs"]["price"])) != []
    assert list(errors("-0.73", SCHEMA["$defs"]["price"])) != []
