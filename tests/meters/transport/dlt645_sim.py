#!/usr/bin/python3
"""A simulated DL/T 645-2007 meter on 127.0.0.1, for the transport, CLI and docs tests.

    dlt645_sim.py PORT ADDRESS [--password LEVEL:PASSWORD ...] [--counts P,Q,M,K,N]
                  [--lose DI ...] [--silent DI ...]

It is written from the protocol (protocols.md 2.1-2.3), not from submeter's codecs, so that the
tests check one implementation against another. It prints "ready" once listening, serves one
connection after another until killed, and:

- answers read data (11) with the item it holds (91, DI + data), or D1 with error word 02 (no
  requested data) for an item it does not hold;
- takes write data (14) when PA and P0..P2 match one of its passwords (default level 02,
  password 000000) and stores the item (94); a wrong password is refused as a meter refuses it,
  D4 with error word 04 (unauthorised); a year time-zone table longer than its zone count (P) is
  refused with error word 10, a daily table longer than its period count (M) with 20, a tariff
  above its tariff count (K) with 40;
- holds at start the counts 04000201..05 (default 14,8,14,4,0: zones, daily tables, periods,
  tariffs, public holidays in use), a first set of one zone and one daily table (all day on
  tariff 3) padded to those counts, no public holiday, weekend character 7F;
- `--lose DI` acknowledges writes of DI but keeps the old item (a meter that drops a setting);
  `--silent DI` never answers anything about DI (a read-back that times out).
Every reply starts with four FE bytes. Address AA..AA (wildcard) is answered for reads.
"""
import socket
import sys


def bcd(n):
    return ((n // 10) << 4) | (n % 10)


def frame(address, control, data):
    body = bytes([0x68]) + address + bytes([0x68, control, len(data)]) + bytes(
        (b + 0x33) & 0xFF for b in data)
    return b"\xFE" * 4 + body + bytes([sum(body) & 0xFF, 0x16])


class Meter:
    def __init__(self, address_text, passwords, counts, lose, silent):
        self.address = bytes.fromhex(address_text.rjust(12, "0"))[::-1]  # A0 first
        self.passwords = passwords  # {level: bytes P0 P1 P2}
        self.lose = lose
        self.silent = silent
        p, q, m, k, n = counts
        self.items = {
            0x04000201: bytes([bcd(p)]), 0x04000202: bytes([bcd(q)]),
            0x04000203: bytes([bcd(m)]), 0x04000204: bytes([bcd(k)]),
            0x04000205: bytes([bcd(n % 100), bcd(n // 100)]),  # public holidays in use
            0x04010000: bytes([0x01, 0x01, 0x01]) * p,       # 01-01 table 1
            0x04010001: bytes([0x03, 0x00, 0x00]) * m,       # 00:00 tariff 3
            0x04000801: bytes([0x7F]), 0x04000802: bytes([0x01]),
        }

    def count(self, di):
        b = self.items[di]
        v = 0
        for x in reversed(b):
            v = v * 100 + (x >> 4) * 10 + (x & 0x0F)
        return v

    def refuse_size(self, di, item):
        """The error word of a table the meter cannot hold, or 0."""
        high, low, rows = di >> 16, di & 0xFFFF, len(item) // 3
        if high not in (0x0401, 0x0402) or low > 8:
            return 0
        if low == 0:
            return 0x10 if rows > self.count(0x04000201) or len(item) % 3 else 0
        if rows > self.count(0x04000203) or len(item) % 3:
            return 0x20
        tariffs = [(item[3 * i] >> 4) * 10 + (item[3 * i] & 0x0F) for i in range(rows)]
        return 0x40 if any(t > self.count(0x04000204) for t in tariffs) else 0

    def handle(self, address, control, data):
        """The reply bytes to one request, or None (no answer)."""
        mine = address == self.address
        if control == 0x11 and len(data) >= 4 and (mine or address == b"\xAA" * 6):
            di = int.from_bytes(data[:4], "little")
            if di in self.silent:
                return None
            if di not in self.items:
                return frame(self.address, 0xD1, bytes([0x02]))
            return frame(self.address, 0x91, data[:4] + self.items[di])
        if not mine:
            return None
        if control == 0x14:
            if len(data) < 12:
                return frame(self.address, 0xD4, bytes([0x01]))
            di = int.from_bytes(data[:4], "little")
            if di in self.silent:
                return None
            level, password = data[4], bytes(data[5:8])
            if self.passwords.get(level) != password:
                return frame(self.address, 0xD4, bytes([0x04]))
            item = bytes(data[12:])
            word = self.refuse_size(di, item)
            if word:
                return frame(self.address, 0xD4, bytes([word]))
            if di not in self.lose:
                self.items[di] = item
            return frame(self.address, 0x94, b"")
        return frame(self.address, 0xC0 | (control & 0x1F), bytes([0x01]))


def frames(buffer):
    """Complete frames at the front of `buffer` (a bytearray), removed from it."""
    out = []
    while True:
        start = buffer.find(0x68)
        if start < 0:
            buffer.clear()
            return out
        del buffer[:start]
        if len(buffer) < 10:
            return out
        if buffer[7] != 0x68:
            del buffer[:1]
            continue
        length = buffer[9]
        total = 12 + length
        if len(buffer) < total:
            return out
        body = bytes(buffer[:10 + length])
        if sum(body) & 0xFF != buffer[10 + length] or buffer[11 + length] != 0x16:
            del buffer[:1]
            continue
        data = bytes((b - 0x33) & 0xFF for b in body[10:])
        out.append((bytes(body[1:7]), body[8], data))
        del buffer[:total]


def main():
    args = sys.argv[1:]
    port, address = int(args[0]), args[1]
    passwords, counts, lose, silent = {}, (14, 8, 14, 4, 0), set(), set()
    i = 2
    while i < len(args):
        if args[i] == "--password":
            level, text = args[i + 1].split(":")
            passwords[int(level, 16)] = bytes.fromhex(text)[::-1]
        elif args[i] == "--counts":
            counts = tuple(int(x) for x in args[i + 1].split(","))
        elif args[i] == "--lose":
            lose.add(int(args[i + 1], 16))
        elif args[i] == "--silent":
            silent.add(int(args[i + 1], 16))
        else:
            raise SystemExit(f"unknown option {args[i]}")
        i += 2
    if not passwords:
        passwords = {0x02: bytes(3)}
    meter = Meter(address, passwords, counts, lose, silent)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(4)
    try:  # one write: a reader may close the pipe as soon as it has seen the line
        sys.stdout.write("ready\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    while True:
        conn, _ = server.accept()
        buffer = bytearray()
        with conn:
            while True:
                chunk = conn.recv(1024)
                if not chunk:
                    break
                buffer += chunk
                for address_bytes, control, data in frames(buffer):
                    reply = meter.handle(address_bytes, control, data)
                    if reply:
                        conn.sendall(reply)


if __name__ == "__main__":
    main()
