"""submeter.distributed on a LocalCluster of two worker processes on 127.0.0.1 gives what the serial
run gives, byte for byte (which is what `submeter bill` prints); and the command
`python3 -m submeter.distributed bill`."""
import json
import shutil

import pytest

from conftest import SAMPLE, cli_json, run_cli
from submeter import distributed


@pytest.fixture(scope="module")
def client():
    """One LocalCluster of two worker processes for the module, made as bill_portfolio makes its
    own (client=None, the command's --workers)."""
    c, cluster = distributed._local_cluster(2)
    # Its scheduler runs without the Active Memory Manager (docs/scale-out.md).
    assert not c.run_on_scheduler(lambda dask_scheduler: dask_scheduler.extensions["amm"].running)
    yield c
    c.close()
    cluster.close()


def files(out, period):
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob(f"bills-{period}.json"))}


def test_local_cluster_of_two_equals_serial(tmp_path, client, portfolio, small_site):
    sites = distributed.find_sites(portfolio) + [str(small_site)]
    parts = {"park-a": 3, small_site.name: 4}  # park-b and site whole, in one task
    m = distributed.bill_portfolio(sites, "2026-07", tmp_path / "dask", client, parts=parts)
    s = distributed.bill_portfolio(sites, "2026-07", tmp_path / "serial", distributed.serial,
                                   parts=parts)
    assert m["workers"] == 2 and m["failed"] == 0
    dask_files, serial_files = files(tmp_path / "dask", "2026-07"), files(tmp_path / "serial",
                                                                        "2026-07")
    assert sorted(dask_files) == sorted(
        ["park-a/bills-2026-07.json", "park-b/bills-2026-07.json", "site/bills-2026-07.json",
         f"{small_site.name}/bills-2026-07.json"])
    assert dask_files == serial_files
    assert dask_files["park-b/bills-2026-07.json"] == cli_json(SAMPLE, "2026-07")
    assert dask_files[f"{small_site.name}/bills-2026-07.json"] == cli_json(small_site, "2026-07")
    strip = ("seconds", "startup_seconds", "workers", "dir")
    same = [{k: v for k, v in e.items() if k not in strip} for e in m["sites"]]
    assert same == [{k: v for k, v in e.items() if k not in strip} for e in s["sites"]]
    assert distributed.verify(tmp_path / "dask" / "manifest-2026-07.json") == []
    assert not list((tmp_path / "dask").rglob(".parts-*"))  # the parts' files are removed


def test_plan_batches_small_sites_and_cuts_big_ones(portfolio, big_site):
    sites = distributed.find_sites(portfolio) + [str(big_site)]
    # The sample sites fit in one task (4 MB); the 20,000-tenant site (~23 MB) is a task alone.
    assert distributed.plan(sites, workers=2) == [("batch", sites[:3]), ("batch", sites[3:])]
    assert distributed.plan(sites, workers=2, part_bytes=10 << 20) == [
        ("batch", sites[:3]), ("parts", sites[3], 4)]  # ~24 MB: 3 parts, rounded up to 4
    assert distributed.plan(sites, workers=2, batch_bytes=1) == [("batch", [s]) for s in sites]


def test_the_command_bills_a_directory_of_sites(tmp_path, portfolio, client):
    bad = portfolio / "broken"
    shutil.copytree(portfolio / "site", bad)
    (bad / "site.json").write_text('{"format": "submeter-site-v1", "name": ', encoding="utf-8")
    out = tmp_path / "out"
    # On the module's cluster (a second one would take longer to start than the run takes).
    r = run_cli("bill", str(portfolio), "--period", "2026-07", "--out", str(out), "--scheduler",
                client.scheduler.address, "--parts", "2", "--progress")
    assert r.returncode == 1, r.stderr
    # three copies of the sample site, 43 tenants each
    assert r.stdout.startswith("billed 3 of 4 sites for 2026-07: 129 bills, total ")
    assert "submeter: error: broken: " in r.stderr and "site.json" in r.stderr
    assert "billing [" in r.stderr and "100%" in r.stderr
    for name in ("park-a", "park-b", "site"):
        assert (out / name / "bills-2026-07.json").read_bytes() == cli_json(SAMPLE, "2026-07")
    assert not (out / "broken" / "bills-2026-07.json").exists()
    m = json.loads((out / "manifest-2026-07.json").read_text(encoding="utf-8"))
    assert [e["site"] for e in m["sites"]] == ["broken", "park-a", "park-b", "site"]
    assert m["sites"][0]["error"]["code"] == "parse"


def test_the_command_refuses_what_it_cannot_bill(tmp_path):
    r = run_cli("bill", str(tmp_path), "--period", "2026-07", "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "no site directory" in r.stderr
    r = run_cli("bill", str(tmp_path), "--period", "2026-07", "--out", "o", "--workers", "2",
                "--scheduler", "tcp://127.0.0.1:1")
    assert r.returncode == 2 and "not allowed with argument" in r.stderr
