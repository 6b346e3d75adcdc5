"""revlogic — sales-management logic for CRMs and ERPs.

Decimals are ``decimal.Decimal`` (``str`` and ``int`` accepted, ``float`` refused), dates are
``datetime.date``, instants aware ``datetime.datetime``. Results are dicts and lists whose keys
are exactly the wire format's (camelCase), as in the JSON documentation.
"""
from ._errors import ConfigError, Error, InputError, Problem
from ._native import (
    ERROR_CODES,
    SCHEMA_NAMES,
    Pipeline,
    StageMapping,
    __version__,
    allocate,
    schema,
)

__all__ = [
    "ConfigError",
    "ERROR_CODES",
    "Error",
    "InputError",
    "Pipeline",
    "Problem",
    "SCHEMA_NAMES",
    "StageMapping",
    "__version__",
    "allocate",
    "schema",
]
