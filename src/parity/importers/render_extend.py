"""The Blueprint's other environments, each written as what it changes from the base."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parity.importers.render_context import Context
from parity.importers.render_layout import RenderEnvironment
from parity.importers.render_names import extending_template, match_key, strip_env
from parity.importers.render_scope import Converted, Identified, convert, identify, scope_of
from parity.importers.render_vars import Var

_NOT_OVERRIDABLE = ("type", "groups")
_DATABASE_OVERRIDES = ("plan", "region", "disk_size_gb")


@dataclass(slots=True)
class Base:
    """The base environment as imported, plus services only other environments run."""

    app: str
    env: str
    found: Identified
    keys: dict[str, str]
    converted: Converted
    extras: dict[str, set[str]] = field(default_factory=dict)  # key -> environments running it

    def disable_extras(self, environments: dict[str, Any]) -> None:
        """Turn each service that only some environments run off in all the others."""
        for key, owners in self.extras.items():
            for name, env in environments.items():
                override = env.setdefault("services", {}).setdefault(key, {})
                override["enabled"] = name in owners


@dataclass(frozen=True, slots=True)
class _Other:
    """An environment being compared with the base."""

    context: Context
    base: Base
    env: RenderEnvironment
    converted: Converted

    def note(self, message: str) -> None:
        self.context.note(self.env.path, f"environment {self.env.name!r}: {message}")


def extending_environment(context: Context, base: Base, env: RenderEnvironment) -> dict[str, Any]:
    """An environment that `extends` the base and states only what differs from it."""
    found = identify(context, env.resources)
    keys = _keys(base, env.name, found)
    converted = convert(context, found, keys, scope_of(found, keys, placeholders=False))
    template, pins = extending_template(base.app, env.name, [(keys[n], n) for n in found.names()])
    other = _Other(context, base, env, converted)
    result: dict[str, Any] = {"extends": base.env, "name_template": template}
    sections = {
        "services": _services(other, pins),
        "databases": _databases(other, pins),
        "groups": _groups(other),
    }
    result.update({name: content for name, content in sections.items() if content})
    return result


def _keys(base: Base, env: str, found: Identified) -> dict[str, str]:
    services = {item.name: base.keys[item.name] for item in base.found.services}
    databases = {item.name: base.keys[item.name] for item in base.found.databases}
    keys: dict[str, str] = {}
    for items, known in ((found.services, services), (found.databases, databases)):
        for item in items:
            key = match_key(item.name, env, base.env, known)
            keys[item.name] = key if key is not None else _new_key(base, env, item.name)
    return keys


def _new_key(base: Base, env: str, name: str) -> str:
    key = strip_env(name, env).removeprefix(base.app + "-") or name
    taken = {*base.converted.services, *base.converted.databases, *base.extras}
    return key if key not in taken else f"{key}-{env}"


def _services(other: _Other, pins: dict[str, str]) -> dict[str, Any]:
    base = other.base.converted.services
    overrides: dict[str, Any] = {}
    for key, spec in other.converted.services.items():
        variables = other.converted.variables[key]
        if key not in base or key in other.base.extras:
            overrides[key] = _extra_service(other, key, spec, variables)
        else:
            overrides[key] = _service_override(other, key, spec, variables)
        if key in pins:
            overrides[key]["name"] = pins[key]
    for key in base:
        if key not in other.converted.services and key not in other.base.extras:
            overrides[key] = {"enabled": False}
    return {key: override for key, override in overrides.items() if override}


def _extra_service(
    other: _Other, key: str, spec: dict[str, Any], variables: dict[str, Var]
) -> dict[str, Any]:
    if key not in other.base.converted.services:
        other.note(f"service {key!r} runs only here: imported with enabled: false elsewhere")
        other.base.converted.services[key] = spec
    other.base.extras.setdefault(key, set()).add(other.env.name)
    return {"variables": {name: var.value for name, var in variables.items()}} if variables else {}


def _service_override(
    other: _Other, key: str, spec: dict[str, Any], variables: dict[str, Var]
) -> dict[str, Any]:
    base_spec = other.base.converted.services[key]
    differing = {k for k in {*spec, *base_spec} if spec.get(k) != base_spec.get(k)}
    override = {k: spec[k] for k in differing if k in spec and k not in _NOT_OVERRIDABLE}
    for k in sorted(differing - set(override)):
        other.note(
            f"service {key!r} differs in {k}, which it cannot override: the manifest "
            f"keeps {other.base.env!r}'s"
        )
    changed = _changed(other.base.converted.variables.get(key, {}), variables)
    if changed:
        override["variables"] = changed
    return override


def _databases(other: _Other, pins: dict[str, str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for key, spec in other.converted.databases.items():
        base_spec = other.base.converted.databases.setdefault(key, spec)
        if base_spec is spec:
            other.note(f"database {key!r} exists only here: Parity creates it in every environment")
        differing = {k for k in {*spec, *base_spec} if spec.get(k) != base_spec.get(k)}
        override = {k: spec[k] for k in differing if k in _DATABASE_OVERRIDES and k in spec}
        for k in sorted(differing - set(override)):
            other.note(
                f"database {key!r} differs in {k}, which it cannot override: the "
                f"manifest keeps {other.base.env!r}'s"
            )
        if key in pins:
            override["name"] = pins[key]
        if override:
            overrides[key] = override
    return overrides


def _groups(other: _Other) -> dict[str, Any]:
    base = other.base.converted.groups
    groups: dict[str, Any] = {}
    for name, variables in other.converted.groups.items():
        changed = _changed(base.get(name, {}), variables)
        if changed or name not in base:
            groups[name] = changed
    for name in base:
        if name not in other.converted.groups:
            other.note(f"environment group {name!r} is missing: it inherits {other.base.env!r}'s")
    return groups


def _changed(base: dict[str, Var], variables: dict[str, Var]) -> dict[str, Any]:
    """Variables whose value differs from the base's; ones the base has and this lacks unset."""
    changed = {
        name: var.value
        for name, var in variables.items()
        if name not in base or base[name].value != var.value
    }
    changed.update({name: None for name in base if name not in variables})
    return changed
