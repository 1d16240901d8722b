"""`submeter ingest mqtt` against a real mosquitto broker on 127.0.0.1 and a free port, started and
stopped by the test (Debian `mosquitto` and `mosquitto-clients`, installed by .ci/setup; missing,
the test FAILS). The subscriber starts before the broker (it backs off and connects), the broker
is restarted mid-stream, the subscriber is stopped with SIGTERM while messages keep coming (the
broker queues them for its persistent session) and started again, and the Acrel `hstdata`
backlog is published twice: every reading is stored exactly once, the same rows `ingest file`
stores from the same backlog."""
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

from conftest import CLI, GATEWAYS, export, free_port, rows, submeter

MOSQUITTO = shutil.which("mosquitto") or ("/usr/sbin/mosquitto"
                                          if os.path.exists("/usr/sbin/mosquitto") else None)
MOSQUITTO_PUB = shutil.which("mosquitto_pub")
TOPIC_FILTER = "/gw/acrelHW/#"


def require_broker():
    assert MOSQUITTO, "mosquitto is not installed (Debian package mosquitto): run .ci/setup"
    assert MOSQUITTO_PUB, "mosquitto_pub is not installed (mosquitto-clients): run .ci/setup"


class Broker:
    """mosquitto on 127.0.0.1:port with persistence in `folder` (kept across restarts)."""

    def __init__(self, folder, port):
        self.port = port
        self.conf = folder / "mosquitto.conf"
        (folder / "data").mkdir(exist_ok=True)
        self.conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n"
                             f"persistence true\npersistence_location {folder / 'data'}/\n"
                             f"log_dest file {folder / 'mosquitto.log'}\n", encoding="utf-8")
        self.process = None

    def start(self):
        self.process = subprocess.Popen([MOSQUITTO, "-c", str(self.conf)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "mosquitto exited at start"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("mosquitto did not listen within 10 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class Subscriber:
    """`submeter ingest mqtt` in the background; its stderr lines collected as they come."""

    def __init__(self, port, store, *extra):
        self.process = subprocess.Popen(
            [CLI, "ingest", "mqtt", "--broker", f"mqtt://127.0.0.1:{port}", "--topic",
             TOPIC_FILTER, "--store", str(store), "--client-id", "submeter-test",
             "--reconnect-max-ms", "400", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text, count=1, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(text in line for line in self.lines) >= count:
                return
            assert self.process.poll() is None, f"the subscriber exited: {self.lines}"
            time.sleep(0.05)
        raise AssertionError(f"no {count} x {text!r} in the subscriber's log: {self.lines}")

    def finish(self, timeout=60):
        out = self.process.stdout.read()
        self.process.wait(timeout=timeout)
        self.reader.join(timeout=5)
        return self.process.returncode, out


def publish(port, messages):
    """Publishes (topic, payload) pairs with QoS 1, one mosquitto_pub per run of one topic."""
    i = 0
    while i < len(messages):
        topic = messages[i][0]
        j = i
        while j < len(messages) and messages[j][0] == topic:
            j += 1
        body = "".join(payload + "\n" for _, payload in messages[i:j])
        subprocess.run([MOSQUITTO_PUB, "-h", "127.0.0.1", "-p", str(port), "-q", "1", "-t", topic,
                        "-l"], input=body, text=True, check=True, timeout=60)
        i = j


def backlog():
    out = []
    for line in (GATEWAYS / "acrel-backlog.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            topic, _, payload = line.partition(" ")
            out.append((topic, payload))
    return out


def wait_rows(store, n, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if store.exists() and len(rows(export(store))) >= n:
            return
        time.sleep(0.1)
    got = len(rows(export(store))) if store.exists() else 0
    raise AssertionError(f"{got} rows stored, want {n}")


def test_every_reading_is_stored_once_through_restarts_and_a_replayed_backlog(tmp_path):
    require_broker()
    messages = backlog()
    reads = sum(1 for t, _ in messages if "/hstdata/" in t)
    assert reads == 194
    half = len(messages) // 2
    port = free_port()
    broker = Broker(tmp_path, port)
    store = tmp_path / "mqtt.db"
    first = Subscriber(port, store)
    try:
        # the broker is not up yet: the subscriber backs off and retries
        first.wait_for("cannot connect to 127.0.0.1")
        broker.start()
        first.wait_for("subscribed")
        publish(port, messages[:half] + [(messages[1][0], "not json at all")])
        first.wait_for("malformed message on")
        wait_rows(store, len([m for m in messages[:half] if "/hstdata/" in m[0]]))
        # the broker goes away mid-stream and comes back (its persistence keeps the session)
        broker.stop()
        first.wait_for("connection lost")
        broker.start()
        first.wait_for("subscribed", count=2)
        publish(port, messages[half:half + 40])
        wait_rows(store, len([m for m in messages[:half + 40] if "/hstdata/" in m[0]]))
        # the subscriber stops cleanly on SIGTERM; what comes meanwhile is queued for it (QoS 1)
        first.process.send_signal(signal.SIGTERM)
        rc, out = first.finish()
        assert rc == 0, first.lines
        assert "stopped (stop requested); connects 2, connection losses 1" in out
        assert "malformed 1" in out
        publish(port, messages[half + 40:])
        publish(port, messages)  # the gateway resends its whole backlog
        second = Subscriber(port, store, "--idle", "3")
        rc, out = second.finish()
        assert rc == 0, second.lines
        assert "stopped (idle); connects 1, connection losses 0" in out
    finally:
        for s in ("first", "second"):
            p = locals().get(s)
            if p is not None and p.process.poll() is None:
                p.process.kill()
                p.process.wait()
        broker.stop()
    # the queued rest (reads) and the replay (all duplicates): nothing twice, nothing lost
    rest = sum(1 for t, _ in messages[half + 40:] if "/hstdata/" in t)
    assert f"reads {rest + reads}: stored {rest}, duplicates {reads}, conflicts 0" in out, out
    got = export(store)
    assert len(rows(got)) == reads
    submeter("ingest", "file", GATEWAYS / "acrel-backlog.txt", "--format", "acrel", "--store",
             tmp_path / "file.db")
    assert got == export(tmp_path / "file.db")


def test_a_broker_that_never_answers_ends_at_idle_with_nothing_stored(tmp_path):
    require_broker()
    port = free_port()
    r = submeter("ingest", "mqtt", "--broker", f"mqtt://127.0.0.1:{port}", "--topic", TOPIC_FILTER,
                 "--store", tmp_path / "r.db", "--idle", "1", "--reconnect-max-ms", "200",
                 check=False)
    assert r.returncode == 0, r.stderr
    assert "stopped (idle); connects 0, connection losses 0" in r.stdout
    assert "messages 0:" in r.stdout
    assert "cannot connect to 127.0.0.1" in r.stderr
