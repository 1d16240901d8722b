"""`submeter prepaid run --readings FILE` (issue 17): the file in any order, one meter's reading
split over several rows, and the transaction size, on tests/data/sites/prepaid.

- Any order: the run takes the readings by time, then meter, then the file's order, so a shuffled
  file prints exactly what the file in order prints.
- Rows of one meter at one time are one reading when they agree register by register (a row may
  give only some registers); other values are refused before anything is written (exit 1,
  `submeter: error: inconsistent`, naming the file, meter, time and register).
- `--batch`: the items and the account after them do not depend on the transaction size (the
  default, 10 readings a prepaid meter with at least 1,000, or 1, or 3).
"""
import os
import pathlib
import random
import subprocess

SOURCE = pathlib.Path(__file__).resolve().parents[3]
SITE = SOURCE / "tests" / "data" / "sites" / "prepaid"
CLI = os.environ.get("SUBMETER_CLI", "")
HEAD = "meter_id,time,total,t1,t2,t3,t4\n"


def run(tmp_path, name, body, *extra, ok=True):
    assert CLI, "SUBMETER_CLI is not set: run through ctest (cli.prepaid_readings)"
    f = tmp_path / f"{name}.csv"
    f.write_text(HEAD + "".join(body), encoding="utf-8")
    db = tmp_path / f"{name}.db"
    r = subprocess.run([CLI, "prepaid", "run", str(SITE), "--db", str(db), "--readings", str(f),
                        *extra], capture_output=True, text=True, timeout=120)
    if ok:
        assert r.returncode == 0 and r.stderr == "", r.stderr
    return r, db


def rows():
    return (SITE / "live-2026-07.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1:]


def in_order(body):
    return sorted(body, key=lambda line: (line.split(",")[1], line.split(",")[0]))


def test_any_order_prints_what_the_file_in_order_prints(tmp_path):
    body = rows()
    expected, _ = run(tmp_path, "ordered", in_order(body))
    assert "deducted" in expected.stdout
    for seed in range(3):
        shuffled = body[:]
        random.Random(seed).shuffle(shuffled)
        got, _ = run(tmp_path, f"shuffled{seed}", shuffled)
        assert got.stdout == expected.stdout


def test_rows_of_one_reading_are_merged_register_by_register(tmp_path):
    body = in_order(rows())
    tou = [line for line in body if line.startswith("M-2,") and ",,," not in line]
    assert tou, "the site's M-2 has rate registers"
    # Each M-2 reading given twice more: once whole, once with only T1 and T3.
    split = []
    for line in tou:
        meter, time, total, t1, t2, t3, t4 = line.rstrip("\n").split(",")
        split.append(line)
        split.append(f"{meter},{time},{total},{t1},,{t3},\n")
    expected, _ = run(tmp_path, "once", body)
    got, _ = run(tmp_path, "twice", body + split)
    assert got.stdout == expected.stdout
    # A reading given in two halves is the reading.
    halves = []
    for line in body:
        meter, time, total, t1, t2, t3, t4 = line.rstrip("\n").split(",")
        if line in tou:
            halves += [f"{meter},{time},{total},{t1},{t2},,\n", f"{meter},{time},{total},,,{t3},{t4}\n"]
        else:
            halves.append(line)
    got, _ = run(tmp_path, "halves", halves[::-1])
    assert got.stdout == expected.stdout


def test_rows_of_one_meter_at_one_time_with_other_values_are_refused(tmp_path):
    body = in_order(rows())
    line = next(x for x in body if x.startswith("M-2,") and ",,," not in x)
    meter, time, total, t1, t2, t3, t4 = line.rstrip("\n").split(",")
    cases = {
        "total": (f"{meter},{time},{float(total) + 1:.2f},,,,\n", "total"),
        "t3": (f"{meter},{time},{total},,,{float(t3) + 0.5:.2f},\n", "flat"),  # T3 is flat
    }
    for name, (extra, register) in cases.items():
        r, db = run(tmp_path, name, body[:3] + [extra] + body[3:], ok=False)
        assert r.returncode == 1 and r.stdout == ""
        assert r.stderr.startswith("submeter: error: inconsistent: two rows of one meter at one time "
                                   "with other values"), r.stderr
        for part in (f"{name}.csv", f"meter={meter}", f"register={register}"):
            assert part in r.stderr, (part, r.stderr)
        assert not db.exists(), "nothing is written"


def test_the_transaction_size_does_not_change_what_is_posted(tmp_path):
    body = rows()
    default, db = run(tmp_path, "default", body)
    for batch in ("1", "3"):
        got, _ = run(tmp_path, f"batch{batch}", body, "--batch", batch)
        assert got.stdout == default.stdout
    status = subprocess.run([CLI, "prepaid", "status", "--db", str(db)], capture_output=True,
                            text=True, timeout=60)
    assert status.returncode == 0 and "balance" in status.stdout
    r, _ = run(tmp_path, "zero", body, "--batch", "0", ok=False)
    assert r.returncode != 0 and "--batch" in r.stderr
