"""BN-1 bill numbers and the invoice number (发票号), issue 22 #9 (docs/bills-issued.md)."""
import json

from conftest import SAMPLE, bills_json, sample_copy, submeter


def test_numbers_are_gapless_and_in_every_format():
    doc = bills_json(SAMPLE, "--period", "2026-07", "--no-report")
    numbers = [b["number"] for b in doc["bills"]]
    assert numbers == [f"XR-202607-{k:04d}" for k in range(1, len(doc["bills"]) + 1)]
    text = submeter("bill", SAMPLE, "--period", "2026-07", "--no-report").stdout
    assert "Bill no. XR-202607-0001\n" in text
    zh = submeter("bill", SAMPLE, "--period", "2026-07", "--no-report", "--lang", "zh").stdout
    assert "账单编号：XR-202607-0001\n" in zh
    csv = submeter("bill", SAMPLE, "--period", "2026-07", "--format", "csv").stdout
    header = csv.splitlines()[0]
    assert header.endswith(",explanation,bill_number,invoice")
    assert csv.splitlines()[1].endswith(",XR-202607-0001,")


def test_the_same_period_gets_the_same_numbers():
    a = bills_json(SAMPLE, "--period", "2026-07", "--no-report")
    b = bills_json(SAMPLE, "--period", "2026-07", "--no-report")
    assert [(x["tenant"]["id"], x["number"]) for x in a["bills"]] == \
           [(x["tenant"]["id"], x["number"]) for x in b["bills"]]
    # Another month is another series, numbered from 1 again.
    june = bills_json(SAMPLE, "--period", "2026-06", "--no-report")
    assert june["bills"][0]["number"] == "XR-202606-0001"


def test_moving_a_tenant_renumbers_without_gaps(tmp_path):
    """BN-1 says what renumbers a series: the tenants billed before another change. Moving the
    first tenant to the end makes it number n and moves every other up by one, still 1..n."""
    site = sample_copy(tmp_path)
    before = {b["tenant"]["id"]: b["number"]
              for b in bills_json(site, "--period", "2026-07", "--no-report")["bills"]}
    doc = json.loads((site / "site.json").read_text("utf-8"))
    first = doc["tenants"][0]["id"]
    doc["tenants"].append(doc["tenants"].pop(0))
    (site / "site.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    after = {b["tenant"]["id"]: b["number"]
             for b in bills_json(site, "--period", "2026-07", "--no-report")["bills"]}
    assert after[first] == f"XR-202607-{len(after):04d}"
    assert sorted(after.values()) == sorted(before.values())  # still 1..n, no gap
    second = [t for t in before if before[t] == "XR-202607-0002"][0]
    assert after[second] == "XR-202607-0001"


def test_record_an_invoice_number(tmp_path):
    site = sample_copy(tmp_path)
    out = submeter("invoice", site, "--bill", "XR-202607-0002", "--invoice",
                   "26442000000012345678").stdout
    assert out == "recorded invoice 26442000000012345678 for bill XR-202607-0002\n"
    assert json.loads((site / "invoices.json").read_text("utf-8")) == {
        "format": "submeter-invoices-v1",
        "invoices": [{"bill": "XR-202607-0002", "invoice": "26442000000012345678"}]}
    doc = bills_json(site, "--period", "2026-07", "--no-report")
    assert doc["bills"][1]["invoice"] == "26442000000012345678"
    assert "invoice" not in doc["bills"][0]
    text = submeter("bill", site, "--period", "2026-07", "--no-report").stdout
    assert "Bill no. XR-202607-0002; invoice no. 26442000000012345678\n" in text
    # The same again is a no-op; another number needs --replace.
    assert "already recorded" in submeter("invoice", site, "--bill", "XR-202607-0002",
                                          "--invoice", "26442000000012345678").stdout
    r = submeter("invoice", site, "--bill", "XR-202607-0002", "--invoice", "999", status=1)
    assert r.stderr.startswith("submeter: error: duplicate: the bill has another invoice number")
    submeter("invoice", site, "--bill", "XR-202607-0002", "--invoice", "999", "--replace")
    assert bills_json(site, "--period", "2026-07", "--no-report")["bills"][1]["invoice"] == "999"
