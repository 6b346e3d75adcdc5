"""Lead assignment through the Python binding, side by side with plain Python and scipy.

1. Ordered mode: N leads (default 5,000) × 200 reps, computed by revlogic and by a
   straightforward plain-Python ``decimal`` implementation of the same rules (match degree,
   ranking, tie-breaks, capacity); both must give the same assignments, and the ratio is printed.
2. Optimal mode: 5,000 leads × 500 reps with capacity 10, against scipy's
   ``linear_sum_assignment`` on the capacity-expanded 5,000 × 5,000 matrix of integer match
   degrees (× 10⁴); both totals must be equal, and the ratio is printed. scipy is optional
   (``pip install scipy`` into the bench venv); without it this part is skipped.

    .venv/bin/python bindings-python/bench/bench_assignment.py [N] [--distinct-budgets]

``--distinct-budgets`` gives every lead its own budget (to the cent), so that no two leads of
the optimal run are alike; by default budgets are round multiples of 5,000.
"""

import datetime as dt
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict, List, Optional, Tuple

import revlogic

CST = dt.timezone(dt.timedelta(hours=8))
AS_OF = dt.datetime(2026, 3, 10, 9, 30, tzinfo=CST)
INDUSTRIES = ["K12", "retail", "hospital", "factory", "software", "logistics", "food", "build"]
W_WIN, W_CYCLE, W_FIT = Decimal("0.5"), Decimal("0.25"), Decimal("0.25")
CEILING = Decimal(90)
PLACES = Decimal("0.0001")
POLICY = {"schemaVersion": 1, "id": "bench", "breaker": {"dailyLimit": 100_000, "rollingLimit": 100_000}}


def build(leads: int, reps: int, capacity: int, seed: int = 7, distinct: bool = False) -> Dict[str, Any]:
    rng = random.Random(seed)
    rep_list = []
    for r in range(reps):
        stats = {}
        for k in range(8):
            stats[INDUSTRIES[k]] = {
                "winRate": Decimal(rng.randrange(100)) / 100,
                "avgCycleDays": Decimal(10 + rng.randrange(80)),
                "ticketMin": Decimal(10_000 * (1 + rng.randrange(5))),
                "ticketMax": Decimal(100_000 * (1 + rng.randrange(5))),
            }
        rep_list.append({"id": f"R{r:04d}", "regions": ["east"], "customerTypes": ["KA"],
                         "capacity": capacity, "stats": stats})
    lead_list = []
    for i in range(leads):
        lead_list.append({
            "id": f"L{i:06d}",
            "createdAt": AS_OF - dt.timedelta(minutes=1 + rng.randrange(600)),
            "region": "east", "customerType": "KA", "industry": INDUSTRIES[rng.randrange(8)],
            "urgency": ["red", "yellow", "blue"][rng.randrange(3)],
            # Round budgets make many leads alike (the optimal mode merges those); with
            # `distinct`, every lead has its own budget down to the cent.
            "budget": Decimal(5_000 * (1 + rng.randrange(100)))
            + (Decimal(i) / 100 if distinct else Decimal(0)),
        })
    return {"asOf": AS_OF, "leads": lead_list, "reps": rep_list}


def match(lead: Dict[str, Any], stats: Optional[Dict[str, Any]]) -> Decimal:
    """The match degree as docs/assignment/assign.md defines it."""
    if stats is None:
        return Decimal(0)
    cycle = max(Decimal(0), 1 - stats["avgCycleDays"] / CEILING)
    budget, lo, hi = lead["budget"], stats["ticketMin"], stats["ticketMax"]
    fit = budget / lo if budget < lo else hi / budget if budget > hi else Decimal(1)
    value = W_WIN * stats["winRate"] + W_CYCLE * cycle + W_FIT * fit
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def plain_ordered(request: Dict[str, Any]) -> List[Tuple[str, str, Decimal]]:
    urgency = {"red": 0, "yellow": 1, "blue": 2}
    order = sorted(range(len(request["leads"])),
                   key=lambda i: (urgency[request["leads"][i]["urgency"]], request["leads"][i]["createdAt"], i))
    reps = request["reps"]
    load = [0] * len(reps)
    last: List[Optional[int]] = [None] * len(reps)
    out = []
    for seq, i in enumerate(order):
        lead = request["leads"][i]
        best: Optional[Tuple[Any, ...]] = None
        for r, rep in enumerate(reps):
            if load[r] >= rep["capacity"]:
                continue
            m = match(lead, rep["stats"].get(lead["industry"]))
            # Higher match, lower load, longer since last assignment (never first), lower id.
            key = (-m, load[r], -1 if last[r] is None else last[r], rep["id"])
            if best is None or key < best[0]:
                best = (key, r, m)
        if best is not None:
            _, r, m = best
            load[r] += 1
            last[r] = seq
            out.append((lead["id"], reps[r]["id"], m))
    return out


def timed(f: Any) -> Tuple[Any, float]:
    start = time.perf_counter()
    result = f()
    return result, time.perf_counter() - start


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    distinct = "--distinct-budgets" in sys.argv
    n = int(args[0]) if args else 5_000
    request = build(n, 200, max(1, n // 200 + 1))
    assigner = revlogic.Assigner(POLICY)
    ours, t_ours = timed(lambda: assigner.assign(request))
    plain, t_plain = timed(lambda: plain_ordered(request))
    got = [(a["leadId"], a["repId"], a["match"]) for a in ours["assignments"]]
    assert got == plain, "the ordered assignments differ"
    print(f"ordered {n} leads x 200 reps: revlogic {t_ours:.3f} s, plain Python {t_plain:.3f} s, "
          f"ratio {t_plain / t_ours:.1f}x (identical assignments)")

    try:
        import numpy as np
        from scipy.optimize import linear_sum_assignment
    except ImportError:
        print("optimal vs scipy: skipped (pip install scipy into the bench venv)")
        return
    request = build(5_000, 500, 10, seed=11, distinct=distinct)
    optimal = revlogic.Assigner({**POLICY, "mode": "optimal"})
    ours, t_ours = timed(lambda: optimal.assign(request))

    # The matrix is built outside the timing: only the solvers are compared.
    weights = np.zeros((5_000, 500), dtype=np.int64)
    for i, lead in enumerate(request["leads"]):
        for r, rep in enumerate(request["reps"]):
            weights[i, r] = int(match(lead, rep["stats"].get(lead["industry"])) * 10_000)
    expanded = np.repeat(weights, 10, axis=1)  # each rep's 10 slots as columns

    def scipy_total() -> int:
        rows, cols = linear_sum_assignment(expanded, maximize=True)
        return int(expanded[rows, cols].sum())

    total, t_scipy = timed(scipy_total)
    ours_total = int(ours["summary"]["totalMatch"] * 10_000)
    assert ours_total == total, f"totals differ: revlogic {ours_total}, scipy {total}"
    kind = "every budget distinct" if distinct else "round budgets"
    print(f"optimal 5000 leads x 500 reps (capacity 10, {kind}): revlogic {t_ours:.3f} s, scipy "
          f"linear_sum_assignment on the 5000 x 5000 matrix {t_scipy:.3f} s, ratio {t_scipy / t_ours:.1f}x, same total {total / 10_000}")


if __name__ == "__main__":
    main()
