"""Customer health (SPEC §2.3) for many customers from Python, against a plain-Python
`decimal` implementation of the same model run side by side.

Builds N customers as plain dicts (Decimal measures, every tenth without ticket data so the
drop-and-renormalise rule is exercised, a previous score for the trend), scores them with one
`ScoreModel.score` call (conversion in and out included), scores them again with the
straightforward Python implementation below, checks that every score, band and trend agree,
and prints both rates and the ratio.

    .venv/bin/python bindings-python/bench/bench_scoring.py [N]     (default 1,000,000)
"""

import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict, List, Optional, Tuple

import revlogic

MEASURES = [
    ("daysSinceLastDeal", Decimal("0.4"), [(0, 100), (30, 80), (90, 40), (180, 0)]),
    ("interactions90d", Decimal("0.3"), [(0, 0), (4, 50), (12, 100)]),
    ("ticketCloseRate", Decimal("0.3"), [(Decimal("0.5"), 0), (1, 100)]),
]
DOCUMENT = {
    "model": "customerHealth",
    "schemaVersion": 1,
    "id": "health-bench",
    "measures": [
        {
            "name": name,
            "weight": weight,
            "breakpoints": [{"x": Decimal(x), "score": Decimal(s)} for x, s in points],
        }
        for name, weight, points in MEASURES
    ],
}


def build(n: int) -> List[Dict[str, Any]]:
    customers = []
    for i in range(n):
        measures: Dict[str, Any] = {
            "daysSinceLastDeal": Decimal(i % 200),
            "interactions90d": Decimal(i % 15),
            "ticketCloseRate": None if i % 10 == 0 else Decimal(i % 100) / 100,
        }
        customers.append({"id": f"C-{i}", "measures": measures, "previousScore": Decimal(i % 100)})
    return customers


# --- the plain-Python baseline: the same model, written the obvious way -------------------

def piecewise(points: List[Tuple[Any, Any]], x: Decimal) -> Decimal:
    pts = [(Decimal(a), Decimal(b)) for a, b in points]
    if x <= pts[0][0]:
        return pts[0][1]
    if x >= pts[-1][0]:
        return pts[-1][1]
    for (x0, s0), (x1, s1) in zip(pts, pts[1:]):
        if x0 <= x < x1:
            return s0 + (x - x0) * (s1 - s0) / (x1 - x0)
    return pts[-1][1]


def python_health(customer: Dict[str, Any]) -> Tuple[Optional[Decimal], Optional[str], Optional[str]]:
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for name, weight, points in MEASURES:
        raw = customer["measures"].get(name)
        if raw is None:
            continue  # drop and renormalise
        weighted += weight * piecewise(points, raw)
        total_weight += weight
    if total_weight == 0:
        return None, None, None
    score = (weighted / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    if score == score.to_integral_value():
        score = score.quantize(Decimal(1))
    band = "green" if score >= 70 else "yellow" if score >= 40 else "red"
    change = score - customer["previousScore"]
    direction = "up" if change > 0 else "down" if change < 0 else "flat"
    return score, band, direction


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    customers = build(n)
    model = revlogic.ScoreModel(DOCUMENT)

    start = time.perf_counter()
    batch = model.score(customers)
    native = time.perf_counter() - start

    start = time.perf_counter()
    summary = model.score(customers, components=False)
    native_summary = time.perf_counter() - start

    start = time.perf_counter()
    expected = [python_health(c) for c in customers]
    baseline = time.perf_counter() - start

    for full, result, (score, band, direction) in zip(batch["results"], summary["results"], expected):
        assert (full["score"], full["band"], full["trend"]) == (result["score"], result["band"], result["trend"])
        assert result["status"] == "ok", result
        assert result["score"] == score and result["band"] == band, (result, score, band)
        assert result["trend"]["direction"] == direction, (result, direction)

    print(f"customer health, {n:,} customers, identical results checked")
    print(f"  revlogic, components    {native:8.3f} s  {n / native:12,.0f} customers/s  (conversion in and out included)")
    print(f"  revlogic, summary only  {native_summary:8.3f} s  {n / native_summary:12,.0f} customers/s  (components=False)")
    print(f"  plain Python            {baseline:8.3f} s  {n / baseline:12,.0f} customers/s  (decimal module; score, band, trend)")
    print(f"  ratio (summary)         {baseline / native_summary:8.1f}x    ratio (with components) {baseline / native:.1f}x")


if __name__ == "__main__":
    main()
