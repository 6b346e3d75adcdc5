"""Conversion edges of the Python binding: native types in and out, floats refused, errors
as exception classes with codes and paths, batches that never drop a record."""
import datetime as dt
from decimal import Decimal

import pytest

import revlogic

KEY = {"first_contact_method": "visit", "pain_points": "p", "competitor_analysis": "c",
       "budget_range": "100k", "decision_chain": ["cfo"]}


def move(id_, stage, to, **fields):
    return {"opportunity": {"id": id_, "stage": stage, "fields": {**KEY, **fields}}, "to": to}


def test_decimals_come_back_as_decimal_and_sum_exactly():
    total = Decimal("0.1") + Decimal("0.2")
    parts = revlogic.allocate({"amount": total, "currency": "CNY"}, [1, 2])["parts"]
    assert [p["amount"] for p in parts] == [Decimal("0.10"), Decimal("0.20")]
    assert all(type(p["amount"]) is Decimal for p in parts)


def test_28_digit_decimal_round_trips_exactly():
    amount = Decimal("12345678901234567890123456.78")
    parts = revlogic.allocate({"amount": amount, "currency": "CNY"}, ["1"])["parts"]
    assert parts[0]["amount"] == amount


def test_out_of_range_and_nan_decimals_are_refused():
    with pytest.raises(revlogic.InputError) as e:
        revlogic.allocate({"amount": Decimal("123456789012345678901234567890"), "currency": "CNY"}, [1])
    assert (e.value.code, e.value.path) == ("DECIMAL_OUT_OF_RANGE", "total.amount")
    with pytest.raises(revlogic.InputError) as e:
        revlogic.allocate({"amount": Decimal("NaN"), "currency": "CNY"}, [1])
    assert e.value.code == "INVALID_DECIMAL"
    with pytest.raises(revlogic.InputError) as e:
        revlogic.allocate({"amount": 10**40, "currency": "CNY"}, [1])
    assert e.value.code == "DECIMAL_OUT_OF_RANGE"


def test_floats_are_refused_for_money():
    with pytest.raises(revlogic.InputError) as e:
        revlogic.allocate({"amount": 0.1 + 0.2, "currency": "CNY"}, [1])
    assert (e.value.code, e.value.path) == ("FLOAT_NOT_ALLOWED", "total.amount")
    with pytest.raises(revlogic.InputError) as e:
        revlogic.allocate({"amount": "1.00", "currency": "CNY"}, [1, 0.5])
    assert (e.value.code, e.value.path) == ("FLOAT_NOT_ALLOWED", "weights[1]")
    # In a batch, a float amount rejects only its record.
    batch = revlogic.Pipeline.default().check_transitions(
        [move("A", "proposal", "quote", amount=60000.0), move("B", "lead", "proposal")], explain=False)
    assert batch["results"][0]["status"] == "rejected"
    assert batch["results"][0]["error"]["code"] == "FLOAT_NOT_ALLOWED"
    assert batch["results"][0]["error"]["path"] == "requests[0].opportunity.fields.amount"
    assert batch["results"][1]["allowed"] is True


def test_decimal_threshold_is_exact():
    p = revlogic.Pipeline.default()
    survey = [{"kind": "needs_survey", "fields": {"budget_range": "1", "decision_chain": ["a"]}}]
    at = {"opportunity": {"id": "X", "stage": "proposal", "evidence": survey,
                          "fields": {**KEY, "amount": Decimal("49999.9") + Decimal("0.1")}}, "to": "quote"}
    above = {"opportunity": {"id": "Y", "stage": "proposal", "evidence": survey,
                             "fields": {**KEY, "amount": Decimal("50000.01")}}, "to": "quote"}
    results = p.check_transitions([at, above])["results"]
    assert results[0]["allowed"] is True
    assert results[1]["violations"][0]["code"] == "approval_required"


def test_effect_data_keeps_types():
    p = revlogic.Pipeline.default()
    r = p.check_transitions([move("E", "contract", "payment", amount=Decimal("80000.50"),
                                  expected_close_date=dt.date(2026, 4, 15))])["results"][0]
    data = r["effects"][0]["data"]
    assert data["amount"] == Decimal("80000.50") and type(data["amount"]) is Decimal
    assert data["expected_close_date"] == dt.date(2026, 4, 15)


def test_datetimes_in_and_out():
    p = revlogic.Pipeline.default()
    tz = dt.timezone(dt.timedelta(hours=8))
    report = p.dwell_times({"asOf": dt.datetime(2026, 1, 6, tzinfo=tz), "histories": [
        {"opportunityId": "O", "team": "t", "events": [
            {"stage": "lead", "at": dt.datetime(2026, 1, 1, tzinfo=tz)},
            {"stage": "proposal", "at": dt.datetime(2026, 1, 5, tzinfo=tz)}]}]})
    lead = report["opportunities"][0]["stages"][0]
    assert lead["hours"] == Decimal("96.00")
    breaker = p.data_quality({"submissions": [
        {"rep": "w", "opportunityId": str(i), "submittedAt": dt.datetime(2026, 3, i + 1, 9, tzinfo=tz), "fields": {}}
        for i in range(3)]})
    assert breaker["reps"][0]["suspendedAt"] == dt.datetime(2026, 3, 3, 9, tzinfo=tz)
    assert breaker["reps"][0]["suspendedAt"].utcoffset() == dt.timedelta(hours=8)


def test_naive_datetime_is_refused():
    p = revlogic.Pipeline.default()
    report = p.data_quality({"submissions": [
        {"rep": "w", "opportunityId": "1", "submittedAt": dt.datetime(2026, 3, 1, 9), "fields": {}}]})
    assert report["rejected"][0]["error"]["code"] == "INVALID_DATETIME"


def test_unsupported_host_types_and_keys():
    p = revlogic.Pipeline.default()
    with pytest.raises(revlogic.InputError) as e:
        p.check_transitions([move("A", "lead", "proposal", tags={"a", "b"})])
    assert (e.value.code, e.value.path) == ("INVALID_TYPE", "requests[0].opportunity.fields.tags")
    with pytest.raises(revlogic.InputError) as e:
        p.check_transitions([{"opportunity": {"id": "A", "stage": "lead", "fields": {1: "x"}}, "to": "lead"}])
    assert e.value.code == "INVALID_TYPE"
    with pytest.raises(revlogic.InputError) as e:
        p.check_transitions({"not": "a list"})
    assert (e.value.code, e.value.path) == ("INVALID_TYPE", "requests")


def test_tuples_and_none_are_accepted():
    p = revlogic.Pipeline.default()
    r = p.check_transitions((move("A", "lead", "proposal", decision_chain=("cfo",), pain_points=None),))["results"][0]
    assert [v["field"] for v in r["violations"]] == ["opportunity.fields.pain_points"]


def test_wrong_types_reject_only_their_record():
    p = revlogic.Pipeline.default()
    batch = p.check_transitions([move("A", "lead", "proposal"), {"opportunity": {"id": 5}}, "x",
                                 move("D", "lead", "nowhere")], explain=False)
    assert [r["status"] for r in batch["results"]] == ["ok", "rejected", "rejected", "rejected"]
    assert batch["results"][1]["error"]["code"] == "INVALID_TYPE"
    assert batch["results"][3]["error"] == {"code": "UNKNOWN_STAGE", "path": "requests[3].to",
                                            "message": batch["results"][3]["error"]["message"]}
    assert batch["summary"] == {"total": 4, "allowed": 1, "blocked": 0, "rejected": 3}


def test_empty_and_large_batches():
    p = revlogic.Pipeline.default()
    assert p.check_transitions([])["results"] == []
    requests = [move(f"O{i}", "lead", "proposal") for i in range(100_000)]
    batch = p.check_transitions(requests, explain=False)
    assert len(batch["results"]) == 100_000
    assert batch["summary"]["allowed"] == 100_000


def test_config_errors_list_every_problem():
    doc = {"schemaVersion": 1, "id": "p", "stages": [
        {"name": "lead"}, {"name": "lead"}, {"name": "won", "kind": "won"}]}
    with pytest.raises(revlogic.ConfigError) as e:
        revlogic.Pipeline(doc)
    err = e.value
    assert isinstance(err, revlogic.Error) and isinstance(err, ValueError)
    assert [(p["code"], p["path"]) for p in err.problems] == [
        ("DUPLICATE_STAGE", "stages[1].name"), ("INVALID_TERMINAL_STAGES", "stages")]
    assert (err.kind, err.code, err.path) == ("config", "DUPLICATE_STAGE", "stages[1].name")
    assert "and 1 more problem" in str(err)


def test_catalogue_schema_and_version():
    assert "UNKNOWN_STAGE" in revlogic.ERROR_CODES and "FLOAT_NOT_ALLOWED" in revlogic.ERROR_CODES
    assert "PipelineDocument" in revlogic.SCHEMA_NAMES
    s = revlogic.schema("PipelineDocument")
    assert s["type"] == "object" and "stages" in s["properties"]
    with pytest.raises(revlogic.InputError):
        revlogic.schema("Nope")
    assert revlogic.Pipeline.default().id == "default"
    assert isinstance(revlogic.__version__, str)
