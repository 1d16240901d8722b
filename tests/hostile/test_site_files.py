"""Hostile site directories (site.json, readings.csv, intervals.csv, reactive.csv) and the other
JSON files the site readers share a door with (TOU schedules, holiday calendars): issue 16 #5, #8,
#13, #14, #15, #16, #20 and the probe classes malformed JSON and CSV, overflow, deep nesting,
control characters, path tricks, huge cells and FIFOs. Each refusal: exit 1, `submeter: error:
<code>` naming the file and the place, nothing written (hostile.expect_refused)."""
import os
import pathlib

import pytest

import hostile as h

PERIOD = ["--period", "2026-07"]
GOOD_CSV = ("meter_id,time,total,t1,t2,t3,t4\n"
            "M-1,2026-07-01T00:00,1000.00,0,0,0,0\n"
            "M-2,2026-07-01T00:00,500.00,50.00,150.00,100.00,200.00\n"
            "M-1,2026-08-01T00:00,2234.56,0,0,0,0\n"
            "M-2,2026-08-01T00:00,600.50,60.25,180.00,125.00,235.25\n")


def bill(site, out=None):
    argv = ["bill", site, *PERIOD]
    if out is not None:
        argv += ["--format", "html", "--out", out]
    return argv


def set_tenant(index, **fields):
    def change(doc):
        doc["tenants"][index].update(fields)
    return change


# ---- issue 16 #5 and the probe class "deep nesting" -------------------------------------------

def test_deep_json_in_site_json_is_refused_not_a_stack_overflow(tmp_path):
    """issue 16 #5: "places": [[[…]]] 100,000 deep crashed `validate` (recursion in dump())."""
    site = h.site_copy(tmp_path)
    p = site / "site.json"
    text = p.read_text()
    text = text.replace('"places": 2', '"places": ' + "[" * 100000 + "]" * 100000)
    p.write_text(text)
    h.expect_refused(["validate", site], tmp_path, "parse: JSON nested too deeply",
                     names=["site.json", "line=5", "limit=64"])


def test_deep_json_anywhere_is_refused(tmp_path):
    """Probe class deep nesting: a deep array where a tenant list belongs, in a v1 site."""
    site = h.site_copy(tmp_path, "v1-small")
    p = site / "site.json"
    p.write_text(p.read_text().replace('"tenants": [', '"tenants": ' + "[" * 70, 1))
    h.expect_refused(bill(site), tmp_path, "parse: JSON nested too deeply", names=["site.json"])


@pytest.mark.parametrize("loader,prefix", [("load_calendar", '{"format": '),
                                           ("load_tou_schedule", '{"format": ')])
def test_deep_calendar_or_tou_schedule_raises_error_in_python(tmp_path, loader, prefix):
    """issue 16 #5: Python's load_calendar / load_tou_schedule killed the interpreter."""
    f = tmp_path / "deep.json"
    f.write_text(prefix + "[" * 100000 + "]" * 100000 + "}")
    text = h.python_raises(f"submeter.{loader}({str(f)!r})", allowed=("Error",))
    assert "JSON nested too deeply" in text and "deep.json" in text


# ---- issue 16 #8: interval steps ---------------------------------------------------------------

def thirty_second_rows(site):
    """The reproduction of #8: v1-small's F1 intervals relabelled 30 s apart."""
    p = site / "intervals.csv"
    rows = p.read_text().split()[1:100]
    out = ["meter_id,start,kwh"]
    for i, row in enumerate(rows):
        seconds = 30 * i
        out.append(f"F1,2026-07-01T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d},"
                   f"{row.split(',')[2]}")
    p.write_text("\n".join(out) + "\n")


def test_thirty_second_intervals_are_not_billed_as_fifteen_minute_data(tmp_path):
    """issue 16 #8: 30-second rows were truncated to 15-minute data and a demand charge billed."""
    site = h.site_copy(tmp_path, "v1-small")
    thirty_second_rows(site)
    h.expect_refused(bill(site), tmp_path, "invalid_argument: an interval step must be",
                     names=["intervals.csv", "line=3", "step_seconds=30"])


def test_fifteen_and_a_half_minute_steps_are_refused(tmp_path):
    """issue 16 #8: 15 min 30 s was truncated to 15 min."""
    site = h.site_copy(tmp_path, "v1-small")
    (site / "intervals.csv").write_text("meter_id,start,kwh\nF1,2026-07-01T00:00:00,1\n"
                                        "F1,2026-07-01T00:15:30,1\n")
    h.expect_refused(bill(site), tmp_path, "invalid_argument", names=["intervals.csv", "line=3"])


def test_a_single_interval_does_not_default_to_fifteen_minutes(tmp_path):
    """issue 16 #8: a 0 step (one row) defaulted to 15 minutes."""
    site = h.site_copy(tmp_path, "v1-small")
    (site / "intervals.csv").write_text("meter_id,start,kwh\nF1,2026-07-01T00:00,1\n")
    h.expect_refused(bill(site), tmp_path, "invalid_argument: a meter with a single interval",
                     names=["intervals.csv", "line=2", "meter=F1"])


# ---- issue 16 #13 ------------------------------------------------------------------------------

def test_a_tenant_who_moved_out_before_the_period_is_skipped_with_a_warning(tmp_path):
    """issue 16 #13 (fixed by the Structure work): the month still bills, with a report line."""
    site = h.site_copy(tmp_path, "v1-small")
    h.edit_json(site / "site.json", set_tenant(0, move_out="2026-06-15T00:00"))
    out, _ = h.expect_ok(["validate", site, *PERIOD], tmp_path)
    assert "ok: 5 bills for 2026-07" in out and "warning: tenant_moved_out" in out
    out, _ = h.expect_ok(bill(site), tmp_path)
    assert "== T-A " not in out and "== T-B " in out
    assert "Warning: tenant_moved_out" in out


# ---- issue 16 #14: overflow and misleading messages --------------------------------------------

def test_json_1e400_is_a_located_parse_error(tmp_path):
    """issue 16 #14: JSON 1e400 was an internal error (exit 3) without file or place."""
    site = h.site_copy(tmp_path)
    p = site / "site.json"
    p.write_text(p.read_text().replace('"multiplier": 40', '"multiplier": 1e400'))
    h.expect_refused(bill(site), tmp_path, "parse: a number out of range",
                     names=["site.json", "line=13", "text=1e400"])


@pytest.mark.parametrize("value,message", [
    ("18446744073709551615", "a multiplier must be from 1 to 1000000"),
    ("9223372036854775808", "a multiplier must be from 1 to 1000000"),
    ('"1000000000"', "a multiplier must not exceed 1000000"),
])
def test_a_huge_multiplier_is_refused_with_a_true_message(tmp_path, value, message):
    """issue 16 #14: multiplier 2^64-1 said "must be > 0"; ≥ 2^63 overflowed."""
    site = h.site_copy(tmp_path)
    p = site / "site.json"
    p.write_text(p.read_text().replace('"multiplier": 40', '"multiplier": ' + value))
    err = h.expect_refused(bill(site), tmp_path, "invalid_argument: " + message,
                           names=["site.json", "path=$.meters[1].multiplier"])
    assert "must be > 0" not in err


def test_a_price_of_1e12_is_refused_at_the_reader(tmp_path):
    """issue 16 #14: price 1e12 overflowed the rating (exit 3)."""
    site = h.site_copy(tmp_path)
    h.edit_json(site / "site.json",
                lambda d: d["tariffs"][0].update(energy_price="1000000000000"))
    h.expect_refused(bill(site), tmp_path, "invalid_argument: a price must not exceed",
                     names=["site.json", "path=$.tariffs[0].energy_price"])


def test_two_trillion_kwh_is_refused_at_the_reader(tmp_path):
    """issue 16 #14: 2e12 kWh overflowed the rating (exit 3)."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").write_text(GOOD_CSV.replace("2234.56", "2000000000000"))
    h.expect_refused(bill(site), tmp_path, "invalid_argument: a value out of range",
                     names=["readings.csv", "line=4", "column=22", "field=total"])


def test_readings_from_minus_to_plus_9e14_are_refused(tmp_path):
    """issue 16 #14 and #20: −9e14 → 9e14 overflowed; a negative register is refused."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").write_text(
        GOOD_CSV.replace("1000.00", "-900000000000000").replace("2234.56", "900000000000000"))
    h.expect_refused(bill(site), tmp_path, "invalid_argument",
                     names=["readings.csv", "line=2", "field=total"])


def test_negative_cumulative_readings_are_refused(tmp_path):
    """issue 16 #20: readings −100 → −50 were billed as 50 kWh."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").write_text(
        GOOD_CSV.replace("1000.00", "-100").replace("2234.56", "-50"))
    h.expect_refused(bill(site), tmp_path,
                     "invalid_argument: a cumulative register reading cannot be negative",
                     names=["readings.csv", "line=2", "column=22", "field=total"])


def test_an_opening_balance_near_the_limit_is_refused(tmp_path):
    """issue 16 #14: an opening balance near int64's limit overflowed the account step."""
    site = h.site_copy(tmp_path, "v1-small")
    h.edit_json(site / "site.json",
                lambda d: d["tenants"][1]["account"].update(opening_balance="922337203685477"))
    h.expect_refused(bill(site), tmp_path, "invalid_argument: a value out of range",
                     names=["site.json", "path=$.tenants[1].account.opening_balance"])


def test_values_that_only_overflow_together_are_bad_input_not_internal_errors(tmp_path):
    """Probe class overflow: each value within its limit, their product beyond exact arithmetic:
    exit 1 naming the step and the tenant (never "internal error", exit 3)."""
    site = h.site_copy(tmp_path, "v1-small")
    p = site / "readings.csv"
    p.write_text(p.read_text().replace("B1,2026-08-01T00:00,1800,180,720,540,360",
                                       "B1,2026-08-01T00:00,9999999999,9999999000,720,540,360"))
    h.expect_refused(bill(site), tmp_path, "invalid_argument: the site's values are too large",
                     names=["overflow", "tenant=T-B"])


def test_an_electricity_meter_under_a_water_meter_is_named_as_such(tmp_path):
    """issue 16 #14: "unknown parent meter" was printed for an existing water meter."""
    site = h.site_copy(tmp_path, "v1-small")

    def change(d):
        for m in d["meters"]:
            if m["id"] == "B1":
                m["parent"] = "W1"
    h.edit_json(site / "site.json", change)
    err = h.expect_refused(bill(site), tmp_path,
                           "inconsistent: a meter's parent measures another medium",
                           names=["site.json", "path=$.meters[3].parent", "text=W1"])
    assert "unknown parent" not in err


def test_a_line_of_three_spaces_is_not_expected_7_fields(tmp_path):
    """issue 16 #14: a 3-space CSV line was reported as "expected 7 fields"."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").write_text(GOOD_CSV + "   \n")
    err = h.expect_refused(bill(site), tmp_path, "parse: a line of only spaces",
                           names=["readings.csv", "line=6"])
    assert "expected 7 fields" not in err


def test_a_mistyped_field_is_a_located_parse_error(tmp_path):
    """Probe class malformed JSON: a tenant list where a name belongs."""
    site = h.site_copy(tmp_path)
    h.edit_json(site / "site.json", set_tenant(0, name=["Tea", "shop"]))
    h.expect_refused(bill(site), tmp_path, "parse: expected a string, got an array",
                     names=["site.json", "path=$.tenants[0].name"])


@pytest.mark.parametrize("text,line", [
    ('{"format": "submeter-site-v0", "name": "x"', "1"),
    ('{"format": "submeter-site-v0",\n "name": "x",,}', "2"),
    ('{"format": "submeter-site-v0"}\n\xef\xbb\xbf', "2"),
])
def test_malformed_json_is_located(tmp_path, text, line):
    """Probe class malformed JSON: truncated, doubled comma, a byte-order mark after the
    value (a leading one is skipped, docs/reference/file-formats.md)."""
    site = h.site_copy(tmp_path)
    (site / "site.json").write_bytes(text.encode("latin-1") if "\xef" in text else text.encode())
    h.expect_refused(bill(site), tmp_path, "parse: not valid JSON",
                     names=["site.json", f"line={line}"])


@pytest.mark.parametrize("csv,line,field", [
    (GOOD_CSV.replace("M-1,2026-07-01", '"M-1",2026-07-01'), "2", "meter_id"),
    (GOOD_CSV.replace("meter_id,time", "meter,time"), "1", "meter"),
    (GOOD_CSV + "M-1,2026-09-01T00:00,3000,0,0,0\n", "6", "t4"),
    (GOOD_CSV + "M-1,2026-09-01T00:00,3000,0,0,0,0,0\n", "6", "(extra)"),
    (GOOD_CSV.replace("2234.56", "2,234.56"), "4", "(extra)"),
])
def test_malformed_csv_is_located(tmp_path, csv, line, field):
    """Probe class malformed CSV: quotes, a wrong header, short and long rows."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").write_text(csv)
    h.expect_refused(bill(site), tmp_path, "parse",
                     names=["readings.csv", f"line={line}", f"field={field}"])


# ---- issue 16 #15 and the probe class "control characters" ------------------------------------

@pytest.mark.parametrize("field,value", [
    ("name", "Tea shop\n== T-9 FAKE ==\n  Total: 0.00"),
    ("name", "\x1b[2JTea shop"),
    ("name", "Tea\x00shop"),
    ("name", "Tea\x85shop"),
])
def test_control_characters_in_a_name_are_refused(tmp_path, field, value):
    """issue 16 #15: a forged "== T-9 FAKE ==" header, a Total line, ANSI ESC[2J in the bills."""
    site = h.site_copy(tmp_path)
    h.edit_json(site / "site.json", set_tenant(0, **{field: value}))
    err = h.expect_refused(bill(site), tmp_path, "invalid_argument: a name must be",
                           names=["site.json", f"path=$.tenants[0].{field}"])
    assert "\x1b" not in err and "\x00" not in err and "FAKE ==\n" not in err


@pytest.mark.parametrize("value", ["../../pwned", "/tmp/abs_pwned", ".hidden", "a\\b",
                                   "T\x00-1", "T-1\n", "\x1b[31mT-1"])
def test_ids_with_path_tricks_or_controls_are_refused_at_load(tmp_path, value):
    """issue 16 "One rule for every identifier" (and #3): ids may not hold '/', '\\', NUL or
    controls, nor start with '.'; refused when site.json is read, before any file is written."""
    site = h.site_copy(tmp_path)

    def change(d):
        d["tenants"][0]["id"] = value
        d["meters"][0]["tenant"] = value
    h.edit_json(site / "site.json", change)
    out = tmp_path / "o"
    h.expect_refused(bill(site, out), tmp_path, "invalid_argument: an identifier must",
                     names=["site.json", "path=$.meters[0].tenant"], watch=[out])
    assert not out.exists()
    assert not (tmp_path / "pwned-2026-07.html").exists()


# ---- issue 16 #16 and the probe class "huge cells" ---------------------------------------------

def test_a_ten_megabyte_cell_is_not_echoed_whole(tmp_path):
    """issue 16 #16: a 10 MB CSV cell made a 10 MB stderr line; NUL and bad UTF-8 echoed raw."""
    site = h.site_copy(tmp_path)
    cell = b"\x00\xff" + b"9" * (10 * 1024 * 1024)
    (site / "readings.csv").write_bytes(
        GOOD_CSV.encode().replace(b"2234.56", cell, 1))
    err = h.expect_refused(bill(site), tmp_path, "parse: not a decimal energy",
                           names=["readings.csv", "line=4", "\\x00\\xFF999", "(10485764 bytes)"])
    assert len(err) < 1024


def test_a_huge_unknown_meter_id_is_cut(tmp_path):
    """Probe class huge cells: a 1 MB meter id of control characters in readings.csv."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").write_bytes(
        GOOD_CSV.encode() + b"\x1b" * (1 << 20) + b",2026-09-01T00:00,1,,,,\n")
    err = h.expect_refused(bill(site), tmp_path, "not_found: unknown meter",
                           names=["readings.csv", "line=6", "\\x1B\\x1B"])
    assert len(err) < 1024 and "\x1b" not in err


def test_a_huge_json_string_is_cut(tmp_path):
    """Probe class huge cells: a 5 MB tariff kind in site.json."""
    site = h.site_copy(tmp_path)
    h.edit_json(site / "site.json", lambda d: d["tariffs"][0].update(kind="k" * (5 << 20)))
    err = h.expect_refused(bill(site), tmp_path, "unsupported: unknown tariff kind",
                           names=["site.json", "path=$.tariffs[0].kind"])
    assert len(err) < 1024


# ---- issue 16 #20, the probe classes "FIFOs" and "path tricks" ---------------------------------

def test_site_json_as_a_fifo_is_refused_without_hanging(tmp_path):
    """issue 16 #20: site.json pointing at a FIFO hung the reader."""
    site = h.site_copy(tmp_path)
    (site / "site.json").unlink()
    os.mkfifo(site / "site.json")
    h.expect_refused(["validate", site], tmp_path, "invalid_argument: not a regular file",
                     names=["site.json", "kind=a FIFO"])


@pytest.mark.parametrize("name", ["readings.csv", "intervals.csv", "reactive.csv", "site.json"])
def test_a_site_file_pointing_at_dev_zero_is_refused(tmp_path, name):
    """issue 16 #20: a file pointing at /dev/zero grew memory without limit."""
    site = h.site_copy(tmp_path, "v1-small")
    (site / name).unlink()
    (site / name).symlink_to("/dev/zero")
    h.expect_refused(bill(site), tmp_path, "invalid_argument: not a regular file",
                     names=[name, "kind=a character device"])


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path, monkeypatch):
    """Bounded input: SUBMETER_MAX_FILE_BYTES (default 256 MiB) caps every file read."""
    site = h.site_copy(tmp_path)
    monkeypatch.setenv("SUBMETER_MAX_FILE_BYTES", "100")
    h.expect_refused(bill(site), tmp_path, "invalid_argument: the file is larger than the size limit",
                     names=["site.json", "limit_bytes=100", "set_by=SUBMETER_MAX_FILE_BYTES"])


def test_a_bad_size_limit_is_refused(tmp_path, monkeypatch):
    site = h.site_copy(tmp_path)
    monkeypatch.setenv("SUBMETER_MAX_FILE_BYTES", "lots")
    h.expect_refused(bill(site), tmp_path, "invalid_argument",
                     names=["variable=SUBMETER_MAX_FILE_BYTES", "text=lots"])


def test_a_directory_where_a_file_belongs_is_refused(tmp_path):
    """Probe class path tricks: readings.csv is a directory."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").unlink()
    (site / "readings.csv").mkdir()
    h.expect_refused(bill(site), tmp_path, "invalid_argument: not a regular file",
                     names=["readings.csv", "kind=a directory"])


def test_a_fifo_as_the_site_directory_is_refused(tmp_path):
    """Probe class path tricks: the site directory argument is a FIFO."""
    os.mkfifo(tmp_path / "site")
    h.expect_refused(bill(tmp_path / "site"), tmp_path, "not_found: not a site directory",
                     names=["site"])


def test_python_load_site_refuses_a_fifo(tmp_path):
    """issue 16 #20 from Python: submeter.Error, not a hang."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").unlink()
    os.mkfifo(site / "readings.csv")
    text = h.python_raises(f"submeter.load_site({str(site)!r})", allowed=("Error",))
    assert "not a regular file" in text and "readings.csv" in text


# ---- format v2, issue 22 items 3-5: hostile values of the new fields --------------------------

@pytest.mark.parametrize("change, code, place", [
    (lambda d: d["tenants"][3]["rent"].update(anchor_month=18446744073709551617), "parse",
     "path=$.tenants[3].rent.anchor_month"),
    (lambda d: d["tenants"][3]["rent"].update(anchor_month=1.5), "parse",
     "path=$.tenants[3].rent.anchor_month"),
    (lambda d: d["tenants"][3]["rent"].update(cycle="quarterly\u0000"), "parse",
     "path=$.tenants[3].rent.cycle"),
    (lambda d: d["water_losses"].update(price="1e400"), "parse", "path=$.water_losses.price"),
    (lambda d: d["water_losses"].update(price="99999999999999999999"), "parse",
     "path=$.water_losses.price"),
    (lambda d: d["water_losses"].update(price="100001"), "invalid_argument",
     "path=$.water_losses.price"),
    (lambda d: d["water_losses"].update(master={"id": "W0"}), "parse",
     "path=$.water_losses.master"),
    (lambda d: d["tou_periods"]["tou-x"].update(peak=[["08:00", "20:00"]] * 5000), "inconsistent",
     "path=$.tou_periods.tou-x"),
    (lambda d: d["tou_periods"]["tou-x"].update(peak=[["25:00", "20:00"]]), "parse",
     "path=$.tou_periods.tou-x.peak[0][0]"),
    (lambda d: d["tou_periods"].update({"../../etc/passwd": {"peak": [["00:00", "24:00"]]}}),
     "invalid_argument", "path=$.tou_periods"),
    (lambda d: d["tenants"][4].update(move_in="9999-99-99T99:99"), "parse",
     "path=$.tenants[4].move_in"),
    (lambda d: d["tenants"][6].update(basic_charge_cycle=[]), "parse",
     "path=$.tenants[6].basic_charge_cycle"),
])
def test_hostile_v2_cycle_fields_are_refused_with_their_place(tmp_path, change, code, place):
    site = h.site_copy(tmp_path, "v2-cycles")
    h.edit_json(site / "site.json", change)
    h.expect_refused(bill(site), tmp_path, code, names=["site.json", place])


def test_a_v2_field_in_a_v1_site_is_refused_by_name(tmp_path):
    site = h.site_copy(tmp_path, "v1-small")
    h.edit_json(site / "site.json",
                lambda d: d.update(water_losses={"master": "G", "basis": "area", "price": "1"}))
    h.expect_refused(bill(site), tmp_path, "unsupported: unknown field",
                     names=["site.json", "path=$.water_losses"])
