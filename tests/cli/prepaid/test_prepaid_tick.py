"""`submeter prepaid run --through TIME`, the clock's tick (issue 17): without a reading, a cut
that fell due by TIME is executed and an account on daily deduction (按日扣费) is charged the
days that ended by TIME. The figures are those of docs/prepaid.md "The clock".

- prepaid-daily: M-1 read on 1 July only (00:00, 18:00); the tick of 5 July 00:00 deducts T-1's
  days 07-01..07-04 (42.26, 42.26, 42.25, 42.26); the whole month run afterwards deducts the
  other 27 days and ends on the same balance, 590.00, as without the tick.
- prepaid-cut-off: T-1 exhausted on Saturday 21:40, its cut deferred to Monday 08:00 (no cuts
  18:00-08:00 and on Sundays); the tick of Monday 08:00 executes it (the DL/T 645 1C trip frame
  stored with the row); Monday's 09:00 reading then finds it done.
- Bad input: a --through that is not a time, or neither readings nor --through: exit 1, nothing
  written.
"""
import csv
import json

from prepaid_cli import SITES
from prepaid_cli import cli as run


def readings_until(site, last, out):
    """The rows of the site's live-2026-07.csv at or before `last`, as a readings file."""
    with open(SITES / site / "live-2026-07.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    keep = [rows[0]] + [r for r in rows[1:] if r[1] <= last]
    with open(out, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(keep)
    return out


def test_a_tick_deducts_the_days_no_reading_ended(tmp_path):
    db = tmp_path / "daily.db"
    early = SITES / "prepaid-daily" / "early-2026-07.csv"  # M-1 read on 1 July only
    doc = json.loads(run("prepaid", "run", SITES / "prepaid-daily", "--db", db, "--readings",
                         early, "--through", "2026-07-05", "--format", "json").stdout)
    ticks = [i for i in doc["items"] if i["kind"] == "tick"]
    assert [t["account"] for t in ticks] == ["T-1", "T-2"]
    assert all(t["status"] == "tick" and t["meter"] == "" for t in ticks)
    assert all(t["time"] == "2026-07-05T00:00:00" for t in ticks)
    assert [(d["day"], d["amount"]) for d in ticks[0]["days"]] == [
        ("2026-07-01", "42.26"), ("2026-07-02", "42.26"), ("2026-07-03", "42.25"),
        ("2026-07-04", "42.26")]
    assert "days" not in ticks[1]  # T-2 pays its fixed charges at month end
    assert doc["days_deducted"] == 4
    # The same tick again deducts nothing; the month's readings then deduct the other 27 days.
    again = json.loads(run("prepaid", "run", SITES / "prepaid-daily", "--db", db, "--through",
                           "2026-07-05T00:00", "--format", "json").stdout)
    assert all("days" not in i for i in again["items"])
    rest = json.loads(run("prepaid", "run", SITES / "prepaid-daily", "--db", db, "--readings",
                          SITES / "prepaid-daily" / "live-2026-07.csv", "--format",
                          "json").stdout)
    assert rest["days_deducted"] == 27
    status = json.loads(run("prepaid", "status", "--db", db, "--format", "json").stdout)
    t1 = [a for a in status["accounts"] if a["id"] == "T-1"][0]
    assert t1["balance"] == "590.00"
    assert t1["daily_fixed_charges"]["2026-07"] == {"deducted": "1310.00", "days": 31,
                                                    "last_day": "2026-07-31"}


def test_a_tick_executes_a_deferred_cut_at_its_time(tmp_path):
    db = tmp_path / "cut.db"
    site = SITES / "prepaid-cut-off"
    early = readings_until("prepaid-cut-off", "2026-07-05T12:00", tmp_path / "early.csv")
    out = run("prepaid", "run", site, "--db", db, "--readings", early, "--through",
              "2026-07-06T08:00").stdout
    lines = out.splitlines()
    # Saturday 21:40 exhausted the account; its cut waits to Monday 08:00; Sunday's reading at
    # 12:00 leaves it waiting; the tick executes it: the relay opens, the 1C trip frame stored.
    assert "    outbox T-1/1/1: cut_notice 2026-07-06T08:00:00" in lines
    tick = lines.index("2026-07-06T08:00:00 tick T-1: balance -3.00, level exhausted, relay open")
    assert lines[tick + 1].startswith("    outbox T-1/3/0: cut M-1 frame FE FE FE FE 68 "), out
    assert lines[tick + 2] == "    outbox T-1/3/1: cut"
    assert "2026-07-06T08:00:00 tick T-2: balance -2.00, level exhausted, relay closed" in lines
    rows = json.loads(run("prepaid", "outbox", "--db", db, "--format", "json").stdout)
    cut = [r for r in rows if r.get("command") == "cut" and r["account"] == "T-1"]
    assert len(cut) == 1 and cut[0]["time"] == "2026-07-06T08:00:00"
    assert cut[0]["frame"].startswith("FE FE FE FE 68 01 00 00 07 26 20 68 1C")
    # Monday's 09:00 reading comes after the cut: no second cut row.
    run("prepaid", "run", site, "--db", db, "--readings", site / "live-2026-07.csv")
    rows = json.loads(run("prepaid", "outbox", "--db", db, "--format", "json").stdout)
    assert len([r for r in rows if r.get("command") == "cut" and r["account"] == "T-1"]) == 1


def test_bad_through_or_no_input_is_refused_and_writes_nothing(tmp_path):
    db = tmp_path / "bad.db"
    site = SITES / "prepaid-daily"
    r = run("prepaid", "run", site, "--db", db, "--through", "05/07/2026", ok=False)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.startswith("submeter: error: parse: not a date or local time"), r.stderr
    assert "option=--through" in r.stderr and "text=05/07/2026" in r.stderr
    r = run("prepaid", "run", site, "--db", db, ok=False)
    assert r.returncode == 1 and r.stdout == ""
    assert "--through TIME" in r.stderr, r.stderr
    assert not db.exists()
