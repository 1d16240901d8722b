"""`submeter prepaid run`, `prepaid status` and `bill --prepaid-db` on tests/data/sites/prepaid-daily
(issue 17, 按日扣费): T-1's account is on daily deduction (`"deduction": "daily"`) of its property
fee (100 m2 × 3.10 = 310.00 a month: 10.00 a day in July) and rent (1,000.00 a month: July's rent
to date through day k is 1,000 × k/31 rounded to the fen); T-2 pays the same charges at month
end. The figures are those of docs/prepaid.md "Daily fixed charges".

- DAY-1: M-1's reading of 07-02 09:00 deducts day 07-01 before its own 5.00; the one of 07-05
  deducts 07-02..07-04 (42.26, 42.25, 42.26); 08-01 00:00 ends July's last day.
- DAY-2/4: the 31 days add up to 1,310.00, the bill's fixed lines, so T-1's true-up is 0.00;
  T-2's is the fixed charges, 1,310.00.
- DAY-3: running the same readings again deducts nothing.
- The alarm row of the day that takes the balance below alarm1 (1,000.00) is that day's.
"""
import json

from prepaid_cli import SITES, live_json
from prepaid_cli import stdout_of as run

SITE = SITES / "prepaid-daily"


def live_run(db):
    return live_json(SITE, db)


def test_days_are_deducted_with_the_readings_that_end_them(tmp_path):
    doc = live_run(tmp_path / "daily.db")
    m1 = [i for i in doc["items"] if i["meter"] == "M-1"]
    assert [i["status"] for i in m1] == ["opened", "deducted", "deducted", "deducted", "deducted",
                                         "deducted"]
    assert "days" not in m1[1]  # 07-01 18:00: no boundary crossed
    assert m1[2]["days"] == [{"day": "2026-07-01", "status": "deducted", "amount": "42.26"}]
    assert m1[2]["amount"] == "5.00"
    assert [(d["day"], d["amount"]) for d in m1[3]["days"]] == [
        ("2026-07-02", "42.26"), ("2026-07-03", "42.25"), ("2026-07-04", "42.26")]
    assert len(m1[4]["days"]) == 15  # 07-05 .. 07-19
    assert len(m1[5]["days"]) == 12  # 07-20 .. 07-31
    days = [d for i in m1 for d in i.get("days", [])]
    assert len(days) == 31
    assert sum(int(d["amount"].replace(".", "")) for d in days) == 131000  # 1,310.00
    # The balance falls below alarm1 (1,000.00) with day 07-23's deduction: its row says so.
    alarm = [r for r in m1[5]["outbox"] if r.get("notice") == "alarm1"]
    assert len(alarm) == 1 and alarm[0]["id"].startswith("T-1/"), m1[5]["outbox"]
    assert m1[5]["balance"] == "590.00"
    m2 = [i for i in doc["items"] if i["meter"] == "M-2"]
    assert all("days" not in i for i in m2)
    assert m2[-1]["balance"] == "1900.00"
    assert doc["days_deducted"] == 31


def test_a_rerun_deducts_no_day_and_status_shows_them(tmp_path):
    db = tmp_path / "daily.db"
    live_run(db)
    again = live_run(db)
    assert all(i["status"] == "duplicate" for i in again["items"])
    assert all("days" not in i for i in again["items"])
    assert "days_deducted" not in again
    status = json.loads(run("prepaid", "status", "--db", db, "--format", "json"))
    t1 = [a for a in status["accounts"] if a["id"] == "T-1"][0]
    assert t1["balance"] == "590.00"
    assert t1["daily_fixed_charges"] == {
        "2026-07": {"deducted": "1310.00", "days": 31, "last_day": "2026-07-31"}}
    t2 = [a for a in status["accounts"] if a["id"] == "T-2"][0]
    assert "daily_fixed_charges" not in t2
    text = run("prepaid", "status", "--db", db, "--account", "T-1")
    assert "  daily fixed charges: deducted 2026-07 1310.00 (31 days, last 2026-07-31)\n" in text


def test_the_true_up_counts_the_days(tmp_path):
    db = tmp_path / "daily.db"
    live_run(db)
    text = run("bill", SITE, "--period", "2026-07", "--prepaid-db", db, "--no-report")
    assert "T-1: bill 1410.00, live deductions 1410.00, true-up 0.00\n" in text
    assert "T-2: bill 1410.00, live deductions 100.00, true-up 1310.00\n" in text
