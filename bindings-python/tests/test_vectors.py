"""Runs every conformance vector (tests/vectors/**/*.json) through the public Python API and
matches it as tests/vectors/README.md describes. Files are found when the tests are collected,
so a vector added later runs without touching this file."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

import revlogic

VECTORS = Path(__file__).resolve().parent.parent.parent / "tests" / "vectors"
FILES: List[Path] = sorted(VECTORS.rglob("*.json"))


def canonical(value: Any) -> Any:
    """A Python result in the canonical JSON form the vectors are written in."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, Decimal):
        # Plain notation with the scale kept, as Rust prints it: "60000", "0.30".
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return instant_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def instant_text(value: dt.datetime) -> str:
    """RFC 3339 as the core prints it (chrono's `SecondsFormat::AutoSi`): a numeric offset,
    and sub-seconds only when present, as 3 or 6 digits."""
    if value.microsecond == 0:
        spec = "seconds"
    elif value.microsecond % 1000 == 0:
        spec = "milliseconds"
    else:
        spec = "microseconds"
    return value.isoformat(timespec=spec)


def matches(expected: Any, actual: Any, path: str) -> None:
    """Objects match on the keys the vector names, arrays element by element, scalars by
    equality (of type too, so that `1` never matches `true`)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key}: missing from the result"
            matches(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected an array, got {actual!r}"
        assert len(actual) == len(expected), (
            f"{path}: expected {len(expected)} elements, got {len(actual)}: {actual!r}"
        )
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]")
    else:
        assert type(actual) is type(expected) and actual == expected, (
            f"{path}: expected {expected!r}, got {actual!r}"
        )


def _pipeline(inp: Dict[str, Any]) -> revlogic.Pipeline:
    return revlogic.Pipeline(inp["pipeline"])


def _mapping(inp: Dict[str, Any]) -> revlogic.StageMapping:
    return revlogic.StageMapping(inp["mapping"])


# One entry per row of the table in tests/vectors/README.md.
OPERATIONS: Dict[str, Callable[[Dict[str, Any]], Any]] = {
    "stages.checkTransitions": lambda inp: _pipeline(inp).check_transitions(
        inp["requests"], explain=inp.get("explain", True)
    ),
    "stages.dataQuality": lambda inp: _pipeline(inp).data_quality(inp["request"]),
    "stages.dwellTimes": lambda inp: _pipeline(inp).dwell_times(inp["request"]),
    "stages.mapStages": lambda inp: _mapping(inp).map(inp["records"]),
    "stages.compareStages": lambda inp: _mapping(inp).compare(inp["request"]),
    "money.allocate": lambda inp: revlogic.allocate(inp["total"], inp["weights"]),
    "commission.statement": lambda inp: revlogic.CommissionPlan(inp["plan"]).statement(inp["request"]),
    "commission.whatIf": lambda inp: revlogic.CommissionPlan(inp["plan"]).what_if(
        revlogic.CommissionPlan(inp["proposal"]), inp["request"]
    ),
    "commission.efficiency": lambda inp: revlogic.CommissionPlan(inp["plan"]).efficiency(
        inp["request"], inp.get("options")
    ),
    "commission.liveFigure": lambda inp: revlogic.CommissionPlan(inp["plan"]).live_figure(inp["request"]),
    "scoring.score": lambda inp: revlogic.ScoreModel(inp["model"]).score(
        inp["records"], explain=inp.get("explain", False), components=inp.get("components", True)
    ),
    "scoring.trainWinModel": lambda inp: revlogic.train_win_model(inp["opportunities"], inp["options"]),
    "scoring.prioritise": lambda inp: revlogic.prioritise(inp["request"]),
    "scoring.kpi": lambda inp: revlogic.kpi(inp["request"]),
    "reconcile.check": lambda inp: revlogic.reconcile(inp["request"]),
    "rebate.settle": lambda inp: revlogic.RebateAgreement(inp["agreement"]).settle(inp["request"]),
    "rebate.estimate": lambda inp: revlogic.RebateAgreement(inp["agreement"])
    .prepare(inp["period"])
    .estimate(inp["order"]),
    "assignment.assign": lambda inp: revlogic.Assigner(inp["policy"]).assign(inp["request"]),
    "assignment.claim": lambda inp: revlogic.Assigner(inp["policy"]).claim(inp["request"]),
    "assignment.fairness": lambda inp: revlogic.Assigner(inp["policy"]).fairness_report(inp["request"]),
}


def test_vectors_are_present() -> None:
    assert FILES, f"no vectors found under {VECTORS}"


@pytest.mark.parametrize("file", FILES, ids=[f.relative_to(VECTORS).as_posix() for f in FILES])
def test_vector(file: Path) -> None:
    vector = json.loads(file.read_text(encoding="utf-8"))
    operation = vector["operation"]
    assert operation in OPERATIONS, f"{operation!r} is not in the README's table of operations"
    run = OPERATIONS[operation]
    if "error" in vector:
        with pytest.raises(revlogic.Error) as caught:
            run(vector["input"])
        err = caught.value
        expected = vector["error"]
        actual: Dict[str, Any] = {"kind": err.kind, "code": err.code, "path": err.path}
        wanted = {k: expected[k] for k in ("kind", "code", "path")}
        if "problems" in expected:
            # Messages are never compared; codes and paths are.
            actual["problems"] = [{"code": p["code"], "path": p["path"]} for p in err.problems]
            wanted["problems"] = [{"code": p["code"], "path": p["path"]} for p in expected["problems"]]
        matches(wanted, actual, "error")
        expected_class = revlogic.ConfigError if err.kind == "config" else revlogic.InputError
        assert isinstance(err, expected_class)
    else:
        matches(vector["expected"], canonical(run(vector["input"])), "result")
