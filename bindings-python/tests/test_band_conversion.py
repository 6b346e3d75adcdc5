"""Conversion edges of the optimal mode's fairness band: a Decimal tolerance accepted, a float
one refused with its path, the band's figures returned as Decimal, int and bool."""

import datetime as dt
from decimal import Decimal
from typing import Any, Dict

import pytest

import revlogic

CST = dt.timezone(dt.timedelta(hours=8))


def policy(tolerance: Any) -> Dict[str, Any]:
    return {
        "schemaVersion": 1,
        "id": "east-ka",
        "mode": "optimal",
        "match": {"weights": {"winRate": "1", "cycle": "0", "ticketFit": "0"}},
        "optimal": {"fairnessBand": {"tolerance": tolerance}},
    }


def rep(rep_id: str, group: str, win_rate: str) -> Dict[str, Any]:
    return {
        "id": rep_id,
        "group": group,
        "regions": ["east"],
        "customerTypes": ["KA"],
        "capacity": 2,
        "stats": {"K12": {"winRate": Decimal(win_rate)}, "retail": {"winRate": Decimal(win_rate)}},
    }


REQUEST: Dict[str, Any] = {
    "asOf": dt.datetime(2026, 3, 10, 9, 0, tzinfo=CST),
    "leads": [
        {"id": f"L{i}", "createdAt": dt.datetime(2026, 3, 9, 10 + i, 0, tzinfo=CST),
         "region": "east", "customerType": "KA", "industry": industry}
        for i, industry in enumerate(["K12", "retail"])
    ],
    "reps": [rep("wang", "A", "0.9"), rep("li", "B", "0.6")],
}


def test_band_figures_come_back_typed() -> None:
    result = revlogic.Assigner(policy(Decimal("0"))).assign(REQUEST)
    band = result["fairnessBand"]
    assert band["feasible"] is True
    assert band["placeable"] == 2 and isinstance(band["placeable"], int)
    assert band["tolerance"] == Decimal("0")
    for group in band["groups"]:
        # 0.5 ± 0 of 2 placeable leads: exactly one each.
        assert (group["lower"], group["upper"], group["assigned"]) == (1, 1, 1)
        assert group["share"] == Decimal("0.5") and isinstance(group["share"], Decimal)
    assert result["summary"]["totalMatch"] == Decimal("1.5")


def test_a_float_tolerance_is_refused_with_its_path() -> None:
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.Assigner(policy(0.1))
    assert caught.value.code == "FLOAT_NOT_ALLOWED"
    assert caught.value.path == "optimal.fairnessBand.tolerance"


def test_band_outside_the_optimal_mode_is_a_config_error() -> None:
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.Assigner({**policy("0.1"), "mode": "ordered"})
    assert caught.value.code == "INVALID_VALUE"
    assert caught.value.path == "optimal.fairnessBand"
