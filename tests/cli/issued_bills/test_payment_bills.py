"""PAY-1..PAY-5: payment bills and credit notes (issue 22 #5, docs/bills-issued.md "Payment
bills"): per component, deduct from the prepaid balance or issue a payment bill with its own
number and due date; a postpaid tenant's re-rating refund as a credit note; `bill --post` deducts
the rest; `submeter pay` records a payment once."""
import json
import shutil
from decimal import Decimal

import pytest

from conftest import DATA, SAMPLE, submeter

TERMS = {"prefix": "PB", "digits": 4, "due_days": 10,
         "components": ["capacity", "property_fee", "rent"],
         "tenants": {"T-E": []}}


def small_site(tmp_path, terms=TERMS, refund=True):
    """tests/data/sites/v1-small as format v2 with `payment_bills`; with `refund`, its June price
    correction lowers the peak price, so postpaid T-B's re-rating is a refund."""
    site = tmp_path / "site"
    shutil.copytree(DATA / "sites" / "v1-small", site)
    doc = json.loads((site / "site.json").read_text())
    doc["format"] = "submeter-site-v2"
    if terms is not None:
        doc["payment_bills"] = terms
    if refund:
        for t in doc["tariffs"]:
            if t["id"] == "tou-b":
                t["versions"][1]["prices"]["peak"] = "0.9500"
    (site / "site.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1))
    return site


def bills(site):
    doc = json.loads(submeter("bill", site, "--period", "2026-07", "--format", "json",
                              "--no-report").stdout)
    return {b["tenant"]["id"]: b for b in doc["bills"]}


def test_documents_carry_the_billed_components_and_the_rest_is_deducted(tmp_path):
    by_id = bills(small_site(tmp_path))
    numbers = []
    for tid, b in by_id.items():
        docs = b.get("payment_documents", [])
        billed = {"capacity", "property_fee", "rent"} if tid != "T-E" else set()
        on_docs = sum(Decimal(d["total"]) for d in docs)
        assert Decimal(b["deducted"] if docs else b["total"]) == Decimal(b["total"]) - on_docs
        for d in docs:
            numbers.append(d["number"])
            assert d["issued"] == "2026-08-01" and d["due"] == "2026-08-11"
            assert Decimal(d["total"]) == sum(Decimal(l["amount"]) for l in d["lines"])
            for line in d["lines"]:
                if d["kind"] == "payment_bill":
                    assert line["component"] in billed
                else:  # PAY-2: only a postpaid tenant's re-rating refund
                    assert tid == "T-B" and line["component"] == "adjustment"
                    assert Decimal(line["amount"]) < 0
        if not docs:
            assert not any(l["component"] in billed for l in b["lines"]
                           if Decimal(l["amount"]) != 0)
    # PAY-3: a document takes its bill's place in the series (as the bill number), a credit note
    # with "-CN"; distinct numbers.
    for k, b in enumerate(by_id.values(), start=1):
        for d in b.get("payment_documents", []):
            suffix = "-CN" if d["kind"] == "credit_note" else ""
            assert d["number"] == f"PB-202607-{k:04d}{suffix}"
    assert numbers and len(set(numbers)) == len(numbers)
    assert "T-E" not in [t for t, b in by_id.items() if b.get("payment_documents")]
    kinds = {d["kind"] for b in by_id.values() for d in b.get("payment_documents", [])}
    assert kinds == {"payment_bill", "credit_note"}


def test_numbers_are_stable_when_billed_again(tmp_path):
    site = small_site(tmp_path)
    first = submeter("bill", site, "--period", "2026-07", "--format", "json").stdout
    assert submeter("bill", site, "--period", "2026-07", "--format", "json").stdout == first


def test_text_shows_each_document_and_the_deduction(tmp_path):
    text = submeter("bill", small_site(tmp_path), "--period", "2026-07", "--no-report").stdout
    assert "Payment bill PB-202607-0001, issued 2026-08-01, due 2026-08-11: " in text
    assert "Credit note PB-202607-" in text
    assert "Deducted from the balance: " in text  # prepaid T-A
    assert "Due with this bill: " in text  # postpaid T-B, T-D without an account
    zh = submeter("bill", small_site(tmp_path / "zh"), "--period", "2026-07", "--no-report",
                  "--lang", "zh").stdout
    assert "缴费账单 PB-202607-0001，出账 2026-08-01，缴费截止 2026-08-11：" in zh


def test_all_deducted_bills_as_before(tmp_path):
    """No component billed: no documents, the bills exactly as without `payment_bills`."""
    none = small_site(tmp_path / "a", {"components": []}, refund=False)
    without = small_site(tmp_path / "b", None, refund=False)
    assert submeter("bill", none, "--period", "2026-07", "--format", "json").stdout == \
        submeter("bill", without, "--period", "2026-07", "--format", "json").stdout


def test_validate_names_the_feature(tmp_path):
    out = submeter("validate", small_site(tmp_path)).stdout
    assert ("feature: payment_bills: PB-YYYYMM-0001, due 10 days after issue; billed "
            "capacity,property_fee,rent; T-E (none: all deducted); postpaid re-rating refunds "
            "as credit notes") in out


def test_post_deducts_the_rest_and_pay_records_a_payment_once(tmp_path):
    site = small_site(tmp_path)
    by_id = bills(site)
    db = tmp_path / "l.db"
    for tid, b in by_id.items():
        meters = [m["id"] for m in b["meters"]]
        submeter("ledger", "open", "--db", db, "--account", tid, *sum([["--meter", m]
                                                                        for m in meters], []))
    out = submeter("bill", site, "--period", "2026-07", "--post", db).stdout
    a = by_id["T-A"]
    assert f"T-A: {a['deducted']}, ok" in out
    pb = a["payment_documents"][0]
    assert f"T-A: payment bill {pb['number']} {pb['total']}, due 2026-08-11, not deducted" in out
    cn = [d for d in by_id["T-B"]["payment_documents"] if d["kind"] == "credit_note"][0]
    assert f"T-B: credit note {cn['number']} {Decimal(cn['total']).copy_abs()}, ok" in out
    # Posting again changes nothing.
    again = submeter("bill", site, "--period", "2026-07", "--post", db).stdout
    assert "(0 already posted" not in again and "already posted" in again
    pay = ["pay", site, "--db", db, "--bill", pb["number"], "--time", "2026-08-05T10:00"]
    out = submeter(*pay, "--amount", pb["total"]).stdout
    assert out.startswith(f"paid payment bill {pb['number']} of T-A: {pb['total']}")
    assert "already paid" in submeter(*pay, "--amount", pb["total"]).stdout
    r = submeter(*pay, "--amount", "1.00", status=1)
    assert r.stdout == "" and "submeter: error: invalid_argument: a payment bill is paid in full" \
        in r.stderr
    st = submeter("ledger", "statement", "--db", db, "--account", "T-A", "--from",
                  "2026-07-01T00:00", "--to", "2026-09-01T00:00", "--format", "json").stdout
    kinds = [e["event"]["kind"] for e in json.loads(st)["entries"]]
    assert kinds.count("payment") == 1


@pytest.mark.parametrize("bill,amount,message", [
    ("PB-202607-0099", "1.00", "not_found: the site issued no payment bill with this number"),
    ("XX-202607-0001", "1.00", "invalid_argument: the number does not have the prefix"),
    ("PB-2026-07-0001", "1.00", "invalid_argument: not a payment bill number of this site"),
    ("PB-202607-0001", "abc", "parse: not an amount of money"),
])
def test_pay_refuses_bad_input(tmp_path, bill, amount, message):
    site = small_site(tmp_path)
    db = tmp_path / "l.db"
    r = submeter("pay", site, "--db", db, "--bill", bill, "--amount", amount, "--time",
                 "2026-08-05T10:00", status=1)
    assert r.stdout == "" and r.stderr.startswith("submeter: error: " + message), r.stderr
    assert not db.exists()


def test_pay_refuses_a_credit_note(tmp_path):
    site = small_site(tmp_path)
    cn = [d for d in bills(site)["T-B"]["payment_documents"] if d["kind"] == "credit_note"][0]
    r = submeter("pay", site, "--db", tmp_path / "l.db", "--bill", cn["number"], "--amount",
                 "1.00", "--time", "2026-08-05T10:00", status=1)
    assert "a credit note is credited, not paid" in r.stderr


def test_the_sample_issues_payment_bills():
    """The sample site (examples/site/generate.py) uses the field."""
    doc = json.loads((SAMPLE / "site.json").read_text())
    assert "payment_bills" in doc
    out = submeter("validate", SAMPLE).stdout
    assert "feature: payment_bills: " in out


def test_html_bills_show_the_documents(tmp_path):
    # The sample: T-03 (postpaid) gets payment bill PB-202607-0003, T-16 (prepaid) PB-202607-0016;
    # the HTML bill shows each with its lines and what is left due or deducted.
    out = tmp_path / "html"
    submeter("bill", SAMPLE, "--period", "2026-07", "--format", "html", "--out", out)
    t03 = (out / "T-03-2026-07.html").read_text("utf-8")
    assert ("<h2>Payment bill PB-202607-0003, issued 2026-08-01, due 2026-08-16: 50,809.23 CNY"
            "</h2>") in t03
    assert "<td>capacity</td><td>M-003</td><td class=\"n\">31,200.00</td>" in t03
    assert "<div class=\"deducted\">Due with this bill: 125,163.91 CNY</div>" in t03
    t16 = (out / "T-16-2026-07.html").read_text("utf-8")
    assert "PB-202607-0016" in t16 and "Deducted from the balance: 7,582.48 CNY" in t16
    plain = (out / "T-01-2026-07.html").read_text("utf-8")
    assert "class=\"documents\"" not in plain and "class=\"deducted\"" not in plain
    zh = tmp_path / "zh"
    submeter("bill", SAMPLE, "--period", "2026-07", "--format", "html", "--lang", "zh", "--out", zh)
    zh03 = (zh / "T-03-2026-07.html").read_text("utf-8")
    assert "PB-202607-0003" in zh03 and "class=\"deducted\"" in zh03
