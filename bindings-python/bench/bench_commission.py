"""Commission statements for a synthetic quarter, through the Python binding and in plain Python.

200 reps, N deals (default 1,000,000) over the seeds' 12 rate rules (product line × customer
tier × payment cycle), graduated period accelerators on attainment, the activation kicker and
the sign-and-first-payment release. The same plan is computed by a straightforward plain-Python
``decimal`` implementation; both must give identical totals per rep, and the ratio is printed.

    .venv/bin/python bindings-python/bench/bench_commission.py [N]
"""

import sys
import time
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict, List, Tuple

import revlogic

REPS = 200
LINES = ["device", "consumable"]
TIERS = ["A", "B"]
CYCLES = ["annual", "quarterly", "monthly"]
RATES: Dict[Tuple[str, str, str], Decimal] = {}
for i, key in enumerate((p, t, c) for p in LINES for t in TIERS for c in CYCLES):
    RATES[key] = Decimal("0.02") + Decimal("0.005") * i
BANDS = [(Decimal("0"), Decimal("1.0"), Decimal("1")), (Decimal("1.0"), Decimal("1.5"), Decimal("1.5")),
         (Decimal("1.5"), None, Decimal("2"))]
KICK_THRESHOLD, KICK_DAYS, KICK_ADD = Decimal("0.95"), 30, Decimal("0.005")
CENT = Decimal("0.01")

PLAN: Dict[str, Any] = {
    "schemaVersion": 1, "id": "bench", "versions": [{
        "id": "v1", "effectiveFrom": "2026-01-01",
        "rules": [{"id": f"{p}-{t}-{c}", "match": {"productLine": p, "customerTier": t, "paymentCycle": c}, "rate": r}
                  for (p, t, c), r in RATES.items()],
        "accelerator": {"measure": "attainment", "scope": "period", "tiers": {
            "mode": "graduated", "boundary": "lowerInclusive",
            "bands": [{"id": f"b{i}", "from": lo, **({"to": hi} if hi is not None else {}), "rate": r}
                      for i, (lo, hi, r) in enumerate(BANDS)]}},
    }],
}
START = date(2026, 1, 1)


def build(n: int) -> Dict[str, Any]:
    reps = [{"id": f"rep{r:03d}", "quota": Decimal(n // REPS * 40_000)} for r in range(REPS)]
    deals: List[Dict[str, Any]] = []
    payments: List[Dict[str, Any]] = []
    keys = list(RATES)
    for i in range(n):
        close = START + timedelta(days=i % 90)
        p, t, c = keys[i % 12]
        deal: Dict[str, Any] = {
            "id": f"D{i:07d}", "rep": f"rep{i % REPS:03d}", "amount": Decimal(10_000 + (i * 7919) % 60_000) + Decimal("0.50"),
            "closeDate": close, "fields": {"productLine": p, "customerTier": t, "paymentCycle": c},
        }
        if i % 4:
            deal["signedDate"] = close
        if i % 10 == 0:
            deal["newCustomer"] = True
            deal["activation"] = {"rate": Decimal("0.94") + Decimal(i % 3) / 100, "date": close + timedelta(days=20 + i % 20)}
        deals.append(deal)
        if i % 3:
            payments.append({"id": f"P{i}", "deal": deal["id"], "amount": Decimal(5_000), "date": close + timedelta(days=5)})
    return {"period": {"from": START, "to": date(2026, 3, 31)}, "asOf": date(2026, 3, 31),
            "reps": reps, "deals": deals, "payments": payments, "explain": False}


def plain_python(request: Dict[str, Any]) -> Dict[str, Tuple[Decimal, Decimal]]:
    """The same plan, written the obvious way with ``decimal``."""
    as_of = request["asOf"]
    paid = set()
    for pay in request["payments"]:
        if pay["date"] <= as_of:
            paid.add(pay["deal"])
    quotas = {r["id"]: r["quota"] for r in request["reps"]}
    by_rep: Dict[str, List[Dict[str, Any]]] = {r: [] for r in quotas}
    for d in request["deals"]:
        by_rep[d["rep"]].append(d)
    out = {}
    for rep, deals in by_rep.items():
        deals.sort(key=lambda d: (d["closeDate"], d["id"]))
        quota = quotas[rep]
        bands = [(lo * quota, None if hi is None else hi * quota, r) for lo, hi, r in BANDS]
        running = Decimal(0)
        earned_total = payable_total = Decimal(0)
        for d in deals:
            f = d["fields"]
            rate = RATES[(f["productLine"], f["customerTier"], f["paymentCycle"])]
            act = d.get("activation")
            if d.get("newCustomer") and act and act["rate"] >= KICK_THRESHOLD and 0 <= (act["date"] - d["closeDate"]).days <= KICK_DAYS:
                rate += KICK_ADD
            start, end = running, running + d["amount"]
            running = end
            accelerated = Decimal(0)
            for lo, hi, mult in bands:
                a = max(lo, start)
                b = end if hi is None else min(hi, end)
                if b > a:
                    accelerated += (b - a) * mult
            earned = (accelerated * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            signed = d.get("signedDate") is not None and d["signedDate"] <= as_of
            earned_total += earned
            if signed and d["id"] in paid:
                payable_total += earned
        out[rep] = (earned_total, payable_total)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    request = build(n)
    plan = revlogic.CommissionPlan(PLAN)

    t0 = time.perf_counter()
    statement = plan.statement(request)
    t_native = time.perf_counter() - t0
    lines = sum(len(r["lines"]) for r in statement["reps"])
    del statement

    t0 = time.perf_counter()
    statement = plan.statement({**request, "detail": "totals"})
    t_totals = time.perf_counter() - t0

    t0 = time.perf_counter()
    expected = plain_python(request)
    t_plain = time.perf_counter() - t0

    assert not statement["rejected"], statement["rejected"][:3]
    got = {r["rep"]: (r["totals"]["earned"], r["totals"]["payableNow"]) for r in statement["reps"]}
    assert got == expected, "totals differ between revlogic and the plain-Python baseline"
    total = sum(e for e, _ in got.values())
    print(f"{n:,} deals, {REPS} reps, 12 rules, graduated accelerators, kickers; total earned {total}")
    print(f"revlogic via Python, {lines:,} lines returned:  {t_native:.2f} s ({t_native / n * 1e6:.2f} µs/deal)")
    print(f"revlogic via Python, detail='totals':        {t_totals:.2f} s ({t_totals / n * 1e6:.2f} µs/deal)")
    print(f"plain-Python decimal baseline (totals only): {t_plain:.2f} s ({t_plain / n * 1e6:.2f} µs/deal)")
    print(f"ratio, same output (totals): {t_plain / t_totals:.1f}x; with every line returned: {t_plain / t_native:.1f}x")


if __name__ == "__main__":
    main()
