"""`fromDatabase` and `fromService` references, resolved against the resources a scope defines."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parity.importers.render_context import Context, Path
from parity.importers.sensitive import staging_env_name

_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_DATABASE_PROPERTIES = {"connectionString", "host", "port", "user", "password", "database"}
_SERVICE_PROPERTIES = {"host", "port", "hostport", "connectionString"}
_TYPE_SPELLINGS = {"redis": "keyvalue"}


@dataclass(frozen=True, slots=True)
class Scope:
    """What one Render environment defines, by platform name, for resolving references."""

    services: Mapping[str, tuple[str, str]]  # platform name -> (manifest key, manifest type)
    databases: Mapping[str, str]  # platform name -> manifest key
    groups: frozenset[str]
    placeholders: bool = True  # staging is generated from this scope and reads STAGING_<NAME>

    @staticmethod
    def valid_name(name: str) -> bool:
        """Whether `name` can be a manifest variable name."""
        return bool(_VAR_NAME.match(name))


def from_database(
    context: Context, path: Path, var: str, ref: Any, scope: Scope
) -> tuple[dict[str, Any] | None, bool]:
    """The manifest form of a `fromDatabase`, and whether it names a database the file lacks."""
    name = ref.get("name") if isinstance(ref, dict) else None
    if not isinstance(name, str) or not name:
        context.note(
            path,
            f"{var}: fromDatabase needs a database name: imported as unset",
            "fromDatabase: {name: ..., property: connectionString}",
        )
        return None, False
    value: dict[str, Any] = {"from_database": scope.databases.get(name, name)}
    value["property"] = _database_property(context, path, var, ref.get("property"))
    _unknown_keys(context, path, ref, {"name", "property"})
    dangling = name not in scope.databases
    if dangling:
        _dangling(context, path, var, ("database", name), scope.placeholders)
    return value, dangling


def _database_property(context: Context, path: Path, var: str, prop: Any) -> str:
    if isinstance(prop, str) and prop in _DATABASE_PROPERTIES:
        return prop
    if prop == "connectionPoolString":
        context.note(
            (*path, "property"),
            f"{var}: Parity has no connectionPoolString yet: "
            "imported as connectionString (direct, not pooled)",
        )
    elif prop is not None:
        context.note(
            (*path, "property"),
            f"{var}: unknown database property {prop!r}: imported as connectionString",
            ", ".join(sorted(_DATABASE_PROPERTIES)),
        )
    return "connectionString"


def from_service(
    context: Context, path: Path, var: str, ref: Any, scope: Scope
) -> tuple[dict[str, Any] | None, bool]:
    """The manifest form of a `fromService`, and whether it names a service the file lacks."""
    name = ref.get("name") if isinstance(ref, dict) else None
    if not isinstance(name, str) or not name:
        context.note(
            path,
            f"{var}: fromService needs a service name: imported as unset",
            "fromService: {name: ..., type: ..., property: host}",
        )
        return None, False
    _unknown_keys(context, path, ref, {"name", "type", "property", "envVarKey"})
    defined = scope.services.get(name)
    value: dict[str, Any] = {"from_service": defined[0] if defined else name}
    kind = _service_type(context, path, var, ref.get("type"), defined)
    if kind is not None:
        value["type"] = kind
    value.update(_service_target(context, path, var, ref))
    if defined is None:
        _dangling(context, path, var, ("service", name), scope.placeholders)
    return value, defined is None


def _service_type(
    context: Context, path: Path, var: str, kind: Any, defined: tuple[str, str] | None
) -> str | None:
    if kind is None:
        return None
    if not isinstance(kind, str):
        context.note((*path, "type"), f"{var}: fromService type must be text: left out")
        return None
    spelled: str = _TYPE_SPELLINGS.get(kind, kind)
    if defined is not None and spelled != defined[1] and {spelled, defined[1]} != {"web", "static"}:
        context.note((*path, "type"), f"{var}: the service is a {defined[1]}, not a {spelled}")
    return spelled


def _service_target(
    context: Context, path: Path, var: str, ref: Mapping[Any, Any]
) -> dict[str, str]:
    prop, env_var = ref.get("property"), ref.get("envVarKey")
    if isinstance(env_var, str) and env_var:
        if prop is not None:
            context.note(
                path, f"{var}: fromService has both property and envVarKey: used envVarKey"
            )
        return {"env_var": env_var}
    if isinstance(prop, str) and prop in _SERVICE_PROPERTIES:
        return {"property": prop}
    context.note(
        path,
        f"{var}: fromService needs a property or an envVarKey",
        "property: host, port, hostport or connectionString; or envVarKey: NAME",
    )
    return {}


def _dangling(
    context: Context, path: Path, var: str, target: tuple[str, str], placeholders: bool
) -> None:
    kind, name = target
    message = (
        f"{var} reads {kind} '{name}', which this Blueprint does not define: "
        "staging would share it with production"
    )
    context.note((*path, "name"), message, f"a {kind} defined in the Blueprint")
    if placeholders:
        message += f"; staging reads {staging_env_name(var)} instead (set it, or define the {kind})"
    context.decide(message)


def _unknown_keys(context: Context, path: Path, ref: Mapping[Any, Any], known: set[str]) -> None:
    for key in ref:
        if key not in known:
            context.note((*path, str(key)), f"unknown key {str(key)!r} in a reference: ignored")
