"""Conversion edges of the Python binding: native types in and out, floats refused for money,
unsupported values reported with their path, errors as exception classes with stable codes,
and batches that keep every record. Business rules are the vectors' job, not this file's."""

import datetime as dt
import pickle
import types
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Mapping, Sequence

import pytest

import revlogic

CST = dt.timezone(dt.timedelta(hours=8))

# Everything the default pipeline asks for on entering `proposal`.
KEY_FIELDS: Dict[str, Any] = {
    "first_contact_method": "visit",
    "pain_points": "reporting",
    "competitor_analysis": "acme",
    "budget_range": "100k",
    "decision_chain": ["cfo"],
}
SURVEY = [{"kind": "needs_survey", "fields": {"budget_range": "1", "decision_chain": ["cfo"]}}]


def move(id_: str, stage: str, to: str, **fields: Any) -> Dict[str, Any]:
    return {"opportunity": {"id": id_, "stage": stage, "fields": {**KEY_FIELDS, **fields}}, "to": to}


def money(amount: Any) -> Dict[str, Any]:
    return {"amount": amount, "currency": "CNY"}


@pytest.fixture(scope="module")
def pipeline() -> revlogic.Pipeline:
    return revlogic.Pipeline.default()


def raised(call: Any, cls: type = revlogic.InputError) -> revlogic.Error:
    with pytest.raises(cls) as caught:
        call()
    err = caught.value
    assert isinstance(err, revlogic.Error)
    return err


# --- decimals ------------------------------------------------------------------------------


def test_floats_are_refused_where_a_decimal_is_expected(pipeline: revlogic.Pipeline) -> None:
    err = raised(lambda: revlogic.allocate(money(0.1 + 0.2), [1]))
    assert (err.code, err.path) == ("FLOAT_NOT_ALLOWED", "total.amount")
    # The stubs refuse a float statically too; this checks the run-time guard.
    err = raised(lambda: revlogic.allocate(money("1.00"), [1, 0.5]))  # type: ignore[list-item]
    assert (err.code, err.path) == ("FLOAT_NOT_ALLOWED", "weights[1]")
    # `amount` is a typed decimal field of the default pipeline: a float rejects its record only.
    batch = pipeline.check_transitions(
        [move("A", "proposal", "quote", amount=60000.0), move("B", "lead", "proposal")], explain=False
    )
    first, second = batch["results"]
    assert first["status"] == "rejected"
    assert (first["error"]["code"], first["error"]["path"]) == (
        "FLOAT_NOT_ALLOWED",
        "requests[0].opportunity.fields.amount",
    )
    assert second["status"] == "ok" and second["allowed"] is True


def test_a_float_in_a_custom_pipelines_decimal_field_is_refused() -> None:
    custom = revlogic.Pipeline({
        "schemaVersion": 1,
        "id": "custom",
        "stages": [{"name": "open"}, {"name": "won", "kind": "won"}, {"name": "lost", "kind": "lost"}],
        "fieldTypes": {"budget": {"type": "decimal"}},
    })
    request: Dict[str, Any] = {
        "opportunity": {"id": "C", "stage": "open", "fields": {"budget": 12.5}},
        "to": "won",
    }
    result = custom.check_transitions([request])["results"][0]
    assert result["status"] == "rejected"
    assert (result["error"]["code"], result["error"]["path"]) == (
        "FLOAT_NOT_ALLOWED",
        "requests[0].opportunity.fields.budget",
    )
    request["opportunity"]["fields"]["budget"] = Decimal("12.5")
    assert custom.check_transitions([request])["results"][0]["status"] == "ok"


def test_decimal_arithmetic_crosses_exactly(pipeline: revlogic.Pipeline) -> None:
    total = Decimal("0.1") + Decimal("0.2")
    parts = revlogic.allocate(money(total), [1, 2])["parts"]
    assert [p["amount"] for p in parts] == [Decimal("0.10"), Decimal("0.20")]
    assert sum(p["amount"] for p in parts) == Decimal("0.30")
    # 49999.9 + 0.1 is exactly the 50,000 threshold, which needs no approval; a cent more does.
    at = move("X", "proposal", "quote", amount=Decimal("49999.9") + Decimal("0.1"))
    above = move("Y", "proposal", "quote", amount=Decimal("50000.01"))
    for request in (at, above):
        request["opportunity"]["evidence"] = SURVEY
    results = pipeline.check_transitions([at, above])["results"]
    assert results[0]["allowed"] is True and results[0]["violations"] == []
    assert [v["code"] for v in results[1]["violations"]] == ["approval_required"]


def test_decimals_come_back_as_decimal_in_plain_notation() -> None:
    amount = Decimal("12345678901234567890123456.78")  # 28 significant digits
    part = revlogic.allocate(money(amount), ["1"])["parts"][0]
    assert type(part["amount"]) is Decimal
    assert part["amount"] == amount and format(part["amount"], "f") == "12345678901234567890123456.78"
    # Exponent notation is written out before it crosses: the wire refuses "1E+2".
    parts = revlogic.allocate(money(Decimal("1E+2")), [Decimal("1E-7"), Decimal("1E-7")])["parts"]
    assert [p["amount"] for p in parts] == [Decimal("50.00"), Decimal("50.00")]
    # A whole number between 2^64 and the 28-digit limit is still a valid amount.
    assert revlogic.allocate(money(10**25), [1])["parts"][0]["amount"] == Decimal(10**25)


UNUSABLE_AMOUNTS = {
    "30 digits": (Decimal("123456789012345678901234567890"), "DECIMAL_OUT_OF_RANGE"),
    "huge exponent": (Decimal("1E+999999999"), "DECIMAL_OUT_OF_RANGE"),  # never written out
    "int beyond range": (10**40, "DECIMAL_OUT_OF_RANGE"),
    "int too long to print": (10**5000, "DECIMAL_OUT_OF_RANGE"),
    "Decimal NaN": (Decimal("NaN"), "INVALID_DECIMAL"),
    "Decimal sNaN": (Decimal("sNaN"), "INVALID_DECIMAL"),
    "Decimal -Infinity": (Decimal("-Infinity"), "INVALID_DECIMAL"),
    "float nan": (float("nan"), "FLOAT_NOT_ALLOWED"),
    "float inf": (float("inf"), "FLOAT_NOT_ALLOWED"),
    "exponent string": ("1e5", "INVALID_DECIMAL"),
    "bool": (True, "INVALID_TYPE"),  # True is an int in Python, not the number 1 here
}


@pytest.mark.parametrize("amount, code", UNUSABLE_AMOUNTS.values(), ids=UNUSABLE_AMOUNTS.keys())
def test_unusable_amounts_are_refused_with_their_code(amount: Any, code: str) -> None:
    err = raised(lambda: revlogic.allocate(money(amount), [1]))
    assert (err.kind, err.code, err.path) == ("input", code, "total.amount")


# --- dates and instants --------------------------------------------------------------------


def test_effect_data_keeps_decimal_and_date_types(pipeline: revlogic.Pipeline) -> None:
    legal = pipeline.check_transitions([move("L", "quote", "contract", amount=Decimal("80000.50"))])
    effect = legal["results"][0]["effects"][0]
    assert effect["rule"] == "effect:legal_review"
    assert type(effect["data"]["amount"]) is Decimal and effect["data"]["amount"] == Decimal("80000.50")
    tracking = pipeline.check_transitions([
        move("E", "contract", "payment", amount="80000.50", expected_close_date=dt.date(2026, 4, 15))
    ])
    data = tracking["results"][0]["effects"][0]["data"]
    assert type(data["expected_close_date"]) is dt.date and data["expected_close_date"] == dt.date(2026, 4, 15)


def test_instants_in_and_out(pipeline: revlogic.Pipeline) -> None:
    report = pipeline.dwell_times({
        "asOf": dt.datetime(2026, 1, 6, tzinfo=CST),
        "histories": [{"opportunityId": "O", "team": "t", "events": [
            {"stage": "lead", "at": dt.datetime(2026, 1, 1, tzinfo=CST)},
            {"stage": "proposal", "at": dt.datetime(2026, 1, 5, 1, 30, tzinfo=dt.timezone.utc)},
        ]}],
    })
    lead = report["opportunities"][0]["stages"][0]
    assert type(lead["hours"]) is Decimal and lead["hours"] == Decimal("105.50")
    breaker = pipeline.data_quality({"submissions": [
        {"rep": "w", "opportunityId": str(i), "fields": {},
         "submittedAt": dt.datetime(2026, 3, i + 1, 9, 0, 0, 250000, tzinfo=CST)}
        for i in range(3)
    ]})
    suspended_at = breaker["reps"][0]["suspendedAt"]
    assert type(suspended_at) is dt.datetime
    assert suspended_at == dt.datetime(2026, 3, 3, 9, 0, 0, 250000, tzinfo=CST)
    assert suspended_at.utcoffset() == dt.timedelta(hours=8)


def test_nanosecond_instants_come_back_cut_to_microseconds(pipeline: revlogic.Pipeline) -> None:
    breaker = pipeline.data_quality({"submissions": [
        {"rep": "w", "opportunityId": str(i), "submittedAt": f"2026-03-0{i + 1}T09:00:00.123456789+08:00"}
        for i in range(3)
    ]})
    assert breaker["reps"][0]["suspendedAt"].microsecond == 123456


def test_naive_datetimes_are_refused(pipeline: revlogic.Pipeline) -> None:
    err = raised(lambda: pipeline.dwell_times({"asOf": dt.datetime(2026, 1, 6), "histories": []}))
    assert (err.code, err.path) == ("INVALID_DATETIME", "asOf")
    # Inside a batch the record is rejected and the others still count.
    report = pipeline.data_quality({"submissions": [
        {"rep": "w", "opportunityId": "1", "submittedAt": dt.datetime(2026, 3, 1, 9)},
        {"rep": "w", "opportunityId": "2", "submittedAt": dt.datetime(2026, 3, 2, 9, tzinfo=CST)},
    ]})
    assert [(r["error"]["code"], r["error"]["path"]) for r in report["rejected"]] == [
        ("INVALID_DATETIME", "submissions[0].submittedAt")
    ]
    assert report["reps"][0]["currentStreak"] == 1


# --- unsupported values --------------------------------------------------------------------


def test_unsupported_types_are_reported_with_their_path(pipeline: revlogic.Pipeline) -> None:
    batch: List[Dict[str, Any]] = [move(f"O{i}", "lead", "proposal") for i in range(4)]
    batch[3]["opportunity"]["fields"]["x"] = {"a", "b"}
    err = raised(lambda: pipeline.check_transitions(batch))
    assert (err.kind, err.code, err.path) == ("input", "INVALID_TYPE", "requests[3].opportunity.fields.x")
    assert "set" in err.message
    for value in (b"bytes", bytearray(b"x"), memoryview(b"x"), object(), dt.time(9, 30), 1j):
        err = raised(lambda: revlogic.allocate(money("1"), [1, value]))  # type: ignore[list-item]
        assert (err.code, err.path) == ("INVALID_TYPE", "weights[1]")


def test_dict_keys_must_be_strings(pipeline: revlogic.Pipeline) -> None:
    request = move("A", "lead", "proposal")
    request["opportunity"]["fields"][1] = "x"
    err = raised(lambda: pipeline.check_transitions([request]))
    assert (err.code, err.path) == ("INVALID_TYPE", "requests[0].opportunity.fields")


def test_a_document_with_an_unsupported_value_is_a_config_error() -> None:
    err = raised(lambda: revlogic.Pipeline({"schemaVersion": 1, "stages": frozenset()}), revlogic.ConfigError)
    assert (err.kind, err.code, err.path) == ("config", "INVALID_TYPE", "stages")


def test_deep_or_cyclic_values_are_refused_not_crashed() -> None:
    deep: List[Any] = []
    node = deep
    for _ in range(1000):
        node.append([])
        node = node[0]
    err = raised(lambda: revlogic.allocate(money("1"), deep))
    assert err.code == "LIMIT_EXCEEDED" and err.path.startswith("weights[0][0]")
    cycle: List[Any] = []
    cycle.append(cycle)
    assert raised(lambda: revlogic.allocate(money("1"), cycle)).code == "LIMIT_EXCEEDED"


def test_other_mappings_and_sequences_pass_like_dicts_and_lists(pipeline: revlogic.Pipeline) -> None:
    class Fields(Mapping[str, Any]):
        def __init__(self, data: Dict[str, Any]) -> None:
            self._data = data

        def __getitem__(self, key: str) -> Any:
            return self._data[key]

        def __iter__(self) -> Iterator[str]:
            return iter(self._data)

        def __len__(self) -> int:
            return len(self._data)

    class Requests(Sequence[Any]):
        def __init__(self, items: List[Any]) -> None:
            self._items = items

        def __getitem__(self, index: Any) -> Any:
            return self._items[index]

        def __len__(self) -> int:
            return len(self._items)

    request = {"opportunity": types.MappingProxyType({"id": "M", "stage": "lead", "fields": Fields(KEY_FIELDS)}),
               "to": "proposal"}
    result = pipeline.check_transitions(Requests([request]))["results"][0]
    assert result["status"] == "ok" and result["allowed"] is True
    bad = {"opportunity": {"id": "M", "stage": "lead", "fields": Fields({"x": b"raw"})}, "to": "proposal"}
    err = raised(lambda: pipeline.check_transitions(Requests([bad])))
    assert (err.code, err.path) == ("INVALID_TYPE", "requests[0].opportunity.fields.x")


def test_a_dict_resized_while_read_is_refused_not_panicked() -> None:
    total: Dict[str, Any] = {}

    class Meddling(Decimal):
        def __str__(self) -> str:
            total.update(more=1, and_more=2)
            return "1.00"

    total.update(amount=Meddling("1.00"), currency="CNY")
    err = raised(lambda: revlogic.allocate(total, [1]))
    assert (err.code, err.path) == ("INVALID_VALUE", "total")


def test_tuples_none_and_subclasses_are_plain_values(pipeline: revlogic.Pipeline) -> None:
    class Stage(str):
        pass

    request = move("A", "lead", Stage("proposal"), decision_chain=("cfo",), pain_points=None)
    result = pipeline.check_transitions((request,))["results"][0]
    assert [v["field"] for v in result["violations"]] == ["opportunity.fields.pain_points"]


# --- batches -------------------------------------------------------------------------------


def test_bad_records_are_rejected_alone(pipeline: revlogic.Pipeline) -> None:
    batch = pipeline.check_transitions(
        [
            move("A", "lead", "proposal"),
            {"opportunity": {"id": 5, "stage": "lead"}, "to": "proposal"},
            {"opportunity": {"id": "C", "stage": "lead"}},
            "not a request",  # type: ignore[list-item]
            move("E", "lead", "nowhere"),
        ],
        explain=False,
    )
    assert [r["status"] for r in batch["results"]] == ["ok", "rejected", "rejected", "rejected", "rejected"]
    errors = [(r["error"]["code"], r["error"]["path"]) for r in batch["results"][1:]]
    assert errors == [
        ("INVALID_TYPE", "requests[1].opportunity.id"),
        ("MISSING_FIELD", "requests[2].to"),
        ("INVALID_TYPE", "requests[3]"),
        ("UNKNOWN_STAGE", "requests[4].to"),
    ]
    assert batch["summary"] == {"total": 5, "allowed": 1, "blocked": 0, "rejected": 4}


def test_requests_must_be_a_list(pipeline: revlogic.Pipeline) -> None:
    err = raised(lambda: pipeline.check_transitions({"not": "a list"}))  # type: ignore[arg-type]
    assert (err.code, err.path) == ("INVALID_TYPE", "requests")


def test_empty_and_large_batches(pipeline: revlogic.Pipeline) -> None:
    empty = pipeline.check_transitions([])
    assert empty["results"] == [] and empty["summary"]["total"] == 0
    assert empty["pipelineId"] == "default"
    requests = [move(f"O{i}", "lead", "proposal" if i % 2 else "won") for i in range(100_000)]
    batch = pipeline.check_transitions(requests, explain=False)
    assert len(batch["results"]) == 100_000
    assert batch["summary"]["total"] == 100_000
    assert batch["results"][99_999]["opportunityId"] == "O99999"


def test_concurrent_calls_from_threads_agree(pipeline: revlogic.Pipeline) -> None:
    requests = [move(f"T{i}", "proposal", "quote", amount=Decimal(i * 1000)) for i in range(2_000)]
    expected = pipeline.check_transitions(requests)
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda _: pipeline.check_transitions(requests), range(8)))
    assert all(outcome == expected for outcome in outcomes)


# --- errors and module surface -------------------------------------------------------------


def test_config_errors_carry_every_problem() -> None:
    document = {"schemaVersion": 1, "id": "p", "stages": [
        {"name": "lead"}, {"name": "lead"}, {"name": "won", "kind": "won"},
    ]}
    err = raised(lambda: revlogic.Pipeline(document), revlogic.ConfigError)
    assert isinstance(err, revlogic.Error) and isinstance(err, ValueError)
    assert len(err.problems) >= 2
    assert [(p["code"], p["path"]) for p in err.problems] == [
        ("DUPLICATE_STAGE", "stages[1].name"),
        ("INVALID_TERMINAL_STAGES", "stages"),
    ]
    assert all(set(p) == {"code", "path", "message"} for p in err.problems)
    assert (err.kind, err.code, err.path) == ("config", "DUPLICATE_STAGE", "stages[1].name")
    assert "DUPLICATE_STAGE" in str(err) and "1 more problem" in str(err)
    assert err.message == str(err)


def test_errors_survive_pickling() -> None:
    err = raised(lambda: revlogic.StageMapping({"schemaVersion": 1}), revlogic.ConfigError)
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is revlogic.ConfigError
    assert (copy.kind, copy.code, copy.path, copy.problems, str(copy)) == (
        err.kind, err.code, err.path, err.problems, str(err)
    )


def test_module_surface() -> None:
    assert "UNKNOWN_STAGE" in revlogic.ERROR_CODES and "FLOAT_NOT_ALLOWED" in revlogic.ERROR_CODES
    assert len(set(revlogic.ERROR_CODES)) == len(revlogic.ERROR_CODES)
    assert all(code.isupper() for code in revlogic.ERROR_CODES)
    assert "CheckBatch" in revlogic.SCHEMA_NAMES
    s = revlogic.schema("PipelineDocument")
    assert s["type"] == "object" and "stages" in s["properties"]
    err = raised(lambda: revlogic.schema("Nope"))
    assert (err.code, err.path) == ("INVALID_VALUE", "name")
    assert revlogic.Pipeline.default().id == revlogic.Pipeline("default").id == "default"
    assert repr(revlogic.Pipeline.default()) == 'Pipeline(id="default")'
    assert isinstance(revlogic.__version__, str) and revlogic.__version__
