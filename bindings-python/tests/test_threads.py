"""The thread cap for large batches: a statement of 20,000 deals is the same on one thread as
on every core, and a cap that is not a whole number from 0 up is refused like any bad input."""

import datetime as dt
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import revlogic

PLAN: Dict[str, Any] = {
    "schemaVersion": 1,
    "id": "p",
    "versions": [{
        "id": "v1", "effectiveFrom": dt.date(2026, 1, 1),
        "rules": [{"id": "device", "match": {"productLine": "device"}, "rate": Decimal("0.05")},
                  {"id": "consumable", "match": {"productLine": "consumable"}, "rate": Decimal("0.03")}],
        "accelerator": {"measure": "attainment", "scope": "period", "tiers": {
            "mode": "graduated", "boundary": "lowerInclusive",
            "bands": [{"id": "base", "from": Decimal(0), "to": Decimal(1), "rate": Decimal(1)},
                      {"id": "over", "from": Decimal(1), "rate": Decimal("1.5")}]}},
    }],
}


def large_request(n: int) -> Dict[str, Any]:
    """Deals of 40 reps, some with no matching rule, a duplicate id or an unknown rep."""
    deals: List[Dict[str, Any]] = []
    payments: List[Dict[str, Any]] = []
    for i in range(n):
        deal_id = f"D{i - 3}" if i % 97 == 96 else f"D{i}"
        rep = "nobody" if i % 89 == 88 else f"rep{i % 40}"
        line = "service" if i % 83 == 82 else ("device", "consumable")[i % 2]
        close = dt.date(2026, 1 + i % 3, 1 + i % 28)
        deals.append({"id": deal_id, "rep": rep, "amount": Decimal(1000 + i % 5000) + Decimal("0.25"),
                      "closeDate": close, "signedDate": close, "fields": {"productLine": line}})
        if i % 3:
            payments.append({"id": f"P{i}", "deal": f"D{i}", "amount": Decimal(100), "date": close})
    return {
        "period": {"from": dt.date(2026, 1, 1), "to": dt.date(2026, 3, 31)},
        "asOf": dt.date(2026, 3, 31),
        "reps": [{"id": f"rep{r}", "quota": Decimal(250_000)} for r in range(40)],
        "deals": deals,
        "payments": payments,
    }


def test_a_large_statement_is_the_same_on_one_thread_and_on_every_core() -> None:
    plan = revlogic.CommissionPlan(PLAN)
    request = large_request(20_000)
    default = revlogic.max_threads()
    assert default >= 1
    try:
        revlogic.set_max_threads(1)
        assert revlogic.max_threads() == 1
        one_thread = plan.statement(request)
    finally:
        revlogic.set_max_threads(0)
    assert revlogic.max_threads() == default
    every_core = plan.statement(request)
    assert every_core == one_thread
    codes = {r["error"]["code"] for r in every_core["rejected"]}
    assert codes == {"DUPLICATE_ID", "NO_MATCHING_RULE", "UNKNOWN_REP", "UNKNOWN_DEAL"}
    assert all(len(rep["lines"]) > 400 for rep in every_core["reps"])


@pytest.mark.parametrize(
    "bad, code",
    [(-1, "OUT_OF_RANGE"), (1.5, "INVALID_TYPE"), ("2", "INVALID_TYPE"), (True, "INVALID_TYPE"), (None, "INVALID_TYPE")],
)
def test_a_cap_that_is_not_a_whole_number_from_0_up_is_refused(bad: Any, code: str) -> None:
    before = revlogic.max_threads()
    with pytest.raises(revlogic.InputError) as caught:
        revlogic.set_max_threads(bad)
    assert (caught.value.code, caught.value.path) == (code, "threads")
    assert revlogic.max_threads() == before
