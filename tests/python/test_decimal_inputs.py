"""Money, energy and prices cross the boundary exactly: Decimal, int or str in; float refused."""
from decimal import Decimal

import pytest

import submeter


@pytest.mark.parametrize("price", [Decimal("0.73"), "0.73", Decimal("73E-2"), Decimal("0.7300")])
def test_price_inputs_are_exact(price):
    tariff = submeter.tariff.flat_tariff("f", price)
    assert tariff.prices == {0: Decimal("0.73")}


def test_int_and_exponent_forms():
    assert submeter.tariff.flat_tariff("f", 1).prices[0] == 1
    # str(Decimal("1E+2")) is "1E+2"; the module must read it as 100.
    lines = submeter.tariff.flat_tariff("f", Decimal("1E+2")).rate(Decimal("1E+1"))
    assert lines[0].amount == Decimal("1000")


@pytest.mark.parametrize("bad", [0.73, 1.0, float("nan")])
def test_float_price_raises_type_error(bad):
    with pytest.raises(TypeError, match="float"):
        submeter.tariff.flat_tariff("f", bad)


def test_float_quantity_raises_type_error():
    tariff = submeter.tariff.tou_tariff("t", {1: "1.35", 2: "1.08"})
    with pytest.raises(TypeError):
        tariff.rate(10, {1: 1.5, 2: "3"})
    with pytest.raises(TypeError):
        tariff.rate(10.0, {1: "1.5", 2: "3"})
    with pytest.raises(TypeError):
        submeter.tariff.tou_tariff("t", {1: 1.35})


def test_other_types_raise_type_error():
    for bad in (True, None, [1], b"1"):
        with pytest.raises(TypeError):
            submeter.tariff.flat_tariff("f", bad)


def test_malformed_decimal_strings_raise_submeter_error():
    for bad in ("", "1,000", "+1", " 1", "1e3", "0.0000001"):
        with pytest.raises(submeter.Error) as info:
            submeter.tariff.flat_tariff("f", bad)
        assert info.value.code == "parse"


def test_tou_rating_explains_lines():
    tariff = submeter.tariff.tou_tariff("tou", {4: "0.24", 1: "1.35"})
    lines = tariff.rate("100", {1: "10", 4: Decimal("400.25")}, meter_id="M-9")
    assert [l.register for l in lines] == [1, 4]
    assert lines[1].explanation == "400.25 kWh × 0.24 = 96.06"
    assert lines[1].unrounded == Decimal("96.06")
    assert lines[0].meter_id == "M-9"


def test_rounding_modes():
    tariff = submeter.tariff.flat_tariff("f", "0.01")
    assert tariff.rate("0.5")[0].amount == Decimal("0.01")
    assert tariff.rate("0.5", mode="half_even")[0].amount == Decimal("0.00")
    assert tariff.rate("0.5", scope="total_only")[0].amount == Decimal("0.005")
    with pytest.raises(submeter.Error):
        tariff.rate("0.5", places=7)
