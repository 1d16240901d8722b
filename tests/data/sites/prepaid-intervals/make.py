#!/usr/bin/python3
"""Writes intervals.csv, readings.csv and live-2026-07.csv of the prepaid-intervals test site
(site.json is written by hand). Deterministic; integer arithmetic in 0.01 kWh. Run from anywhere:

    /usr/bin/python3 tests/data/sites/prepaid-intervals/make.py

T-1 (prepaid, meter M-1, tariff tou-x: peak 08:00-20:00, valley 20:00-08:00, prices 1.00 / 0.50
to 2026-07-15 and 1.20 / 0.60 from 2026-07-16 00:00) uses the load of v2-cycles' I1: before the
change each peak quarter-hour 1.00 kWh and each valley one 0.50 kWh; from it 2.00 and 0.25. The
month: peak 720 + 1536 and valley 360 + 192 kWh, 2,858.40 yuan split by interval data.
readings.csv has the bounds (the monthly bill); live-2026-07.csv the bounds and a reading at 06:00
and 18:00 every day (none at the change instant), each the registers the intervals add up to.
"""
import datetime
import os

HERE = os.path.dirname(os.path.abspath(__file__))
START = (10000, 0)  # peak (T2) and valley (T4) at 2026-07-01 00:00, 0.01 kWh; total = T2 + T4


def fmt(h):
    return f"{h // 100}.{h % 100:02d}"


def quarter(d, s):
    """Day d (1..31) slot s (0..95): (is_peak, 0.01 kWh)."""
    is_peak = 32 <= s < 80
    after = d >= 16
    return is_peak, ((200 if after else 100) if is_peak else (25 if after else 50))


def main():
    rows = ["meter_id,start,kwh\n"]
    cumulative = {}  # minutes since 07-01 00:00 -> (peak, valley) so far
    peak = valley = 0
    d0 = datetime.date(2026, 7, 1)
    for k in range(31):
        d = d0 + datetime.timedelta(days=k)
        for s in range(96):
            cumulative[(k * 96 + s) * 15] = (peak, valley)
            is_peak, v = quarter(d.day, s)
            if is_peak:
                peak += v
            else:
                valley += v
            rows.append(f"M-1,{d.isoformat()}T{s // 4:02d}:{s % 4 * 15:02d},{fmt(v)}\n")
    cumulative[31 * 96 * 15] = (peak, valley)
    with open(os.path.join(HERE, "intervals.csv"), "w") as f:
        f.writelines(rows)

    def row(minutes):
        p, v = cumulative[minutes]
        p += START[0]
        v += START[1]
        t = datetime.datetime(2026, 7, 1) + datetime.timedelta(minutes=minutes)
        return f"M-1,{t.strftime('%Y-%m-%dT%H:%M')},{fmt(p + v)},,{fmt(p)},,{fmt(v)}\n"

    header = "meter_id,time,total,t1,t2,t3,t4\n"
    with open(os.path.join(HERE, "readings.csv"), "w") as f:
        f.writelines([header, row(0), row(31 * 96 * 15)])
    live = [header, row(0)]
    for k in range(31):
        live += [row((k * 24 + 6) * 60), row((k * 24 + 18) * 60)]
    live.append(row(31 * 96 * 15))
    with open(os.path.join(HERE, "live-2026-07.csv"), "w") as f:
        f.writelines(live)


if __name__ == "__main__":
    main()
