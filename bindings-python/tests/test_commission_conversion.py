"""Conversion edges of CommissionPlan: Decimal and date in and out, floats refused for money,
plan problems raised as ConfigError with codes and paths, bad deals rejected per record."""

import datetime as dt
from decimal import Decimal
from typing import Any, Dict

import pytest

import revlogic

PLAN: Dict[str, Any] = {
    "schemaVersion": 1,
    "id": "p",
    "versions": [{"id": "v1", "effectiveFrom": dt.date(2026, 1, 1), "rules": [{"id": "all", "match": {}, "rate": Decimal("0.05")}]}],
}


def request(amount: Any) -> Dict[str, Any]:
    return {
        "period": {"from": dt.date(2026, 1, 1), "to": dt.date(2026, 3, 31)},
        "asOf": dt.date(2026, 3, 31),
        "reps": [{"id": "wang", "quota": Decimal(100000)}],
        "deals": [{"id": "D1", "rep": "wang", "amount": amount, "closeDate": dt.date(2026, 1, 10), "signedDate": dt.date(2026, 1, 10)}],
        "payments": [{"id": "P1", "deal": "D1", "amount": Decimal("1"), "date": dt.date(2026, 1, 20)}],
    }


def test_decimals_and_dates_come_back_native() -> None:
    plan = revlogic.CommissionPlan(PLAN)
    assert plan.id == "p"
    st = plan.statement(request(Decimal("20000")))
    line = st["reps"][0]["lines"][0]
    assert line["earned"] == Decimal("1000.00") and isinstance(line["earned"], Decimal)
    assert line["creditingDate"] == dt.date(2026, 1, 10)
    assert st["reps"][0]["totals"]["payableNow"] == Decimal("1000.00")


def test_a_float_amount_rejects_only_that_deal() -> None:
    st = revlogic.CommissionPlan(PLAN).statement(request(20000.5))
    assert st["rejected"][0]["error"]["code"] == "FLOAT_NOT_ALLOWED"
    assert st["rejected"][0]["error"]["path"] == "deals[0].amount"


def test_plan_problems_raise_config_error_with_every_problem() -> None:
    bad = {**PLAN, "versions": [{"id": "v1", "effectiveFrom": dt.date(2026, 1, 1), "rules": []}]}
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.CommissionPlan(bad)
    assert caught.value.code == "EMPTY_PLAN"
    assert caught.value.path == "versions[0].rules"


def test_a_bad_request_raises_input_error() -> None:
    req = request(Decimal(1))
    req["reps"][0]["quota"] = Decimal(0)
    with pytest.raises(revlogic.InputError) as caught:
        revlogic.CommissionPlan(PLAN).statement(req)
    assert caught.value.code == "OUT_OF_RANGE"


def test_what_if_takes_a_loaded_plan_and_returns_decimals() -> None:
    proposal = revlogic.CommissionPlan({**PLAN, "id": "q", "versions": [{**PLAN["versions"][0], "rules": [{"id": "all", "match": {}, "rate": Decimal("0.06")}]}]})
    result = revlogic.CommissionPlan(PLAN).what_if(proposal, request(Decimal("20000")))
    assert result["proposalPlan"] == "q"
    assert result["total"]["difference"]["earned"] == Decimal("200.00")
    with pytest.raises(TypeError):
        revlogic.CommissionPlan(PLAN).what_if(PLAN, request(Decimal("20000")))  # type: ignore[arg-type]


def test_efficiency_options_refuse_floats() -> None:
    plan = revlogic.CommissionPlan(PLAN)
    report = plan.efficiency(request(Decimal("20000")), {"per": Decimal(1000)})
    assert report["reps"][0]["costPerUnit"] == Decimal("50.00")
    with pytest.raises(revlogic.InputError) as caught:
        plan.efficiency(request(Decimal("20000")), {"per": 1000.0})
    assert caught.value.code == "FLOAT_NOT_ALLOWED"
    assert caught.value.path == "options.per"


def test_live_figure_is_for_one_rep() -> None:
    figure = revlogic.CommissionPlan(PLAN).live_figure(request(Decimal("20000")))
    assert figure["payableNow"] == Decimal("1000.00") and figure["rep"] == "wang"
    two = request(Decimal("20000"))
    two["reps"].append({"id": "li", "quota": Decimal(1)})
    with pytest.raises(revlogic.InputError) as caught:
        revlogic.CommissionPlan(PLAN).live_figure(two)
    assert (caught.value.code, caught.value.path) == ("INVALID_VALUE", "reps")
