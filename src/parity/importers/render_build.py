"""A read Blueprint assembled into one parity.yaml document."""

from __future__ import annotations

from typing import Any

from parity.importers.render_context import Context
from parity.importers.render_extend import Base, extending_environment
from parity.importers.render_layout import Layout
from parity.importers.render_names import app_name, base_keys
from parity.importers.render_scope import Converted, convert, identify, scope_of
from parity.importers.render_staging import STAGING, staging_environment
from parity.importers.render_vars import Var
from parity.importers.sensitive import schema_entry


def build_document(context: Context, layout: Layout, given_app: str | None) -> dict[str, Any]:
    """The manifest document: base environment, the Blueprint's others, and staging if missing."""
    base_env, others = layout.environments[0], layout.environments[1:]
    found = identify(context, base_env.resources)
    services = [item.name for item in found.services]
    app = app_name(given_app, layout.project, found.names(), services, context.file)
    template, keys = base_keys(app, base_env.name, found.names())
    add_staging = all(env.name != STAGING for env in layout.environments)
    converted = convert(context, found, keys, scope_of(found, keys, placeholders=add_staging))
    base = Base(app, base_env.name, found, keys, converted)
    environments = {base_env.name: _base_environment(base_env.name, template, converted)}
    for env in others:
        environments[env.name] = extending_environment(context, base, env)
    if add_staging:
        environments[STAGING] = staging_environment(context, base_env.name, template, converted)
    base.disable_extras(environments)
    return _document(app, base, environments)


def _document(app: str, base: Base, environments: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = {"app": app, "services": base.converted.services}
    if base.converted.databases:
        document["databases"] = base.converted.databases
    if schema := _schema(base.converted):
        document["variables"] = schema
    document["environments"] = environments
    return document


def _base_environment(name: str, template: str, converted: Converted) -> dict[str, Any]:
    env: dict[str, Any] = {"name_template": template}
    services = {
        key: {"variables": _values(variables)}
        for key, variables in converted.variables.items()
        if variables
    }
    if services:
        env["services"] = services
    if converted.groups:
        env["groups"] = {name: _values(variables) for name, variables in converted.groups.items()}
    return env


def _values(variables: dict[str, Var]) -> dict[str, Any]:
    return {name: var.value for name, var in variables.items()}


def _schema(converted: Converted) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    every = [*converted.variables.values(), *converted.groups.values()]
    for variables in every:
        for name, var in variables.items():
            if name not in schema and (entry := schema_entry(var.spec)):
                schema[name] = entry
    return schema
