"""Conversion edges of Assigner.fairness_report: aware datetimes and Decimals in, Decimal figures
and None for undefined ones out, floats refused per record, policy problems raised as
ConfigError with codes and paths."""

import datetime as dt
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import revlogic

CST = dt.timezone(dt.timedelta(hours=8))
POLICY: Dict[str, Any] = {"schemaVersion": 1, "id": "weekly"}


def record(i: int, group: str, converted: bool, quality: Any) -> Dict[str, Any]:
    return {
        "leadId": f"L{i}",
        "repId": "wang",
        "group": group,
        "assignedAt": dt.datetime(2026, 1, 12, 10, 0, tzinfo=CST),
        "converted": converted,
        "qualityIndex": quality,
    }


def test_figures_come_back_as_decimals_and_none() -> None:
    records: List[Dict[str, Any]] = [
        record(0, "A", True, Decimal("80")),
        record(1, "A", False, Decimal("70")),
    ]
    report = revlogic.Assigner(POLICY).fairness_report(
        {"records": records, "groups": ["A", "B"], "periodStart": dt.date(2026, 1, 12)}
    )
    a, b = report["groups"]
    assert a["share"] == Decimal("1") and isinstance(a["share"], Decimal)
    assert a["meanQuality"] == Decimal("75")
    assert report["conversionRate"] == Decimal("0.5")
    # B received nothing: its rate divides by zero and is None, never 0.
    assert b["leads"] == 0 and b["conversionRate"] is None and b["share"] == Decimal("0")


def test_a_float_quality_rejects_only_that_record() -> None:
    records = [record(0, "A", True, 80.5), record(1, "A", True, Decimal("60"))]
    report = revlogic.Assigner(POLICY).fairness_report({"records": records})
    assert report["leads"] == 1
    rejected = report["rejected"][0]
    assert rejected["index"] == 0
    assert rejected["error"]["code"] == "FLOAT_NOT_ALLOWED"
    assert rejected["error"]["path"] == "records[0].qualityIndex"


def test_fairness_policy_problems_raise_config_error() -> None:
    policy = dict(POLICY, fairness={"targetShares": [{"group": "A", "share": "0.6"}]})
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.Assigner(policy)
    assert caught.value.code == "INVALID_WEIGHTS"
    assert caught.value.path == "fairness.targetShares"


def test_period_ending_before_start_raises_input_error() -> None:
    with pytest.raises(revlogic.InputError) as caught:
        revlogic.Assigner(POLICY).fairness_report(
            {"records": [], "periodStart": "2026-01-18", "periodEnd": "2026-01-12"}
        )
    assert caught.value.code == "END_BEFORE_START"
    assert caught.value.path == "periodEnd"
