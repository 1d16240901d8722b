#!/usr/bin/env python3
"""Writes the seed corpus of each fuzzer from tests/data/protocol-vectors (one file per frame)."""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[2]
vectors = root / "tests" / "data" / "protocol-vectors"
out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build" / "fuzz-corpus"


def frames(name, keys):
    doc = json.loads((vectors / name).read_text())
    for key in keys:
        for v in doc.get(key, []):
            if "hex" in v:
                yield v["id"], bytes.fromhex(v["hex"])


seeds = {
    "dlt645_frame": list(frames("dlt645-2007.json", ["vectors", "negative_vectors", "stream_vectors"]))
    + list(frames("dlt645-1997.json", ["vectors", "negative_vectors"])),
    "cjt188_frame": list(frames("cjt188.json", ["vectors", "negative_vectors"])),
    "modbus_rtu": list(frames("modbus.json", ["rtu_vectors", "derived_rtu_vectors"])),
    "modbus_tcp": list(frames("modbus.json", ["tcp_vectors"])),
}
# the scanner takes a chunk-size byte first
seeds["dlt645_scanner"] = [(i, b"\x07" + b) for i, b in seeds["dlt645_frame"]]
seeds["modbus_registers"] = [(i, b[3:-2]) for i, b in seeds["modbus_rtu"] if len(b) > 5]
doc = json.loads((vectors / "modbus.json").read_text())
for v in doc["float_word_order_vectors"]:
    seeds["modbus_registers"].append((v["id"], b"".join(bytes.fromhex(r[2:]) for r in v["registers"])))

# inputs that once broke an invariant (meters/fuzz/regressions/<fuzzer>/<name>)
for d in sorted((root / "meters" / "fuzz" / "regressions").glob("*")):
    for f in sorted(d.iterdir()):
        seeds.setdefault(d.name, []).append(("regression-" + f.name, f.read_bytes()))

for fuzzer, items in seeds.items():
    d = out / fuzzer
    d.mkdir(parents=True, exist_ok=True)
    for ident, data in items:
        (d / ident).write_bytes(data)
    print(f"{fuzzer}: {len(items)} seeds in {d}")
