"""Live prepaid (issue 17): bad readings files, bad ledger files and bad options for `submeter
prepaid run|status|outbox|ack` and `submeter bill --prepaid-db`. Each is refused with its code,
naming the file and the place, and nothing is written: no ledger file is created or changed."""
import pytest

import hostile as h

SITE = h.SITES / "prepaid"


def _ledger(tmp_path):
    """A ledger holding the prepaid site's live month (tmp_path/live.db)."""
    h.expect_ok(["prepaid", "run", SITE, "--db", tmp_path / "live.db", "--readings",
                 SITE / "live-2026-07.csv"], tmp_path)
    return tmp_path / "live.db"


@pytest.mark.parametrize("row,code,place", [
    # probe: a letter O for a zero in a value
    ("M-1,2026-07-09T00:00,11O0.00,,,,", "parse", "line=3"),
    # probe: a time that is not a time
    ("M-1,2026-07-32T00:00,1100.00,,,,", "parse", "line=3"),
    # probe: a negative register value
    ("M-1,2026-07-09T00:00,-1.00,,,,", "", "line=3"),
    # probe: a row wider than the header
    ("M-1,2026-07-09T00:00,1.00,,,,,2.00", "", "line=3"),
    # probe: a reading with rate registers and no total
    ("M-2,2026-07-09T00:00,,1,2,3,4", "parse", "line=3"),
    # probe: the same meter and time twice with other values
    ("M-1,2026-07-02T00:00,1051.00,,,,", "inconsistent", "meter=M-1"),
])
def test_a_bad_readings_file_writes_nothing_into_the_ledger(tmp_path, row, code, place):
    """Defect class: a partly taken readings file (deductions before the bad row posted)."""
    db = _ledger(tmp_path)
    (tmp_path / "bad.csv").write_text(
        "meter_id,time,total,t1,t2,t3,t4\nM-1,2026-07-02T00:00,1050.00,,,,\n" + row + "\n",
        encoding="utf-8")
    h.expect_refused(["prepaid", "run", SITE, "--db", db, "--readings", tmp_path / "bad.csv"],
                     tmp_path, code, names=["bad.csv", place])


def test_a_bad_readings_file_creates_no_ledger(tmp_path):
    """Defect class: an empty ledger file left behind by a refused run."""
    (tmp_path / "bad.csv").write_text("meter_id,time,total\nM-1,2026-07-01T00:00,x\n",
                                      encoding="utf-8")
    h.expect_refused(["prepaid", "run", SITE, "--db", tmp_path / "new.db", "--readings",
                      tmp_path / "bad.csv"], tmp_path, "parse", names=["bad.csv", "line=2"])
    assert not (tmp_path / "new.db").exists()


def test_a_missing_readings_file_is_named(tmp_path):
    h.expect_refused(["prepaid", "run", SITE, "--db", tmp_path / "new.db", "--readings",
                      tmp_path / "none.csv"], tmp_path, "not_found", names=["none.csv"])
    assert not (tmp_path / "new.db").exists()


def test_a_bad_site_writes_nothing(tmp_path):
    """Defect class: accounts opened from a site that is then refused."""
    site = h.site_copy(tmp_path, "prepaid", "site")
    h.edit_json(site / "site.json",
                lambda d: d["tenants"][0]["account"].update(opening_balance=1.5))
    h.expect_refused(["prepaid", "run", site, "--db", tmp_path / "new.db", "--readings",
                      SITE / "live-2026-07.csv"], tmp_path, "parse",
                     names=["site.json", "opening_balance"])
    assert not (tmp_path / "new.db").exists()


def test_a_foreign_file_as_the_ledger_is_not_touched(tmp_path):
    """Defect class: a text file (or another program's data) turned into a ledger."""
    (tmp_path / "notes.db").write_text("not a database, my notes\n" * 10, encoding="utf-8")
    h.expect_refused(["prepaid", "run", SITE, "--db", tmp_path / "notes.db", "--readings",
                      SITE / "live-2026-07.csv"], tmp_path, "unsupported", names=["notes.db"])
    h.expect_refused(["prepaid", "outbox", "--db", tmp_path / "notes.db"], tmp_path, "unsupported",
                     names=["notes.db"])


@pytest.mark.parametrize("argv", [
    ["prepaid", "status", "--db"],
    ["prepaid", "outbox", "--db"],
    ["prepaid", "ack", "--id", "1", "--db"],
])
def test_reading_commands_create_no_ledger(tmp_path, argv):
    """Defect class: status/outbox/ack creating an empty ledger at a mistyped path."""
    h.expect_refused(argv + [tmp_path / "typo.db"], tmp_path, "not_found", names=["typo.db"])
    assert not (tmp_path / "typo.db").exists()


def test_an_unknown_outbox_id_changes_nothing(tmp_path):
    db = _ledger(tmp_path)
    h.expect_refused(["prepaid", "ack", "--db", db, "--id", "T-1/999/0"], tmp_path, "not_found",
                     names=["T-1/999/0"])


def test_bill_with_a_missing_prepaid_ledger_is_named(tmp_path):
    h.expect_refused(["bill", SITE, "--period", "2026-07", "--prepaid-db", tmp_path / "none.db"],
                     tmp_path, "not_found", names=["none.db"])
    assert not (tmp_path / "none.db").exists()
