"""The fairness report (SPEC §3 step 8) over many assignment records from Python, against a
plain-Python `decimal` implementation of the same report run side by side.

Builds N records as plain dicts (10 groups, every other record with the three quality
signals and the rest with a given index), reports them with one `Assigner.fairness_report`
call (conversion in and out included), reports them again with the straightforward Python
implementation below, checks that every group's figures agree, and prints both rates and the
ratio.

    .venv/bin/python bindings-python/bench/bench_fairness.py [N]     (default 200,000)
"""

import datetime as dt
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict, List, Optional

import revlogic

CST = dt.timezone(dt.timedelta(hours=8))
GROUPS = 10
WEIGHTS = {"budgetMatch": Decimal("0.4"), "decisionChain": Decimal("0.3"), "competitorCoverage": Decimal("0.3")}
POLICY = {"schemaVersion": 1, "id": "bench"}


def build(n: int) -> List[Dict[str, Any]]:
    at = dt.datetime(2026, 1, 12, 10, 0, tzinfo=CST)
    records = []
    for i in range(n):
        r: Dict[str, Any] = {
            "leadId": f"L{i}",
            "repId": f"R{i % 500}",
            "group": f"G{i % GROUPS}",
            "assignedAt": at,
            "converted": i % 3 == 0 or (i % GROUPS == 1 and i % 5 == 0),
        }
        if i % 2 == 0:
            r["budgetMatch"] = Decimal(i % 100) / 100
            r["decisionChain"] = Decimal(i % 10) / 10
            r["competitorCoverage"] = Decimal("0.5")
        else:
            r["qualityIndex"] = Decimal(i % 101)
        records.append(r)
    return records


# --- the plain-Python baseline: the same report, written the obvious way ------------------

def rounded(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()


def quality(r: Dict[str, Any]) -> Optional[Decimal]:
    if "qualityIndex" in r:
        return Decimal(r["qualityIndex"])
    present = [(w, r[k]) for k, w in WEIGHTS.items() if r.get(k) is not None]
    if not present:
        return None
    total = sum(w for w, _ in present)
    return sum(w * v for w, v in present) / total * 100


def baseline(records: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    tally: Dict[str, List[Any]] = {}
    for r in records:
        t = tally.setdefault(r["group"], [0, 0, 0, Decimal(0)])
        t[0] += 1
        t[1] += 1 if r["converted"] else 0
        q = quality(r)
        if q is not None:
            t[2] += 1
            t[3] += q
    leads = sum(t[0] for t in tally.values())
    conversions = sum(t[1] for t in tally.values())
    overall = Decimal(conversions) / leads
    target = Decimal(1) / len(tally)
    out = {}
    for g, (n, c, qn, qs) in tally.items():
        rate = Decimal(c) / n
        out[g] = {
            "share": rounded(Decimal(n) / leads),
            "shareDeviation": rounded(Decimal(n) / leads - target),
            "meanQuality": rounded(qs / qn),
            "conversionRate": rounded(rate),
            "conversionLift": rounded(rate / overall - 1),
        }
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    records = build(n)
    assigner = revlogic.Assigner(POLICY)

    start = time.perf_counter()
    report = assigner.fairness_report({"records": records})
    ours = time.perf_counter() - start

    start = time.perf_counter()
    expected = baseline(records)
    theirs = time.perf_counter() - start

    assert report["leads"] == n and not report["rejected"]
    for g in report["groups"]:
        for key, value in expected[g["group"]].items():
            assert g[key] == value, (g["group"], key, g[key], value)

    print(f"fairness report, {n:,} records in {GROUPS} groups")
    print(f"  revlogic      {ours:8.3f} s  {n / ours:12,.0f} records/s")
    print(f"  plain Python  {theirs:8.3f} s  {n / theirs:12,.0f} records/s")
    print(f"  ratio         {theirs / ours:8.1f}×  (same figures for every group)")


if __name__ == "__main__":
    main()
