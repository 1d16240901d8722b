"""Hostile issued-bills and price-change files for `submeter rerate` (issue 16 #12, #14, #15, #16,
#20 and the probe classes malformed JSON, overflow, deep nesting, control characters, huge cells
and FIFOs). Each refusal: exit 1, `submeter: error: <code>` naming the file and the place (the
JSON path), nothing written, the ledger untouched (hostile.expect_refused)."""
import json
import os

import pytest

import hostile as h

BILLS = "expected/bills-2026-07.json"
CHANGE = "price-change-flat-2026-07-16.json"


def sample(tmp_path):
    """A scratch copy of the sample site with its issued July bills and the flat price cut."""
    return h.site_copy(tmp_path, "v0-sample")


def rerate(site, bills=None, change=None, *more):
    return ["rerate", site, "--bills", bills or site / BILLS, "--version", change or site / CHANGE,
            *more]


def edit_bills(site, change):
    h.edit_json(site / BILLS, change)


def test_the_sample_rerates(tmp_path):
    """The contract's baseline: the untouched files re-rate (net −977.96)."""
    site = sample(tmp_path)
    out, _ = h.expect_ok(rerate(site), tmp_path)
    assert "net -977.96" in out


def test_a_bill_listed_twice_is_refused(tmp_path):
    """issue 16 #12: a bill listed twice was re-rated twice (printed net −1,746.59)."""
    site = sample(tmp_path)
    edit_bills(site, lambda d: d["bills"].append(d["bills"][4]))
    db = tmp_path / "l.db"
    h.expect_refused(rerate(site, None, None, "--post", db, "--at", "2026-08-05 10:00"), tmp_path,
                     "duplicate: a bill is given twice",
                     names=["bills-2026-07.json", "path=bills[12].tenant.id", "bill=T-05-2026-07"],
                     watch=[db])


def test_a_quantity_that_does_not_match_its_amount_is_refused(tmp_path):
    """issue 16 #12: such a line made a huge "supplement" explained as × (0.63 − 0.73)."""
    site = sample(tmp_path)
    edit_bills(site, lambda d: d["bills"][4]["lines"][0].update(quantity="999999.00"))
    h.expect_refused(rerate(site), tmp_path,
                     "inconsistent: the line's amount is not its quantity × unit_price",
                     names=["bills-2026-07.json", "path=bills[4].lines[0].amount"])


@pytest.mark.parametrize("where,value,path", [
    (("rounding", "places"), 4294967298, "rounding.places"),
    (("bills", 0, "lines", 0, "register"), 4294967296, "bills[0].lines[0].register"),
    (("bills", 0, "lines", 0, "tier"), 18446744073709551615, "bills[0].lines[0].tier"),
])
def test_integers_out_of_range_are_refused_not_truncated(tmp_path, where, value, path):
    """issue 16 #12: get<int>() truncated places 4294967298 → 2, register 4294967296 → 0."""
    site = sample(tmp_path)

    def change(d):
        at = d
        for k in where[:-1]:
            at = at[k]
        at[where[-1]] = value
    edit_bills(site, change)
    h.expect_refused(rerate(site), tmp_path, "parse: expected an integer",
                     names=["bills-2026-07.json", f"path={path}", f"text={value}"])


@pytest.mark.parametrize("where,value,path", [
    (("bills", 0, "lines", 0, "tier"), "1", "bills[0].lines[0].tier"),
    (("bills", 0, "lines", 0, "version"), [], "bills[0].lines[0].version"),
    (("bills", 0, "tenant"), "T-01", "bills[0].tenant"),
    (("site",), 7, ".site"),
    (("period", "label"), {"y": 2026}, "period.label"),
])
def test_mistyped_fields_are_located_parse_errors(tmp_path, where, value, path):
    """issue 16 #14: mistyped rerate fields raised nlohmann type_error.302/305 (exit 3)."""
    site = sample(tmp_path)

    def change(d):
        at = d
        for k in where[:-1]:
            at = at[k]
        at[where[-1]] = value
    edit_bills(site, change)
    err = h.expect_refused(rerate(site), tmp_path, "parse",
                           names=["bills-2026-07.json", f"path={path}"])
    assert "type_error" not in err


def test_bills_as_an_object_are_a_located_parse_error(tmp_path):
    """issue 16 #14 (type_error.305): "bills" an object, not a list."""
    site = sample(tmp_path)
    edit_bills(site, lambda d: d.update(bills={"T-01": d["bills"][0]}))
    h.expect_refused(rerate(site), tmp_path, "parse: expected an array, got an object",
                     names=["bills-2026-07.json", "path=.bills"])


def test_json_1e400_in_the_bills_is_located(tmp_path):
    """issue 16 #14: JSON 1e400 (issued bills) was an internal error."""
    site = sample(tmp_path)
    p = site / BILLS
    text = p.read_text()
    p.write_text(text.replace('"places": 2', '"places": 1e400', 1))
    h.expect_refused(rerate(site), tmp_path, "parse: a number out of range",
                     names=["bills-2026-07.json", "line=", "text=1e400"])


def test_json_1e400_in_the_price_change_is_located(tmp_path):
    """issue 16 #14: JSON 1e400 (price change) was an internal error."""
    site = sample(tmp_path)
    p = site / CHANGE
    p.write_text(p.read_text().replace('"tier": 0', '"tier": 1e400'))
    h.expect_refused(rerate(site), tmp_path, "parse: a number out of range",
                     names=[CHANGE, "line=", "text=1e400"])


@pytest.mark.parametrize("field,value,code,path", [
    ("register", 4294967296, "parse", "prices[0].register"),
    ("price", "1000000000000", "invalid_argument", "prices[0].price"),
    ("component", ["energy"], "parse", "prices[0].component"),
])
def test_a_bad_price_change_is_located(tmp_path, field, value, code, path):
    """issue 16 #12/#14: the price change's integers, ranges and types."""
    site = sample(tmp_path)
    h.edit_json(site / CHANGE, lambda d: d["prices"][0].update({field: value}))
    h.expect_refused(rerate(site), tmp_path, code, names=[CHANGE, f"path={path}"])


def test_quantities_that_overflow_when_re_priced_are_bad_input(tmp_path):
    """Probe class overflow: a consistent line (9e9 kWh × 0.0001 = 900,000.00) re-priced at 0.63
    exceeds exact arithmetic: exit 1 naming both files, never an internal error."""
    site = sample(tmp_path)

    def change(d):
        for b in d["bills"]:
            if b["tenant"]["id"] == "T-05":
                b["lines"][0].update(quantity="9000000000.00", unit_price="0.0001",
                                     unrounded="900000.00", amount="900000.00")
    edit_bills(site, change)
    h.expect_refused(rerate(site), tmp_path,
                     "invalid_argument: the issued quantities and the new prices are too large",
                     names=["bills-2026-07.json", CHANGE, "overflow"])


def test_deep_nesting_in_the_bills_is_refused(tmp_path):
    """Probe class deep nesting, in an issued-bills file."""
    site = sample(tmp_path)
    p = site / BILLS
    p.write_text(p.read_text().replace('"bills": [', '"bills": ' + "[" * 100000, 1))
    h.expect_refused(rerate(site), tmp_path, "parse: JSON nested too deeply",
                     names=["bills-2026-07.json", "limit=64"])


@pytest.mark.parametrize("field,value", [("id", "../T-01"), ("id", "T-01\x1b[2J"),
                                         ("id", "T\x0001")])
def test_control_characters_and_path_tricks_in_a_tenant_id_are_refused(tmp_path, field, value):
    """issue 16 #15 / the identifier rule, in the issued bills (the ledger account name)."""
    site = sample(tmp_path)
    edit_bills(site, lambda d: d["bills"][0]["tenant"].update({field: value}))
    err = h.expect_refused(rerate(site), tmp_path, "invalid_argument: an identifier must",
                           names=["bills-2026-07.json", "path=bills[0].tenant.id"])
    assert "\x1b" not in err and "\x00" not in err


def test_a_control_character_in_the_document_is_refused(tmp_path):
    """issue 16 #15: the price change's document is printed on every adjustment line."""
    site = sample(tmp_path)
    h.edit_json(site / CHANGE, lambda d: d.update(document="notice\n  99 adjustment lines, net 0"))
    h.expect_refused(rerate(site), tmp_path, "invalid_argument: a name must be",
                     names=[CHANGE, "path=.document"])


def test_a_huge_string_is_cut_in_the_message(tmp_path):
    """issue 16 #16 / probe class huge cells: a 4 MB component name."""
    site = sample(tmp_path)
    edit_bills(site, lambda d: d["bills"][0]["lines"][0].update(component="c" * (4 << 20)))
    err = h.expect_refused(rerate(site), tmp_path, "parse: unknown bill component",
                           names=["bills-2026-07.json", "path=bills[0].lines[0].component",
                                  "(4194304 bytes)"])
    assert len(err) < 1024


def test_bills_from_a_fifo_are_refused_without_hanging(tmp_path):
    """issue 16 #20: --bills pointing at a FIFO."""
    site = sample(tmp_path)
    fifo = tmp_path / "bills.json"
    os.mkfifo(fifo)
    h.expect_refused(rerate(site, fifo), tmp_path, "invalid_argument: not a regular file",
                     names=["bills.json", "kind=a FIFO"])


def test_a_price_change_from_dev_zero_is_refused(tmp_path):
    """issue 16 #20: --version pointing at /dev/zero."""
    site = sample(tmp_path)
    link = tmp_path / "change.json"
    link.symlink_to("/dev/zero")
    h.expect_refused(rerate(site, None, link), tmp_path, "invalid_argument: not a regular file",
                     names=["change.json", "kind=a character device"])
