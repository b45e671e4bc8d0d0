"""Checks: the registry, and running every check over the environments asked for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from parity.checks import isolation, parity, placeholders, strength, values
from parity.checks.base import Check, CheckContext
from parity.findings import Finding, Report, summarize
from parity.model import VarSpec
from parity.resolved import ResolvedEnvironment
from parity.secrets import Fingerprinter

CHECKS: dict[str, Check] = {
    "values": values.check,
    "placeholders": placeholders.check,
    "strength": strength.check,
    "isolation": isolation.check,
    "parity": parity.check,
}


def run_checks(
    environments: Sequence[ResolvedEnvironment],
    production: ResolvedEnvironment | None,
    specs: Mapping[str, VarSpec],
    fingerprint: Fingerprinter,
) -> Report:
    """Run every check on every environment; report all findings and the parity score."""
    findings: list[Finding] = []
    scores: list[float] = []
    for environment in environments:
        counterpart = None if production is environment else production
        context = CheckContext(environment, counterpart, specs, fingerprint)
        for check in CHECKS.values():
            findings.extend(check(context))
        found = parity.score(context)
        if found is not None:
            scores.append(found)
    services = sum(len(env.services) for env in environments)
    variables = sum(len(s.variables) for env in environments for s in env.services.values())
    return summarize(
        findings,
        environments=tuple(env.name for env in environments),
        services=services,
        variables=variables,
        parity_score=min(scores) if scores else None,
    )
