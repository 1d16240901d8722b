"""DRY-1: `submeter bill --dry-run --against ISSUED.json` (issue 22 #10, docs/bills-issued.md):
what billing a period again would change against the bills issued, posting and writing nothing;
exit 0 when nothing would change, 4 when something would."""
import json

from conftest import ALTERED, SAMPLE, sample_copy, submeter

GOLDEN = SAMPLE / "expected" / "bills-2026-07.json"


def test_against_the_bills_issued_nothing_changes():
    out = submeter("bill", SAMPLE, "--period", "2026-07", "--dry-run", "--against", GOLDEN).stdout
    assert "43 bills billed, 43 issued" in out
    assert "43 unchanged, 0 changed, 0 added, 0 removed; net change +0.00 CNY" in out
    assert "Nothing was posted or written.\nBilling again would change nothing.\n" in out


def test_against_the_altered_file_names_each_change(tmp_path):
    # tests/data/issued-bills-2026-07-altered.json: T-12 billed at 0.75 instead of 0.73, one of
    # T-14's lines dropped (tests/data/tools/alter_issued_bills.py).
    site = sample_copy(tmp_path)
    before = sorted(p.name for p in site.rglob("*"))
    r = submeter("bill", site, "--period", "2026-07", "--dry-run", "--against", ALTERED, status=4)
    out = r.stdout
    # The altered file changed lines, not the bills' totals: the totals are the same.
    assert "41 unchanged, 2 changed, 0 added, 0 removed; net change +0.00 CNY" in out
    assert "\nT-12 XR-202607-0012: changed, total 10,265.67 -> 10,265.67 (+0.00)\n" in out
    assert ("  changed  energy M-012 total: unit price 0.75 -> 0.73 amount 7,185.00 -> 6,993.40 "
            "(-191.60)\n") in out
    assert "\nT-14 XR-202607-0014: changed" in out
    assert "  added    energy M-014 flat: 2,959.20 kWh × 0.62 = 1,834.70\n" in out
    assert sorted(p.name for p in site.rglob("*")) == before  # nothing written


def test_json_and_zh(tmp_path):
    r = submeter("bill", SAMPLE, "--period", "2026-07", "--dry-run", "--against", ALTERED,
                 "--format", "json", status=4)
    doc = json.loads(r.stdout)
    assert doc["format"] == "submeter-dry-run-v0" and doc["posted"] is False
    assert (doc["changed"], doc["added"], doc["removed"], doc["net_change"]) == (2, 0, 0, "0.00")
    t12 = doc["bills"][0]
    assert (t12["tenant"], t12["number_after"], t12["total_after"]) == \
        ("T-12", "XR-202607-0012", "10265.67")
    assert t12["lines"][0]["before"]["unit_price"] == "0.75"
    assert t12["lines"][0]["after"]["unit_price"] == "0.73"
    zh = submeter("bill", SAMPLE, "--period", "2026-07", "--dry-run", "--against", ALTERED,
                  "--lang", "zh", status=4).stdout
    assert "变更 2 份" in zh and "未记账，未写入任何文件。" in zh


def test_removed_and_added_bills(tmp_path):
    issued = json.loads(GOLDEN.read_text("utf-8"))
    gone = issued["bills"].pop(3)["tenant"]["id"]
    extra = json.loads(json.dumps(issued["bills"][0]))
    extra["tenant"]["id"] = "T-99"
    issued["bills"].append(extra)
    path = tmp_path / "issued.json"
    path.write_text(json.dumps(issued, ensure_ascii=False), "utf-8")
    doc = json.loads(submeter("bill", SAMPLE, "--period", "2026-07", "--dry-run", "--against",
                              path, "--format", "json", status=4).stdout)
    assert [(b["tenant"], b["change"]) for b in doc["bills"]] == [
        (gone, "added"), ("T-99", "removed")]
    assert doc["unchanged"] == 42
