"""A real Dask cluster started by the test on 127.0.0.1 (`dask scheduler` and two `dask worker`
processes on free ports, one cluster for the module), one worker killed (SIGKILL) as soon as a part
it billed and posted is in its memory: the run completes on the other worker, the bills are byte for
byte what `submeter bill` prints, and every bill is posted exactly once (the part Dask runs again
finds its keys posted): to one SQLite file per site, and to one PostgreSQL server for every site (a
throw-away server started here, tests/support/pg_server.py). A cluster or a server that cannot
start fails the test; it is never skipped."""
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from distributed import Client

from conftest import SOURCE_DIR, cli_json, run_cli
from submeter import distributed

sys.path.insert(0, str(SOURCE_DIR / "tests" / "support"))
import pg_server  # noqa: E402

START_TIMEOUT = 60
PERIOD = "2026-07"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(procs):
    """SIGTERM to every process at once, then each one waited for (SIGKILL after 20 s)."""
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


class Cluster:
    """A `dask scheduler` and two `dask worker` processes (w-a, w-b: one thread each, no nanny)
    on 127.0.0.1, and a client of them; a killed worker is started again by ensure_workers."""

    names = ("w-a", "w-b")

    def __init__(self, directory):
        self.dir = directory
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.log = open(directory / "cluster.log", "wb")
        self.scheduler = None
        self.workers = {}
        self.client = None

    def _start(self, args):
        # The Active Memory Manager off (docs/scale-out.md "A worker lost on Dask 2022.12"): with
        # it, Debian's Dask can leave a task "processing" on the scheduler that the surviving
        # worker has released, and the run waits forever (seen once in this test).
        env = dict(os.environ, DASK_DISTRIBUTED__SCHEDULER__ACTIVE_MEMORY_MANAGER__START="False")
        return subprocess.Popen(["dask", *args], stdout=self.log, stderr=subprocess.STDOUT,
                                start_new_session=True, env=env)

    def start(self):
        port = self.address.rsplit(":", 1)[1]
        self.scheduler = self._start(["scheduler", "--host", "127.0.0.1", "--port", port,
                                      "--no-dashboard", "--dashboard-address", "127.0.0.1:0"])
        self._start_workers()  # they wait for the scheduler
        deadline = time.monotonic() + START_TIMEOUT
        while self.client is None:
            if self.scheduler.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Dask scheduler did not start on {self.address} (see "
                            f"{self.dir / 'cluster.log'})")
            try:
                self.client = Client(self.address, timeout="2s")
            except (OSError, TimeoutError):
                time.sleep(0.2)
        assert not self.client.run_on_scheduler(
            lambda dask_scheduler: dask_scheduler.extensions["amm"].running), \
            "the scheduler's Active Memory Manager is on"
        self.ensure_workers()

    def _start_workers(self):
        for name in self.names:
            p = self.workers.get(name)
            if p is None or p.poll() is not None:
                self.workers[name] = self._start(
                    ["worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny",
                     "--host", "127.0.0.1", "--no-dashboard",
                     "--local-directory", str(self.dir / name)])

    def ensure_workers(self):
        """Starts every worker that is not running (the one a test killed) and waits until both
        have joined."""
        self._start_workers()
        try:
            self.client.wait_for_workers(len(self.names), timeout=START_TIMEOUT)
        except TimeoutError:
            pytest.fail(f"two Dask workers did not join {self.address} (see "
                        f"{self.dir / 'cluster.log'})")

    def close(self):
        if self.client is not None:
            self.client.close()
        stop(list(self.workers.values()))  # the workers first, as they say goodbye to it
        if self.scheduler is not None:
            stop([self.scheduler])
        self.log.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        c.start()
        yield c
    finally:
        c.close()


def bill_killing_a_worker(cluster, sites, out, parts, ledger):
    """bill_portfolio on the cluster, w-a killed (SIGKILL) as soon as it holds a billed and posted
    part; returns the manifest and the keys w-a held."""
    cluster.ensure_workers()
    client = cluster.client
    result = {}

    def parts_in_memory(dask_scheduler):
        # {worker name: [key]} of the billed parts held in workers' memory (a nested function:
        # cloudpickle sends it by value to the scheduler, which cannot import this test).
        found = {}
        for key, ts in dask_scheduler.tasks.items():
            if str(key).startswith("bill_part_task") and ts.state == "memory":
                for ws in ts.who_has:
                    found.setdefault(ws.name, []).append(str(key))
        return found

    def run():
        try:
            result["manifest"] = distributed.bill_portfolio(sites, PERIOD, out, client,
                                                            parts=parts, ledger=ledger)
        except BaseException as e:  # noqa: BLE001 (re-raised below)
            result["error"] = e

    t = threading.Thread(target=run)
    t.start()
    killed = None
    while t.is_alive() and killed is None:
        held = client.run_on_scheduler(parts_in_memory)
        if "w-a" in held:
            cluster.workers["w-a"].send_signal(signal.SIGKILL)
            cluster.workers["w-a"].wait()
            killed = held["w-a"]
        else:
            time.sleep(0.02)
    t.join(timeout=600)
    assert not t.is_alive()
    if "error" in result:
        raise result["error"]
    assert killed, "w-a never held a billed part: the run did not need it"
    m = result["manifest"]
    assert m["failed"] == 0, m
    for s in sites:
        got = (out / s.name / f"bills-{PERIOD}.json").read_bytes()
        assert got == cli_json(s, PERIOD), s.name
    assert distributed.verify(out / f"manifest-{PERIOD}.json") == []
    return m, killed


def due(site_dir):
    """The tenants whose bills are posted: those with an account and a total that is not zero."""
    bills = json.loads(cli_json(site_dir, PERIOD))["bills"]
    return {b["tenant"]["id"] for b in bills if "account" in b and b["total"] not in ("0.00", "0")}


def due_keys(site_dir):
    """The keys posted for the due bills (PAY-5): the bill's, when what is deducted (the total
    less its payment documents) is not zero, and a credit note's for each credit note."""
    keys = set()
    for b in json.loads(cli_json(site_dir, PERIOD))["bills"]:
        t = b["tenant"]["id"]
        if "account" not in b or b["total"] in ("0.00", "0"):
            continue
        if float(b.get("deducted", b["total"])) != 0:
            keys.add(f"bill/{PERIOD}/{t}")
        if any(d["kind"] == "credit_note" and d["number"].endswith("-CN")
               for d in b.get("payment_documents", [])):
            keys.add(f"credit_note/{PERIOD}/{t}")
    return keys


def test_a_worker_killed_mid_run_posting_to_sqlite(tmp_path, cluster, small_site):
    ledger = tmp_path / "ledger"
    m, _ = bill_killing_a_worker(cluster, [small_site], tmp_path / "out", 7, ledger)
    # Exactly once: every key once in the ledger, and the part billed again found its keys.
    with sqlite3.connect(ledger / f"{small_site.name}.sqlite") as db:
        counts = db.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM entries "
                            f"WHERE key LIKE 'bill/{PERIOD}/%' "
                            f"OR key LIKE 'credit_note/{PERIOD}/%'").fetchone()
    posted = m["sites"][0]["postings"]
    assert counts[0] == counts[1] == posted["applied"] + posted["duplicates"]
    assert posted["duplicates"] > 0, "no part was posted twice: the kill came too late"


def psql(info, sql):
    return subprocess.run(
        [f"{pg_server.BIN}/psql", "-tA", "-F", "|", "-h", info["host"], "-p", str(info["port"]),
         "-U", info["user"], "-d", "postgres", "-c", sql],
        check=True, capture_output=True, text=True, env=pg_server._server_env()).stdout.strip()


def test_a_worker_killed_mid_run_posting_to_postgres(tmp_path, cluster, small_site, portfolio):
    # One server for every site: the three sample sites (their tenant ids repeat) in one task and
    # the generated site in 7 parts.
    sites = [portfolio / n for n in ("park-a", "park-b", "site")] + [small_site]
    with pg_server.server() as pg:
        uri = pg_server.uri(pg)
        m, _ = bill_killing_a_worker(cluster, sites, tmp_path / "out", {small_site.name: 7}, uri)
        rows = psql(pg, "SELECT account, key FROM submeter_entries WHERE key LIKE 'bill/%' "
                        "OR key LIKE 'credit_note/%' ORDER BY account, key")
        # The command, run again over the same sites on the same cluster and server, posts
        # nothing: every bill is a duplicate.
        every = tmp_path / "every-site"
        every.mkdir()
        for s in sites:
            (every / s.name).symlink_to(s, target_is_directory=True)
        r = run_cli("bill", str(every), "--period", PERIOD, "--out", str(tmp_path / "again"),
                    "--scheduler", cluster.address, "--ledger", uri, "--no-progress")
        assert r.returncode == 0, r.stderr
        again = json.loads((tmp_path / "again" / f"manifest-{PERIOD}.json").read_text("utf-8"))
        assert psql(pg, "SELECT account, key FROM submeter_entries WHERE key LIKE 'bill/%' "
                        "OR key LIKE 'credit_note/%' ORDER BY account, key") == rows
        # Balances = Σ entries: each account's balance (a BIGINT mantissa) is its opening balance
        # plus the sum of its entries, and its state's last sequence number is its last entry's.
        wrong = psql(pg, "SELECT COUNT(*) FROM submeter_accounts a WHERE balance <> "
                         "(a.opening::json->>'balance')::numeric * 10000 + "
                         "(SELECT COALESCE(SUM(balance_delta), 0) FROM submeter_entries e "
                         "WHERE e.account = a.id) OR last_seq <> "
                         "(SELECT COALESCE(MAX(seq), 0) FROM submeter_entries e "
                         "WHERE e.account = a.id)")
        accounts = int(psql(pg, "SELECT COUNT(*) FROM submeter_accounts"))
    posted = [tuple(r.split("|")) for r in rows.splitlines()]
    # Exactly once: every key once, the keys are the due bills' keys under each site's accounts,
    # and a part billed again found its keys.
    assert len(posted) == len(set(posted))
    assert set(posted) == {(f"{s.name}/{k.rsplit('/', 1)[1]}", k) for s in sites
                           for k in due_keys(s)}
    postings = {e["site"]: e["postings"] for e in m["sites"]}
    for s in sites:
        p = postings[s.name]
        assert p["applied"] + p["duplicates"] == len(due_keys(s)), s.name
    assert {e["site"]: e["postings"] for e in again["sites"]} == {
        s.name: {"opened": 0, "applied": 0, "duplicates": len(due_keys(s))} for s in sites}
    assert accounts == sum(len(due(s)) for s in sites)
    assert wrong == "0"
    assert postings[small_site.name]["duplicates"] > 0, \
        "no part was posted twice: the kill came too late"
