#!/usr/bin/env python3
"""Runs `submeter read modbus` against the simulated Acrel DDSY1352 of the transport tests
(tests/meters/transport/acrel_sim.py, pymodbus 3.0 on 127.0.0.1) and checks exit status and output.

Usage: read_modbus_case.py EXE SIM EXPECT_RC STREAM REGEX... -- ARGS...
  EXPECT_RC  the exit status expected; 0 also requires an empty stderr, non-zero an empty stdout
  STREAM     stdout or stderr: where every REGEX must match
  ARGS       the CLI arguments; "{port}" is replaced by the simulator's port
The simulator is started on a free port and stopped by its PID.
"""
import re
import socket
import subprocess
import sys

# total 1234.56, sharp 1.00, peak 200.00, flat 0.05, valley 1033.51 kWh; 220.5 V, 5.23 A,
# -0.100 kW, 1.150 kVA, PF 0.998 (the registers of modbus_client_test.cpp)
REGISTERS = ["0=0x0001", "1=0xE240", "2=0", "3=100", "4=0", "5=20000", "6=0", "7=5", "8=0x0001",
             "9=0x93B7", "11=2205", "12=523", "13=0xFF9C", "15=1150", "16=998"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    sep = sys.argv.index("--")
    exe, sim, expect_rc, stream, *patterns = sys.argv[1:sep]
    port = free_port()
    args = [a.replace("{port}", str(port)) for a in sys.argv[sep + 1:]]
    server = subprocess.Popen(["/usr/bin/python3", sim, str(port), "1", *REGISTERS],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if server.stdout.readline().strip() != "ready":
            print("the pymodbus simulator did not start", file=sys.stderr)
            return 1
        run = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if run.returncode != int(expect_rc):
        print(f"expected exit {expect_rc}, got {run.returncode}\nstdout: {run.stdout}\n"
              f"stderr: {run.stderr}", file=sys.stderr)
        return 1
    quiet = run.stderr if int(expect_rc) == 0 else run.stdout
    if quiet:
        print(f"expected nothing on {'stderr' if int(expect_rc) == 0 else 'stdout'}, got: {quiet}",
              file=sys.stderr)
        return 1
    text = run.stdout if stream == "stdout" else run.stderr
    for p in patterns:
        if not re.search(p, text):
            print(f"{stream} does not match {p!r}: {text}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
