"""The staging plan: each service beside its production twin, every difference with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parity.display import display_value
from parity.resolved import Origin, ResolvedEnvironment, ResolvedService, ResolvedVar


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A service field whose value differs from production, and the declaration that made it so."""

    field: str
    production: Any
    value: Any
    reason: str


@dataclass(frozen=True, slots=True)
class VariablePlan:
    """A variable of a planned service: where its value comes from, shown safely."""

    name: str
    origin: Origin
    value: str | None
    production: str | None
    detail: str
    secret: bool
    differs: bool


@dataclass(frozen=True, slots=True)
class ServicePlan:
    """One service of the planned environment and the production service it mirrors."""

    key: str
    name: str
    source: str | None
    type: str
    fields: tuple[FieldChange, ...]
    variables: tuple[VariablePlan, ...]

    @property
    def missing(self) -> tuple[VariablePlan, ...]:
        return tuple(v for v in self.variables if v.origin is Origin.MISSING)


@dataclass(frozen=True, slots=True)
class DatabasePlan:
    """A database of the planned environment and its production twin."""

    key: str
    name: str
    source: str | None


@dataclass(frozen=True, slots=True)
class Plan:
    """What the environment will be, service by service, against production."""

    environment: str
    source_environment: str | None
    services: tuple[ServicePlan, ...]
    databases: tuple[DatabasePlan, ...]
    removed: tuple[str, ...]


def make_plan(environment: ResolvedEnvironment, production: ResolvedEnvironment | None) -> Plan:
    """Compare `environment` with `production` (None when planning production itself)."""
    twins = production.services if production else {}
    services = tuple(
        _service_plan(service, twins.get(key)) for key, service in environment.services.items()
    )
    production_dbs = production.databases if production else {}
    databases = tuple(
        DatabasePlan(key, db.name, production_dbs[key].name if key in production_dbs else None)
        for key, db in environment.databases.items()
    )
    return Plan(
        environment=environment.name,
        source_environment=production.name if production else None,
        services=services,
        databases=databases,
        removed=environment.removed_services,
    )


def _service_plan(service: ResolvedService, twin: ResolvedService | None) -> ServicePlan:
    fields = _field_changes(service, twin) if twin else ()
    twin_vars = twin.variables if twin else {}
    variables = tuple(
        _variable_plan(var, twin_vars.get(name)) for name, var in sorted(service.variables.items())
    )
    return ServicePlan(
        key=service.key,
        name=service.name,
        source=twin.name if twin else None,
        type=service.type,
        fields=fields,
        variables=variables,
    )


def _field_changes(service: ResolvedService, twin: ResolvedService) -> tuple[FieldChange, ...]:
    changes = []
    for field, value in service.fields.items():
        before = twin.fields.get(field)
        if value != before:
            reason = service.field_reasons.get(field, "differs without a declaration")
            changes.append(FieldChange(field, _plain(before), _plain(value), reason))
    return tuple(changes)


def _plain(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    return dump(exclude_none=True) if callable(dump) else value


def _variable_plan(var: ResolvedVar, twin: ResolvedVar | None) -> VariablePlan:
    return VariablePlan(
        name=var.name,
        origin=var.origin,
        value=display_value(var),
        production=display_value(twin) if twin else None,
        detail=var.detail,
        secret=var.secret,
        differs=twin is None or _differs(var, twin),
    )


def _differs(var: ResolvedVar, twin: ResolvedVar) -> bool:
    if var.origin is Origin.COPIED:
        return False
    if var.known and twin.known:
        return var.value != twin.value
    if var.origin is Origin.GENERATED:
        return True  # each environment generates its own
    return (var.origin, var.reference) != (twin.origin, twin.reference)
