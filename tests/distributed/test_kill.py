"""A real Dask cluster started by the test on 127.0.0.1 (`dask scheduler` and two `dask worker`
processes on free ports), one worker killed (SIGKILL) as soon as a part it billed and posted is
in its memory: the run completes on the other worker, the bills are byte for byte what
`submeter bill` prints, and every bill is posted exactly once (the part Dask runs again finds its
keys posted). A cluster that cannot start fails the test; it is never skipped."""
import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time

import pytest
from distributed import Client

from conftest import cli_json
from submeter import distributed

START_TIMEOUT = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, log):
    return subprocess.Popen(["dask", *args], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture
def cluster(tmp_path):
    """(client, {worker name: process}) of a scheduler and two workers started here."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = open(tmp_path / "cluster.log", "wb")
    procs = [start(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard",
                    "--dashboard-address", "127.0.0.1:0"], log)]
    workers = {}
    client = None
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while client is None:
            if procs[0].poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Dask scheduler did not start on {address} (see "
                            f"{tmp_path / 'cluster.log'})")
            try:
                client = Client(address, timeout="2s")
            except (OSError, TimeoutError):
                time.sleep(0.5)
        for name in ("w-a", "w-b"):
            workers[name] = start(["worker", address, "--name", name, "--nthreads", "1",
                                   "--no-nanny", "--host", "127.0.0.1", "--no-dashboard",
                                   "--local-directory", str(tmp_path / name)], log)
            procs.append(workers[name])
        try:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        except TimeoutError:
            pytest.fail(f"two Dask workers did not join {address} (see "
                        f"{tmp_path / 'cluster.log'})")
        yield client, workers
    finally:
        if client is not None:
            client.close()
        for p in reversed(procs):
            stop(p)
        log.close()


def test_a_worker_killed_mid_run(tmp_path, cluster, big_site):
    client, workers = cluster

    def parts_in_memory(dask_scheduler):
        # {worker name: [key]} of the billed parts held in workers' memory (a nested function:
        # cloudpickle sends it by value to the scheduler, which cannot import this test).
        out = {}
        for key, ts in dask_scheduler.tasks.items():
            if str(key).startswith("bill_part_task") and ts.state == "memory":
                for ws in ts.who_has:
                    out.setdefault(ws.name, []).append(str(key))
        return out

    ledger = tmp_path / "ledger"
    result = {}

    def run():
        try:
            result["manifest"] = distributed.bill_portfolio(
                [big_site], "2026-07", tmp_path / "out", client, parts=7, ledger=ledger)
        except BaseException as e:  # noqa: BLE001 (re-raised below)
            result["error"] = e

    t = threading.Thread(target=run)
    t.start()
    killed = None
    while t.is_alive() and killed is None:
        held = client.run_on_scheduler(parts_in_memory)
        if "w-a" in held:
            workers["w-a"].send_signal(signal.SIGKILL)
            workers["w-a"].wait()
            killed = held["w-a"]
        else:
            time.sleep(0.05)
    t.join(timeout=600)
    assert not t.is_alive()
    if "error" in result:
        raise result["error"]
    assert killed, "w-a never held a billed part: the run did not need it"
    m = result["manifest"]
    assert m["failed"] == 0
    got = (tmp_path / "out" / big_site.name / "bills-2026-07.json").read_bytes()
    assert got == cli_json(big_site, "2026-07")
    assert distributed.verify(tmp_path / "out" / "manifest-2026-07.json") == []
    # Exactly once: every key once in the ledger, and the part billed again found its keys.
    with sqlite3.connect(ledger / f"{big_site.name}.sqlite") as db:
        counts = db.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM entries "
                            "WHERE key LIKE 'bill/2026-07/%'").fetchone()
    posted = m["sites"][0]["postings"]
    assert counts[0] == counts[1] == posted["applied"] + posted["duplicates"]
    assert posted["duplicates"] > 0, "no part was posted twice: the kill came too late"
    assert os.path.exists(tmp_path / "out" / "manifest-2026-07.json")
