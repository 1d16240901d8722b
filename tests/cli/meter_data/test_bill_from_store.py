"""`submeter bill SITE --period P --readings-db STORE` and `submeter prepaid run … --readings-db
STORE`: the readings taken from the readings store. A store holding exactly a site's readings.csv
bills byte for byte as the file does; an estimate kept in the store (`vee --write-estimates`) is
billed as 估抄 with its rule, method and basis (QUAL-1); when its actual read arrives, the next
bill carries the true-up (QUAL-2). The numbers are docs/meter-data.md's worked example. Bad
stores are in tests/hostile/test_readings.py."""
import filecmp
import json
import sqlite3

from conftest import SITES, SOURCE, submeter

SAMPLE = SOURCE / "examples" / "site"
ESTIMATES = SITES / "estimates"


def test_the_sample_site_bills_byte_for_byte_from_the_store(work):
    submeter("ingest", "file", SAMPLE / "readings.csv", "--store", work / "r.db")
    for extra in (["--format", "text"], ["--format", "json"], ["--format", "csv"],
                  ["--format", "text", "--lang", "zh"], ["--format", "csv", "--lang", "zh-en"]):
        from_file = submeter("bill", SAMPLE, "--period", "2026-07", *extra).stdout
        from_store = submeter("bill", SAMPLE, "--period", "2026-07", *extra,
                              "--readings-db", work / "r.db").stdout
        assert from_store == from_file, extra
    # and the golden bills themselves
    golden = (SAMPLE / "expected" / "bills-2026-07.json").read_text(encoding="utf-8")
    assert submeter("bill", SAMPLE, "--period", "2026-07", "--format", "json", "--readings-db",
                    work / "r.db").stdout == golden
    submeter("bill", SAMPLE, "--period", "2026-07", "--format", "html", "--out", work / "a")
    submeter("bill", SAMPLE, "--period", "2026-07", "--format", "html", "--out", work / "b",
             "--readings-db", work / "r.db")
    names = sorted(p.name for p in (work / "a").iterdir())
    assert names == sorted(p.name for p in (work / "b").iterdir()) and len(names) > 10
    match, mismatch, errors = filecmp.cmpfiles(work / "a", work / "b", names, shallow=False)
    assert not mismatch and not errors


def test_prepaid_run_takes_the_site_meters_reads_from_the_store(work):
    live = SITES / "prepaid" / "live-2026-07.csv"
    submeter("ingest", "file", live, "--store", work / "r.db")
    # the store holds other sites' meters too: they are not this site's, so not deducted
    (work / "other.csv").write_text("meter_id,time,total\nZ-1,2026-07-05T00:00,5.00\n",
                                    encoding="utf-8")
    submeter("ingest", "file", work / "other.csv", "--store", work / "r.db")
    lines = live.read_text(encoding="utf-8").splitlines()
    # the file run, without the reading of a meter the site does not have
    (work / "mine.csv").write_text("\n".join(l for l in lines if not l.startswith("X-9,")) + "\n",
                                   encoding="utf-8")
    from_file = submeter("prepaid", "run", SITES / "prepaid", "--db", work / "a.db",
                         "--readings", work / "mine.csv").stdout
    from_store = submeter("prepaid", "run", SITES / "prepaid", "--db", work / "b.db",
                          "--readings-db", work / "r.db").stdout
    assert from_store == from_file
    assert "deducted" in from_store and "Z-1" not in from_store


def _july_with_an_estimate(work):
    """The worked example: M-1 not read on 1 August, estimated by EST-3 and kept in the store."""
    submeter("ingest", "file", ESTIMATES / "readings.csv", "--store", work / "r.db")
    out = submeter("vee", work / "r.db", "--period", "2026-07", "--write-estimates").stdout
    assert "EST-3 average_of_periods M-1 total 2026-08-01T00:00:00 2200.00" in out
    return work / "r.db"


def test_an_estimate_is_billed_as_such(work):
    store = _july_with_an_estimate(work)
    text = submeter("bill", ESTIMATES, "--period", "2026-07", "--readings-db", store,
                    "--no-report").stdout
    assert "  total             1,900.00   2,200.00 est.          300.00\n" in text
    assert ("  estimated total read at 2026-08-01T00:00: 2,200.00, EST-3 average_of_periods; "
            "basis: last read 1900.00 at 2026-07-01T00:00:00 + 300.00 (average use of 3 "
            "earlier periods)\n") in text
    assert "300.00 kWh × 0.60 = 180.00 [estimated read at 2026-08-01T00:00]\n" in text
    # T-2 was read: nothing marked on its bill
    t2 = text[text.index("== T-2"):]
    assert "est." not in t2 and "estimated" not in t2
    zh = submeter("bill", ESTIMATES, "--period", "2026-07", "--readings-db", store, "--lang",
                  "zh").stdout
    assert "2,200.00 估" in zh and "估抄：总 2026年8月1日 00:00 读数 2,200.00，EST-3 前期平均" in zh
    bills = json.loads(submeter("bill", ESTIMATES, "--period", "2026-07", "--format", "json",
                                "--readings-db", store).stdout)["bills"]
    m1 = bills[0]["meters"][0]
    assert m1["reads"] == [{
        "read": "to", "register": "total", "time": "2026-08-01T00:00:00", "quality": "estimated",
        "value": "2200.00", "rule": "EST-3", "method": "average_of_periods",
        "basis": "last read 1900.00 at 2026-07-01T00:00:00 + 300.00 (average use of 3 earlier "
                 "periods)"}]
    assert bills[0]["lines"][0]["quality"] == "estimated"
    assert "reads" not in bills[1]["meters"][0] and "quality" not in bills[1]["lines"][0]
    csv = submeter("bill", ESTIMATES, "--period", "2026-07", "--format", "csv", "--readings-db",
                   store).stdout
    assert ("300.00 kWh × 0.60 = 180.00 [estimated total read at 2026-08-01T00:00: 2,200.00, "
            "EST-3 average_of_periods; basis: last read") in csv


def test_the_actual_read_trues_the_estimate_up_on_the_next_bill(work):
    store = _july_with_an_estimate(work)
    july = submeter("bill", ESTIMATES, "--period", "2026-07", "--readings-db", store,
                    "--format", "json").stdout
    assert json.loads(july)["bills"][0]["total"] == "180.00"
    submeter("ingest", "file", ESTIMATES / "august.csv", "--store", store)
    august = json.loads(submeter("bill", ESTIMATES, "--period", "2026-08", "--format", "json",
                                 "--readings-db", store).stdout)["bills"]
    t1 = august[0]
    assert [(l["component"], l["quantity"], l["unit_price"], l["amount"]) for l in t1["lines"]] == [
        ("energy", "320.00", "0.60", "192.00"), ("adjustment", "-20.00", "0.60", "-12.00")]
    assert t1["lines"][1]["explanation"] == (
        "true-up of estimate EST-3 average_of_periods at 2026-08-01T00:00:00 (billed 2026-07): "
        "actual 2,180.00 - estimated 2,200.00 = -20.00 [last read 1900.00 at 2026-07-01T00:00:00"
        " + 300.00 (average use of 3 earlier periods)]: -20.00 kWh × 0.60 = -12.00")
    assert t1["total"] == "180.00"  # 168.00 + 192.00 = 180.00 + 180.00 over the two months
    assert "reads" not in t1["meters"][0]  # August starts from the actual read
    assert august[1]["total"] == "57.30" and len(august[1]["lines"]) == 1
    # the estimate is never edited: the store still has it, as VEE made it
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT meter, value, method FROM estimates").fetchall() == [
            ("M-1", 22000000, "average_of_periods")]
