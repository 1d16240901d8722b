#!/usr/bin/python3
"""Runs `submeter configure send|verify` steps against one simulated DL/T 645 meter
(tests/meters/transport/dlt645_sim.py on 127.0.0.1, a free port) and checks each step.

Usage: configure_case.py EXE SIM [SIM_ARG...] ::: RC STREAM REGEX... -- ARGS... [::: ...]
  SIM_ARG   options of the simulator after PORT ADDRESS (its address is 000000001234)
  RC        the exit status expected; 0 also requires an empty stderr, non-zero an empty stdout
  STREAM    stdout or stderr: where every REGEX must match
  ARGS      the CLI arguments; "{port}" is replaced by the simulator's port
The steps run in order against the same meter, so a later step sees what an earlier one wrote
(or did not write). The simulator is started before the first step and stopped by its PID.
"""
import re
import socket
import subprocess
import sys


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def split(argv, mark):
    parts, current = [], []
    for a in argv:
        if a == mark:
            parts.append(current)
            current = []
        else:
            current.append(a)
    parts.append(current)
    return parts


def main():
    head, *steps = split(sys.argv[1:], ":::")
    exe, sim, *sim_args = head
    port = free_port()
    server = subprocess.Popen(["/usr/bin/python3", sim, str(port), "000000001234", *sim_args],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if server.stdout.readline().strip() != "ready":
            print("the DL/T 645 simulator did not start", file=sys.stderr)
            return 1
        for n, step in enumerate(steps, 1):
            sep = step.index("--")
            expect_rc, stream, *patterns = step[:sep]
            args = [a.replace("{port}", str(port)) for a in step[sep + 1:]]
            run = subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)
            where = f"step {n} ({' '.join(args[:2])})"
            if run.returncode != int(expect_rc):
                print(f"{where}: expected exit {expect_rc}, got {run.returncode}\n"
                      f"stdout: {run.stdout}\nstderr: {run.stderr}", file=sys.stderr)
                return 1
            quiet = run.stderr if int(expect_rc) == 0 else run.stdout
            if quiet:
                print(f"{where}: expected nothing on "
                      f"{'stderr' if int(expect_rc) == 0 else 'stdout'}, got: {quiet}",
                      file=sys.stderr)
                return 1
            text = run.stdout if stream == "stdout" else run.stderr
            for p in patterns:
                if not re.search(p, text):
                    print(f"{where}: {stream} does not match {p!r}: {text}", file=sys.stderr)
                    return 1
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
