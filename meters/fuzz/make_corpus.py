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

# the settings decoders: a selector byte (fuzz_dlt645_settings.cpp) and an item's data, from the
# write frames and negative items of dlt645-settings.json
settings = json.loads((vectors / "dlt645-settings.json").read_text())
selector = {"04020000": 0, "04020001": 1, "04020002": 1, "04030001": 2, "04000106": 3,
            "04000107": 3, "04000108": 3, "04000109": 3, "04000205": 4, "04050202": 5,
            "04050104": 5, "04060302": 5, "04050201": 5, "04060201": 6}
seeds["dlt645_settings"] = []
for v in settings["vectors"]:
    frame = bytes.fromhex(v["hex"])
    start = frame.index(0x68)
    if frame[start + 8] == 0x14:  # a write: the item data after DI, password and operator
        data = bytes((b - 0x33) & 0xFF for b in frame[start + 10:-2])
        di = data[:4][::-1].hex().upper()
        if di in selector:
            seeds["dlt645_settings"].append((v["id"], bytes([selector[di]]) + data[12:]))
    seeds["dlt645_settings"].append((v["id"] + "-frame", bytes([7 if frame[start + 8] != 0x81
                                                               else 9]) + frame))
    if v["id"] == "cjt188-A010-price-table":
        seeds["dlt645_settings"].append((v["id"] + "-table", b"\x08" + frame[-18:-2]))
for v in settings["negative_vectors"]:
    seeds["dlt645_settings"].append((v["id"], bytes([selector.get(v["item"], 0)]) +
                                     bytes.fromhex(v["data"])))
# a set's tables from items: [set][which, length, data]...
zones = bytes([1, 1, 1, 2, 1, 6])
table1 = bytes([4, 0, 0, 3, 0, 6, 2, 0, 14])
table2 = bytes([3, 0, 0])
seeds["dlt645_settings"].append(("items-two-tables", bytes([11, 0]) + bytes([0, len(zones)]) +
                                 zones + bytes([1, len(table1)]) + table1 +
                                 bytes([2, len(table2)]) + table2 + bytes([21, 1, 0x7F])))

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
