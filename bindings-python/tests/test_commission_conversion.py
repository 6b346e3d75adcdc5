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


# The statement request is decoded straight from the Python objects (no wire tree): these pin
# that it reports the codes and paths the tree route reports.


def test_a_bad_deal_does_not_take_the_path_of_a_later_request_error() -> None:
    req = request("not a number")
    req["week"] = {"from": dt.date(2026, 3, 2), "to": "tomorrow"}
    with pytest.raises(revlogic.InputError) as caught:
        revlogic.CommissionPlan(PLAN).statement(req)
    assert (caught.value.code, caught.value.path) == ("INVALID_DATE", "week.to")


def test_the_first_problem_of_a_deal_is_the_same_whatever_the_dict_order() -> None:
    deal = {"zeta": 1, "amount": "abc", "id": "D1", "rep": "wang", "closeDate": dt.date(2026, 1, 10)}
    forward = {**request(Decimal(1)), "deals": [deal], "payments": []}
    backward = {**forward, "deals": [dict(reversed(list(deal.items())))]}
    plan = revlogic.CommissionPlan(PLAN)
    for req in (forward, backward):
        error = plan.statement(req)["rejected"][0]["error"]
        assert (error["code"], error["path"]) == ("INVALID_DECIMAL", "deals[0].amount")


def test_mappings_tuples_and_int_amounts_pass_like_dicts_lists_and_decimals() -> None:
    import types

    req = request(20000)
    req["deals"] = tuple(types.MappingProxyType(d) for d in req["deals"])
    st = revlogic.CommissionPlan(PLAN).statement(types.MappingProxyType(req))
    assert st["reps"][0]["totals"]["earned"] == Decimal("1000.00")


def test_decimal_and_date_subclasses_read_like_the_plain_types() -> None:
    # Plain Decimals and dates are recognised by their exact type; subclasses take the
    # isinstance route and must give the same statement, exponent notation included.
    class Money(Decimal):
        pass

    class Day(dt.date):
        pass

    plain = request(Decimal("2E+4"))
    sub = request(Money("2E+4"))
    sub["deals"][0]["closeDate"] = Day(2026, 1, 10)
    sub["payments"][0]["date"] = Day(2026, 1, 20)
    plan = revlogic.CommissionPlan(PLAN)
    got, expected = plan.statement(sub), plan.statement(plain)
    assert got == expected
    assert got["reps"][0]["lines"][0]["creditingDate"] == dt.date(2026, 1, 10)
    assert got["reps"][0]["totals"]["earned"] == Decimal("1000.00")


def test_non_str_keys_nan_and_unknown_types_are_refused_with_their_path() -> None:
    plan = revlogic.CommissionPlan(PLAN)
    req = request(Decimal(1))
    req["reps"][0][5] = "x"
    with pytest.raises(revlogic.InputError) as caught:
        plan.statement(req)
    assert (caught.value.code, caught.value.path) == ("INVALID_TYPE", "reps[0]")
    req = request(Decimal(1))
    req["reps"][0]["quota"] = float("nan")
    with pytest.raises(revlogic.InputError) as caught:
        plan.statement(req)
    assert (caught.value.code, caught.value.path) == ("FLOAT_NOT_ALLOWED", "reps[0].quota")
    req = request(Decimal(1))
    req["reps"][0]["quota"] = object()
    with pytest.raises(revlogic.InputError) as caught:
        plan.statement(req)
    assert (caught.value.code, caught.value.path) == ("INVALID_TYPE", "reps[0].quota")


def test_a_datetime_where_a_date_belongs_is_refused_as_the_tree_route_refuses_it() -> None:
    req = request(Decimal(1))
    req["asOf"] = dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.timezone.utc)
    with pytest.raises(revlogic.InputError) as caught:
        revlogic.CommissionPlan(PLAN).statement(req)
    assert (caught.value.code, caught.value.path) == ("INVALID_DATE", "asOf")


def test_dates_keep_every_digit_of_their_year() -> None:
    req = request(Decimal(1))
    req["deals"][0]["closeDate"] = dt.date(999, 1, 2)
    req["deals"][0]["signedDate"] = dt.date(999, 1, 2)
    req["payments"] = []
    st = revlogic.CommissionPlan(PLAN).statement(req)
    assert st["notCredited"][0]["creditingDate"] == dt.date(999, 1, 2)
