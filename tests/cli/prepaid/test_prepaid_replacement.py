"""`submeter prepaid run` and 换表 (LIFE-1, issue 17): a meter replaced after the live accounts were
opened, on tests/data/sites/prepaid.

T-1's account is opened by a first run while site.json lists M-1 only. Then site.json records the
replacement (M-1 `removed` 2026-07-15T00:00, M-1b `installed` then, `replaces` M-1, both on T-1)
and a second run gives M-1's final reading, M-1b's initial one and M-1b's readings after: M-1b's
first reading posts the replacement (the account's meter becomes M-1b; no money moves) and its
readings are deducted at T-1's flat 0.70, not refused; re-running posts nothing; `prepaid status`
shows M-1b on the account.
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
    assert CLI, "SUBMETER_CLI is not set: run through ctest (cli.prepaid_replacement)"
    r = subprocess.run([CLI, *[str(a) for a in argv]], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return r


def replaced_site(tmp_path):
    """The prepaid site with M-1 replaced by M-1b on 15 July (site.json and readings.csv)."""
    site = tmp_path / "replaced"
    shutil.copytree(SITE, site)
    doc = json.loads((site / "site.json").read_text("utf-8"))
    for m in doc["meters"]:
        if m["id"] == "M-1":
            m["removed"] = "2026-07-15T00:00"
    doc["meters"].append({"id": "M-1b", "tenant": "T-1", "installed": "2026-07-15T00:00",
                          "replaces": "M-1"})
    for t in doc["tenants"]:
        if t["id"] == "T-1":
            t["meters"] = ["M-1", "M-1b"]
    (site / "site.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
    readings = (site / "readings.csv").read_text("utf-8").splitlines(keepends=True)
    readings = [r for r in readings if not r.startswith("M-1,2026-08-01")]
    readings += ["M-1,2026-07-15T00:00,1180.00,,,,\n", "M-1b,2026-07-15T00:00,0.00,,,,\n",
                 "M-1b,2026-08-01T00:00,50.00,,,,\n"]
    (site / "readings.csv").write_text("".join(readings), "utf-8")
    return site


def items_of(r):
    return [i for i in json.loads(r.stdout)["items"] if i.get("account") == "T-1"]


def test_a_meter_replaced_after_the_accounts_opened_is_deducted(tmp_path):
    db = tmp_path / "live.db"
    before = tmp_path / "before.csv"
    before.write_text(HEAD + "M-1,2026-07-01T00:00,1000.00,,,,\nM-1,2026-07-10T00:00,1100.00,,,,\n",
                      "utf-8")
    first = items_of(run("prepaid", "run", SITE, "--db", db, "--readings", before,
                         "--format", "json"))
    assert [i["status"] for i in first if i["kind"] == "reading"] == ["opened", "deducted"]

    site = replaced_site(tmp_path)
    run("validate", site)
    after = tmp_path / "after.csv"
    after.write_text(HEAD + "M-1,2026-07-15T00:00,1180.00,,,,\nM-1b,2026-07-15T00:00,0.00,,,,\n"
                     "M-1b,2026-07-20T00:00,20.00,,,,\nM-1b,2026-08-01T00:00,50.00,,,,\n", "utf-8")
    second = items_of(run("prepaid", "run", site, "--db", db, "--readings", after,
                          "--format", "json"))
    got = [(i["meter"], i["status"], i.get("amount"), i.get("message", "")) for i in second
           if i["kind"] == "reading"]
    assert got == [
        ("M-1", "deducted", "56.00", ""),  # 80 kWh × 0.70, the old meter's final reading
        ("M-1b", "opened", None, "meter M-1b replaces M-1 on account T-1 (LIFE-1)"),
        ("M-1b", "deducted", "14.00", ""),  # 20 kWh
        ("M-1b", "deducted", "21.00", ""),  # 30 kWh
    ], got

    again = items_of(run("prepaid", "run", site, "--db", db, "--readings", after,
                         "--format", "json"))
    assert {i["status"] for i in again if i["kind"] == "reading"} == {"duplicate"}

    status = json.loads(run("prepaid", "status", "--db", db, "--account", "T-1",
                            "--format", "json").stdout)
    text = json.dumps(status)
    assert "M-1b" in text
