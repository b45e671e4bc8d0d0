"""Parity: what differs between an environment and production beyond the declared adaptations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from parity.checks.base import CheckContext
from parity.checks.isolation import is_environment_label
from parity.display import display_value
from parity.findings import Finding, Severity
from parity.resolved import Origin, ResolvedEnvironment, ResolvedService, ResolvedVar

#: Fields where a declared difference still means staging does not test what production runs.
_CRITICAL_FIELDS = frozenset(
    {
        "runtime",
        "dockerfile",
        "docker_context",
        "docker_command",
        "image",
        "build_command",
        "start_command",
        "pre_deploy_command",
        "health_check",
        "port",
    }
)
_OWN_ORIGINS = frozenset(
    {
        Origin.ADAPTED,
        Origin.ENVIRONMENT,
        Origin.FILE,
        Origin.GENERATED,
        Origin.PLATFORM,
        Origin.REFERENCE,
        Origin.UNSET,
        Origin.DEFAULT,
        Origin.MISSING,
    }
)


class Status(StrEnum):
    """How one compared item relates to production."""

    IDENTICAL = "identical"
    DECLARED = "declared"
    UNDECLARED = "undeclared"


@dataclass(frozen=True, slots=True)
class Item:
    """One compared item: a service, a field of a service, or a variable of a service."""

    status: Status
    service: str
    kind: str  # "service", "field" or "variable"
    name: str
    finding: Finding | None = None


def check(context: CheckContext) -> Iterator[Finding]:
    """A finding for every difference from production that no adaptation declares."""
    return findings_of(list(compare(context)))


def findings_of(items: list[Item]) -> Iterator[Finding]:
    """The findings among compared items."""
    return (item.finding for item in items if item.finding is not None)


def score(context: CheckContext) -> float | None:
    """Share of items identical or differing only as declared; None when nothing is compared."""
    return score_of(list(compare(context)))


def score_of(items: list[Item]) -> float | None:
    """The parity score of compared items (None when there are none)."""
    if not items:
        return None
    same = sum(1 for item in items if item.status is not Status.UNDECLARED)
    return same / len(items)


def compare(context: CheckContext) -> Iterator[Item]:
    """Every service, field and variable of the environment against its production twin."""
    environment, production = context.environment, context.production
    if production is None or production.name == environment.name:
        return
    for key, twin in production.services.items():
        service = environment.services.get(key)
        if service is None:
            yield _missing_service(environment, key, twin)
        else:
            yield Item(Status.IDENTICAL, key, "service", key)
            yield from _fields(environment.name, service, twin)
            yield from _variables(environment, service, twin)
    for key in environment.services.keys() - production.services.keys():
        message = (
            f"service {key} runs in {environment.name} but not in production: "
            "remove it or add it to production"
        )
        finding = Finding("parity.extra-service", Severity.WARNING, message, environment.name, key)
        yield Item(Status.UNDECLARED, key, "service", key, finding)


def _missing_service(environment: ResolvedEnvironment, key: str, twin: ResolvedService) -> Item:
    if key in environment.removed_services:
        message = (
            f"{environment.name} leaves out production's service {key} (declared enabled: false)"
        )
        finding = Finding("parity.removed-service", Severity.INFO, message, environment.name, key)
        return Item(Status.DECLARED, key, "service", key, finding)
    message = f"production service {twin.name} has no counterpart in {environment.name}: add it"
    finding = Finding("parity.missing-service", Severity.WARNING, message, environment.name, key)
    return Item(Status.UNDECLARED, key, "service", key, finding)


def _fields(environment: str, service: ResolvedService, twin: ResolvedService) -> Iterator[Item]:
    for field in sorted(service.fields.keys() | twin.fields.keys()):
        ours, theirs = service.fields.get(field), twin.fields.get(field)
        if ours is None and theirs is None:
            continue
        finding: Finding | None = None
        if ours == theirs:
            yield Item(Status.IDENTICAL, service.key, "field", field)
            continue
        reason = service.field_reasons.get(field)
        if reason is None:
            message = (
                f"{service.key}.{field} differs from production ({theirs!r} -> {ours!r}) "
                "and no adaptation declares it"
            )
            finding = Finding(
                "parity.undeclared-difference",
                Severity.WARNING,
                message,
                environment,
                service.key,
                None,
                (("field", field),),
            )
            yield Item(Status.UNDECLARED, service.key, "field", field, finding)
            continue
        if field in _CRITICAL_FIELDS:
            message = (
                f"{service.key}.{field} is declared different from production ({reason}): "
                f"{environment} will not test what production runs"
            )
            finding = Finding(
                "parity.declared-difference",
                Severity.INFO,
                message,
                environment,
                service.key,
                None,
                (("field", field), ("declared in", reason)),
            )
        yield Item(Status.DECLARED, service.key, "field", field, finding)


def _variables(
    environment: ResolvedEnvironment, service: ResolvedService, twin: ResolvedService
) -> Iterator[Item]:
    for name in sorted(service.variables.keys() | twin.variables.keys()):
        ours, theirs = service.variables.get(name), twin.variables.get(name)
        if ours is None and theirs is not None:
            yield _only_in_production(environment.name, service.key, theirs)
        elif ours is not None and theirs is None:
            yield _only_here(environment, service.key, ours)
        elif ours is not None and theirs is not None:
            yield _both(environment, service.key, ours, theirs)


def _only_in_production(environment: str, service: str, theirs: ResolvedVar) -> Item:
    message = (
        f"{theirs.name} is set in production but not in {environment}: set it, or declare "
        "its removal (null) if staging must not have it"
    )
    finding = Finding(
        "parity.missing-variable",
        Severity.WARNING,
        message,
        environment,
        service,
        theirs.name,
        location=theirs.location,
    )
    return Item(Status.UNDECLARED, service, "variable", theirs.name, finding)


def _only_here(environment: ResolvedEnvironment, service: str, ours: ResolvedVar) -> Item:
    if environment.extends is not None or ours.name in environment.differs:
        return Item(Status.DECLARED, service, "variable", ours.name)
    message = (
        f"{ours.name} is set in {environment.name} but not in production: add it to "
        "production, remove it, or list it under differs"
    )
    finding = Finding(
        "parity.extra-variable",
        Severity.WARNING,
        message,
        environment.name,
        service,
        ours.name,
        location=ours.location,
    )
    return Item(Status.UNDECLARED, service, "variable", ours.name, finding)


def _both(
    environment: ResolvedEnvironment, service: str, ours: ResolvedVar, theirs: ResolvedVar
) -> Item:
    if ours.origin is Origin.COPIED or (ours.known and theirs.known and ours.value == theirs.value):
        return Item(Status.IDENTICAL, service, "variable", ours.name)
    if _expected_to_differ(environment, ours):
        return Item(Status.DECLARED, service, "variable", ours.name)
    evidence = (
        ("production", display_value(theirs) or theirs.origin.value),
        (environment.name, display_value(ours) or ours.origin.value),
    )
    message = (
        f"{ours.name} differs from production and no adaptation declares it: make them equal, "
        "or list it under differs if the difference is intended"
    )
    finding = Finding(
        "parity.undeclared-difference",
        Severity.WARNING,
        message,
        environment.name,
        service,
        ours.name,
        evidence,
        ours.location,
    )
    return Item(Status.UNDECLARED, service, "variable", ours.name, finding)


def _expected_to_differ(environment: ResolvedEnvironment, var: ResolvedVar) -> bool:
    if environment.extends is not None and var.origin in _OWN_ORIGINS:
        return True
    if var.name in environment.differs:
        return True
    if var.spec.shared:
        return False
    return var.spec.resource is not None or bool(var.spec.secret) or is_environment_label(var.name)
