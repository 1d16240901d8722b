"""The command ``python3 -m submeter.distributed bill DIR_OF_SITES --period P --out OUT
[--scheduler tcp://HOST:8786 | --workers N]``: every site under DIR_OF_SITES (each sub-directory
holding a site.json) billed on Dask into OUT/<site folder name>/bills-<P>.json, with a progress bar
on stderr and a manifest. Exit status 0 when every site was billed, 1 when a site's data are bad
(``submeter: error: <site>: <what>`` on stderr for each; the other sites are billed), 2 for bad
arguments or a scheduler that cannot be reached.
"""

import argparse
import decimal
import sys

from .. import _core
from . import bill_portfolio, find_sites


def _parser():
    ap = argparse.ArgumentParser(
        prog="python3 -m submeter.distributed",
        description="Bill many sites, or one huge site in parts, on a Dask cluster.")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser(
        "bill", help="Bill every site of a directory for a month",
        description="Bills every site under DIR_OF_SITES (each sub-directory holding a "
                    "site.json) into OUT/<site folder name>/bills-<P>.json, byte for byte what "
                    "`submeter bill SITE --period P --format json` prints, and writes "
                    "OUT/manifest-<P>.json.")
    b.add_argument("sites", metavar="DIR_OF_SITES", help="directory of site directories")
    b.add_argument("--period", required=True, help="billing month, YYYY-MM (e.g. 2026-07)")
    b.add_argument("--out", required=True, help="output directory")
    where = b.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:8786",
                       help="a running Dask scheduler (its workers need submeter installed and "
                            "the same files)")
    where.add_argument("--workers", type=int, metavar="N",
                       help="worker processes of a local cluster on 127.0.0.1 (default: one per "
                            "core)")
    b.add_argument("--parts", type=int, metavar="K",
                   help="bill every site in K parts (default: by size, see plan())")
    b.add_argument("--ledger", metavar="DIR|postgresql://URI",
                   help="post the bills, exactly once, to DIR/<site folder name>.sqlite, or to "
                        "one PostgreSQL database for every site (accounts <site folder "
                        "name>/<tenant id>; empty URI fields from the workers' PG* environment)")
    b.add_argument("--no-report", action="store_true",
                   help="leave out the site report (`submeter bill --no-report`)")
    bar = b.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show the progress bar even when stderr is not a terminal")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    return ap


def main(argv=None):
    """Runs the command; returns the exit status."""
    a = _parser().parse_args(argv)
    try:
        sites = find_sites(a.sites)
    except FileNotFoundError as e:
        print(f"submeter: error: {e}", file=sys.stderr)
        return 2
    if not sites:
        print(f"submeter: error: no site directory (with a site.json) in {a.sites}",
              file=sys.stderr)
        return 2
    if a.workers is not None and a.workers < 1:
        print("submeter: error: --workers must be at least 1", file=sys.stderr)
        return 2
    client = None
    if a.scheduler:
        try:
            from distributed import Client  # noqa: PLC0415
            client = Client(a.scheduler, timeout="10s")
        except (OSError, TimeoutError) as e:
            print(f"submeter: error: cannot reach the scheduler {a.scheduler}: {e}",
                  file=sys.stderr)
            return 2
    try:
        m = bill_portfolio(sites, a.period, a.out, client, parts=a.parts, ledger=a.ledger,
                           report=not a.no_report, workers=a.workers, progress=a.progress)
    except _core.Error as e:
        print(f"submeter: error: {e}", file=sys.stderr)
        return 1
    finally:
        if client is not None:
            client.close()
    total = sum((decimal.Decimal(e["total"]) for e in m["sites"] if "error" not in e),
                decimal.Decimal(0))
    print(f"billed {len(m['sites']) - m['failed']} of {len(m['sites'])} sites for {a.period}: "
          f"{m['bills']:,} bills, total {total:,.2f} ({m['tasks']} tasks on {m['workers']} "
          f"workers, {m['seconds']:.1f} s)")
    print(f"manifest: {a.out.rstrip('/')}/manifest-{a.period}.json")
    for e in m["sites"]:
        if "error" in e:
            print(f"submeter: error: {e['site']}: {e['error']['message']}", file=sys.stderr)
    return 1 if m["failed"] else 0
