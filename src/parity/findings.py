"""Findings are values: what a check found, how bad it is, where, and what to do about it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from parity.errors import Location


class Severity(StrEnum):
    """How much a finding matters; only `error` fails a run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one environment; evidence is already masked and safe to print."""

    rule: str
    severity: Severity
    message: str
    environment: str
    service: str | None = None
    variable: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()
    location: Location | None = None

    @property
    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (
            self.severity.rank,
            self.environment,
            self.rule,
            self.service or "",
            self.variable or "",
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts that CI and people read first."""

    errors: int
    warnings: int
    infos: int
    environments: tuple[str, ...]
    services: int
    variables: int
    parity_score: float | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one `parity check` found, sorted most severe first."""

    findings: tuple[Finding, ...]
    summary: Summary

    @property
    def failed(self) -> bool:
        return self.summary.errors > 0


def summarize(
    findings: Iterable[Finding],
    *,
    environments: tuple[str, ...],
    services: int,
    variables: int,
    parity_score: float | None,
) -> Report:
    """Sort findings and count them into a report."""
    ordered = tuple(sorted(findings, key=lambda f: f.sort_key))
    counts = {severity: 0 for severity in Severity}
    for finding in ordered:
        counts[finding.severity] += 1
    summary = Summary(
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        environments=environments,
        services=services,
        variables=variables,
        parity_score=parity_score,
    )
    return Report(findings=ordered, summary=summary)
