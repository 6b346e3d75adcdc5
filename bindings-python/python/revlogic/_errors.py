"""Exception classes raised by revlogic. Every error carries a stable ``code``, the JSON
``path`` of the first problem, and ``problems``: every problem found, each a dict with
``code``, ``path`` and ``message``."""
from __future__ import annotations

from typing import List, TypedDict


class Problem(TypedDict):
    code: str
    path: str
    message: str


class Error(ValueError):
    """Base class of every revlogic error."""

    def __init__(self, message: str, kind: str, code: str, path: str, problems: List[Problem]):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.code = code
        self.path = path
        self.problems = problems


class ConfigError(Error):
    """A configuration document (pipeline, mapping, ...) is invalid; ``problems`` lists all."""


class InputError(Error):
    """The request itself is unusable (a single bad record in a batch is rejected instead)."""
