#!/usr/bin/env python3
"""A throw-away PostgreSQL 15 server for tests (issue 20), used by the C++ tests
(tests/support/pg_server.hpp runs this script) and importable by Python tests.

    pg_server.py start [--owner PID]   -> prints one JSON line {dir, port, host, user, conninfo}
    pg_server.py stop-immediate DIR    -> pg_ctl stop -m immediate (a crash; data kept)
    pg_server.py restart DIR           -> starts the stopped server again on its port
    pg_server.py remove DIR            -> stops the server (immediate) and deletes DIR
    pg_server.py run CMD ARG...        -> runs CMD with a server: @PG_URI@ in its arguments
                                          becomes the server's URI, PGHOST/PGPORT/PGUSER/
                                          PGDATABASE are set; exits with CMD's status

The cluster lives in a fresh temporary directory, listens on 127.0.0.1 only, on a free port,
with a Unix socket inside the directory (never the system's /var/run/postgresql), trust
authentication for the superuser "submeter", and fsync off (a test server: an immediate stop is a
process crash, and the WAL in the OS page cache survives it, so crash recovery is still real).

initdb and postgres refuse to run as root, and tests run as root in CI: as root every server
command runs as the `postgres` user (`runuser -u postgres --`), in a directory owned by it. With
--owner PID a watcher process removes the server when that process is gone, so a test killed
half-way leaves no server behind. Any failure exits non-zero with the server's log on stderr:
the test that asked for the server fails, it is never skipped.
"""

import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("SUBMETER_PG_BIN", "/usr/lib/postgresql/15/bin")
USER = "submeter"


def _as_server_user(argv):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + argv
    return argv


def _server_env():
    # The Python tests run under an ASan build with libasan preloaded (tests/python/CMakeLists.txt):
    # the server's programs must not inherit that.
    return {k: v for k, v in os.environ.items()
            if k not in ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")}


def _run(argv, **kw):
    # The server's programs run in the temporary directory, not in the caller's (a build tree the
    # postgres user may not be allowed to enter).
    kw.setdefault("cwd", tempfile.gettempdir())
    return subprocess.run(_as_server_user(argv), check=True, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=_server_env(), timeout=300, **kw)


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _info(d):
    with open(os.path.join(d, "port")) as f:
        port = int(f.read())
    return {"dir": d, "port": port, "host": "127.0.0.1", "user": USER,
            "conninfo": f"host=127.0.0.1 port={port} user={USER} dbname=postgres"}


def _pg_ctl_start(d, port):
    opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {d}/sock -c fsync=off "
            "-c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB")
    _run([f"{BIN}/pg_ctl", "-D", f"{d}/data", "-l", f"{d}/log", "-o", opts, "-w", "-t", "60",
          "start"])


def _log_tail(d):
    try:
        with open(os.path.join(d, "log")) as f:
            return f.read()[-4000:]
    except OSError:
        return ""


def start(owner=None):
    d = tempfile.mkdtemp(prefix="submeter-pg-")
    try:
        os.mkdir(os.path.join(d, "sock"))
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")  # KeyError: the postgresql package is not installed
            for p in (d, os.path.join(d, "sock")):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        _run([f"{BIN}/initdb", "-D", f"{d}/data", "-A", "trust", "-U", USER, "-E", "UTF8",
              "--locale=C", "--no-sync"])
        last = None
        for _ in range(5):  # another process may take the free port between probe and bind
            port = _free_port()
            with open(os.path.join(d, "port"), "w") as f:
                f.write(str(port))
            try:
                _pg_ctl_start(d, port)
                break
            except subprocess.CalledProcessError as e:
                last = e
        else:
            raise last
    except BaseException as e:  # report, clean up, fail (a timeout or an interrupt too)
        out = getattr(e, "output", "") or ""
        log = _log_tail(d)
        remove(d)
        raise RuntimeError(f"pg_server: cannot start a PostgreSQL server: {e}\n{out}\n{log}") from e
    if owner:
        subprocess.Popen([sys.executable, os.path.abspath(__file__), "watch", d, str(owner)],
                         env=_server_env(),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    return _info(d)


def stop_immediate(d):
    _run([f"{BIN}/pg_ctl", "-D", f"{d}/data", "-m", "immediate", "-w", "stop"])


def restart(d):
    _pg_ctl_start(d, _info(d)["port"])


def remove(d):
    if os.path.isdir(os.path.join(d, "data")):
        subprocess.run(_as_server_user([f"{BIN}/pg_ctl", "-D", f"{d}/data", "-m", "immediate",
                                        "-w", "stop"]),
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=_server_env(), cwd=tempfile.gettempdir())
    shutil.rmtree(d, ignore_errors=True)


def watch(d, owner):
    # Runs detached: removes the server once its owner has exited (normally the owner removes it
    # first, and this exits when the directory is gone).
    while os.path.isdir(d):
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            remove(d)
            return
        time.sleep(1)


class server:
    """A server for a Python test: `with pg_server.server() as s: s["conninfo"]`."""

    def __enter__(self):
        self.info = start()
        return self.info

    def __exit__(self, *exc):
        remove(self.info["dir"])


def uri(info, db="postgres"):
    return f"postgresql://{info['user']}@{info['host']}:{info['port']}/{db}"


def run(cmd):
    info = start(owner=os.getpid())
    try:
        env = dict(os.environ, PGHOST=info["host"], PGPORT=str(info["port"]), PGUSER=info["user"],
                   PGDATABASE="postgres")
        return subprocess.run([a.replace("@PG_URI@", uri(info)) for a in cmd], env=env).returncode
    finally:
        remove(info["dir"])


def main(argv):
    if len(argv) >= 3 and argv[1] == "run":
        sys.exit(run(argv[2:]))
    elif len(argv) >= 2 and argv[1] == "start":
        owner = int(argv[3]) if len(argv) >= 4 and argv[2] == "--owner" else None
        try:
            print(json.dumps(start(owner)), flush=True)
        except RuntimeError as e:
            sys.stderr.write(f"{e}\n")
            sys.exit(1)
    elif len(argv) == 3 and argv[1] in ("stop-immediate", "restart", "remove"):
        try:
            {"stop-immediate": stop_immediate, "restart": restart, "remove": remove}[argv[1]](argv[2])
        except subprocess.CalledProcessError as e:
            sys.stderr.write(f"pg_server: {argv[1]} failed: {e}\n{e.output}\n{_log_tail(argv[2])}\n")
            sys.exit(1)
    elif len(argv) == 4 and argv[1] == "watch":
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        watch(argv[2], int(argv[3]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
