"""VAT-1..VAT-3 tax lines on the sample site's bills (issue 22 #8, docs/bills-issued.md): net and
VAT per class, the total unchanged."""
from decimal import Decimal

from conftest import SAMPLE, bills_json, submeter


def test_every_bill_splits_and_adds_up():
    doc = bills_json(SAMPLE, "--period", "2026-07", "--no-report")
    for b in doc["bills"]:
        t = b["tax"]
        assert t["rounding"] == "per_bill"
        parts = t["parts"]
        assert [p["class"] for p in parts] == sorted(p["class"] for p in parts)
        for p in parts:
            assert Decimal(p["net"]) + Decimal(p["vat"]) == Decimal(p["gross"])
            rate = Decimal(p["rate"])
            # per bill: net = gross / (1 + rate), half up to 0.01
            assert Decimal(p["net"]) == (Decimal(p["gross"]) / (1 + rate)).quantize(
                Decimal("0.01"), rounding="ROUND_HALF_UP")
        assert Decimal(t["net"]) + Decimal(t["vat"]) + Decimal(t["not_split"]) == \
            Decimal(b["total"])
    classes = {p["class"]: p["rate"] for b in doc["bills"] for p in b["tax"]["parts"]}
    assert classes == {"electricity": "0.13", "water": "0.09", "property_fee": "0.06"}
    # Rent has no rate in the sample: not split.
    assert any(Decimal(b["tax"]["not_split"]) > 0 for b in doc["bills"])


def test_text_shows_the_split():
    text = submeter("bill", SAMPLE, "--period", "2026-07", "--no-report").stdout
    assert "VAT included (rounded per bill):\n  electricity at 13 %: net " in text
    zh = submeter("bill", SAMPLE, "--period", "2026-07", "--no-report", "--lang", "zh").stdout
    assert "其中增值税（按账单舍入）：\n  电费（税率 13%）：不含税金额 " in zh
