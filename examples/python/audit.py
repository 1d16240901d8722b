#!/usr/bin/env python3
"""Audit a month of issued bills against a fresh re-bill, line by line.

    python3 examples/python/audit.py examples/site 2026-07 examples/site/expected/bills-2026-07.json
    python3 examples/python/audit.py … --price-change examples/site/price-change-flat-2026-07-16.json

1. load the site and re-bill the month with submeter (exact decimals throughout);
2. read the bills that were issued (the JSON `submeter bill --format json` wrote);
3. match lines on (tenant, meter, component, register) and explain every difference: a line
   missing on either side, another quantity, another price, another amount;
4. optionally re-rate the issued bills under a price change (电费退补) and list the refunds;
5. export the comparison to a pandas DataFrame (CSV) when pandas is installed.

Exit status: 0 when the issued bills match the re-bill, 1 when there are differences.
"""
import argparse
import json
import sys
from decimal import Decimal

import submeter


def issued_lines(path):
    """{(tenant, meter, component, register): line dict} from a submeter-bills-v0 file."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("format") != "submeter-bills-v0":
        raise SystemExit(f"{path}: not a submeter-bills-v0 file")
    out = {}
    for bill in doc["bills"]:
        for line in bill["lines"]:
            key = (bill["tenant"]["id"], line["meter"], line["component"], line["register"])
            out[key] = {"quantity": Decimal(line["quantity"]),
                        "unit_price": Decimal(line["unit_price"]),
                        "amount": Decimal(line["amount"]),
                        "explanation": line["explanation"]}
    return out


def rebilled_lines(bills):
    out = {}
    for bill in bills:
        for line in bill.lines:
            key = (bill.tenant_id, line.meter_id, line.component, line.register)
            out[key] = {"quantity": line.quantity, "unit_price": line.unit_price,
                        "amount": line.amount, "explanation": line.explanation}
    return out


def compare(issued, rebilled):
    """Rows of (tenant, meter, component, register, what, issued, rebilled, difference)."""
    rows = []
    for key in sorted(set(issued) | set(rebilled)):
        a, b = issued.get(key), rebilled.get(key)
        if a is None:
            rows.append((*key, "missing from the issued bill", "", b["explanation"], b["amount"]))
            continue
        if b is None:
            rows.append((*key, "not in the re-bill", a["explanation"], "", -a["amount"]))
            continue
        for field, what in (("quantity", "quantity differs"), ("unit_price", "price differs"),
                            ("amount", "amount differs")):
            if a[field] != b[field]:
                rows.append((*key, what, a[field], b[field], b[field] - a[field]))
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("site")
    p.add_argument("period")
    p.add_argument("issued", help="the issued bills (submeter-bills-v0 JSON)")
    p.add_argument("--price-change", help="re-rate the issued bills under this price change")
    p.add_argument("--csv", help="write the comparison here (needs pandas)")
    args = p.parse_args(argv)

    site = submeter.load_site(args.site)
    bills = site.run(args.period).bills
    rows = compare(issued_lines(args.issued), rebilled_lines(bills))
    print(f"{site.name}, {args.period}: {len(bills)} bills re-billed, "
          f"{len(rows)} difference{'s' if len(rows) != 1 else ''}")
    for tenant, meter, component, register, what, was, now, diff in rows:
        print(f"  {tenant} {meter} {component} r{register}: {what}: issued {was} → "
              f"re-billed {now} (difference {diff})")

    if args.price_change:
        with open(args.price_change, encoding="utf-8") as f:
            change = json.load(f)
        prices = {}
        for p_ in change["prices"]:
            key = (p_.get("component", "energy"), p_["register"], p_.get("tier", 0))
            prices[key] = Decimal(p_["price"])
        issued = [(f"{b.tenant_id}-{args.period}", b) for b in bills]
        adjustments = submeter.rerate.rerate_bills(site.name, issued, change["tariff"],
                                                   change["version"], change["effective"], prices,
                                                   document=change.get("document", ""))
        total = sum((a.line.amount for a in adjustments), Decimal(0))
        print(f"re-rating under {change['version']} from {change['effective']}: "
              f"{len(adjustments)} adjustment lines, net {total}")
        for a in adjustments:
            print(f"  {a.line.explanation}")

    if args.csv:
        try:
            import pandas as pd
        except ImportError:
            print("pandas is not installed: no CSV written", file=sys.stderr)
        else:
            frame = pd.DataFrame(rows, columns=["tenant", "meter", "component", "register", "what",
                                                "issued", "rebilled", "difference"])
            frame.to_csv(args.csv, index=False)
            print(f"wrote {len(frame)} rows to {args.csv} (pandas {pd.__version__})")
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main())
