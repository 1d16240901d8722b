#!/usr/bin/python3
"""Broker end to end (issue 18 "Figures"): messages and readings per second from a publisher
through a real mosquitto on 127.0.0.1 into `submeter ingest mqtt` and its readings store.
A benchmark run by hand, not a test (benchmarks/README.md).

    benchmarks/broker_e2e.py --cli build/release/src/cli/submeter [--repeat 3]
        [--case 1:20000] [--case 96:2000]

Each case R:N publishes N Acrel `hstdata` messages of R reads each (R = 1: one read a message, as
a gateway's backlog file; R = 96: a day of 15-minute reads of one meter in the `data` array),
different meters and times, so every read is new. Per repetition: a fresh mosquitto on a free
port (no persistence, no queue limit), a fresh store; the subscriber (`--clean-session
--max-messages N`, QoS 1) is started and has subscribed before the clock starts; one
`mosquitto_pub -l -q 1` publishes the N messages; the time runs until the subscriber has handled
the N-th message and exited (each message is parsed and stored in its own transaction before the
next, so by then the store holds them all; the script checks the store's row count).

Baseline, same run, same messages: `mosquitto_sub -q 1 -C N` in place of the subscriber (the
broker and an MQTT client without parsing or storing). Prints, per case, the median and the
spread (min-max) of messages/s and reads/s over the repetitions, the ratio to the baseline and
the subscriber's CPU (user + system seconds per wall second: near 1 means it is CPU-bound).
"""
import argparse
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PUB = shutil.which("mosquitto_pub") or "/usr/bin/mosquitto_pub"
MOSQUITTO_SUB = shutil.which("mosquitto_sub") or "/usr/bin/mosquitto_sub"
TOPIC = "/gw/acrelHW/ANet-2E4S1/hstdata/12209263660002"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def meter(m):
    return f"122092636{10000 + m}"


def stamp(day, slot):
    return f"202607{day:02d}{slot // 4:02d}{(slot % 4) * 15:02d}00"


def messages(reads, n):
    """n hstdata messages of `reads` reads; every (meter, time) once."""
    out = []
    for k in range(n):
        if reads == 1:
            m, slot = k % 1000, k // 1000
            day, slot = 1 + slot // 96, slot % 96
            out.append(f'{{"type":"hstdata","gwSN":"12209263660002","meterSN":"{meter(m)}",'
                       f'"time":"{stamp(day, slot)}","EPI":"{1234 + k % 97}.56"}}')
        else:
            m, day = k % 1000, 1 + k // 1000
            data = ",".join(f'{{"time":"{stamp(day, s)}","EPI":"{1234 + s}.56"}}'
                            for s in range(reads))
            out.append(f'{{"type":"hstdata","gwSN":"12209263660002","meterSN":"{meter(m)}",'
                       f'"time":"20260802080000","data":[{data}]}}')
    return out


class Broker:
    def __init__(self, folder):
        self.port = free_port()
        conf = os.path.join(folder, "mosquitto.conf")
        # started as root, mosquitto runs as the user `mosquitto`: it must be able to write its log
        os.chmod(folder, 0o755)
        log = os.path.join(folder, "mosquitto.log")
        open(log, "w").close()
        os.chmod(log, 0o666)
        with open(conf, "w") as f:
            f.write(f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                    "max_queued_messages 0\nmax_queued_bytes 0\nmax_inflight_messages 0\n"
                    "log_type error\nlog_type warning\nlog_type notice\nlog_type subscribe\n"
                    f"log_dest file {folder}/mosquitto.log\n")
        self.process = subprocess.Popen([MOSQUITTO, "-c", conf], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            if self.process.poll() is not None:
                sys.exit("broker_e2e: mosquitto exited at start")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("broker_e2e: mosquitto did not listen within 10 s")
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def start_subscriber(cli, broker, folder, store, baseline, n):
    """The subscriber (persistent session, QoS 1), once it has subscribed; `n` None: no limit."""
    if baseline:
        argv = [MOSQUITTO_SUB, "-h", "127.0.0.1", "-p", str(broker.port), "-q", "1", "-t",
                "/gw/acrelHW/#", "-c", "-i", "bench-sub"] + (["-C", str(n)] if n else [])
        # the broker logs the subscription (log_type subscribe)
        log = os.path.join(folder, "mosquitto.log")
        seen = open(log).read().count("bench-sub 1 /gw/acrelHW/#")
        sub = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while open(log).read().count("bench-sub 1 /gw/acrelHW/#") == seen:
            if time.monotonic() > deadline:
                sub.kill()
                sys.exit("broker_e2e: mosquitto_sub did not subscribe")
            time.sleep(0.02)
        return sub
    argv = [cli, "ingest", "mqtt", "--broker", f"mqtt://127.0.0.1:{broker.port}", "--topic",
            "/gw/acrelHW/#", "--store", store, "--client-id", "bench-ingest"]
    sub = subprocess.Popen(argv + (["--max-messages", str(n)] if n else []),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    ready = threading.Event()

    def read():
        for line in sub.stderr:
            lines.append(line)
            if "subscribed" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(20):
        sub.kill()
        sys.exit(f"broker_e2e: the subscriber did not subscribe: {lines}")
    return sub


def publish(broker, body):
    subprocess.run([MOSQUITTO_PUB, "-h", "127.0.0.1", "-p", str(broker.port), "-q", "1", "-t",
                    TOPIC, "-l"], input=body, text=True, check=True, timeout=900)


def finish(sub, baseline, store, expect_reads):
    """Waits for the subscriber; returns its CPU seconds (checks the store's rows)."""
    _, status, usage = os.wait4(sub.pid, 0)
    sub.returncode = os.waitstatus_to_exitcode(status)
    out = sub.stdout.read() if sub.stdout else ""
    if sub.returncode != 0:
        sys.exit(f"broker_e2e: the subscriber failed ({sub.returncode}): {out}")
    if not baseline:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT count(*) FROM register_values").fetchone()[0]
        if rows != expect_reads:
            sys.exit(f"broker_e2e: the store holds {rows} reads, want {expect_reads}: {out}")
    return usage.ru_utime + usage.ru_stime


def run_once(cli, body, n, expect_reads, baseline, mode):
    """One repetition; returns (seconds, subscriber CPU seconds).

    live:  the subscriber is running; the clock runs from the first publish to its N-th message.
    drain: the messages were queued by the broker for the subscriber's persistent session while it
           was away (a backlog); the clock runs from the subscriber's start to its N-th message.
    """
    folder = tempfile.mkdtemp(prefix="submeter-broker-")
    broker = Broker(folder)
    store = os.path.join(folder, "readings.db")
    sub = first = None
    try:
        if mode == "live":
            sub = start_subscriber(cli, broker, folder, store, baseline, n)
            t0 = time.monotonic()
            publish(broker, body)
        else:
            first = start_subscriber(cli, broker, folder, store, baseline, None)
            first.send_signal(signal.SIGTERM)
            first.wait(timeout=20)
            publish(broker, body)
            t0 = time.monotonic()
            sub = start_subscriber(cli, broker, folder, store, baseline, n)
        cpu = finish(sub, baseline, store, expect_reads)
        return time.monotonic() - t0, cpu
    finally:
        for p in (first, sub):  # a run that failed half-way leaves no subscriber behind
            if p is not None and p.returncode is None and p.poll() is None:
                p.kill()
                p.wait()
        broker.stop()
        shutil.rmtree(folder, ignore_errors=True)


def summary(values):
    return statistics.median(values), min(values), max(values)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", required=True, help="the submeter program (Release build)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--case", action="append", default=[],
                    help="READS:MESSAGES (default 1:20000 and 96:2000)")
    ap.add_argument("--mode", action="append", choices=["live", "drain"], default=[],
                    help="live, drain or both (the default)")
    a = ap.parse_args()
    cases = a.case or ["1:20000", "96:2000"]
    for mode in a.mode or ["live", "drain"]:
        for case in cases:
            reads, n = (int(x) for x in case.split(":"))
            body = "".join(m + "\n" for m in messages(reads, n))
            total = reads * n
            results = {}
            for baseline in (True, False):
                results[baseline] = [run_once(a.cli, body, n, total, baseline, mode)
                                     for _ in range(a.repeat)]
            base = summary([n / s for s, _ in results[True]])
            sub = summary([n / s for s, _ in results[False]])
            cpu = summary([c / s for s, c in results[False]])
            print(f"{mode}: {n} messages of {reads} read(s) ({total} reads), "
                  f"{a.repeat} repetitions, median [min-max]:")
            print(f"  mosquitto_sub (baseline): {base[0]:,.0f} messages/s "
                  f"[{base[1]:,.0f}-{base[2]:,.0f}]")
            print(f"  submeter ingest mqtt:     {sub[0]:,.0f} messages/s "
                  f"[{sub[1]:,.0f}-{sub[2]:,.0f}], {sub[0] * reads:,.0f} reads/s "
                  f"[{sub[1] * reads:,.0f}-{sub[2] * reads:,.0f}]; subscriber CPU "
                  f"{cpu[0]:.2f} s/s [{cpu[1]:.2f}-{cpu[2]:.2f}]")
            print(f"  ratio baseline / ingest:  {base[0] / sub[0]:.2f}x")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
