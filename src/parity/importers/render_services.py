"""A Blueprint service or database as a manifest ServiceSpec or DatabaseSpec (plain data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parity.importers.render_context import Context, Path
from parity.importers.render_objects import (
    BUILD_FILTER,
    DISK,
    IMAGE,
    SCALING,
    Fields,
    Shape,
    read_allow_list,
    read_object,
)
from parity.importers.render_values import count_field, text_field, texts_field

SERVICE_TEXT = {
    "runtime": "runtime",
    "repo": "repo",
    "branch": "branch",
    "rootDir": "root_dir",
    "dockerfilePath": "dockerfile",
    "dockerContext": "docker_context",
    "dockerCommand": "docker_command",
    "buildCommand": "build_command",
    "startCommand": "start_command",
    "preDeployCommand": "pre_deploy_command",
    "staticPublishPath": "static_publish_path",
    "schedule": "schedule",
    "region": "region",
    "maxmemoryPolicy": "maxmemory_policy",
}
SERVICE_PLATFORM = frozenset(
    {
        "routes",
        "headers",
        "previews",
        "initialDeployHook",
        "maxShutdownDelaySeconds",
        "registryCredential",
        "maintenanceMode",
        "renderSubdomainPolicy",
        "persistenceMode",
        "pullRequestPreviewsEnabled",
        "previewPlan",
        "previewsEnabled",
    }
)
DATABASE_TEXT = {"region": "region", "databaseName": "database_name", "user": "user"}
DATABASE_PLATFORM = frozenset(
    {
        "readReplicas",
        "highAvailability",
        "previewPlan",
        "previewDiskSizeGB",
        "connectionPool",
        "storageAutoscalingEnabled",
    }
)
DEPRECATED = {
    "env": "runtime",
    "autoDeploy": "autoDeployTrigger",
    "previewsEnabled": "previews.generation",
    "pullRequestPreviewsEnabled": "previews.generation",
    "previewPlan": "previews.plan",
}
_TRIGGERS = {"off": False, "commit": True, "checksPass": True}

Handler = Callable[[Context, Path, Any, Fields], None]


def read_service(context: Context, path: Path, raw: dict[Any, Any], kind: str) -> Fields:
    """A service's manifest fields; `name`, `type` and `envVars` are read by the caller."""
    fields = Fields(spec={"type": kind})
    for key, value in raw.items():
        where = (*path, str(key))
        if key in ("name", "type", "envVars"):
            continue
        if key in DEPRECATED:
            _deprecated(context, where, str(key))
        handler = _SERVICE_HANDLERS.get(key)
        if handler is not None:
            handler(context, where, value, fields)
        elif key in SERVICE_TEXT:
            _text(context, where, value, fields, SERVICE_TEXT[key])
        else:
            _platform(context, where, key, value, fields, SERVICE_PLATFORM)
    if kind == "static":
        fields.spec.pop("runtime", None)
    return fields


def read_database(context: Context, path: Path, raw: dict[Any, Any]) -> Fields:
    """A database's manifest fields (engine postgres); `name` is read by the caller."""
    fields = Fields(spec={"engine": "postgres"})
    for key, value in raw.items():
        where = (*path, str(key))
        if key == "name":
            continue
        handler = _DATABASE_HANDLERS.get(key)
        if handler is not None:
            handler(context, where, value, fields)
        elif key in DATABASE_TEXT:
            _text(context, where, value, fields, DATABASE_TEXT[key])
        else:
            _platform(context, where, key, value, fields, DATABASE_PLATFORM)
    return fields


def _deprecated(context: Context, path: Path, key: str) -> None:
    context.note_once(
        f"deprecated:{key}",
        path,
        f"'{key}' is Render's deprecated spelling of '{DEPRECATED[key]}' (noted once per "
        "Blueprint)",
    )


def _platform(
    context: Context, path: Path, key: Any, value: Any, fields: Fields, documented: frozenset[str]
) -> None:
    if key not in documented:
        context.note(
            path, f"unknown key {str(key)!r} (Render may have added it; kept under platform)"
        )
    fields.keep(context, path, str(key), value)


def _text(context: Context, path: Path, value: Any, fields: Fields, name: str) -> None:
    text = text_field(context, path, value)
    if text is None:
        fields.keep(context, path, str(path[-1]), value)
    else:
        fields.spec[name] = text


def _runtime_env(context: Context, path: Path, value: Any, fields: Fields) -> None:
    if "runtime" in fields.spec and fields.spec["runtime"] != value:
        context.note(path, f"both runtime and env are set: used runtime {fields.spec['runtime']!r}")
        return
    _text(context, path, value, fields, "runtime")


def _runtime(context: Context, path: Path, value: Any, fields: Fields) -> None:
    if "runtime" in fields.spec and fields.spec["runtime"] != value:
        context.note(path, f"both runtime and env are set: used runtime {value!r}")
    _text(context, path, value, fields, "runtime")


def _plan(context: Context, path: Path, value: Any, fields: Fields) -> None:
    plan = text_field(context, path, value)
    if plan is None:
        fields.keep(context, path, "plan", value)
        return
    if plan != plan.lower():
        context.note(path, f"plan {plan!r} written as {plan.lower()!r}", "a lower-case plan name")
    fields.spec["plan"] = plan.lower()


def _nested(shape: Shape, field_name: str) -> Handler:
    def handle(context: Context, path: Path, value: Any, fields: Fields) -> None:
        converted, rest = read_object(context, path, value, shape)
        if converted is not None:
            fields.spec[field_name] = converted["url"] if field_name == "image" else converted
        if rest is not None:
            fields.keep(context, path, str(path[-1]), rest)

    return handle


def _health_check(context: Context, path: Path, value: Any, fields: Fields) -> None:
    text = text_field(context, path, value)
    if text is None:
        fields.keep(context, path, "healthCheckPath", value)
    else:
        fields.spec["health_check"] = {"path": text}


def _instances(context: Context, path: Path, value: Any, fields: Fields) -> None:
    count = count_field(context, path, value)
    if count is None:
        fields.keep(context, path, "numInstances", value)
    else:
        fields.spec["instances"] = count


def _domains(context: Context, path: Path, value: Any, fields: Fields) -> None:
    many = [value] if path[-1] == "domain" and isinstance(value, str) else None
    domains = many or texts_field(context, path, value)
    if domains is None:
        fields.keep(context, path, str(path[-1]), value)
    else:
        fields.spec["domains"] = [*fields.spec.get("domains", []), *domains]


def _disk_size(context: Context, path: Path, value: Any, fields: Fields) -> None:
    size = count_field(context, path, value)
    if size is None:
        fields.keep(context, path, "diskSizeGB", value)
    else:
        fields.spec["disk_size_gb"] = size


def _version(context: Context, path: Path, value: Any, fields: Fields) -> None:
    _text(context, path, value, fields, "version")


def _allow_list(context: Context, path: Path, value: Any, fields: Fields) -> None:
    entries = read_allow_list(context, path, value)
    if entries is None:
        fields.keep(context, path, "ipAllowList", value)
    else:
        fields.spec["ip_allow_list"] = entries


def _auto_deploy(context: Context, path: Path, value: Any, fields: Fields) -> None:
    if isinstance(value, bool):
        fields.spec.setdefault("auto_deploy", value)
    else:
        context.note(
            path, f"autoDeploy must be true or false, found {value!r}: kept under platform"
        )
        fields.keep(context, path, "autoDeploy", value)


def _trigger(context: Context, path: Path, value: Any, fields: Fields) -> None:
    if value is False:
        value = "off"  # YAML 1.1 reads an unquoted `off` as false
    if not isinstance(value, str) or value not in _TRIGGERS:
        context.note(
            path,
            f"unknown autoDeployTrigger {value!r}: kept under platform",
            "off, commit or checksPass",
        )
        fields.keep(context, path, "autoDeployTrigger", value)
        return
    fields.spec["auto_deploy"] = _TRIGGERS[value]
    if value != "off":
        fields.platform["autoDeployTrigger"] = value


_SERVICE_HANDLERS: dict[Any, Handler] = {
    "env": _runtime_env,
    "runtime": _runtime,
    "plan": _plan,
    "healthCheckPath": _health_check,
    "numInstances": _instances,
    "domains": _domains,
    "domain": _domains,
    "disk": _nested(DISK, "disk"),
    "scaling": _nested(SCALING, "scaling"),
    "buildFilter": _nested(BUILD_FILTER, "build_filter"),
    "image": _nested(IMAGE, "image"),
    "ipAllowList": _allow_list,
    "autoDeploy": _auto_deploy,
    "autoDeployTrigger": _trigger,
}
_DATABASE_HANDLERS: dict[Any, Handler] = {
    "plan": _plan,
    "postgresMajorVersion": _version,
    "diskSizeGB": _disk_size,
    "ipAllowList": _allow_list,
}
