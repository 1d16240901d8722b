"""submeter.ledger.Account: the ledger from Python (include/submeter/ledger, issue 7)."""

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import submeter

from conftest import SOURCE_DIR


def prepaid_sequences():
    with open(SOURCE_DIR / "tests" / "data" / "vectors" / "prepaid.json", encoding="utf-8") as f:
        return json.load(f)["sequences"]


def window(w):
    if w["type"] == "daily":
        return ("daily", w["start"], w["end"])
    return ("weekday", w["isoweekday"])


def account_for(seq):
    p = seq["params"]
    acc = submeter.ledger.Account(
        seq["id"], [("M-1", "electricity")], alarm1=p["alarm1"], alarm2=p["alarm2"],
        overdraft_limit=p["overdraft_limit"], close_limit=p["close_limit"],
        hoarding_limit=p.get("hoarding_limit"), allow_counter_gap=True,
        notice_minutes=p["notice_minutes"],
        no_cut_windows=[window(w) for w in p.get("no_cut_windows", [])])
    init = seq["initial"]
    # Python opens accounts empty: reach the vector's initial state with one recharge.
    acc.recharge("2025-01-01T00:00", "M-1", init["last_counter"], init["balance"], "cash", "init")
    return acc


@pytest.mark.parametrize("seq", prepaid_sequences(), ids=lambda s: s["id"])
def test_prepaid_vectors(seq):
    acc = account_for(seq)
    counters = {}
    for ev in seq["events"]:
        x, t, kind = ev["expected"], ev["time"], ev["type"]
        if kind == "consume":
            amount = (Decimal(ev["kwh"]) * Decimal(ev["price"])).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP)
            p = acc.deduct(t, f"consume/{ev['n']}", amount, meter="M-1", kwh=ev["kwh"])
        elif kind == "recharge":
            ref = f"pay-{ev['counter']}-{ev['amount']}"
            p = acc.recharge(t, "M-1", ev["counter"], ev["amount"], "wechat_pay", ref)
            if p.status == "ok":
                counters[ev["counter"]] = p.entry["seq"]
        elif kind == "local_restore":
            p = acc.local_restore(t)
        elif kind == "remote":
            p = acc.remote(t, ev["command"])
        elif kind == "reversal":
            p = acc.reverse(t, f"rev/{ev['counter']}", counters[ev["counter"]])
        elif kind == "refund":
            p = acc.refund(t, f"refund/{ev['n']}", ev["amount"])
        else:
            p = acc.tick(t)
        assert p.status == x["result"], (ev["n"], p.message)
        assert acc.balance == Decimal(x["balance"])
        assert acc.level == x["level"]
        assert acc.relay == x["relay"]
        assert acc.lock == x["lock"]
        assert acc.protected == x["protected"]
        pending = acc.pending_cut[:16] if acc.pending_cut else None
        assert pending == x["pending_cut_at"]
        levels = [n.code for n in p.notifications
                  if n.code in ("alarm1", "alarm2", "overdraft", "exhausted", "cut_notice")]
        assert levels == x["notifications"]


def test_money_is_decimal_and_floats_are_refused():
    acc = submeter.ledger.Account("A", [("M-1", "electricity")], alarm1="50", alarm2="20")
    with pytest.raises(TypeError):
        acc.recharge("2025-01-01T00:00", "M-1", 1, 10.5)
    p = acc.recharge("2025-01-01T00:00", "M-1", 1, Decimal("10.50"), "alipay", "a1")
    assert p.status == "ok" and p.accepted
    assert isinstance(acc.balance, Decimal) and acc.balance == Decimal("10.5")
    assert p.entry["channel"] == "alipay"


def test_bad_input_raises_error_with_code():
    acc = submeter.ledger.Account("A", [("M-1", "electricity")])
    with pytest.raises(submeter.Error) as e:
        acc.recharge("2025-01-01T00:00", "M-1", 1, "-5")
    assert e.value.code == "invalid_argument"
    with pytest.raises(submeter.Error):
        acc.recharge("2025-01-01T00:00", "M-1", 1, "5", "bitcoin")
    with pytest.raises(submeter.Error):
        submeter.ledger.Account("A", [("M-1", "gas")])
    # Business refusals are values.
    assert acc.refund("2025-01-01T00:00", "r", "1").status == "rejected_insufficient_balance"
    assert acc.reverse("2025-01-01T00:00", "x", 7).status == "rejected_unknown_entry"
    assert acc.entries == []


def test_life_cycle_statement_and_closing():
    acc = submeter.ledger.Account("S", [("E-1", "electricity"), ("W-1", "water")], alarm1="50",
                                  alarm2="20", balance_alarms=["100"])
    acc.recharge("2025-03-01T10:00", "E-1", 1, "300", "wechat_pay", "wx")
    acc.deduct("2025-04-01T00:00", "b/E", "136.76", meter="E-1", kwh="210.4", reading="210.4")
    acc.deduct("2025-04-01T00:00", "b/W", "43.13", meter="W-1", m3="12.5")
    p = acc.deduct("2025-04-01T00:00", "b/fee", "40", reference="property fee")
    assert [n.code for n in p.notifications] == ["balance_alarm"]
    s = acc.statement("2025-03-01T00:00", "2025-05-01T00:00")
    assert s.opening_balance + s.recharges + s.electricity + s.water + s.fees == s.closing_balance
    assert s.electricity_kwh == Decimal("210.4") and s.water_m3 == Decimal("12.5")
    plan = acc.close("2025-04-18T17:00", "close", [("E-1", "306", "0.65")], [("fee", "24")])
    assert plan["final_kwh"] == [Decimal("95.6")]
    # 300 − 136.76 − 43.13 − 40 = 80.11 left; 95.6 kWh × 0.65 = 62.14 and 24 of fees exceed it.
    assert plan["refund"] == 0
    assert plan["unpaid"] == Decimal("62.14") + Decimal("24") - Decimal("80.11")
    assert acc.closed and acc.relay == "open"
    d = acc.decision("2025-04-18T18:00")
    assert d.reasons and not d.closed


def test_no_cut_windows_use_the_holiday_calendar():
    cal = submeter.calendar.china_calendar()
    acc = submeter.ledger.Account("N", [("M-1", "electricity")], notice_minutes=30,
                                  no_cut_windows=[("daily", "18:00", "08:00"),
                                                  ("days", ["holiday"])],
                                  holidays=cal)
    acc.recharge("2025-09-30T09:00", "M-1", 1, "10", "cash", "r")
    # 国庆节 2025 runs 1–8 October: a cut due on 30 September 18:10 waits until the 9th, 08:00.
    p = acc.deduct("2025-09-30T17:40", "d", "11")
    assert [n.code for n in p.notifications][:2] == ["exhausted", "cut_notice"]
    assert acc.pending_cut == "2025-10-09T08:00:00"
    d = acc.decision("2025-10-05T12:00")
    assert not d.cut and d.reasons[-1] == "notice until 2025-10-09T08:00:00"
    assert acc.tick("2025-10-09T08:00").notifications[0].code == "cut_executed"
    assert acc.relay == "open" and acc.lock == "locked"
    with pytest.raises(submeter.Error):
        submeter.ledger.Account("X", [("M-1", "electricity")], no_cut_windows=[("nightly",)])


ops = st.lists(st.tuples(st.sampled_from(["recharge", "fee", "refund", "reverse", "adjust"]),
                         st.integers(min_value=1, max_value=50000),
                         st.integers(min_value=1, max_value=30)), max_size=40)


def replay(script):
    acc = submeter.ledger.Account("P", [("M-1", "electricity")], alarm1="50", alarm2="20",
                                  overdraft_limit="100", allow_counter_gap=True)
    counter = 0
    for i, (kind, cents, n) in enumerate(script):
        t = f"2025-01-01T{i // 60:02d}:{i % 60:02d}"
        amount = Decimal(cents) / 100
        if kind == "recharge":
            counter += 1
            acc.recharge(t, "M-1", counter, amount, "cash", f"p{counter}")
        elif kind == "fee":
            acc.deduct(t, f"f{i}", amount)
        elif kind == "refund":
            acc.refund(t, f"r{i}", amount)
        elif kind == "reverse":
            acc.reverse(t, f"v{i}", n)
        else:
            acc.adjust(t, f"a{i}", amount if n % 2 else -amount)
    return acc


@settings(max_examples=60, deadline=None)
@given(ops)
def test_fold_is_deterministic_and_statements_add_up(script):
    a, b = replay(script), replay(script)
    assert a.balance == b.balance and a.entries == b.entries
    s = a.statement("2024-12-31T00:00", "2025-01-02T00:00")
    total = (s.recharges + s.electricity + s.water + s.fees + s.adjustments + s.refunds
             + s.reversals + s.settlements)
    assert s.opening_balance + total == s.closing_balance == a.balance
    assert sum((e["balance_after"] - e["balance_before"] for e in a.entries), Decimal(0)) == a.balance
