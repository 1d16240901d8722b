#!/usr/bin/python3
"""Writes tests/data/protocol-vectors/dlt645-settings.json: the DL/T 645-2007 settings items with
their public sources, and write frames computed here, by hand from the protocol (protocols.md
2.1-2.3, CJ/T 188 3.1), independently of submeter's C++ codecs, so that the C++ tests compare two
implementations. Run it from the repository root; it rewrites the file.
"""
import json
import pathlib

OUT = pathlib.Path("tests/data/protocol-vectors/dlt645-settings.json")


def bcd(n):
    return ((n // 10) << 4) | (n % 10)


def hexs(b):
    return " ".join(f"{x:02X}" for x in b)


def dlt645(address, control, data, preamble=4):
    a = bytes.fromhex(address)[::-1]
    body = bytes([0x68]) + a + bytes([0x68, control, len(data)]) + bytes((x + 0x33) & 0xFF
                                                                         for x in data)
    return b"\xFE" * preamble + body + bytes([sum(body) & 0xFF, 0x16])


def write(address, di, data, level=0x02, password="000000", operator="00000000"):
    d = di.to_bytes(4, "little") + bytes([level]) + bytes.fromhex(password)[::-1] + \
        bytes.fromhex(operator)[::-1] + bytes(data)
    return dlt645(address, 0x14, d)


def cjt188(type_, address, control, di, ser, payload, preamble=4):
    a = bytes.fromhex(address)[::-1]
    body = bytes([0x68, type_]) + a + bytes([control, 3 + len(payload)]) + \
        di.to_bytes(2, "big") + bytes([ser]) + bytes(payload)
    return b"\xFE" * preamble + body + bytes([sum(body) & 0xFF, 0x16])


def zones(rows, pad):
    rows = rows + [rows[-1]] * (pad - len(rows))
    return b"".join(bytes([bcd(t), bcd(d), bcd(m)]) for m, d, t in rows)


def periods(rows, pad):
    rows = rows + [rows[-1]] * (pad - len(rows))
    return b"".join(bytes([bcd(t), bcd(mi), bcd(h)]) for h, mi, t in rows)


def bcd_bytes(n, size):
    out = []
    for _ in range(size):
        out.append(bcd(n % 100))
        n //= 100
    return bytes(out)


METER = "000000001234"
SOURCES = [
    {"id": "600888-dlt645", "repo": "600888/dlt645",
     "path": "cpp/config/data/parameter_types.json", "commit": "783b91d",
     "licence": "Apache-2.0",
     "says": "04000106/04000107 switch-over times YYMMDDhhmm; 04000201..05 counts (p<=14, q<=8, "
             "m<=14, k<=63, n<=254); 04000801/02 weekend character and table; 04010000/04020000 "
             "14 x MMDDNN; 040s0001..08 14 x hhmmNN; 0403nnnn YYMMDDNN"},
    {"id": "caokx-3jiliang", "repo": "caokx/3jiliang", "path": "App/Dl645B_Com.c",
     "commit": "ad57c1f11a9ce8766bf7824868f8949f7879dc7c", "licence": "none stated (read only)",
     "says": "a three-phase meter's firmware: 04000108 两套费率电价切换时间 and 04000109 "
             "两套梯度切换时间, 5 bytes, checked as a date; 040502FF second-set rate prices, "
             "4 bytes BCD each, 1..4 written; 040605FF the backup ladder; 04000207 number of "
             "ladder steps; 0403nnnn holidays n = 1..FE"},
    {"id": "fw-table-2013", "repo": None,
     "description": "a public C firmware parameter table of a prepaid single-phase meter "
                    "(protocol.c, 2013, GBK comments; found by the string 04050101)",
     "says": "0x04050101..06 费率电价1..6 4 bytes writable; 0x04060001..05 阶梯值 4 bytes; "
             "0x04060101..06 阶梯电价 4 bytes; 0x02800020 current price 4 bytes"},
    {"id": "fw-sdi-table", "repo": None,
     "description": "a public C data-identifier table of a cost-control meter (SDI_* names)",
     "says": "0x04050101 第一套费率参数, 0x04050201 第二套费率参数 (4 bytes x rates); "
             "0x04060001 第一套阶梯参数电量, 0x04060101 第一套阶梯参数电价 (steps + 1), "
             "0x04060201 第二套阶梯参数电量, 0x04060301 第二套阶梯参数电价; 0x04030001 公共节假日 "
             "4 bytes"},
    {"id": "fw-card-ids", "repo": None,
     "description": "a public C header of a card prepaid meter (TRIFF*_ID names)",
     "says": "TRIFF1_ID 0x04050101, TRIFF2_ID 0x04050201, TRIFFSWITCHDATE_ID 0x04000108, "
             "STEPSWITCHDATE_ID 0x04000109"},
    {"id": "test-bench-csharp", "repo": None,
     "description": "a public C# meter test-bench program",
     "says": "writes 04000108 (两套费率电价切换时间) as yyMMddHHmm and 040502FF (second-set "
             "rate prices, four 4-byte prices)"},
    {"id": "rust-meter-model", "repo": None,
     "description": "a public Rust meter model (A.5 parameter extension)",
     "says": "04-00-01-06..09: time-zone, daily-table, rate-price and ladder switch-over times "
             "YYMMDDhhmm; 04-00-02-05 public holidays n<=254; 04-00-02-07 ladder steps"},
    {"id": "fw-weekend", "repo": None,
     "description": "public firmware defaults and a public DL/T 645 notes page",
     "says": "04000801 weekend character: bit 0 Sunday .. bit 6 Saturday, 0 = rest day; 7F = "
             "no rest day (a firmware default: 周六、周日无休息)"},
]
ITEMS = [
    {"di": "04000106", "name": "switch-over time of the two year time-zone tables",
     "format": "YYMMDDhhmm", "bytes": 5, "sources": ["600888-dlt645", "rust-meter-model"]},
    {"di": "04000107", "name": "switch-over time of the two sets of daily tables",
     "format": "YYMMDDhhmm", "bytes": 5, "sources": ["600888-dlt645", "rust-meter-model"]},
    {"di": "04000108", "name": "switch-over time of the two sets of rate prices",
     "format": "YYMMDDhhmm", "bytes": 5,
     "sources": ["caokx-3jiliang", "fw-card-ids", "test-bench-csharp", "rust-meter-model"]},
    {"di": "04000109", "name": "switch-over time of the two ladders", "format": "YYMMDDhhmm",
     "bytes": 5, "sources": ["caokx-3jiliang", "fw-card-ids", "rust-meter-model"]},
    {"di": "04000201..04000205", "name": "counts: year zones, daily tables, periods, tariffs, "
     "public holidays", "format": "NN (04000205: NNNN)", "sources": ["600888-dlt645",
                                                                    "caokx-3jiliang"]},
    {"di": "04000801", "name": "weekend character", "format": "NN (bits)", "bytes": 1,
     "sources": ["600888-dlt645", "fw-weekend"]},
    {"di": "04010000 / 04020000", "name": "year time-zone table, first / second set",
     "format": "14 x MMDDNN", "bytes": 42, "sources": ["600888-dlt645", "fw-table-2013"]},
    {"di": "040s0001..040s0008", "name": "daily period tables 1..8", "format": "14 x hhmmNN",
     "bytes": 42, "sources": ["600888-dlt645", "fw-table-2013"]},
    {"di": "04030001..040300FE", "name": "public holiday n", "format": "YYMMDDNN", "bytes": 4,
     "sources": ["600888-dlt645", "fw-sdi-table", "caokx-3jiliang"]},
    {"di": "040501kk / 040502kk", "name": "rate price of tariff kk, first / second set",
     "format": "NNNN.NNNN yuan/kWh", "bytes": 4,
     "sources": ["fw-table-2013", "fw-sdi-table", "fw-card-ids", "caokx-3jiliang"]},
    {"di": "040600nn / 040602nn", "name": "ladder bound n, first / second set",
     "format": "NNNNNN.NN kWh", "bytes": 4, "sources": ["fw-table-2013", "fw-sdi-table"]},
    {"di": "040601nn / 040603nn", "name": "ladder price n (bounds + 1), first / second set",
     "format": "NNNN.NNNN yuan/kWh", "bytes": 4, "sources": ["fw-table-2013", "fw-sdi-table"]},
]


def main():
    v = []

    def add(id_, frame, expect, notes=""):
        v.append({"id": id_, "hex": hexs(frame), "provenance": "derived", "independent": False,
                  "expect": expect, **({"notes": notes} if notes else {})})

    # Jiangsu 2025 (苏发改价格发〔2025〕426号) in the second set, as the howto schedules it.
    jz = [(1, 1, 1), (3, 1, 2), (6, 1, 1), (9, 1, 2), (12, 1, 1)]
    add("set2-zones-jiangsu", write(METER, 0x04020000, zones(jz, 14)),
        {"di": "04020000", "zones": ["01-01 t1", "03-01 t2", "06-01 t1", "09-01 t2", "12-01 t1"],
         "padded_to": 14})
    t1 = [(0, 0, 4), (6, 0, 3), (11, 0, 4), (13, 0, 3), (14, 0, 2), (22, 0, 3)]
    add("set2-table1-jiangsu-summer-winter", write(METER, 0x04020001, periods(t1, 14)),
        {"di": "04020001", "periods": ["00:00 T4", "06:00 T3", "11:00 T4", "13:00 T3",
                                       "14:00 T2", "22:00 T3"], "padded_to": 14})
    t2 = [(0, 0, 3), (2, 0, 4), (6, 0, 3), (10, 0, 4), (14, 0, 3), (15, 0, 2), (22, 0, 3)]
    add("set2-table2-jiangsu-spring-autumn", write(METER, 0x04020002, periods(t2, 14)),
        {"di": "04020002", "periods": ["00:00 T3", "02:00 T4", "06:00 T3", "10:00 T4",
                                       "14:00 T3", "15:00 T2", "22:00 T3"], "padded_to": 14})
    add("holiday-count-0", write(METER, 0x04000205, bcd_bytes(0, 2)),
        {"di": "04000205", "count": 0})
    add("holiday-1-2025-10-01-t3", write(METER, 0x04030001, bytes([bcd(3), bcd(1), bcd(10),
                                                                    bcd(25)])),
        {"di": "04030001", "date": "2025-10-01", "table": 3})
    add("weekend-no-rest-day", write(METER, 0x04000801, bytes([0x7F])),
        {"di": "04000801", "value": "7F"})
    switch = bytes([bcd(0), bcd(0), bcd(1), bcd(6), bcd(25)])  # 2025-06-01 00:00
    add("zone-switch-2025-06-01", write(METER, 0x04000106, switch),
        {"di": "04000106", "time": "2025-06-01 00:00"})
    add("daily-switch-2025-06-01", write(METER, 0x04000107, switch),
        {"di": "04000107", "time": "2025-06-01 00:00"})
    add("set2-price-T2-0.8976", write(METER, 0x04050202, bcd_bytes(8976, 4)),
        {"di": "04050202", "price": "0.8976"})
    add("set1-price-T4-0.2875-password-04", write(METER, 0x04050104, bcd_bytes(2875, 4),
                                                  level=0x04, password="123456",
                                                  operator="00000001"),
        {"di": "04050104", "price": "0.2875", "password_level": "04", "password": "123456",
         "operator": "00000001"})
    add("price-switch-2025-06-01", write(METER, 0x04000108, switch),
        {"di": "04000108", "time": "2025-06-01 00:00"})
    add("set2-ladder-bound1-2760", write(METER, 0x04060201, bcd_bytes(276000, 4)),
        {"di": "04060201", "bound": "2760.00"})
    add("set2-ladder-price2-0.5783", write(METER, 0x04060302, bcd_bytes(5783, 4)),
        {"di": "04060302", "price": "0.5783"})
    add("ladder-switch-2026-01-01", write(METER, 0x04000109, bytes([0, 0, 1, 1, bcd(26)])),
        {"di": "04000109", "time": "2026-01-01 00:00"})
    add("write-ack-94", dlt645(METER, 0x94, b""), {"reply": "accepted"})
    add("write-refused-D4-unauthorised", dlt645(METER, 0xD4, bytes([0x04])),
        {"reply": "refused", "error_word": "04", "names": ["unauthorised"]})
    add("read-reply-set2-zones", dlt645(METER, 0x91, (0x04020000).to_bytes(4, "little") +
                                        zones(jz, 14)),
        {"di": "04020000", "zones": 14})
    # CJ/T 188 water: price table 3.45 up to 220 m3, 4.83 up to 300, 5.83 above, from day 1.
    water = "00000011223344"
    table = bcd_bytes(345, 3) + bcd_bytes(220, 3) + bcd_bytes(483, 3) + bcd_bytes(300, 3) + \
        bcd_bytes(583, 3) + bytes([bcd(1)])
    add("cjt188-A010-price-table", cjt188(0x10, water, 0x04, 0xA010, 0x00, table),
        {"di": "A010", "prices": ["3.45", "4.83", "5.83"], "volumes": ["220", "300"],
         "start_day": 1, "profile": "cjt188-2004"})
    add("cjt188-A011-settlement-day-25", cjt188(0x10, water, 0x04, 0xA011, 0x01,
                                                bytes([bcd(25)])),
        {"di": "A011", "settlement_day": 25, "profile": "cjt188-2004"})
    add("cjt188-8102-reply", cjt188(0x10, water, 0x81, 0x8102, 0x00, table),
        {"di": "8102", "prices": ["3.45", "4.83", "5.83"], "volumes": ["220", "300"],
         "start_day": 1})
    add("cjt188-8103-reply", cjt188(0x10, water, 0x81, 0x8103, 0x01, bytes([bcd(25)])),
        {"di": "8103", "settlement_day": 25})
    add("cjt188-84-ack", cjt188(0x10, water, 0x84, 0xA010, 0x00, bytes([0x00, 0x00])),
        {"di": "A010", "accepted": True})

    negative = [
        {"id": "zone-month-13", "item": "04020000", "data": hexs(bytes([1, 1, 0x13])),
         "expect": "bad_value"},
        {"id": "period-tariff-0", "item": "04020001", "data": hexs(bytes([0, 0, 0])),
         "expect": "bad_value"},
        {"id": "period-minute-60", "item": "04020001", "data": hexs(bytes([3, 0x60, 0x08])),
         "expect": "bad_value"},
        {"id": "table-not-whole-rows", "item": "04020001", "data": hexs(bytes([3, 0, 0, 4])),
         "expect": "bad_length"},
        {"id": "holiday-2025-02-30", "item": "04030001",
         "data": hexs(bytes([1, 0x30, 0x02, 0x25])), "expect": "bad_value"},
        {"id": "price-nibble-A", "item": "04050201", "data": hexs(bytes([0x0A, 0, 0, 0])),
         "expect": "bad_value"},
        {"id": "switch-hour-24", "item": "04000106", "data": hexs(bytes([0, 0x24, 1, 6, 0x25])),
         "expect": "bad_value"},
    ]
    doc = {
        "protocol": "DL/T 645-2007 settings items (TOU tables; cost-control supplement: prices, "
                    "ladders) and CJ/T 188-2004 price table / settlement day",
        "version": 1,
        "conventions": {
            "meter": METER + " (A5..A0), password level 02 password 000000 operator 00000000 "
                     "unless a vector says otherwise",
            "provenance": "derived = computed by tests/data/tools/make_settings_vectors.py by "
                          "hand from the protocol, not by submeter's codecs",
        },
        "sources": SOURCES,
        "items": ITEMS,
        "vectors": v,
        "negative_vectors": negative,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(v)} vectors, {len(negative)} negative")


if __name__ == "__main__":
    main()
