"""The hostile-input corpus (tests/hostile/corpus.json) through the public Python API: every
case ends in a result or a revlogic error — never a crash, another exception or INTERNAL — with
the same outcome (code and path) as every other language (tests/hostile/outcomes.json)."""

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import revlogic
from test_vectors import OPERATIONS

HOSTILE = Path(__file__).resolve().parent.parent.parent / "tests" / "hostile"
CORPUS: List[Dict[str, Any]] = json.loads((HOSTILE / "corpus.json").read_text(encoding="utf-8"))
RECORDED: Dict[str, Any] = json.loads((HOSTILE / "outcomes.json").read_text(encoding="utf-8"))


class Members(dict):  # type: ignore[type-arg]
    """A case's input: a member the case leaves out reads as None, as in every other runner."""

    def __missing__(self, key: str) -> None:
        return None


def expand(value: Any) -> Any:
    if isinstance(value, dict):
        if "$repeat" in value:
            text, n = value["$repeat"]
            return text * n
        if "$list" in value:
            item, n = value["$list"]
            return [expand(item)] * n
        if "$nest" in value:
            nested: List[Any] = []
            for _ in range(value["$nest"]):
                nested = [nested]
            return nested
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    return value


def rejections(value: Any, out: List[Dict[str, Any]]) -> None:
    if isinstance(value, dict):
        if value.get("status") == "rejected":
            out.append({"code": value["error"]["code"], "path": value["error"]["path"]})
        for key in sorted(value):
            rejections(value[key], out)
    elif isinstance(value, list):
        for item in value:
            rejections(item, out)


def outcome(case: Dict[str, Any]) -> Dict[str, Any]:
    inp = expand(case["input"])
    members = Members(inp) if isinstance(inp, dict) else Members()
    try:
        result = OPERATIONS[case["operation"]](members)
    except revlogic.Error as err:
        return {"error": {"kind": err.kind, "code": err.code, "path": err.path}}
    found: List[Dict[str, Any]] = []
    rejections(result, found)
    return {"rejected": found}


def test_the_corpus_is_large_and_recorded() -> None:
    assert len(CORPUS) >= 300
    assert {c["name"] for c in CORPUS if not c.get("limits")} == set(RECORDED)


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_hostile_case(case: Dict[str, Any]) -> None:
    got = outcome(case)
    assert got.get("error", {}).get("code") != "INTERNAL", got
    if "expect" in case:
        expected = case["expect"]
        if "error" in expected:
            assert (got["error"]["code"], got["error"]["path"]) == (
                expected["error"]["code"],
                expected["error"]["path"],
            ), got
        else:
            assert got == expected, got
    if not case.get("limits"):
        assert got == RECORDED[case["name"]]
