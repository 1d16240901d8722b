"""Shared helpers of the issued-bills CLI tests (issue 22 #7-#10: bill numbers, tax lines, dry
run, date ranges and history): the CLI from SUBMETER_CLI, the sample site from
SUBMETER_SOURCE_DIR, set by tests/cli/CMakeLists.txt."""
import json
import os
import pathlib
import shutil
import subprocess

SOURCE = pathlib.Path(os.environ.get("SUBMETER_SOURCE_DIR",
                                     pathlib.Path(__file__).resolve().parents[3]))
SAMPLE = SOURCE / "examples" / "site"
DATA = SOURCE / "tests" / "data"
ALTERED = DATA / "issued-bills-2026-07-altered.json"
CLI = os.environ.get("SUBMETER_CLI", "")


def submeter(*argv, cwd=None, timeout=300, status=0):
    """Runs the CLI and requires exit `status` (and, for 0, an empty stderr). Returns the result."""
    assert CLI, "SUBMETER_CLI is not set: run these tests through ctest (label cli)"
    r = subprocess.run([CLI, *[str(a) for a in argv]], cwd=cwd, capture_output=True, text=True,
                       timeout=timeout)
    assert r.returncode == status, f"exit {r.returncode}, want {status}: {r.stderr}"
    if status == 0:
        assert r.stderr == "", r.stderr
    return r


def sample_copy(tmp_path):
    """A scratch copy of the sample site (site.json, readings, intervals, reactive data)."""
    dst = pathlib.Path(tmp_path) / "site"
    shutil.copytree(SAMPLE, dst, ignore=shutil.ignore_patterns("expected", "*.py"))
    return dst


def bills_json(*argv):
    return json.loads(submeter("bill", *argv, "--format", "json").stdout)
