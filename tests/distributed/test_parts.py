"""A site billed in parts through submeter.site and submeter.distributed (client=serial: every task
in this process, each result pickled and unpickled as Dask passes it) is byte for byte what
`submeter bill SITE --period P --format json` prints: the sample site and a generated
20,000-tenant site, in 1, 2 and 7 parts. Posting to the ledger is exactly once."""
import functools
import json
import pickle
import sqlite3

import pytest

import submeter
from conftest import SAMPLE, cli_json
from submeter import distributed


def billed(tmp_path, site_dir, period, parts, **kw):
    out = tmp_path / f"out-{parts}"
    m = distributed.bill_portfolio([site_dir], period, out, client=distributed.serial,
                                   parts=parts, **kw)
    assert m["failed"] == 0, m
    return m, (out / site_dir.name / f"bills-{period}.json").read_bytes()


@pytest.mark.parametrize("period", ["2026-06", "2026-07"])
@pytest.mark.parametrize("parts", [1, 2, 7])
def test_sample_site_in_parts_is_the_cli_output(tmp_path, period, parts):
    m, got = billed(tmp_path, SAMPLE, period, parts)
    assert got == cli_json(SAMPLE, period)
    entry = m["sites"][0]
    assert entry["parts"] == parts
    assert entry["bytes"] == len(got)
    assert entry["bills"] == len(json.loads(got)["bills"])
    assert distributed.verify(tmp_path / f"out-{parts}" / f"manifest-{period}.json") == []


@functools.lru_cache(maxsize=None)
def cli_site_total(site_dir, period):
    """The site total of the CLI's bills JSON (parsed once: 20,000 bills)."""
    return json.loads(cli_json(site_dir, period))["site_total"]


@pytest.mark.parametrize("parts", [1, 2, 7])
def test_20000_tenants_in_parts_are_the_cli_output(tmp_path, big_site, parts):
    m, got = billed(tmp_path, big_site, "2026-07", parts)
    assert got == cli_json(big_site, "2026-07")
    # nobody moved out before July; generate.py adds the format-v2 dormitory block's three rooms
    assert m["sites"][0]["bills"] == 20000 + 3
    assert cli_site_total(big_site, "2026-07") == m["sites"][0]["total"]  # got is those bytes


def test_every_value_between_tasks_pickles_and_gives_the_same_bytes(tmp_path):
    # The parts' API by hand, each value passed between tasks pickled and unpickled.
    site = submeter.load_site(SAMPLE)
    ranges = site.split(3)
    usages = [site.usage_part("2026-07", a, b) for a, b in ranges]
    qs = [pickle.loads(pickle.dumps(u.quantities())) for u in usages]
    joined = submeter.site.Quantities.join(qs)
    totals = site.totals("2026-07", joined)
    shares = [pickle.loads(pickle.dumps(s)) for s in totals.split_shares([q.billed for q in qs])]
    totals = pickle.loads(pickle.dumps(totals))
    out = tmp_path / "bills.json"
    out.write_bytes(site.json_head("2026-07"))
    reports = []
    for i, (u, s) in enumerate(zip(usages, shares)):
        part = site.bill_part("2026-07", u, s)
        part.write_json(out, i == 0, append=True)
        reports.append(pickle.loads(pickle.dumps(part.report)))
    folded = submeter.site.ReportPart.join(reports)
    with open(out, "ab") as f:
        f.write(site.json_tail("2026-07", joined, totals, folded))
    assert out.read_bytes() == cli_json(SAMPLE, "2026-07")
    assert folded.bills == joined.billed == len(site.tenants)


def test_a_usage_part_is_billed_once_and_phase_2_recomputes_a_missing_one(tmp_path):
    site = submeter.load_site(SAMPLE)
    whole = site.usage_part("2026-07", 0, len(site.tenants)).quantities()
    (shares,) = site.totals("2026-07", whole).split_shares([whole.billed])
    u = site.usage_part("2026-07", 0, 4)
    with pytest.raises(submeter.Error) as e:  # every tenant's shares, for a part of 4
        site.bill_part("2026-07", u, shares)
    assert e.value.code == "inconsistent"
    with pytest.raises(submeter.Error) as e:
        site.usage_part("2026-07", 0, len(site.tenants) + 1)
    assert e.value.code == "invalid_argument"
    # Phase 2 on a worker that did not run phase 1 (or after it died) computes it again.
    summary, *items = distributed.reduce_task(
        str(SAMPLE), "2026-07", [distributed.usage_task(str(SAMPLE), "2026-07", i, 2)
                                 for i in range(2)])
    distributed._forget()  # the usage parts are gone, as on another worker
    parts = [distributed.bill_part_task(str(SAMPLE), "2026-07", i, 2, items[i], str(tmp_path))
             for i in range(2)]
    entry = distributed.finish_task(str(SAMPLE), "2026-07", summary, parts,
                                    str(tmp_path / "bills.json"))
    assert (tmp_path / "bills.json").read_bytes() == cli_json(SAMPLE, "2026-07")
    assert entry["parts"] == 2


def test_a_part_run_again_on_the_same_inputs_bills_the_same(tmp_path):
    # Dask hands a task the objects it keeps in the worker's memory, and runs a task again there
    # when another worker died holding its result: the task must not consume its inputs.
    summary, *items = distributed.reduce_task(
        str(SAMPLE), "2026-07", [distributed.usage_task(str(SAMPLE), "2026-07", i, 2)
                                 for i in range(2)])
    runs = []
    for name in ("first", "again"):
        (tmp_path / name).mkdir()
        runs.append(distributed.bill_part_task(str(SAMPLE), "2026-07", 1, 2, items[1],
                                               str(tmp_path / name)))
    assert runs[1]["sha256"] == runs[0]["sha256"] and runs[0]["bytes"] > 0
    assert runs[1]["report"].bills == runs[0]["report"].bills == items[1][0].billed


def test_damaged_or_foreign_bytes_are_refused():
    site = submeter.load_site(SAMPLE)
    q = site.usage_part("2026-07", 0, 3).quantities()
    state = q.__getstate__()
    with pytest.raises(submeter.Error) as e:
        submeter.site.Quantities.__new__(submeter.site.Quantities).__setstate__(state[:-3])
    assert e.value.code == "invalid_argument"
    version = submeter.__version__.encode()
    foreign = state.replace(version, b"9" * len(version), 1)
    with pytest.raises(submeter.Error) as e:
        submeter.site.Quantities.__new__(submeter.site.Quantities).__setstate__(foreign)
    assert e.value.code == "unsupported"


def ledger_keys(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT key, COUNT(*) FROM entries WHERE key LIKE 'bill/%' "
                          "OR key LIKE 'credit_note/%' "
                          "GROUP BY key").fetchall()


def test_posting_is_exactly_once_however_often_it_runs(tmp_path):
    ledger = tmp_path / "ledger"
    m1, _ = billed(tmp_path, SAMPLE, "2026-07", 3, ledger=ledger)
    m2, _ = billed(tmp_path, SAMPLE, "2026-07", 7, ledger=ledger)
    first, again = m1["sites"][0]["postings"], m2["sites"][0]["postings"]
    assert first["applied"] > 0 and first["duplicates"] == 0
    assert again == {"opened": 0, "applied": 0, "duplicates": first["applied"]}
    keys = ledger_keys(ledger / "site.sqlite")
    assert len(keys) == first["applied"]
    assert all(n == 1 for _, n in keys)
    # The bills posted are those of tenants with an account and a total that is not zero, and
    # the credit notes of postpaid re-rating refunds (PAY-5: credited under their own key).
    bills = json.loads(cli_json(SAMPLE, "2026-07"))["bills"]
    due = {f"bill/2026-07/{b['tenant']['id']}" for b in bills
           if "account" in b and b["total"] not in ("0.00", "0")}
    due |= {f"credit_note/2026-07/{b['tenant']['id']}" for b in bills
            if any(d["kind"] == "credit_note" for d in b.get("payment_documents", []))}
    assert {k for k, _ in keys} == due
