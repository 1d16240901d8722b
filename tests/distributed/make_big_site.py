#!/usr/bin/python3
"""The fixtures of the `distributed` tests: a generated site (examples/site/generate.py --tenants N
--no-intervals; N = 20,000 by default) in OUT, and what `submeter bill OUT --period 2026-07
--format json` prints for it in OUT/expected-2026-07.json (the reference of every distributed run).

    make_big_site.py --source SOURCE_DIR --cli SUBMETER [--tenants N] OUT
"""
import argparse
import pathlib
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True, type=pathlib.Path)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--tenants", type=int, default=20000)
    ap.add_argument("out", type=pathlib.Path)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(a.source / "examples" / "site" / "generate.py"),
                    "--tenants", str(a.tenants), "--no-intervals", "--out", str(a.out)],
                   check=True, stdout=subprocess.DEVNULL)
    with open(a.out / "expected-2026-07.json", "wb") as f:
        subprocess.run([a.cli, "bill", str(a.out), "--period", "2026-07", "--format", "json"],
                       check=True, stdout=f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
