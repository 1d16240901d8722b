"""Hostile inputs of the issued-bills features (issue 22 #5, #7-#10): the v2 site fields
`bill_numbers`, `tax` and `payment_bills`, the `--against` file of `bill --dry-run`,
`invoices.json` and `submeter invoice`, `submeter pay`, `--from/--to` ranges and `submeter
history`. Each refusal: exit 1,
`submeter: error: <code>` naming the file (or option) and the place, nothing written
(hostile.expect_refused)."""
import json
import shutil

import pytest

import hostile as h

SAMPLE = h.SOURCE / "examples" / "site"
GOLDEN = SAMPLE / "expected" / "bills-2026-07.json"


def sample(tmp_path):
    dst = tmp_path / "site"
    shutil.copytree(SAMPLE, dst, ignore=shutil.ignore_patterns("expected", "*.py"))
    return dst


def edited(change):
    """The golden July bills, changed by `change(doc)`, as text."""
    doc = json.loads(GOLDEN.read_text("utf-8"))
    change(doc)
    return json.dumps(doc, ensure_ascii=False)


def bill(site, *more):
    return ["bill", site, "--period", "2026-07", *more]


@pytest.mark.parametrize("edit,code,path", [
    (lambda d: d["bill_numbers"].update(prefix="X R"),
     "invalid_argument: a bill number prefix holds letters", "$.bill_numbers.prefix"),
    (lambda d: d["bill_numbers"].update(digits=0), "parse: expected an integer 1..9",
     "$.bill_numbers.digits"),
    (lambda d: d["bill_numbers"].update(digits="4"), "parse: expected an integer 1..9",
     "$.bill_numbers.digits"),
    (lambda d: d["bill_numbers"].update(start=1), "parse: unknown key", "$.bill_numbers.start"),
    (lambda d: d.update(bill_numbers=[]), "parse: expected an object", "$.bill_numbers"),
    (lambda d: d["tax"]["rates"][0].update({"class": "heat"}),
     "invalid_argument: unknown tax class", "$.tax.rates[0].class"),
    (lambda d: d["tax"]["rates"][1].update(rate="1.09"),
     "invalid_argument: a VAT rate is a fraction", "$.tax.rates[1].rate"),
    (lambda d: d["tax"]["rates"][1].update(rate=0.09),
     "parse: expected a string, got a JSON number", "$.tax.rates[1].rate"),
    (lambda d: d["tax"]["rates"][1].update(rate="9%"),
     "parse: expected an exact decimal string", "$.tax.rates[1].rate"),
    (lambda d: d["tax"]["rates"][0].update({"from": "2019-02-30"}),
     "parse: expected a date YYYY-MM-DD", "$.tax.rates[0].from"),
    (lambda d: d["tax"]["rates"].append(dict(d["tax"]["rates"][0], rate="0.16")),
     "duplicate: two VAT rates of a class from the same day", "$.tax.rates"),
    (lambda d: d["tax"].update(rounding="per_invoice"),
     "invalid_argument: unknown tax rounding point", "$.tax.rounding"),
    (lambda d: d["rounding"].update(scope="total_only"),
     "inconsistent: tax lines need bills rounded per line", "$.tax"),
    (lambda d: d.update(format="submeter-site-v1"), "unsupported: unknown field", "$.bill_numbers"),
])
def test_bad_v2_bill_fields(tmp_path, edit, code, path):
    """Every bad value of `bill_numbers` and `tax` names site.json and its JSON path; a v2 field
    in a v1 file is an unknown key."""
    site = sample(tmp_path)
    h.edit_json(site / "site.json", edit)
    h.expect_refused(bill(site), tmp_path, code, names=["site.json", f"path={path}"])


def total_only(d):
    """Rounds the site's totals only (no tax lines, which refuse that first)."""
    d["rounding"]["scope"] = "total_only"
    d.pop("tax", None)


def payments(**fields):
    """An edit that sets `payment_bills` to a valid value changed by `fields`."""
    def edit(d):
        d["payment_bills"] = dict({"prefix": "PB", "digits": 4, "due_days": 15,
                                   "components": ["property_fee", "rent"]}, **fields)
    return edit


@pytest.mark.parametrize("edit,code,path", [
    (payments(components=["energy"]), "invalid_argument: this component is deducted from the "
     "balance", "$.payment_bills.components[0]"),
    (payments(components=["rent", "heat"]), "invalid_argument: unknown bill component",
     "$.payment_bills.components[1]"),
    (payments(components=["rent", "rent"]), "duplicate: a component listed twice",
     "$.payment_bills.components[1]"),
    (payments(components="rent"), "parse: expected an array", "$.payment_bills.components"),
    (payments(components=[1]), "parse: expected a string", "$.payment_bills.components[0]"),
    (payments(due_days=-1), "parse: expected an integer 0..366", "$.payment_bills.due_days"),
    (payments(due_days=367), "parse: expected an integer 0..366", "$.payment_bills.due_days"),
    (payments(due_days="15"), "parse: expected an integer 0..366", "$.payment_bills.due_days"),
    (payments(due_days=1.5), "parse: expected an integer 0..366", "$.payment_bills.due_days"),
    (payments(prefix="P B"), "invalid_argument: a bill number prefix holds letters",
     "$.payment_bills.prefix"),
    (payments(digits=10), "parse: expected an integer 1..9", "$.payment_bills.digits"),
    (payments(tenants={"T-NOPE": []}), "not_found: unknown tenant", "$.payment_bills.tenants.T-NOPE"),
    (payments(tenants={"T-01": ["tier_adder"]}), "invalid_argument: this component is deducted",
     "$.payment_bills.tenants.T-01[0]"),
    (payments(tenants=[]), "parse: expected an object", "$.payment_bills.tenants"),
    (payments(due=15), "parse: unknown key", "$.payment_bills.due"),
    (lambda d: d.update(payment_bills={"due_days": 15}), "parse: missing field",
     "$.payment_bills.components"),
    (lambda d: d.update(payment_bills=True), "parse: expected an object", "$.payment_bills"),
    (lambda d: total_only(payments()(d) or d),
     "inconsistent: payment bills need bills rounded per line", "$.payment_bills"),
])
def test_bad_payment_bills(tmp_path, edit, code, path):
    """issue 22 #5: every bad value of `payment_bills` names site.json and its JSON path."""
    site = sample(tmp_path)
    h.edit_json(site / "site.json", edit)
    h.expect_refused(bill(site), tmp_path, code, names=["site.json", f"path={path}"])


def test_payment_bills_in_a_v1_file(tmp_path):
    """A v2 field in a v1 file is refused by name."""
    site = h.site_copy(tmp_path, "v1-small")
    h.edit_json(site / "site.json", payments())
    h.expect_refused(bill(site), tmp_path, "unsupported: unknown field",
                     names=["site.json", "path=$.payment_bills"])


@pytest.mark.parametrize("argv,code", [
    (["--bill", "PB-202607-0001", "--amount", "1.001"], "invalid_argument"),
    (["--bill", "PB-202607-0001", "--amount", "-1"], "invalid_argument"),
    (["--bill", "PB-202607-0001", "--amount", "1e3"], "parse: not an amount of money"),
    (["--bill", "PB-20260-0001", "--amount", "1"], "invalid_argument: not a payment bill number"),
    (["--bill", "", "--amount", "1"], "invalid_argument"),
])
def test_bad_pay_command(tmp_path, argv, code):
    site = sample(tmp_path)
    h.edit_json(site / "site.json", payments())
    db = tmp_path / "l.db"
    h.expect_refused(["pay", site, "--db", db, *argv, "--time", "2026-08-05T10:00"], tmp_path,
                     code, watch=[db])


def test_pay_on_a_site_without_payment_bills(tmp_path):
    site = h.site_copy(tmp_path, "good")
    h.expect_refused(["pay", site, "--db", tmp_path / "l.db", "--bill", "PB-202607-0001",
                      "--amount", "1", "--time", "2026-08-05T10:00"], tmp_path,
                     "invalid_argument: the site issues no payment bills",
                     names=["site.json", "path=$.payment_bills"])


@pytest.mark.parametrize("content,code,names", [
    (lambda: (SAMPLE / "site.json").read_text("utf-8"), "unsupported: not issued bills",
     ["path=format", "format=submeter-site-v2"]),
    (lambda: "{\"format\": \"submeter-bills-v0\", \"bills\": [", "parse: not valid JSON",
     ["line=1"]),
    (lambda: "[1, 2]", "unsupported: not issued bills", ["path=format"]),
    (lambda: GOLDEN.read_text("utf-8").replace('"label": "2026-07"', '"label": "2026-06"'),
     "inconsistent: the issued bills are for another period", ["path=period.label",
                                                               "issued=2026-06"]),
    (lambda: edited(lambda d: d["bills"][0]["lines"][0].update(amount="3,211.55")),
     "parse: expected an exact decimal string", ["path=bills[0].lines[0].amount"]),
    (lambda: edited(lambda d: d["bills"][0]["lines"][0].update(register=9)),
     "parse: expected an integer 0..8", ["path=bills[0].lines[0].register"]),
    (lambda: edited(lambda d: d["bills"][1].pop("total")), "parse: missing field",
     ["path=bills[1].total"]),
    (lambda: edited(lambda d: d["bills"][1]["lines"][0].update(component="vat")),
     "parse: unknown bill component", ["path=bills[1].lines[0].component"]),
])
def test_an_against_file_that_is_not_bills(tmp_path, content, code, names):
    """issue 22 #10: a --against file that is not bills (or bills of another period, or a bad
    field) is refused naming the file and the place; nothing posted or written."""
    site = sample(tmp_path)
    issued = tmp_path / "issued.json"
    issued.write_text(content(), "utf-8")
    h.expect_refused(bill(site, "--dry-run", "--against", issued), tmp_path, code,
                     names=["issued.json", *names])


def test_an_against_tenant_given_twice(tmp_path):
    site = sample(tmp_path)
    issued = tmp_path / "issued.json"
    doc = json.loads(GOLDEN.read_text("utf-8"))
    doc["bills"].append(doc["bills"][2])
    issued.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    h.expect_refused(bill(site, "--dry-run", "--against", issued), tmp_path,
                     "duplicate: a tenant has two bills",
                     names=["issued.json", "path=bills[43].tenant.id"])


@pytest.mark.parametrize("argv,code,names", [
    (["--dry-run"], "invalid_argument: --dry-run and --against go together", ["--dry-run"]),
    (["--against", GOLDEN], "invalid_argument: --dry-run and --against go together",
     ["--against"]),
    (["--dry-run", "--against", "missing.json"], "not_found", ["missing.json"]),
    (["--dry-run", "--against", GOLDEN, "--format", "csv"],
     "invalid_argument: --dry-run posts and writes nothing", ["format=csv"]),
    (["--dry-run", "--against", GOLDEN, "--post", "ledger.db"],
     "invalid_argument", []),
])
def test_dry_run_options(tmp_path, argv, code, names):
    site = sample(tmp_path)
    h.expect_refused(bill(site, *argv), tmp_path, code, names=names)


@pytest.mark.parametrize("argv,code,names", [
    (["--from", "2026-07-11", "--to", "2026-07-01"], "out_of_order: the range must end after",
     ["from=2026-07-11T00:00", "option=--from/--to"]),
    (["--from", "2026-07-01", "--to", "2026-07-01"], "out_of_order", []),
    (["--from", "2026-13-01", "--to", "2026-07-01"], "parse: not a date or local time",
     ["option=--from", "text=2026-13-01"]),
    (["--from", "2026-07-01T25:00", "--to", "2026-07-02"], "parse", ["option=--from"]),
    (["--from", "2026-07-01"], "invalid_argument: --from and --to go together", ["--to"]),
    (["--period", "2026-07", "--from", "2026-07-01", "--to", "2026-07-10"],
     "invalid_argument: give --period or --from/--to, not both", []),
    ([], "invalid_argument: give --period YYYY-MM or --from T1 --to T2", []),
    (["--from", "2025-01-01", "--to", "2026-07-01"], "invalid_argument: a range is at most 366",
     []),
    (["--from", "2026-07-01", "--to", "2026-07-10", "--post", "ledger.db"],
     "invalid_argument: a range (--from/--to) is billed as a statement", []),
    (["--from", "2026-03-01", "--to", "2026-03-10"], "not_found: no reading at a bound", []),
])
def test_bad_ranges(tmp_path, argv, code, names):
    """issue 22 #7: bad dates, --from after --to, a range with options it would ignore."""
    site = sample(tmp_path)
    h.expect_refused(["bill", site, *argv], tmp_path, code, names=names,
                     watch=[tmp_path / "ledger.db"])


JULY = ["--from", "2026-07-01", "--to", "2026-08-01"]


@pytest.mark.parametrize("argv,code,names", [
    (["--tenant", "T-404", *JULY], "not_found: unknown tenant", ["site.json", "tenant=T-404"]),
    (["--tenant", "T-01", "--db", "nowhere.db", *JULY], "not_found: no such ledger",
     ["file=nowhere.db"]),
    (["--tenant", "T-01", "--from", "2026-08-01", "--to", "2026-07-01"], "out_of_order", []),
    (["--tenant", "T-01", "--from", "2026-07-01", "--to", "2026-07-32"], "parse", ["--to"]),
])
def test_bad_history(tmp_path, argv, code, names):
    site = sample(tmp_path)
    full = ["history", site, *argv]
    h.expect_refused(full, tmp_path, code, names=names, watch=[tmp_path / "nowhere.db"])


@pytest.mark.parametrize("text,code,path", [
    ("{\"format\": \"submeter-invoices-v2\", \"invoices\": []}", "unsupported", "format"),
    ("{\"format\": \"submeter-invoices-v1\", \"invoices\": [{\"bill\": \"XR-202607-0001\"}]}",
     "parse: missing field", "invoices[0].invoice"),
    ("{\"format\": \"submeter-invoices-v1\", \"invoices\": [{\"bill\": \"XR-202607-0001\", "
     "\"invoice\": \"12 34\"}]}", "invalid_argument: not an invoice number", "invoices[0].invoice"),
    ("{\"format\": \"submeter-invoices-v1\", \"invoices\": [{\"bill\": \"A\", \"invoice\": \"1\"},"
     " {\"bill\": \"A\", \"invoice\": \"2\"}]}", "duplicate: a bill is given twice",
     "invoices[1].bill"),
    ("{\"format\": \"submeter-invoices-v1\", \"invoices\": {}}", "parse: expected an array",
     "invoices"),
])
def test_bad_invoices_file(tmp_path, text, code, path):
    """A broken invoices.json stops `bill` (the numbers it prints would be wrong) and `invoice`."""
    site = sample(tmp_path)
    (site / "invoices.json").write_text(text, "utf-8")
    h.expect_refused(bill(site), tmp_path, code, names=["invoices.json", f"path={path}"])
    h.expect_refused(["invoice", site, "--bill", "XR-202607-0001", "--invoice", "1"], tmp_path,
                     code, names=["invoices.json"])


@pytest.mark.parametrize("argv,code", [
    (["--bill", "YY-202607-0001", "--invoice", "1"], "invalid_argument: the bill number does not "
                                                     "have the site's prefix"),
    (["--bill", "XR-2026-0001", "--invoice", "1"], "invalid_argument: not a bill number"),
    (["--bill", "XR-202607-0000", "--invoice", "1"], "invalid_argument: not a bill number"),
    (["--bill", "XR-202607-0001", "--invoice", "发票"], "invalid_argument: not an invoice number"),
    (["--bill", "XR-202607-0001", "--invoice", ""], "invalid_argument: not an invoice number"),
])
def test_bad_invoice_command(tmp_path, argv, code):
    site = sample(tmp_path)
    h.expect_refused(["invoice", site, *argv], tmp_path, code)


def test_invoice_on_a_site_without_numbers(tmp_path):
    site = h.site_copy(tmp_path, "good")
    h.expect_refused(["invoice", site, "--bill", "XR-202607-0001", "--invoice", "1"], tmp_path,
                     "invalid_argument: the site does not number its bills",
                     names=["site.json", "path=$.bill_numbers"])
