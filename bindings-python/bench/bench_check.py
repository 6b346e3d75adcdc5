"""Per-record cost of checking stage moves from Python.

Builds 100,000 transition requests as plain dicts (Decimal amounts, a mix of moves that are
allowed, blocked for missing fields, evidence or approvals, skipped and backward), then times
one `check_transitions` call over the whole batch against the default pipeline, without and
with explanations. The time includes converting the dicts in and the results out.

    .venv/bin/python bindings-python/bench/bench_check.py [N]
"""

import sys
import time
from decimal import Decimal
from typing import Any, Dict, List

import revlogic

MOVES = [
    ("lead", "proposal"),
    ("proposal", "quote"),
    ("quote", "contract"),
    ("contract", "payment"),
    ("payment", "won"),
    ("lead", "quote"),  # a skip
    ("quote", "proposal"),  # backward
    ("proposal", "lost"),
]
SURVEY = {"kind": "needs_survey", "fields": {"budget_range": "1", "decision_chain": ["cfo"]}}


def build(n: int) -> List[Dict[str, Any]]:
    requests = []
    for i in range(n):
        fields: Dict[str, Any] = {
            "first_contact_method": "visit",
            "pain_points": "reporting",
            "competitor_analysis": "acme",
            "decision_chain": ["director", "procurement"],
            "amount": Decimal(10_000 + (i % 90) * 1_000),
            "expected_close_date": "2026-12-31" if i % 5 == 0 else "2026-06-15",
            "customer_type": "hospital_equipment_dept" if i % 7 == 0 else "distributor",
            "payment_terms": "net 30",
        }
        if i % 3:
            fields["budget_range"] = "100k-200k"
        stage, to = MOVES[i % len(MOVES)]
        request: Dict[str, Any] = {
            "opportunity": {
                "id": f"OPP-{i}",
                "stage": stage,
                "fields": fields,
                "evidence": [SURVEY] if i % 2 else [],
                "approvals": [{"role": "director", "rule": "quote_over_50k"}] if i % 4 == 0 else [],
            },
            "to": to,
        }
        if i % 2 == 0:
            request["reason"] = "customer asked"
        if to == "lost":
            request["lossReason"] = "price"
        requests.append(request)
    return requests


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    pipeline = revlogic.Pipeline.default()
    requests = build(n)
    pipeline.check_transitions(requests[:1000])  # warm up allocators and caches
    summary: Dict[str, int] = {}
    for explain in (False, True):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            batch = pipeline.check_transitions(requests, explain=explain)
            best = min(best, time.perf_counter() - start)
            summary = batch["summary"]
            del batch
        print(
            f"check_transitions  n={n:,}  explain={explain!s:5}  "
            f"{best * 1e6 / n:6.2f} µs/record  {n / best:>10,.0f} records/s  (best of 3)"
        )
    print("mix:", ", ".join(f"{k} {v:,}" for k, v in summary.items()))


if __name__ == "__main__":
    main()
