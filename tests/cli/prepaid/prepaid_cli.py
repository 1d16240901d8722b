"""What the `cli.prepaid_*` tests (tests/cli/prepaid/test_*.py) share: the `submeter` program
ctest built (SUBMETER_CLI) and the test sites of tests/data/sites."""
import json
import os
import pathlib
import subprocess

SOURCE = pathlib.Path(__file__).resolve().parents[3]
SITES = SOURCE / "tests" / "data" / "sites"


def cli(*argv, ok=True):
    """Runs `submeter argv…` (paths and numbers as text); with `ok`, asserts it exited 0 and wrote
    nothing to stderr. Returns the subprocess.CompletedProcess (stdout, stderr, returncode)."""
    exe = os.environ.get("SUBMETER_CLI", "")
    assert exe, "SUBMETER_CLI is not set: run the cli.prepaid_* tests through ctest"
    r = subprocess.run([exe, *[str(a) for a in argv]], capture_output=True, text=True, timeout=120)
    if ok:
        assert r.returncode == 0 and r.stderr == "", r.stderr
    return r


def stdout_of(*argv):
    """cli(argv…) that must succeed: its standard output."""
    return cli(*argv).stdout


def live_json(site, db, readings=None):
    """`prepaid run SITE --db DB --readings FILE --format json` (FILE: the site's
    live-2026-07.csv unless given), parsed."""
    readings = readings if readings is not None else pathlib.Path(site) / "live-2026-07.csv"
    return json.loads(stdout_of("prepaid", "run", site, "--db", db, "--readings", readings,
                                "--format", "json"))
