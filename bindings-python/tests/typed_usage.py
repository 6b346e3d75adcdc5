"""Type-checked with mypy --strict against the package's stubs."""
from decimal import Decimal
from typing import Any, Dict

import revlogic


def check() -> bool:
    pipeline: revlogic.Pipeline = revlogic.Pipeline.default()
    batch: Dict[str, Any] = pipeline.check_transitions([], explain=False)
    parts = revlogic.allocate({"amount": Decimal("1.00"), "currency": "CNY"}, [1])
    try:
        revlogic.StageMapping({"schemaVersion": 1})
    except revlogic.ConfigError as error:
        codes = [p["code"] for p in error.problems]
        return bool(codes) and bool(parts) and "results" in batch
    return False
