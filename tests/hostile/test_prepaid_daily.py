"""Hostile site files for daily deduction of fixed charges (按日扣费, issue 17): an account's
`deduction` ("daily" or "monthly"). Each refusal of `submeter prepaid run` exits 1 with
`submeter: error: <code>` naming site.json and the JSON path, and writes nothing: no ledger file
is created."""
import pytest

import hostile as h

SITE = "prepaid-daily"


def deduction(i, value):
    def change(doc):
        doc["tenants"][i]["account"]["deduction"] = value
    return change


CASES = [
    ("an unknown value", deduction(0, "weekly"), "parse", "path=$.tenants[0].account.deduction"),
    ("Chinese instead of the name", deduction(0, "按日扣费"), "parse",
     "path=$.tenants[0].account.deduction"),
    ("a capitalised value", deduction(0, "Daily"), "parse", "path=$.tenants[0].account.deduction"),
    ("a boolean", deduction(0, True), "parse", "path=$.tenants[0].account.deduction"),
    ("a number", deduction(0, 1), "parse", "path=$.tenants[0].account.deduction"),
    ("null", deduction(0, None), "parse", "path=$.tenants[0].account.deduction"),
    ("a list", deduction(0, ["daily"]), "parse", "path=$.tenants[0].account.deduction"),
    ("an object", deduction(0, {"every": "day"}), "parse", "path=$.tenants[0].account.deduction"),
    ("daily on a postpaid account",
     lambda d: d["tenants"][0]["account"].update(mode="postpaid"), "inconsistent",
     "path=$.tenants[0].account.deduction"),
    ("deduction in a v1 file", lambda d: d.update(format="submeter-site-v1"), "unsupported",
     "deduction"),
    ("deduction at the top level", lambda d: d.update(deduction="daily"), "unsupported",
     "path=$.deduction"),
]


@pytest.mark.parametrize("what,change,code,where", CASES, ids=[c[0] for c in CASES])
def test_bad_deduction_is_refused_at_its_place(tmp_path, what, change, code, where):
    site = h.site_copy(tmp_path, SITE, "site")
    h.edit_json(site / "site.json", change)
    h.expect_refused(["prepaid", "run", site, "--db", tmp_path / "new.db", "--readings",
                      site / "live-2026-07.csv"], tmp_path, code, names=["site.json", where])
    assert not (tmp_path / "new.db").exists()


def test_monthly_is_the_default_and_may_be_written(tmp_path):
    site = h.site_copy(tmp_path, SITE, "site")
    h.edit_json(site / "site.json", deduction(1, "monthly"))
    out, _ = h.expect_ok(["validate", site], tmp_path)
    assert "feature: deduction daily (按日扣费: 1 prepaid accounts" in out
