"""Cross-reference checks a schema cannot express: extends chains, names, groups, templates."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import TYPE_CHECKING

from parity.errors import Problem
from parity.manifest.interpolate import template_problems
from parity.verify.spec import CheckSpec, ScenarioSpec

if TYPE_CHECKING:
    from parity.manifest.load import LoadedManifest

_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_TEMPLATE_FIELDS = {"app", "service", "env"}


def semantic_problems(loaded: LoadedManifest) -> list[Problem]:
    """Every cross-reference problem in the manifest."""
    return [
        *_environment_problems(loaded),
        *_name_problems(loaded),
        *_group_problems(loaded),
        *_value_problems(loaded),
        *_verify_problems(loaded),
    ]


def _environment_problems(loaded: LoadedManifest) -> Iterator[Problem]:
    manifest = loaded.manifest
    names = sorted(manifest.environments)
    if not names:
        yield Problem(loaded.locate("environments"), "no environment is declared", "production")
    for name, env in manifest.environments.items():
        where = ("environments", name)
        if env.extends is not None and env.extends not in manifest.environments:
            yield Problem(
                loaded.locate(*where, "extends"),
                f"extends unknown environment {env.extends!r}",
                "one of: " + ", ".join(names),
            )
        for key in env.services:
            if key not in manifest.services:
                yield Problem(
                    loaded.locate(*where, "services", key),
                    f"service {key!r} is not declared under top-level services",
                    "one of: " + ", ".join(sorted(manifest.services))
                    if manifest.services
                    else None,
                )
        for key in env.databases:
            if key not in manifest.databases:
                yield Problem(
                    loaded.locate(*where, "databases", key),
                    f"database {key!r} is not declared under top-level databases",
                )
        if env.name_template is not None:
            yield from _template_fields(loaded, (*where, "name_template"), env.name_template)
    yield from _cycles(loaded)


def _template_fields(
    loaded: LoadedManifest, where: tuple[str, ...], text: str
) -> Iterator[Problem]:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        yield Problem(
            loaded.locate(*where), f"malformed name template: {exc}", "e.g. {app}-staging-{service}"
        )
        return
    unknown = sorted(fields - _TEMPLATE_FIELDS)
    if unknown:
        yield Problem(
            loaded.locate(*where),
            f"unknown placeholder {{{unknown[0]}}} in name template",
            "placeholders {app}, {service}, {env}",
        )


def _cycles(loaded: LoadedManifest) -> Iterator[Problem]:
    environments = loaded.manifest.environments
    for start in environments:
        seen = [start]
        current = environments[start].extends
        while current is not None and current in environments:
            if current in seen:
                if current == start:
                    chain = " -> ".join([*seen, current])
                    yield Problem(
                        loaded.locate("environments", start, "extends"),
                        f"environments extend each other in a cycle: {chain}",
                    )
                break
            seen.append(current)
            current = environments[current].extends


def _name_problems(loaded: LoadedManifest) -> Iterator[Problem]:
    manifest = loaded.manifest
    for name in manifest.variables:
        if not _VAR_NAME.match(name):
            yield Problem(
                loaded.locate("variables", name),
                f"{name!r} is not a variable name",
                "letters, digits, _ . -, not starting with a digit",
            )
    for env_name, env in manifest.environments.items():
        for where, variables in _variable_maps(env_name, env):
            for name in variables:
                if not _VAR_NAME.match(name):
                    yield Problem(
                        loaded.locate(*where, name),
                        f"{name!r} is not a variable name",
                        "letters, digits, _ . -, not starting with a digit",
                    )


def _group_problems(loaded: LoadedManifest) -> Iterator[Problem]:
    manifest = loaded.manifest
    defined = {group for env in manifest.environments.values() for group in env.groups}
    for key, service in manifest.services.items():
        for group in service.groups:
            if group not in defined:
                yield Problem(
                    loaded.locate("services", key, "groups"),
                    f"group {group!r} is not defined in any environment's groups",
                    "one of: " + ", ".join(sorted(defined))
                    if defined
                    else "a group under environments.<env>.groups",
                )


def _value_problems(loaded: LoadedManifest) -> Iterator[Problem]:
    for env_name, env in loaded.manifest.environments.items():
        for where, variables in _variable_maps(env_name, env):
            for name, value in variables.items():
                if isinstance(value, str) and "${" in value:
                    for message, expected in template_problems(value):
                        yield Problem(loaded.locate(*where, name), message, expected)


def _variable_maps(
    env_name: str, env: object
) -> Iterator[tuple[tuple[str, ...], dict[str, object]]]:
    from parity.model import EnvironmentSpec

    assert isinstance(env, EnvironmentSpec)
    base = ("environments", env_name)
    yield (*base, "variables"), dict(env.variables)
    for group, variables in env.groups.items():
        yield (*base, "groups", group), dict(variables)
    for key, service in env.services.items():
        yield (*base, "services", key, "variables"), dict(service.variables)


def _verify_problems(loaded: LoadedManifest) -> Iterator[Problem]:
    manifest = loaded.manifest
    seen: set[str] = set()
    entries: list[tuple[str, int, CheckSpec | ScenarioSpec]] = [
        ("checks", i, c) for i, c in enumerate(manifest.checks)
    ]
    entries += [("scenarios", i, s) for i, s in enumerate(manifest.scenarios)]
    for section, index, entry in entries:
        where = (section, index)
        if entry.name in seen:
            yield Problem(
                loaded.locate(*where, "name"),
                f"{entry.name!r} is used twice",
                "each check and scenario named once",
            )
        seen.add(entry.name)
        if entry.service is not None and entry.service not in manifest.services:
            yield Problem(
                loaded.locate(*where, "service"),
                f"unknown service {entry.service!r}",
                "one of: " + ", ".join(sorted(manifest.services)),
            )
        for environment in entry.environments or ():
            if environment not in manifest.environments:
                yield Problem(
                    loaded.locate(*where, "environments"),
                    f"unknown environment {environment!r}",
                    "one of: " + ", ".join(sorted(manifest.environments)),
                )
        yield from _target_problems(loaded, where, entry)
        yield from _condition_problems(loaded, where, entry)


def _condition_problems(
    loaded: LoadedManifest, where: tuple[object, ...], entry: CheckSpec | ScenarioSpec
) -> Iterator[Problem]:
    """Conditions and capture expressions are parsed at load, so a typo is a located error
    before anything is probed."""
    from parity.probes.conditions import ConditionError, parse_condition, parse_expression
    from parity.verify.spec import HttpCheckSpec

    lists: list[tuple[tuple[object, ...], tuple[str, ...], bool]] = []
    if isinstance(entry, HttpCheckSpec):
        lists.append(((*where, "conditions"), entry.conditions, False))
    if isinstance(entry, ScenarioSpec):
        for index, step in enumerate(entry.steps):
            at = (*where, "steps", index)
            lists += [((*at, "expect"), step.expect, False), ((*at, "until"), step.until, False)]
            lists.append(((*at, "capture"), tuple(step.capture.values()), True))
    for path, texts, expressions in lists:
        for text in texts:
            try:
                (parse_expression if expressions else parse_condition)(text)
            except ConditionError as exc:
                for problem in exc.problems:
                    yield Problem(loaded.locate(*path), problem.message, problem.expected)


def _target_problems(
    loaded: LoadedManifest, where: tuple[object, ...], entry: object
) -> Iterator[Problem]:
    from parity.verify.spec import HttpCheckSpec, TcpCheckSpec

    if isinstance(entry, HttpCheckSpec) and not entry.url and not (entry.path and entry.service):
        yield Problem(
            loaded.locate(*where),
            "an http check needs a url, or a path and a service",
            "url: https://... or service: api with path: /health",
        )
    if isinstance(entry, TcpCheckSpec) and not entry.variable and not (entry.host and entry.port):
        yield Problem(
            loaded.locate(*where),
            "a tcp check needs host and port, or a variable",
            "host: db.internal, port: 5432, or variable: DATABASE_URL",
        )
