#!/usr/bin/python3
"""Generates the sample site in format submeter-site-v2 (site.json, readings.csv, intervals.csv,
reactive.csv): a v1 site plus the v2 features of add_settlement_and_pricing_v2 (tiered
electricity, allowances, a DL/T 686 transformer, a ratchet) and add_v2_cycles (interval-split price
change, water-tree losses, charge cycles) and add_issued_bill_terms (bill numbers, tax lines).

Sunrise Industrial Park (旭日工业园), a made-up but plausible 转供电 site billed in Mode A (SUP-2,
catalogue price). Its meter tree:

    M-000  10 kV grid master (PT 10000/100, CT 300/5: x6000)
    ├─ M-T1  10 kV feeder to the tenants' own transformers: 6 two-part tenants (3 by capacity,
    │        3 by demand, each with 15-minute interval data and reactive readings for power
    │        factor) and 4 single-part tenants on the 10 kV TOU price
    ├─ M-T2  LV incomer of transformer T2 (workshops): flat and 0.4 kV TOU tenants, public
    │        lighting, the landlord's own use
    └─ M-T3  LV incomer of transformer T3 (the mall block): shops, lifts and the mall's chiller
    M-W00  water master (municipal supply), the tenants' water meters under it (tiered 1:1.5:3)

Readings at every month start from 2026-04-01 to 2026-08-01 (a few read at 23:45 the evening
before, as readers do), so the bills of June and July and the history of earlier months can be
made. July shows: the 10 kV TOU price cut effective 2026-07-16 00:00 (some meters read at that
instant, the others split by days), a retroactive correction of the 0.4 kV TOU price effective
2026-06-01 and published 2026-07-10 (June re-rated in July), a meter replaced on 2026-07-12 10:00,
a tenant moving out on 2026-07-20 00:00 (its account closed), prepaid accounts ending July at
every level (normal, alarm 1, alarm 2, overdraft, exhausted), postpaid accounts for the large
tenants. Every feeder reads the sum of its meters plus 2-3 % losses, the grid master the sum of
its feeders plus about 1 % (3.3-4.1 % in all); the grid's bills (settlement.grid_bill) are its
kWh at an average grid price (0.6690 in June, 0.6580 in July) plus 26 yuan/kVA on the site's
transformers, above what the tenants pay for electricity (SUP-1, about 88 %).

The prepaid accounts are set from the generator's own estimate of each July bill (electricity,
water, property fee, rent, common-area and loss shares at the catalogue price, the June re-rating):
opening balance + recharges - that estimate lands in the middle of the level planned
(`--estimates` prints the estimates).

Deterministic: the same --seed and --tenants always write the same bytes. Values are integers of
0.01 kWh / 0.01 m3 / 0.01 kvarh throughout (no binary floating point in any written value).
Regenerate the checked-in sample with

    /usr/bin/python3 examples/site/generate.py

or a bigger site with --tenants 100000 --no-intervals --out /tmp/big-site. A bigger site repeats
the 40 profiles below, one block of feeders M-T(3b+1..3b+3) per 40 tenants; the common-area and
landlord meters, the replacement and the move-out occur once. With --no-intervals no
intervals.csv is written and the demand-billed tenants are billed by capacity instead (demand
needs interval data).
"""

import argparse
import datetime
import json
import math
import os
import random

# Month bounds: readings at each; the months billed are the four in between (Apr..Jul 2026).
BOUNDS = ["2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01"]
EARLY = ["2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31"]
MONTHS = ["2026-04", "2026-05", "2026-06", "2026-07"]
DAYS = [30, 31, 30, 31]
# Load by month, per mille of June (summer: cooling).
SEASON = [880, 930, 1000, 1080]
JUN, JUL = 2, 3

PRICE_CHANGE = "2026-07-16T00:00"   # tou-10kv mid-month cut
REPLACED_AT = "2026-07-12T10:00"     # one meter replacement
MOVE_OUT = "2026-07-20T00:00"        # one tenant leaves, account closed

CATALOGUE_PRICE = 6500               # 1e-4 yuan/kWh: values common areas and losses (Mode A)
GRID_PRICE = {JUN: 6690, JUL: 6580}  # the grid's average energy price, 1e-4 yuan/kWh
GRID_CAPACITY_PRICE = 26             # yuan/kVA-month on the site's transformers
CAPACITY_PRICE = 26                  # the tenants' two-part prices, yuan/kVA or kW per month
DEMAND_PRICE = 38

# Prices in 1e-4 yuan/kWh (sharp, peak, flat, valley): flat base x (2.25, 1.8, 1, 0.4).
TOU_10KV_OLD = (13500, 10800, 6000, 2400)
TOU_10KV_NEW = (13050, 10440, 5800, 2320)
TOU_04KV_OLD = (14250, 11400, 6333, 2533)
TOU_04KV_CORR = (13950, 11160, 6200, 2480)
FLAT = {"flat-general": 7300, "flat-office": 8150}
WATER_BOUNDS = (2000, 3000)          # 0.01 m3
WATER_PRICES = (350, 525, 1050)      # 0.01 yuan/m3


def price(p):
    """A price in 1e-4 yuan as a 4-place decimal string."""
    return f"{p // 10000}.{p % 10000:04d}"


def tou_prices(p):
    return {"sharp": price(p[0]), "peak": price(p[1]), "flat": price(p[2]), "valley": price(p[3])}


TARIFFS = [
    {"id": "flat-general", "kind": "flat", "description": "General C&I below 1 kV, single-part, flat",
     "energy_price": price(FLAT["flat-general"])},
    {"id": "flat-office", "kind": "flat", "description": "Offices and shops, single-part, flat",
     "energy_price": price(FLAT["flat-office"])},
    {"id": "tou-10kv", "kind": "tou4",
     "description": "General C&I 1-10 kV, TOU (peak = flat x 1.8, valley = flat x 0.4, "
                    "sharp = peak x 1.25)",
     "versions": [
         {"id": "2026-01", "effective": "2026-01-01T00:00",
          "document": "illustrative 2026 agency-purchase price notice, 10 kV general C&I",
          "prices": tou_prices(TOU_10KV_OLD)},
         {"id": "2026-07-16", "effective": PRICE_CHANGE,
          "document": "illustrative notice of 2026-07-10: the 10 kV flat base is cut from 0.6000 "
                      "to 0.5800 yuan/kWh from 16 July, the ratios unchanged",
          "prices": tou_prices(TOU_10KV_NEW)}]},
    {"id": "tou-0.4kv", "kind": "tou4",
     "description": "General C&I below 1 kV, TOU",
     "versions": [
         {"id": "2026-01", "effective": "2026-01-01T00:00",
          "document": "illustrative 2026 agency-purchase price notice, below 1 kV general C&I",
          "prices": tou_prices(TOU_04KV_OLD)},
         {"id": "2026-06-corr", "effective": "2026-06-01T00:00", "published": "2026-07-10T00:00",
          "document": "illustrative correction published 2026-07-10: the June agency-purchase base "
                      "below 1 kV was 0.6200, not 0.6333 yuan/kWh; bills from 1 June are "
                      "re-rated (电费退补)",
          "prices": tou_prices(TOU_04KV_CORR)}]},
    {"id": "water-tiered", "kind": "water_tiered",
     "description": "Non-residential water, monthly tiers 1 : 1.5 : 3 (TIER-4), yuan/m3",
     "bounds": ["20", "30"], "prices": ["3.50", "5.25", "10.50"]},
    {"id": "two-part-capacity", "kind": "two_part",
     "description": "Two-part 1-10 kV, basic charge by transformer capacity (TP-2), "
                    "power factor standard 0.90 (PF-1)",
     "energy_tariff": "tou-10kv", "basis": "capacity",
     "capacity_price": price(CAPACITY_PRICE * 10000), "pf_standard": "0.90"},
    {"id": "two-part-demand", "kind": "two_part",
     "description": "Two-part 1-10 kV, basic charge by maximum 15-minute demand (TP-3), "
                    "power factor standard 0.90 (PF-1)",
     "energy_tariff": "tou-10kv", "basis": "demand",
     "demand_price": price(DEMAND_PRICE * 10000), "pf_standard": "0.90"},
]

# Share of TOU energy per register, per mille: sharp, peak, flat, valley.
TOU_SHARES = {
    "factory": (80, 340, 310, 270),
    "flat": (60, 250, 270, 420),
    "shop": (90, 420, 330, 160),
    "ev": (30, 180, 250, 540),
}

# The 40 profiles of one block. Keys: name; tariff; kwh (monthly range, primary side, June);
# ct (multiplier = CT ratio); feeder (0 = M-T1 10 kV, 1 = M-T2 workshops, 2 = M-T3 mall);
# tou (register shares); area (m2); fee (property fee: ("m2", 0.01 yuan) or ("fixed", yuan));
# rent (same); water (monthly m3 range); acct (N normal, A1, A2, OD overdraft within its limit,
# EX exhausted, P postpaid); kva (own transformer); shape (interval load shape); pf (target power
# factor, per mille); mid (read at the price change); mall (shares lifts and chiller).
PROFILES = [
    # two-part tenants on the 10 kV feeder, metered on the LV side of their own transformers
    dict(name="宏达精密机械 Hongda Precision Machining", tariff="two-part-capacity",
         kwh=(250000, 290000), ct=300, feeder=0, tou="factory", area=9600, fee=("m2", 400),
         rent=("m2", 2200), acct="P", kva=1250, shape="two_shift", pf=832, mid=True),
    dict(name="绿源冷链仓储 Green Source Cold Storage", tariff="two-part-capacity",
         kwh=(180000, 210000), ct=200, feeder=0, tou="flat", area=6200, fee=("m2", 400),
         rent=("m2", 2000), water=(80, 120), acct="P", kva=630, shape="cold", pf=921, mid=False),
    dict(name="新锐注塑 Xinrui Injection Moulding", tariff="two-part-capacity",
         kwh=(140000, 160000), ct=120, feeder=0, tou="factory", area=3800, fee=("m2", 400),
         acct="P", kva=400, shape="three_shift", pf=962, mid=False),
    dict(name="恒温数据机房 Hengwen Data Room B2", tariff="two-part-demand",
         kwh=(225000, 240000), ct=200, feeder=0, tou="flat", area=1500, fee=("m2", 500),
         rent=("m2", 4500), acct="P", kva=630, shape="data", pf=948, mid=True),
    dict(name="金辉表面处理 Jinhui Metal Finishing", tariff="two-part-demand",
         kwh=(95000, 110000), ct=160, feeder=0, tou="factory", area=2600, fee=("m2", 400),
         acct="P", kva=500, shape="day", pf=868, mid=False),
    dict(name="华彩印务 Huacai Printing", tariff="two-part-demand",
         kwh=(70000, 80000), ct=120, feeder=0, tou="factory", area=2200, fee=("m2", 400),
         rent=("m2", 2000), acct="P", kva=400, shape="print", pf=893, mid=True),
    # single-part 10 kV TOU tenants with small transformers of their own (TP-1: may choose)
    dict(name="精工模具 Jinggong Tool & Die", tariff="tou-10kv", kwh=(35000, 45000), ct=60,
         feeder=0, tou="factory", area=1800, fee=("m2", 400), acct="P", kva=250, mid=True),
    dict(name="恒通五金 Hengtong Hardware", tariff="tou-10kv", kwh=(25000, 32000), ct=50,
         feeder=0, tou="factory", area=1500, fee=("m2", 400), acct="P", kva=200, mid=False),
    dict(name="美佳包装 Meijia Packaging", tariff="tou-10kv", kwh=(20000, 28000), ct=40,
         feeder=0, tou="factory", area=1200, fee=("m2", 400), acct="N", kva=200, mid=False),
    dict(name="博远电子 Boyuan Electronics Assembly", tariff="tou-10kv", kwh=(30000, 38000),
         ct=60, feeder=0, tou="factory", area=1600, fee=("m2", 400), acct="P", kva=250, mid=True),
    # workshops behind transformer T2
    dict(name="速达物流 Suda Logistics Warehouse", tariff="flat-general", kwh=(5000, 8000), ct=1,
         feeder=1, area=2400, fee=("m2", 350), acct="N", replace=True),
    dict(name="园区食堂 Park Canteen", tariff="flat-general", kwh=(8000, 11000), ct=20, feeder=1,
         area=600, fee=("fixed", 1500), water=(120, 180), acct="N"),
    dict(name="检测实验室 Testing Laboratory", tariff="flat-general", kwh=(5000, 7000), ct=1,
         feeder=1, area=450, fee=("m2", 500), rent=("m2", 3500), water=(8, 14), acct="A1"),
    dict(name="电动车充电站 EV Charging Bays", tariff="tou-0.4kv", kwh=(9000, 13000), ct=20,
         feeder=1, tou="ev", area=300, fee=("fixed", 800), acct="N", big=True),
    dict(name="顺丰汽修 Shunfeng Auto Repair", tariff="tou-0.4kv", kwh=(4000, 6000), ct=1,
         feeder=1, tou="shop", area=500, fee=("m2", 350), acct="A2"),
    dict(name="天工木业 Tiangong Woodwork", tariff="tou-0.4kv", kwh=(7000, 10000), ct=30,
         feeder=1, tou="factory", area=900, fee=("m2", 350), acct="N"),
    dict(name="联创3D打印 Lianchuang 3D Printing", tariff="tou-0.4kv", kwh=(3000, 5000), ct=1,
         feeder=1, tou="factory", area=260, fee=("m2", 500), acct="EX"),
    dict(name="洁美洗涤 Jiemei Laundry", tariff="tou-0.4kv", kwh=(10000, 14000), ct=30,
         feeder=1, tou="factory", area=700, fee=("m2", 350), water=(150, 220), acct="N",
         big=True),
    dict(name="启明软件 Qiming Software", tariff="flat-office", kwh=(2500, 4000), ct=1, feeder=1,
         area=420, fee=("m2", 650), rent=("m2", 4500), acct="N"),
    dict(name="物联科技 Wulian IoT Studio", tariff="flat-office", kwh=(1500, 2500), ct=1,
         feeder=1, area=260, fee=("m2", 650), acct="A1"),
    dict(name="诚信会计 Chengxin Accounting", tariff="flat-office", kwh=(600, 1000), ct=1,
         feeder=1, area=120, fee=("m2", 650), acct="N"),
    # the mall block behind transformer T3
    dict(name="便利店 Kuaike Convenience Store", tariff="flat-office", kwh=(1800, 2600), ct=1,
         feeder=2, area=150, fee=("m2", 1500), rent=("m2", 12000), acct="N", mall=True),
    dict(name="一点点奶茶 Yidiandian Milk Tea", tariff="flat-office", kwh=(1200, 1800), ct=1,
         feeder=2, area=45, fee=("m2", 1500), acct="OD", mall=True),
    dict(name="川味小馆 Chuanwei Sichuan Bistro", tariff="tou-0.4kv", kwh=(4000, 6000), ct=1,
         feeder=2, tou="shop", area=220, fee=("m2", 1500), water=(40, 60), acct="A1", mall=True),
    dict(name="兰州拉面 Lanzhou Noodle House", tariff="flat-office", kwh=(2000, 3000), ct=1,
         feeder=2, area=110, fee=("m2", 1500), water=(35, 50), acct="N", mall=True),
    dict(name="星光影院 Starlight Cinema", tariff="tou-0.4kv", kwh=(12000, 16000), ct=30,
         feeder=2, tou="shop", area=1800, fee=("m2", 1200), rent=("m2", 6000), acct="P",
         mall=True),
    dict(name="乐动健身 Ledong Fitness", tariff="tou-0.4kv", kwh=(5000, 7000), ct=1, feeder=2,
         tou="shop", area=900, fee=("m2", 1200), water=(60, 90), acct="N", mall=True),
    dict(name="优品超市 Youpin Supermarket", tariff="tou-0.4kv", kwh=(18000, 24000), ct=40,
         feeder=2, tou="shop", area=1400, fee=("m2", 1200), rent=("m2", 7000), acct="P",
         mall=True),
    dict(name="书香书店 Shuxiang Bookshop", tariff="flat-office", kwh=(800, 1200), ct=1,
         feeder=2, area=160, fee=("m2", 1500), acct="A2", mall=True),
    dict(name="美发沙龙 Meifa Hair Salon", tariff="flat-office", kwh=(1000, 1600), ct=1,
         feeder=2, area=80, fee=("m2", 1500), water=(18, 26), acct="N", mall=True),
    dict(name="手机维修 Phone Repair Kiosk", tariff="flat-office", kwh=(300, 500), ct=1,
         feeder=2, area=12, fee=("fixed", 300), acct="N", move_out=True, mall=True),
    dict(name="童趣乐园 Tongqu Kids' Play Zone", tariff="flat-office", kwh=(2000, 3000), ct=1,
         feeder=2, area=600, fee=("m2", 1200), acct="A1", mall=True),
    dict(name="康健药房 Kangjian Pharmacy", tariff="flat-office", kwh=(1000, 1500), ct=1,
         feeder=2, area=120, fee=("m2", 1500), rent=("m2", 9000), acct="N", mall=True),
    dict(name="花语花店 Huayu Florist", tariff="flat-office", kwh=(400, 700), ct=1, feeder=2,
         area=40, fee=("fixed", 400), acct="EX", mall=True),
    dict(name="豆香咖啡 Douxiang Café", tariff="flat-office", kwh=(1500, 2200), ct=1, feeder=2,
         area=90, fee=("m2", 1500), water=(12, 18), acct="A2", mall=True),
    dict(name="明目眼镜 Mingmu Optical", tariff="flat-office", kwh=(600, 900), ct=1, feeder=2,
         area=70, fee=("m2", 1500), acct="N", mall=True),
    dict(name="快递驿站 Parcel Station", tariff="flat-office", kwh=(500, 800), ct=1, feeder=2,
         area=60, fee=("fixed", 200), acct="N", mall=True),
    dict(name="知行培训学校 Zhixing Training School", tariff="flat-office", kwh=(1500, 2500), ct=1,
         feeder=2, area=480, fee=("m2", 1200), acct="P", mall=True),
    dict(name="城商银行网点 City Commercial Bank Branch", tariff="flat-office", kwh=(2000, 3000),
         ct=1, feeder=2, area=300, fee=("m2", 1500), rent=("m2", 15000), acct="P", mall=True),
    dict(name="麦香烘焙 Maixiang Bakery", tariff="tou-0.4kv", kwh=(3000, 4500), ct=1, feeder=2,
         tou="shop", area=100, fee=("m2", 1500), water=(22, 28), acct="N", mall=True),
]

FEEDERS = [
    # (description, multiplier, loss per mille range, transformer kVA the grid bills or None)
    ("10 kV feeder to the tenants' transformers, PT 10000/100, CT 200/5", 4000, (22, 28), None),
    ("Transformer T2 1250 kVA 10/0.4 kV (workshops), LV incomer, CT 2000/5", 400, (26, 32), 1250),
    ("Transformer T3 1000 kVA 10/0.4 kV (mall), LV incomer, CT 1500/5", 300, (24, 30), 1000),
]
MASTER_MULTIPLIER = 6000
MASTER_LOSS = (9, 13)
WATER_LOSS = (20, 40)

# (id, description, feeder, multiplier, monthly kWh range, basis, subset)
COMMON = [
    ("lighting", "M-C01", "Public lighting, roads and car park", 1, 20, (9000, 11000), "area",
     None),
    ("lifts", "M-C02", "Lifts and escalators, mall block", 2, 20, (6000, 8000), "equal", "mall"),
    ("chiller", "M-C03", "Central chiller and air handling, mall block", 2, 100, (30000, 38000),
     "area", "mall"),
]
LANDLORD = ("M-L01", "Park management office and staff dormitory (landlord's own use)", 1, 20,
            (5000, 7000))

LEVEL_TARGETS = {"N": (150000, 600000), "A1": (55000, 80000), "A2": (10000, 22000),
                 "OD": (-25000, -15000), "EX": (-60000, -30000)}


def fmt(hundredths):
    """An integer of hundredths as a decimal string with 2 places (negative allowed)."""
    sign = "-" if hundredths < 0 else ""
    v = abs(hundredths)
    return f"{sign}{v // 100}.{v % 100:02d}"


def split_shares(rng, amount, shares):
    """Splits `amount` into len(shares) integer parts near the given per-mille shares."""
    parts = []
    left = amount
    for share in shares[:-1]:
        part = amount * (share + rng.randint(-15, 15)) // 1000
        parts.append(part)
        left -= part
    parts.append(left)
    return parts


def largest_remainder(total, weights):
    """Splits an integer total by integer weights (ALLOC-LR: exact, ties to the earlier item)."""
    w_sum = sum(weights)
    parts = [total * w // w_sum for w in weights]
    left = total - sum(parts)
    if left:
        order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % w_sum), i))
        for i in order[:left]:
            parts[i] += 1
    return parts


def div_half_up(a, b):
    return (2 * a + b) // (2 * b)


def month_slots(first_day, days):
    """(start label, weekday, slot of the day) for each 15-minute interval of a month."""
    out = []
    d0 = datetime.date.fromisoformat(first_day)
    for k in range(days):
        d = d0 + datetime.timedelta(days=k)
        label = d.isoformat()
        wd = d.weekday()
        for s in range(96):
            out.append((f"{label}T{s // 4:02d}:{s % 4 * 15:02d}", wd, s))
    return out


def shape_weight(shape, wd, slot):
    """Relative load of a 15-minute interval (integer, per mille of full production load)."""
    hour = slot // 4
    if shape == "two_shift":
        w = 1000 if 8 <= hour < 22 else 330
        return w * (550 if wd == 6 else 800 if wd == 5 else 1000) // 1000
    if shape == "three_shift":
        return 520 if wd == 6 else 900 + (60 if 9 <= hour < 17 else 0)
    if shape == "cold":
        return 780 + (220 if 10 <= hour < 18 else 0)
    if shape == "data":
        return 920 + (80 if 9 <= hour < 21 else 0)
    if shape == "day":
        if wd >= 5:
            return 300
        return 1000 if 7 <= hour < 19 else 250
    if shape == "print":
        w = 1000 if 8 <= hour < 20 else 200
        return 150 if wd == 6 else w
    raise ValueError(shape)


def reactive_for(active, pf_milli):
    """Reactive energy (floor) giving the power factor pf_milli/1000 with `active` (same units):
    Q = P * sqrt(1 - pf^2) / pf (PF-2), in integers."""
    return math.isqrt(active * active * (10 ** 6 - pf_milli * pf_milli) // (pf_milli * pf_milli))


class Meter:
    """One meter: its cumulative readings and its primary-side deltas per month."""

    def __init__(self, mid, mult, registers):
        self.id = mid
        self.mult = mult
        self.registers = registers    # True: t1..t4 written (their sum is the total)
        self.points = []              # (time, total, regs or None), in time order
        self.primary = [0, 0, 0, 0]   # 0.01 kWh (or m3) on the primary side, per month
        self.segments = []            # (month index, start time, end time, register delta)

    def read(self, time, total, regs=None):
        self.points.append((time, total, regs))


def at(day, hhmm="00:00"):
    return f"{day}T{hhmm}"


def generate(tenants, seed, intervals=True):
    rng = random.Random(seed)
    blocks = (tenants + len(PROFILES) - 1) // len(PROFILES)
    width = max(2, len(str(tenants)))
    mwidth = max(3, len(str(tenants * 2)))
    profiles = [PROFILES[i % len(PROFILES)] for i in range(tenants)]
    water_count = sum(1 for p in profiles if "water" in p)
    wwidth = max(2, len(str(water_count)))
    slots = {JUN: month_slots("2026-06-01", 30), JUL: month_slots("2026-07-01", 31)}

    meters_json = []
    tenants_json = []
    elec = []            # every electricity Meter below a feeder
    water = []
    tenant_rows = []     # per tenant: dict of what the estimates need
    interval_rows = []
    reactive_rows = []
    meter_no = 0
    water_no = 0
    feeder_ids = [f"M-T{3 * b + k + 1}" for b in range(blocks) for k in range(3)]

    def grow(m, start_regs, start_total, monthly_primary, shares, events=None, early=()):
        """Writes the readings of an end-user meter: every month start, plus an event in July
        (a reading at the price change, the old meter's final reading, a move-out)."""
        regs = list(start_regs) if shares else None
        total = start_total

        def emit(time):
            m.read(time, total, list(regs) if regs is not None else None)

        def step(delta):
            nonlocal total
            if regs is not None:
                for k, part in enumerate(split_shares(rng, delta, shares)):
                    regs[k] += part
                total = sum(regs)
            else:
                total += delta

        emit(at(EARLY[0], "23:45") if 0 in early else at(BOUNDS[0]))
        for month in range(4):
            delta = max(1, monthly_primary[month] // m.mult)
            t0 = m.points[-1][0]
            rest = delta
            event = (events or {}).get(month)
            if event:
                frac, time, kind = event
                part = delta * frac // 1000
                step(part)
                emit(time)
                m.segments.append((month, t0, time, part))
                if kind != "mid":          # removed or moved out: nothing more this month
                    m.primary[month] = part * m.mult
                    break
                t0, rest = time, delta - part
            step(rest)
            t1 = at(EARLY[month + 1], "23:45") if month + 1 in early else at(BOUNDS[month + 1])
            emit(t1)
            m.segments.append((month, t0, t1, rest))
            m.primary[month] = delta * m.mult
        return m

    # --- end-user electricity and water meters, tenant by tenant ---------------------------------
    for i, p in enumerate(profiles):
        block = i // len(PROFILES)
        first = block == 0
        tenant_id = f"T-{i + 1:0{width}d}"
        name = p["name"] if first else f"{p['name']} #{block + 1}"
        tariff = p["tariff"]
        two_part = tariff.startswith("two-part")
        if two_part and p["tariff"] == "two-part-demand" and not intervals:
            tariff = "two-part-capacity"
        energy_tariff = "tou-10kv" if two_part else tariff
        tou = energy_tariff.startswith("tou")
        shares = TOU_SHARES[p["tou"]] if tou else None
        feeder = feeder_ids[3 * block + p["feeder"]]
        meter_no += 1
        meter_id = f"M-{meter_no:0{mwidth}d}"
        m = Meter(meter_id, p["ct"], tou)
        base = rng.randint(p["kwh"][0] * 100, p["kwh"][1] * 100)
        monthly = [base * SEASON[k] * rng.randint(960, 1040) // 1000000 for k in range(4)]
        start_regs = [rng.randint(100000, 5000000) for _ in range(4)] if tou else None
        start_total = sum(start_regs) if tou else rng.randint(100000, 9000000)
        events = {}
        replace = first and p.get("replace")
        move_out = first and p.get("move_out")
        if energy_tariff == "tou-10kv" and p.get("mid"):
            events[JUL] = (rng.randint(470, 500), PRICE_CHANGE, "mid")
        if replace:
            events[JUL] = (rng.randint(350, 385), REPLACED_AT, "final")
        if move_out:
            events[JUL] = (rng.randint(590, 630), MOVE_OUT, "stop")
        early = set()
        with_intervals = two_part and intervals
        if not two_part and not replace and not move_out:
            for b in range(1, 5):
                if (meter_no * 3 + b) % 11 == 0:
                    early.add(b)
        grow(m, start_regs, start_total, monthly, shares, events, early)
        meter_ids = [meter_id]
        meter = {"id": meter_id, "role": "tenant", "parent": feeder, "multiplier": str(p["ct"]),
                 "tenant": tenant_id}
        if replace:
            meter["removed"] = REPLACED_AT
        desc = []
        if "kva" in p:
            desc.append(f"LV side of the tenant's {p['kva']} kVA transformer")
        if p["ct"] != 1:
            desc.append(f"CT {p['ct'] * 5}/5")
        if desc:
            meter["description"] = ", ".join(desc)
        meters_json.append(meter)
        elec.append(m)
        meters_here = [m]
        if replace:
            # The new meter: initial reading ~0 at the swap, then the rest of July.
            new = Meter(meter_id + "N", p["ct"], tou)
            initial = rng.randint(0, 60)
            new.read(REPLACED_AT, initial)
            rest = max(1, monthly[JUL] // m.mult) - m.segments[-1][3]
            new.read(at(BOUNDS[4]), initial + rest)
            new.segments.append((JUL, REPLACED_AT, at(BOUNDS[4]), rest))
            new.primary[JUL] = rest * m.mult
            meters_json.append({"id": new.id, "role": "tenant", "parent": feeder,
                                "multiplier": str(p["ct"]), "tenant": tenant_id,
                                "installed": REPLACED_AT, "replaces": meter_id,
                                "description": "replaces " + meter_id + " (display fault)"})
            meter_ids.append(new.id)
            elec.append(new)
            meters_here.append(new)
        if move_out:
            # Vacant after the move-out: the register stands still until the month's end.
            last = m.points[-1]
            m.read(at(BOUNDS[4]), last[1], last[2])
        for mm in meters_here:
            mm.block, mm.feeder = block, p["feeder"]
        # Interval data (June and July) and reactive readings for the two-part tenants.
        demand = None
        pf = None
        if with_intervals:
            peak = 0
            for month, t0, t1, delta in m.segments:
                if month not in (JUN, JUL):
                    continue
                rows = [s for s in slots[month] if t0 <= s[0] < t1]
                weights = [shape_weight(p["shape"], wd, s) * rng.randint(930, 1070)
                           for _, wd, s in rows]
                parts = largest_remainder(delta * m.mult, weights)
                for (label, _, _), kwh in zip(rows, parts):
                    interval_rows.append(f"{meter_id},{label},{fmt(kwh)}\n")
                if month == JUL:
                    peak = max(peak, max(parts))
            demand = peak * 4   # 0.01 kW
        if two_part:
            q = rng.randint(100000, 3000000)
            offset = rng.choice((-2, 2))
            if (p["pf"] + offset) % 10 in (4, 5, 6):   # keep clear of a rounding edge (PF-2)
                offset = -offset
            pf_by_month = {JUN: p["pf"] + offset, JUL: p["pf"]}
            reactive_rows.append((at(BOUNDS[JUN]), meter_id, f"{meter_id},{at(BOUNDS[JUN])},{fmt(q)}\n"))
            for month in (JUN, JUL):
                active = m.primary[month] // m.mult
                q += reactive_for(active, pf_by_month[month])
                t = at(BOUNDS[month + 1])
                reactive_rows.append((t, meter_id, f"{meter_id},{t},{fmt(q)}\n"))
            pf = p["pf"]
        if "water" in p:
            water_no += 1
            wm = Meter(f"M-W{water_no:0{wwidth}d}", 1, False)
            wbase = rng.randint(p["water"][0] * 100, p["water"][1] * 100)
            wmonthly = [wbase * rng.randint(900, 1100) // 1000 for _ in range(4)]
            grow(wm, None, rng.randint(50000, 900000), wmonthly, None)
            meters_json.append({"id": wm.id, "role": "tenant", "medium": "water",
                                "parent": "M-W00", "tenant": tenant_id, "tariff": "water-tiered"})
            meter_ids.append(wm.id)
            water.append(wm)
        tenant = {"id": tenant_id, "name": name, "tariff": tariff, "meters": meter_ids,
                  "area_m2": fmt(p["area"] * 100)}
        if tariff == "two-part-capacity":
            tenant["capacity_kva"] = str(p["kva"])
        kind, amount = p["fee"]
        tenant["property_fee"] = ({"per_m2_month": fmt(amount)} if kind == "m2"
                                  else {"fixed_per_month": fmt(amount * 100)})
        if "rent" in p:
            kind, amount = p["rent"]
            tenant["rent"] = ({"per_m2_month": fmt(amount)} if kind == "m2"
                              else {"fixed_per_month": fmt(amount * 100)})
        if p["acct"] == "P":
            tenant["account"] = {"mode": "postpaid"}
        if move_out:
            tenant["move_out"] = MOVE_OUT
        if two_part and tariff == "two-part-demand":
            tenant["description"] = (f"{p['kva']} kVA transformer, basic charge by maximum demand "
                                     "from 15-minute interval data")
        tenants_json.append(tenant)
        tenant_rows.append({"json": tenant, "p": p, "meters": meters_here,
                            "water": water[-1] if "water" in p else None, "tariff": tariff,
                            "demand": demand, "pf": pf, "mall": first and p.get("mall"),
                            "move_out": move_out})

    # --- common areas and the landlord (once) --------------------------------------------------
    common_json = []
    common_meters = []
    for cid, mid, desc, feeder, ct, (lo, hi), basis, subset in COMMON:
        m = Meter(mid, ct, False)
        base = rng.randint(lo * 100, hi * 100)
        grow(m, None, rng.randint(100000, 9000000),
             [base * SEASON[k] * (SEASON[k] if cid == "chiller" else 1000) // 10 ** 6
              for k in range(4)], None)
        m.block, m.feeder = 0, feeder
        meters_json.append({"id": mid, "role": "common_area", "parent": feeder_ids[feeder],
                            "multiplier": str(ct), "description": desc})
        elec.append(m)
        common_meters.append((cid, m, basis, subset))
        entry = {"id": cid, "meter": mid, "basis": basis}
        members = [t["json"]["id"] for t in tenant_rows if t["mall"]]
        if subset and members:   # (a site too small to have a mall shares among all)
            entry["tenants"] = members
        common_json.append(entry)
    lid, ldesc, lfeeder, lct, (llo, lhi) = LANDLORD
    landlord = Meter(lid, lct, False)
    lbase = rng.randint(llo * 100, lhi * 100)
    grow(landlord, None, rng.randint(100000, 9000000),
         [lbase * SEASON[k] // 1000 for k in range(4)], None)
    landlord.block, landlord.feeder = 0, lfeeder
    meters_json.append({"id": lid, "role": "landlord", "parent": feeder_ids[lfeeder],
                        "multiplier": str(lct), "description": ldesc})
    elec.append(landlord)

    # --- the tree above: feeders, grid master, water master ------------------------------------
    feeder_sum = [[0] * 4 for _ in feeder_ids]
    for m in elec:
        for k in range(4):
            feeder_sum[3 * m.block + m.feeder][k] += m.primary[k]
    tree_json = [{"id": "M-000", "role": "grid_master", "multiplier": str(MASTER_MULTIPLIER),
                  "description": "10 kV incomer (grid metering point), PT 10000/100, CT 300/5"}]
    tree_meters = []
    master_in = [0] * 4
    site_kva = 0
    for f, fid in enumerate(feeder_ids):
        desc, mult, (llo, lhi), kva = FEEDERS[f % 3]
        fm = Meter(fid, mult, False)
        total = rng.randint(1000000, 90000000)
        fm.read(at(BOUNDS[0]), total)
        for k in range(4):
            loss = rng.randint(llo, lhi)
            delta = div_half_up(feeder_sum[f][k] * (1000 + loss), 1000 * mult)
            total += delta
            fm.read(at(BOUNDS[k + 1]), total)
            fm.primary[k] = delta * mult
            master_in[k] += delta * mult
        tree_meters.append(fm)
        tree_json.append({"id": fid, "role": "feeder", "parent": "M-000", "multiplier": str(mult),
                          "description": desc})
        site_kva += kva or 0
    site_kva += sum(t["p"]["kva"] for t in tenant_rows if "kva" in t["p"])
    master = Meter("M-000", MASTER_MULTIPLIER, False)
    total = rng.randint(1000000, 90000000)
    master.read(at(BOUNDS[0]), total)
    for k in range(4):
        delta = div_half_up(master_in[k] * (1000 + rng.randint(*MASTER_LOSS)),
                            1000 * MASTER_MULTIPLIER)
        total += delta
        master.read(at(BOUNDS[k + 1]), total)
        master.primary[k] = delta * MASTER_MULTIPLIER
    tree_meters.insert(0, master)
    wmaster = Meter("M-W00", 1, False)
    total = rng.randint(1000000, 9000000)
    wmaster.read(at(BOUNDS[0]), total)
    for k in range(4):
        delta = div_half_up(sum(w.primary[k] for w in water) * (1000 + rng.randint(*WATER_LOSS)),
                            1000)
        total += delta
        wmaster.read(at(BOUNDS[k + 1]), total)
    tree_meters.append(wmaster)
    water_master_json = {"id": "M-W00", "role": "grid_master", "medium": "water",
                         "description": "Water master meter DN100 (municipal supply)"}

    # --- estimates of the July bills: accounts and the SUP-1 check ------------------------------
    grid_bill = {}
    for month in (JUN, JUL):
        kwh = master.primary[month]   # 0.01 kWh
        amount = kwh * GRID_PRICE[month] // 100 + site_kva * GRID_CAPACITY_PRICE * 10000
        grid_bill[MONTHS[month]] = div_half_up(amount, 100)   # 1e-4 yuan -> 0.01 yuan
    est = estimate_bills(tenant_rows, common_meters, master, elec)
    for month in (JUN, JUL):
        paid = sum(e[month]["electricity"] for e in est)
        if paid * 100 >= grid_bill[MONTHS[month]] * 10000 * 100:
            raise SystemExit(f"SUP-1: tenants pay {paid / 1e6:.2f} for electricity in "
                             f"{MONTHS[month]}, the grid bill is {grid_bill[MONTHS[month]] / 100}")
    recharge_no = 0
    for t, e in zip(tenant_rows, est):
        plan = t["p"]["acct"]
        if plan == "P":
            continue
        bill = e[JUL]["total"] // 10000   # 0.01 yuan
        big = t["p"].get("big")
        alarm1, alarm2 = (200000, 60000) if big else (100000, 30000)
        lo, hi = LEVEL_TARGETS[plan]
        target = rng.randint(lo, hi) * (2 if big and plan == "N" else 1)
        if t["move_out"]:
            target = rng.randint(20000, 60000)   # refunded when the account is closed
        # Recharges pay most of the month; the opening balance (what was left from June) closes
        # the gap, so that the balance after this bill lands on the level planned.
        recharges = []
        if plan != "EX" and not t["move_out"] and not (plan == "A2" and rng.randint(0, 1)):
            opening_guess = bill * rng.randint(10, 40) // 100
            paid = max(10000, (bill + target - opening_guess) // 10000 * 10000)
            count = 2 if paid >= 300000 else 1
            first = paid // count // 10000 * 10000
            for k, amount in enumerate([first, paid - first][:count]):
                day = 3 + 12 * k + rng.randint(0, 8)
                recharge_no += 1
                channel = ("WX", "ZFB", "UP")[recharge_no % 3]
                hh, mi = rng.randint(8, 21), rng.randint(0, 59)
                recharges.append({"time": f"2026-07-{day:02d}T{hh:02d}:{mi:02d}",
                                  "amount": fmt(amount),
                                  "reference": f"{channel}-202607{day:02d}-{recharge_no:04d}"})
        opening = target + bill - sum(int(r["amount"].replace(".", "")) for r in recharges)
        if opening < 0:
            raise SystemExit(f"{t['json']['id']}: negative opening balance {fmt(opening)}")
        t["json"]["account"] = {"mode": "prepaid", "opening_balance": fmt(opening),
                                "alarm1": fmt(alarm1), "alarm2": fmt(alarm2),
                                "overdraft_limit": fmt(50000 if plan == "OD" else 0),
                                "recharges": recharges}
        # Keep the key order of the spec: account before move_out.
        if "move_out" in t["json"]:
            t["json"]["move_out"] = t["json"].pop("move_out")
        if "description" in t["json"]:
            t["json"]["description"] = t["json"].pop("description")

    site = {
        "format": "submeter-site-v1",
        "name": "Sunrise Industrial Park (旭日工业园)",
        "description": "Sample site generated by examples/site/generate.py; made-up data. An "
                       "industrial park with a mall block on one 10 kV supply, billed at "
                       "catalogue prices (SUP-2 Mode A).",
        "currency": "CNY",
        "rounding": {"scope": "per_line", "places": 2, "mode": "half_up"},
        "settlement": {
            "mode": "catalogue_price",
            "catalogue_price": price(CATALOGUE_PRICE),
            "grid_master": "M-000",
            "grid_bill": {k: fmt(v) for k, v in grid_bill.items()},
        },
        "tariffs": TARIFFS,
        "meters": tree_json + [x for x in meters_json if x.get("medium") != "water"]
        + [water_master_json] + [x for x in meters_json if x.get("medium") == "water"],
        "tenants": tenants_json,
        "common_areas": common_json,
        "losses": {"basis": "consumption"},
    }

    extra = add_settlement_and_pricing_v2(site, seed)
    add_v2_cycles(site, elec, interval_rows, slots, seed)
    add_issued_bill_terms(site)

    rows = []
    for m in tree_meters + elec + water + extra:
        for time, total, regs in m.points:
            cells = [m.id, time, fmt(total)] + ([fmt(r) for r in regs] if regs else ["", "", "", ""])
            rows.append((time, m.id, ",".join(cells)))
    rows.sort()
    readings = "meter_id,time,total,t1,t2,t3,t4\n" + "".join(r[2] + "\n" for r in rows)
    reactive_rows.sort(key=lambda r: (r[1], r[0]))
    reactive = "meter_id,time,kvarh\n" + "".join(r[2] for r in reactive_rows)
    interval_csv = ("meter_id,start,kwh\n" + "".join(interval_rows)) if intervals else None
    return site, readings, interval_csv, reactive, est

# --- format v2, issue 22 items 3-5 (site-cycles): the features of examples/site that v1 lacks ---
# Kept apart from the v1 generator above: its own random stream, applied to the finished site.
IV_TARIFF = "tou-10kv-iv"
IV_PERIODS = {"sharp": [["12:00", "14:00"]], "peak": [["08:00", "12:00"], ["14:00", "20:00"]],
              "flat": [["06:00", "08:00"], ["20:00", "22:00"]], "valley": [["22:00", "06:00"]]}
WATER_LOSS_PRICE = "3.50"   # yuan/m3 the landlord pays the municipal supply


def iv_register(slot):
    """The tou-10kv-iv register (1 sharp .. 4 valley) of a 15-minute slot of the day."""
    hour = slot // 4
    if 12 <= hour < 14:
        return 1
    if 8 <= hour < 12 or 14 <= hour < 20:
        return 2
    if 6 <= hour < 8 or 20 <= hour < 22:
        return 3
    return 4


def add_v2_cycles(site, elec, interval_rows, slots, seed):
    """Format v2 (docs/formats.md "Format v2"): one postpaid 10 kV TOU tenant without a reading at
    the July price change moves to tou-10kv-iv, whose `tou_periods` classify the interval data
    written here for its meter (each register's July use spread over its quarter-hours), so its
    July bill is split at the change by interval data; the water tree's losses are shared down
    the water tree (`water_losses`); postpaid tenants' rent, property fee and basic charge get
    quarterly cycles in advance and in arrears. Returns the meter given interval data."""
    rng = random.Random(seed * 7919 + 22)
    site["format"] = "submeter-site-v2"
    base = next(t for t in site["tariffs"] if t["id"] == "tou-10kv")
    iv = json.loads(json.dumps(base))
    iv["id"] = IV_TARIFF
    iv["description"] = base["description"] + "; TOU periods for interval data (format v2)"
    site["tariffs"].insert(site["tariffs"].index(base) + 1, iv)
    site["tou_periods"] = {IV_TARIFF: IV_PERIODS}
    site["water_losses"] = {"master": "M-W00", "basis": "consumption", "price": WATER_LOSS_PRICE}
    by_id = {m.id: m for m in elec}
    chosen = None
    for t in site["tenants"]:
        prepaid = t.get("account", {}).get("mode") == "prepaid"
        if t["tariff"] != "tou-10kv" or prepaid or len(t["meters"]) != 1:
            continue
        m = by_id.get(t["meters"][0])
        times = [p[0] for p in m.points] if m else []
        if at(BOUNDS[JUL]) in times and at(BOUNDS[JUL + 1]) in times and PRICE_CHANGE not in times:
            chosen = (t, m)
            break
    t, m = chosen
    t["tariff"] = IV_TARIFF
    start = next(p for p in m.points if p[0] == at(BOUNDS[JUL]))
    end = next(p for p in m.points if p[0] == at(BOUNDS[JUL + 1]))
    rows = slots[JUL]
    values = [0] * len(rows)
    for r in range(1, 5):
        idx = [i for i, (_, _, slot) in enumerate(rows) if iv_register(slot) == r]
        delta = (end[2][r - 1] - start[2][r - 1]) * m.mult
        weights = [rng.randint(900, 1100) for _ in idx]
        for i, part in zip(idx, largest_remainder(delta, weights)):
            values[i] = part
    for (label, _, _), kwh in zip(rows, values):
        interval_rows.append(f"{m.id},{label},{fmt(kwh)}\n")
    # Charge cycles on postpaid tenants (their bills are not what the prepaid levels aim at).
    done = set()
    for t in site["tenants"]:
        if t.get("account", {}).get("mode") == "prepaid":
            continue
        if "rent" in t and "rent" not in done:
            t["rent"].update(cycle="quarterly", billing="arrears", anchor_month=2)
            done.add("rent")
        elif "property_fee" in t and "fee" not in done:
            t["property_fee"].update(cycle="quarterly", billing="advance")
            done.add("fee")
        elif t["tariff"] == "two-part-capacity" and "basic" not in done:
            t["basic_charge_cycle"] = {"cycle": "quarterly", "billing": "advance"}
            done.add("basic")
    return m.id


# --- format v2: tiered electricity, allowances, a demand ratchet, a transformer (issue 22) ------
# A staff dormitory block behind its own small transformer T4 (S13-100) under the grid master:
# three rooms on tiered electricity (阶梯), two with a free quota (学生公寓 allowance, ALLOW-1),
# one on a yearly ladder whose counter is carried in the file; the DL/T 686 loss of T4 (TXL-1)
# is added at M-DT4 and shared only by the rooms. The first demand-billed tenant moves to a
# ratcheted demand tariff with two earlier peaks in demand_history (June comes from the interval
# data). Its own random stream, so the rest of the sample is unchanged but for the shares of the
# grid master's loss (the block reads below it) and that tenant's demand charge.
DORM_ROOMS = [
    # (meter, tenant id, name, tariff, monthly kWh range, v2 tenant fields)
    ("M-D201", "T-D201", "宿舍201 Staff dormitory room 201", "dorm-tiered", (160, 240),
     {"allowance": {"kwh": "30", "carry_over": True, "carried": "5"}}),
    ("M-D202", "T-D202", "宿舍202 Staff dormitory room 202", "dorm-tiered", (330, 460),
     {"allowance": {"yuan": "20.00"}}),
    ("M-D203", "T-D203", "宿舍203 Staff family flat 203", "home-tiered", (380, 520),
     {"tier_counter": {"time": "2026-04-01T00:00", "kwh": "2310.00"}}),
]


def add_settlement_and_pricing_v2(site, seed):
    """Adds the format-v2 pricing features to `site` (in place) and returns the new meters, whose
    readings the caller writes."""
    rng = random.Random(seed * 1000 + 22)
    site["format"] = "submeter-site-v2"
    site["tariffs"] += [
        {"id": "dorm-tiered", "kind": "tiered",
         "description": "Staff dormitories, monthly ladder 200 / 400 kWh (+0.05, +0.30; TIER-1)",
         "counter": "monthly", "bounds": ["200", "400"],
         "prices": ["0.5283", "0.5783", "0.8283"]},
        {"id": "home-tiered", "kind": "tiered",
         "description": "Residential sub-tenants, yearly ladder 2760 / 4800 kWh from 1 January",
         "counter": "yearly", "reset_month": 1, "bounds": ["2760", "4800"],
         "prices": ["0.5380", "0.5880", "0.8380"]},
        {"id": "two-part-demand-ratchet", "kind": "two_part",
         "description": "Two-part 1-10 kV by maximum demand with a 75 % / 11-month ratchet",
         "energy_tariff": "tou-10kv", "basis": "demand",
         "demand_price": price(DEMAND_PRICE * 10000), "pf_standard": "0.90",
         "ratchet": {"percent": "0.75", "months": 11}},
    ]
    for t in site["tenants"]:
        if t["tariff"] == "two-part-demand":
            t["tariff"] = "two-part-demand-ratchet"
            t["demand_history"] = {"2026-04": "560", "2026-05": "540"}
            break
    feeder = Meter("M-DT4", 1, False)
    rooms = []
    sums = [0, 0, 0, 0]
    for mid, tid, name, tariff, (lo, hi), fields in DORM_ROOMS:
        m = Meter(mid, 1, False)
        total = rng.randint(100000, 900000)
        m.read(at(BOUNDS[0]), total)
        for k in range(4):
            delta = rng.randint(lo * 100, hi * 100) * SEASON[k] // 1000
            total += delta
            m.read(at(BOUNDS[k + 1]), total)
            sums[k] += delta
        rooms.append(m)
        site["meters"].append({"id": mid, "parent": "M-DT4", "tenant": tid,
                               "description": "room meter"})
        site["tenants"].append(dict({"id": tid, "name": name, "tariff": tariff, "meters": [mid],
                                     "area_m2": "25", "account": {"mode": "postpaid"}}, **fields))
    total = rng.randint(1000000, 9000000)
    feeder.read(at(BOUNDS[0]), total)
    for k in range(4):
        total += div_half_up(sums[k] * (1000 + rng.randint(15, 25)), 1000)
        feeder.read(at(BOUNDS[k + 1]), total)
    site["meters"].append({"id": "M-DT4", "role": "feeder", "parent": "M-000",
                           "description": "Transformer T4 100 kVA 10/0.4 kV (staff dormitory "
                                          "block), LV incomer"})
    site["transformers"] = [
        {"id": "T4", "description": "S13-100 10/0.4 kV", "meter": "M-DT4", "rated_kva": "100",
         "no_load_loss_kw": "0.15", "load_loss_kw": "1.50"}]
    return [feeder] + rooms


# Format v2, issue 22 #5 (docs/bills-issued.md "Payment bills"): every component is deducted
# unless a tenant's terms say otherwise. A postpaid two-part tenant gets its basic charge, shares
# and property fee on a payment bill; a prepaid TOU tenant its property fee and its re-rating (a
# refund, netted on the payment bill). Every postpaid tenant's re-rating refund is a credit note.
PAYMENT_BILL_TENANTS = {
    "T-03": ["capacity", "common_area", "loss", "property_fee"],
    "T-16": ["adjustment", "property_fee"],
}


def add_issued_bill_terms(site):
    """Format v2, issue 22 #8, #9 and #5 (docs/bills-issued.md): bill numbers XR-202607-0001..,
    tax lines (electricity 13 %, water 9 %, property fee 6 %; rent left unsplit), per bill, and
    payment bills PB-202607-0001.. due 15 days after issue for the tenants of
    PAYMENT_BILL_TENANTS that the site has."""
    site["format"] = "submeter-site-v2"
    site["bill_numbers"] = {"prefix": "XR", "digits": 4}
    site["tax"] = {"rounding": "per_bill",
                   "rates": [{"class": "electricity", "rate": "0.13", "from": "2019-04-01"},
                             {"class": "water", "rate": "0.09", "from": "2019-04-01"},
                             {"class": "property_fee", "rate": "0.06", "from": "2019-04-01"}]}
    ids = {t["id"] for t in site["tenants"]}
    site["payment_bills"] = {
        "prefix": "PB", "digits": 4, "due_days": 15, "components": [],
        "tenants": {t: c for t, c in PAYMENT_BILL_TENANTS.items() if t in ids}}


def tou_cost(deltas, prices):
    """deltas: 4 register deltas (0.01 kWh, primary); prices 1e-4 yuan -> 1e-6 yuan."""
    return sum(d * p for d, p in zip(deltas, prices))


def meter_energy_cost(m, tariff, month):
    """Energy charge estimate of one meter in a month, 1e-6 yuan."""
    pts = m.points
    # readings at the month's bounds (or the events inside it), in order
    cost = 0
    for mo, t0, t1, _ in m.segments:
        if mo != month:
            continue
        a = next(p for p in pts if p[0] == t0)
        b = next(p for p in pts if p[0] == t1)
        if tariff in FLAT:
            cost += (b[1] - a[1]) * m.mult * FLAT[tariff]
            continue
        deltas = [(y - x) * m.mult for x, y in zip(a[2], b[2])]
        if tariff == "tou-0.4kv":
            cost += tou_cost(deltas, TOU_04KV_CORR if month >= JUN else TOU_04KV_OLD)
        elif month == JUL and t0 < PRICE_CHANGE < t1:
            # no reading at the change: split by days (15 of 31 at the old prices)
            cost += tou_cost(deltas, TOU_10KV_OLD) * 15 // 31 + tou_cost(deltas, TOU_10KV_NEW) * 16 // 31
        elif month == JUL and t0 >= PRICE_CHANGE:
            cost += tou_cost(deltas, TOU_10KV_NEW)
        else:
            cost += tou_cost(deltas, TOU_10KV_OLD)
    return cost


def pf_percent(pf_milli, std=90):
    """PF-3 adjustment in hundredths of a percent for a power factor (before rounding)."""
    r = (pf_milli + 5) // 10
    if r >= std:
        return -min(75, 15 * (r - std))
    steps = std - r
    return 50 * min(steps, 20) + 100 * max(0, min(steps - 20, 5)) + 200 * max(0, steps - 25)


def water_cost(m3):
    cost = 0
    lower = 0
    for bound, p in zip(list(WATER_BOUNDS) + [None], WATER_PRICES):
        upper = m3 if bound is None else min(m3, bound)
        if upper > lower:
            cost += (upper - lower) * p
        lower = bound if bound is not None else lower
    return cost * 100   # 0.01 m3 x 0.01 yuan = 1e-4 -> 1e-6 yuan


def estimate_bills(tenant_rows, common_meters, master, elec):
    """Rough bills per tenant (1e-6 yuan) for June and July: what the accounts are set from."""
    out = []
    end_users = elec
    area_all = sum(t["p"]["area"] for t in tenant_rows)
    mall = [t for t in tenant_rows if t["mall"]]
    area_mall = sum(t["p"]["area"] for t in mall)
    tenant_kwh = {JUN: 0, JUL: 0}
    for t in tenant_rows:
        for m in t["meters"]:
            for mo in (JUN, JUL):
                tenant_kwh[mo] += m.primary[mo]
    loss = {mo: master.primary[mo] - sum(m.primary[mo] for m in end_users) for mo in (JUN, JUL)}
    for t in tenant_rows:
        p = t["p"]
        e = {}
        for mo in (JUN, JUL):
            energy = 0
            kwh = 0
            for m in t["meters"]:
                energy_tariff = "tou-10kv" if t["tariff"].startswith("two-part") else t["tariff"]
                energy += meter_energy_cost(m, energy_tariff, mo)
                kwh += m.primary[mo]
            basic = 0
            if t["tariff"] == "two-part-capacity":
                basic = p["kva"] * CAPACITY_PRICE * 10 ** 6
            elif t["tariff"] == "two-part-demand":
                basic = (t["demand"] or 0) * DEMAND_PRICE * 10 ** 4
            adj = 0
            if t["pf"]:
                adj = (energy + basic) * pf_percent(t["pf"]) // 10000
            electricity = energy + basic + adj
            other = 0
            days = 19 if (t["move_out"] and mo == JUL) else DAYS[mo]
            for key in ("fee", "rent"):
                if key in p:
                    kind, amount = p[key]
                    monthly = (p["area"] * amount * 10 ** 4 if kind == "m2" else amount * 10 ** 6)
                    other += monthly * days // DAYS[mo]
            if t["water"] is not None:
                other += water_cost(t["water"].primary[mo])
            for cid, cm, basis, subset in common_meters:
                value = cm.primary[mo] * CATALOGUE_PRICE
                if subset is None:
                    other += value * p["area"] // area_all
                elif t["mall"]:
                    other += (value // len(mall) if basis == "equal"
                              else value * p["area"] // area_mall)
            other += loss[mo] * CATALOGUE_PRICE * kwh // max(1, tenant_kwh[mo])
            rerate = 0
            if mo == JUL and t["tariff"] == "tou-0.4kv":
                for m in t["meters"]:
                    for m0, t0, t1, _ in m.segments:
                        if m0 != JUN:
                            continue
                        a = next(x for x in m.points if x[0] == t0)
                        b = next(x for x in m.points if x[0] == t1)
                        d = [(y - x) * m.mult for x, y in zip(a[2], b[2])]
                        rerate += tou_cost(d, TOU_04KV_CORR) - tou_cost(d, TOU_04KV_OLD)
            e[mo] = {"electricity": electricity, "other": other, "adjustment": rerate,
                     "total": electricity + other + rerate, "kwh": kwh}
        out.append(e)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=len(PROFILES),
                        help=f"number of tenants besides the format-v2 dormitory block's three rooms "
                             f"(default {len(PROFILES)}: the sample's {len(PROFILES) + 3})")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                        help="output directory (default: this script's directory)")
    parser.add_argument("--no-intervals", action="store_true",
                        help="write no intervals.csv (big sites); demand tenants billed by capacity")
    parser.add_argument("--estimates", action="store_true",
                        help="print the generator's rough July bill estimates to stderr")
    args = parser.parse_args()
    if args.tenants < 1:
        parser.error("--tenants must be at least 1")
    site, readings_csv, intervals_csv, reactive_csv, est = generate(
        args.tenants, args.seed, not args.no_intervals)
    os.makedirs(args.out, exist_ok=True)
    # Streamed: json.dumps of a 100,000-tenant site would hold millions of chunks at once.
    with open(os.path.join(args.out, "site.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(site, f, ensure_ascii=False, indent=2)
        f.write("\n")
    files = [("readings.csv", readings_csv), ("reactive.csv", reactive_csv)]
    if intervals_csv is not None:
        files.append(("intervals.csv", intervals_csv))
    for name, text in files:
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    if args.estimates:
        import sys
        for i, e in enumerate(est[:60]):
            j = e[JUL]
            sys.stderr.write(f"T{i + 1}: electricity {fmt(j['electricity'] // 10000)} other "
                             f"{fmt(j['other'] // 10000)} adjustment {fmt(j['adjustment'] // 10000)}"
                             f" total {fmt(j['total'] // 10000)}\n")


if __name__ == "__main__":
    main()
