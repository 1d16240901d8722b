"""`submeter prepaid run` on tests/data/sites/prepaid-cut-off (issue 17): the cut-off terms and the
meters' addresses of site.json (format v2 `cut_off`, `comm`) reach the live run.

- T-1 (the site's default: 30 minutes' notice, no cut 18:00-08:00 and on Sundays): exhausted on
  Saturday 2026-07-04 at 21:40, the cut due 22:10 waits to Monday 08:00 (CUT-3) and is executed by
  Monday's 09:00 reading; its DL/T 645 relay-control frames (1C: trip 1A, close now 1C).
- T-2 (保电, keep_on): exhausted, the trip is suppressed, never cut, no command row.
- T-3 (its own holiday 2026-07-15, no notice, no other window): cut at 00:00 the next day; its
  meter has no address, so its command row has no frame.
- T-4 (a CJ/T 188 water meter): its valve frames are the published vectors
  cj-write-A017-valve-close / -open (tests/data/protocol-vectors/cjt188.json, copied from
  domain/protocol-vectors; source topic.alibabacloud.com, CJ/T 188 water meter protocol analysis).
- The frames are stored with the rows (ledger schema 5): `prepaid outbox` shows them without the
  site; rows written before (schema 4) get theirs from `--site`.
"""
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess

import pytest

SOURCE = pathlib.Path(__file__).resolve().parents[3]
SITE = SOURCE / "tests" / "data" / "sites" / "prepaid-cut-off"
CLI = os.environ.get("SUBMETER_CLI", "")


def run(*argv, ok=True):
    assert CLI, "SUBMETER_CLI is not set: run through ctest (cli.prepaid_cut_off)"
    r = subprocess.run([CLI, *[str(a) for a in argv]], capture_output=True, text=True, timeout=120)
    if ok:
        assert r.returncode == 0 and r.stderr == "", r.stderr
    return r


def vector(vid):
    doc = json.loads((SOURCE / "tests/data/protocol-vectors/cjt188.json").read_text("utf-8"))
    found = []

    def walk(x):
        if isinstance(x, dict):
            if x.get("id") == vid:
                found.append(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(doc)
    assert len(found) == 1, vid
    return found[0]["hex"]


def dlt645_relay(frame):
    """A DL/T 645 1C request taken apart by hand: address (A5..A0), password, operator, N1,
    deadline (YYYY-MM-DDTHH:MM:SS), after checking the frame's bytes and checksum."""
    b = bytes.fromhex(frame)
    assert b[:4] == b"\xfe" * 4
    f = b[4:]
    assert f[0] == 0x68 and f[7] == 0x68 and f[-1] == 0x16
    assert f[8] == 0x1C and f[9] == 16
    assert sum(f[:-2]) % 256 == f[-2]
    data = bytes((x - 0x33) % 256 for x in f[10:26])
    address = f[1:7][::-1].hex()
    ss, mm, hh, dd, mo, yy = (f"{x:02x}" for x in data[10:16])
    return {"address": address, "password": data[0:4].hex().upper(),
            "operator": data[4:8].hex().upper(), "n1": data[8], "n2": data[9],
            "until": f"20{yy}-{mo}-{dd}T{hh}:{mm}:{ss}"}


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    db = tmp_path_factory.mktemp("cut-off") / "live.db"
    r = run("prepaid", "run", SITE, "--db", db, "--readings", SITE / "live-2026-07.csv",
            "--format", "json")
    doc = json.loads(r.stdout)
    doc["db"] = db
    return doc


def rows(doc, account):
    return [(i["time"], r) for i in doc["items"] for r in i["outbox"] if r["account"] == account]


def notices(doc, account):
    return [(t, r["notice"], r["detail"]) for t, r in rows(doc, account) if "notice" in r]


def commands(doc, account):
    return [(t, r) for t, r in rows(doc, account) if "command" in r]


def test_validate_names_the_features():
    out = run("validate", SITE).stdout
    assert "feature: cut_off (4 prepaid accounts with a notice period or no-cut windows)" in out
    assert "feature: keep_on (保电: 1 accounts never cut)" in out
    assert "feature: meter addresses (comm: 2 DL/T 645, 1 CJ/T 188)" in out


def test_a_saturday_night_cut_waits_to_monday_0800(items):
    n = notices(items, "T-1")
    assert ("2026-07-04T21:40:00", "cut_notice", "2026-07-06T08:00:00") in n
    assert ("2026-07-04T21:40:00", "cut_deferred", "2026-07-04T22:10:00") in n
    cuts = commands(items, "T-1")
    assert [(t, r["command"]) for t, r in cuts] == [("2026-07-06T09:00:00", "cut"),
                                                    ("2026-07-06T10:00:00", "restore")]
    # Nothing is cut on Sunday.
    sunday = [i for i in items["items"] if i["meter"] == "M-1" and i["time"].startswith("2026-07-05")]
    assert sunday and all(i["relay"] == "closed" for i in sunday)


def test_dlt645_frames_trip_and_close_with_the_meters_address(items):
    (t_cut, cut), (t_restore, restore) = commands(items, "T-1")
    c = dlt645_relay(cut["frame"])
    assert c == {"address": "202607000001", "password": "02000000", "operator": "00000000",
                 "n1": 0x1A, "n2": 0, "until": "2026-07-07T09:00:00"}
    r = dlt645_relay(restore["frame"])
    assert r["n1"] == 0x1C and r["until"] == "2026-07-07T10:00:00"


def test_keep_on_is_never_cut(items):
    assert commands(items, "T-2") == []
    assert any(n == "trip_suppressed" for _, n, _ in notices(items, "T-2"))
    last = [i for i in items["items"] if i["meter"] == "M-2"][-1]
    assert last["relay"] == "closed" and last["level"] == "exhausted"


def test_a_holiday_defers_the_cut_to_the_next_day_and_no_address_no_frame(items):
    assert ("2026-07-15T10:00:00", "cut_notice", "2026-07-16T00:00:00") in notices(items, "T-3")
    cuts = commands(items, "T-3")
    assert [(t, r["command"]) for t, r in cuts] == [("2026-07-16T09:00:00", "cut")]
    assert "frame" not in cuts[0][1]


def test_cjt188_valve_frames_are_the_published_vectors(items):
    (t_cut, cut), (t_open, opened) = commands(items, "T-4")
    assert (t_cut, cut["command"], cut["utility"]) == ("2026-07-02T11:00:00", "cut", "water")
    assert cut["frame"] == vector("cj-write-A017-valve-close")
    assert (t_open, opened["command"]) == ("2026-07-02T15:00:00", "restore")
    assert opened["frame"] == vector("cj-write-A017-valve-open")


def test_outbox_prints_the_frames_stored_with_the_rows(items):
    db = items["db"]
    rows = json.loads(run("prepaid", "outbox", "--db", db, "--format", "json").stdout)
    frames = {r["id"]: r["frame"] for r in rows if "frame" in r}
    assert len(frames) == 4  # T-1 cut and restore, T-4 cut and restore; T-3 has no address
    run_frames = {r["id"]: r["frame"] for i in items["items"] for r in i["outbox"] if "frame" in r}
    assert frames == run_frames
    assert not any("frame" in r for r in rows if "notice" in r)
    # Stored in the ledger with the row: the same text and JSON with or without the site.
    with_site = json.loads(run("prepaid", "outbox", "--db", db, "--site", SITE, "--format",
                               "json").stdout)
    assert with_site == rows
    text = run("prepaid", "outbox", "--db", db).stdout
    assert "cut W-4 frame " + vector("cj-write-A017-valve-close") in text
    assert text == run("prepaid", "outbox", "--db", db, "--site", SITE).stdout
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM outbox WHERE frame IS NOT NULL").fetchone()[0] == 4


def test_rows_written_before_frames_were_stored_get_them_from_the_site(items, tmp_path):
    # The run's ledger put back into schema 4 (the outbox without its frame column), one row
    # acknowledged: opened by this build it is migrated to 5 keeping every row, and `prepaid
    # outbox` shows the old rows' frames only given the site.
    db = tmp_path / "v4.db"
    shutil.copyfile(items["db"], db)
    first = json.loads(run("prepaid", "outbox", "--db", db, "--format", "json").stdout)
    with sqlite3.connect(db) as c:
        c.execute("UPDATE outbox SET acked = '2026-07-05T00:00:00Z' WHERE id = 'T-4/1/0'")
        c.execute("ALTER TABLE outbox DROP COLUMN frame")
        c.execute("PRAGMA user_version = 4")
    before = [r for r in first if r["id"] != "T-4/1/0"]
    plain = json.loads(run("prepaid", "outbox", "--db", db, "--format", "json").stdout)
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == 5
        assert c.execute("SELECT acked FROM outbox WHERE id = 'T-4/1/0'").fetchone()[0] == (
            "2026-07-05T00:00:00Z")
    assert [(r["number"], r["id"]) for r in plain] == [(r["number"], r["id"]) for r in before]
    assert not any("frame" in r for r in plain)
    framed = json.loads(run("prepaid", "outbox", "--db", db, "--site", SITE, "--format",
                            "json").stdout)
    assert framed == before
    # A stored frame is printed as stored, the site filling only the rows without one.
    with sqlite3.connect(db) as c:
        c.execute("UPDATE outbox SET frame = 'FE FE FE FE 68 AA' WHERE id = 'T-1/3/0'")
    text = run("prepaid", "outbox", "--db", db, "--site", SITE).stdout
    assert "T-1: cut M-1 frame FE FE FE FE 68 AA\n" in text
    assert "cut W-4 frame " + vector("cj-write-A017-valve-close") in text
