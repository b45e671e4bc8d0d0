"""Small builders for resolved environments and check contexts, for the value checks' tests."""

from __future__ import annotations

from collections.abc import Mapping

from parity.checks.base import CheckContext
from parity.errors import Location
from parity.infer import effective_spec
from parity.model import VarSpec
from parity.resolved import Origin, ResolvedEnvironment, ResolvedService, ResolvedVar
from parity.secrets import Fingerprinter


def var(
    name: str,
    value: str | None,
    *,
    origin: Origin = Origin.DECLARED,
    spec: VarSpec | None = None,
    declared: VarSpec | None = None,
    line: int | None = None,
) -> ResolvedVar:
    """A variable as derivation resolves it: its spec is the declared one filled in by inference."""
    effective = spec or effective_spec(name, declared, value)
    location = Location("parity.yaml", line, f"variables.{name}") if line else None
    return ResolvedVar(
        name=name,
        value=value,
        origin=origin,
        spec=effective,
        secret=bool(effective.secret),
        location=location,
    )


def service(key: str, *variables: ResolvedVar) -> ResolvedService:
    """A web service named after its key, holding `variables`."""
    return ResolvedService(
        key=key,
        name=f"shop-staging-{key}",
        type="web",
        fields={},
        field_reasons={},
        variables={v.name: v for v in variables},
    )


def environment(*services: ResolvedService, name: str = "staging") -> ResolvedEnvironment:
    """A staging environment extending production."""
    return ResolvedEnvironment(
        name=name,
        kind="staging",
        extends="production",
        services={s.key: s for s in services},
    )


def context(*services: ResolvedService, specs: Mapping[str, VarSpec] | None = None) -> CheckContext:
    """A check context for a staging environment made of `services`."""
    return CheckContext(environment(*services), None, specs or {}, Fingerprinter(b"k"))


def one(*variables: ResolvedVar, specs: Mapping[str, VarSpec] | None = None) -> CheckContext:
    """A check context with a single service, `web`, holding `variables`."""
    return context(service("web", *variables), specs=specs)
