"""The meter-data commands on a PostgreSQL readings store (issue 20): `ingest file`, `readings
export|conflicts` and `vee` take a postgresql:// URI for --store and give the same output as on
an SQLite file. One throw-away server for the module (tests/support/pg_server.py), a fresh
database per test; a server that cannot start fails the tests."""
import itertools
import subprocess
import sys

import pytest

from conftest import GATEWAYS, SITES, SOURCE, export, rows, submeter

sys.path.insert(0, str(SOURCE / "tests" / "support"))
import pg_server  # noqa: E402

_numbers = itertools.count()


@pytest.fixture(scope="module")
def server():
    with pg_server.server() as info:
        yield info


@pytest.fixture
def store(server):
    """A postgresql:// URI of a fresh, empty database."""
    name = f"cli_{next(_numbers)}"
    subprocess.run([f"{pg_server.BIN}/psql", "-h", server["host"], "-p", str(server["port"]),
                    "-U", server["user"], "-d", "postgres", "-c", f"CREATE DATABASE {name}"],
                   check=True, capture_output=True, env=pg_server._server_env())
    return pg_server.uri(server, name)


def test_ingest_export_and_conflicts_as_on_sqlite(store, work):
    good = SITES / "good" / "readings.csv"
    on_sqlite = submeter("ingest", "file", good, "--store", work / "r.db").stdout
    first = submeter("ingest", "file", good, "--store", store).stdout
    assert first == on_sqlite.replace(str(work / "r.db"), store)
    assert first.endswith("(readings): 12 reads, stored 12, duplicates 0, conflicts 0\n")
    again = submeter("ingest", "file", good, "--store", store).stdout
    assert again.endswith("(readings): 12 reads, stored 0, duplicates 12, conflicts 0\n")
    assert export(store) == good.read_text(encoding="utf-8")
    assert export(store, "--meter", "M-2", "--from", "2026-07-01T00:00") == \
        export(work / "r.db", "--meter", "M-2", "--from", "2026-07-01T00:00")
    (work / "other.csv").write_text("meter_id,time,total\nM-1,2026-07-01T00:00,1000.01\n",
                                    encoding="utf-8")
    out = submeter("ingest", "file", work / "other.csv", "--store", store).stdout
    assert out.endswith("1 reads, stored 0, duplicates 0, conflicts 1\n")
    assert submeter("readings", "conflicts", "--store", store).stdout.splitlines() == [
        "meter_id,register,time,stored,stored_source,offered,offered_source",
        "M-1,0,2026-07-01T00:00:00,1000.00,file,1000.01,file"]


def test_vee_reads_a_backlog_as_on_sqlite(store, work):
    backlog = GATEWAYS / "acrel-backlog.txt"
    submeter("ingest", "file", backlog, "--format", "acrel", "--store", work / "r.db")
    first = submeter("ingest", "file", backlog, "--format", "acrel", "--store", store).stdout
    assert "194 reads, stored 194, duplicates 0, conflicts 0" in first
    assert len(rows(export(store))) == 194
    on_sqlite = submeter("vee", work / "r.db", "--period", "2026-07").stdout
    assert submeter("vee", store, "--period", "2026-07").stdout == on_sqlite
    assert "VEE-3 rollover (info) 12209263660012" in on_sqlite


def test_an_unreachable_server_is_a_located_error_and_no_password_is_shown():
    port = pg_server._free_port()
    r = submeter("readings", "export", "--store",
                 f"postgresql://u:s3cret@127.0.0.1:{port}/db?connect_timeout=5", check=False)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.startswith("submeter: error: not_found: cannot connect to the PostgreSQL server")
    assert f"127.0.0.1:{port}/db" in r.stderr and "s3cret" not in r.stderr
    r = submeter("ingest", "file", SITES / "good" / "readings.csv", "--store",
                 "postgresql://u@127.0.0.1:notaport/db", check=False)
    assert r.returncode == 1 and r.stderr.startswith("submeter: error: parse:")
