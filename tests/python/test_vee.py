"""submeter.vee: validation and estimation of meter reads from Python (include/submeter/vee,
issue 18). The two months of run_vee are those of tests/vee/pass_test.cpp, with the same numbers."""

import threading
from decimal import Decimal

import pytest

import submeter
from submeter import metering, vee

JULY = ("2026-07-01T00:00", "2026-08-01T00:00")
HISTORY = [("2026-04-01T00:00", "2026-05-01T00:00"), ("2026-05-01T00:00", "2026-05-31T00:00"),
           ("2026-06-01T00:00", "2026-07-01T00:00")]


def read(meter, time, value, received=None, register=0):
    return metering.RegisterValue(meter, register, time, value, received=received,
                                  source="acrel_gateway")


def month_of_problems():
    """tests/vee/pass_test.cpp run_vee.a_month_of_problems."""
    rows = [read("A", t, v) for t, v in [("2026-04-01T00:00", "1000.00"),
                                          ("2026-05-01T00:00", "1100.00"),
                                          ("2026-06-01T00:00", "1200.00"),
                                          ("2026-07-01T00:00", "1300.00")]]
    # B goes backwards, is read twice with two values, and its clock runs an hour ahead
    rows += [read("B", "2026-07-01T00:00", "500.00"), read("B", "2026-07-10T00:00", "520.00"),
             read("B", "2026-07-20T00:00", "510.00"),
             read("B", "2026-08-01T00:00", "530.00", received="2026-07-31T23:00"),
             read("B", "2026-07-10T00:00", "520.50")]
    rows.append(read("C", "2026-07-01T00:00", "1.00"))  # no history, no end read
    rows += [read("D", t, v) for t, v in [("2026-04-01T00:00", "0.00"),
                                          ("2026-05-01T00:00", "100.00"),
                                          ("2026-06-01T00:00", "200.00"),
                                          ("2026-07-01T00:00", "300.00"),
                                          ("2026-08-01T00:00", "800.00")]]
    # an estimated row in the store is not a read
    rows.append(metering.RegisterValue("D", 0, "2026-07-15T00:00", "9999.00", quality="estimated"))
    return rows


def as_tuple(f):
    return (f.meter_id, f.rule, f.name, f.severity, f.register_number, f.time, f.until, f.value,
            f.expected)


def test_a_month_of_problems():
    rep = vee.run_vee(month_of_problems(), vee.VeePeriod(*JULY, HISTORY))
    assert (rep.meters, rep.reads) == (4, 15)
    assert [as_tuple(f) for f in rep.findings] == [
        ("B", "VEE-1", "duplicate", "exception", 0, "2026-07-10T00:00:00", "2026-07-10T00:00:00",
         Decimal("520.50"), Decimal("520.00")),
        ("B", "VEE-3", "backwards", "exception", 0, "2026-07-20T00:00:00", "2026-07-20T00:00:00",
         Decimal("510.00"), Decimal("520.00")),
        ("B", "VEE-8", "clock_skew", "warning", 0, "2026-08-01T00:00:00", "2026-08-01T00:00:00",
         Decimal("530.00"), None),
        ("C", "VEE-2", "gap", "exception", 0, "2026-08-01T00:00:00", "2026-08-01T00:00:00", None,
         None),
        ("D", "VEE-5", "high_low", "warning", 0, "2026-07-01T00:00:00", "2026-07-01T00:00:00",
         Decimal("500.00"), Decimal("100.00")),
    ]
    assert rep.findings[0].message == (
        "one read arrived with two values (520.00 kept, 520.50 set aside)")
    assert rep.findings[2].message == (
        "device time is 3600 s ahead of the time received (2026-07-31T23:00:00)")
    assert rep.exceptions == ["B", "C"]
    [e] = rep.estimates
    assert (e.meter_id, e.register_number, e.time, e.value, e.method, e.rule) == (
        "A", 0, "2026-08-01T00:00:00", Decimal("1400.00"), "average_of_periods", "EST-3")
    assert e.basis == (
        "last read 1300.00 at 2026-07-01T00:00:00 + 100.00 (average use of 3 earlier periods)")
    row = e.as_value()
    assert (row.meter_id, row.time, row.value, row.source, row.quality, row.received) == (
        "A", "2026-08-01T00:00:00", Decimal("1400.00"), "vee_estimate", "estimated", None)


def test_earlier_estimates_are_used_as_they_are_and_capped_by_est_4():
    rows = month_of_problems()
    july = vee.run_vee(rows, vee.VeePeriod(*JULY, HISTORY))
    september = vee.VeePeriod("2026-08-01T00:00", "2026-09-01T00:00", HISTORY[1:] + [JULY])
    again = vee.run_vee(rows, september, earlier=july.estimates)
    of_a = [(e.time, e.value) for e in again.estimates if e.meter_id == "A"]
    assert of_a == [("2026-09-01T00:00:00", Decimal("1500.00"))]
    assert "A" not in again.exceptions

    strict = vee.VeeOptions(estimates=vee.EstimateParams(max_consecutive=1))
    capped = vee.run_vee(rows, september, strict, earlier=july.estimates)
    [cap] = [f for f in capped.findings if f.meter_id == "A"]
    assert as_tuple(cap) == ("A", "EST-4", "estimate_cap", "exception", 0, "2026-09-01T00:00:00",
                             "2026-09-01T00:00:00", None, None)
    assert "A" in capped.exceptions
    # An earlier estimate made in Python counts as one from a pass.
    made = vee.Estimate("A", 0, "2026-08-01T00:00", "1400.00")
    again = vee.run_vee(rows, september, earlier=[made])
    assert [(e.time, e.value) for e in again.estimates if e.meter_id == "A"] == [
        ("2026-09-01T00:00:00", Decimal("1500.00"))]


def fifteen_minute_rows():
    """tests/vee/pass_test.cpp run_vee.fifteen_minute_meters_get_interval_rules_and_short_gaps..:
    0.50 kWh a quarter hour, 30 kWh more in the 40th, the reads of 02:30 and 02:45 missing."""
    rows, r = [], Decimal("100.00")
    for q in range(97):
        if q == 40:
            r += Decimal("30.00")
        if q not in (10, 11):
            hh, mm = divmod(q * 15, 60)
            t = "2026-07-02T00:00" if q == 96 else f"2026-07-01T{hh:02d}:{mm:02d}"
            rows.append(metering.RegisterValue("E", 0, t, r))
        r += Decimal("0.50")
    return rows


def test_fifteen_minute_reads_get_interval_rules_and_short_gaps_filled():
    rep = vee.run_vee(fifteen_minute_rows(), vee.VeePeriod("2026-07-01T00:00", "2026-07-02T00:00"))
    assert [as_tuple(f) for f in rep.findings] == [
        ("E", "VEE-2", "gap", "warning", 0, "2026-07-01T02:15:00", "2026-07-01T03:00:00", None,
         None),
        ("E", "VEE-4", "spike", "warning", 0, "2026-07-01T09:45:00", "2026-07-01T10:00:00",
         Decimal("30.50"), Decimal("0.50")),
    ]
    assert rep.findings[0].message == "3 intervals of 15 min missing"
    assert [(e.time, e.value, e.rule, e.method) for e in rep.estimates] == [
        ("2026-07-01T02:30:00", Decimal("105.00"), "EST-1", "linear"),
        ("2026-07-01T02:45:00", Decimal("105.50"), "EST-1", "linear"),
    ]
    assert rep.estimates[0].basis == (
        "between 2026-07-01T02:15:00 (104.50) and 2026-07-01T03:00:00 (106.00)")
    assert rep.exceptions == []
    assert (rep.meters, rep.reads) == (1, 95)
    # A coarser grid sees no gap: the reads are on the hour too, but the spike's hour is judged.
    hourly = vee.run_vee(fifteen_minute_rows(),
                         vee.VeePeriod("2026-07-01T00:00", "2026-07-02T00:00"),
                         vee.VeeOptions(read_interval_minutes=60))
    assert [f.name for f in hourly.findings] == ["spike"]
    assert hourly.estimates == []


def test_meter_context_and_multipliers():
    rows = [read("M", "2026-07-01T00:00", "10.00"), read("M", "2026-08-01T00:00", "20.00")]
    period = vee.VeePeriod(*JULY)
    obs = [vee.MultiplierObservation("M", "2026-07-05T00:00", 40),
           vee.MultiplierObservation("M", "2026-07-20T00:00", "80")]
    rep = vee.run_vee(rows, period, meters=[vee.MeterContext("M", multiplier=40)],
                      multipliers=obs)
    assert [(f.rule, f.time, f.message) for f in rep.findings] == [
        ("VEE-9", "2026-07-20T00:00:00", "the multiplier changed from 40 to 80")]
    assert rep.exceptions == ["M"]
    rep = vee.run_vee(rows, period, meters=[vee.MeterContext("M", multiplier=80)],
                      multipliers=obs[:1])
    assert [f.message for f in rep.findings] == [
        "the multiplier reported (40) differs from the site's (80)"]
    ctx = vee.MeterContext("M", occupied=[("2026-07-01T08:00", "2026-07-01T20:00")],
                           register_format=vee.RolloverParams(8, 2))
    assert ctx.occupied == [("2026-07-01T08:00:00", "2026-07-01T20:00:00")]
    assert ctx.register_format.largest == Decimal("99999999.99")
    assert vee.MeterContext("M").occupied is None


def test_a_rollover_is_counted_across():
    # docs/meter-data.md: 999999.99 rolled over at 02:00, use 12.50 counted across it.
    rows = [read("R", "2026-07-01T00:00", "999990.00"), read("R", "2026-07-01T02:00", "2.50"),
            read("R", "2026-08-01T00:00", "40.00")]
    rep = vee.run_vee(rows, vee.VeePeriod(*JULY))
    assert [(f.rule, f.name, f.severity, f.message) for f in rep.findings] == [
        ("VEE-3", "rollover", "info",
         "the register rolled over its largest value (999999.99); use 12.50 counted across it")]
    assert rep.exceptions == []
    assert vee.classify_step("999990.00", "2.50") == ("rollover", Decimal("12.50"))
    assert vee.classify_step("100", "90") == ("backwards", Decimal("-10.00"))
    assert vee.classify_step(90, Decimal("100.5")) == ("forward", Decimal("10.50"))
    six_digits = vee.RolloverParams(integer_digits=6, decimals=2, max_use="10")
    assert vee.classify_step("999990.00", "2.50", six_digits)[0] == "backwards"


def test_the_rules_one_by_one():
    start = "2026-07-01T00:00"
    values = ["0.5", "0.5", None, None, "0.5", "9", "0.5", "0.5", "0", "0", "0"]
    gaps = vee.find_gaps("M", start, 15, values)
    assert [(f.time, f.until) for f in gaps] == [("2026-07-01T00:30:00", "2026-07-01T01:00:00")]
    spikes = vee.find_spikes("M", start, 15, values, vee.SpikeParams(neighbours=2))
    assert [(f.time, f.value, f.expected) for f in spikes] == [
        ("2026-07-01T01:15:00", Decimal("9.00"), Decimal("0.50"))]
    zeros = vee.find_zero_runs("M", start, 15, values, [(start, "2026-07-02T00:00")],
                               vee.ZeroUseParams(3))
    assert [(f.time, f.until, f.value) for f in zeros] == [
        ("2026-07-01T02:00:00", "2026-07-01T02:45:00", Decimal("0.00"))]
    together = vee.check_intervals("M", start, 15, values, [(start, "2026-07-02T00:00")],
                                   vee.SpikeParams(neighbours=2), vee.ZeroUseParams(3))
    assert [f.name for f in together] == ["gap", "spike", "zero_use"]

    assert vee.check_sum("M", start, 15, ["1.00", "2.00"], "3.05") is None
    f = vee.check_sum("M", start, 15, ["1.00", "2.00"], "3.50")
    assert (f.rule, f.severity, f.value, f.expected) == ("VEE-7", "exception", Decimal("3.00"),
                                                         Decimal("3.50"))
    assert vee.check_sum("M", start, 15, ["1.00", None], "9") is None

    assert vee.interval_use(["999999.00", "1.00", None, "5.00", "4.00"]) == [
        Decimal("2.00"), None, None, None]
    est = vee.estimate_gaps("M", 0, start, 15, ["10.00", None, None, "10.30"])
    assert [(e.time, e.value, e.rule) for e in est] == [
        ("2026-07-01T00:15:00", Decimal("10.10"), "EST-1"),
        ("2026-07-01T00:30:00", Decimal("10.20"), "EST-1")]

    bound = vee.estimate_bound_read("M", 0, "2026-08-01T00:00", "2026-07-16T12:00", "100.00",
                                    ["300", "310", "320"], 31 * 86400)
    # 310 a month × 15.5 days / 31 days = 155.00
    assert (bound.value, bound.method) == (Decimal("255.00"), "average_of_periods")
    assert bound.basis.endswith("(average use of 3 earlier periods, pro rata)")
    assert vee.estimate_bound_read("M", 0, "2026-08-01T00:00", "2026-07-01T00:00", "1", [],
                                   86400) is None

    assert vee.check_estimate_cap("M", "2026-08-01T00:00", 2) is None
    assert vee.check_estimate_cap("M", "2026-08-01T00:00", 3).rule == "EST-4"

    high = vee.check_high_low("M", "2026-07-01T00:00", "160", ["100", "100", "100"])
    assert (high.value, high.expected, high.message) == (
        Decimal("160.00"), Decimal("100.00"), "above 150 % of the average of the last 3 periods")
    assert vee.check_high_low("M", "2026-07-01T00:00", "150", ["100", "100", "100"]) is None

    late = read("M", "2026-07-01T00:10", "1", received="2026-07-01T00:00")
    assert vee.check_clock(late).message == (
        "device time is 600 s ahead of the time received (2026-07-01T00:00:00)")
    assert vee.check_clock(late, vee.ClockParams(max_ahead_seconds=600)) is None

    steps = vee.find_register_steps([read("M", "2026-07-01T00:00", "5"),
                                     read("M", "2026-07-02T00:00", "4"),
                                     read("M", "2026-07-03T00:00", "6")])
    assert [(f.name, f.time, f.value, f.expected) for f in steps] == [
        ("backwards", "2026-07-02T00:00:00", Decimal("4.00"), Decimal("5.00"))]

    kept, found = vee.remove_duplicates([read("M", "2026-07-02T00:00", "2"),
                                         read("M", "2026-07-01T00:00", "1"),
                                         read("M", "2026-07-01T00:00", "1")])
    assert [r.time for r in kept] == ["2026-07-01T00:00:00", "2026-07-02T00:00:00"]
    assert [(f.rule, f.severity) for f in found] == [("VEE-1", "info")]

    changes = vee.find_multiplier_changes(
        [vee.MultiplierObservation("M", "2026-07-02T00:00", 2),
         vee.MultiplierObservation("M", "2026-07-01T00:00", 1)], configured=1)
    assert [(f.time, f.message) for f in changes] == [
        ("2026-07-02T00:00:00", "the multiplier changed from 1 to 2")]


def test_options_keep_their_values():
    o = vee.VeeOptions()
    assert (o.read_interval_minutes, o.min_grid_coverage_percent, o.bound_tolerance_hours) == (
        15, 10, 24)
    assert (o.spikes.neighbours, o.spikes.factor_percent, o.spikes.floor) == (4, 1000,
                                                                             Decimal("0.10"))
    assert (o.zero_use.min_intervals, o.clock.max_ahead_seconds, o.clock.max_behind_seconds) == (
        96, 300, 0)
    assert (o.high_low.periods, o.high_low.percent, o.high_low.min_average) == (3, 50,
                                                                               Decimal("1.00"))
    assert (o.estimates.linear_max_missing, o.estimates.max_missing, o.estimates.periods,
            o.estimates.max_consecutive) == (4, 672, 3, 2)
    f = o.register_format
    assert (f.integer_digits, f.decimals, f.max_use, f.capacity, f.rollover_limit) == (
        6, 2, None, Decimal("1000000.00"), Decimal("10000.00"))
    s = vee.SumCheckParams()
    assert (s.absolute, s.per_mille) == (Decimal("0.10"), 5)
    p = vee.VeePeriod(*JULY, HISTORY)
    assert (p.begin, p.end, p.history[0]) == ("2026-07-01T00:00:00", "2026-08-01T00:00:00",
                                              ("2026-04-01T00:00:00", "2026-05-01T00:00:00"))


@pytest.mark.parametrize("call", [
    lambda: metering.RegisterValue("A", 0, "2026-07-01T00:00", 1.5),
    lambda: metering.RegisterValue("A", 0, "2026-07-01T00:00", True),
    lambda: metering.RegisterValue("A", "0", "2026-07-01T00:00", "1"),
    lambda: vee.run_vee("rows", vee.VeePeriod(*JULY)),
    lambda: vee.run_vee([("A", 0, "2026-07-01T00:00", "1")], vee.VeePeriod(*JULY)),
    lambda: vee.run_vee([], JULY),
    lambda: vee.VeePeriod(*JULY, history="2026-06"),
    lambda: vee.VeePeriod(*JULY, history=[("2026-06-01T00:00",)]),
    lambda: vee.VeeOptions(spikes="fast"),
    lambda: vee.SpikeParams(floor=0.1),
    lambda: vee.find_gaps("M", "2026-07-01T00:00", 15, ["1", 2.0]),
    lambda: vee.find_gaps("M", "2026-07-01T00:00", 15, "1234"),
    lambda: vee.MeterContext("M", multiplier=40.0),
    lambda: vee.MeterContext("M", occupied=("2026-07-01T00:00", "2026-07-02T00:00")),
    lambda: vee.check_high_low("M", "2026-07-01T00:00", "1", ["1", 1.0]),
], ids=range(15))
def test_wrong_types_are_type_errors(call):
    with pytest.raises(TypeError):
        call()


@pytest.mark.parametrize("call, code", [
    (lambda: metering.RegisterValue("A", 9, "2026-07-01T00:00", "1"), "invalid_argument"),
    (lambda: metering.RegisterValue("A", 0, "2026-07-32T00:00", "1"), "parse"),
    (lambda: metering.RegisterValue("A", 0, "2026-07-01T00:00", "1.00001"), None),
    (lambda: metering.RegisterValue("A", 0, "2026-07-01T00:00", "1", source="fax"), "parse"),
    (lambda: metering.RegisterValue("A", 0, "2026-07-01T00:00", "1", quality="good"), "parse"),
    (lambda: vee.VeePeriod("2026-08-01T00:00", "2026-07-01T00:00"), None),
    (lambda: vee.VeeOptions(read_interval_minutes=7), "invalid_argument"),
    (lambda: vee.VeeOptions(min_grid_coverage_percent=101), "invalid_argument"),
    (lambda: vee.SpikeParams(neighbours=0), "invalid_argument"),
    (lambda: vee.SpikeParams(floor="-1"), "invalid_argument"),
    (lambda: vee.ZeroUseParams(0), "invalid_argument"),
    (lambda: vee.HighLowParams(percent=2000), "invalid_argument"),
    (lambda: vee.EstimateParams(periods=-1), "invalid_argument"),
    (lambda: vee.RolloverParams(integer_digits=15), "invalid_argument"),
    (lambda: vee.RolloverParams(decimals=5), "invalid_argument"),
    (lambda: vee.Estimate("A", 0, "2026-08-01T00:00", "1", method="guess"), "parse"),
    (lambda: vee.find_gaps("M", "2026-07-01T00:00", 0, ["1"]), "invalid_argument"),
    (lambda: vee.estimate_gaps("M", 0, "2026-07-01T00:00", 7, ["1", None, "2"]),
     "invalid_argument"),
    (lambda: vee.find_zero_runs("M", "2026-07-01T00:00", 15, ["0"],
                                [("2026-07-01T12:00", "2026-07-02T00:00"),
                                 ("2026-07-01T00:00", "2026-07-01T06:00")]), "out_of_order"),
    (lambda: vee.find_register_steps([read("M", "2026-07-02T00:00", "1"),
                                      read("M", "2026-07-01T00:00", "2")]), "out_of_order"),
    (lambda: vee.estimate_bound_read("M", 0, "2026-07-01T00:00", "2026-07-02T00:00", "1", ["1"],
                                     86400), "invalid_argument"),
    (lambda: vee.check_sum("M", "2026-07-01T00:00", 15, ["1"], Decimal("1e+99999999")), "parse"),
], ids=range(22))
def test_bad_values_are_submeter_errors(call, code):
    with pytest.raises(submeter.Error) as e:
        call()
    if code is not None:
        assert e.value.code == code


def test_run_vee_releases_the_gil():
    rows = fifteen_minute_rows()
    period = vee.VeePeriod("2026-07-01T00:00", "2026-07-02T00:00")
    expected = [as_tuple(f) for f in vee.run_vee(rows, period).findings]
    results = []

    def work():
        for _ in range(5):
            results.append([as_tuple(f) for f in vee.run_vee(rows, period).findings])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 20


def test_reprs():
    rep = vee.run_vee(fifteen_minute_rows(), vee.VeePeriod("2026-07-01T00:00", "2026-07-02T00:00"))
    assert repr(rep) == (
        "<submeter.vee.VeeReport 1 meters, 95 reads, 2 findings, 2 estimates, 0 exceptions>")
    assert repr(rep.findings[1]) == (
        "<submeter.vee.Finding VEE-4 spike (warning) E total 2026-07-01T09:45:00>")
    assert repr(fifteen_minute_rows()[0]) == (
        "<submeter.metering.RegisterValue E total 2026-07-01T00:00:00 100.00>")
