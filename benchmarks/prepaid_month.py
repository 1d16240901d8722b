#!/usr/bin/python3
"""A month of hourly readings through `submeter prepaid run` (issue 17's end-to-end figure).

    benchmarks/prepaid_month.py --cli build/release/src/cli/submeter --work /tmp/pm \\
        --meters 1000,2000,10000 [--runs 1]

For each meter count N: a site of N prepaid tenants with one TOU meter each (prices
1.35/1.08/0.60/0.24, opening balance 5,000.00, alarms 50/20), and N x 745 hourly readings
(2026-07-01 00:00 to 2026-08-01 00:00, 1.00 kWh an hour into the register of the hour) in one
readings.csv in time order; then `submeter prepaid run SITE --db NEW.db --readings FILE
` (text output to a file) under /usr/bin/time: wall time, readings per second, CPU time (user + system: on a
shared machine the wall time is mostly waiting for a core) and peak memory (maximum resident
set). Checks the run: every reading but each meter's first deducted
(from the output's last line). Prints a Markdown table; linear in meters means readings/s
about constant across N.
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import time

HOURS = 744


def register_of(hour_ended):
    if hour_ended in (10, 19):
        return 0
    if 8 <= hour_ended < 19:
        return 1
    if hour_ended >= 22 or hour_ended < 8:
        return 3
    return 2


def make_site(d, n):
    d.mkdir(parents=True, exist_ok=True)
    if (d / "live.csv").is_file():
        return d
    site = {
        "format": "submeter-site-v1",
        "name": f"Prepaid {n}",
        "currency": "CNY",
        "rounding": {"scope": "per_line", "places": 2, "mode": "half_up"},
        "tariffs": [{"id": "tou", "kind": "tou4",
                     "prices": {"sharp": "1.35", "peak": "1.08", "flat": "0.60",
                                "valley": "0.24"}}],
        "meters": [{"id": f"M-{i}", "tenant": f"T-{i}"} for i in range(n)],
        "tenants": [{"id": f"T-{i}", "name": f"Tenant {i}", "tariff": "tou",
                     "meters": [f"M-{i}"],
                     "account": {"mode": "prepaid", "opening_balance": "5000.00",
                                 "alarm1": "50.00", "alarm2": "20.00"}} for i in range(n)],
    }
    (d / "site.json").write_text(json.dumps(site, indent=1) + "\n")
    head = "meter_id,time,total,t1,t2,t3,t4\n"
    with open(d / "readings.csv", "w") as f:
        f.write(head)
        for i in range(n):
            f.write(f"M-{i},2026-07-01T00:00,1000.00,100.00,200.00,300.00,400.00\n")
    regs = [[10000, 20000, 30000, 40000] for _ in range(n)]  # hundredths of kWh
    with open(d / "live.tmp", "w") as f:
        f.write(head)
        for h in range(HOURS + 1):
            day, hour = divmod(h, 24)
            if h == HOURS:
                stamp = "2026-08-01T00:00"
            else:
                stamp = f"2026-07-{day + 1:02d}T{hour:02d}:00"
            k = register_of((h + 23) % 24)
            lines = []
            for i in range(n):
                r = regs[i]
                if h > 0:
                    r[k] += 100
                t = r[0] + r[1] + r[2] + r[3]
                lines.append(f"M-{i},{stamp},{t // 100}.{t % 100:02d},"
                             + ",".join(f"{v // 100}.{v % 100:02d}" for v in r) + "\n")
            f.writelines(lines)
    (d / "live.tmp").rename(d / "live.csv")
    return d


def run(cli, d, n):
    db = d / "ledger.db"
    for suffix in ("", "-wal", "-shm"):
        p = pathlib.Path(str(db) + suffix)
        if p.exists():
            p.unlink()
    t = time.perf_counter()
    with open(d / "out.txt", "wb") as f:
        r = subprocess.run(["/usr/bin/time", "-v", cli, "prepaid", "run", str(d), "--db",
                            str(db), "--readings", str(d / "live.csv")],
                           stdout=f, stderr=subprocess.PIPE, check=True,
                           # the 10,000-meter month's readings.csv is 446 MB (limit 256 MiB)
                           env=dict(os.environ, SUBMETER_MAX_FILE_BYTES=str(4 << 30)))
    wall = time.perf_counter() - t
    rss = int(re.search(rb"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    cpu = sum(float(re.search(rb"%s time \(seconds\): ([0-9.]+)" % k, r.stderr).group(1))
              for k in (b"User", b"System"))
    with open(d / "out.txt", "rb") as f:
        f.seek(max(0, f.seek(0, 2) - 300))
        last = f.read().decode().rstrip("\n").split("\n")[-1]
    (d / "out.txt").unlink()
    counts = {k: int(v) for k, v in re.findall(r"([a-z_]+(?: [a-z_]+)*) (\d+)",
                                               last.split(":", 1)[1])}
    expect = {"deducted": n * HOURS, "opened": n}
    if {k: counts.get(k) for k in expect} != expect:
        raise SystemExit(f"{d}: unexpected statuses: {last}")
    return wall, rss, counts, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--work", required=True, type=pathlib.Path)
    ap.add_argument("--meters", default="1000,2000")
    ap.add_argument("--runs", type=int, default=1)
    a = ap.parse_args()
    rows = []
    for n in [int(x) for x in a.meters.split(",")]:
        d = make_site(a.work / f"prepaid-{n}", n)
        walls, rsss, cpus = [], [], []
        for _ in range(a.runs):
            wall, rss, out, cpu = run(a.cli, d, n)
            walls.append(wall)
            rsss.append(rss)
            cpus.append(cpu)
        counts = out
        readings = n * (HOURS + 1)
        cpu = statistics.median(cpus)
        rows.append((n, readings, statistics.median(walls), min(walls), max(walls), max(rsss),
                     counts, cpu))
        print(f"{n} meters: {walls} s, cpu {cpus} s, {max(rsss)} kB, {counts}", file=sys.stderr,
              flush=True)
    print("| meters | readings | wall s (min–max) | readings/s | CPU s | µs CPU a reading "
          "| peak memory | statuses |")
    print("|---|---|---|---|---|---|---|---|")
    for n, readings, med, lo, hi, rss, counts, cpu in rows:
        print(f"| {n:,} | {readings:,} | {med:.1f} ({lo:.1f}–{hi:.1f}) | {readings / med:,.0f} | "
              f"{cpu:.1f} | {cpu / readings * 1e6:.1f} | {rss / 1024:,.0f} MiB | "
              f"{json.dumps(counts)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
