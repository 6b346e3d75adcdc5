"""Conversion edges of the scoring API in Python: Decimal and datetime accepted, Decimal
returned, floats refused for rates, errors raised as classes with code and path, a trained
model document that round-trips through plain Python values."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict

import pytest

import revlogic

CST = dt.timezone(dt.timedelta(hours=8))
PHI: Dict[str, Any] = {"model": "processHealth", "schemaVersion": 1, "id": "phi"}


def test_decimals_and_datetimes_in_decimals_out() -> None:
    model = revlogic.ScoreModel(dict(PHI, responseSlaHours=Decimal("24")))
    assert (model.model, model.id) == ("processHealth", "phi")
    lead = {
        "id": "L1",
        "assignedAt": dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST),
        "firstActionAt": dt.datetime(2026, 3, 3, 9, 0, tzinfo=CST),
    }
    batch = model.score(
        [{"id": "rep", "leads": [lead], "rates": {"visitCompletion": Decimal("0.80")},
          "commitments": [{"id": "C1", "due": dt.date(2026, 3, 20), "doneOn": dt.date(2026, 3, 20)}]}]
    )
    result = batch["results"][0]
    assert result["status"] == "ok"
    # (0.3 × 1 + 0.4 × 0.8 + 0.3 × 1) = 0.92
    assert result["score"] == Decimal("0.92") and isinstance(result["score"], Decimal)
    assert result["band"] == "green"
    assert isinstance(result["components"][0]["weight"], Decimal)


def test_float_rate_is_rejected_per_record() -> None:
    batch = revlogic.ScoreModel(PHI).score([{"id": "a", "rates": {"response": 0.9}}])
    rejected = batch["results"][0]
    assert rejected["status"] == "rejected"
    assert rejected["error"]["code"] == "FLOAT_NOT_ALLOWED"
    assert rejected["error"]["path"] == "records[0].rates.response"


def test_float_weight_in_a_document_raises_config_error() -> None:
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.ScoreModel(dict(PHI, weights={"response": 0.3, "visitCompletion": "0.4", "commitmentClosure": "0.3"}))
    assert caught.value.code == "FLOAT_NOT_ALLOWED"
    assert caught.value.path == "weights.response"


def test_breakpoints_error_lists_every_problem() -> None:
    doc = {"model": "customerHealth", "schemaVersion": 1, "id": "h", "measures": [
        {"name": "days", "weight": "1", "breakpoints": [{"x": "30", "score": "80"}, {"x": "0", "score": "100"}]}]}
    with pytest.raises(revlogic.ConfigError) as caught:
        revlogic.ScoreModel(doc)
    assert caught.value.code == "BREAKPOINTS_NOT_INCREASING"
    assert [p["path"] for p in caught.value.problems] == ["measures[0].breakpoints[1].x"]


def test_records_must_be_a_list() -> None:
    with pytest.raises(revlogic.InputError) as caught:
        revlogic.ScoreModel(PHI).score({"id": "a"})  # type: ignore[arg-type]
    assert caught.value.code == "INVALID_TYPE"


def test_trained_document_round_trips_through_python_values() -> None:
    closed = [
        {"id": f"O{i}", "outcome": "won" if i % 3 == 0 else "lost", "fields": {"source": "web" if i % 2 else "referral", "big": i % 4 == 0, "size": i % 3}}
        for i in range(30)
    ]
    report = revlogic.train_win_model(closed, {"id": "w", "parameters": {"minCount": 1}})
    assert report["trained"] == 30 and report["rejected"] == []
    model = revlogic.ScoreModel(report["model"])
    result = model.score([{"id": "x", "fields": {"source": "web", "big": True, "size": 2}}])["results"][0]
    assert isinstance(result["score"], Decimal)
    assert Decimal("0.01") <= result["score"] <= Decimal("0.99")
    assert revlogic.train_win_model(list(reversed(closed)), {"id": "w", "parameters": {"minCount": 1}})["model"] == report["model"]


def test_kpi_and_prioritise_accept_decimals() -> None:
    report = revlogic.kpi({"targetDeviation": [{"id": "a", "target": Decimal("100"), "actual": Decimal("111")}]})
    assert report["targetDeviation"][0]["value"] == Decimal("0.11")
    assert report["targetDeviation"][0]["flagged"] is True
    top = revlogic.prioritise({"opportunities": [{"id": "a", "winProbability": Decimal("0.5"), "urgencyWeight": 2}]})["top"]
    assert top[0]["priority"] == Decimal("1")


def test_every_member_the_schema_requires_is_in_every_scored_record() -> None:
    definitions = revlogic.schema("ScoreBatch")["$defs"]
    record_required = definitions["ScoredRecord"]["required"]
    component_required = definitions["Component"]["required"]
    vectors = Path(__file__).resolve().parent.parent.parent / "tests" / "vectors" / "scoring"
    checked = 0
    for file in sorted(vectors.rglob("*.json")):
        vector = json.loads(file.read_text(encoding="utf-8"))
        if vector["operation"] != "scoring.score" or "expected" not in vector:
            continue
        batch = revlogic.ScoreModel(vector["input"]["model"]).score(vector["input"]["records"])
        for outcome in batch["results"]:
            if outcome["status"] != "ok":
                continue
            missing = [k for k in record_required if k not in outcome]
            assert not missing, f"{file.name}: {missing} missing from {outcome['id']}"
            for component in outcome["components"]:
                missing = [k for k in component_required if k not in component]
                assert not missing, f"{file.name}: {missing} missing from {component['name']}"
            checked += 1
    assert checked > 20
