"""submeter.ledger.Prepaid: live prepaid in memory (issue 17, docs/prepaid.md) on the prepaid test
site (tests/data/sites/prepaid): each reading's status, the deductions with their postings and
outbox rows, re-ingesting posts nothing, and the month-end true-up against the bill."""
import csv
import threading
from decimal import Decimal

import pytest

import submeter
from submeter import ledger, site


def live_readings(sites_dir, name="live-2026-07.csv"):
    """The file's rows as (meter, time, total, [t1..t4]), sorted by time then meter (as
    `submeter prepaid run` processes them)."""
    with open(sites_dir / "prepaid" / name, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: (r["time"], r["meter_id"]))
    out = []
    for r in rows:
        rates = [r[k] or None for k in ("t1", "t2", "t3", "t4")]
        out.append((r["meter_id"], r["time"], r["total"], rates) if any(rates)
                   else (r["meter_id"], r["time"], r["total"]))
    return out


@pytest.fixture
def prepaid(sites_dir):
    return ledger.Prepaid(site.load_site(sites_dir / "prepaid"))


def test_statuses_deductions_and_outbox_rows(prepaid, sites_dir):
    assert prepaid.accounts == ["T-1", "T-2", "T-3"]
    out = prepaid.ingest(live_readings(sites_dir))
    by = {(o["meter"], o["time"][:10]): o for o in out}
    assert by[("M-1", "2026-07-01")]["status"] == "opened"
    assert by[("M-1", "2026-07-02")]["amount"] == Decimal("35.00")
    assert by[("M-1", "2026-07-02")]["balance"] == Decimal("65.00")
    assert by[("M-1", "2026-07-03")]["level"] == "alarm1"
    assert by[("M-4", "2026-07-03")]["status"] == "not_prepaid"
    assert by[("X-9", "2026-07-03")]["status"] == "unknown_meter"
    back = by[("M-1", "2026-07-07")]
    assert back["status"] == "backwards"
    assert back["outbox"][0]["notice"] == "reading_backwards"
    assert back["postings"] == []
    deducted = by[("M-1", "2026-07-02")]
    assert deducted["postings"][-1]["key"] == "reading/M-1/2026-07-02T00:00:00"
    # Without the recharge of site.json (the CLI posts it; here it is the caller's), T-1 runs
    # into alarm2 on the 4th and its relay opens.
    assert by[("M-1", "2026-07-04")]["level"] == "alarm2"
    # The live deductions of the month, and the true-up against the monthly bill.
    assert prepaid.deducted("M-1", "2026-07") == Decimal("210.00")
    assert prepaid.deducted("M-2", "2026-07") == Decimal("60.24")
    assert prepaid.deducted("W-3", "2026-07") == Decimal("120.00")
    assert prepaid.true_up("M-2", "2026-07", "69.70") == Decimal("9.46")
    assert prepaid.true_up("M-1", "2026-07", Decimal("210.00")) == Decimal("0.00")


def test_re_ingesting_posts_nothing_and_a_late_reading_is_late(prepaid, sites_dir):
    prepaid.ingest(live_readings(sites_dir))
    balances = [prepaid.balance(a) for a in prepaid.accounts]
    again = prepaid.ingest(live_readings(sites_dir) + live_readings(sites_dir, "late-2026-07.csv"))
    assert all(o["outbox"] == [] for o in again)
    assert all(o["amount"] is None for o in again)
    assert {o["status"] for o in again if o["meter"] == "M-1"} <= {"late", "duplicate"}
    assert any(o["status"] == "late" and o["time"].startswith("2026-07-25") for o in again)
    assert [prepaid.balance(a) for a in prepaid.accounts] == balances


def test_a_recharge_lifts_the_level_and_restores(prepaid, sites_dir):
    first_days = [r for r in live_readings(sites_dir) if r[1] < "2026-07-05"]
    out = prepaid.ingest(first_days)
    assert out[-1]["relay"] in ("open", "closed")
    r = prepaid.recharge("T-1", "2026-07-06T09:00", 1, "200", reference="WX-1")
    assert r["status"] == "ok"
    assert r["balance"] == Decimal("216.00")
    assert r["outbox"][0]["notice"] == "recharge_received"


def test_bad_readings_are_refused(prepaid):
    with pytest.raises(TypeError):
        prepaid.ingest([("M-1", "2026-07-01T00:00", 1000.5)])
    with pytest.raises(TypeError):
        prepaid.ingest([("M-1",)])
    with pytest.raises(submeter.Error):
        prepaid.ingest([("M-1", "2026-07-32T00:00", "1")])
    with pytest.raises(submeter.Error):
        prepaid.balance("T-9")


def test_batches_from_threads_each_apply_once(sites_dir):
    """The GIL is released for a batch; two threads ingesting the same stream post it once."""
    p = ledger.Prepaid(site.load_site(sites_dir / "prepaid"))
    readings = live_readings(sites_dir)
    results = []
    threads = [threading.Thread(target=lambda: results.append(p.ingest(readings)))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    assert p.deducted("M-1", "2026-07") == Decimal("210.00")
    assert sum(1 for rs in results for o in rs if o["status"] == "deducted") == 11


def test_cut_off_terms_of_a_v2_site_flow_through(sites_dir):
    """Format v2 `cut_off` (issue 17): T-1 takes the site's default (30 minutes' notice, no cut
    18:00-08:00 and on Sundays): exhausted on Saturday 21:40, its cut waits to Monday 08:00;
    T-2 is 保电 (keep_on) and never cut."""
    p = ledger.Prepaid(site.load_site(sites_dir / "prepaid-cut-off"))
    out = p.ingest([("M-1", "2026-07-01T00:00", "1000.00"), ("M-1", "2026-07-04T21:40", "1012.00"),
                    ("M-2", "2026-07-01T00:00", "2000.00"), ("M-2", "2026-07-03T10:00", "2012.00"),
                    ("M-1", "2026-07-05T12:00", "1013.00"), ("M-1", "2026-07-06T09:00", "1014.00")])
    by = {(o["meter"], o["time"][:16]): o for o in out}
    sat = by[("M-1", "2026-07-04T21:40")]
    notices = [(r["notice"], r["detail"]) for r in sat["outbox"] if "notice" in r]
    assert ("cut_notice", "2026-07-06T08:00:00") in notices
    assert ("cut_deferred", "2026-07-04T22:10:00") in notices
    assert by[("M-1", "2026-07-05T12:00")]["relay"] == "closed"
    assert by[("M-1", "2026-07-06T09:00")]["relay"] == "open"
    kept = by[("M-2", "2026-07-03T10:00")]
    assert kept["level"] == "exhausted" and kept["relay"] == "closed"
    assert any(r.get("notice") == "trip_suppressed" for r in kept["outbox"])


def test_command_rows_carry_their_wire_frames(sites_dir):
    """Issue 17: a supply command's outbox row carries its wire frame (hex), from the meter's
    address in site.json (format v2 `comm`): M-1's DL/T 645 relay control 1C, 跳闸 (N1 1A, +33 on
    the wire: 4D) for the cut and 直接合闸 (1C: 4F) for the restore, valid 24 hours; M-3 has no
    address, so its cut's frame is ""; a notification has no frame."""
    p = ledger.Prepaid(site.load_site(sites_dir / "prepaid-cut-off"))
    out = p.ingest([("M-1", "2026-07-01T00:00", "1000.00"), ("M-1", "2026-07-04T21:40", "1012.00"),
                    ("M-1", "2026-07-06T09:00", "1014.00"),
                    ("M-3", "2026-07-01T00:00", "1000.00"), ("M-3", "2026-07-02T10:00", "1012.00"),
                    ("M-3", "2026-07-02T11:00", "1013.00")])
    rows = [r for o in out for r in o["outbox"]]
    commands = [r for r in rows if "command" in r]
    cut = [r for r in commands if r["meter"] == "M-1"]
    assert [r["command"] for r in cut] == ["cut"]
    assert cut[0]["frame"] == ("FE FE FE FE 68 01 00 00 07 26 20 68 1C 10 35 33 33 33 33 33 33 33 "
                               "4D 33 33 33 3C 3A 3A 59 D3 16")
    no_address = [r for r in commands if r["meter"] == "M-3"]
    assert [(r["command"], r["frame"]) for r in no_address] == [("cut", "")]
    assert all("frame" not in r for r in rows if "notice" in r)
    restored = p.recharge("T-1", "2026-07-06T10:00", 1, "50.00")
    restore = [r for r in restored["outbox"] if "command" in r]
    assert [r["command"] for r in restore] == ["restore"]
    frame = bytes.fromhex(restore[0]["frame"])
    assert frame[4 + 8] == 0x1C and frame[4 + 10 + 8] - 0x33 == 0x1C
    assert isinstance(restore[0]["frame"], str)


def test_daily_fixed_charges_are_deducted_by_day(sites_dir):
    """按日扣费 (tests/data/sites/prepaid-daily, docs/prepaid.md "Daily fixed charges"): T-1's
    property fee and rent are deducted day by day with the readings that end the days, once;
    the 31 days of July add up to the monthly 1,310.00, and the true-up counts them."""
    p = ledger.Prepaid(site.load_site(sites_dir / "prepaid-daily"))
    with open(sites_dir / "prepaid-daily" / "live-2026-07.csv", newline="",
              encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (r["time"], r["meter_id"]))
    readings = [(r["meter_id"], r["time"], r["total"]) for r in rows]
    out = p.ingest(readings)
    m1 = [o for o in out if o["meter"] == "M-1"]
    assert m1[1]["days"] == []
    assert m1[2]["days"] == [{"day": "2026-07-01", "key": "day/T-1/2026-07-01",
                              "amount": Decimal("42.26"), "status": "deducted", "message": ""}]
    assert [d["amount"] for d in m1[3]["days"]] == [Decimal("42.26"), Decimal("42.25"),
                                                   Decimal("42.26")]
    assert sum(d["amount"] for o in m1 for d in o["days"]) == Decimal("1310.00")
    assert all(o["days"] == [] for o in out if o["meter"] == "M-2")
    assert p.daily_deducted("T-1", "2026-07") == Decimal("1310.00")
    assert p.daily_deducted("T-2", "2026-07") == Decimal("0")
    assert p.balance("T-1") == Decimal("590.00")
    # Σ days + Σ readings + true-up = the bill (1,410.00): the true-up is zero.
    billed = Decimal("1410.00")
    assert billed - p.daily_deducted("T-1", "2026-07") - p.deducted("M-1", "2026-07") == 0
    assert all(o["days"] == [] for o in p.ingest(readings))
    assert p.balance("T-1") == Decimal("590.00")
    with pytest.raises(submeter.Error):
        p.daily_deducted("T-9", "2026-07")


def test_a_price_change_is_split_by_interval_data(sites_dir):
    """TOU-5 by interval data (tests/data/sites/prepaid-intervals, docs/prepaid.md "A price change
    split by interval data"): the site's 15-minute data split tou-x's change of 07-16 00:00 in
    each reading's to-date bill, so 07-16 06:00 deducts 15.60 and July adds up to the bill
    split by the same data, 2,858.40."""
    p = ledger.Prepaid(site.load_site(sites_dir / "prepaid-intervals"))
    with open(sites_dir / "prepaid-intervals" / "live-2026-07.csv", newline="",
              encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    readings = [(r["meter_id"], r["time"], r["total"], [None, r["t2"], None, r["t4"]])
                for r in rows]
    out = p.ingest(readings)
    by_time = {o["time"][:16]: o for o in out}
    assert by_time["2026-07-16T06:00"]["amount"] == Decimal("15.60")
    assert by_time["2026-07-16T18:00"]["amount"] == Decimal("97.20")
    assert p.deducted("M-1", "2026-07") == Decimal("2858.40")
    assert p.balance("T-1") == Decimal("2141.60")


def test_a_tick_deducts_a_silent_accounts_days(sites_dir):
    """The clock (docs/prepaid.md "The clock"): a tick deducts the days that ended since the
    account's meters were last read, once; T-2 is not on daily deduction."""
    p = ledger.Prepaid(site.load_site(sites_dir / "prepaid-daily"))
    p.ingest([("M-1", "2026-07-01T00:00", "1000.00"), ("M-2", "2026-07-01T00:00", "2000.00")])
    ticks = p.tick("2026-07-04T00:00")
    assert [t["account"] for t in ticks] == ["T-1", "T-2"]
    assert [d["amount"] for d in ticks[0]["days"]] == [Decimal("42.26"), Decimal("42.26"),
                                                      Decimal("42.25")]
    assert ticks[0]["days"][0]["key"] == "day/T-1/2026-07-01"
    assert ticks[0]["cut"] is False and ticks[1]["days"] == []
    assert ticks[0]["balance"] == Decimal("2000.00") - Decimal("126.77")
    assert all(t["days"] == [] for t in p.tick("2026-07-04T00:00"))
    assert p.daily_deducted("T-1", "2026-07") == Decimal("126.77")
    with pytest.raises(submeter.Error):
        p.tick("not a time")
