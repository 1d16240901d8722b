"""submeter.distributed: bill a portfolio of sites, or one huge site in parts, on Dask.

    >>> from submeter import distributed
    >>> manifest = distributed.bill_portfolio(["examples/site"], "2026-07", "out",
    ...                                       client=distributed.serial)
    >>> manifest["sites"][0]["file"], manifest["sites"][0]["bills"]
    ('site/bills-2026-07.json', 40)

Each site's bills land in ``OUT/<site folder name>/bills-<P>.json``, byte for byte what
``submeter bill SITE --period P --format json`` prints, and a manifest in
``OUT/manifest-<P>.json`` lists every site with its counts, total and checksums
(:func:`verify` checks them). Small sites are billed whole, several to a task (a task should do
at least 0.2 s of work: the scheduler spends 0.2-1 ms on each); a big site is billed in parts
(consecutive ranges of its tenants): phase 1 per part computes the usage, a reduce computes the
site-wide totals (common areas and losses need every tenant), phase 2 per part bills with them,
and a last task joins the parts' bills and the site report into the file. The steps are
:mod:`submeter.site`'s (the C++ ``site/shard.hpp``), the same computation as one process.

With ``ledger=DIR`` every part posts its bills to ``DIR/<site folder name>.sqlite`` under the
bills' keys (``bill/<period>/<tenant>``), so a task that Dask runs again after its worker died
posts nothing twice. With ``ledger="postgresql://..."`` every worker posts to that one PostgreSQL
database instead, each site's accounts named ``<site folder name>/<tenant id>`` (sites' tenant ids
may repeat), under the same keys and with the same guarantee.

Dask is imported only when a cluster is used (``import submeter`` does not need it). Every worker
needs the same build of ``submeter`` installed (a compiled module cannot be shipped with
``Client.upload_file``), and the site directories and ``out_dir`` on a file system every worker
sees. ``python3 -m submeter.distributed bill DIR_OF_SITES --period P --out OUT`` is the command.
"""

import collections
import hashlib
import json
import math
import operator
import os
import pathlib
import pickle
import shutil
import sys
import threading
import time
import uuid

from .. import _core
from ..site import Quantities, ReportPart, load_site

__all__ = [
    "bill_portfolio",
    "find_sites",
    "main",
    "plan",
    "serial",
    "verify",
]

#: Pass as ``client`` to run every task in this process, in order, without Dask (for tests,
#: examples and the single-process baseline).
serial = "serial"

MANIFEST_FORMAT = "submeter-portfolio-v0"
# A site whose files are smaller than this is billed whole, several such sites to a task until a
# task holds this much (about 4,500 tenants: ≥ 0.2 s of work at ~50 µs a tenant).
BATCH_BYTES = 4 << 20
# A site whose files are larger than this is billed in parts of about this size (~55,000
# tenants); the number of parts is rounded up to a multiple of the workers.
PART_BYTES = 64 << 20
SITE_FILES = ("site.json", "readings.csv", "intervals.csv", "reactive.csv")


# ---- worker side: plain functions of an importable module (pybind11 objects cannot be pickled
# ---- as functions; the values passed between tasks pickle as bytes).

_lock = threading.Lock()
_sites = collections.OrderedDict()  # (dir, files' mtimes and sizes) -> Site, most recent last
_usage = collections.OrderedDict()  # (site key, period, part, parts) -> UsagePart
_SITES_KEPT = 2
_USAGE_KEPT = 64


def _site_key(site_dir):
    d = os.path.realpath(site_dir)
    stats = []
    for name in SITE_FILES:
        try:
            st = os.stat(os.path.join(d, name))
        except FileNotFoundError:
            continue
        stats.append((name, st.st_mtime_ns, st.st_size))
    return (d, tuple(stats))


def _site(site_dir):
    """The site at `site_dir`, loaded once per worker process while its files do not change."""
    key = _site_key(site_dir)
    with _lock:
        s = _sites.get(key)
        if s is not None:
            _sites.move_to_end(key)
            return s
    s = load_site(site_dir)  # releases the GIL
    with _lock:
        _sites[key] = s
        while len(_sites) > _SITES_KEPT:
            _sites.popitem(last=False)
    return s


def _forget():
    """Drops the worker's loaded sites and usage parts (run on every worker after a run)."""
    with _lock:
        _sites.clear()
        _usage.clear()


def _part_range(site, part, parts):
    ranges = site.split(parts)
    if part < len(ranges):
        return ranges[part]
    n = len(site.tenants)
    return (n, n)  # fewer tenants than parts: an empty part


def _hash_file(path, offset=0):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(offset)
        while True:
            block = f.read(1 << 20)
            if not block:
                break
            h.update(block)
    return h.hexdigest()


def _chunk(offset, data=None, path=None):
    """{offset, bytes, sha256} of bytes `data` or of the file `path`."""
    if data is not None:
        return {"offset": offset, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return {"offset": offset, "bytes": os.path.getsize(path), "sha256": _hash_file(path)}


def _checksum(chunks):
    """The site's checksum: SHA-256 of its chunks' SHA-256 hex digests, one per line."""
    return hashlib.sha256("".join(c["sha256"] + "\n" for c in chunks).encode()).hexdigest()


def _is_postgres_uri(ledger):
    """True when `ledger` names a PostgreSQL database (``postgresql://`` or ``postgres://``, as
    libpq spells its URIs) rather than a directory of SQLite files."""
    return isinstance(ledger, str) and ledger.startswith(("postgresql://", "postgres://"))


def _ledger_of(ledger, name):
    """Where a site's bills are posted: (ledger, account prefix) for the site folder `name`, or
    None without a ledger. A directory holds one SQLite file per site, whose accounts are the
    tenants' ids; one PostgreSQL database holds every site, so an account is
    ``<site folder name>/<tenant id>``."""
    if ledger is None:
        return None
    if _is_postgres_uri(ledger):
        return (ledger, name + "/")
    return (os.path.join(ledger, name + ".sqlite"), "")


def _post(bills_part, ledger):
    """Posts a part's bills to `ledger` ((where, account prefix) from _ledger_of, or a path)."""
    if ledger is None:
        return None
    if isinstance(ledger, (tuple, list)):
        where, prefix = ledger
        return bills_part.post(where, account_prefix=prefix)
    return bills_part.post(ledger)


def _add_postings(total, more):
    if more is None:
        return total
    total = dict(total or {"opened": 0, "applied": 0, "duplicates": 0})
    for k in total:
        total[k] += more[k]
    return total


def _temporary(path):
    return f"{path}.{uuid.uuid4().hex}.tmp"


def bill_whole_task(site_dir, period, out_file, ledger=None, report=True):
    """Bills a site in one part into `out_file` (written whole, then renamed into place); posts
    to `ledger` ((where, account prefix), or an SQLite file) when given. Returns the site's
    manifest entry."""
    t0 = time.perf_counter()
    site = _site(site_dir)
    usage = site.usage_part(period, 0, len(site.tenants))
    q = usage.quantities()
    totals = site.totals(period, q)
    (shares,) = totals.split_shares([q.billed])
    part = site.bill_part(period, usage, shares)
    tmp = _temporary(out_file)
    try:
        head = site.json_head(period)
        with open(tmp, "wb") as f:
            f.write(head)
        part.write_json(tmp, True, append=True)
        tail = site.json_tail(period, q, totals, part.report, report)
        with open(tmp, "ab") as f:
            f.write(tail)
        chunks = [_chunk(0, path=tmp)]
        os.replace(tmp, out_file)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    posted = _post(part, ledger)
    r = part.report
    return {"bills": r.bills, "total": str(r.total), "bytes": chunks[0]["bytes"],
            "chunks": chunks, "parts": 1, "postings": posted,
            "seconds": time.perf_counter() - t0}


def bill_batch_task(jobs, period, report=True):
    """bill_whole_task for each (site_dir, out_file, ledger) of `jobs`, in order: the task of
    several small sites. A site that fails gives {"error": ...} and the others go on."""
    out = []
    for site_dir, out_file, ledger in jobs:
        try:
            out.append(bill_whole_task(site_dir, period, out_file, ledger, report))
        except _core.Error as e:
            out.append({"error": _error_entry(e)})
    return out


def usage_task(site_dir, period, part, parts):
    """Phase 1 of part `part` of `parts`: the part's usage, kept in this worker for phase 2; returns
    its Quantities."""
    site = _site(site_dir)
    first, last = _part_range(site, part, parts)
    usage = site.usage_part(period, first, last)
    with _lock:
        _usage[(_site_key(site_dir), period, part, parts)] = usage
        while len(_usage) > _USAGE_KEPT:
            _usage.popitem(last=False)
    return usage.quantities()


def reduce_task(site_dir, period, quantities):
    """The reduce: the parts' Quantities joined, the site's Totals, and each part's Shares.
    Returns [(joined quantities, totals), (shares, first) for each part], `first` true for the
    part whose bills come first in the file."""
    site = _site(site_dir)
    joined = Quantities.join(list(quantities))
    totals = site.totals(period, joined)
    counts = [q.billed for q in quantities]
    shares = totals.split_shares(counts)
    out = [(joined, totals)]
    before = 0
    for n, s in zip(counts, shares):
        out.append((s, before == 0))
        before += n
    return out


def bill_part_task(site_dir, period, part, parts, shares_first, parts_dir, ledger=None):
    """Phase 2 of part `part` of `parts`: bills it (with the usage phase 1 kept in this worker, or
    computed again when phase 1 ran elsewhere), writes its bills to `parts_dir`, posts them to
    `ledger` ((where, account prefix), or an SQLite file) when given. Returns its ReportPart and
    what it wrote."""
    t0 = time.perf_counter()
    shares, first = shares_first
    # Site.bill_part consumes its Shares, and Dask hands a task the very object it keeps in the
    # worker's memory: a task run again there (after another worker died) would get it emptied
    # ("shares for another number of tenants [shares=0]"). So the task bills a copy.
    shares = pickle.loads(pickle.dumps(shares, protocol=pickle.HIGHEST_PROTOCOL))
    site = _site(site_dir)
    with _lock:
        usage = _usage.pop((_site_key(site_dir), period, part, parts), None)
    if usage is None:
        first_t, last_t = _part_range(site, part, parts)
        usage = site.usage_part(period, first_t, last_t)
    billed = site.bill_part(period, usage, shares)
    path = os.path.join(parts_dir, f"part-{part:05d}-of-{parts:05d}.json")
    tmp = _temporary(path)
    try:
        billed.write_json(tmp, first)
        digest = _hash_file(tmp)
        size = os.path.getsize(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return {"report": billed.report, "path": path, "bytes": size, "sha256": digest,
            "postings": _post(billed, ledger), "seconds": time.perf_counter() - t0}


def finish_task(site_dir, period, summary, billed_parts, out_file, report=True):
    """The last task of a site billed in parts: the head, every part's bills in order and the tail
    (total and site report) written into `out_file`. Returns the site's manifest entry."""
    t0 = time.perf_counter()
    site = _site(site_dir)
    joined, totals = summary
    folded = ReportPart.join([b["report"] for b in billed_parts])
    head = site.json_head(period)
    tail = site.json_tail(period, joined, totals, folded, report)
    chunks = [_chunk(0, data=head)]
    offset = len(head)
    tmp = _temporary(out_file)
    try:
        with open(tmp, "wb") as out:
            out.write(head)
            for b in billed_parts:
                if b["bytes"] == 0:
                    continue
                with open(b["path"], "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 22)
                chunks.append({"offset": offset, "bytes": b["bytes"], "sha256": b["sha256"]})
                offset += b["bytes"]
            out.write(tail)
        chunks.append(_chunk(offset, data=tail))
        os.replace(tmp, out_file)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    postings = None
    for b in billed_parts:
        postings = _add_postings(postings, b["postings"])
    return {"bills": folded.bills, "total": str(folded.total), "bytes": offset + len(tail),
            "chunks": chunks, "parts": len(billed_parts), "postings": postings,
            "seconds": time.perf_counter() - t0}


def _error_entry(e):
    context = getattr(e, "context", None)
    return {"code": getattr(e, "code", type(e).__name__), "message": str(e),
            "context": dict(context) if isinstance(context, dict) else {}}


# ---- client side

def find_sites(directory):
    """The site directories under `directory`: its sub-directories holding a site.json, by name."""
    root = pathlib.Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"not a directory: {root}")
    return [str(p) for p in sorted(root.iterdir()) if (p / "site.json").is_file()]


def _size(site_dir):
    total = 0
    for name in SITE_FILES:
        p = os.path.join(site_dir, name)
        if os.path.exists(p):
            total += os.path.getsize(p)
    return total


def plan(sites, workers=1, parts=None, batch_bytes=BATCH_BYTES, part_bytes=PART_BYTES):
    """How `sites` are cut into tasks: a list of ("batch", [site, ...]) and ("parts", site, k),
    in the sites' order. A site given a number of parts (`parts`: an int for every site, or a
    {site folder name: int}) is billed in that many; otherwise a site larger than `part_bytes`
    (its files' bytes) is billed in ceil(bytes / part_bytes) parts rounded up to a multiple of
    `workers`, and smaller sites are billed whole, as many to a task as fit in `batch_bytes`."""
    out, batch, batch_size = [], [], 0

    def flush():
        nonlocal batch, batch_size
        if batch:
            out.append(("batch", batch))
        batch, batch_size = [], 0

    for s in sites:
        name = os.path.basename(os.path.normpath(s))
        k = parts.get(name) if isinstance(parts, dict) else parts
        size = _size(s)
        if k is None and size > part_bytes:
            k = math.ceil(size / part_bytes)
            k = math.ceil(k / max(1, workers)) * max(1, workers)
        if k is not None and k > 1:
            flush()
            out.append(("parts", s, int(k)))
            continue
        if batch and batch_size + size > batch_bytes:
            flush()
        batch.append(s)
        batch_size += size
    flush()
    return out


class _Serial:
    """The Dask calls bill_portfolio makes, run at once in this process (client=serial)."""

    class _Done:
        def __init__(self, fn, args, kwargs):
            self.value, self.error = None, None
            try:
                self.value = fn(*[self._arg(a) for a in args], **kwargs)
            except Exception as e:  # noqa: BLE001 (kept, raised by result())
                self.error = e

        @classmethod
        def _arg(cls, a):
            if isinstance(a, cls):
                return a.result()  # an upstream error fails this task too, as in Dask
            if isinstance(a, (list, tuple)):
                return type(a)(cls._arg(x) for x in a)
            return a

        def result(self):
            if self.error is not None:
                raise self.error
            return self.value

    def submit(self, fn, *args, workers=None, allow_other_workers=False, pure=True, **kwargs):
        del workers, allow_other_workers, pure
        return self._Done(fn, args, kwargs)

    def workers(self):
        return ["serial"]


def _workers_of(client):
    if isinstance(client, _Serial):
        return client.workers()
    return sorted(client.scheduler_info()["workers"])


def _as_completed(futures, client):
    if isinstance(client, _Serial):
        return list(futures)
    from distributed import as_completed  # noqa: PLC0415 (Dask only when used)
    return as_completed(futures)


class _Progress:
    """A bar on stderr like the CLI's, shown when stderr is a terminal (or when forced)."""

    def __init__(self, total, show):
        self.total, self.done = total, 0
        self.on = sys.stderr.isatty() if show is None else bool(show)

    def step(self):
        self.done += 1
        if not self.on or self.total == 0:
            return
        width = 40
        filled = self.done * width // self.total
        pct = self.done * 100 // self.total
        sys.stderr.write(f"\rbilling [{'#' * filled}{'.' * (width - filled)}] {pct:3d}% "
                         f"{self.done}/{self.total} tasks")
        sys.stderr.flush()

    def close(self):
        if self.on and self.total:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _local_cluster(workers):
    import dask  # noqa: PLC0415
    from distributed import Client, LocalCluster  # noqa: PLC0415
    n = workers or os.cpu_count() or 1
    # No dashboard; the scheduler's HTTP endpoints on 127.0.0.1, on a free port. The Active Memory
    # Manager off (docs/scale-out.md "A worker lost on Dask 2022.12"): a worker process that dies
    # (and is restarted by its nanny) must not leave the run waiting for ever.
    with dask.config.set({"distributed.scheduler.active-memory-manager.start": False}):
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None,
                               scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    return Client(cluster), cluster


def bill_portfolio(sites, period, out_dir, client=None, *, parts=None, ledger=None, report=True,
                   workers=None, progress=None, batch_bytes=BATCH_BYTES, part_bytes=PART_BYTES):
    """Bills every site of `sites` (site directories) for `period` ("YYYY-MM") on a Dask cluster
    and writes ``out_dir/<site folder name>/bills-<period>.json`` for each (what ``submeter bill
    SITE --period P --format json`` prints, the site report included unless report=False) and
    ``out_dir/manifest-<period>.json``. Returns the manifest: per site its file, bills, total,
    bytes, chunks ({offset, bytes, sha256} of what each task wrote) and checksum (SHA-256 of the
    chunks' digests, one per line), parts, postings, or its error.

    `client`: a ``distributed.Client``; None starts a LocalCluster on 127.0.0.1 with `workers`
    worker processes (default: one per core) and closes it afterwards; :data:`serial` runs the
    tasks in this process. `parts`: parts per site (an int, or {site folder name: int}); by
    default see :func:`plan`. `ledger`: a directory, each site's bills then posted exactly once
    to ``ledger/<site folder name>.sqlite``; or a ``postgresql://`` URI (empty fields from each
    worker's ``PG*`` environment), every site's bills then posted exactly once to that database,
    to the accounts ``<site folder name>/<tenant id>``. `progress`: a bar on stderr (default:
    when stderr is a terminal). Refuses (ValueError) two sites with the same folder name."""
    t0 = time.perf_counter()
    sites = [str(s) for s in sites]
    names = [os.path.basename(os.path.normpath(s)) for s in sites]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"two sites have the same folder name: {', '.join(dup)}")
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if ledger is not None and not _is_postgres_uri(str(ledger)):
        ledger = str(ledger)
        pathlib.Path(ledger).mkdir(parents=True, exist_ok=True)
    own = None
    if client is None:
        client, own = _local_cluster(workers)
    elif client == serial:
        client = _Serial()
    started = time.perf_counter()
    try:
        manifest = _run(client, sites, names, period, out_dir, parts, ledger, report, progress,
                        batch_bytes, part_bytes)
    finally:
        if own is not None:
            client.close()
            own.close()
        elif not isinstance(client, _Serial):
            client.run(_forget)
    manifest["seconds"] = round(time.perf_counter() - t0, 3)
    manifest["startup_seconds"] = round(started - t0, 3)
    path = out_dir / f"manifest-{period}.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _run(client, sites, names, period, out_dir, parts, ledger, report, progress, batch_bytes,
         part_bytes):
    workers = _workers_of(client)
    tasks = plan(sites, len(workers), parts, batch_bytes, part_bytes)
    name_of = dict(zip(sites, names))
    entries = {}
    pending = {}  # future -> (kind, payload)
    bar = _Progress(sum(1 if t[0] == "batch" else 2 * t[2] + 2 for t in tasks), progress)

    def site_out(s):
        d = out_dir / name_of[s]
        d.mkdir(parents=True, exist_ok=True)
        return d

    def ledger_of(s):
        return _ledger_of(ledger, name_of[s])

    for t in tasks:
        if t[0] == "batch":
            jobs = [(s, str(site_out(s) / f"bills-{period}.json"), ledger_of(s)) for s in t[1]]
            f = client.submit(bill_batch_task, jobs, period, report, pure=False)
            pending[f] = ("batch", t[1])
            continue
        _, s, k = t
        d = site_out(s)
        parts_dir = d / f".parts-{period}"
        parts_dir.mkdir(exist_ok=True)
        # A part's two phases prefer one worker (phase 2 then finds phase 1's usage in memory);
        # any worker may take them when that one is gone.
        where = [[workers[i % len(workers)]] for i in range(k)]
        us = [client.submit(usage_task, s, period, i, k, workers=where[i],
                            allow_other_workers=True, pure=False) for i in range(k)]
        red = client.submit(reduce_task, s, period, us, pure=False)
        items = [client.submit(operator.getitem, red, i, pure=False) for i in range(k + 1)]
        bills = [client.submit(bill_part_task, s, period, i, k, items[i + 1], str(parts_dir),
                               ledger_of(s), workers=where[i], allow_other_workers=True,
                               pure=False) for i in range(k)]
        fin = client.submit(finish_task, s, period, items[0], bills,
                            str(d / f"bills-{period}.json"), report, pure=False)
        for f in us + bills:
            pending[f] = ("step", s)
        pending[red] = ("step", s)
        pending[fin] = ("parts", (s, parts_dir))
    errors = {}
    for f in _as_completed(list(pending), client):
        kind, payload = pending.pop(f)
        bar.step()
        try:
            value = f.result()
        except Exception as e:  # noqa: BLE001 (reported per site)
            failed = {"batch": lambda: payload, "step": lambda: [payload],
                      "parts": lambda: [payload[0]]}[kind]()
            for s in failed:
                errors.setdefault(s, _error_entry(e))
            continue
        if kind == "batch":
            for s, v in zip(payload, value):
                if "error" in v:
                    errors.setdefault(s, v["error"])
                else:
                    entries[s] = v
        elif kind == "parts":
            s, parts_dir = payload
            entries[s] = value
            shutil.rmtree(parts_dir, ignore_errors=True)
    bar.close()
    out_sites = []
    for s in sites:
        e = {"site": name_of[s], "dir": s, "file": f"{name_of[s]}/bills-{period}.json"}
        if s in errors:
            e["error"] = errors[s]
        else:
            v = dict(entries[s])
            v["checksum"] = _checksum(v["chunks"])
            e.update(v)
        out_sites.append(e)
    ok = [e for e in out_sites if "error" not in e]
    return {
        "format": MANIFEST_FORMAT,
        "period": period,
        "workers": len(workers),
        "tasks": bar.total,
        "sites": out_sites,
        "bills": sum(e["bills"] for e in ok),
        "failed": len(out_sites) - len(ok),
    }


def verify(manifest_path):
    """Checks every site file a manifest lists against its bytes and chunk checksums; returns a
    list of problems (empty when every file is as written)."""
    manifest_path = pathlib.Path(manifest_path)
    m = json.loads(manifest_path.read_text(encoding="utf-8"))
    problems = []
    for e in m["sites"]:
        if "error" in e:
            continue
        path = manifest_path.parent / e["file"]
        if not path.exists():
            problems.append(f"{e['file']}: missing")
            continue
        if path.stat().st_size != e["bytes"]:
            problems.append(f"{e['file']}: {path.stat().st_size} bytes, the manifest says "
                            f"{e['bytes']}")
            continue
        with open(path, "rb") as f:
            for c in e["chunks"]:
                f.seek(c["offset"])
                h = hashlib.sha256()
                left = c["bytes"]
                while left:
                    block = f.read(min(left, 1 << 20))
                    if not block:
                        break
                    h.update(block)
                    left -= len(block)
                if h.hexdigest() != c["sha256"]:
                    problems.append(f"{e['file']}: bytes {c['offset']}..{c['offset'] + c['bytes']}"
                                    " differ from the manifest")
        if _checksum(e["chunks"]) != e["checksum"]:
            problems.append(f"{e['file']}: the checksum is not that of its chunks")
    return problems


def main(argv=None):
    """``python3 -m submeter.distributed bill DIR_OF_SITES --period P --out OUT [--scheduler
    tcp://HOST:8786 | --workers N]``; returns the exit status."""
    from .cli import main as cli_main  # noqa: PLC0415
    return cli_main(argv)
