"""Checks: the registry, and running every check over the environments asked for.

The parity check is run beside the registry rather than in it, because the same comparison
gives both its findings and the parity score.
"""

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
        compared = list(parity.compare(context))  # parity's findings and score, in one pass
        findings.extend(parity.findings_of(compared))
        score = parity.score_of(compared)
        if score is not None:
            scores.append(score)
    services = sum(len(env.services) for env in environments)
    variables = sum(len(s.variables) for env in environments for s in env.services.values())
    return summarize(
        findings,
        environments=tuple(env.name for env in environments),
        services=services,
        variables=variables,
        parity_score=min(scores) if scores else None,
    )
