#!/usr/bin/python3
"""Writes tests/data/issued-bills-2026-07-altered.json from the sample site's golden JSON bills:
the second flat-general tenant billed at 0.75 instead of 0.73, and the first tou-0.4kv tenant's
flat energy line dropped. The audit example test (tests/python/test_audit_example.py) must find
exactly these differences. Rerun it when the golden bills change:

    /usr/bin/python3 tests/data/tools/alter_issued_bills.py
"""
import json
import pathlib
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "examples" / "site" / "expected" / "bills-2026-07.json"
OUT = ROOT / "tests" / "data" / "issued-bills-2026-07-altered.json"


def main():
    doc = json.loads(GOLDEN.read_text("utf-8"), parse_float=str)
    flat = [b for b in doc["bills"] if b["tariff"] == "flat-general"][1]
    line = next(x for x in flat["lines"] if x["component"] == "energy")
    amount = (Decimal(line["quantity"]) * Decimal("0.75")).quantize(Decimal("0.01"))
    line.update(unit_price="0.75", unrounded=str(amount), amount=str(amount))
    line["explanation"] = line["explanation"].rsplit("× ", 1)[0] + f"× 0.75 = {amount}"
    tou = [b for b in doc["bills"] if b["tariff"] == "tou-0.4kv"][0]
    drop = next(i for i, x in enumerate(tou["lines"])
                if x["component"] == "energy" and x["register_name"] == "flat")
    del tou["lines"][drop]
    doc["note"] = (f"A deliberately altered copy of examples/site/expected/bills-2026-07.json for "
                   f"the audit example test: {flat['tenant']['id']} billed at 0.75 instead of "
                   f"0.73, and {tou['tenant']['id']}'s first flat energy line dropped "
                   f"(tests/data/tools/alter_issued_bills.py).")
    OUT.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
