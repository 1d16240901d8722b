"""`submeter history SITE --tenant ID --from --to [--db STORE]` (issue 22 #7,
docs/bills-issued.md#history): a tenant's bills, consumption, recharges and deductions."""
import json
from decimal import Decimal

from conftest import SAMPLE, bills_json, sample_copy, submeter


def tenant_with_recharges():
    site = json.loads((SAMPLE / "site.json").read_text("utf-8"))
    for t in site["tenants"]:
        if t.get("account", {}).get("recharges"):
            return t
    raise AssertionError("the sample site has recharges")


def test_history_from_the_site():
    t = tenant_with_recharges()
    doc = json.loads(submeter("history", SAMPLE, "--tenant", t["id"], "--from", "2026-06-01",
                              "--to", "2026-08-01", "--format", "json").stdout)
    assert doc["format"] == "submeter-history-v0" and doc["source"] == "site"
    assert [b["period"] for b in doc["bills"]] == ["2026-06", "2026-07"]
    july = next(b for b in bills_json(SAMPLE, "--period", "2026-07", "--no-report")["bills"]
                if b["tenant"]["id"] == t["id"])
    assert doc["bills"][1]["total"] == july["total"]
    kwh = sum(Decimal(m["used_kwh"]["total"]) for m in july["meters"] if not m["id"].startswith("M-W"))
    assert Decimal(doc["bills"][1]["kwh"]) == kwh
    recharges = [r for r in t["account"]["recharges"]
                 if "2026-06-01" <= r["time"][:10] < "2026-08-01"]
    assert [(r["amount"], r["reference"]) for r in doc["recharges"]] == \
           [(r["amount"], r["reference"]) for r in recharges]
    assert doc["deductions"][-1] == {"time": "2026-08-01T00:00", "amount": july["total"],
                                     "reference": "bill 2026-07"}
    text = submeter("history", SAMPLE, "--tenant", t["id"], "--from", "2026-06-01", "--to",
                    "2026-08-01").stdout
    assert text.startswith(f"History of {t['id']} ")
    assert "Bills:\n  2026-06  " in text and "Recharges:\n" in text and "Totals: " in text


def test_a_partial_month_is_a_range_bill(tmp_path):
    from test_bill_range import small_site
    site = small_site(tmp_path)
    doc = json.loads(submeter("history", site, "--tenant", "T-1", "--from", "2026-07-11",
                              "--to", "2026-08-01", "--format", "json").stdout)
    assert [(b["period"], b["kwh"], b["total"]) for b in doc["bills"]] == [
        ("2026-07-11..2026-08-01", "300.00", "429.00")]  # 300 kWh × 0.73 + 310.00 × 21/31


def test_history_from_the_ledger(tmp_path):
    site = sample_copy(tmp_path)
    db = tmp_path / "ledger.db"
    submeter("ledger", "open", "--db", db, "--account", "T-01", "--meter", "M-001", "--postpaid")
    submeter("bill", site, "--period", "2026-07", "--post", db)
    doc = json.loads(submeter("history", site, "--tenant", "T-01", "--from", "2026-07-01", "--to",
                              "2026-08-01", "--db", db, "--format", "json").stdout)
    assert doc["source"] == "ledger"
    july = next(b for b in bills_json(site, "--period", "2026-07", "--no-report")["bills"]
                if b["tenant"]["id"] == "T-01")
    assert [d["amount"] for d in doc["deductions"]] == [july["total"]]
    assert doc["deductions"][0]["reference"].startswith("bill 2026-07")
    assert doc["recharges"] == []
