"""`submeter prepaid run`, `prepaid status` and `bill --prepaid-db` on tests/data/sites/prepaid-capacity
(issue 17, 按日扣费 of the basic charge by capacity): T-1 and T-2 are on the same two-part tariff
by capacity, 315 kVA × 30.00 yuan/kVA·month = 9,450.00 a month (TP-2), energy at 0.80; T-1 is on
daily deduction, T-2 is not. The figures are those of docs/prepaid.md "Daily fixed charges".

- Each day of July through the 30th is 1/30 of the month (TP-8), 315.00; the 31st costs nothing
  (the whole month is the monthly charge), so 30 days add up to 9,450.00 and T-1's true-up is
  0.00; T-2's true-up is the basic charge, 9,450.00.
- The days 16..30 July take T-1 from 6,475.00 to 1,750.00, below alarm1 (3,000.00); the reading
  of 31 July 09:00 (950 kWh, 760.00) then below alarm2 (1,000.00): its relay opens.
- A re-run deducts nothing.
"""
import json

from prepaid_cli import SITES, live_json
from prepaid_cli import stdout_of as run

SITE = SITES / "prepaid-capacity"


def live_run(db):
    return live_json(SITE, db)


def test_capacity_days_are_a_thirtieth_of_the_month(tmp_path):
    doc = live_run(tmp_path / "capacity.db")
    m1 = [i for i in doc["items"] if i["meter"] == "M-1"]
    days = [d for i in m1 for d in i.get("days", [])]
    assert [d["day"] for d in days] == [f"2026-07-{k:02d}" for k in range(1, 31)]
    assert all(d["amount"] == "315.00" and d["status"] == "deducted" for d in days)
    assert doc["days_deducted"] == 30
    # The reading of 31 July 09:00 deducts the 16th..30th (6,475.00 → 1,750.00: alarm1 on a
    # day's row), then its own 760.00 (990.00: alarm2, the relay opens).
    last = m1[-2]
    assert [r.get("notice") for r in last["outbox"]].count("alarm1") == 1
    assert last["time"].startswith("2026-07-31T09:00") and last["balance"] == "990.00"
    assert last["relay"] == "open" and last["level"] == "alarm2"
    assert any(r.get("command") == "cut" for r in last["outbox"]), last["outbox"]
    m2 = [i for i in doc["items"] if i["meter"] == "M-2"]
    assert all("days" not in i for i in m2)
    assert m2[-1]["balance"] == "10400.00"


def test_the_true_up_counts_the_capacity_days(tmp_path):
    db = tmp_path / "capacity.db"
    live_run(db)
    bill = run("bill", SITE, "--period", "2026-07", "--prepaid-db", db, "--no-report")
    assert bill.count("capacity     M-") == 2
    assert "T-1: bill 11050.00, live deductions 11050.00, true-up 0.00\n" in bill
    assert "T-2: bill 11050.00, live deductions 1600.00, true-up 9450.00\n" in bill
    status = json.loads(run("prepaid", "status", "--db", db, "--format", "json"))
    t1 = [a for a in status["accounts"] if a["id"] == "T-1"][0]
    assert t1["daily_fixed_charges"] == {
        "2026-07": {"deducted": "9450.00", "days": 30, "last_day": "2026-07-30"}}
    again = live_run(db)
    assert all(i["status"] == "duplicate" for i in again["items"])
    assert "days_deducted" not in again
