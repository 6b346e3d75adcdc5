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
        error = value.get("error")
        if isinstance(error, dict) and "code" in error:
            out.append({"code": error["code"], "path": error["path"]})
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


# --- what only a Python caller can send -----------------------------------------------------

VECTORS = HOSTILE.parent / "vectors"


def vector_input(relative: str) -> Dict[str, Any]:
    data: Dict[str, Any] = json.loads((VECTORS / relative).read_text(encoding="utf-8"))["input"]
    return data


def raised(call: Any) -> revlogic.Error:
    with pytest.raises(revlogic.Error) as caught:
        call()
    return caught.value


def test_ids_with_lone_surrogates_reject_their_records_and_never_collide() -> None:
    move: Dict[str, Any] = {"opportunity": {"id": "ok", "stage": "lead", "fields": {}}, "to": "proposal"}
    requests = [
        move,
        {**move, "opportunity": {**move["opportunity"], "id": "D\ud800"}},
        {**move, "opportunity": {**move["opportunity"], "id": "D\udbff"}},
    ]
    results = revlogic.Pipeline.default().check_transitions(requests)["results"]
    assert results[0]["status"] == "ok"
    for i in (1, 2):
        assert results[i]["status"] == "rejected"
        assert (results[i]["error"]["code"], results[i]["error"]["path"]) == (
            "INVALID_VALUE",
            f"requests[{i}].opportunity.id",
        )


def test_a_deal_with_a_lone_surrogate_id_is_rejected_alone() -> None:
    inp = vector_input("commission/statement/001-rule-rate-signed-and-paid.json")
    request = inp["request"]
    good = request["deals"][0]
    request["deals"] = [good, {**good, "id": "D\ud800"}, {**good, "id": "D\udbff"}]
    statement = revlogic.CommissionPlan(inp["plan"]).statement(request)
    rejected = [(r["code"], r["path"]) for r in _rejections(statement)]
    assert ("INVALID_VALUE", "deals[1].id") in rejected and ("INVALID_VALUE", "deals[2].id") in rejected
    assert not any(code == "DUPLICATE_ID" for code, _ in rejected)


def _rejections(result: Any) -> List[Dict[str, Any]]:
    found: List[Dict[str, Any]] = []
    rejections(result, found)
    return found


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 0.5])
def test_a_float_in_a_record_rejects_that_record_only(value: float) -> None:
    inp = vector_input("money/allocate/001-hundred-in-three.json")
    err = raised(lambda: revlogic.allocate({"amount": value, "currency": "CNY"}, inp["weights"]))
    assert (err.code, err.path) == ("FLOAT_NOT_ALLOWED", "total.amount")
    move = {"opportunity": {"id": "A", "stage": "quote", "fields": {"amount": value}}, "to": "contract"}
    ok = {"opportunity": {"id": "B", "stage": "lead", "fields": {}}, "to": "proposal"}
    results = revlogic.Pipeline.default().check_transitions([ok, move])["results"]
    assert results[0]["status"] == "ok"
    assert (results[1]["status"], results[1]["error"]["code"]) == ("rejected", "FLOAT_NOT_ALLOWED")
    assert results[1]["error"]["path"] == "requests[1].opportunity.fields.amount"


@pytest.mark.parametrize("flag", [None, "yes", 1, 0])
def test_flags_must_be_bools(flag: Any) -> None:
    pipeline = revlogic.Pipeline.default()
    err = raised(lambda: pipeline.check_transitions([], explain=flag))
    assert (type(err), err.code, err.path) == (revlogic.InputError, "INVALID_TYPE", "explain")
    model = revlogic.ScoreModel(vector_input("scoring/customer-health/001-weighted-breakpoints-and-trend.json")["model"])
    for name in ("explain", "components"):
        err = raised(lambda: model.score([], **{name: flag}))
        assert (err.code, err.path) == ("INVALID_TYPE", name)


def test_a_list_is_never_read_as_a_record() -> None:
    err = raised(lambda: revlogic.allocate(["100", "CNY"], [1, 1]))  # type: ignore[arg-type]
    assert (err.code, err.path) == ("INVALID_TYPE", "total")
    inp = vector_input("commission/statement/001-rule-rate-signed-and-paid.json")
    plan = revlogic.CommissionPlan(inp["plan"])
    err = raised(lambda: plan.efficiency(inp["request"], [1]))  # type: ignore[arg-type]
    assert (err.code, err.path) == ("INVALID_TYPE", "options")


def test_inputs_beyond_the_limits_are_refused_before_they_are_read() -> None:
    err = raised(lambda: revlogic.Pipeline.default().data_quality({"submissions": [None] * 2_000_001}))
    assert (err.code, err.path) == ("LIMIT_EXCEEDED", "submissions")
    err = raised(lambda: revlogic.allocate({"amount": "1", "currency": "C" * (1 << 20 + 1)}, [1]))
    assert (err.code, err.path) == ("LIMIT_EXCEEDED", "total.currency")


def test_year_zero_is_refused_at_its_path() -> None:
    inp = vector_input("commission/statement/001-rule-rate-signed-and-paid.json")
    request = inp["request"]
    request["deals"][0]["closeDate"] = "0000-01-01"
    statement = revlogic.CommissionPlan(inp["plan"]).statement(request)
    assert ("INVALID_DATE", "deals[0].closeDate") in [(r["code"], r["path"]) for r in _rejections(statement)]


def test_a_crash_inside_revlogic_would_be_an_internal_error() -> None:
    assert issubclass(revlogic.InternalError, revlogic.Error)
    assert "INTERNAL" in revlogic.ERROR_CODES and "LIMIT_EXCEEDED" in revlogic.ERROR_CODES


def test_a_rep_with_a_lone_surrogate_id_is_refused_not_merged_with_another() -> None:
    inp = vector_input("commission/statement/001-rule-rate-signed-and-paid.json")
    request = inp["request"]
    request["reps"] = [{"id": "R\ud800", "quota": "1000"}, {"id": "R\udbff", "quota": "1000"}]
    err = raised(lambda: revlogic.CommissionPlan(inp["plan"]).statement(request))
    assert (err.code, err.path) == ("INVALID_VALUE", "reps[0].id")


def test_nan_where_a_plain_decimal_member_is_read_is_a_float() -> None:
    inp = vector_input("commission/statement/001-rule-rate-signed-and-paid.json")
    request = inp["request"]
    request["reps"][0]["quota"] = float("nan")
    err = raised(lambda: revlogic.CommissionPlan(inp["plan"]).statement(request))
    assert (err.code, err.path) == ("FLOAT_NOT_ALLOWED", "reps[0].quota")
