"""Commission statements for a synthetic quarter, through the Python binding and in plain Python.

200 reps, N deals (default 1,000,000) over the seeds' 12 rate rules (product line × customer
tier × payment cycle), graduated period accelerators on attainment, the activation kicker and
the sign-and-first-payment release. The same plan is computed by a straightforward plain-Python
``decimal`` implementation; both must give identical totals per rep, and the ratio is printed.
Each timing is the median of REPEAT runs (default 3). revlogic runs on every core (at most 8)
and once more on one thread (``revlogic.set_max_threads(1)``).

    .venv/bin/python bindings-python/bench/bench_commission.py [N] [REPEAT]
"""

import statistics
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


def median_time(run: Any, repeat: int) -> Tuple[float, Any]:
    """The median time of `repeat` runs, and the last run's result."""
    times = []
    result = None
    for _ in range(repeat):
        result = None  # the previous result is freed before the next run starts
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    request = build(n)
    totals_request = {**request, "detail": "totals"}
    plan = revlogic.CommissionPlan(PLAN)
    threads = revlogic.max_threads()

    t_native, statement = median_time(lambda: plan.statement(request), repeat)
    lines = sum(len(r["lines"]) for r in statement["reps"])
    del statement
    t_totals, statement = median_time(lambda: plan.statement(totals_request), repeat)
    revlogic.set_max_threads(1)
    try:
        t_one, _ = median_time(lambda: plan.statement(totals_request), repeat)
    finally:
        revlogic.set_max_threads(0)
    t_plain, expected = median_time(lambda: plain_python(request), repeat)

    assert not statement["rejected"], statement["rejected"][:3]
    got = {r["rep"]: (r["totals"]["earned"], r["totals"]["payableNow"]) for r in statement["reps"]}
    assert got == expected, "totals differ between revlogic and the plain-Python baseline"
    total = sum(e for e, _ in got.values())
    per = lambda t: f"{t:.2f} s ({t / n * 1e6:.2f} µs/deal)"  # noqa: E731
    print(f"{n:,} deals, {REPS} reps, 12 rules, graduated accelerators, kickers; total earned {total}")
    print(f"median of {repeat} runs each; revlogic may use {threads} thread(s)")
    print(f"revlogic via Python, {lines:,} lines returned:  {per(t_native)}")
    print(f"revlogic via Python, detail='totals':        {per(t_totals)}")
    print(f"revlogic via Python, totals, one thread:     {per(t_one)}")
    print(f"plain-Python decimal baseline (totals only): {per(t_plain)}")
    print(f"ratio, same output (totals): {t_plain / t_totals:.1f}x; on one thread {t_plain / t_one:.1f}x; "
          f"with every line returned: {t_plain / t_native:.1f}x")


if __name__ == "__main__":
    main()
