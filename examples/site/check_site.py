#!/usr/bin/python3
"""Checks a site directory written by generate.py (format submeter-site-v1 or v2) for consistency:
every id referenced exists, readings increase per meter, TOU registers sum to the total, the
meter tree adds up (each parent reads at least the sum of its children, losses 2-6 %), interval
data are gapless 15-minute series whose sums equal the register deltas x multiplier, and prints
the power factors, the grid bill against the tenants' electricity charges (SUP-1 estimate), and
the prepaid levels the generator aimed at.

    /usr/bin/python3 examples/site/check_site.py [DIR] [--tenants N --seed S]

Exits 1 on the first failed check. Integer arithmetic only (0.01 units).
"""

import argparse
import csv
import datetime
import json
import os
import re
import sys
from collections import defaultdict, OrderedDict

DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
BOUNDS = ["2026-04-01T00:00", "2026-05-01T00:00", "2026-06-01T00:00", "2026-07-01T00:00",
          "2026-08-01T00:00"]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def cents(text):
    if not DECIMAL.match(text):
        fail(f"not a decimal: {text!r}")
    whole, _, frac = text.partition(".")
    if len(frac) > 2:
        fail(f"more than 2 places: {text}")
    neg = whole.startswith("-")
    v = abs(int(whole)) * 100 + int((frac + "00")[:2])
    return -v if neg else v


def walk_numbers(node, path="$"):
    """No JSON number anywhere (decimals are strings)."""
    if isinstance(node, dict):
        for k, v in node.items():
            walk_numbers(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_numbers(v, f"{path}[{i}]")
    elif isinstance(node, bool):
        pass   # a flag (format v2: allowance.carry_over)
    elif isinstance(node, (int, float)) and not (
            path in ("$.rounding.places", "$.bill_numbers.digits", "$.payment_bills.digits",
                     "$.payment_bills.due_days") or path.endswith(".reset_month")
            or path.endswith(".ratchet.months")
            or (isinstance(node, int) and path.endswith(".anchor_month"))):
        fail(f"JSON number at {path}")   # counts, not decimals (format v2)


def parse_time(t):
    return datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--tenants", type=int, default=None)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    with open(os.path.join(args.dir, "site.json"), encoding="utf-8") as f:
        site = json.load(f, object_pairs_hook=OrderedDict)
    walk_numbers(site)
    if site["format"] not in ("submeter-site-v1", "submeter-site-v2"):
        fail("format")
    tariffs = {t["id"]: t for t in site["tariffs"]}
    meters = OrderedDict()
    for m in site["meters"]:
        if m["id"] in meters:
            fail(f"meter twice {m['id']}")
        meters[m["id"]] = m
    tenants = OrderedDict((t["id"], t) for t in site["tenants"])
    if len(tenants) != len(site["tenants"]):
        fail("tenant twice")
    for t in site["tariffs"]:
        if t["kind"] == "two_part" and t["energy_tariff"] not in tariffs:
            fail(f"energy tariff of {t['id']}")
    owner = {}
    for t in tenants.values():
        if t["tariff"] not in tariffs:
            fail(f"tariff of {t['id']}")
        for mid in t["meters"]:
            if mid not in meters:
                fail(f"{t['id']} lists unknown meter {mid}")
            if mid in owner:
                fail(f"{mid} in two tenants")
            owner[mid] = t["id"]
    children = defaultdict(list)
    for m in meters.values():
        role = m.get("role", "tenant")
        if role not in ("tenant", "grid_master", "feeder", "common_area", "landlord"):
            fail(f"role {role}")
        if role == "grid_master":
            if "parent" in m:
                fail("grid master with parent")
        else:
            if m.get("parent") not in meters:
                fail(f"parent of {m['id']}")
            children[m["parent"]].append(m["id"])
            if meters[m["parent"]].get("medium", "electricity") != m.get("medium", "electricity"):
                fail(f"medium of {m['id']} differs from its parent")
        if role == "tenant" and owner.get(m["id"]) != m.get("tenant"):
            fail(f"{m['id']} tenant {m.get('tenant')} but listed by {owner.get(m['id'])}")
        if role != "tenant" and m["id"] in owner:
            fail(f"{m['id']} ({role}) listed by a tenant")
        if "tariff" in m and m["tariff"] not in tariffs:
            fail(f"tariff of {m['id']}")
        if role == "tenant" and m.get("medium") == "water" and tariffs[m["tariff"]]["kind"] != "water_tiered":
            fail(f"water tariff of {m['id']}")
        if "replaces" in m:
            old = meters[m["replaces"]]
            if old.get("removed") != m.get("installed") or old.get("tenant") != m.get("tenant"):
                fail(f"replacement {m['id']}")
    for c in site["common_areas"]:
        if meters[c["meter"]].get("role") != "common_area":
            fail(f"common area {c['id']}")
        for t in c.get("tenants", []):
            if t not in tenants:
                fail(f"common area {c['id']} tenant {t}")
    st = site["settlement"]
    if meters[st["grid_master"]]["role"] != "grid_master":
        fail("settlement grid master")

    def energy_tariff(mid):
        m = meters[mid]
        tid = m.get("tariff") or tenants[m["tenant"]]["tariff"] if m.get("tenant") else None
        if tid and tariffs[tid]["kind"] == "two_part":
            tid = tariffs[tid]["energy_tariff"]
        return tid

    # readings
    series = defaultdict(list)
    with open(os.path.join(args.dir, "readings.csv"), encoding="utf-8") as f:
        r = csv.reader(f)
        if next(r) != ["meter_id", "time", "total", "t1", "t2", "t3", "t4"]:
            fail("readings header")
        for row in r:
            mid, time = row[0], row[1]
            if mid not in meters:
                fail(f"reading of unknown meter {mid}")
            parse_time(time)
            total = cents(row[2])
            regs = [cents(x) for x in row[3:7]] if row[3] else None
            if regs is not None and sum(regs) != total:
                fail(f"{mid} {time}: t1..t4 sum {sum(regs)} != total {total}")
            tid = energy_tariff(mid) if meters[mid].get("role", "tenant") == "tenant" else None
            is_tou = tid is not None and tariffs[tid]["kind"] == "tou4"
            if is_tou != (regs is not None):
                fail(f"{mid}: registers {regs is not None} but tariff {tid}")
            series[mid].append((time, total, regs))
    for mid, pts in series.items():
        for a, b in zip(pts, pts[1:]):
            if not a[0] < b[0]:
                fail(f"{mid}: times not increasing {a[0]} {b[0]}")
            if b[1] < a[1] or (a[2] and any(y < x for x, y in zip(a[2], b[2]))):
                fail(f"{mid}: register goes back at {b[0]}")
    for mid in meters:
        if mid not in series:
            fail(f"{mid} has no readings")

    def at_bound(mid, bound):
        """Reading at the bound, or the last one before it within 24 h (docs/formats.md)."""
        best = None
        for t, total, regs in series[mid]:
            if t <= bound and parse_time(bound) - parse_time(t) <= datetime.timedelta(hours=24):
                best = (t, total, regs)
        return best

    # every meter read at every month bound it lives through
    for mid, m in meters.items():
        for b in BOUNDS:
            if "removed" in m and b > m["removed"]:
                continue
            if "installed" in m and b < m["installed"]:
                continue
            if at_bound(mid, b) is None:
                fail(f"{mid} not read at {b}")

    def mult(mid):
        return int(meters[mid].get("multiplier", "1"))

    def delta(mid, month):
        """Primary-side consumption in month [BOUNDS[month], BOUNDS[month+1]), 0.01 units."""
        m = meters[mid]
        a, b = BOUNDS[month], BOUNDS[month + 1]
        if "removed" in m and m["removed"] <= a or "installed" in m and m["installed"] >= b:
            return 0
        ra = at_bound(mid, a) if "installed" not in m or m["installed"] < a else series[mid][0]
        rb = at_bound(mid, b) if "removed" not in m or m["removed"] > b else series[mid][-1]
        return (rb[1] - ra[1]) * mult(mid)

    # tree
    print("month    node   children(kWh)   node(kWh)   loss%")
    for month in range(4):
        for parent, kids in children.items():
            s = sum(delta(k, month) for k in kids)
            d = delta(parent, month)
            per10k = (d - s) * 10000 // max(1, s)
            if month == 3 or parent == "M-000":
                print(f"{BOUNDS[month][:7]}  {parent:6} {s / 100:>14} {d / 100:>12} "
                      f"{per10k / 100:>6}")
            if not 50 <= per10k <= 600:
                fail(f"loss at {parent} in {BOUNDS[month][:7]}: {per10k / 100} %")
        end_users = [k for k, m in meters.items() if m.get("role", "tenant") in
                     ("tenant", "common_area", "landlord") and m.get("medium") != "water"]
        s = sum(delta(k, month) for k in end_users)
        d = delta("M-000", month)
        per10k = (d - s) * 10000 // s
        print(f"{BOUNDS[month][:7]}  master vs end users: {s / 100} -> {d / 100} kWh, "
              f"loss {per10k / 100} %")
        if not 300 <= per10k <= 500:
            fail("total loss outside 3-5 %")

    # intervals
    ipath = os.path.join(args.dir, "intervals.csv")
    step = datetime.timedelta(minutes=15)
    if os.path.exists(ipath):
        iv = defaultdict(list)
        with open(ipath, encoding="utf-8") as f:
            r = csv.reader(f)
            if next(r) != ["meter_id", "start", "kwh"]:
                fail("intervals header")
            for mid, start, kwh in r:
                if mid not in meters:
                    fail(f"interval of unknown meter {mid}")
                iv[mid].append((start, cents(kwh)))
        for mid, rows in iv.items():
            first, last = parse_time(rows[0][0]), parse_time(rows[-1][0]) + step
            if first.day != 1 or first.hour or last.day != 1 or last.hour:
                fail(f"{mid}: intervals do not cover whole months")
            t = first
            for start, _ in rows:
                if parse_time(start) != t:
                    fail(f"{mid}: gap or disorder at {start}")
                t += step
            # every pair of consecutive readings inside the covered span
            pts = [p for p in series[mid] if rows[0][0] <= p[0] <= last.strftime("%Y-%m-%dT%H:%M")]
            for a, b in zip(pts, pts[1:]):
                s = sum(k for st_, k in rows if a[0] <= st_ < b[0])
                if s != (b[1] - a[1]) * mult(mid):
                    fail(f"{mid}: intervals {a[0]}..{b[0]} sum {s} != {(b[1] - a[1]) * mult(mid)}")
            jul = [k for st_, k in rows if st_ >= "2026-07"]
            peak = max(jul)
            tenant = tenants[meters[mid]["tenant"]]
            print(f"{mid} {tenant['tariff']:18} {len(pts) - 1} reading spans match; July max "
                  f"demand {peak * 4 / 100} kW (capacity {tenant.get('capacity_kva', '-')} kVA)")
        for t in tenants.values():
            if tariffs[t["tariff"]]["kind"] == "two_part":
                for mid in t["meters"]:
                    if meters[mid].get("medium") != "water" and mid not in iv:
                        fail(f"two-part {t['id']} meter {mid} has no intervals")

    # reactive: PF per month, exact half-up to 2 places via squares
    rpath = os.path.join(args.dir, "reactive.csv")
    react = defaultdict(list)
    with open(rpath, encoding="utf-8") as f:
        r = csv.reader(f)
        if next(r) != ["meter_id", "time", "kvarh"]:
            fail("reactive header")
        for mid, time, kvarh in r:
            if mid not in meters:
                fail(f"reactive of unknown meter {mid}")
            react[mid].append((time, cents(kvarh)))
    for mid, rows in react.items():
        for (ta, qa), (tb, qb) in zip(rows, rows[1:]):
            ra = next(p for p in series[mid] if p[0] == ta)
            rb = next(p for p in series[mid] if p[0] == tb)
            p_, q_ = rb[1] - ra[1], qb - qa
            # cos = P / sqrt(P^2 + Q^2); rounded value r/100 is the largest r with
            # cos >= (r - 0.5)/100  <=>  P^2 * 40000 >= (2r - 1)^2 * (P^2 + Q^2)
            rr = max(r_ for r_ in range(1, 101)
                     if p_ * p_ * 40000 >= (2 * r_ - 1) ** 2 * (p_ * p_ + q_ * q_))
            print(f"{mid} {ta[:7]} P={p_ * mult(mid) / 100} kWh Q={q_ * mult(mid) / 100} kvarh "
                  f"PF {rr / 100:.2f}")
            if not 80 <= rr <= 97:
                fail("PF outside 0.80-0.97")

    # SUP-1 and the accounts, from the generator's own estimates
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import generate as g
    # The format-v2 dormitory rooms are added on top of the generated tenants.
    dorms = {room[1] for room in getattr(g, "DORM_ROOMS", [])}
    n = args.tenants or len([tid for tid in tenants if tid not in dorms])
    out = g.generate(n, args.seed, os.path.exists(ipath))
    if json.dumps(out[0], ensure_ascii=False, indent=2) + "\n" != open(os.path.join(args.dir, "site.json"), encoding="utf-8").read():
        print("(site.json differs from generate(); estimates skipped)")
        return
    est = out[4]
    for month, label in ((g.JUN, "2026-06"), (g.JUL, "2026-07")):
        paid = sum(e[month]["electricity"] for e in est) // 10000
        grid = cents(st["grid_bill"][label])
        print(f"{label}: grid bill {grid / 100:.2f}, tenants' electricity (estimate) "
              f"{paid / 100:.2f} ({paid * 1000 // grid / 10} %)")
    levels = defaultdict(list)
    for t, e in zip(tenants.values(), est):
        a = t.get("account")
        if not a or a["mode"] != "prepaid":
            continue
        bal = cents(a["opening_balance"]) + sum(cents(r["amount"]) for r in a["recharges"]) \
            - e[g.JUL]["total"] // 10000
        a1, a2, od = cents(a["alarm1"]), cents(a["alarm2"]), cents(a["overdraft_limit"])
        level = ("normal" if bal > a1 else "alarm1" if bal > a2 else "alarm2" if bal > 0
                 else "exhausted" if -bal >= od else "overdraft")
        levels[level].append(f"{t['id']}({bal / 100:.2f})")
    for k, v in levels.items():
        print(f"{k}: {len(v)}: {' '.join(v[:12])}")
    print("OK")


if __name__ == "__main__":
    main()
