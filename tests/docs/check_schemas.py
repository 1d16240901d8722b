#!/usr/bin/python3
"""The JSON Schemas of docs/schema/ agree with the files and the readers.

    check_schemas.py --source DIR

- every shipped data file (src/data/tou/cn, src/data/calendars), the sample price change and every
  JSON file a docs page writes (```json file=...) validates against the schema of its "format";
- mutated files that the reader refuses (a time written 7:00, a register 9, a price as a JSON
  number, a date that is not YYYY-MM-DD, a missing field) are refused by the schema too, and the
  TOU and calendar ones by the reader itself (submeter.tariff.load_tou_schedule /
  submeter.calendar.load_calendar, so the built module must be on PYTHONPATH).

python3-jsonschema is not a dependency, so this validates with a small validator of the keywords
the schemas use ($ref to #/$defs, const, enum, type, required, properties, additionalProperties,
items, minItems, maxItems, minProperties, pattern, minLength, minimum, maximum).
"""
import argparse
import copy
import json
import pathlib
import re
import sys
import tempfile

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
}
KNOWN = {"$schema", "$id", "title", "description", "$defs", "$ref", "const", "enum", "type",
         "required", "properties", "additionalProperties", "items", "minItems", "maxItems",
         "minProperties", "pattern", "minLength", "minimum", "maximum", "oneOf"}


def errors(value, schema, root, path="$"):
    unknown = set(schema) - KNOWN
    if unknown:
        raise ValueError(f"the validator does not know {sorted(unknown)} (at {path})")
    if "$ref" in schema:
        yield from errors(value, root["$defs"][schema["$ref"].removeprefix("#/$defs/")], root, path)
    if "oneOf" in schema:
        passing = [s for s in schema["oneOf"] if not list(errors(value, s, root, path))]
        if len(passing) != 1:
            yield f"{path}: matches {len(passing)} of oneOf"
    if "const" in schema and value != schema["const"]:
        yield f"{path}: expected {schema['const']!r}"
    if "enum" in schema and value not in schema["enum"]:
        yield f"{path}: {value!r} not in {schema['enum']}"
    if "type" in schema and not TYPES[schema["type"]](value):
        yield f"{path}: expected {schema['type']}"
        return
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                yield f"{path}: missing {key}"
        if len(value) < schema.get("minProperties", 0):
            yield f"{path}: fewer than {schema['minProperties']} properties"
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, v in value.items():
            if key in props:
                yield from errors(v, props[key], root, f"{path}.{key}")
            elif extra is False:
                yield f"{path}: unknown field {key}"
            elif isinstance(extra, dict):
                yield from errors(v, extra, root, f"{path}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            yield f"{path}: fewer than {schema['minItems']} items"
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            yield f"{path}: more than {schema['maxItems']} items"
        if "items" in schema:
            for i, v in enumerate(value):
                yield from errors(v, schema["items"], root, f"{path}[{i}]")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            yield f"{path}: shorter than {schema['minLength']}"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield f"{path}: {value!r} does not match {schema['pattern']}"
    if isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield f"{path}: below {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            yield f"{path}: above {schema['maximum']}"


def schemas(source):
    out = {}
    for p in sorted((source / "docs" / "schema").glob("*.schema.json")):
        s = json.loads(p.read_text(encoding="utf-8"))
        out[s["properties"]["format"]["const"]] = (p.name, s)
    return out


def doc_files(source):
    """(page:line, document) of every ```json file=... block of the docs pages."""
    for page in sorted((source / "docs").rglob("*.md")):
        lines = page.read_text(encoding="utf-8").split("\n")
        i = 0
        while i < len(lines):
            m = re.match(r"^```json\s+file=(\S+)", lines[i])
            if not m:
                i += 1
                continue
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            yield f"{page.relative_to(source)}:{i + 1}", json.loads("\n".join(lines[i + 1:j]))
            i = j + 1


def mutations(source):
    """(name, format, document, reader) that the reader refuses and the schema must refuse."""
    tou = json.loads((source / "src/data/tou/cn/shanghai-1p.json").read_text(encoding="utf-8"))
    cal = json.loads((source / "src/data/calendars/cn.json").read_text(encoding="utf-8"))
    change = {"format": "submeter-price-change-v1", "tariff": "flat", "version": "v2",
              "effective": "2026-07-16 00:00",
              "prices": [{"component": "energy", "register": 0, "tier": 0, "price": "0.63"}]}

    def edit(doc, fn):
        d = copy.deepcopy(doc)
        fn(d)
        return d

    yield ("a time written 7:00", "submeter-tou-v1",
           edit(tou, lambda d: d["day_tables"]["all"]["valley"][0].__setitem__(1, "7:00")), "tou")
    yield ("register number 9", "submeter-tou-v1",
           edit(tou, lambda d: d["registers"].__setitem__("peak", 9)), "tou")
    yield ("no day_tables", "submeter-tou-v1", edit(tou, lambda d: d.pop("day_tables")), "tou")
    yield ("a period of three times", "submeter-tou-v1",
           edit(tou, lambda d: d["day_tables"]["all"]["peak"][0].append("23:00")), "tou")
    yield ("a holiday date 2026-2-1", "submeter-calendar-v1",
           edit(cal, lambda d: d["holidays"][0].__setitem__("from", "2026-2-1")), "calendar")
    yield ("no years", "submeter-calendar-v1", edit(cal, lambda d: d.pop("years")), "calendar")
    yield ("a price as a JSON number", "submeter-price-change-v1",
           edit(change, lambda d: d["prices"][0].__setitem__("price", 0.63)), None)
    yield ("no prices", "submeter-price-change-v1",
           edit(change, lambda d: d.__setitem__("prices", [])), None)
    yield ("an effective date without a time", "submeter-price-change-v1",
           edit(change, lambda d: d.__setitem__("effective", "2026-07-16")), None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=pathlib.Path, required=True)
    source = ap.parse_args().source.resolve()
    known = schemas(source)
    failures, checked = [], 0

    def validate(where, doc):
        nonlocal checked
        fmt = doc.get("format") if isinstance(doc, dict) else None
        if fmt not in known:
            return
        name, schema = known[fmt]
        checked += 1
        failures.extend(f"{where}: {e} ({name})" for e in errors(doc, schema, schema))

    for p in sorted((source / "src/data").rglob("*.json")):
        validate(str(p.relative_to(source)), json.loads(p.read_text(encoding="utf-8")))
    for p in sorted((source / "examples").rglob("*.json")):
        validate(str(p.relative_to(source)), json.loads(p.read_text(encoding="utf-8")))
    for where, doc in doc_files(source):
        validate(where, doc)

    import submeter  # noqa: PLC0415 (needs PYTHONPATH)
    readers = {"tou": submeter.tariff.load_tou_schedule,
               "calendar": submeter.calendar.load_calendar}
    with tempfile.TemporaryDirectory() as tmp:
        for name, fmt, doc, reader in mutations(source):
            schema_name, schema = known[fmt]
            if not list(errors(doc, schema, schema)):
                failures.append(f"{schema_name} accepts a file with {name}")
            if reader:
                path = pathlib.Path(tmp) / "mutated.json"
                path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
                try:
                    readers[reader](str(path))
                    failures.append(f"the {reader} reader accepts a file with {name}")
                except submeter.Error:
                    pass
            checked += 1
    for f in failures:
        print(f)
    if failures:
        return 1
    print(f"ok: {checked} documents checked against {len(known)} schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
