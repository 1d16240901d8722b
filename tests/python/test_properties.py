"""Hypothesis: a line's amount equals Python's own decimal arithmetic, rounded half-up to 0.01."""
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import submeter

# kWh to 1e-4 and prices to 1e-6, within the ranges a submeter bill sees.
quantities = st.integers(min_value=0, max_value=10**10).map(lambda m: Decimal(m).scaleb(-4))
prices = st.integers(min_value=0, max_value=10**7).map(lambda m: Decimal(m).scaleb(-6))


@settings(max_examples=300, deadline=None)
@given(quantities, prices)
def test_line_amount_matches_python_decimal(quantity, price):
    line = submeter.tariff.flat_tariff("f", price).rate(quantity)[0]
    exact = quantity * price
    assert line.unrounded == exact
    assert line.amount == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    even = submeter.tariff.flat_tariff("f", price).rate(quantity, mode="half_even")[0]
    assert even.amount == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(quantities, prices), min_size=1, max_size=8))
def test_tou_lines_sum(pairs):
    pairs = pairs[:8]
    tariff = submeter.tariff.tou_tariff("t", {n + 1: p for n, (_, p) in enumerate(pairs)})
    lines = tariff.rate(0, {n + 1: q for n, (q, _) in enumerate(pairs)})
    assert len(lines) == len(pairs)
    for line, (q, p) in zip(lines, pairs):
        assert line.amount == (q * p).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
