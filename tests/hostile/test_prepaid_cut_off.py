"""Hostile site files for live prepaid's v2 fields (issue 17): `cut_off` (the site's default and an
account's: notice, no-cut windows, holidays, 保电) and meters' `comm` addresses. Each refusal of
`submeter prepaid run` exits 1 with `submeter: error: <code>` naming site.json and the JSON path,
and writes nothing: no ledger file is created."""
import pytest

import hostile as h

SITE = "prepaid-cut-off"


def site_cut(**fields):
    def change(doc):
        doc["cut_off"].update(fields)
    return change


def account_cut(i, **fields):
    def change(doc):
        doc["tenants"][i]["account"].setdefault("cut_off", {}).update(fields)
    return change


def comm(i, **fields):
    def change(doc):
        doc["meters"][i]["comm"].update(fields)
    return change


def window(w):
    return site_cut(no_cut=[w])


CASES = [
    # notice
    ("notice negative", site_cut(notice_minutes=-1), "parse", "path=$.cut_off.notice_minutes"),
    ("notice fractional", site_cut(notice_minutes=1.5), "parse", "path=$.cut_off.notice_minutes"),
    ("notice a string", site_cut(notice_minutes="30"), "parse", "path=$.cut_off.notice_minutes"),
    ("notice too long", site_cut(notice_minutes=43201), "parse", "path=$.cut_off.notice_minutes"),
    ("notice huge", site_cut(notice_minutes=10 ** 30), "parse", "path=$.cut_off.notice_minutes"),
    ("notice null", site_cut(notice_minutes=None), "parse", "path=$.cut_off.notice_minutes"),
    # windows
    ("no_cut an object", site_cut(no_cut={"from": "18:00"}), "parse", "path=$.cut_off.no_cut"),
    ("a window a string", window("18:00-08:00"), "parse", "path=$.cut_off.no_cut[0]"),
    ("a window without its end", window({"from": "18:00"}), "parse",
     "path=$.cut_off.no_cut[0].to"),
    ("a window of two shapes", window({"from": "18:00", "to": "08:00", "weekdays": ["sunday"]}),
     "parse", "path=$.cut_off.no_cut[0]"),
    ("an empty window", window({}), "parse", "path=$.cut_off.no_cut[0]"),
    ("a time 25:00", window({"from": "25:00", "to": "08:00"}), "parse",
     "path=$.cut_off.no_cut[0].from"),
    ("a time 8:00", window({"from": "18:00", "to": "8:00"}), "parse",
     "path=$.cut_off.no_cut[0].to"),
    ("a time 18:60", window({"from": "18:60", "to": "08:00"}), "parse",
     "path=$.cut_off.no_cut[0].from"),
    ("a window starting 24:00", window({"from": "24:00", "to": "08:00"}), "invalid_argument",
     "path=$.cut_off.no_cut[0].from"),
    ("a window of no length", window({"from": "08:00", "to": "08:00"}), "invalid_argument",
     "path=$.cut_off.no_cut[0].to"),
    ("a time a number", window({"from": 1800, "to": "08:00"}), "parse",
     "path=$.cut_off.no_cut[0].from"),
    ("an unknown weekday", window({"weekdays": ["sonday"]}), "parse",
     "path=$.cut_off.no_cut[0].weekdays[0]"),
    ("a weekday twice", window({"weekdays": ["sunday", "sunday"]}), "duplicate",
     "path=$.cut_off.no_cut[0].weekdays[1]"),
    ("no weekdays", window({"weekdays": []}), "parse", "path=$.cut_off.no_cut[0].weekdays"),
    ("an unknown day kind", window({"days": ["weekend"]}), "parse",
     "path=$.cut_off.no_cut[0].days[0]"),
    ("on without hours", window({"days": ["holiday"], "on": ["workday"]}), "inconsistent",
     "path=$.cut_off.no_cut[0].on"),
    ("on an unknown kind", window({"from": "12:00", "to": "14:00", "on": ["lunch"]}), "parse",
     "path=$.cut_off.no_cut[0].on[0]"),
    ("an unknown window field", window({"from": "12:00", "to": "14:00", "tz": "+08"}),
     "unsupported", "path=$.cut_off.no_cut[0].tz"),
    ("windows that never end", site_cut(no_cut=[{"from": "00:00", "to": "24:00"}]),
     "inconsistent", "path=$.cut_off"),
    ("every weekday", window({"weekdays": ["monday", "tuesday", "wednesday", "thursday",
                                           "friday", "saturday", "sunday"]}),
     "inconsistent", "path=$.cut_off"),
    ("an account's windows that never end",
     account_cut(0, no_cut=[{"days": ["workday", "saturday", "sunday", "holiday",
                                      "swapped_workday"]}]),
     "inconsistent", "path=$.tenants[0].account.cut_off"),
    # holidays
    ("a holiday without a name", account_cut(2, holidays=[{"date": "2026-07-15"}]), "parse",
     "path=$.tenants[2].account.cut_off.holidays[0].name"),
    ("a holiday on 31 June", account_cut(2, holidays=[{"date": "2026-06-31", "name": "x"}]),
     "parse", "path=$.tenants[2].account.cut_off.holidays[0].date"),
    ("a holiday with a time", account_cut(2, holidays=[{"date": "2026-07-15T00:00", "name": "x"}]),
     "parse", "path=$.tenants[2].account.cut_off.holidays[0].date"),
    ("a holiday twice", account_cut(2, holidays=[{"date": "2026-07-15", "name": "a"},
                                                 {"date": "2026-07-15", "name": "b"}]),
     "duplicate", "path=$.tenants[2].account.cut_off.holidays[1].date"),
    ("a swapped workday on a Wednesday",
     account_cut(2, holidays=[{"date": "2026-07-15", "name": "a", "kind": "swapped_workday"}]),
     "inconsistent", "path=$.tenants[2].account.cut_off.holidays[0].kind"),
    ("a holiday of an unknown kind",
     account_cut(2, holidays=[{"date": "2026-07-15", "name": "a", "kind": "bridge"}]),
     "parse", "path=$.tenants[2].account.cut_off.holidays[0].kind"),
    # keep_on, the object, the account
    ("keep_on a string", account_cut(1, keep_on="true"), "parse",
     "path=$.tenants[1].account.cut_off.keep_on"),
    ("keep_on a number", account_cut(1, keep_on=1), "parse",
     "path=$.tenants[1].account.cut_off.keep_on"),
    ("cut_off a list", lambda d: d.update(cut_off=[]), "parse", "path=$.cut_off"),
    ("cut_off misspelt field", site_cut(notice=30), "unsupported", "path=$.cut_off.notice"),
    ("cut_off on a postpaid account",
     lambda d: d["tenants"][1]["account"].update(mode="postpaid"), "inconsistent",
     "path=$.tenants[1].account.cut_off"),
    ("cut_off in a v1 file", lambda d: d.update(format="submeter-site-v1"), "unsupported",
     "cut_off"),
    # comm
    ("an unknown protocol", comm(0, protocol="modbus"), "parse", "path=$.meters[0].comm.protocol"),
    ("no protocol", lambda d: d["meters"][0]["comm"].pop("protocol") and None, "parse",
     "path=$.meters[0].comm.protocol"),
    ("an address of 11 digits", comm(0, address="20260700000"), "parse",
     "path=$.meters[0].comm.address"),
    ("an address with letters", comm(0, address="20260700000A"), "parse",
     "path=$.meters[0].comm.address"),
    ("an address a number", comm(0, address=202607000001), "parse",
     "path=$.meters[0].comm.address"),
    ("a wildcard address", comm(0, address="AAAAAAAAAAAA"), "parse",
     "path=$.meters[0].comm.address"),
    ("a CJ/T 188 address of 12 digits", comm(3, address="783315059005"), "parse",
     "path=$.meters[3].comm.address"),
    ("a password of 6 digits", comm(1, password="021234"), "parse",
     "path=$.meters[1].comm.password"),
    ("an operator not hex", comm(1, operator="0000AG12"), "parse",
     "path=$.meters[1].comm.operator"),
    ("a password on a CJ/T 188 meter", comm(3, password="02000000"), "unsupported",
     "path=$.meters[3].comm.password"),
    ("a meter type on a DL/T 645 meter", comm(0, meter_type="10"), "unsupported",
     "path=$.meters[0].comm.meter_type"),
    ("a gas meter type", comm(3, meter_type="30"), "parse", "path=$.meters[3].comm.meter_type"),
    ("an unknown profile", comm(3, profile="cjt188-2099"), "parse",
     "path=$.meters[3].comm.profile"),
    ("DL/T 645 on a water meter", comm(3, protocol="dlt645", address="202607000009"),
     "unsupported", "path=$.meters[3].comm.meter_type"),
    ("DL/T 645 alone on a water meter",
     lambda d: d["meters"][3].update(comm={"protocol": "dlt645", "address": "202607000009"}),
     "inconsistent", "path=$.meters[3].comm.protocol"),
    ("CJ/T 188 on an electricity meter", comm(0, protocol="cjt188", address="78331505900570"),
     "inconsistent", "path=$.meters[0].comm.protocol"),
    ("two meters with one address", comm(1, address="202607000001"), "duplicate",
     "path=$.meters[1].comm.address"),
    ("comm a string", lambda d: d["meters"][0].update(comm="202607000001"), "parse",
     "path=$.meters[0].comm"),
]


@pytest.mark.parametrize("what,change,code,where", CASES, ids=[c[0] for c in CASES])
def test_bad_cut_off_or_comm_is_refused_at_its_place(tmp_path, what, change, code, where):
    site = h.site_copy(tmp_path, SITE, "site")
    h.edit_json(site / "site.json", change)
    h.expect_refused(["prepaid", "run", site, "--db", tmp_path / "new.db", "--readings",
                      site / "live-2026-07.csv"], tmp_path, code, names=["site.json", where])
    assert not (tmp_path / "new.db").exists()
