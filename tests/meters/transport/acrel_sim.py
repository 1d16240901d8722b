#!/usr/bin/env python3
"""A simulated Acrel meter for the transport tests: pymodbus 3.0 (Debian python3-pymodbus, run by
/usr/bin/python3) serving holding registers on 127.0.0.1.

Usage: acrel_sim.py PORT UNIT REG=VALUE ...   (REG a 0-based PDU address, VALUE a 16-bit number)
Unit ids other than UNIT get no reply (the client sees a timeout). The block starts at address 1
because pymodbus 3.x adds 1 to the request address before indexing (protocols.md 6): PDU address N
then maps to values[N]. Prints "ready" once listening; the test stops it by its PID.
"""
import socket
import sys
import threading
import time

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartTcpServer


def main():
    port = int(sys.argv[1])
    unit = int(sys.argv[2])
    values = [0] * 256
    for item in sys.argv[3:]:
        reg, value = item.split("=")
        values[int(reg, 0)] = int(value, 0) & 0xFFFF
    block = ModbusSequentialDataBlock(1, values)
    slave = ModbusSlaveContext(hr=block, ir=block)
    context = ModbusServerContext(slaves={unit: slave}, single=False)

    def announce():
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    print("ready", flush=True)
                    return
            except OSError:
                time.sleep(0.05)

    threading.Thread(target=announce, daemon=True).start()
    StartTcpServer(context=context, address=("127.0.0.1", port))


if __name__ == "__main__":
    main()
