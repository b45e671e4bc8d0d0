"""One Render environment's resources named and converted: services, databases, groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parity.importers.render_context import Context, Path
from parity.importers.render_layout import Item, Resources
from parity.importers.render_objects import Fields
from parity.importers.render_refs import Scope
from parity.importers.render_services import read_database, read_service
from parity.importers.render_vars import Owner, Var, read_env_vars

_SERVICE_TYPES = {"web", "worker", "pserv", "cron", "keyvalue"}


@dataclass(frozen=True, slots=True)
class Named:
    """A resource entry with its platform name (and, for services, its manifest type)."""

    path: Path
    raw: dict[Any, Any]
    name: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Identified:
    """The valid, uniquely named resources of one environment."""

    services: tuple[Named, ...]
    databases: tuple[Named, ...]
    groups: tuple[Named, ...]

    def names(self) -> list[str]:
        """Every service and database platform name."""
        return [item.name for item in (*self.services, *self.databases)]


@dataclass(frozen=True, slots=True)
class Converted:
    """An environment in manifest shape, keyed by manifest keys."""

    services: dict[str, dict[str, Any]]  # key -> ServiceSpec data (without variables)
    variables: dict[str, dict[str, Var]]  # service key -> its variables
    databases: dict[str, dict[str, Any]]  # key -> DatabaseSpec data
    groups: dict[str, dict[str, Var]]  # group name -> its variables


def identify(context: Context, resources: Resources) -> Identified:
    """Name and type every entry; entries without a usable name or type are noted and left out."""
    return Identified(
        _unique(context, [n for item in resources.services if (n := _service(context, item))]),
        _unique(context, [n for item in resources.databases if (n := _named(context, item))]),
        _unique(context, [n for item in resources.groups if (n := _named(context, item))]),
    )


def _named(context: Context, item: Item) -> Named | None:
    path, raw = item
    name = raw.get("name")
    if isinstance(name, str) and name:
        return Named(path, raw, name)
    context.note(path, "an entry without a text name: left out", "name: ...")
    return None


def _service(context: Context, item: Item) -> Named | None:
    named = _named(context, item)
    if named is None:
        return None
    kind = service_type(context, named.path, named.raw)
    return Named(named.path, named.raw, named.name, kind) if kind else None


def service_type(context: Context, path: Path, raw: Mapping[Any, Any]) -> str | None:
    """The manifest type of a Blueprint service: `web` + static runtime is `static`."""
    kind, runtime = raw.get("type"), raw.get("runtime", raw.get("env"))
    if kind == "redis":
        context.note_once(
            "deprecated:redis",
            (*path, "type"),
            "type 'redis' is Render's deprecated spelling of 'keyvalue' (noted once per Blueprint)",
        )
        return "keyvalue"
    if kind == "web" and runtime == "static":
        return "static"
    if isinstance(kind, str) and kind in _SERVICE_TYPES:
        return kind
    context.note(
        (*path, "type"),
        f"service {raw.get('name')!r} has type {kind!r}: left out",
        "web, worker, pserv, cron or keyvalue",
    )
    return None


def _unique(context: Context, items: list[Named]) -> tuple[Named, ...]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.name in seen:
            context.note((*item.path, "name"), f"{item.name!r} is declared twice: left out")
        else:
            seen.add(item.name)
            kept.append(item)
    return tuple(kept)


def scope_of(found: Identified, keys: Mapping[str, str], placeholders: bool) -> Scope:
    """What references in this environment can name, mapped to manifest keys."""
    return Scope(
        services={item.name: (keys[item.name], item.kind) for item in found.services},
        databases={item.name: keys[item.name] for item in found.databases},
        groups=frozenset(item.name for item in found.groups),
        placeholders=placeholders,
    )


def convert(
    context: Context, found: Identified, keys: Mapping[str, str], scope: Scope
) -> Converted:
    """Every resource of the environment in manifest shape."""
    services: dict[str, dict[str, Any]] = {}
    variables: dict[str, dict[str, Var]] = {}
    for item in found.services:
        key = keys[item.name]
        services[key], variables[key] = _convert_service(context, item, scope)
    databases = {
        keys[item.name]: _with_platform(read_database(context, item.path, item.raw))
        for item in found.databases
    }
    groups = {item.name: _convert_group(context, item, scope) for item in found.groups}
    return Converted(services, variables, databases, groups)


def _convert_service(
    context: Context, item: Named, scope: Scope
) -> tuple[dict[str, Any], dict[str, Var]]:
    fields = read_service(context, item.path, item.raw, item.kind)
    path = (*item.path, "envVars")
    env_vars = read_env_vars(context, path, item.raw.get("envVars"), scope, Owner(item.name))
    spec = fields.spec
    if env_vars.groups:
        spec["groups"] = env_vars.groups
    fields.platform.update(env_vars.platform)
    return _with_platform(fields), env_vars.variables


def _with_platform(fields: Fields) -> dict[str, Any]:
    spec = fields.spec
    if fields.platform:
        spec["platform"] = fields.platform
    return spec


def _convert_group(context: Context, item: Named, scope: Scope) -> dict[str, Var]:
    path = (*item.path, "envVars")
    for key in item.raw:
        if key not in ("name", "envVars"):
            context.note(
                (*item.path, str(key)),
                f"unknown key {str(key)!r} in an environment "
                "group (Render may have added it; not imported)",
            )
    if item.raw.get("envVars") is None:
        context.note(
            path,
            f"environment group {item.name!r} has no variables (envVars is "
            "empty): imported as an empty group",
        )
    owner = Owner(item.name, is_group=True)
    env_vars = read_env_vars(context, path, item.raw.get("envVars"), scope, owner)
    if env_vars.groups:
        context.note(path, "an environment group cannot link another group: links left out")
    return env_vars.variables
