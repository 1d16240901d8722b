"""`submeter prepaid run` killed with SIGKILL at random points, then run again to completion
(issue 17's crash test of the program, not only of the store).

A small generated site (five prepaid tenants: flat, TOU and a water ladder, low balances so
alarms, cuts, a recharge and a restore happen; a postpaid meter and an unknown one) with hourly
readings for four days, run in small batches so there are many transactions. One
uninterrupted run gives the reference file. Then the same command is started again and again
on a second file and killed (SIGKILL) at a seeded random moment of its run (≥ 20 rounds); after
each kill the file holds whole transactions only: every deduction entry has its reading
recorded as deducted and the reverse, each account's stored balance is its last entry's,
and the statement identity (opening + Σ entry changes = closing balance) holds. A last run
completes; then the file equals the reference row for row: every reading deducted exactly once,
every outbox row exactly once with the same delivery number, the same cursors and states.
"""
import json
import os
import pathlib
import random
import signal
import sqlite3
import subprocess
import time

import pytest

CLI = os.environ["SUBMETER_CLI"]
HOURS = 4 * 24
SEQUENCES = 5
KILLS = 5
BATCH = "5"


def write_site(d):
    d.mkdir(parents=True, exist_ok=True)
    acct = {"mode": "prepaid", "opening_balance": "60.00", "alarm1": "40.00", "alarm2": "20.00",
            "overdraft_limit": "0.00"}
    site = {
        "format": "submeter-site-v1",
        "name": "Crash",
        "currency": "CNY",
        "rounding": {"scope": "per_line", "places": 2, "mode": "half_up"},
        "tariffs": [
            {"id": "flat", "kind": "flat", "energy_price": "0.7000"},
            {"id": "tou", "kind": "tou4",
             "prices": {"sharp": "1.35", "peak": "1.08", "flat": "0.60", "valley": "0.24"}},
            {"id": "water", "kind": "water_tiered", "bounds": ["10", "20"],
             "prices": ["3.00", "4.50", "9.00"]},
        ],
        "meters": [{"id": "M-1", "tenant": "T-1"}, {"id": "M-2", "tenant": "T-2"},
                   {"id": "M-3", "tenant": "T-3"}, {"id": "M-4", "tenant": "T-4"},
                   {"id": "W-5", "medium": "water", "tariff": "water", "tenant": "T-5"},
                   {"id": "M-6", "tenant": "T-6"}],
        "tenants": [
            {"id": "T-1", "name": "One", "tariff": "flat", "meters": ["M-1"],
             "account": dict(acct, recharges=[
                 {"time": "2026-07-03T12:00", "amount": "100.00", "reference": "WX-1"},
                 {"time": "2026-07-04T12:00", "amount": "150.00", "reference": "WX-2"}])},
            {"id": "T-2", "name": "Two", "tariff": "tou", "meters": ["M-2"], "account": acct},
            {"id": "T-3", "name": "Three", "tariff": "flat", "meters": ["M-3"],
             "account": dict(acct, opening_balance="500.00")},
            {"id": "T-4", "name": "Four", "tariff": "tou", "meters": ["M-4"],
             "account": dict(acct, opening_balance="90.00")},
            {"id": "T-5", "name": "Five", "tariff": "water", "meters": ["W-5"],
             "account": dict(acct, opening_balance="120.00")},
            {"id": "T-6", "name": "Six", "tariff": "flat", "meters": ["M-6"],
             "account": {"mode": "postpaid"}},
        ],
    }
    (d / "site.json").write_text(json.dumps(site, indent=1) + "\n")
    head = "meter_id,time,total,t1,t2,t3,t4\n"
    (d / "readings.csv").write_text(head)
    lines = [head]
    regs = {m: [0, 0, 0, 0] for m in ("M-2", "M-4")}  # hundredths of kWh per TOU register
    tot = {"M-1": 100000, "M-3": 50000, "W-5": 10000, "M-6": 0, "X-9": 0}
    for h in range(HOURS + 1):
        stamp = f"2026-07-{h // 24 + 1:02d}T{h % 24:02d}:00"
        hour = (h + 23) % 24
        k = 0 if hour in (10, 19) else 1 if 8 <= hour < 19 else 3 if hour >= 22 or hour < 8 else 2
        for m, r in regs.items():
            if h:
                r[k] += 80 if m == "M-2" else 35
            t = sum(r)
            lines.append(f"{m},{stamp},{t // 100}.{t % 100:02d},"
                         + ",".join(f"{v // 100}.{v % 100:02d}" for v in r) + "\n")
        for m, step in (("M-1", 150), ("M-3", 120), ("W-5", 9), ("M-6", 50), ("X-9", 10)):
            if h:
                tot[m] += step
            if m == "M-3" and h == 50:  # one register going backwards: refused, notified
                lines.append(f"{m},{stamp},{(tot[m] - 500) // 100}.{(tot[m] - 500) % 100:02d}"
                             ",,,,\n")
                continue
            v = tot[m]
            lines.append(f"{m},{stamp},{v // 100}.{v % 100:02d},,,,\n")
    body = lines[1:]
    random.Random(7).shuffle(body)  # any order: the run sorts by time
    (d / "live.csv").write_text(head + "".join(body))
    return d


def run_args(site, db):
    return [CLI, "prepaid", "run", str(site), "--db", str(db), "--readings",
            str(site / "live.csv"), "--batch", BATCH]


def dump(db):
    """Every table the live run writes, in a stable order (the outbox with its numbers)."""
    c = sqlite3.connect(db)
    try:
        return {
            "accounts": c.execute("SELECT id, state, last_seq FROM accounts ORDER BY id").fetchall(),
            "entries": c.execute("SELECT account, seq, kind, key, time, balance_after, body "
                                 "FROM entries ORDER BY account, seq").fetchall(),
            "outbox": c.execute("SELECT number, id, account, time, command, meter, utility, "
                                "notice, detail FROM outbox ORDER BY number").fetchall(),
            "cursors": c.execute("SELECT * FROM live_cursors ORDER BY meter").fetchall(),
            "readings": c.execute("SELECT * FROM live_readings ORDER BY meter, time").fetchall(),
        }
    finally:
        c.close()


def check_whole(db):
    """What any committed prefix must satisfy: whole transactions, nothing twice."""
    if not pathlib.Path(db).exists():
        return 0
    c = sqlite3.connect(db)
    try:
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "live_readings" not in tables:
            return 0
        deducted = set(c.execute("SELECT 'reading/' || meter || '/' || time FROM live_readings "
                                 "WHERE status = 'deducted'").fetchall())
        keys = c.execute("SELECT key FROM entries WHERE kind = 'deduction'").fetchall()
        assert len(keys) == len(set(keys)), "a reading deducted twice"
        assert set(keys) == deducted, "a deduction without its reading record, or the reverse"
        ids = c.execute("SELECT id FROM outbox").fetchall()
        assert len(ids) == len(set(ids)), "an outbox row twice"
        numbers = [n for (n,) in c.execute("SELECT number FROM outbox ORDER BY number")]
        assert numbers == list(range(1, len(numbers) + 1)), "a gap in the outbox numbers"
        for account, last_seq in c.execute("SELECT id, last_seq FROM accounts"):
            n = c.execute("SELECT COUNT(*), MAX(seq) FROM entries WHERE account = ?",
                          (account,)).fetchone()
            assert n[0] == last_seq and (n[1] or 0) == last_seq, account
        for (m,) in c.execute("SELECT meter FROM live_cursors"):
            last = c.execute("SELECT MAX(time) FROM live_readings WHERE meter = ? AND status IN "
                             "('opened', 'deducted', 'no_charge')", (m,)).fetchone()[0]
            cur = c.execute("SELECT last_time FROM live_cursors WHERE meter = ?",
                            (m,)).fetchone()[0]
            assert cur == last, f"cursor of {m} at {cur}, last deducted reading {last}"
        return len(keys)
    finally:
        c.close()


def check_statements(site, db):
    """opening + Σ entry changes = closing balance = the stored balance, every account."""
    openings = {t["id"]: t["account"]["opening_balance"]
                for t in json.loads((site / "site.json").read_text())["tenants"]
                if t["account"]["mode"] == "prepaid"}
    status = json.loads(subprocess.run([CLI, "prepaid", "status", "--db", str(db), "--format",
                                        "json"], check=True, capture_output=True,
                                       text=True).stdout)
    balances = {a["id"]: a["balance"] for a in status["accounts"]}
    assert set(balances) == set(openings)
    for account, opening in openings.items():
        st = json.loads(subprocess.run(
            [CLI, "ledger", "statement", "--db", str(db), "--account", account, "--from",
             "2026-06-01T00:00", "--to", "2026-09-01T00:00", "--format", "json"],
            check=True, capture_output=True, text=True).stdout)
        cents = lambda s: round(float(s) * 100)  # noqa: E731 (two places, exact as integers)
        assert st["opening_balance"] == opening
        running = cents(opening)
        for e in st["entries"]:
            assert cents(e["balance_before"]) == running, (account, e["seq"])
            running = cents(e["balance_after"])
        assert running == cents(st["closing_balance"]) == cents(balances[account]), account


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    d = tmp_path_factory.mktemp("crash")
    site = write_site(d / "site")
    t = time.perf_counter()
    out = subprocess.run(run_args(site, d / "ref.db"), check=True, capture_output=True,
                         text=True).stdout
    wall = time.perf_counter() - t
    return site, d, d / "ref.db", wall, out


def test_reference_run_exercises_the_live_step(reference):
    site, _, db, _, out = reference
    last = out.rstrip("\n").split("\n")[-1]
    # every status the crash must preserve: deductions, the backwards register, the recharges,
    # a postpaid and an unknown meter, and cuts and restores in the outbox
    for want in ("backwards 1", "deducted ", "not_prepaid 97", "opened 5", "recharged 2",
                 "unknown_meter 97"):
        assert want in last, last
    rows = dump(db)["outbox"]
    assert any(r[4] == "cut" for r in rows) and any(r[4] == "restore" for r in rows)
    assert check_whole(db) == int(last.split("deducted ")[1].split(",")[0])
    check_statements(site, db)


def test_sigkill_at_random_points_then_rerun(reference):
    site, d, ref_db, wall, _ = reference
    want = dump(ref_db)
    rng = random.Random(20261206)
    killed_mid_run = 0
    progress = set()
    # SEQUENCES fresh files, each killed KILLS times at random moments (each run replays the
    # readings from the start: the prefix committed before is recognised, the rest goes on),
    # then run to completion and compared with the reference.
    for n in range(SEQUENCES):
        db = d / f"crash-{n}.db"
        kills = tries = 0
        # The kill falls within 0.8 of the reference run's time; a run that finished before its
        # kill took less than the wait, so later kills of this file fall within 0.8 of that wait
        # (each run replays a longer committed prefix and ends sooner, and the machine's load
        # varies: a fixed window let too many runs finish first).
        window = wall * 0.8
        while kills < KILLS and tries < 3 * KILLS:
            tries += 1
            p = subprocess.Popen(run_args(site, db), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
            wait = rng.uniform(0.0, window)
            time.sleep(wait)
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
            p.wait()
            err = p.stderr.read()
            p.stderr.close()
            if p.returncode == -signal.SIGKILL:
                killed_mid_run += 1
                kills += 1
            else:
                assert p.returncode == 0, err
                window = min(window, wait * 0.8)
            progress.add(check_whole(db))
        subprocess.run(run_args(site, db), check=True, capture_output=True)
        check_whole(db)
        got = dump(db)
        for table in want:
            assert got[table] == want[table], (n, table)
        check_statements(site, db)
        # a run after completion posts nothing and writes no outbox row
        again = subprocess.run(run_args(site, db), check=True, capture_output=True,
                               text=True).stdout
        assert again.rstrip("\n").split("\n")[-1].endswith("; outbox rows 0"), again[-300:]
        assert dump(db) == want
    # the kills fell mid-run (≥ 20 in all), at different points of the run (how many differ
    # depends on the machine's load: a kill during a replay of the committed prefix adds none)
    assert killed_mid_run >= 20, killed_mid_run
    assert len(progress) >= 3, sorted(progress)
