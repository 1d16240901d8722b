"""The Python module given hostile values: each call runs in a child interpreter and must raise
submeter.Error, TypeError or ValueError, quickly, never RuntimeError, SystemError,
UnicodeDecodeError, IndexError, KeyError or a dead interpreter (issue 16 #14 Python half, #19)."""
import subprocess
import time

import hostile as h


def python_ok(code, cwd=None):
    """Runs `code` in a child interpreter; it must not raise. Returns its stdout."""
    r = subprocess.run([h.PYTHON, "-c", "import submeter\n" + code], capture_output=True,
                       timeout=h.TIMEOUT, cwd=cwd)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")[-2000:]
    return r.stdout.decode("utf-8")


def test_no_cut_window_that_is_not_a_tuple_is_a_type_error():
    """issue 16 #14: no_cut_windows=['daily'] raised SystemError (reinterpret_borrow<py::tuple>
    on a str)."""
    account = "submeter.ledger.Account('A', [('M-1', 'electricity')], no_cut_windows={})"
    for windows in ("['daily']", "[7]", "[None]", "[('daily', 18, '08:00')]",
                    "[('weekday', '7')]", "[('weekday', -1.0)]", "[('days', 'sunday')]",
                    "[('days', [1])]", "[(1, 2)]"):
        text = h.python_raises(account.format(windows), allowed=("TypeError",))
        assert "no_cut_windows" in text, text
    for windows in ("[()]", "[('weekday', 0)]", "[('weekday', -1)]", "[('weekday', 2**70)]",
                    "[('hourly', '1')]", "[('days', ['someday'])]"):
        h.python_raises(account.format(windows), allowed=("Error",))


def test_invalid_utf8_in_an_error_context_is_submeter_error(tmp_path):
    """issue 16 #14: invalid UTF-8 in an error's context raised UnicodeDecodeError instead of
    submeter.Error; it is shown as \\xNN."""
    site = h.site_copy(tmp_path)
    (site / "readings.csv").write_bytes(
        (site / "readings.csv").read_bytes().replace(b"M-2,2026-07", b"M-\xff\xfe,2026-07"))
    text = h.python_raises(f"submeter.load_site({str(site)!r})", allowed=("Error",))
    assert "\\xFF\\xFE" in text, text
    context = python_ok(
        f"try:\n    submeter.load_site({str(site)!r})\n"
        "except submeter.Error as e:\n    print(e.code, ascii(e.context))\n")
    assert "readings.csv" in context and "\\\\xFF" in context, context


def test_huge_decimal_is_refused_quickly():
    """issue 16 #19: decimal_text used format(d, "f"): Decimal('1e+99999999') built a 100 MB
    string (1.2 s; 1e+999999999 about 1 GB) that was copied into the exception."""
    for value in ("Decimal('1e+99999999')", "Decimal('1e+999999999')", "Decimal('-1e-99999999')",
                  "Decimal('1.' + '0' * 200 + '1')", "10 ** 100000", "-(10 ** 1000)"):
        start = time.monotonic()
        text = h.python_raises("from decimal import Decimal\n"
                               f"submeter.tariff.flat_tariff('F', {value})", allowed=("Error",))
        assert time.monotonic() - start < 10, value
        assert len(text) < 400, f"{value}: {len(text)} characters of message"
        assert "energy_price" in text, text


def test_decimals_with_long_but_exact_text_are_still_accepted():
    """issue 16 #19: the refusal bounds the work, not the values: trailing zeros and exponents
    that name an ordinary value still parse exactly."""
    out = python_ok(
        "from decimal import Decimal\n"
        "for v in (Decimal('0.73' + '0' * 500), Decimal('73E-2'), Decimal('0.0073E+2'),\n"
        "          Decimal('-0'), Decimal('0E-999999'), Decimal('1E+3'), 10 ** 5):\n"
        "    print(submeter.tariff.flat_tariff('F', v).prices)\n")
    assert out.splitlines()[:3] == ["{0: Decimal('0.73')}"] * 3, out
    assert out.splitlines()[3:] == ["{0: Decimal('0.00')}"] * 2 + [
        "{0: Decimal('1000.00')}", "{0: Decimal('100000.00')}"], out


def test_load_site_takes_bytes_and_path_like_paths(tmp_path):
    """issue 16 #19: load_site(b'/path') looked for the literal "b'/path'"."""
    site = h.site_copy(tmp_path)
    out = python_ok(
        "import pathlib\n"
        f"for p in ({bytes(site)!r}, pathlib.Path({str(site)!r}), {str(site)!r}):\n"
        "    print(submeter.load_site(p).run('2026-07').bills[0].total)\n")
    assert out.split() == ["901.23"] * 3, out
    text = h.python_raises(f"submeter.load_site({bytes(tmp_path / 'nowhere')!r})",
                           allowed=("Error",))
    assert str(tmp_path / "nowhere") in text and "b'" not in text, text
    h.python_raises("submeter.load_site(12)", allowed=("TypeError",))
    h.python_raises("submeter.calendar.load_calendar(None)", allowed=("TypeError",))


def test_structured_arguments_of_the_wrong_shape():
    """issue 16 #14, the same class as no_cut_windows in the other bindings: a tuple too short,
    a str for a tuple, a dict without its key, an int for a str: TypeError or submeter.Error,
    never IndexError, KeyError or RuntimeError."""
    tou = ("submeter.tariff.version_history({1: 'peak'}, [('v1', '2026-01-01T00:00', "
           "{1: '1.00'})])")
    tiered = "submeter.tariff.tiered_tariff('L', 'pooled', ['100'], {0: ['0.5', '0.8']})"
    for code in (
            "submeter.tariff.version_history({1: 'peak'}, [('v1', '2026-01-01T00:00')])",
            "submeter.tariff.version_history({1: 'peak'}, ['v1'])",
            "submeter.tariff.version_history({1: 'peak'}, [(1, '2026-01-01T00:00', {})])",
            f"{tou}.rate({{'time': '2026-07-01T00:00', 'total': 0}}, 'to')",
            f"{tiered}.rate([(0,)])",
            f"{tiered}.rate(['0'])",
            f"{tiered}.rate_by_day([(0, '2026-07-01T00:00', '2026-07-02T00:00')])",
            "submeter.tariff.tiered_tariff('L', 'pooled', ['100'], {0: '0.5'})",
            "submeter.tariff.tiered_tariff('L', 'adder', ['100'], {0: ['0.5']})",
            "submeter.rerate.rerate_bills('S', [('B-1',)], '', 'v', '2026-07-01T00:00', {})",
            "submeter.rerate.rerate_bills('S', ['B-1'], '', 'v', '2026-07-01T00:00', {})",
            "submeter.rerate.rerate_bills('S', [], '', 'v', '2026-07-01T00:00', {}, "
            "reads={'M-1': '1'})",
            "submeter.ledger.Account('A', [('M-1', 'electricity')], holidays='cn')"):
        h.python_raises(code, allowed=("TypeError",))
    for code in (
            f"{tou}.rate({{'total': 0}}, {{'time': '2026-08-01T00:00', 'total': 1}})",
            "submeter.rerate.rerate_bills('S', [], '', 'v', '2026-07-01T00:00', {'x': '1'})"):
        h.python_raises(code, allowed=("Error",))
