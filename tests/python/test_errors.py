"""Bad sites raise submeter.Error (a ValueError) with a code and a context naming the place."""
import pytest

import submeter


@pytest.mark.parametrize(
    "case, code, expected",
    [
        ("bad-json", "parse", {"line": "8", "column": "5"}),
        ("json-number", "parse", {"path": "$.tariffs[0].energy_price", "field": "energy_price"}),
        ("missing-field", "parse", {"path": "$.tenants[1].tariff", "field": "tariff"}),
        ("unknown-tariff", "not_found", {"path": "$.tenants[1].tariff", "text": "tou-2025"}),
        ("unknown-meter", "not_found", {"line": "4", "column": "1", "field": "meter_id"}),
        ("backwards", "inconsistent",
         {"line": "4", "field": "total", "meter": "M-1", "from_value": "1000.00",
          "to_value": "999.99"}),
        ("bad-decimal", "parse", {"line": "5", "column": "35", "field": "t2"}),
        ("out-of-order", "out_of_order", {"line": "6", "field": "time"}),
    ],
)
def test_bad_sites(sites_dir, case, code, expected):
    with pytest.raises(submeter.Error) as info:
        submeter.load_site(sites_dir / case)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.code == code
    assert err.context["file"].endswith(case + ("/readings.csv" if "line" in expected and case != "bad-json" else "/site.json"))
    for key, value in expected.items():
        assert err.context[key] == value, (key, err.context)
    assert err.message in str(err)


def test_missing_directory(sites_dir):
    with pytest.raises(submeter.Error) as info:
        submeter.load_site(sites_dir / "does-not-exist")
    assert info.value.code == "not_found"


def test_period_without_readings(sites_dir):
    site = submeter.load_site(sites_dir / "good")
    with pytest.raises(submeter.Error) as info:
        site.bill("2026-09")
    assert info.value.code == "not_found"
    assert info.value.context["bound"] == "start"
    with pytest.raises(submeter.Error):
        site.bill("July")
