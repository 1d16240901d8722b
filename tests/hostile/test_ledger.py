"""Hostile input to the ledger (`submeter ledger …`, `bill --post`, submeter.ledger): times that
would not read back or lie far ahead, money the currency cannot hold, closing figures that would
be silently wrong, corrupted rows and read-only files (issue 16 #1 #2 #4 #9 #11 #14 #18, "Money at
the edge", "Ledger time sanity")."""
import os
import pathlib
import shutil
import sqlite3
import subprocess
import tempfile

import pytest

import hostile


def ledger(db, *args):
    return ["ledger", *args[:1], "--db", db, *args[1:]]


def open_accounts(cwd, db, *pairs):
    for account, meter in pairs:
        hostile.expect_ok(ledger(db, "open", "--account", account, "--meter", meter), cwd)


def recharge(cwd, db, account, meter, amount, time, counter=1, reference="r"):
    return hostile.expect_ok(
        ledger(db, "recharge", "--account", account, "--meter", meter, "--counter", counter,
               "--amount", amount, "--reference", reference, "--time", time), cwd)


def statement(db, account, frm="2026-01-01T00:00", to="2027-01-01T00:00"):
    return ledger(db, "statement", "--account", account, "--from", frm, "--to", to)


def test_a_time_that_prints_as_year_10000_is_refused(tmp_path):
    """issue 16 #1: `--time 9999-12-31T24:00` was committed as 10000-01-01T00:00:00, which no
    reader takes back, and the account was bricked. It is refused and nothing is posted."""
    db = tmp_path / "x.db"
    open_accounts(tmp_path, db, ("A", "M1"))
    hostile.expect_refused(
        ledger(db, "recharge", "--account", "A", "--meter", "M1", "--counter", 1, "--amount",
               "10.00", "--reference", "y", "--time", "9999-12-31T24:00"),
        tmp_path, "parse", names=["--time", "9999-12-31T24:00"], watch=[db])
    out, _ = hostile.expect_ok(statement(db, "A"), tmp_path)
    assert "0 entries" in out
    times = sqlite3.connect(db).execute("select time from entries").fetchall()
    assert times == []


def bill_posted_ledger(tmp_path):
    """A copy of the good site and a ledger where T-1 recharged 1000.00 and July was posted."""
    site = hostile.site_copy(tmp_path, "good", "g")
    db = tmp_path / "e.db"
    open_accounts(tmp_path, db, ("T-1", "M-1"), ("T-2", "M-2"))
    recharge(tmp_path, db, "T-1", "M-1", "1000.00", "2026-07-01T09:00", reference="wx-1")
    hostile.expect_ok(["bill", site, "--period", "2026-07", "--post", db], tmp_path)
    return db


def test_close_final_after_bill_post_is_refused_not_charged_zero(tmp_path):
    """issue 16 #2: after `bill --post` (bills posted as fees, no reading) `close --final
    M-1=2300.00` charged 0 kWh and refunded 98.77 irreversibly. The energy since the last bill is
    unknown, so the final reading is refused and the account stays open."""
    db = bill_posted_ledger(tmp_path)
    hostile.expect_refused(
        ledger(db, "close", "--account", "T-1", "--time", "2026-08-03T12:00", "--final",
               "M-1=2300.00", "--price", "0.73"),
        tmp_path, "inconsistent", names=["M-1", "last deducted reading"], watch=[db])
    out, _ = hostile.expect_ok(statement(db, "T-1"), tmp_path)
    assert "2 entries" in out


def test_close_with_a_negative_final_reading_is_refused(tmp_path):
    """issue 16 #2: a negative final reading (`M-1=-100`) was accepted the same way."""
    db = bill_posted_ledger(tmp_path)
    hostile.expect_refused(
        ledger(db, "close", "--account", "T-1", "--time", "2026-08-03T12:00", "--final",
               "M-1=-100", "--price", "0.73"),
        tmp_path, "invalid_argument", names=["M-1", "-100"], watch=[db])


def test_a_far_future_event_time_is_refused_and_posting_goes_on(tmp_path):
    """issue 16 #4: `--time 2062-07-01T09:00` was accepted, and then every later event, the
    reversal of the mistake and every tenant's `bill --post` were refused as out of order. A time
    more than --max-ahead hours (24) after the local clock is refused; the site still posts."""
    db = tmp_path / "f.db"
    open_accounts(tmp_path, db, ("T-1", "M-1"), ("T-2", "M-2"))
    hostile.expect_refused(
        ledger(db, "recharge", "--account", "T-1", "--meter", "M-1", "--counter", 1, "--amount",
               "100.00", "--reference", "t", "--time", "2062-07-01T09:00"),
        tmp_path, "invalid_argument", names=["--time", "2062-07-01T09:00:00"], watch=[db])
    out, _ = hostile.expect_ok(
        ["bill", hostile.SITES / "good", "--period", "2026-07", "--post", db], tmp_path)
    assert "posted 2 bills" in out


def test_a_month_not_yet_ended_is_not_posted(tmp_path):
    """issue 16 "Ledger time sanity": `bill --post` posts at the period's end; with
    `--max-ahead 0` a period ending after now is refused before the ledger is opened (here the
    July bills exist, so only the time decides)."""
    db = tmp_path / "f.db"
    open_accounts(tmp_path, db, ("T-1", "M-1"), ("T-2", "M-2"))
    out, _ = hostile.expect_ok(
        ["bill", hostile.SITES / "good", "--period", "2026-07", "--post", db, "--max-ahead", "0"],
        tmp_path)
    assert "posted 2 bills" in out
    hostile.expect_refused(
        ledger(db, "refund", "--account", "T-1", "--amount", "1.00", "--key", "k", "--time",
               "2099-01-01T00:00", "--max-ahead", "0"),
        tmp_path, "invalid_argument", names=["--time"], watch=[db])


def locked_ledger(tmp_path):
    """A ledger where T-1 holds a recharge dated ~8 years ahead (allowed by a wide --max-ahead, as a
    ledger written before the check could hold): T-1 refuses every earlier event."""
    import datetime
    ahead = (datetime.datetime.now() + datetime.timedelta(days=3000)).strftime("%Y-%m-%dT%H:%M")
    db = tmp_path / "f.db"
    open_accounts(tmp_path, db, ("T-1", "M-1"), ("T-2", "M-2"))
    hostile.expect_ok(
        ledger(db, "recharge", "--account", "T-1", "--meter", "M-1", "--counter", 1, "--amount",
               "100.00", "--reference", "t", "--time", ahead, "--max-ahead", "87840"), tmp_path)
    return db


def test_one_locked_account_does_not_block_the_others_posting(tmp_path):
    """issue 16 #4: `bill --post` was one all-or-nothing batch, so one account holding a
    far-future event blocked every tenant's bill. The others are posted and the refusal is
    reported on the locked account's line."""
    db = locked_ledger(tmp_path)
    out, _ = hostile.expect_ok(
        ["bill", hostile.SITES / "good", "--period", "2026-07", "--post", db], tmp_path)
    assert "posted 1 bills" in out and "1 refused" in out
    assert any(line.startswith("T-1:") and "refused (out_of_order" in line
               for line in out.splitlines())
    assert any(line.startswith("T-2:") and "ok" in line for line in out.splitlines())
    out, _ = hostile.expect_ok(statement(db, "T-2"), tmp_path)
    assert "1 entries" in out


def test_all_or_nothing_posts_nothing_when_one_account_refuses(tmp_path):
    """issue 16 #4: `bill --post --all-or-nothing` keeps the one-batch behaviour: exit 1 naming
    the refusing account, nothing posted."""
    db = locked_ledger(tmp_path)
    hostile.expect_refused(
        ["bill", hostile.SITES / "good", "--period", "2026-07", "--post", db, "--all-or-nothing"],
        tmp_path, "out_of_order", names=["T-1"], watch=[db])


def test_a_mistaken_far_future_entry_can_be_reversed(tmp_path):
    """"Ledger time sanity": a mistaken entry can always be reversed, whatever its time. A
    reversal asked for now is dated at the account's last event; afterwards the balance is 0."""
    db = locked_ledger(tmp_path)
    out, _ = hostile.expect_ok(
        ledger(db, "reverse", "--account", "T-1", "--time", "2026-07-02T00:00", "--entry", "1",
               "--key", "rev/1"), tmp_path)
    assert "ok" in out
    con = sqlite3.connect(db)
    n = con.execute("select count(*) from entries where account = 'T-1'").fetchone()[0]
    assert n == 2


@pytest.mark.parametrize("charge", ["gift=-500.00", "gift=0", "gift=0.00"])
def test_close_charge_of_zero_or_below_is_refused(tmp_path, charge):
    """issue 16 #9: `--charge gift=-500.00` was dropped silently ("other charges 0.00") and the
    account closed. Zero and negative closing charges are refused; nothing is posted."""
    db = tmp_path / "cz.db"
    open_accounts(tmp_path, db, ("A", "M1"))
    recharge(tmp_path, db, "A", "M1", "100.00", "2026-07-01T00:00")
    hostile.expect_refused(
        ledger(db, "close", "--account", "A", "--time", "2026-07-10T00:00", "--charge", charge),
        tmp_path, "invalid_argument", names=["gift"], watch=[db])


@pytest.mark.parametrize("option,value", [("--amount", "10.001"), ("--amount", "0.0001")])
def test_sub_fen_recharge_is_refused(tmp_path, option, value):
    """issue 16 #11: `--amount 10.001` gave a balance of 110.001 and a closing refund of 110.001
    yuan. Money at the edge carries at most 2 places."""
    db = tmp_path / "m.db"
    open_accounts(tmp_path, db, ("A", "M1"))
    recharge(tmp_path, db, "A", "M1", "100.00", "2026-07-01T00:00")
    hostile.expect_refused(
        ledger(db, "recharge", "--account", "A", "--meter", "M1", "--counter", 2, option, value,
               "--reference", "y", "--time", "2026-07-02T00:00"),
        tmp_path, "invalid_argument", names=[option], watch=[db])


@pytest.mark.parametrize("args,option", [
    (["refund", "--account", "A", "--amount", "1.005", "--key", "k", "--time",
      "2026-07-02T00:00"], "--amount"),
    (["close", "--account", "A", "--time", "2026-07-02T00:00", "--charge", "fee=1.001"],
     "--charge"),
    (["open", "--account", "B", "--meter", "M2", "--alarm1", "50.005"], "--alarm1"),
    (["open", "--account", "B", "--meter", "M2", "--balance-alarm", "0.001"], "--balance-alarm"),
])
def test_sub_fen_amounts_are_refused_on_every_option(tmp_path, args, option):
    """"Money at the edge": every amount typed on the command line carries at most 2 places."""
    db = tmp_path / "m.db"
    open_accounts(tmp_path, db, ("A", "M1"))
    recharge(tmp_path, db, "A", "M1", "100.00", "2026-07-01T00:00")
    hostile.expect_refused(ledger(db, *args), tmp_path, "invalid_argument", names=[option],
                           watch=[db])


def test_sub_fen_amount_from_python_is_refused():
    """issue 16 #11, Python edge: Account.recharge(amount=Decimal('10.001')) raises
    submeter.Error."""
    text = hostile.python_raises(
        "from decimal import Decimal\n"
        "a = submeter.ledger.Account('A', [('M1', 'electricity')])\n"
        "a.recharge('2026-07-01T00:00', 'M1', 1, Decimal('10.001'))",
        allowed=("Error",))
    assert "2 decimal places" in text


def corrupt(db, sql):
    con = sqlite3.connect(db)
    con.execute(sql)
    con.commit()
    con.close()


@pytest.mark.parametrize("sql,table", [
    ("update entries set body = '{\"seq\":' where seq = 1", "entries"),
    ("update entries set body = '{\"seq\": \"one\"}' where seq = 1", "entries"),
    ("update accounts set opening = '[]'", "accounts.opening"),
])
def test_a_corrupted_row_is_a_parse_error_naming_file_and_row(tmp_path, sql, table):
    """issue 16 #14 (ledger rows): a corrupted row surfaced as exit 3 with nlohmann's raw
    `parse_error.101`. It is `parse`, naming the ledger file, the table and the account."""
    db = tmp_path / "c.db"
    open_accounts(tmp_path, db, ("A", "M1"))
    recharge(tmp_path, db, "A", "M1", "100.00", "2026-07-01T00:00")
    corrupt(db, sql)
    hostile.expect_refused(statement(db, "A"), tmp_path, "parse",
                           names=[str(db), f"table={table}", "account=A"], watch=[db])


def test_a_corrupted_state_refuses_posting_and_writes_nothing(tmp_path):
    """issue 16 #14 (ledger rows): a corrupted account state refuses a posting with `parse`
    naming the file and the row; the batch is rolled back."""
    db = tmp_path / "c.db"
    open_accounts(tmp_path, db, ("A", "M1"))
    corrupt(db, "update accounts set state = '{\"balance\": 1}'")
    hostile.expect_refused(
        ledger(db, "recharge", "--account", "A", "--meter", "M1", "--counter", 1, "--amount",
               "1.00", "--reference", "y", "--time", "2026-07-02T00:00"),
        tmp_path, "parse", names=[str(db), "table=accounts.state"], watch=[db])


def test_statement_of_a_missing_ledger_creates_nothing(tmp_path):
    """issue 16 #18: a statement opens the ledger read-only, so a mistyped path is refused
    (`not_found` naming it) instead of creating an empty ledger."""
    hostile.expect_refused(statement(tmp_path / "nope.db", "A"), tmp_path, "not_found",
                           names=["nope.db"])
    assert not (tmp_path / "nope.db").exists()


def test_statement_of_a_read_only_ledger_in_a_read_only_directory(tmp_path):
    """issue 16 #18: `statement` on a read-only ledger in a read-only directory failed on
    `PRAGMA journal_mode=WAL` (exit 3). It opens read-only and prints the statement. Run as an
    unprivileged user (root writes through file modes)."""
    db = tmp_path / "l.db"
    open_accounts(tmp_path, db, ("A", "M1"))
    recharge(tmp_path, db, "A", "M1", "100.00", "2026-07-01T00:00")
    expected, _ = hostile.expect_ok(statement(db, "A"), tmp_path)
    ro = pathlib.Path(tempfile.mkdtemp(prefix="submeter-ro-"))
    try:
        shutil.copy(db, ro / "l.db")
        os.chmod(ro / "l.db", 0o444)
        os.chmod(ro, 0o555)
        argv = [hostile.CLI] + [str(a) for a in statement(ro / "l.db", "A")]
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("root, and no setpriv to drop privileges")
            argv = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] + argv
        before = hostile.snapshot(ro)
        r = subprocess.run(argv, cwd="/", capture_output=True, timeout=hostile.TIMEOUT)
        if r.returncode != 0 and b"Permission denied" in r.stderr and b"submeter" not in r.stderr:
            pytest.skip("the unprivileged user cannot run the build's CLI")
        assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
        assert r.stdout.decode() == expected
        assert hostile.snapshot(ro) == before
        assert sorted(p.name for p in ro.iterdir()) == ["l.db"]
    finally:
        os.chmod(ro, 0o755)
        shutil.rmtree(ro)
