"""Parity's one exception tree.

ParityError
├── InputError       bad input: a file, a value, a flag. Exit code 2.
│   └── ManifestError  a parity.yaml that does not validate; carries every problem.
├── UsageError       a command used wrongly (conflicting flags, unknown environment). Exit code 2.
└── OperationError   an operation that could not be completed (I/O, platform). Exit code 1.

A finding about the user's configuration is never an exception: checks return findings as values.
Exceptions are for input that cannot be read at all and for failures of the tool's own operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Location(NamedTuple):
    """Where in which file a problem is: file path, 1-based line (if known) and dotted field.

    A NamedTuple because every variable of a large fleet carries one (cheap to build)."""

    file: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        if self.field:
            text += f": {self.field}"
        return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, what would be valid."""

    location: Location
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class ParityError(Exception):
    """Base of every error Parity raises on purpose."""

    exit_code = 1


class InputError(ParityError):
    """Input cannot be read or understood; the message names file, line and field."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class ManifestError(InputError):
    """A manifest that does not validate; `problems` lists every problem, not just the first."""


class UsageError(ParityError):
    """A command was used in a way that cannot work (unknown environment, conflicting options)."""

    exit_code = 2


class OperationError(ParityError):
    """An operation failed for a reason outside the user's input (I/O, network, platform)."""

    exit_code = 1
