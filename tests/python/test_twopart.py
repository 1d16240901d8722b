"""Two-part tariffs from Python (issue 5): demand, capacity, contract demand, ratchets, power
factor and sharing, driven by tests/data/vectors/demand.json and power_factor.json."""
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import submeter
from conftest import SOURCE_DIR

VECTORS = SOURCE_DIR / "tests" / "data" / "vectors"


def load(name):
    with open(VECTORS / name, encoding="utf-8") as f:
        return json.load(f)


DEMAND = load("demand.json")
PF = load("power_factor.json")


def test_demand_series_vector_sliding_and_block():
    v = DEMAND["demand_series_vectors"][0]
    for key, method in (("sliding_15_1", "sliding"), ("block_15", "block")):
        e = v["expected"][key]
        p = submeter.metering.max_demand(v["start"], 1, v["values_kw"], method=method)
        assert p.demand == Decimal(e["max_demand_kw"])
        assert p.window_sum == Decimal(e["window_sum"])
        assert p.window_begin == e["window_start"]
        assert p.window_end == e["window_end"]
        assert p.windows_evaluated == e["windows_evaluated"]
        assert p.unit == "kW"


def test_multi_line_vector():
    v = DEMAND["multi_line_vectors"][0]
    lines, billing = submeter.metering.max_demand_of_lines(v["start"], 1,
                                                           [v["line_1_kw"], v["line_2_kw"]])
    assert [p.demand for p in lines] == [
        Decimal(v["expected"]["line_1_max_kw"]),
        Decimal(v["expected"]["line_2_max_kw"]),
    ]
    assert billing == Decimal(v["expected"]["billing_demand_kw"])


@pytest.mark.parametrize("v", DEMAND["rule_105_vectors"], ids=lambda v: v["id"])
def test_105_rule_vectors(v):
    factor = v.get("price_factor", 1)
    for key, rule in (
        ("variant_ii", "variant_ii"),
        ("variant_i", "variant_i"),
        ("old", "pre_2016"),
        ("old_with_95pct_band", "pre_2016_with_band"),
    ):
        line = submeter.tariff.demand_line(
            "M1", v["max_demand_kw"], v["contract_kw"], v["price_yuan_per_kw_month"], rule, factor
        )
        assert line.amount == Decimal(v["expected"][key])
        assert line.component == "demand"


def test_contract_floor_and_warning():
    for v in DEMAND["contract_floor_vectors"]:
        c = submeter.tariff.contract_demand(
            v["declared_contract_kw"], v["transformer_kva"], v["hv_motor_kw"]
        )
        assert c["contract"] == Decimal(v["expected_contract_kw"])
        assert c["raised"] is v["raised"]
        assert len(c["warnings"]) == (1 if v["raised"] else 0)
    raised = submeter.tariff.contract_demand("400", "1000", "200")
    assert raised["warnings"][0]["code"] == "contract_demand_raised_to_floor"


def test_factor_260():
    for v in DEMAND["factor_260_vectors"]:
        f = submeter.tariff.high_load_factor(v["metering_point_kwh"], v["contract_kva"])
        assert f["price_factor"] == Decimal(v["expected_factor"])


def test_capacity_and_proration():
    assert submeter.tariff.capacity_line("M1", 400, 26).amount == Decimal("10400.00")
    assert submeter.tariff.capacity_line("M1", 400, 26, days=10).amount == Decimal("3466.67")
    for v in DEMAND["capacity_vectors"]:
        if "days_used" in v:
            line = submeter.tariff.prorated_basic_charge(
                "capacity", "M1", v["monthly_basic_charge"], v["days_used"]
            )
            assert line.amount == Decimal(v["expected"])


def test_ratchet():
    pct = [Decimal("0.95") if 6 <= m <= 9 else Decimal("0.6") for m in range(1, 13)]
    cur = [6 <= m <= 9 for m in range(1, 13)]
    demand, basis, month = submeter.tariff.ratchet_demand(
        100, 11, pct, cur, "2018-07", "658.0156", {"2018-06": "746.5875"}
    )
    assert (demand, basis, month) == (Decimal("709.2581"), "lookback", "2018-06")


@pytest.mark.parametrize("v", PF["cos_phi_vectors"], ids=lambda v: v["id"])
def test_cos_phi_vectors(v):
    assert submeter.tariff.cos_phi(v["wp_kwh"], v["wq_import_kvarh"],
                                   v.get("wq_export_kvarh")) == Decimal(v["cos_phi"])


@pytest.mark.parametrize("standard", ["0.90", "0.85", "0.80"])
def test_every_table_row(standard):
    table = submeter.tariff.adjustment_table(standard)
    rows = PF["adjustment_table"]["rows"]
    assert [(c, p) for c, p in table] == [
        (Decimal(r["cos_phi"]), Decimal(r["std_" + standard])) for r in rows
    ]


@pytest.mark.parametrize("v", PF["amount_vectors"], ids=lambda v: v["id"])
def test_pf_amounts(v):
    line = submeter.tariff.power_factor_line("M1", v["base"], v["standard"], v["cos_phi"])
    assert line.amount == Decimal(v["adjustment"])
    assert line.unrounded == Decimal(v["adjustment_exact"])
    assert submeter.tariff.pf_adjustment_percent(v["standard"], v["cos_phi"]) == Decimal(
        v["adjustment_pct"]
    )


def test_pf_line_from_lines_and_sharing_add_up():
    cap = submeter.tariff.capacity_line("MASTER", 400, 26)
    pf = submeter.tariff.power_factor_line_from_lines("MASTER", [cap], 120000, 62000,
                                                      standard="0.90")
    assert pf.amount == Decimal("52.00")  # 10,400 × 0.5 % (cos φ 0.89)
    shares = submeter.allocation.share_site_lines([cap, pf], ["A", "B", "C"], [1, 1, 1], "equal")
    assert [s.amount for s in shares[:3]] == [
        Decimal("3466.67"),
        Decimal("3466.67"),
        Decimal("3466.66"),
    ]
    assert sum(s.amount for s in shares[3:]) == pf.amount


def test_rate_two_part_worked_example():
    # docs/two-part.md: a 400 kVA industrial tenant, capacity vs demand (C++:
    # TwoPart.WorkedExample400kVAIndustrialTenant).
    energy = submeter.tariff.flat_tariff("e", "0.679166").rate("120000")  # any energy lines
    base = dict(
        max_demand="290",
        metering_point_kwh=["120000"],
        active_kwh="120000",
        reactive_import="62000",
        pf_standard="0.90",
        capacity_kva="400",
    )
    lines, warnings = submeter.tariff.rate_two_part("T-400", basis="capacity", capacity_price="26",
                                                    **base)
    assert [l.component for l in lines] == ["capacity", "power_factor"]
    assert lines[0].amount == Decimal("10400.00")
    assert warnings == []
    lines, warnings = submeter.tariff.rate_two_part(
        "T-400",
        basis="demand",
        demand_price="40",
        declared_contract="100",
        **dict(base, max_demand="150"),
    )
    assert lines[0].amount == Decimal("5760.00")  # raised to 160 kW, × 40 × 0.9
    assert warnings[0]["code"] == "contract_demand_raised_to_floor"
    with_energy, _ = submeter.tariff.rate_two_part(
        "T-400", basis="capacity", capacity_price="26", energy_lines=energy, **base
    )
    expected = (Decimal("10400") + energy[0].amount) * Decimal("0.005")
    assert with_energy[1].amount == expected.quantize(Decimal("0.01"))


def test_demand_by_register_and_graduated():
    values = ["100"] * 20 + ["400"] * 10 + ["100"] * 30
    registers = [2] * 30 + [4] * 30
    peaks = submeter.metering.max_demand_by_register("2025-07-15T10:00", 1, values, registers)
    assert peaks[2].demand == Decimal("300") and peaks[2].window_end == "2025-07-15T10:30"
    assert peaks[4].window_end == "2025-07-15T10:31"
    lines = submeter.tariff.graduated_demand_lines("M1", 1, "peak", "234.676",
                                                   [("100", 20), (None, 15)])
    assert [l.amount for l in lines] == [Decimal("2000.00"), Decimal("2020.14")]
    assert [l.tier for l in lines] == [1, 2]


def test_max_demand_array_matches_the_vector():
    np = pytest.importorskip("numpy")
    v = DEMAND["demand_series_vectors"][0]
    mantissas = np.array([int(Decimal(x) * 10000) for x in v["values_kw"]], dtype=np.int64)
    p = submeter.metering.max_demand_array(v["start"], 1, mantissas)
    assert p.demand == Decimal(v["expected"]["sliding_15_1"]["max_demand_kw"])
    with pytest.raises(TypeError):
        submeter.metering.max_demand_array(v["start"], 1, mantissas.astype(np.float64))


def test_tenant_peaks():
    a = ["50"] * 15 + ["10"] * 15
    b = ["10"] * 15 + ["60"] * 15
    site = [str(Decimal(x) + Decimal(y)) for x, y in zip(a, b)]
    p = submeter.metering.peaks_for_sharing("2025-07-15T10:00", 1, site, [a, b], method="block")
    assert p["site"].demand == Decimal("70")
    assert p["coincident"] == [Decimal("10"), Decimal("60")]
    assert [o.demand for o in p["own"]] == [Decimal("50"), Decimal("60")]


def test_bad_input():
    with pytest.raises(TypeError):
        submeter.metering.max_demand("2025-07-15T10:00", 1, [1.5] * 15)
    with pytest.raises(TypeError):
        submeter.tariff.cos_phi(100000.0, 0)
    with pytest.raises(submeter.Error) as e:
        submeter.metering.max_demand("2025-07-15T10:00", 1, ["1"] * 7 + ["-1"] + ["1"] * 7)
    assert e.value.code == "invalid_argument"
    assert e.value.context["index"] == "7"
    with pytest.raises(submeter.Error) as e:
        submeter.tariff.cos_phi(0, 10)
    assert e.value.code == "inconsistent"
    with pytest.raises(submeter.Error):
        submeter.metering.max_demand("2025-07-15T10:00", 1, ["1"] * 15, method="block",
                                     window_minutes=7)
    with pytest.raises(submeter.Error):
        submeter.tariff.pf_adjustment_percent("0.95", "0.90")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=10**8), min_size=15, max_size=80),
)
def test_sliding_equals_naive(values):
    text = [str(Decimal(v).scaleb(-4)) for v in values]
    p = submeter.metering.max_demand("2025-07-15T00:00", 1, text)
    best = max(sum(values[i : i + 15]) for i in range(len(values) - 14))
    assert p.window_sum == Decimal(best).scaleb(-4)
