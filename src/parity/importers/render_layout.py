"""Where a Blueprint keeps its resources: top level, `ungrouped`, `projects[].environments[]`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parity.importers.render_context import Context, Path

TOP_LEVEL = frozenset(
    {
        "services",
        "databases",
        "envVarGroups",
        "projects",
        "ungrouped",
        "previews",
        "previewsEnabled",
        "previewsExpireAfterDays",
        "version",
    }
)
_RESOURCE_LISTS = ("services", "databases", "envVarGroups")
_ENVIRONMENT_SETTINGS = frozenset(
    {
        "networking",
        "permissions",
        "networkIsolationEnabled",
        "protectedStatus",
        "ipAllowList",
    }
)
Item = tuple[Path, dict[Any, Any]]


@dataclass(slots=True)
class Resources:
    """The raw service, database and group entries of one scope, with their paths."""

    services: list[Item] = field(default_factory=list)
    databases: list[Item] = field(default_factory=list)
    groups: list[Item] = field(default_factory=list)

    def extend(self, other: Resources) -> None:
        """Add another scope's entries after this one's."""
        self.services += other.services
        self.databases += other.databases
        self.groups += other.groups


@dataclass(frozen=True, slots=True)
class RenderEnvironment:
    """One Render environment of the Blueprint (or the implicit one a flat Blueprint is)."""

    name: str
    path: Path
    resources: Resources


@dataclass(frozen=True, slots=True)
class Layout:
    """The Blueprint's environments, base first, and the project name if it has one."""

    environments: tuple[RenderEnvironment, ...]
    project: str | None


def read_layout(context: Context, data: dict[Any, Any]) -> Layout:
    """Gather every resource of the Blueprint into environments; the base comes first."""
    flat = read_resources(context, (), data)
    if "ungrouped" in data:
        context.note(
            ("ungrouped",),
            "ungrouped resources belong to no Render environment: "
            "imported into the base environment",
        )
        flat.extend(
            read_resources(
                context, ("ungrouped",), _mapping(context, ("ungrouped",), data["ungrouped"])
            )
        )
    project, environments = _first_project(context, data.get("projects"))
    if not environments:
        return Layout((RenderEnvironment("production", (), flat),), project)
    ordered = sorted(environments, key=lambda env: not _production_like(env.name))
    base = ordered[0]
    if flat.services or flat.databases or flat.groups:
        context.note(
            base.path, f"resources outside projects are imported into environment {base.name!r}"
        )
        base.resources.extend(flat)
    return Layout((base, *[env for env in environments if env is not base]), project)


def read_resources(context: Context, path: Path, scope: dict[Any, Any]) -> Resources:
    """The services, databases and envVarGroups lists of one scope."""
    found = Resources()
    targets = (found.services, found.databases, found.groups)
    for key, target in zip(_RESOURCE_LISTS, targets, strict=True):
        items = scope.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            context.note((*path, key), f"{key} must be a list: left out")
            continue
        for position, item in enumerate(items):
            if isinstance(item, dict):
                target.append(((*path, key, position), item))
            else:
                context.note(
                    (*path, key, position), f"an entry of {key} must be a mapping: left out"
                )
    return found


def _production_like(name: str) -> bool:
    return "prod" in name.lower()


def _mapping(context: Context, path: Path, value: Any) -> dict[Any, Any]:
    if isinstance(value, dict):
        return value
    if value is not None:
        context.note(path, "expected a mapping: left out")
    return {}


def _first_project(context: Context, projects: Any) -> tuple[str | None, list[RenderEnvironment]]:
    if projects is None:
        return None, []
    if not isinstance(projects, list) or not projects:
        context.note(("projects",), "projects must be a non-empty list: left out")
        return None, []
    for position in range(1, len(projects)):
        context.note(
            ("projects", position),
            "only the first project is imported: a parity.yaml describes one app",
        )
        context.decide(
            "The Blueprint holds several projects: import each into its own "
            "parity.yaml (only the first was imported)"
        )
    project = _mapping(context, ("projects", 0), projects[0])
    _unknown(context, ("projects", 0), project, {"name", "environments"})
    name = project.get("name") if isinstance(project.get("name"), str) else None
    return name, _environments(
        context, ("projects", 0, "environments"), project.get("environments")
    )


def _environments(context: Context, path: Path, items: Any) -> list[RenderEnvironment]:
    if not isinstance(items, list):
        context.note(path, "environments must be a list: left out")
        return []
    found: list[RenderEnvironment] = []
    for position, item in enumerate(items):
        where = (*path, position)
        env = _mapping(context, where, item)
        name = env.get("name")
        if not isinstance(name, str) or not name:
            name = f"environment-{position + 1}"
            context.note(where, f"an environment without a text name: imported as {name!r}")
        if any(other.name == name for other in found):
            context.note((*where, "name"), f"environment {name!r} is declared twice: left out")
            continue
        _settings(context, where, name, env)
        found.append(RenderEnvironment(name, where, read_resources(context, where, env)))
    return found


def _settings(context: Context, path: Path, name: str, env: dict[Any, Any]) -> None:
    _unknown(context, path, env, {"name", *_RESOURCE_LISTS, *_ENVIRONMENT_SETTINGS})
    for key in sorted(str(k) for k in env if k in _ENVIRONMENT_SETTINGS):
        context.note(
            (*path, key),
            f"environment {name!r} sets {key}: {env[key]!r}; Parity "
            "does not manage Render environment settings",
        )
    if _isolated(env):
        context.decide(
            f"Render environment '{name}' has network isolation enabled: "
            "enable it for staging's Render environment too"
        )


def _isolated(env: dict[Any, Any]) -> bool:
    networking = env.get("networking")
    enabled = isinstance(networking, dict) and networking.get("isolation") == "enabled"
    return enabled or env.get("networkIsolationEnabled") is True


def _unknown(context: Context, path: Path, mapping: dict[Any, Any], known: set[str]) -> None:
    for key in mapping:
        if key not in known:
            context.note(
                (*path, str(key)),
                f"unknown key {str(key)!r} (Render may have added it; not imported)",
            )
