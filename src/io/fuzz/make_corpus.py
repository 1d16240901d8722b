#!/usr/bin/env python3
"""Writes the seed corpus of the reader fuzzers (src/io/fuzz) from tests/data.

fuzz_site_loader: one seed per site of tests/data/sites, the directory image
`site.json NUL readings.csv [NUL intervals.csv [NUL reactive.csv]]`, long interval files cut to
their first day (so a seed stays small enough to mutate quickly).
fuzz_issued_bills: the golden bills files, whole and cut to one and three bills, and an
invoices file.
Then the regressions (src/io/fuzz/regressions/<fuzzer>/<name>). Usage: make_corpus.py OUT_DIR
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[3]
data = root / "tests" / "data"
out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build" / "fuzz-corpus"


def first_day(csv_bytes, rows=97):
    lines = csv_bytes.split(b"\n")
    return b"\n".join(lines[:rows]) + b"\n"


seeds = {"site_loader": [], "issued_bills": []}
for site in sorted(p for p in (data / "sites").iterdir() if p.is_dir()):
    parts = [(site / "site.json").read_bytes(), (site / "readings.csv").read_bytes()]
    if (site / "intervals.csv").exists() or (site / "reactive.csv").exists():
        iv = site / "intervals.csv"
        parts.append(first_day(iv.read_bytes()) if iv.exists() else b"meter_id,start,kwh\n")
        if (site / "reactive.csv").exists():
            parts.append((site / "reactive.csv").read_bytes())
    seeds["site_loader"].append((site.name, b"\0".join(parts)))

for path in [data / "sites" / "v0-sample" / "expected" / "bills-2026-07.json",
             root / "examples" / "site" / "expected" / "bills-2026-07.json",
             data / "issued-bills-2026-07-altered.json"]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    stem = path.parent.parent.name if path.parent.name == "expected" else path.stem
    for n in (1, 3):
        small = dict(doc, bills=doc["bills"][:n])
        small.pop("report", None)
        seeds["issued_bills"].append(
            (f"{stem}-{n}", json.dumps(small, ensure_ascii=False, indent=1).encode("utf-8")))
    if len(path.read_bytes()) < 65536:
        seeds["issued_bills"].append((stem, path.read_bytes()))

# the invoices file of `submeter invoice` (src/io/invoices_json.hpp), read by the same target
seeds["issued_bills"].append(("invoices", json.dumps(
    {"format": "submeter-invoices-v1",
     "invoices": [{"bill": "XR-202607-0001", "invoice": "26442000000012345678"},
                  {"bill": "XR-202607-0002", "invoice": "04400012-2026"}]}).encode("utf-8")))

# inputs that once broke an invariant (src/io/fuzz/regressions/<fuzzer>/<name>)
for d in sorted((root / "src" / "io" / "fuzz" / "regressions").glob("*")):
    for f in sorted(d.iterdir()):
        if f.name.startswith("."):
            continue
        seeds.setdefault(d.name, []).append(("regression-" + f.name, f.read_bytes()))

for fuzzer, items in seeds.items():
    d = out / fuzzer
    d.mkdir(parents=True, exist_ok=True)
    for ident, blob in items:
        (d / ident).write_bytes(blob)
    print(f"{fuzzer}: {len(items)} seeds in {d}")
