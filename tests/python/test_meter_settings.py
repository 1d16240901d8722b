"""submeter.meters settings out: DL/T 645 writes of a TOU schedule, prices and a ladder; the
tables read back from a simulated meter and compared with the schedule; CJ/T 188 price table and
settlement day. The frames are those of tests/data/protocol-vectors/dlt645-settings.json."""
import json
import os
import pathlib
import socket
import subprocess
import sys
from decimal import Decimal

import pytest

import submeter
from submeter import meters

SOURCE = pathlib.Path(os.environ.get("SUBMETER_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
VECTORS = json.loads((SOURCE / "tests/data/protocol-vectors/dlt645-settings.json")
                     .read_text(encoding="utf-8"))


def vector(ident):
    return bytes.fromhex(next(v["hex"] for v in VECTORS["vectors"] if v["id"] == ident))


@pytest.fixture(scope="module")
def jiangsu():
    return submeter.tariff.shipped_tou_schedule("jiangsu")


def test_jiangsu_writes_are_the_independent_vectors(jiangsu):
    writes, warnings = meters.dlt645_tou_writes(
        jiangsu, address="000000001234", start="2025-06-01",
        calendar=submeter.calendar.china_calendar(), switch_at="2025-06-01 00:00")
    assert warnings == []
    assert [f"{w.di:08X}" for w in writes] == [
        "04020000", "04020001", "04020002", "04000205", "04000801", "04000106", "04000107"]
    assert writes[0].frame == vector("set2-zones-jiangsu")
    assert writes[1].frame == vector("set2-table1-jiangsu-summer-winter")
    assert writes[5].frame == vector("zone-switch-2025-06-01")
    assert writes[0].what.startswith("second set: year time zones 01-01 t1, 03-01 t2")
    assert writes[0].data[:3] == bytes([0x01, 0x01, 0x01])
    assert "04020000" in repr(writes[0])


def test_limits_are_refused_naming_the_item():
    zhejiang = submeter.tariff.shipped_tou_schedule("zhejiang")
    with pytest.raises(submeter.Error) as e:
        meters.dlt645_tou_writes(zhejiang, address="000000001234", start="2025-01-01")
    assert e.value.code == "unsupported"
    assert e.value.context["limit"] == "04000204"
    assert e.value.context["register"] == "deep_valley"
    writes, _ = meters.dlt645_tou_writes(zhejiang, address="000000001234", start="2025-01-01",
                                         calendar=submeter.calendar.china_calendar(), tariffs=5)
    assert sum(1 for w in writes if 0x04030001 <= w.di <= 0x040300FE) == 21


def test_flags_are_warned_about():
    _, warnings = meters.dlt645_tou_writes(submeter.tariff.shipped_tou_schedule("guangdong"),
                                           address="1234", start="2025-01-01")
    assert [w["code"] for w in warnings] == ["tou_flag_not_pushed", "tou_calendar_does_not_cover"]
    assert warnings[0]["context"]["flags"] == "hot_day"
    assert warnings[1]["context"] == {"calendar": "none", "years": "2025"}


def test_prices_and_ladder():
    writes = meters.dlt645_price_writes({2: Decimal("0.8976"), 4: "0.2875"},
                                        address="000000001234", switch_at="2025-06-01 00:00")
    assert [f"{w.di:08X}" for w in writes] == ["04050202", "04050204", "04000108"]
    assert writes[0].frame == vector("set2-price-T2-0.8976")
    writes = meters.dlt645_ladder_writes(["2760", "4800"], ["0.5283", "0.5783", "0.8283"],
                                         address="000000001234", switch_at="2026-01-01 00:00")
    assert writes[0].frame == vector("set2-ladder-bound1-2760")
    assert writes[-1].frame == vector("ladder-switch-2026-01-01")
    with pytest.raises(TypeError):
        meters.dlt645_price_writes({2: 0.8976}, address="1234")
    with pytest.raises(submeter.Error) as e:
        meters.dlt645_price_writes({2: "0.89761"}, address="1234")
    assert "4 places" in str(e.value)
    with pytest.raises(submeter.Error):
        meters.dlt645_ladder_writes(["2760"], ["0.5"], address="1234")


def test_write_replies():
    assert meters.decode_dlt645_write_reply(vector("write-ack-94"))["accepted"] is True
    refused = meters.decode_dlt645_write_reply(vector("write-refused-D4-unauthorised"))
    assert refused == {"address": "000000001234", "accepted": False, "errors": ["unauthorised"]}


class Meter:
    """The simulated DL/T 645 meter of the transport tests, over a socket."""

    def __init__(self, *options):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.sim = subprocess.Popen(
            [sys.executable, str(SOURCE / "tests/meters/transport/dlt645_sim.py"),
             str(self.port), "000000001234", *options],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.sim.stdout.readline().strip() == "ready"
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.buffer = b""

    def ask(self, frame):
        self.sock.sendall(frame)
        while True:
            start = self.buffer.find(b"\x68")
            if start >= 0 and len(self.buffer) >= start + 10:
                end = start + 12 + self.buffer[start + 9]
                if len(self.buffer) >= end:
                    reply, self.buffer = self.buffer[start:end], self.buffer[end:]
                    return reply
            self.buffer += self.sock.recv(1024)

    def close(self):
        self.sock.close()
        self.sim.terminate()
        self.sim.wait(timeout=10)


def test_push_read_back_and_compare(jiangsu):
    cn = submeter.calendar.china_calendar()
    meter = Meter()
    try:
        writes, _ = meters.dlt645_tou_writes(jiangsu, address="000000001234", start="2025-06-01",
                                             calendar=cn, switch_at="2025-06-01 00:00")
        for w in writes:
            assert meters.decode_dlt645_write_reply(meter.ask(w.frame))["accepted"]
        items = {}
        for di in [w.di for w in writes]:
            reply = meters.decode_dlt645_read(meter.ask(meters.dlt645_read_request("000000001234",
                                                                                   di)))
            items[di] = reply.raw
        tables = meters.decode_dlt645_tou_tables(items, set=2)
        assert tables.zones[:5] == [(1, 1, 1), (3, 1, 2), (6, 1, 1), (9, 1, 2), (12, 1, 1)]
        assert tables.daily_tables[1][:2] == [("00:00", 4), ("06:00", 3)]
        assert tables.holidays == []
        assert tables.tariff_at("2025-07-01 14:30") == 2
        assert tables.compare(jiangsu, start="2025-06-01", calendar=cn) == []
        beijing = submeter.tariff.shipped_tou_schedule("beijing")
        differences = tables.compare(beijing, start="2025-06-01", end="2025-06-30")
        assert len(differences) == 30
        assert differences[0] == {"day": "2025-06-01", "time": "06:00", "expected": 4,
                                  "found": 3}
        # a wrong password is refused as a meter refuses it
        bad = meters.dlt645_price_writes({1: "1"}, address="000000001234", password="111111")
        assert meters.decode_dlt645_write_reply(meter.ask(bad[0].frame))["errors"] == [
            "unauthorised"]
    finally:
        meter.close()
    with pytest.raises(meters.DecodeError) as e:
        meters.decode_dlt645_tou_tables({}, set=2)
    assert e.value.status == "need_more"


def test_cjt188_price_table_and_settlement_day():
    assert meters.cjt188_price_table_request(
        "00000011223344", ["3.45", "4.83", "5.83"], ["220", "300"]) == vector(
        "cjt188-A010-price-table")
    assert meters.cjt188_settlement_day_request("00000011223344", 25, ser=1) == vector(
        "cjt188-A011-settlement-day-25")
    table = meters.decode_cjt188_setting(vector("cjt188-8102-reply"))
    assert table["prices"] == [Decimal("3.45"), Decimal("4.83"), Decimal("5.83")]
    assert table["volumes"] == [Decimal("220"), Decimal("300")]
    assert table["start_day"] == 1
    assert meters.decode_cjt188_setting(vector("cjt188-8103-reply"))["settlement_day"] == 25
    with pytest.raises(submeter.Error):
        meters.cjt188_price_table_request("00000011223344", ["3.455"])
    with pytest.raises(submeter.Error):
        meters.cjt188_settlement_day_request("00000011223344", 32)
