"""submeter.meters: the codecs from Python, checked against the protocol vectors
(tests/data/protocol-vectors/, see its README for provenance) and by Hypothesis round trips."""
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import submeter
from submeter import meters

from conftest import SOURCE_DIR

VECTORS = SOURCE_DIR / "tests" / "data" / "protocol-vectors"


def vectors(name, key="vectors"):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))[key]


def ids(vs):
    return [v["id"] for v in vs]


D07 = vectors("dlt645-2007.json")
D97 = vectors("dlt645-1997.json")
CJ = vectors("cjt188.json")
MB_RTU = vectors("modbus.json", "rtu_vectors") + vectors("modbus.json", "derived_rtu_vectors")
MB_TCP = vectors("modbus.json", "tcp_vectors")


# ---- DL/T 645 ------------------------------------------------------------------------------

@pytest.mark.parametrize("v", D07 + D97, ids=ids(D07 + D97))
def test_dlt645_frames_decode_as_published(v):
    e = v["expect"]
    f = meters.decode_dlt645(meters.parse_hex(v["hex"]))
    assert f.address == e["address"]
    assert f.control == int(e["control"], 16)
    assert len(f.data) == e["length"]
    assert f.preamble == e.get("preamble", 0)
    # and the frame re-encodes to the same bytes
    assert meters.encode_dlt645(f.address, f.control, f.data, f.preamble) == meters.parse_hex(
        v["hex"])


@pytest.mark.parametrize("v", [v for v in D07 if v["expect"].get("response") is not False
                               and int(v["expect"]["control"], 16) in (0x91, 0xD1)],
                         ids=lambda v: v["id"])
def test_dlt645_read_replies_decode_to_decimals(v):
    e = v["expect"]
    r = meters.decode_dlt645_read(meters.parse_hex(v["hex"]))
    assert r.address == e["address"]
    if "error_word" in e:
        assert r.not_supported
        assert r.error_bits == 0x02
        return
    assert r.di == int(e["di"], 16)
    if "value" in e:
        assert r.values[0] == Decimal(e["value"])
        assert str(r.values[0]) == e["value"]  # exact text, places kept
    if "values" in e:
        want = [e["values"][k] for k in ("total", "T1", "T2", "T3", "T4")]
        assert [str(x) for x in r.values] == want
        reading = r.reading(30)
        assert reading.total == Decimal(want[0])
        assert reading.rates == {n: Decimal(want[n]) for n in range(1, 5)}
        assert reading.multiplier == 30


def test_dlt645_1997_reply_needs_the_1997_edition():
    v = next(v for v in D97 if v["id"] == "d97-read-resp-9010-0.01kWh")
    r = meters.decode_dlt645_read(meters.parse_hex(v["hex"]), edition="1997")
    assert r.di == 0x9010
    assert r.values == [Decimal("0.01")]
    assert r.reading().total == Decimal("0.01")


def test_dlt645_read_request_matches_the_docs():
    # docs/meters.md section 1
    assert meters.to_hex(meters.dlt645_read_request("000000000224", 0x0001FF00)) == (
        "FE FE FE FE 68 24 02 00 00 00 00 68 11 04 33 32 34 33 D7 16")


@pytest.mark.parametrize("hex_text,status", [
    ("68 12 00 00 00 10 20 68 D1 01 35 18 16", "bad_checksum"),
    ("68 12 00 00 00 10 20 68 D1 01 35 19 17", "bad_end"),
    ("68 12 00 00 00 10 20 68 D1 01 35", "need_more"),
    ("69 12 00 00 00 10 20 68 D1 01 35 19 16", "bad_start"),
])
def test_dlt645_refused_frames_name_their_status(hex_text, status):
    with pytest.raises(meters.DecodeError) as info:
        meters.decode_dlt645(meters.parse_hex(hex_text))
    assert info.value.status == status
    assert isinstance(info.value, ValueError)


def test_dlt645_bad_bcd_is_bad_value():
    # 226.2 V reply with a BCD digit A (0x9A after -0x33), checksum fixed up
    with pytest.raises(meters.DecodeError) as info:
        meters.decode_dlt645_read(meters.parse_hex(
            "68 01 00 44 23 52 00 68 91 06 33 36 34 35 CD 55 15 16"))
    assert info.value.status == "bad_value"


def test_bad_hex_and_bad_arguments_are_submeter_errors():
    with pytest.raises(submeter.Error) as info:
        meters.parse_hex("68 1G")
    assert info.value.code == "parse"
    with pytest.raises(submeter.Error):
        meters.dlt645_read_request("12345B", 0x00010000)  # digits and A only
    with pytest.raises(TypeError):
        meters.decode_dlt645_read(meters.parse_hex(D07[4]["hex"])).reading(1.5)


# addresses are BCD digits, A a wildcard nibble
addresses = st.text(alphabet="0123456789A", min_size=12, max_size=12)


@settings(max_examples=200, deadline=None)
@given(addresses, st.integers(0, 255), st.binary(max_size=200), st.integers(0, 4))
def test_dlt645_frame_round_trip(address, control, data, preamble):
    wire = meters.encode_dlt645(address, control, data, preamble)
    f = meters.decode_dlt645(wire)
    assert (f.address, f.control, f.data, f.preamble) == (address, control, data, preamble)


energies = st.integers(0, 99999999).map(lambda m: Decimal(m).scaleb(-2))


@settings(max_examples=200, deadline=None)
@given(addresses, st.lists(energies, min_size=1, max_size=5))
def test_dlt645_energy_reply_round_trip(address, values):
    wire = meters.dlt645_read_reply(address, 0x0001FF00, values)
    r = meters.decode_dlt645_read(wire)
    assert r.values == values
    assert r.reading().total == values[0]
    assert r.reading().rates == {n: values[n] for n in range(1, len(values))}


# ---- CJ/T 188 ------------------------------------------------------------------------------

@pytest.mark.parametrize("v", CJ, ids=ids(CJ))
def test_cjt188_frames_decode_as_published(v):
    e = v["expect"]
    profile = "jy-heat" if "JY" in v["id"] else "cjt188-2004"
    f = meters.decode_cjt188(meters.parse_hex(v["hex"]), profile)
    if "address_A6_A0" in e:
        assert f.address == e["address_A6_A0"]
    if "meter_number" in e:
        assert f.meter_number == e["meter_number"]
    assert f.control == int(e["control"], 16)
    if "current_cumulative_flow" in e:
        assert f.metering["current_flow"]["value"] == Decimal(e["current_cumulative_flow"])
        assert f.metering["current_flow"]["unit"] == "m3"


def test_cjt188_heat_meter_with_units_before_values():
    v = next(v for v in CJ if v["id"] == "cj-read-resp-901F-heat-JY-unit-first")
    h = meters.decode_cjt188(meters.parse_hex(v["hex"]), "jy-heat").metering
    assert h["current_heat"] == {"value": Decimal("0.02"), "unit": "MWh", "unit_code": 0x08}
    assert h["cumulative_flow"]["value"] == Decimal("10.34")
    assert h["supply_temperature"] == Decimal("25.35")
    assert h["return_temperature"] == Decimal("25.66")
    assert h["time"] == "2015-07-10 12:00:53"


def test_cjt188_refuses_a_bad_checksum_and_an_unknown_profile():
    hex_text = "FE FE FE FE 68 10 69 05 90 05 15 33 78 84 05 A0 17 01 00 00 7D 16"
    with pytest.raises(meters.DecodeError) as info:
        meters.decode_cjt188(meters.parse_hex(hex_text))
    assert info.value.status == "bad_checksum"
    with pytest.raises(submeter.Error):
        meters.decode_cjt188(meters.parse_hex(hex_text), "no-such-vendor")


# ---- Modbus --------------------------------------------------------------------------------

@pytest.mark.parametrize("v", MB_RTU, ids=ids(MB_RTU))
def test_modbus_rtu_crc_of_every_vector(v):
    frame = meters.parse_hex(v["hex"])
    crc = meters.modbus_crc(frame[:-2])
    assert frame[-2:] == bytes([crc & 0xFF, crc >> 8])  # low byte first
    assert meters.encode_modbus_rtu(frame[0], frame[1:-2]) == frame


@pytest.mark.parametrize("v", [v for v in MB_RTU if "registers" in v["expect"]
                               or v["expect"].get("exception")], ids=lambda v: v["id"])
def test_modbus_rtu_responses_decode_as_published(v):
    e = v["expect"]
    d = meters.decode_modbus_rtu(meters.parse_hex(v["hex"]))
    if e.get("exception"):
        assert d["exception_code"] == e["exception_code"]
    else:
        assert d["slave"] == e.get("slave", 1)
        assert d["registers"] == [int(r, 16) for r in e["registers"]]


def test_modbus_tcp_request():
    v = next(v for v in MB_TCP if v["id"] == "mb-tcp-derived-read")
    d = meters.decode_modbus_tcp(meters.parse_hex(v["hex"]), request=True)
    assert (d["transaction"], d["unit"], d["function"], d["start"], d["quantity"]) == (1, 1, 3, 0, 2)


def test_modbus_bad_crc():
    with pytest.raises(meters.DecodeError) as info:
        meters.decode_modbus_rtu(meters.parse_hex("01 03 04 00 01 E2 40 E2 A4"))
    assert info.value.status == "bad_checksum"


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 247), st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=125))
def test_modbus_rtu_round_trip(slave, registers):
    pdu = bytes([3, 2 * len(registers)]) + b"".join(r.to_bytes(2, "big") for r in registers)
    d = meters.decode_modbus_rtu(meters.encode_modbus_rtu(slave, pdu))
    assert (d["slave"], d["function"], d["registers"]) == (slave, 3, registers)


# ---- register maps -------------------------------------------------------------------------

def test_register_maps_are_listed_and_decode_the_acrel_reply():
    assert "acrel-ddsy1352" in meters.register_maps()
    m = meters.register_map("acrel-ddsy1352")
    assert m.registers[0]["name"] == "total_active_energy"
    assert m.registers[0]["scale"] == Decimal("0.01")
    # vector mb-derived-resp-acrel-energy-1234.56: registers 0001 E240
    d = meters.decode_modbus_rtu(meters.parse_hex("01 03 04 00 01 E2 40 E2 A3"))
    assert m.decode(d["registers"]) == {"total_active_energy": Decimal("1234.56")}
    assert m.reading(d["registers"]).total == Decimal("1234.56")
    with pytest.raises(submeter.Error):
        meters.register_map("acrel-nope")


def test_a_map_from_json_with_pt_ct():
    text = (SOURCE_DIR / "tests" / "meters" / "maps" / "example-em100.json").read_text()
    m = meters.register_map_from_json(text)
    assert m.model == "example-em100" and m.function == 4
    assert m.plan_reads() == [(0, 12)]
    # float32 123456.0 with the low word first (2000 47F1), PT x CT 1200
    regs = [0x2000, 0x47F1] + [0] * 10
    r = m.reading(regs, 0, pt_ct=1200)
    assert r.total == Decimal("123456") and r.multiplier == 1200
    with pytest.raises(submeter.Error) as info:
        meters.register_map_from_json('{"model": "x", "registers": [{"name": "a", '
                                      '"address": 0, "type": "u16", "scale": 0.1}]}')
    assert info.value.context["path"] == "/registers/0/scale"


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 0xFFFFFFFF))
def test_ddsy1352_total_is_the_u32_times_0_01(raw):
    m = meters.register_map("acrel-ddsy1352")
    assert m.decode([raw >> 16, raw & 0xFFFF])["total_active_energy"] == Decimal(raw).scaleb(-2)


def test_adf400l_slave_ids():
    # docs/meters.md: 4 CT, 4 three-phase and 12 single-phase users per meter number
    assert meters.adf400l_slave_id(1, 4, 4, 12, "three_phase", 2) == 16
    assert meters.adf400l_slave_id(2, 4, 4, 12, "ct", 1) == 37
    assert meters.adf400l_slave_id(1, 4, 4, 12, "ct", 5) is None
    assert meters.adf400l_slave_id(1, 12, 1, 0, "ct", 1) is None  # 39 addresses do not fit
    with pytest.raises(submeter.Error):
        meters.adf400l_slave_id(1, 4, 4, 12, "two_phase", 1)
