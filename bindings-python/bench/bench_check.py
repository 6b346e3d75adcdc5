"""Per-record cost of checking stage moves through Python: 100,000 requests built as dicts
with Decimal amounts, checked against the default pipeline in one call.

    .venv/bin/python bindings-python/bench/bench_check.py
"""
import time
from decimal import Decimal

import revlogic

N = 100_000
MOVES = [("lead", "proposal"), ("proposal", "quote"), ("quote", "contract"), ("contract", "payment"),
         ("payment", "won"), ("lead", "quote"), ("quote", "proposal"), ("proposal", "lost")]


def requests():
    out = []
    for i in range(N):
        fields = {"first_contact_method": "visit", "pain_points": "reporting", "competitor_analysis": "acme",
                  "decision_chain": ["director", "procurement"], "amount": Decimal(10_000 + (i % 90) * 1_000),
                  "expected_close_date": "2026-12-31" if i % 5 == 0 else "2026-06-15",
                  "customer_type": "hospital_equipment_dept" if i % 7 == 0 else "distributor",
                  "payment_terms": "net 30"}
        if i % 3:
            fields["budget_range"] = "100k-200k"
        frm, to = MOVES[i % 8]
        out.append({"opportunity": {"id": f"OPP-{i}", "stage": frm, "fields": fields,
                                    "evidence": [{"kind": "needs_survey", "fields": {"budget_range": "1", "decision_chain": ["cfo"]}}],
                                    "approvals": [{"role": "director"}] if i % 4 == 0 else []},
                    "to": to, "reason": "customer asked" if i % 2 == 0 else None, "lossReason": "price"})
    return out


def main():
    pipeline = revlogic.Pipeline.default()
    batch = requests()
    for explain in (False, True):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = pipeline.check_transitions(batch, explain=explain)
            best = min(best, time.perf_counter() - start)
        assert len(result["results"]) == N
        print(f"python check_transitions explain={explain}: {best * 1e6 / N:.2f} µs/record, {N / best:,.0f} records/s")


if __name__ == "__main__":
    main()
