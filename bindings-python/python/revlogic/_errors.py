"""Exception classes raised by revlogic.

Every error carries its ``kind`` (``"config"`` for a bad configuration document, ``"input"``
for bad input, ``"internal"`` for a fault of revlogic's own), the stable ``code`` and JSON ``path`` of its first problem, and ``problems``:
every problem found, each a dict with ``code``, ``path`` and ``message``. Codes are the
contract (see ``revlogic.ERROR_CODES``); messages are for people and may change.
"""

from __future__ import annotations

from typing import Any, List, Literal, Tuple, TypedDict, Union

# Spelt as a Union so that mypy.stubtest recognises the alias at runtime.
ErrorKind = Union[Literal["config"], Literal["input"], Literal["internal"]]


class Problem(TypedDict):
    """One thing wrong: what (``code``), where (``path``, empty for the root) and why."""

    code: str
    path: str
    message: str


class Error(ValueError):
    """Base class of every revlogic error."""

    kind: ErrorKind
    code: str
    path: str
    message: str
    problems: List[Problem]

    def __init__(
        self, message: str, kind: ErrorKind, code: str, path: str, problems: List[Problem]
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.code = code
        self.path = path
        self.problems = problems

    # Exceptions are pickled with their constructor arguments, which by default are only
    # the message; without this, an error raised in a multiprocessing worker could not be
    # sent back to the parent.
    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message, self.kind, self.code, self.path, self.problems))


class ConfigError(Error):
    """A configuration document (pipeline, stage mapping) is invalid; ``problems`` lists every
    problem found, not only the first."""


class InputError(Error):
    """The input of a call is unusable as a whole (not an array, a value Python cannot pass,
    a bad allocation request). A single bad record in a batch is not raised: it comes back in
    the results as ``{"status": "rejected", "error": {...}}`` while the others compute."""


class InternalError(Error):
    """A fault inside revlogic itself (code ``INTERNAL``), caught at the boundary so that it
    never takes the host process down. Never expected: please report it with its input."""
