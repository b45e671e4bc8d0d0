"""The contract every check follows: a pure function from a context to findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from parity.findings import Finding
from parity.model import VarSpec
from parity.resolved import ResolvedEnvironment
from parity.secrets import Fingerprinter


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check may look at: one environment, its production counterpart, and the schema."""

    environment: ResolvedEnvironment
    production: ResolvedEnvironment | None
    specs: Mapping[str, VarSpec]
    fingerprint: Fingerprinter


class Check(Protocol):
    """A check: reads the context, returns findings, never raises for a problem in the input."""

    def __call__(self, context: CheckContext) -> Iterable[Finding]:
        """Every finding this check makes about `context.environment`."""
        ...
