"""Loading and billing a site from Python: Decimal amounts, the same bills as the CLI."""
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

import submeter


def test_package_shape():
    assert submeter.Error.__module__ == "submeter"
    assert issubclass(submeter.Error, ValueError)
    assert submeter.__version__


def test_bill_v0_sample_site(v0_sample_dir):
    site = submeter.load_site(v0_sample_dir)
    assert site.currency == "CNY"
    assert site.rounding == "half_up to 0.01 per line"
    assert len(site.tenants) == 12
    bills = site.bill("2026-07")
    assert [b.tenant_id for b in bills] == [t.id for t in site.tenants]
    for b in bills:
        assert isinstance(b.total, Decimal)
        # NUM-2: the total is the sum of the rounded lines, each rounded half-up to 0.01.
        assert b.total == sum((line.amount for line in b.lines), Decimal(0))
        for line in b.lines:
            assert isinstance(line.amount, Decimal)
            assert line.unrounded == line.quantity * line.unit_price
            assert line.amount == line.unrounded.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert b.account is None


def test_v1_example_site_bills_everything(example_site_dir):
    site = submeter.load_site(example_site_dir)
    bills = site.bill("2026-07")
    assert len(bills) == 43
    components = {line.component for b in bills for line in b.lines}
    assert {"energy", "water", "capacity", "demand", "power_factor", "common_area", "loss",
            "property_fee", "rent", "adjustment"} <= components
    for b in bills:
        assert b.total == sum((line.amount for line in b.lines), Decimal(0))
        assert all(isinstance(kwh, Decimal) for _, kwh in b.history)
    accounts = [b.account for b in bills if b.account]
    assert {a["mode"] for a in accounts} == {"prepaid", "postpaid"}
    prepaid = [a for a in accounts if a["mode"] == "prepaid" and not a["closed"]]
    for a in prepaid:  # the balance is what was there, plus recharges, minus this bill
        assert a["balance"] == a["opening_balance"] + a["recharged"] - a["charged"]
    assert "== 转供电 compliance 2026-07" in site.report("2026-07")
    # docs/getting-started.md, "From Python".
    canteen = {b.tenant_id: b for b in bills}["T-12"]
    assert canteen.total == Decimal("10265.67")
    assert canteen.lines[0].explanation == "9,580.00 kWh × 0.73 = 6,993.40"
    assert canteen.account["balance"] == Decimal("2623.50")


def test_canteen_by_hand(v0_sample_dir):
    # T-05, M-006: 96593.16 - 87903.83 = 8689.33 kWh x 0.73 = 6343.2109 -> 6343.21
    bills = {b.tenant_id: b for b in submeter.load_site(v0_sample_dir).bill("2026-07")}
    canteen = bills["T-05"]
    assert canteen.usages[0].total == Decimal("8689.33")
    assert canteen.lines[0].unrounded == Decimal("6343.2109")
    assert canteen.total == Decimal("6343.21")
    assert str(canteen.total) == "6343.21"


def test_render_matches_the_cli_golden_files(example_site_dir, v0_sample_dir):
    v0 = submeter.load_site(str(v0_sample_dir))
    assert v0.render("2026-07", report=False) == (
        v0_sample_dir / "expected" / "bills-2026-07.text").read_text(encoding="utf-8")
    site = submeter.load_site(str(example_site_dir))
    expected = example_site_dir / "expected"
    assert site.render("2026-07") == (expected / "bills-2026-07.text").read_text(encoding="utf-8")
    rendered = json.loads(site.render("2026-07", format="json"))
    assert rendered == json.loads((expected / "bills-2026-07.json").read_text(encoding="utf-8"))
    total = sum((b.total for b in site.bill("2026-07")), Decimal(0))
    assert Decimal(rendered["site_total"]) == total


def test_usage_shows_readings_and_registers(sites_dir):
    bills = submeter.load_site(sites_dir / "good").bill("2026-07")
    bakery = bills[1]
    usage = bakery.usages[0]
    assert usage.meter_id == "M-2"
    assert usage.multiplier == 40
    assert usage.from_time == "2026-07-01T00:00"
    assert usage.to_time == "2026-08-01T00:00"
    assert usage.registers == {1: Decimal("410"), 2: Decimal("1200"), 3: Decimal("1000"),
                               4: Decimal("1410")}
    assert [line.register_name for line in bakery.lines] == ["sharp", "peak", "flat", "valley"]
    assert bakery.total == Decimal("2787.90")


def test_run_bills_once_and_gives_bills_report_and_render(example_site_dir):
    site = submeter.load_site(example_site_dir)
    run = site.run("2026-07")
    assert isinstance(run, submeter.site.SiteRun)
    assert run.period == "2026-07"
    assert repr(run) == f"<submeter.site.SiteRun {site.name} 2026-07: 43 bills>"
    # The same bills, report and renderings as the one-call methods, which each run the site.
    bills = site.bill("2026-07")
    assert [(b.tenant_id, b.total, [line.amount for line in b.lines]) for b in run.bills] == \
        [(b.tenant_id, b.total, [line.amount for line in b.lines]) for b in bills]
    assert run.report == site.report("2026-07")
    assert "== 转供电 compliance 2026-07" in run.report
    expected = example_site_dir / "expected"
    assert run.render() == (expected / "bills-2026-07.text").read_text(encoding="utf-8")
    assert json.loads(run.render(format="json")) == json.loads(
        (expected / "bills-2026-07.json").read_text(encoding="utf-8"))
    assert run.render(report=False) == site.render("2026-07", report=False)
    assert run.render("json", False) == site.render("2026-07", "json", False)


def test_run_outlives_its_site_variable(v0_sample_dir):
    run = submeter.load_site(v0_sample_dir).run("2026-07")  # the Site is kept alive by the run
    assert run.render(report=False) == (
        v0_sample_dir / "expected" / "bills-2026-07.text").read_text(encoding="utf-8")


def test_run_refuses_what_render_refused(example_site_dir):
    site = submeter.load_site(example_site_dir)
    with pytest.raises(submeter.Error) as e:
        site.run("July")
    assert e.value.code == "parse"
    run = site.run("2026-07")
    for call in (lambda: run.render(format="html"), lambda: site.render("2026-07", "csv")):
        with pytest.raises(submeter.Error) as e:
            call()
        assert e.value.code == "invalid_argument"
        assert e.value.context["format"] in ("html", "csv")


def test_render_in_chinese_is_the_cli_golden_file(example_site_dir):
    """issue 22 #11: the rendering functions take the CLI's --lang."""
    site = submeter.load_site(example_site_dir)
    expected = example_site_dir / "expected"
    run = site.run("2026-07")
    assert run.render(lang="zh") == (expected / "bills-2026-07.zh.text").read_text(encoding="utf-8")
    assert site.render("2026-07", lang="zh-en") == (
        expected / "bills-2026-07.zh-en.text").read_text(encoding="utf-8")
    assert run.render(lang="en") == run.render()
    for bad in ("fr", "ZH", ""):
        with pytest.raises(submeter.Error) as e:
            run.render(lang=bad)
        assert e.value.code == "invalid_argument"
        assert e.value.context["option"] == "lang"
        assert e.value.context["value"] == bad
    with pytest.raises(submeter.Error) as e:
        site.render("2026-07", "json", lang="zh")
    assert e.value.context["format"] == "json"
    with pytest.raises(TypeError):
        run.render(lang=None)


def test_bill_number_tax_and_documents_are_the_json_bills(example_site_dir):
    """BN-1, VAT-1..3, PAY-1..5 from Python: each Bill's number, tax, payment documents and
    deducted part are the golden JSON bill's, for every bill of the sample."""
    run = submeter.load_site(example_site_dir).run("2026-07")
    golden = json.loads((example_site_dir / "expected" / "bills-2026-07.json").read_text(
        encoding="utf-8"))
    by_id = {b["tenant"]["id"]: b for b in golden["bills"]}
    assert len(by_id) == len(run.bills) == 43
    seen_documents = 0
    for b in run.bills:
        g = by_id[b.tenant_id]
        assert b.number == g["number"] and b.number.startswith("XR-202607-")
        assert b.invoice == g.get("invoice", "")
        tax = g["tax"]
        assert b.tax["rounding"] == tax["rounding"]
        assert [(p["class"], p["gross"], p["net"], p["vat"]) for p in b.tax["parts"]] == \
            [(p["class"], Decimal(p["gross"]), Decimal(p["net"]), Decimal(p["vat"]))
             for p in tax["parts"]]
        assert [Decimal(p["rate"]) for p in tax["parts"]] == [p["rate"] for p in b.tax["parts"]]
        assert (b.tax["net"], b.tax["vat"], b.tax["not_split"]) == \
            (Decimal(tax["net"]), Decimal(tax["vat"]), Decimal(tax["not_split"]))
        assert b.tax["net"] + b.tax["vat"] + b.tax["not_split"] == b.total
        documents = g.get("payment_documents", [])
        assert len(b.documents) == len(documents)
        for d, gd in zip(b.documents, documents):
            assert (d["kind"], d["number"], d["issued"], d["due"], d["total"]) == \
                (gd["kind"], gd["number"], gd["issued"], gd["due"], Decimal(gd["total"]))
            assert [(line.component, line.amount, line.explanation) for line in d["lines"]] == \
                [(gl["component"], Decimal(gl["amount"]), gl["explanation"])
                 for gl in gd["lines"]]
            assert sum((line.amount for line in d["lines"]), Decimal(0)) == d["total"]
            seen_documents += 1
        assert b.deducted == (Decimal(g["deducted"]) if documents else b.total)
        assert b.deducted == b.total - sum((d["total"] for d in b.documents), Decimal(0))
    # T-03 and T-16 get payment bills, T-26 and T-28 credit notes (examples/site/generate.py).
    assert seen_documents == 4
    kinds = {b.tenant_id: [d["kind"] for d in b.documents] for b in run.bills if b.documents}
    assert kinds == {"T-03": ["payment_bill"], "T-16": ["payment_bill"],
                     "T-26": ["credit_note"], "T-28": ["credit_note"]}


def test_a_v1_bill_has_no_number_tax_or_documents(sites_dir):
    b = submeter.load_site(sites_dir / "v1-small").run("2026-07").bills[0]
    assert (b.number, b.invoice, b.tax, b.documents, b.deducted) == ("", "", None, [], b.total)


def test_pay_records_a_payment_bill_once(example_site_dir, tmp_path):
    """PAY-5 from Python, as `submeter pay`: the sample's T-03 payment bill paid once into a
    ledger whose accounts the bills opened; a second payment is a duplicate; a credit note,
    another amount, a time before issue and a number the run did not issue raise submeter.Error
    with nothing posted; a missing account raises too."""
    site = submeter.load_site(example_site_dir)
    usage = site.usage_part("2026-07", 0, len(site.tenants))
    q = usage.quantities()
    (shares,) = site.totals("2026-07", q).split_shares([q.billed])
    ledger = tmp_path / "ledger.db"
    site.bill_part("2026-07", usage, shares).post(ledger)
    run = site.run("2026-07")
    docs = {d["number"]: (b.tenant_id, d) for b in run.bills for d in b.documents}
    number, (tenant, pb) = next((n, v) for n, v in docs.items() if v[1]["kind"] == "payment_bill")
    assert tenant == "T-03" and number == "PB-202607-0003"
    cn = next(n for n, v in docs.items() if v[1]["kind"] == "credit_note")
    for args, message in [
            ((cn, pb["total"], "2026-08-05T10:00"), "a credit note is credited, not paid"),
            ((number, pb["total"] + 1, "2026-08-05T10:00"), "a payment bill is paid in full"),
            ((number, pb["total"], "2026-07-31T10:00"), "a payment bill is paid once issued"),
            (("PB-202607-0999", pb["total"], "2026-08-05T10:00"), "issued no payment bill")]:
        with pytest.raises(submeter.Error, match=message):
            run.pay(ledger, *args)
    with pytest.raises(TypeError):
        run.pay(ledger, number, 1.5, "2026-08-05T10:00")  # a float is not an amount of money
    first = run.pay(ledger, number, pb["total"], "2026-08-05T10:00")
    assert first == {"number": number, "tenant_id": "T-03", "amount": pb["total"],
                     "duplicate": False}
    again = run.pay(str(ledger), number, str(pb["total"]), "2026-08-06T10:00")
    assert again["duplicate"] is True
    with pytest.raises(submeter.Error):
        run.pay(ledger, number, pb["total"], "2026-08-05T10:00", account_prefix="other/")
