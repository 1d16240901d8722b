"""`submeter read dlt645 tcp://…` (a DL/T 645-2007 meter behind a transparent TCP gateway) against
the simulated meter of the transport tests (tests/meters/transport/dlt645_sim.py, 127.0.0.1 and a
free port), with --store: the reading goes into the readings store, as `readings export` shows.
A link failure exits 2 and stores nothing."""
import json
import re
import subprocess

import pytest

from conftest import SOURCE, export, free_port, rows, submeter

SIM = SOURCE / "tests" / "meters" / "transport" / "dlt645_sim.py"
ENERGY = "1234.56,1.00,200.00,0.05,1033.51"  # total, T1 尖, T2 峰, T3 平, T4 谷


@pytest.fixture
def meter():
    """Starts the simulated meter (address 000000001234); yields a function of its options that
    returns the port."""
    started = []

    def start(*options):
        port = free_port()
        p = subprocess.Popen(["/usr/bin/python3", str(SIM), str(port), "000000001234", *options],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        started.append(p)
        assert p.stdout.readline().strip() == "ready", "the simulated meter did not start"
        return port

    yield start
    for p in started:
        p.terminate()
        p.wait(timeout=10)


@pytest.mark.parametrize("options", [("--energy", ENERGY), ("--energy", ENERGY, "--no-block")])
def test_a_read_is_stored_under_the_meter_id(tmp_path, meter, options):
    port = meter(*options)
    r = submeter("read", "dlt645", f"tcp://127.0.0.1:{port}", "--address", "000000001234",
                 "--store", tmp_path / "r.db", "--meter", "M-645")
    assert f"meter: DL/T 645 000000001234 at tcp://127.0.0.1:{port}\n" in r.stdout
    assert "total: 1234.56 kWh\n" in r.stdout
    assert re.search(r"stored in .*r\.db: 5 reads of meter M-645 at 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d "
                     r"\(stored 5, duplicates 0, conflicts 0\)\n$", r.stdout), r.stdout
    got = rows(export(tmp_path / "r.db"))
    assert len(got) == 1
    assert got[0][0] == "M-645" and got[0][2:] == ENERGY.split(",")


def test_without_meter_the_address_names_it_and_json_says_where(tmp_path, meter):
    port = meter("--energy", ENERGY)
    r = submeter("read", "dlt645", f"tcp://127.0.0.1:{port}", "--address", "AAAAAAAAAAAA",
                 "--store", tmp_path / "r.db", "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["address"] == "000000001234"
    assert doc["stored"].endswith("(stored 5, duplicates 0, conflicts 0)")
    assert [g[0] for g in rows(export(tmp_path / "r.db"))] == ["000000001234"]


def test_without_store_nothing_is_written(tmp_path, meter):
    port = meter("--energy", ENERGY)
    r = submeter("read", "dlt645", f"tcp://127.0.0.1:{port}", "--address", "000000001234",
                 cwd=tmp_path)
    assert "stored" not in r.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_meter_that_does_not_answer_exits_2_and_stores_nothing(tmp_path, meter):
    port = meter("--silent", "0001FF00")
    r = submeter("read", "dlt645", f"tcp://127.0.0.1:{port}", "--address", "000000001234",
                 "--timeout-ms", "300", "--retries", "0", "--store", tmp_path / "r.db",
                 check=False)
    assert r.returncode == 2 and r.stdout == "", r
    assert r.stderr.startswith("submeter: timeout"), r.stderr
    assert not (tmp_path / "r.db").exists()


def test_a_meter_without_energy_is_refused_and_stores_nothing(tmp_path, meter):
    port = meter("--no-energy")
    r = submeter("read", "dlt645", f"tcp://127.0.0.1:{port}", "--address", "000000001234",
                 "--store", tmp_path / "r.db", "--meter", "M-645", check=False)
    assert r.returncode == 1 and r.stdout == "", r
    assert r.stderr.startswith("submeter: error: invalid_argument: the meter sent no total"), r
    assert not (tmp_path / "r.db").exists()


def test_nobody_listening_exits_2(tmp_path):
    r = submeter("read", "dlt645", f"tcp://127.0.0.1:{free_port()}", "--address", "000000001234",
                 "--timeout-ms", "300", "--store", tmp_path / "r.db", check=False)
    assert r.returncode == 2 and r.stdout == "", r
    assert not (tmp_path / "r.db").exists()


def test_a_bad_address_is_refused(tmp_path):
    r = submeter("read", "dlt645", "tcp://127.0.0.1:1", "--address", "12345X", "--store",
                 tmp_path / "r.db", check=False)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.startswith("submeter: error: parse: not a meter address")
    assert not (tmp_path / "r.db").exists()
