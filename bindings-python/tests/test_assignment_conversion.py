"""Conversion edges of Assigner: aware datetimes and Decimals in, Decimal match degrees out,
floats refused per lead, policy problems raised as ConfigError with codes and paths, bad
reference data raised as InputError."""

import datetime as dt
from decimal import Decimal
from typing import Any, Dict

import pytest

import revlogic

CST = dt.timezone(dt.timedelta(hours=8))
POLICY: Dict[str, Any] = {"schemaVersion": 1, "id": "east-ka"}


def request(budget: Any) -> Dict[str, Any]:
    return {
        "asOf": dt.datetime(2026, 3, 10, 9, 0, tzinfo=CST),
        "leads": [
            {
                "id": "L1",
                "createdAt": dt.datetime(2026, 3, 9, 10, 0, tzinfo=CST),
                "region": "east",
                "customerType": "KA",
                "industry": "K12",
                "budget": budget,
            }
        ],
        "reps": [
            {
                "id": "wang",
                "regions": ["east"],
                "customerTypes": ["KA"],
                "capacity": 5,
                "stats": {"K12": {"winRate": Decimal("0.6"), "avgCycleDays": 30, "ticketMin": Decimal(10000)}},
            }
        ],
    }


def test_match_degree_comes_back_as_decimal() -> None:
    assigner = revlogic.Assigner(POLICY)
    assert assigner.id == "east-ka"
    result = assigner.assign(request(Decimal("30000")))
    match = result["assignments"][0]["match"]
    # 0.5 × 0.6 + 0.25 × (1 − 30/90) + 0.25 × 1 = 0.7167 (4 places)
    assert match == Decimal("0.7167") and isinstance(match, Decimal)
    assert isinstance(result["summary"]["totalMatch"], Decimal)


def test_a_float_budget_rejects_only_that_lead() -> None:
    result = revlogic.Assigner(POLICY).assign(request(30000.5))
    rejected = result["rejected"][0]
    assert rejected["reason"] == "invalidRecord"
    assert rejected["error"]["code"] == "FLOAT_NOT_ALLOWED"
    assert rejected["error"]["path"] == "leads[0].budget"


def test_policy_problems_raise_config_error_with_every_problem() -> None:
    bad = {**POLICY, "breaker": {"dailyLimit": 0}, "claim": {"threshold": Decimal("2")}}
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.Assigner(bad)
    assert caught.value.code == "OUT_OF_RANGE"
    assert caught.value.path == "breaker.dailyLimit"
    assert [p["path"] for p in caught.value.problems] == ["breaker.dailyLimit", "claim.threshold"]


def test_a_float_weight_is_refused() -> None:
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.Assigner({**POLICY, "match": {"weights": {"winRate": 0.5, "cycle": "0.25", "ticketFit": "0.25"}}})
    assert caught.value.code == "FLOAT_NOT_ALLOWED"


def test_a_naive_as_of_is_an_input_error() -> None:
    req = request(Decimal(1))
    req["asOf"] = dt.datetime(2026, 3, 10, 9, 0)
    with pytest.raises(revlogic.InputError):
        revlogic.Assigner(POLICY).assign(req)


def test_unknown_rep_in_history_raises_input_error() -> None:
    req = request(Decimal(1))
    req["history"] = [{"repId": "ghost", "assignedAt": dt.datetime(2026, 3, 10, 8, 0, tzinfo=CST)}]
    with pytest.raises(revlogic.InputError) as caught:
        revlogic.Assigner(POLICY).assign(req)
    assert caught.value.code == "UNKNOWN_REP"
    assert caught.value.path == "history[0].repId"
