"""Hostile site files for format v2 (issue 22 #1, #2, #6): the settlement mode (SUP-2 Mode B),
tiered electricity, ratchets, transformers and allowances:
each refusal exits 1 with `submeter: error: <code>` naming site.json and the JSON path, nothing
written (hostile.expect_refused)."""
import pytest

import hostile as h

PERIOD = ["--period", "2026-07"]
SITE = "v2-pass-through"
TWO_PART = {"id": "tp", "kind": "two_part", "energy_tariff": "flat", "basis": "capacity",
            "capacity_price": "30.0000"}


def settle(**fields):
    def change(doc):
        doc["settlement"].update(fields)
    return change


def with_two_part(then):
    def change(doc):
        doc["tariffs"].append(TWO_PART)
        then(doc)
    return change


CASES = [
    ("mode misspelt", settle(mode="pass-through"), "unsupported", "path=$.settlement.mode"),
    ("mode a number", settle(mode=2), "parse", "path=$.settlement.mode"),
    ("mode null", settle(mode=None), "parse", "path=$.settlement.mode"),
    ("mode an object", settle(mode={"pass_through": True}), "parse", "path=$.settlement.mode"),
    ("mode with a NUL", settle(mode="pass_through\u0000"), "unsupported",
     "path=$.settlement.mode"),
    ("mode huge", settle(mode="pass_through" * 100000), "unsupported", "path=$.settlement.mode"),
    ("pass-through in a v1 file", lambda d: d.update(format="submeter-site-v1"), "unsupported",
     "path=$.settlement.mode"),
    ("losses in Mode B", lambda d: d.update(losses={"basis": "consumption"}), "inconsistent",
     "path=$.losses"),
    ("an electricity common area in Mode B",
     lambda d: d.update(common_areas=[{"id": "hall", "meter": "CA", "basis": "area"}]),
     "inconsistent", "path=$.common_areas[0].meter"),
    ("a two-part tenant in Mode B", with_two_part(lambda d: d["tenants"][1].update(tariff="tp")),
     "inconsistent", "path=$.tenants[1].tariff"),
    ("a two-part meter in Mode B", with_two_part(lambda d: d["meters"][3].update(tariff="tp")),
     "inconsistent", "path=$.meters[3].tariff"),
    ("a grid bill as a JSON number", settle(grid_bill={"2026-07": 8650}), "parse",
     "path=$.settlement.grid_bill.2026-07"),
    ("a grid bill for no month", settle(grid_bill={"July": "8650.00"}), "parse",
     "path=$.settlement.grid_bill.July"),
    ("a negative grid bill", settle(grid_bill={"2026-07": "-1.00"}), "invalid_argument",
     "path=$.settlement.grid_bill.2026-07"),
]


@pytest.mark.parametrize("what, change, code, where", CASES, ids=[c[0] for c in CASES])
def test_bad_settlement_is_refused_at_its_place(tmp_path, what, change, code, where):
    site = h.site_copy(tmp_path, SITE)
    h.edit_json(site / "site.json", change)
    h.expect_refused(["bill", site, *PERIOD], tmp_path, code, names=["site.json", where])


def test_a_month_without_its_grid_bill_is_refused(tmp_path):
    site = h.site_copy(tmp_path, SITE)
    h.expect_refused(["bill", site, "--period", "2026-08", "--format", "html", "--out",
                      tmp_path / "bills"], tmp_path, "not_found",
                     names=["grid bill", "period=2026-08", 'settlement.grid_bill["2026-08"]'])


def test_all_end_users_at_zero_with_a_grid_bill_is_refused(tmp_path):
    site = h.site_copy(tmp_path, SITE)
    csv = site / "readings.csv"
    rows = csv.read_text().splitlines()
    # Every end user's August reading equal to its July one; only the grid master moves.
    keep = {r.split(",")[0]: r for r in rows[1:] if r.split(",")[1] == "2026-07-01T00:00"}
    out = [rows[0]]
    for r in rows[1:]:
        meter, time = r.split(",")[:2]
        if time == "2026-08-01T00:00" and meter not in ("G", "W1", "CA"):
            r = ",".join([meter, time] + keep[meter].split(",")[2:])
        out.append(r)
    csv.write_text("\n".join(out) + "\n")
    h.expect_refused(["bill", site, *PERIOD], tmp_path, "invalid_argument",
                     names=["end users read 0 kWh", "period=2026-07"])


# ---- format v2 pricing: tiered electricity, ratchets, transformers, allowances ---------------

def tariff(index, **fields):
    def change(doc):
        doc["tariffs"][index].update(fields)
    return change


def tenant(index, **fields):
    def change(doc):
        doc["tenants"][index].update(fields)
    return change


def transformer(**fields):
    def change(doc):
        doc["transformers"][0].update(fields)
    return change


PRICING = [
    ("ladder counter unknown", "v2-tiered", tariff(0, counter="daily"), "parse",
     "path=$.tariffs[0].counter"),
    ("ladder bounds down", "v2-tiered", tariff(0, bounds=["400", "200"]), "out_of_order",
     "path=$.tariffs[0].bounds[1]"),
    ("ladder bound huge", "v2-tiered", tariff(0, bounds=["1" + "0" * 40]), "parse",
     "path=$.tariffs[0].bounds[0]"),
    ("ladder prices short", "v2-tiered", tariff(0, prices=["0.5"]), "inconsistent",
     "path=$.tariffs[0].prices"),
    ("ladder reset month 0", "v2-tiered", tariff(1, reset_month=0), "invalid_argument",
     "path=$.tariffs[1].reset_month"),
    ("tier counter not an object", "v2-tiered", tenant(2, tier_counter="4700"), "parse",
     "path=$.tenants[2].tier_counter"),
    ("allowance both units", "v2-tiered", tenant(5, allowance={"kwh": "1", "yuan": "1"}), "parse",
     "path=$.tenants[5].allowance"),
    ("allowance carry_over a string", "v2-tiered",
     tenant(5, allowance={"yuan": "1", "carry_over": "true"}), "parse",
     "path=$.tenants[5].allowance.carry_over"),
    ("ratchet percent above 1", "v2-ratchet", tariff(1, ratchet={"percent": "1.01", "months": 11}),
     "invalid_argument", "path=$.tariffs[1].ratchet.percent"),
    ("ratchet months a string", "v2-ratchet", tariff(1, ratchet={"percent": "0.5", "months": "11"}),
     "invalid_argument", "path=$.tariffs[1].ratchet.months"),
    ("demand history month bad", "v2-ratchet", tenant(0, demand_history={"2026-13": "1"}), "parse",
     "path=$.tenants[0].demand_history.2026-13"),
    ("transformer on a leaf", "v2-transformer", transformer(meter="C1"), "inconsistent",
     "path=$.transformers[0].meter"),
    ("transformer kva zero", "v2-transformer", transformer(rated_kva="0"), "invalid_argument",
     "path=$.transformers[0].rated_kva"),
    ("transformer hours a number", "v2-transformer", transformer(hours=720), "parse",
     "path=$.transformers[0].hours"),
    ("transformer in a v1 file", "v2-transformer",
     lambda d: d.update(format="submeter-site-v1"), "unsupported", "path=$.transformers"),
]


@pytest.mark.parametrize("what, site_name, change, code, where", PRICING,
                         ids=[c[0] for c in PRICING])
def test_bad_pricing_is_refused_at_its_place(tmp_path, what, site_name, change, code, where):
    site = h.site_copy(tmp_path, site_name)
    h.edit_json(site / "site.json", change)
    h.expect_refused(["bill", site, *PERIOD], tmp_path, code, names=["site.json", where])
