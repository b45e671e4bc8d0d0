"""Live isolation: ask staging's and production's databases and caches what they are, and compare.

The static isolation check (`parity.checks.isolation`) compares how values are spelled; two
names for one server (`localhost` and `127.0.0.1`, a DNS alias, a private and a public address)
get past it. This probe connects, read-only, to every PostgreSQL and Redis URL of both
environments and compares what the servers answer: PostgreSQL's system identifier and start
time with the database name, Redis's run_id with the database index. It reuses the static
check's rule ids; every URL it shows has its password masked.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from parity.display import mask_text
from parity.findings import Finding, Severity
from parity.probes.base import Outcome
from parity.probes.postgres import postgres_identity
from parity.probes.redis import redis_identity
from parity.resolved import ResolvedEnvironment, ResolvedVar
from parity.secrets import Secret

DATABASE = "database"
CACHE = "cache"
Identity = tuple[str, ...]

_POSTGRES_SCHEME = re.compile(r"postgres(?:ql)?(?:\+[a-z0-9_]+)?")
_REDIS_SCHEMES = frozenset({"redis", "rediss"})
_DECLARED_KINDS = {"postgres_url": DATABASE, "redis_url": CACHE}
_IDENTIFY: dict[str, Callable[[Secret, float], Awaitable[Identity | Outcome]]] = {
    DATABASE: postgres_identity,
    CACHE: redis_identity,
}
_SHARED_RULES = {DATABASE: "isolation.shared-database", CACHE: "isolation.shared-cache"}
_NOUNS = {DATABASE: "PostgreSQL", CACHE: "Redis"}


@dataclass(frozen=True, slots=True)
class LiveTarget:
    """One PostgreSQL or Redis URL of one environment, with every service and variable holding it.

    `service` and `variable` list each name once, comma-separated, when several hold the URL.
    `label` is the URL as it may be shown: password masked, query string left out.
    """

    environment: str
    service: str
    variable: str
    kind: str  # DATABASE or CACHE
    url: Secret
    label: str


class Observation(NamedTuple):
    """What one target's server said it is, or why it could not be asked (`identity` None)."""

    target: LiveTarget
    identity: Identity | None
    reason: str


@dataclass(frozen=True, slots=True)
class LiveReport:
    """The findings of one live isolation probe, and what every target answered, for display."""

    findings: tuple[Finding, ...]
    identities: tuple[Observation, ...]


def live_targets(environment: ResolvedEnvironment) -> list[LiveTarget]:
    """Every known PostgreSQL or Redis URL of `environment`, each once, in manifest order.

    A value counts when its spec says it is one (type `postgres_url`/`redis_url`, or resource
    `database`/`cache`) and its scheme agrees. Variables declared `shared` are left out, as the
    static check leaves them out: sharing them is intended.
    """
    holders: dict[str, list[tuple[str, str]]] = {}
    kinds: dict[str, str] = {}
    for service in environment.services.values():
        for var in service.variables.values():
            kind = _kind(var)
            if kind is not None and var.value is not None:
                url = var.value.strip()
                holders.setdefault(url, []).append((service.key, var.name))
                kinds[url] = kind
    return [_target(environment.name, url, kinds[url], uses) for url, uses in holders.items()]


async def probe_isolation(
    staging: ResolvedEnvironment,
    production: ResolvedEnvironment,
    *,
    timeout: float = 10.0,
    concurrency: int = 10,
) -> LiveReport:
    """Connect to every target of both environments, at most `concurrency` at once, and report
    each staging target whose server is one of production's. Never raises for a target that
    cannot be reached: it becomes an `isolation.probe-failed` warning."""
    ours, theirs = live_targets(staging), live_targets(production)
    gate = asyncio.Semaphore(max(1, concurrency))
    observed = await asyncio.gather(*(_observe(t, timeout, gate) for t in [*ours, *theirs]))
    staged, produced = observed[: len(ours)], observed[len(ours) :]
    findings = [
        *_compare(staged, produced),
        *_unreachable(staged, produced, staging.name, production.name),
        *_unseen(staging),
        *_unseen(production),
    ]
    return LiveReport(tuple(sorted(findings, key=lambda f: f.sort_key)), tuple(observed))


def _unseen(environment: ResolvedEnvironment) -> list[Finding]:
    """An info finding naming the database and cache URLs whose values Parity cannot see
    (entered on the platform, generated, references): a probe that compared nothing says so."""
    names = sorted(
        {
            var.name
            for service in environment.services.values()
            for var in service.variables.values()
            if not var.known and not var.spec.shared and _is_data_store(var)
        }
    )
    if not names:
        return []
    message = (
        f"{', '.join(names)} in {environment.name} "
        f"{'are' if len(names) > 1 else 'is'} not known here ({_origins(environment, names)}), "
        "so the probe could not compare it; give Parity the value (${env:...}) to probe it"
    )
    return [
        Finding(
            "isolation.unverified",
            Severity.INFO,
            message,
            environment.name,
            evidence=(("variables", ", ".join(names)),),
        )
    ]


def _is_data_store(var: ResolvedVar) -> bool:
    return var.spec.type in _DECLARED_KINDS or var.spec.resource in (DATABASE, CACHE)


def _origins(environment: ResolvedEnvironment, names: list[str]) -> str:
    origins = {
        var.origin.value
        for service in environment.services.values()
        for var in service.variables.values()
        if var.name in names
    }
    return ", ".join(sorted(origins))


def _kind(var: ResolvedVar) -> str | None:
    if not var.known or not var.value or var.spec.shared:
        return None
    scheme, separator, _ = var.value.strip().partition("://")
    if not separator:
        return None
    scheme = scheme.lower()
    kind = DATABASE if _POSTGRES_SCHEME.fullmatch(scheme) else None
    kind = CACHE if scheme in _REDIS_SCHEMES else kind
    declared = _DECLARED_KINDS.get(var.spec.type) or var.spec.resource
    return kind if kind == declared else None


def _target(environment: str, url: str, kind: str, uses: list[tuple[str, str]]) -> LiveTarget:
    services = ", ".join(dict.fromkeys(service for service, _ in uses))
    variables = ", ".join(dict.fromkeys(variable for _, variable in uses))
    return LiveTarget(environment, services, variables, kind, Secret(url), _label(url))


def _label(url: str) -> str:
    """The URL without its query (which may hold a password) and with any password masked,
    even one that `mask_text` would miss because it holds a `/` or an `@`."""
    base = url.split("?", 1)[0].split("#", 1)[0]
    scheme, _, rest = base.partition("://")
    userinfo, at, address = rest.rpartition("@")
    if not at:
        return mask_text(base)
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}://{user}{':****' if colon else ''}@{address}"


async def _observe(target: LiveTarget, timeout: float, gate: asyncio.Semaphore) -> Observation:
    async with gate:
        answer = await _IDENTIFY[target.kind](target.url, timeout)
    if isinstance(answer, Outcome):
        return Observation(target, None, answer.reason)
    return Observation(target, answer, _describe(answer))


def _describe(identity: Identity) -> str:
    """What a server said it is, in words."""
    if identity[0] == "redis":
        return f"Redis run_id {identity[1]}, database {identity[-1]}"
    server = identity[1] if _fallback(identity) else f"system identifier {identity[1]}"
    return f"PostgreSQL {server}, started {identity[2]}, database {identity[-1]}"


def _basis(identity: Identity, *more: str) -> str:
    """What two servers answered alike, in words: "system identifier, start time and database"."""
    if identity[0] == "redis":
        parts = ["run_id", *more]
    else:
        parts = ["port" if _fallback(identity) else "system identifier", "start time", *more]
    return " and ".join(parts) if len(parts) < 3 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _fallback(identity: Identity) -> bool:
    """Whether a PostgreSQL identity was read without the system identifier."""
    return identity[1].startswith("port ")


def _compare(staged: list[Observation], produced: list[Observation]) -> Iterator[Finding]:
    """A finding for each staging target whose server is also production's."""
    known = [theirs for theirs in produced if theirs.identity is not None]
    for ours in staged:
        identity = ours.identity
        if identity is None:
            continue
        same = [theirs for theirs in known if theirs.identity == identity]
        near = [theirs for theirs in known if _same_server(identity, theirs.identity)]
        if same:
            yield _shared(ours, same[0], identity)
        elif near:
            yield _shared_server(ours, near[0], identity)


def _same_server(ours: Identity, theirs: Identity | None) -> bool:
    """Whether both identities name one running server: all but the last element (the
    database) are equal."""
    return theirs is not None and ours[:-1] == theirs[:-1]


def _shared(ours: Observation, theirs: Observation, identity: Identity) -> Finding:
    target, other = ours.target, theirs.target
    message = (
        f"{target.environment} {target.variable} ({target.label}) reaches the same "
        f"{_NOUNS[target.kind]} database as {other.environment}'s {other.variable} "
        f"({other.label}): the server answered with the same {_basis(identity, 'database')}; "
        f"give {target.environment} its own {target.kind}"
    )
    return _finding(_SHARED_RULES[target.kind], Severity.ERROR, message, ours, theirs)


def _shared_server(ours: Observation, theirs: Observation, identity: Identity) -> Finding:
    target, other = ours.target, theirs.target
    message = (
        f"{target.environment} {target.variable} ({target.label}) uses a different database "
        f"on the same {_NOUNS[target.kind]} server as {other.environment}'s {other.variable} "
        f"({other.label}): the server answered with the same {_basis(identity)}; load, memory "
        "limits and a mistyped name still cross over; use a separate server if you can"
    )
    return _finding("isolation.shared-server", Severity.WARNING, message, ours, theirs)


def _finding(
    rule: str, severity: Severity, message: str, ours: Observation, theirs: Observation
) -> Finding:
    target, other = ours.target, theirs.target
    evidence = (
        (target.environment, f"{target.label}: {ours.reason}"),
        (other.environment, f"{other.label}: {theirs.reason}"),
        ("probe", "live"),
    )
    return Finding(
        rule, severity, message, target.environment, target.service, target.variable, evidence
    )


def _unreachable(
    staged: list[Observation], produced: list[Observation], staging: str, production: str
) -> Iterator[Finding]:
    """A warning for each target that could not be asked: its isolation is unverified."""
    for observation in staged:
        if observation.identity is None:
            yield _probe_failed(observation, f"whether it shares a server with {production}")
    for observation in produced:
        if observation.identity is None:
            yield _probe_failed(observation, f"whether {staging} shares it")


def _probe_failed(observation: Observation, unverified: str) -> Finding:
    target = observation.target
    message = (
        f"the live isolation probe could not reach {target.environment} {target.variable} "
        f"({target.label}): {observation.reason}; {unverified} is unverified"
    )
    evidence = (("target", target.label), ("reason", observation.reason), ("probe", "live"))
    return Finding(
        "isolation.probe-failed",
        Severity.WARNING,
        message,
        target.environment,
        target.service,
        target.variable,
        evidence,
    )
