"""Shared helpers of the meter-data CLI tests (`submeter ingest`, `readings`, `vee`, `read dlt645`):
the CLI from SUBMETER_CLI, the fixtures from SUBMETER_SOURCE_DIR, set by tests/cli/CMakeLists.txt."""
import os
import pathlib
import socket
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("SUBMETER_SOURCE_DIR",
                                     pathlib.Path(__file__).resolve().parents[3]))
DATA = SOURCE / "tests" / "data"
GATEWAYS = DATA / "gateways"
SITES = DATA / "sites"
CLI = os.environ.get("SUBMETER_CLI", "")


def submeter(*argv, cwd=None, timeout=120, check=True):
    """Runs the CLI; with `check`, requires exit 0 and an empty stderr. Returns the result (text)."""
    assert CLI, "SUBMETER_CLI is not set: run these tests through ctest (label cli)"
    r = subprocess.run([CLI, *[str(a) for a in argv]], cwd=cwd, capture_output=True, text=True,
                       timeout=timeout)
    if check:
        assert r.returncode == 0, f"exit {r.returncode}: {r.stderr}"
    return r


def free_port():
    """A TCP port on 127.0.0.1 nobody listens on (closed again before it is returned)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def export(store, *extra):
    """`submeter readings export --store STORE` as text."""
    return submeter("readings", "export", "--store", store, *extra).stdout


def rows(csv_text):
    """readings.csv text → its data rows (header dropped), as lists of cells."""
    lines = csv_text.splitlines()
    return [line.split(",") for line in lines[1:] if line]


@pytest.fixture
def work(tmp_path):
    return tmp_path
