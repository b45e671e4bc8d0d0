"""A Blueprint's `envVars` entries as manifest variable values, in every form Render accepts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parity.importers.render_context import Context, Path, plain
from parity.importers.render_refs import Scope, from_database, from_service
from parity.importers.render_values import as_text
from parity.importers.sensitive import carries_secret, classify, is_sensitive, literal
from parity.model import VarSpec

_FORMS = ("fromDatabase", "fromService", "generateValue", "value", "sync")
_KNOWN = {"key", "previewValue", *_FORMS}


@dataclass(frozen=True, slots=True)
class Var:
    """One imported variable: its manifest value, inferred schema, and staging's needs."""

    value: Any
    spec: VarSpec
    staging: str | None = None  # why staging needs its own value: sensitive, platform, dangling


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose `envVars` are read: a service keeps odd settings under `platform`, a group cannot."""

    name: str
    is_group: bool = False

    @property
    def keeping(self) -> str:
        """What happens to settings the manifest does not model."""
        return "not imported (a group has no platform)" if self.is_group else "kept under platform"


@dataclass(slots=True)
class EnvVars:
    """What a list of `envVars` holds: variables, linked groups, and settings for `platform`."""

    variables: dict[str, Var] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)
    platform: dict[str, Any] = field(default_factory=dict)


def read_env_vars(context: Context, path: Path, items: Any, scope: Scope, owner: Owner) -> EnvVars:
    """Read the `envVars` list of `owner`; odd entries are noted and skipped, never fatal."""
    result = EnvVars()
    if items is None:
        return result
    if not isinstance(items, list):
        context.note(path, "envVars must be a list of entries: left out", "- key: NAME")
        return result
    for position, item in enumerate(items):
        where = (*path, position)
        if not isinstance(item, dict):
            context.note(where, "an envVars entry must be a mapping: left out", "key: NAME")
        elif "fromGroup" in item:
            _read_group_link(context, where, item, (scope, owner), result)
        else:
            _read_entry(context, where, item, (scope, owner), result)
    return result


def _read_group_link(
    context: Context,
    path: Path,
    item: Mapping[Any, Any],
    owned: tuple[Scope, Owner],
    result: EnvVars,
) -> None:
    scope, owner = owned
    for extra in sorted(str(key) for key in item if key != "fromGroup"):
        context.note((*path, extra), f"{extra!r} is ignored next to fromGroup")
    group = item["fromGroup"]
    if not isinstance(group, str):
        context.note((*path, "fromGroup"), "fromGroup must name an environment group: left out")
    elif group not in scope.groups:
        context.note(
            (*path, "fromGroup"),
            f"environment group {group!r} is not defined in this Blueprint: link left out",
            "a group under envVarGroups",
        )
        context.decide(
            f"'{owner.name}' links environment group '{group}', which this Blueprint does not "
            "define: give staging its own copy of that group, or staging will miss its variables"
        )
    elif group not in result.groups:
        result.groups.append(group)


def _read_entry(
    context: Context,
    path: Path,
    item: Mapping[Any, Any],
    owned: tuple[Scope, Owner],
    result: EnvVars,
) -> None:
    scope, owner = owned
    name = item.get("key")
    if not isinstance(name, str) or not name:
        context.note(path, "an envVars entry without a text 'key': left out", "key: NAME")
        return
    if not scope.valid_name(name):
        context.note(
            (*path, "key"),
            f"{name!r} is not a variable name Parity accepts: left out",
            "letters, digits, _ . -, not starting with a digit",
        )
        return
    if name in result.variables:
        context.note((*path, "key"), f"{name} is set twice; the later entry is used")
    var = _entry_value(context, path, name, item, scope)
    result.variables[name] = var
    _keep_extras(context, (path, owner), name, item, result)
    if "previewValue" in item:
        _keep_preview(context, (path, owner), name, (item["previewValue"], var.spec), result)


def _entry_value(
    context: Context, path: Path, name: str, item: Mapping[Any, Any], scope: Scope
) -> Var:
    forms = [form for form in _FORMS if form in item]
    if len(forms) > 1:
        context.note(path, f"{name} has several value forms ({', '.join(forms)}): used {forms[0]}")
    form = forms[0] if forms else None
    where = (*path, form) if form else path
    if form == "fromDatabase":
        value, dangling = from_database(context, where, name, item[form], scope)
        return Var(value, _spec(name, "", item), "dangling" if dangling else None)
    if form == "fromService":
        value, dangling = from_service(context, where, name, item[form], scope)
        return Var(value, _spec(name, "", item), "dangling" if dangling else None)
    if form == "generateValue":
        return _generated(context, where, name, item)
    if form == "sync":
        return _synced(context, where, name, item)
    if form == "value":
        return _literal(context, where, name, item)
    context.note(path, f"{name} has no value", "value, generateValue, sync: false, fromDatabase")
    return Var(None, _spec(name, "", item))


def _generated(context: Context, path: Path, name: str, item: Mapping[Any, Any]) -> Var:
    spec = _spec(name, "", item).model_copy(update={"secret": True})
    if item["generateValue"] is True:
        return Var({"generate": True}, spec)
    context.note(
        path,
        f"generateValue is {item['generateValue']!r}: {name} imported as unset",
        "generateValue: true",
    )
    return Var(None, spec)


def _synced(context: Context, path: Path, name: str, item: Mapping[Any, Any]) -> Var:
    spec = _spec(name, "", item)
    if item["sync"] is False:
        return Var({"from_platform": True}, spec, "platform")
    context.note(
        path,
        f"sync is {item['sync']!r}, which gives {name} no value: imported as unset",
        "sync: false (the value is entered on the platform)",
    )
    return Var(None, spec)


def _literal(context: Context, path: Path, name: str, item: Mapping[Any, Any]) -> Var:
    text = as_text(context, path, item["value"])
    spec = _spec(name, text or "", item)
    if text is None:
        return Var(None, spec)
    if text and carries_secret(spec, text):
        context.note(
            path,
            f"the Blueprint contains a literal secret in {name}: not copied; "
            "production reads it from the platform",
            "sync: false, or generateValue: true",
        )
        return Var({"from_platform": True}, spec, "sensitive")
    return Var(literal(text), spec, "sensitive" if is_sensitive(spec) else None)


def _spec(name: str, text: str, item: Mapping[Any, Any]) -> VarSpec:
    """The inferred schema, with the hints some Blueprints carry (`sensitive`, `description`).

    `required` is not carried over: in a manifest it would apply to every service.
    """
    hints: dict[str, Any] = {}
    if isinstance(item.get("description"), str):
        hints["description"] = item["description"]
    if isinstance(item.get("sensitive"), bool):
        hints["secret"] = item["sensitive"]
    return classify(name, text).model_copy(update=hints)


def _keep_extras(
    context: Context, at: tuple[Path, Owner], name: str, item: Mapping[Any, Any], result: EnvVars
) -> None:
    path, owner = at
    extras = {str(key): value for key, value in item.items() if key not in _KNOWN}
    for key in extras:
        context.note(
            (*path, key), f"unknown key {key!r} (Render may have added it; {owner.keeping})"
        )
    if extras and not owner.is_group:
        kept = result.platform.setdefault("envVarExtras", {})
        kept[name] = plain(extras, context, path)


def _keep_preview(
    context: Context,
    at: tuple[Path, Owner],
    name: str,
    preview: tuple[Any, VarSpec],
    result: EnvVars,
) -> None:
    path, owner = at
    value, spec = preview
    where = (*path, "previewValue")
    text = as_text(context, where, value)
    if text is not None and carries_secret(spec, text):
        context.note(where, f"{name}'s previewValue looks secret: not copied")
        return
    context.note(
        where,
        f"{name} has a previewValue ({owner.keeping} as previewValues); Parity does not manage "
        "preview environments",
    )
    if not owner.is_group:
        result.platform.setdefault("previewValues", {})[name] = text
