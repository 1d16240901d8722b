"""`submeter prepaid run` and `bill --prepaid-db` on tests/data/sites/prepaid-intervals (issue 17,
TOU-5 by interval data on the live path): T-1 is prepaid on tou-x, whose prices rise from
1.00 / 0.50 to 1.20 / 0.60 (peak / valley) on 2026-07-16 00:00; M-1 has 15-minute interval data
(intervals.csv) and is read at 06:00 and 18:00 (never at the change). The figures are those of
docs/prepaid.md "A price change split by interval data".

- A reading after the change is deducted as the energy measured before and after it prices it:
  07-16 06:00 covers 07-15 18:00-24:00 at the old prices (8 peak kWh, 8 valley: 12.00) and
  07-16 00:00-06:00 at the new (6 valley kWh × 0.60 = 3.60): 15.60.
- The month's deductions add up to the bill split by the same data, 2,858.40: true-up 0.00.
- Without intervals.csv the live step and the bill both split by days: 17.96 at 07-16 06:00 and
  2,793.36 for the month (true-up 0.00 too). Before interval data reached the live step, it split
  by days while the bill split by the data: 2,793.36 deducted, a true-up of 65.04.
"""
import shutil

from prepaid_cli import SITES, cli, live_json
from prepaid_cli import stdout_of as run

SITE = SITES / "prepaid-intervals"


def live_run(site, db):
    return live_json(site, db, SITE / "live-2026-07.csv")


def fen(text):
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0")[:2])


def deductions(doc):
    return {i["time"][:16]: i["amount"] for i in doc["items"] if i["status"] == "deducted"}


def test_readings_after_the_change_are_priced_by_the_energy_measured(tmp_path):
    doc = live_run(SITE, tmp_path / "intervals.db")
    d = deductions(doc)
    assert len(d) == 63  # 62 readings in July and 08-01 00:00; the first opens the meter
    # Before the change a peak hour is 4 kWh, a valley hour 2: 06:00 covers 18:00-20:00 peak
    # (8 kWh × 1.00) and 20:00-06:00 valley (20 kWh × 0.50), 18.00; 18:00 covers 06:00-08:00
    # valley (4 kWh × 0.50) and 08:00-18:00 peak (40 kWh × 1.00), 42.00.
    assert d["2026-07-15T06:00"] == "18.00" and d["2026-07-15T18:00"] == "42.00"
    # 07-16 06:00: 07-15 18:00-20:00 peak 8 kWh × 1.00 + 20:00-24:00 valley 8 kWh × 0.50, and
    # 07-16 00:00-06:00 valley 6 kWh × 0.60 (the new price, by the intervals): 8 + 4 + 3.60.
    assert d["2026-07-16T06:00"] == "15.60"
    # After, a peak hour is 8 kWh, a valley hour 1: 06:00-18:00 is 2 valley hours (2 kWh × 0.60)
    # and 10 peak (80 kWh × 1.20), 97.20; 18:00-06:00 is 16 peak kWh × 1.20 and 10 valley × 0.60.
    assert d["2026-07-16T18:00"] == "97.20"
    assert d["2026-07-17T06:00"] == "25.20"
    assert sum(fen(a) for a in d.values()) == 285840
    last = [i for i in doc["items"] if i["status"] == "deducted"][-1]
    assert last["balance"] == "2141.60"


def test_the_month_end_true_up_is_zero(tmp_path):
    db = tmp_path / "intervals.db"
    live_run(SITE, db)
    bill = run("bill", SITE, "--period", "2026-07", "--prepaid-db", db, "--no-report")
    assert "peak    720.00 kWh × 1.00 = 720.00 (x-2026-01, " in bill
    assert "peak    1,536.00 kWh × 1.20 = 1,843.20 (x-2026-07-16, " in bill
    assert bill.count(", interval data)") == 4
    assert "Total: 2,858.40 CNY" in bill
    assert "  live deductions 2026-07: 2,858.40; true-up 0.00\n" in bill
    # A re-run deducts nothing more.
    again = live_run(SITE, db)
    assert all(i["status"] == "duplicate" for i in again["items"])


def test_without_interval_data_both_split_by_days(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("site.json", "readings.csv"):
        shutil.copy(SITE / name, site / name)
    doc = live_run(site, tmp_path / "days.db")
    d = deductions(doc)
    assert d["2026-07-15T18:00"] == "42.00"  # one version: no split at all
    assert d["2026-07-16T06:00"] == "17.96"
    assert sum(fen(a) for a in d.values()) == 279336
    bill = run("bill", site, "--period", "2026-07", "--prepaid-db", tmp_path / "days.db",
               "--no-report")
    assert bill.count(", by days)") == 4
    assert "  live deductions 2026-07: 2,793.36; true-up 0.00\n" in bill


def test_data_at_odds_with_the_readings_fall_back_to_days_and_the_bill_refuses_them(tmp_path):
    # One peak interval of 20 July 12:00 reads 0.01 kWh above the registers: windows that
    # contain it are split by days (the live step goes on deducting), windows before it by the
    # data; the month's bill, like `validate --period`, refuses the data, naming the register.
    site = tmp_path / "site"
    site.mkdir()
    for name in ("site.json", "readings.csv"):
        shutil.copy(SITE / name, site / name)
    text = (SITE / "intervals.csv").read_text(encoding="utf-8")
    assert text.count("M-1,2026-07-20T12:00,2.00\n") == 1
    (site / "intervals.csv").write_text(
        text.replace("M-1,2026-07-20T12:00,2.00\n", "M-1,2026-07-20T12:00,2.01\n"),
        encoding="utf-8")
    db = tmp_path / "odd.db"
    d = deductions(live_run(site, db))
    assert d["2026-07-16T06:00"] == "15.60" and d["2026-07-20T06:00"] == "25.20"
    assert d["2026-07-20T18:00"] == "65.75"  # by days from here
    r = cli("bill", site, "--period", "2026-07", "--prepaid-db", db, "--no-report", ok=False)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.startswith("submeter: error: inconsistent: interval data do not add up to "
                               "the register readings [meter=M-1, register=peak, "
                               "intervals=2256.01, readings=2256.00]"), r.stderr
