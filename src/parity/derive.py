"""Derive an environment from the manifest: each service's fields, name and variables, with origins.

An environment that `extends` another inherits its services and variables, except that a value
pointing at a resource (database, cache, bucket, key, ...) or a secret is never copied: it becomes
MISSING until the environment declares its own. References to databases and services the manifest
owns are renamed to this environment's own, so they stay isolated by construction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from parity.errors import Location, UsageError
from parity.infer import effective_spec
from parity.manifest.interpolate import fill
from parity.manifest.load import LoadedManifest
from parity.model import (
    EnvironmentSpec,
    FromDatabase,
    FromPlatform,
    FromService,
    Generate,
    Manifest,
    ServiceFields,
    Variables,
    VarSpec,
    VarValue,
)
from parity.resolved import (
    Origin,
    ResolvedDatabase,
    ResolvedEnvironment,
    ResolvedService,
    ResolvedVar,
)

_FIELDS = tuple(name for name in ServiceFields.model_fields)
#: Read in order: `preprod` is staging before `prod` could make it production.
_KIND_BY_NAME = (
    ("preprod", "staging"),
    ("pre-prod", "staging"),
    ("stag", "staging"),
    ("uat", "staging"),
    ("prod", "production"),
    ("preview", "preview"),
    ("pr-", "preview"),
    ("dev", "development"),
    ("test", "test"),
    ("qa", "test"),
)


@dataclass(frozen=True, slots=True)
class Inputs:
    """What derivation may read besides the manifest, gathered at the edge by the caller."""

    environ: Mapping[str, str]
    files: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class _Setting:
    """A variable value as written, with the environment and place that wrote it."""

    value: VarValue
    environment: str
    location: Location


def chain(manifest: Manifest, name: str) -> list[str]:
    """The environment and its ancestors, nearest first."""
    if name not in manifest.environments:
        known = ", ".join(sorted(manifest.environments))
        raise UsageError(f"unknown environment {name!r}; the manifest declares: {known}")
    names = [name]
    parent = manifest.environments[name].extends
    while parent is not None and parent not in names:
        names.append(parent)
        parent = manifest.environments[parent].extends
    return names


def environment_kind(name: str, spec: EnvironmentSpec) -> str:
    """The declared kind, else one read from the name; one extending another is staging.

    An environment that extends another is never production unless it says so (`kind:`): the
    isolation check skips production, and a name such as `prod-mirror` must not switch it off.
    """
    if spec.kind is not None:
        return spec.kind
    lowered = name.lower()
    for fragment, kind in _KIND_BY_NAME:
        if fragment in lowered and not (kind == "production" and spec.extends):
            return kind
    return "staging" if spec.extends else "production"


def production_name(manifest: Manifest) -> str:
    """The environment that is production: declared kind, else its name, else the first root."""
    for name, spec in manifest.environments.items():
        if environment_kind(name, spec) == "production" and spec.extends is None:
            return name
    roots = [name for name, spec in manifest.environments.items() if spec.extends is None]
    return roots[0] if roots else next(iter(manifest.environments))


def derive(loaded: LoadedManifest, name: str, inputs: Inputs) -> ResolvedEnvironment:
    """Resolve environment `name` completely."""
    manifest = loaded.manifest
    names = chain(manifest, name)
    spec = manifest.environments[name]
    databases = {key: _database(manifest, names, key) for key in manifest.databases}
    service_names = {key: _service_name(manifest, names, key) for key in manifest.services}
    deriver = _VariableDeriver(loaded, names, inputs, databases, service_names)
    services, removed = {}, []
    for key in manifest.services:
        if not _enabled(manifest, names, key):
            removed.append(key)
            continue
        services[key] = _service(loaded, names, key, service_names[key], deriver)
    return ResolvedEnvironment(
        name=name,
        kind=environment_kind(name, spec),
        extends=spec.extends,
        services=services,
        databases=databases,
        removed_services=tuple(removed),
        differs=frozenset(spec.differs),
        source=loaded.file,
    )


def _enabled(manifest: Manifest, names: list[str], key: str) -> bool:
    for env in names:
        override = manifest.environments[env].services.get(key)
        if override is not None and "enabled" in override.model_fields_set:
            return override.enabled
    return True


def _template(manifest: Manifest, names: list[str]) -> tuple[str, str] | None:
    for env in names:
        template = manifest.environments[env].name_template
        if template is not None:
            return env, template
    return None


def _service_name(manifest: Manifest, names: list[str], key: str) -> str:
    for env in names:
        override = manifest.environments[env].services.get(key)
        if override is not None and override.name:
            return override.name
    found = _template(manifest, names)
    explicit = manifest.services[key].name
    if found is None or (explicit and manifest.environments[found[0]].extends is None):
        return explicit or key
    return found[1].format(app=manifest.app, service=key, env=names[0])


def _database(manifest: Manifest, names: list[str], key: str) -> ResolvedDatabase:
    spec = manifest.databases[key]
    fields: dict[str, Any] = spec.model_dump(exclude_none=True, exclude={"name"})
    name = None
    for env in reversed(names):
        override = manifest.environments[env].databases.get(key)
        if override is not None:
            fields.update(override.model_dump(exclude_unset=True, exclude={"name"}))
            name = override.name or name
    if name is None:
        found = _template(manifest, names)
        if found is None or (spec.name and manifest.environments[found[0]].extends is None):
            name = spec.name or key
        else:
            name = found[1].format(app=manifest.app, service=key, env=names[0])
    return ResolvedDatabase(key=key, name=name, fields=fields)


def _service(
    loaded: LoadedManifest, names: list[str], key: str, name: str, deriver: _VariableDeriver
) -> ResolvedService:
    manifest = loaded.manifest
    spec = manifest.services[key]
    fields: dict[str, Any] = {field: getattr(spec, field) for field in _FIELDS}
    reasons: dict[str, str] = {}
    for env in reversed(names):
        environment = manifest.environments[env]
        layers = [
            (environment.overrides, f"environments.{env}.overrides"),
            (environment.services.get(key), f"environments.{env}.services.{key}"),
        ]
        for layer, where in layers:
            for field in _set_fields(layer):
                fields[field] = getattr(layer, field)
                reasons[field] = where
    return ResolvedService(
        key=key,
        name=name,
        type=spec.type,
        fields=fields,
        field_reasons=reasons,
        variables=deriver.variables(key),
        location=loaded.locate("services", key),
    )


def _set_fields(layer: ServiceFields | None) -> Iterator[str]:
    if layer is None:
        return
    for field in layer.model_fields_set:
        if field in ServiceFields.model_fields:
            yield field


class _VariableDeriver:
    """Computes one service's variables in one environment; holds what all services share."""

    def __init__(
        self,
        loaded: LoadedManifest,
        names: list[str],
        inputs: Inputs,
        databases: Mapping[str, ResolvedDatabase],
        service_names: Mapping[str, str],
    ) -> None:
        self.loaded = loaded
        self.manifest = loaded.manifest
        self.names = names
        self.target = names[0]
        self.inputs = inputs
        self.databases = databases
        self.service_names = service_names
        self._production_db_names = {
            spec.name or key: key for key, spec in self.manifest.databases.items()
        }

    def variables(self, key: str) -> dict[str, ResolvedVar]:
        settings = self._settings(key)
        resolved = {name: self._resolve(name, setting) for name, setting in settings.items()}
        for name, spec in self.manifest.variables.items():
            if name in resolved or (spec.services is not None and key not in spec.services):
                continue
            if spec.default is not None:
                resolved[name] = self._var(
                    name, spec.default, Origin.DEFAULT, spec, "schema default"
                )
            elif spec.required:
                resolved[name] = self._var(name, None, Origin.MISSING, spec, "required, never set")
        return resolved

    def _settings(self, key: str) -> dict[str, _Setting]:
        settings: dict[str, _Setting] = {}
        groups = self.manifest.services[key].groups
        for env in reversed(self.names):
            spec = self.manifest.environments[env]
            base = ("environments", env)
            layers: list[tuple[tuple[str, ...], Variables]] = [
                ((*base, "variables"), spec.variables)
            ]
            layers += [((*base, "groups", g), spec.groups[g]) for g in groups if g in spec.groups]
            override = spec.services.get(key)
            if override is not None:
                layers.append(((*base, "services", key, "variables"), override.variables))
            for path, variables in layers:
                lines = self.loaded.key_lines(*path)
                prefix = ".".join(path)
                for name, value in variables.items():
                    where = Location(self.loaded.file, lines.get(name), f"{prefix}.{name}")
                    settings[name] = _Setting(value, env, where)
        return settings

    def _resolve(self, name: str, setting: _Setting) -> ResolvedVar:
        own = setting.environment == self.target
        location = setting.location
        var = self._from_value(name, setting.value, own, location)
        if own or var.origin in (Origin.GENERATED, Origin.PLATFORM, Origin.UNSET, Origin.MISSING):
            return var
        if var.origin is Origin.REFERENCE:
            return var
        if _not_copyable(var.spec):
            kind = var.spec.resource or "secret"
            detail = (
                f"{setting.environment} value not copied: it is a {kind}; declare this one's own"
            )
            return self._var(name, None, Origin.MISSING, var.spec, detail, location=location)
        return _copied(var, setting.environment)

    def _from_value(self, name: str, value: VarValue, own: bool, location: Location) -> ResolvedVar:
        text_origin = Origin.DECLARED if self._is_root(own) else Origin.ADAPTED
        if value is None:
            return self._var(name, None, Origin.UNSET, self._spec(name, None), "removed", location)
        if isinstance(value, Generate):
            return self._var(name, None, Origin.GENERATED, self._spec(name, None), "", location)
        if isinstance(value, FromPlatform):
            detail = "entered on the platform"
            return self._var(name, None, Origin.PLATFORM, self._spec(name, None), detail, location)
        if isinstance(value, FromDatabase | FromService):
            return self._reference(name, value, location)
        if "${" not in value:
            return self._var(name, value, text_origin, self._spec(name, value), "", location)
        filled = fill(value, self.inputs.environ, self.inputs.files)
        origin = (
            Origin.FILE if filled.refs and filled.refs[0].kind == "file" else Origin.ENVIRONMENT
        )
        detail = ", ".join(f"${{{ref.kind}:{ref.argument}}}" for ref in filled.refs)
        if filled.unresolved:
            missing = ", ".join(f"${{{r.kind}:{r.argument}}}" for r in filled.unresolved)
            spec = self._spec(name, None)
            return self._var(name, None, Origin.MISSING, spec, f"{missing} is not set", location)
        return self._var(
            name, filled.value, origin, self._spec(name, filled.value), detail, location
        )

    def _is_root(self, own: bool) -> bool:
        return own and self.manifest.environments[self.target].extends is None

    def _reference(
        self, name: str, value: FromDatabase | FromService, location: Location
    ) -> ResolvedVar:
        spec = self._spec(name, None)
        if isinstance(value, FromDatabase):
            key = value.from_database
            key = key if key in self.databases else self._production_db_names.get(key, key)
            target = self.databases[key].name if key in self.databases else value.from_database
            renamed: FromDatabase | FromService = value.model_copy(update={"from_database": target})
            detail = f"database {target} ({value.property})"
        else:
            key = value.from_service
            target = self.service_names.get(key, key)
            renamed = value.model_copy(update={"from_service": target})
            detail = f"service {target} ({value.env_var or value.property or 'host'})"
        if key not in self.databases and key not in self.service_names:
            detail += ", not defined in this manifest"
        var = self._var(name, None, Origin.REFERENCE, spec, detail, location)
        return _with_reference(var, renamed)

    def _spec(self, name: str, value: str | None) -> VarSpec:
        return effective_spec(name, self.manifest.variables.get(name), value)

    def _var(
        self,
        name: str,
        value: str | None,
        origin: Origin,
        spec: VarSpec,
        detail: str,
        location: Location | None = None,
    ) -> ResolvedVar:
        return ResolvedVar(
            name=name,
            value=value,
            origin=origin,
            spec=spec,
            secret=bool(spec.secret),
            detail=detail,
            location=location,
        )


def _not_copyable(spec: VarSpec) -> bool:
    return not spec.shared and (spec.resource is not None or bool(spec.secret))


def _copied(var: ResolvedVar, source: str) -> ResolvedVar:
    detail = f"from {source}" + (f" ({var.detail})" if var.detail else "")
    return var._replace(origin=Origin.COPIED, detail=detail, inherited_origin=var.origin)


def _with_reference(var: ResolvedVar, reference: FromDatabase | FromService) -> ResolvedVar:
    return var._replace(reference=reference)
