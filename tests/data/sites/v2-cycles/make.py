#!/usr/bin/python3
"""Writes readings.csv and intervals.csv of the v2-cycles test site (site.json is written by
hand). Deterministic; integer arithmetic in 0.01 kWh. Run from anywhere:

    /usr/bin/python3 tests/data/sites/v2-cycles/make.py

I1 (tariff tou-x, peak 08:00-20:00, valley 20:00-08:00) in July 2026: before the price change of
2026-07-16 00:00 each peak quarter-hour is 1.00 kWh and each valley one 0.50 kWh; from it, 2.00
and 0.25. So peak 720 + 1536 and valley 360 + 192 kWh (interval split), where a split by days
gives 15/31 and 16/31 of 2256 and 552 kWh. The water tree: the master W0 reads 104.35 m³ over
61.20 + 28.70 + 10.05 below: 4.40 m³ of losses.
"""
import datetime
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def fmt(h):
    return f"{h // 100}.{h % 100:02d}"


def main():
    rows = ["meter_id,start,kwh\n"]
    peak = valley = 0
    d0 = datetime.date(2026, 7, 1)
    for k in range(31):
        d = d0 + datetime.timedelta(days=k)
        after = d.day >= 16
        for s in range(96):
            is_peak = 32 <= s < 80
            v = (200 if after else 100) if is_peak else (25 if after else 50)
            if is_peak:
                peak += v
            else:
                valley += v
            rows.append(f"I1,{d.isoformat()}T{s // 4:02d}:{s % 4 * 15:02d},{fmt(v)}\n")
    with open(os.path.join(HERE, "intervals.csv"), "w") as f:
        f.writelines(rows)
    r0 = (0, 0, 10000, 0, 5000)  # total, sharp, peak, flat, valley (0.01 kWh)
    r1 = (r0[0] + peak + valley, 0, r0[2] + peak, 0, r0[4] + valley)
    readings = ["meter_id,time,total,t1,t2,t3,t4\n"]
    for t, r in (("2026-07-01T00:00", r0), ("2026-08-01T00:00", r1)):
        readings.append(f"I1,{t},{fmt(r[2] + r[4])},,{fmt(r[2])},,{fmt(r[4])}\n")
    # The water tree: W0 (master) over WA (T-W1), WB (T-W2) and WC (a common-area tap), m³.
    for m, end in (("W0", "104.35"), ("WA", "61.20"), ("WB", "28.70"), ("WC", "10.05")):
        readings.append(f"{m},2026-07-01T00:00,0,,,,\n{m},2026-08-01T00:00,{end},,,,\n")
    # Charge cycles: C1 and C4 the whole month, C2 from the move-in, C3 to the move-out (kWh).
    for m, t0, t1, end in (("C1", "2026-07-01T00:00", "2026-08-01T00:00", "100"),
                           ("C2", "2026-07-11T00:00", "2026-08-01T00:00", "50"),
                           ("C3", "2026-07-01T00:00", "2026-07-20T00:00", "40"),
                           ("C4", "2026-07-01T00:00", "2026-08-01T00:00", "1000")):
        readings.append(f"{m},{t0},0,,,,\n{m},{t1},{end},,,,\n")
    with open(os.path.join(HERE, "readings.csv"), "w") as f:
        f.writelines(readings)


if __name__ == "__main__":
    main()
