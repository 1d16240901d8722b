"""`submeter ingest file`, `submeter readings export|conflicts` and `submeter vee` end to end on
scratch stores: every format in, nothing lost, nothing counted twice, the store's order out, and
the VEE report of a month. Bad input is in tests/hostile/test_readings.py."""
import json

from conftest import GATEWAYS, SITES, export, rows, submeter


def test_readings_csv_round_trips_and_a_second_ingest_is_all_duplicates(work):
    good = SITES / "good" / "readings.csv"
    first = submeter("ingest", "file", good, "--store", work / "r.db").stdout
    assert first.endswith("(readings): 12 reads, stored 12, duplicates 0, conflicts 0\n")
    again = submeter("ingest", "file", good, "--store", work / "r.db").stdout
    assert again.endswith("(readings): 12 reads, stored 0, duplicates 12, conflicts 0\n")
    # the site file's bytes: the same rows in the same order, two decimal places
    assert export(work / "r.db") == good.read_text(encoding="utf-8")


def test_export_is_sorted_by_time_then_meter_whatever_the_arrival_order(work):
    lines = (SITES / "good" / "readings.csv").read_text(encoding="utf-8").splitlines()
    (work / "shuffled.csv").write_text("\n".join([lines[0]] + lines[:0:-1]) + "\n",
                                       encoding="utf-8")
    submeter("ingest", "file", work / "shuffled.csv", "--store", work / "r.db")
    assert export(work / "r.db") == (SITES / "good" / "readings.csv").read_text(encoding="utf-8")


def test_export_filters_by_meter_and_time(work):
    submeter("ingest", "file", SITES / "good" / "readings.csv", "--store", work / "r.db")
    only = rows(export(work / "r.db", "--meter", "M-2"))
    assert [r[:2] for r in only] == [["M-2", "2026-07-01T00:00"], ["M-2", "2026-08-01T00:00"]]
    july = rows(export(work / "r.db", "--from", "2026-07-01T00:00", "--to", "2026-07-31T23:59"))
    assert [r[:2] for r in july] == [["M-1", "2026-07-01T00:00"], ["M-2", "2026-07-01T00:00"]]
    assert rows(export(work / "r.db", "--meter", "nobody")) == []


def test_a_conflicting_value_is_kept_aside_not_stored(work):
    submeter("ingest", "file", SITES / "good" / "readings.csv", "--store", work / "r.db")
    before = export(work / "r.db")
    (work / "other.csv").write_text("meter_id,time,total\nM-1,2026-07-01T00:00,1000.01\n",
                                    encoding="utf-8")
    out = submeter("ingest", "file", work / "other.csv", "--store", work / "r.db").stdout
    assert out.endswith("1 reads, stored 0, duplicates 0, conflicts 1\n")
    assert export(work / "r.db") == before
    listed = submeter("readings", "conflicts", "--store", work / "r.db").stdout.splitlines()
    assert listed == ["meter_id,register,time,stored,stored_source,offered,offered_source",
                      "M-1,0,2026-07-01T00:00:00,1000.00,file,1000.01,file"]
    # the same other value again is a duplicate of the conflict, not a second one
    out = submeter("ingest", "file", work / "other.csv", "--store", work / "r.db").stdout
    assert out.endswith("stored 0, duplicates 1, conflicts 0\n")


def test_json_lines_and_frames(work):
    (work / "reads.jsonl").write_text(
        '{"meter": "M-9", "register": 0, "time": "2026-07-01T00:00", "value": "10.50"}\n'
        '{"meter": "M-9", "register": 2, "time": "2026-07-01T00:00", "value": "4.25",'
        ' "received": "2026-07-01T00:03", "source": "neuron"}\n', encoding="utf-8")
    out = submeter("ingest", "file", work / "reads.jsonl", "--store", work / "r.db").stdout
    assert out.endswith("(values): 2 reads, stored 2, duplicates 0, conflicts 0\n")
    assert rows(export(work / "r.db")) == [["M-9", "2026-07-01T00:00", "10.50", "", "4.25", "",
                                            ""]]
    # a DL/T 645-2007 reply to 0001FF00 (the transport vector), captured with its device time
    frame = json.loads((GATEWAYS / "acrel-transport.json").read_text(encoding="utf-8"))["data"]
    (work / "frames.csv").write_text(f"time,meter,frame\n2026-07-01T00:00,M-645,{frame}\n",
                                     encoding="utf-8")
    out = submeter("ingest", "file", work / "frames.csv", "--store", work / "r.db").stdout
    assert "(frames): 5 reads, stored 5, duplicates 0, conflicts 0" in out
    assert [r[0] for r in rows(export(work / "r.db", "--meter", "M-645"))] == ["M-645"]


def test_an_acrel_backlog_replayed_twice_is_stored_once(work):
    backlog = GATEWAYS / "acrel-backlog.txt"
    first = submeter("ingest", "file", backlog, "--format", "acrel", "--store", work / "r.db")
    assert "194 reads, stored 194, duplicates 0, conflicts 0" in first.stdout
    assert "messages: ok 194, ignored 3, malformed 0, unsupported 0" in first.stdout
    second = submeter("ingest", "file", backlog, "--format", "acrel", "--store", work / "r.db")
    assert "194 reads, stored 0, duplicates 194, conflicts 0" in second.stdout
    exported = rows(export(work / "r.db"))
    assert len(exported) == 194
    assert len({(r[0], r[1]) for r in exported}) == 194


def test_a_capture_counts_bad_messages_and_keeps_the_good_ones(work):
    good = (GATEWAYS / "acrel-backlog.txt").read_text(encoding="utf-8").splitlines()[1]
    capture = "\n".join([
        good,
        "/gw/acrelHW/ANet-2E4S1/hstdata/1 not json at all",
        '/gw/acrelHW/ANet-2E4S1/hstdata/1 {"type":"hstdata","time":"2026-07-01","EPI":"1"}',
        '/gw/acrelHW/ANet-2E4S1/hstdata/1 {"type":"hstdata","meterSN":"X","time":"20260701000000","EPI":1e999}',
        "# a comment",
        "",
    ]) + "\n"
    (work / "c.txt").write_text(capture, encoding="utf-8")
    out = submeter("ingest", "file", work / "c.txt", "--format", "acrel", "--store",
                   work / "r.db").stdout
    assert "1 reads, stored 1, duplicates 0, conflicts 0" in out
    assert "messages: ok 1, ignored 0, malformed 3" in out
    assert "line 2: malformed" in out


def test_vee_reports_a_rollover_and_the_missing_month_end(work):
    submeter("ingest", "file", GATEWAYS / "acrel-backlog.txt", "--format", "acrel", "--store",
             work / "r.db")
    text = submeter("vee", work / "r.db", "--period", "2026-07").stdout
    assert text.startswith("VEE 2026-07 (2026-07-01T00:00:00 .. 2026-08-01T00:00:00): "
                           "2 meters, 194 reads\n")
    assert ("VEE-3 rollover (info) 12209263660012 total 2026-07-01T02:00:00: the register rolled "
            "over its largest value (999999.99)") in text
    assert "exceptions (not billable as read): 12209263660011, 12209263660012" in text
    report = json.loads(submeter("vee", work / "r.db", "--period", "2026-07", "--format",
                                 "json").stdout)
    assert report["period"] == "2026-07" and report["reads"] == 194
    assert {f["rule"] for f in report["findings"]} == {"VEE-2", "VEE-3"}
    assert report["estimates_written"] == 0


def test_vee_on_a_clean_month_has_no_exceptions(work):
    submeter("ingest", "file", SITES / "good" / "readings.csv", "--store", work / "r.db")
    text = submeter("vee", work / "r.db", "--period", "2026-07").stdout
    assert "exceptions (not billable as read): none\nfindings: 0\nestimates: 0\n" in text


def test_vee_reads_do_not_write(work):
    submeter("ingest", "file", SITES / "good" / "readings.csv", "--store", work / "r.db")
    before = export(work / "r.db")
    submeter("vee", work / "r.db", "--period", "2026-07")
    assert export(work / "r.db") == before
