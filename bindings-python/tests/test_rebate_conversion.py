"""Conversion edges of RebateAgreement: Decimal and date in and out, floats refused for money
(per record in a settlement, for the whole estimate), agreement problems raised as ConfigError
with codes and paths, the prepared period as its own class."""

import datetime as dt
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import revlogic

AGREEMENT: Dict[str, Any] = {
    "schemaVersion": 1,
    "id": "a",
    "distributor": "d",
    "coefficients": [],
    "volume": {
        "tiers": {
            "mode": "retroactive",
            "boundary": "lowerInclusive",
            "bands": [
                {"id": "T1", "from": Decimal(0), "to": Decimal(1000), "rate": Decimal("0.01")},
                {"id": "T2", "from": Decimal(1000), "rate": Decimal("0.02")},
            ],
        }
    },
}


def request(amounts: List[Any]) -> Dict[str, Any]:
    return {
        "periodStart": dt.date(2026, 1, 1),
        "asOf": dt.date(2026, 3, 31),
        "lines": [
            {"id": f"L{i}", "date": dt.date(2026, 1, 10), "sku": "S", "amount": a} for i, a in enumerate(amounts)
        ],
    }


def test_decimals_and_dates_come_back_native() -> None:
    agreement = revlogic.RebateAgreement(AGREEMENT)
    assert (agreement.id, agreement.distributor) == ("a", "d")
    s = agreement.settle(request([Decimal("600.00"), "400.00"]))
    assert s["entitlement"] == Decimal("20.00") and isinstance(s["entitlement"], Decimal)
    assert s["periodEnd"] == dt.date(2026, 3, 31)
    assert sum(line["rebate"] for line in s["lines"]) == s["entitlement"]


def test_a_float_amount_rejects_only_that_line() -> None:
    s = revlogic.RebateAgreement(AGREEMENT).settle(request([Decimal("100"), 100.5]))
    assert s["entitlement"] == Decimal("1.00")
    (rejected,) = s["rejected"]
    assert rejected["error"]["code"] == "FLOAT_NOT_ALLOWED"
    assert rejected["error"]["path"] == "lines[1].amount"


def test_a_bad_agreement_raises_config_error_with_every_problem() -> None:
    bad = dict(AGREEMENT, totalCap=Decimal(-1), coefficients=[{"id": "c", "when": {"field": "nope", "op": "gt", "value": "1"}, "factor": "2"}])
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.RebateAgreement(bad)
    assert caught.value.code == "UNKNOWN_FIGURE"
    assert [(p["code"], p["path"]) for p in caught.value.problems] == [
        ("UNKNOWN_FIGURE", "coefficients[0].when.field"),
        ("NEGATIVE_AMOUNT", "totalCap"),
    ]


def test_prepared_period_estimates_with_decimals() -> None:
    period = revlogic.RebateAgreement(AGREEMENT).prepare(request([Decimal("990.00")]))
    assert isinstance(period, revlogic.PreparedRebatePeriod)
    assert period.baseline()["entitlement"] == Decimal("9.90")
    e = period.estimate({"lines": [{"sku": "S", "amount": Decimal("10.00")}]})
    assert e["rebate"] == Decimal("10.10")
    assert e["components"][0]["bandWith"] == "T2"
    # Every decimal of a result is a Decimal, the coefficient factors too.
    assert type(e["components"][0]["factorWith"]) is Decimal
    assert type(e["components"][0]["factorWithout"]) is Decimal


def test_a_float_in_an_estimate_is_an_input_error() -> None:
    period = revlogic.RebateAgreement(AGREEMENT).prepare(request([]))
    with pytest.raises(revlogic.InputError) as caught:
        period.estimate({"lines": [{"sku": "S", "amount": 1.5}]})
    assert caught.value.code == "FLOAT_NOT_ALLOWED"
    assert caught.value.path == "lines[0].amount"
