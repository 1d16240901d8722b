"""Hostile Modbus register maps (`submeter decode modbus --map FILE`, and
`submeter.meters.register_map_from_json` from Python): issue 16 #12 (integers truncated by
get<int>()), #14 (1e400, mistyped fields), #15 (the identifier and name rule), #16 (huge cells)
and the probe classes deep nesting, path tricks and FIFOs. Each refusal: exit 1, `submeter:
error: <code>` naming the map file and the field's path, nothing written."""
import json
import os
import pathlib

import pytest

import hostile as h

FRAME = "01 03 04 47 F1 20 00 A6 B4"  # tests/cli: a float32 total of 123456.00 kWh at register 0
MAP = {
    "model": "test-float-energy",
    "source": "tests/hostile: a made-up CT meter with a float32 total (ABCD) at register 0",
    "function": 3,
    "registers": [
        {"name": "total_active_energy", "address": 0, "type": "float32", "float_decimals": 2,
         "unit": "kWh", "transformer_scaled": True, "role": "total"}
    ],
}


def write_map(tmp_path, change=None, text=None):
    p = pathlib.Path(tmp_path) / "map.json"
    if text is None:
        doc = json.loads(json.dumps(MAP))
        if change:
            change(doc)
        text = json.dumps(doc, ensure_ascii=False)
    p.write_text(text, encoding="utf-8")
    return p


def decode(map_path):
    return ["decode", "modbus", FRAME, "--map", map_path, "--start", "0"]


def test_the_map_decodes(tmp_path):
    """The contract's baseline: the untouched map decodes the frame."""
    out, _ = h.expect_ok(decode(write_map(tmp_path)), tmp_path)
    assert "123456" in out


@pytest.mark.parametrize("change,path", [
    (lambda d: d.update(function=4294967299), "/function"),
    (lambda d: d.update(address_base=4294967297), "/address_base"),
    (lambda d: d["registers"][0].update(float_decimals=4294967297), "/registers/0/float_decimals"),
    (lambda d: d["registers"][0].update(address=18446744073709551615), "/registers/0/address"),
])
def test_integers_out_of_range_are_refused_not_truncated(tmp_path, change, path):
    """issue 16 #12: function 4294967299 read as 3, float_decimals 4294967297 as 1."""
    h.expect_refused(decode(write_map(tmp_path, change)), tmp_path, "parse: bad register map field",
                     names=["map.json", f"path={path}"])


@pytest.mark.parametrize("change,path", [
    (lambda d: d.update(registers={"total": 1}), "/registers"),
    (lambda d: d["registers"][0].update(name=["total"]), "/registers/0/name"),
    (lambda d: d["registers"][0].update(transformer_scaled="yes"), "/registers/0/transformer_scaled"),
    (lambda d: d.update(function="3"), "/function"),
])
def test_mistyped_fields_are_located(tmp_path, change, path):
    """issue 16 #14: a field of the wrong type is a parse error with its path, not exit 3."""
    h.expect_refused(decode(write_map(tmp_path, change)), tmp_path, "parse",
                     names=["map.json", f"path={path}"])


def test_json_1e400_is_located(tmp_path):
    """issue 16 #14: JSON 1e400 in a register map was an internal error."""
    text = json.dumps(MAP).replace('"address": 0', '"address": 1e400')
    h.expect_refused(decode(write_map(tmp_path, text=text)), tmp_path,
                     "parse: a number out of range", names=["map.json", "line=1", "text=1e400"])


def test_deep_nesting_is_refused(tmp_path):
    """Probe class deep nesting (issue 16 #5), in a register map."""
    text = '{"model": "x", "registers": ' + "[" * 100000 + "]" * 100000 + "}"
    h.expect_refused(decode(write_map(tmp_path, text=text)), tmp_path,
                     "parse: JSON nested too deeply", names=["map.json", "limit=64"])


@pytest.mark.parametrize("change,path", [
    (lambda d: d.update(model="../../maps/x"), "/model"),
    (lambda d: d.update(model=".hidden"), "/model"),
    (lambda d: d["registers"][0].update(name="total\x1b[2J"), "/registers/0/name"),
    (lambda d: d["registers"][0].update(unit="kWh\n0.00"), "/registers/0/unit"),
    (lambda d: d.update(source="x\x00y"), "/source"),
])
def test_control_characters_and_path_tricks_are_refused(tmp_path, change, path):
    """issue 16 #15: one rule for every identifier and name read from a file."""
    err = h.expect_refused(decode(write_map(tmp_path, change)), tmp_path,
                           "parse: bad register map field", names=["map.json", f"path={path}"])
    assert "\x1b" not in err and "\x00" not in err


def test_a_huge_name_is_refused_and_not_echoed(tmp_path):
    """issue 16 #16 / probe class huge cells: a 2 MB register name."""
    err = h.expect_refused(
        decode(write_map(tmp_path, lambda d: d["registers"][0].update(name="n" * (2 << 20)))),
        tmp_path, "parse: bad register map field", names=["map.json", "path=/registers/0/name"])
    assert len(err) < 1024


def test_a_map_that_is_a_fifo_is_refused_without_hanging(tmp_path):
    """issue 16 #20: a map path naming a FIFO."""
    fifo = tmp_path / "map.json"
    os.mkfifo(fifo)
    h.expect_refused(decode(fifo), tmp_path, "not_found", names=["map.json"])


def test_a_map_that_is_dev_zero_is_refused(tmp_path):
    """issue 16 #20: a map path naming /dev/zero (through a symbolic link)."""
    link = tmp_path / "map.json"
    link.symlink_to("/dev/zero")
    h.expect_refused(decode(link), tmp_path, "not_found", names=["map.json"])


@pytest.mark.parametrize("text", [
    '{"model": "x", "function": 4294967299, "registers": []}',
    '{"model": "x", "registers": ' + "[" * 10000 + "]" * 10000 + "}",
    '{"model": "x", "function": 1e400, "registers": []}',
    '{"model": "x\\u001b", "registers": []}',
])
def test_python_register_map_from_json_raises_error(text):
    """The same refusals from Python: submeter.Error, never a dead interpreter or RuntimeError."""
    h.python_raises(f"submeter.meters.register_map_from_json({text!r})", allowed=("Error",))
