"""revlogic — sales-management logic for CRMs and ERPs.

Decimals cross as ``decimal.Decimal`` (``str`` and ``int`` are accepted too, ``float`` is
refused wherever money or a decimal is expected), dates as ``datetime.date`` and instants as
aware ``datetime.datetime``. Results are plain dicts and lists whose keys are exactly those of
the wire format (camelCase, e.g. ``pipelineId``), the same as in the JSON Schemas returned by
``schema()`` and in every other language.
"""

from ._errors import ConfigError, Error, ErrorKind, InputError, InternalError, Problem
from ._native import (
    ERROR_CODES,
    SCHEMA_NAMES,
    Assigner,
    CommissionPlan,
    Pipeline,
    PreparedRebatePeriod,
    RebateAgreement,
    ScoreModel,
    StageMapping,
    __version__,
    allocate,
    kpi,
    max_threads,
    prioritise,
    reconcile,
    schema,
    set_max_threads,
    train_win_model,
)

__all__ = [
    "ERROR_CODES",
    "SCHEMA_NAMES",
    "Assigner",
    "CommissionPlan",
    "ConfigError",
    "Error",
    "ErrorKind",
    "InputError",
    "InternalError",
    "Pipeline",
    "PreparedRebatePeriod",
    "Problem",
    "RebateAgreement",
    "ScoreModel",
    "StageMapping",
    "__version__",
    "allocate",
    "kpi",
    "max_threads",
    "prioritise",
    "reconcile",
    "schema",
    "set_max_threads",
    "train_win_model",
]
