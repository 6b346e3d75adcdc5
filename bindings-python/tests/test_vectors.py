"""Runs every conformance vector through the Python API and matches it as
tests/vectors/README.md describes."""
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import revlogic

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"
FILES = sorted(VECTORS.rglob("*.json"))


def canonical(value: Any) -> Any:
    """Python results → the canonical JSON form the vectors are written in."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        spec = "seconds" if value.microsecond == 0 else "auto"
        return value.isoformat(timespec=spec)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def matches(expected: Any, actual: Any, path: str = "result") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key}: missing in result"
            matches(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        assert len(expected) == len(actual), f"{path}: expected {len(expected)} elements, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]")
    else:
        # bool is an int in Python: compare types too so that 1 never equals true.
        assert type(expected) is type(actual) and expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


def pipeline_op(method: str) -> Callable[[Dict[str, Any]], Any]:
    def run(inp: Dict[str, Any]) -> Any:
        pipeline = revlogic.Pipeline(inp.get("pipeline"))
        if method == "check_transitions":
            return pipeline.check_transitions(inp.get("requests"), explain=inp.get("explain", True))
        return getattr(pipeline, method)(inp.get("request"))
    return run


OPERATIONS: Dict[str, Callable[[Dict[str, Any]], Any]] = {
    "stages.checkTransitions": pipeline_op("check_transitions"),
    "stages.dataQuality": pipeline_op("data_quality"),
    "stages.dwellTimes": pipeline_op("dwell_times"),
    "stages.mapStages": lambda inp: revlogic.StageMapping(inp.get("mapping")).map(inp.get("records")),
    "stages.compareStages": lambda inp: revlogic.StageMapping(inp.get("mapping")).compare(inp.get("request")),
    "money.allocate": lambda inp: revlogic.allocate(inp.get("total"), inp.get("weights")),
}


def test_vectors_are_found() -> None:
    assert len(FILES) >= 80


@pytest.mark.parametrize("file", FILES, ids=[str(f.relative_to(VECTORS)) for f in FILES])
def test_vector(file: Path) -> None:
    vector = json.loads(file.read_text(encoding="utf-8"))
    run = OPERATIONS[vector["operation"]]
    if "error" in vector:
        with pytest.raises(revlogic.Error) as caught:
            run(vector["input"])
        err = caught.value
        expected = vector["error"]
        actual = {"kind": err.kind, "code": err.code, "path": err.path,
                  "problems": [{"code": p["code"], "path": p["path"]} for p in err.problems]}
        wanted = {k: v for k, v in expected.items() if k != "problems"}
        if "problems" in expected:
            wanted["problems"] = [{"code": p["code"], "path": p["path"]} for p in expected["problems"]]
        matches(wanted, actual, "error")
        assert isinstance(err, revlogic.ConfigError if err.kind == "config" else revlogic.InputError)
    else:
        matches(vector["expected"], canonical(run(vector["input"])))
