"""Meter data in (issue 18): bad files, bad stores and bad options for `submeter ingest file`,
`submeter readings export|conflicts`, `submeter vee` and `submeter ingest mqtt`. Each is refused
with its code, naming the file and the place, and nothing is written: a refused file leaves the
store as it was (or not created), a foreign file given as the store is not touched."""
import shutil

import pytest

import hostile as h

GOOD = h.SITES / "good" / "readings.csv"


def _store_with_reads(tmp_path):
    """A readings store holding the good site's reads (tmp_path/r.db)."""
    h.expect_ok(["ingest", "file", GOOD, "--store", tmp_path / "r.db"], tmp_path)
    return tmp_path / "r.db"


@pytest.mark.parametrize("body,code,place", [
    # probe: a letter O for a zero in a value
    ("meter_id,time,total\nM-1,2026-07-01T00:00,10O.00\n", "parse", "line=2, column=22"),
    # probe: a negative register value
    ("meter_id,time,total\nM-1,2026-07-01T00:00,-1.00\n", "", "line=2"),
    # probe: a time that is not a time
    ("meter_id,time,total\nM-1,2026-07-32T00:00,1.00\n", "parse", "line=2"),
    # probe: a row wider than the header
    ("meter_id,time,total\nM-1,2026-07-01T00:00,1.00,2.00\n", "", "line=2"),
    # probe: a wrong header
    ("meter,time,total\nM-1,2026-07-01T00:00,1.00\n", "", "line=1"),
    # probe: an empty meter id
    ("meter_id,time,total\n,2026-07-01T00:00,1.00\n", "", "line=2"),
])
def test_a_bad_readings_csv_writes_nothing_into_an_existing_store(tmp_path, body, code, place):
    """Defect class: a partly taken file (rows before the bad one stored)."""
    store = _store_with_reads(tmp_path)
    (tmp_path / "bad.csv").write_text(
        "meter_id,time,total\nM-1,2026-09-01T00:00,3000.00\n" + body.split("\n", 1)[1]
        if place != "line=1" else body, encoding="utf-8")
    place = place.replace("line=2", "line=3") if place != "line=1" else place
    h.expect_refused(["ingest", "file", tmp_path / "bad.csv", "--store", store], tmp_path, code,
                     names=["bad.csv", place])


def test_a_bad_file_creates_no_store(tmp_path):
    """Defect class: an empty store file left behind by a refused ingest."""
    (tmp_path / "bad.csv").write_text("meter_id,time,total\nM-1,2026-07-01T00:00,x\n",
                                      encoding="utf-8")
    h.expect_refused(["ingest", "file", tmp_path / "bad.csv", "--store", tmp_path / "new.db"],
                     tmp_path, "parse", names=["bad.csv", "line=2"])
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize("line,code", [
    ('{"meter": "M-1", "register": 9, "time": "2026-07-01T00:00", "value": "1.00"}',
     "invalid_argument"),  # a register outside 0..8
    ('{"meter": "M-1", "register": 0, "time": "2026-07-01T00:00", "value": true}',
     ""),  # not a decimal
    ('{"meter": "M-1", "register": 0, "time": "2026-07-01T00:00", "value": "-1.00"}',
     ""),  # a negative register value
    ('{"meter": "M-1", "register": 0, "time": "2026-07-01T00:00", "value": "1.00", "x": 1}',
     ""),  # an unknown key
    ('{"meter": "M-1", "register": 0, "time": "2026-07-01T00:00", "value": "1.00", '
     '"source": "vee_estimate"', ""),  # not one JSON object (cut short)
    ('[1, 2, 3]', ""),  # not an object
])
def test_bad_json_lines_are_refused_by_line(tmp_path, line, code):
    """Probe class: value lines that are almost right."""
    store = _store_with_reads(tmp_path)
    (tmp_path / "v.jsonl").write_text(
        '{"meter": "M-1", "register": 0, "time": "2026-09-01T00:00", "value": "3000.00"}\n' +
        line + "\n", encoding="utf-8")
    h.expect_refused(["ingest", "file", tmp_path / "v.jsonl", "--store", store], tmp_path, code,
                     names=["v.jsonl", "line=2"])


@pytest.mark.parametrize("frame,code", [
    ("68zz", "parse"),  # not hex
    ("68AAAAAAAAAAAA68", ""),  # a cut frame: nothing to take
])
def test_bad_captured_frames_are_refused(tmp_path, frame, code):
    store = _store_with_reads(tmp_path)
    (tmp_path / "f.csv").write_text(f"time,meter,frame\n2026-07-01T00:00,M-1,{frame}\n",
                                    encoding="utf-8")
    h.expect_refused(["ingest", "file", tmp_path / "f.csv", "--store", store], tmp_path, code,
                     names=["f.csv", "line=2"])


def test_a_file_of_unknown_kind_needs_format(tmp_path):
    (tmp_path / "reads.txt").write_text("anything\n", encoding="utf-8")
    h.expect_refused(["ingest", "file", tmp_path / "reads.txt", "--store", tmp_path / "r.db"],
                     tmp_path, "invalid_argument", names=["reads.txt", "--format"])
    assert not (tmp_path / "r.db").exists()


@pytest.mark.parametrize("content", [b"not a database at all\n" * 40, b"SQLite format 3\x00" + bytes(84)])
def test_a_file_that_is_not_sqlite_is_not_taken_for_a_store(tmp_path, content):
    """Defect class: an internal error (exit 3) or a file rewritten when the store is not one."""
    (tmp_path / "x.db").write_bytes(content)
    for argv in (["ingest", "file", GOOD, "--store", tmp_path / "x.db"],
                 ["readings", "export", "--store", tmp_path / "x.db"],
                 ["readings", "conflicts", "--store", tmp_path / "x.db"],
                 ["vee", tmp_path / "x.db", "--period", "2026-07"]):
        h.expect_refused(argv, tmp_path, "unsupported", names=["x.db", "not a readings store"])


def test_a_ledger_is_not_taken_for_a_readings_store(tmp_path):
    """Defect class: another application's SQLite file switched to WAL or given tables."""
    h.expect_ok(["ledger", "open", "--db", tmp_path / "ledger.db", "--account", "T-1", "--meter",
                 "M-1", "--postpaid"], tmp_path)
    for p in tmp_path.glob("ledger.db-*"):
        p.unlink()
    for argv in (["ingest", "file", GOOD, "--store", tmp_path / "ledger.db"],
                 ["vee", tmp_path / "ledger.db", "--period", "2026-07"],
                 ["readings", "export", "--store", tmp_path / "ledger.db"]):
        h.expect_refused(argv, tmp_path, "unsupported", names=["ledger.db", "not a readings store"])


@pytest.mark.parametrize("argv,code,names", [
    (["readings", "export", "--store", "{t}/none.db"], "not_found", ["none.db"]),
    (["readings", "conflicts", "--store", "{t}/none.db"], "not_found", ["none.db"]),
    (["vee", "{t}/none.db", "--period", "2026-07"], "not_found", ["none.db"]),
    (["ingest", "file", "{t}/none.csv", "--store", "{t}/r.db"], "not_found", ["none.csv"]),
    (["ingest", "file", str(GOOD), "--store", "{t}/no/such/dir/r.db"], "not_found", ["r.db"]),
])
def test_missing_files_are_named_and_no_store_is_created(tmp_path, argv, code, names):
    """Defect class: a read-only command creating an empty store for a mistyped path."""
    argv = [a.replace("{t}", str(tmp_path)) for a in argv]
    h.expect_refused(argv, tmp_path, code, names=names)
    assert not list(tmp_path.glob("*.db"))


@pytest.mark.parametrize("argv,code,names", [
    (["vee", "{s}", "--period", "2026-13"], "parse", ["2026-13"]),
    (["readings", "export", "--store", "{s}", "--from", "2026-07"], "parse", ["--from"]),
    (["readings", "export", "--store", "{s}", "--to", "yesterday"], "parse", ["--to"]),
    (["ingest", "file", str(GOOD), "--store", "{s}", "--utc-offset", "+8"], "parse", ["+8"]),
    (["ingest", "file", str(GOOD), "--store", "{s}", "--field", "EPI"], "parse", ["EPI"]),
    (["ingest", "file", str(GOOD), "--store", "{s}", "--field", "EPI=9"], "parse", ["EPI=9"]),
    (["ingest", "mqtt", "--broker", "http://127.0.0.1:1883", "--topic", "#", "--store", "{s}"],
     "parse", ["http://127.0.0.1:1883"]),
    (["ingest", "mqtt", "--broker", "mqtt://127.0.0.1:99999", "--topic", "#", "--store", "{s}"],
     "parse", ["99999"]),
])
def test_bad_options_are_refused_before_the_store_is_touched(tmp_path, argv, code, names):
    store = _store_with_reads(tmp_path)
    argv = [a.replace("{s}", str(store)) for a in argv]
    h.expect_refused(argv, tmp_path, code, names=names)


# `bill --readings-db STORE` and `prepaid run --readings-db STORE` (issue 18 "bill and prepaid run
# read the store directly"): a missing, empty or foreign store, a store that lacks a read the
# bill needs or holds reads no bill can use. Each refused naming the store and the meter and time,
# with nothing written: no bills, no HTML folder, no ledger, the store unchanged.

def _bill(site, store, *extra):
    return ["bill", site, "--period", "2026-07", "--readings-db", store, *extra]


def test_bill_refuses_a_missing_store_and_creates_none(tmp_path):
    site = h.site_copy(tmp_path)
    err = h.expect_refused(_bill(site, tmp_path / "none.db"), tmp_path, "not_found",
                           names=["no readings store", "none.db"])
    assert "readings_db=" in err
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("content", [b"", b"meter_id,time,total\n", b"SQLite format 3\x00" + b"x" * 100])
def test_bill_refuses_a_file_that_is_not_a_readings_store(tmp_path, content):
    """Defect class: an empty or foreign file turned into a store by opening it."""
    site = h.site_copy(tmp_path)
    (tmp_path / "other.db").write_bytes(content)
    h.expect_refused(_bill(site, tmp_path / "other.db"), tmp_path, "", names=["other.db"])


def test_bill_refuses_a_ledger_given_as_the_readings_store(tmp_path):
    site = h.site_copy(tmp_path, "prepaid")
    h.expect_ok(["prepaid", "run", site, "--db", tmp_path / "ledger.db", "--readings",
                 site / "live-2026-07.csv"], tmp_path)
    h.expect_refused(_bill(site, tmp_path / "ledger.db"), tmp_path, "unsupported",
                     names=["ledger.db"])


@pytest.mark.parametrize("extra", [[], ["--format", "json"], ["--format", "csv"],
                                   ["--format", "html", "--out", "out"]])
def test_bill_refuses_a_period_the_store_has_no_read_for(tmp_path, extra):
    """The good site's store has July only: August lacks the read at its end bound."""
    site = h.site_copy(tmp_path)
    store = _store_with_reads(tmp_path)
    argv = ["bill", site, "--period", "2026-08", "--readings-db", store, *extra]
    h.expect_refused(argv, tmp_path, "not_found",
                     names=["meter=M-1", "time=2026-09-01T00:00:00", "readings_db=", "r.db"])
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("rows,code,names", [
    # a register going backwards between two reads of the store
    ("meter_id,time,total\nM-1,2026-07-20T00:00,50.00\n", "", ["meter=M-1"]),
    # a read of rate registers without a total
    ('{"meter": "M-2", "register": 2, "time": "2026-07-10T00:00", "value": "1.00"}\n',
     "inconsistent", ["meter=M-2", "time=2026-07-10T00:00:00"]),
])
def test_bill_refuses_reads_of_the_store_it_cannot_bill(tmp_path, rows, code, names):
    site = h.site_copy(tmp_path)
    store = _store_with_reads(tmp_path)
    extra = tmp_path / ("extra.jsonl" if rows.startswith("{") else "extra.csv")
    extra.write_text(rows, encoding="utf-8")
    h.expect_ok(["ingest", "file", extra, "--store", store], tmp_path)
    err = h.expect_refused(_bill(site, store), tmp_path, code, names=["readings_db=", *names])
    assert "line=" not in err  # the reads are in no file: no line to name


def test_prepaid_run_refuses_a_missing_store_and_opens_no_ledger(tmp_path):
    site = h.site_copy(tmp_path, "prepaid")
    h.expect_refused(["prepaid", "run", site, "--db", tmp_path / "l.db", "--readings-db",
                      tmp_path / "none.db"], tmp_path, "not_found", names=["none.db"])
    assert not (tmp_path / "l.db").exists() and not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("choice", [[], ["--readings", "x.csv", "--readings-db", "r.db"]])
def test_prepaid_run_takes_one_source_of_readings(tmp_path, choice):
    site = h.site_copy(tmp_path, "prepaid")
    h.expect_refused(["prepaid", "run", site, "--db", tmp_path / "l.db", *choice], tmp_path,
                     "invalid_argument", names=["--readings"])
