"""What crosses the Python boundary unchecked must not crash it: path objects, numbers far beyond
any quantity, structured arguments of the wrong shape, and input bytes that are not UTF-8 in an
error's context (issue 16 #14, #19). The hostile corpus repeats these in child interpreters
(tests/hostile/test_python.py)."""
import os
import shutil
from decimal import Decimal

import pytest

import submeter


@pytest.mark.parametrize("huge", [Decimal("1e+99999999"), Decimal("-1e+999999999"),
                                  Decimal("1e-99999999"), Decimal("1." + "0" * 150 + "1"),
                                  10 ** 100000, Decimal("1" * 101)],
                         ids=lambda v: type(v).__name__)  # str(10 ** 100000) is refused
def test_numbers_beyond_any_quantity_are_refused_before_their_text_is_built(huge):
    # issue 16 #19: format(Decimal("1e+99999999"), "f") was a 100 MB string (1.2 s), then copied
    # into the exception. The digits and exponent are checked first.
    with pytest.raises(submeter.Error) as info:
        submeter.tariff.flat_tariff("f", huge)
    assert info.value.code == "parse"
    assert "energy_price" in info.value.message
    assert len(str(info.value)) < 400


def test_long_but_ordinary_decimals_are_exact():
    # Trailing zeros after the point do not count against the bound; exponents that name an
    # ordinary value still parse, and the types' own refusals answer what is merely too large.
    for price in (Decimal("0.73" + "0" * 500), Decimal("0.0073E+2"), Decimal("7300E-4")):
        assert submeter.tariff.flat_tariff("f", price).prices == {0: Decimal("0.73")}
    assert submeter.tariff.flat_tariff("f", Decimal("0E-999999")).prices == {0: Decimal("0")}
    assert submeter.tariff.flat_tariff("f", Decimal("-0")).prices == {0: Decimal("0")}
    with pytest.raises(submeter.Error):
        submeter.tariff.flat_tariff("f", Decimal("1e40"))


def test_invalid_utf8_in_the_context_is_escaped(sites_dir, tmp_path):
    # issue 16 #14: a meter id with bytes that are not UTF-8 made the error UnicodeDecodeError.
    site = tmp_path / "site"
    shutil.copytree(sites_dir / "good", site)
    csv = (site / "readings.csv").read_bytes().replace(b"M-2,2026-07", b"M-\xff,2026-07")
    (site / "readings.csv").write_bytes(csv)
    with pytest.raises(submeter.Error) as info:
        submeter.load_site(site)
    assert info.value.code == "not_found"
    assert info.value.context["text"] == "M-\\xFF"
    assert "M-\\xFF" in str(info.value)


def test_paths_may_be_str_bytes_or_path_like(sites_dir):
    # issue 16 #19: load_site(b"/path") looked for the file "b'/path'".
    for path in (str(sites_dir / "good"), os.fsencode(sites_dir / "good"), sites_dir / "good"):
        assert str(submeter.load_site(path).run("2026-07").bills[0].total) == "901.23"
    with pytest.raises(submeter.Error) as info:
        submeter.load_site(os.fsencode(sites_dir / "nowhere"))
    assert "b'" not in str(info.value) and "nowhere" in str(info.value)
    with pytest.raises(TypeError, match="path"):
        submeter.load_site(3)
    with pytest.raises(TypeError, match="path"):
        submeter.calendar.load_calendar(None)


@pytest.mark.parametrize("windows", [["daily"], [7], [("daily", 18, "08:00")],
                                     [("weekday", "7")], [("days", "sunday")], [("days", [1])]])
def test_no_cut_windows_of_the_wrong_type_are_type_errors(windows):
    # issue 16 #14: ['daily'] raised SystemError (a str read as a tuple).
    with pytest.raises(TypeError, match="no_cut_windows"):
        submeter.ledger.Account("A", [("M-1", "electricity")], no_cut_windows=windows)


@pytest.mark.parametrize("windows", [[()], [("weekday", 0)], [("weekday", -1)],
                                     [("weekday", 2 ** 70)], [("hourly", "1")]])
def test_no_cut_windows_of_the_wrong_value_are_submeter_errors(windows):
    with pytest.raises(submeter.Error):
        submeter.ledger.Account("A", [("M-1", "electricity")], no_cut_windows=windows)


def test_wrong_python_types_are_type_errors_not_runtime_errors():
    # pybind11's cast_error (a RuntimeError by default) is a TypeError for every binding, and
    # tuples are checked before they are indexed (no IndexError).
    with pytest.raises(TypeError):
        submeter.tariff.tou_tariff("t", {"one": "1.35"})
    with pytest.raises(TypeError, match="bills"):
        submeter.rerate.rerate_bills("S", [("B-1",)], "", "v", "2026-07-01T00:00", {})
    with pytest.raises(TypeError, match="versions"):
        submeter.tariff.version_history({1: "peak"}, [("v1", "2026-01-01T00:00")])
