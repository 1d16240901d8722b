"""`submeter prepaid run` when site.json's terms change after the live accounts were opened
(issue 17), on a copy of tests/data/sites/prepaid.

T-1 (flat 0.70, alarm1 50.00) is opened by a first run and deducted to 65.00 (normal). site.json
then raises T-1's alarm1 to 80.00: the next run says it updated T-1's terms (text and JSON
`terms_updated`), and its next deduction (7.00, 58.00) is judged by them: alarm1, with its outbox
row. A third run with the same site updates nothing. Nothing else of the account changes.
"""
import json
import os
import pathlib
import shutil
import subprocess

SOURCE = pathlib.Path(__file__).resolve().parents[3]
SITE = SOURCE / "tests" / "data" / "sites" / "prepaid"
CLI = os.environ.get("SUBMETER_CLI", "")
HEAD = "meter_id,time,total,t1,t2,t3,t4\n"


def run(*argv):
    assert CLI, "SUBMETER_CLI is not set: run through ctest (cli.prepaid_terms)"
    r = subprocess.run([CLI, *[str(a) for a in argv]], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return r.stdout


def readings(tmp_path, name, body):
    f = tmp_path / name
    f.write_text(HEAD + body, "utf-8")
    return f


def test_changed_terms_reach_the_opened_account(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    db = tmp_path / "live.db"
    first = run("prepaid", "run", site, "--db", db, "--readings",
                readings(tmp_path, "a.csv", "M-1,2026-07-01T00:00,1000.00,,,,\n"
                                            "M-1,2026-07-02T00:00,1050.00,,,,\n"))
    assert first.splitlines()[0] == "opened 3 prepaid accounts from site.json"
    assert ("2026-07-02T00:00:00 reading M-1 T-1: deducted 35.00, balance 65.00, level normal, "
            "relay closed") in first
    assert "updated the terms" not in first

    doc = json.loads((site / "site.json").read_text("utf-8"))
    doc["tenants"][0]["account"]["alarm1"] = "80.00"
    (site / "site.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    second = run("prepaid", "run", site, "--db", db, "--readings",
                 readings(tmp_path, "b.csv", "M-1,2026-07-03T00:00,1060.00,,,,\n"))
    lines = second.splitlines()
    assert lines[0] == "updated the terms of 1 prepaid account from site.json: T-1"
    assert lines[1] == ("2026-07-03T00:00:00 reading M-1 T-1: deducted 7.00, balance 58.00, "
                        "level alarm1, relay closed")
    assert lines[2].strip().endswith(": alarm1")

    third = json.loads(run("prepaid", "run", site, "--db", db, "--readings",
                           readings(tmp_path, "c.csv", "M-1,2026-07-04T00:00,1061.00,,,,\n"),
                           "--format", "json"))
    assert third["terms_updated"] == []
    assert third["accounts_opened"] == 0
    status = json.loads(run("prepaid", "status", "--db", db, "--account", "T-1", "--format",
                            "json"))
    assert status["accounts"][0]["balance"] == "57.30", status  # 1 kWh more at 0.70
