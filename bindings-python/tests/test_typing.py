"""Uses every public name the way an application would; `mypy --strict` checks it against the
package's stubs (scripts/test-python.sh), and pytest runs it so it cannot rot."""

from decimal import Decimal
from typing import Any, Dict, List

import revlogic
from revlogic import ConfigError, ErrorKind, InputError, Problem


def usage() -> List[str]:
    pipeline: revlogic.Pipeline = revlogic.Pipeline.default()
    same = revlogic.Pipeline("default")
    batch: Dict[str, Any] = pipeline.check_transitions([], explain=False)
    quality = pipeline.data_quality({"submissions": []})
    dwell = same.dwell_times({"asOf": "2026-01-01T00:00:00+08:00", "histories": []})
    parts = revlogic.allocate({"amount": Decimal("1.00"), "currency": "CNY"}, [1, "2", Decimal(3)])
    schema: Dict[str, Any] = revlogic.schema(revlogic.SCHEMA_NAMES[0])
    seen: List[str] = [pipeline.id, revlogic.__version__, *revlogic.ERROR_CODES[:1]]
    for result in (batch, quality, dwell, parts, schema):
        seen += list(result)
    try:
        revlogic.StageMapping({"schemaVersion": 1})
    except ConfigError as error:
        kind: ErrorKind = error.kind
        problems: List[Problem] = error.problems
        seen += [kind, error.code, error.path, error.message, *(p["code"] for p in problems)]
    try:
        revlogic.StageMapping({}).map([])
    except InputError as error:
        seen.append(error.code)
    except revlogic.Error as error:
        seen.append(error.code)
    return seen


def test_usage() -> None:
    seen = usage()
    assert "default" in seen and "MISSING_FIELD" in seen
