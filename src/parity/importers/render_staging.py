"""The staging environment Parity adds: production's shape, none of production's secrets."""

from __future__ import annotations

from typing import Any

from parity.checks.isolation import staging_label
from parity.importers.render_context import Context
from parity.importers.render_names import staging_template
from parity.importers.render_scope import Converted
from parity.importers.render_vars import Var
from parity.importers.sensitive import (
    is_sensitive,
    own_value_decision,
    staging_env_name,
    staging_placeholder,
)

STAGING = "staging"


def staging_environment(
    context: Context, base: str, template: str, converted: Converted
) -> dict[str, Any]:
    """Staging extends the base; each secret, platform-entered or foreign value is its own.

    `fromDatabase`/`fromService` references to resources the Blueprint defines stay as they
    are: deriving staging renames those resources, so staging reads its own copies.
    """
    env: dict[str, Any] = {
        "extends": base,
        "name_template": staging_template(template),
        "overrides": {"auto_deploy": False},
    }
    services = {
        key: {"variables": own}
        for key, variables in converted.variables.items()
        if (own := _own_values(context, variables))
    }
    groups = {
        name: own
        for name, variables in converted.groups.items()
        if (own := _own_values(context, variables))
    }
    if services:
        env["services"] = services
    if groups:
        env["groups"] = groups
    return env


def _own_values(context: Context, variables: dict[str, Var]) -> dict[str, str]:
    own = {}
    for name, var in variables.items():
        label = staging_label(name, var.value) if isinstance(var.value, str) else None
        if label is not None:
            own[name] = label  # ENVIRONMENT=production must not follow staging
            continue
        if var.staging is None:
            continue
        own[name] = staging_placeholder(name)
        if var.staging == "sensitive" or (var.staging == "platform" and is_sensitive(var.spec)):
            context.decide(own_value_decision(name, var.spec))
        elif var.staging == "platform":
            context.decide(
                f"{name} is entered on the platform (sync: false); give staging its own "
                f"(set {staging_env_name(name)})"
            )
    return own
