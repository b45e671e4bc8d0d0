"""Names for a Blueprint's app, its services' manifest keys, and each environment's template."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from parity.importers.naming import FALLBACK_APP, directory_app, sanitise

PER_ENV = "{app}-{env}-{service}"
PREFIXED = "{app}-{service}"
AS_IS = "{service}"
_EXTENDING_TEMPLATES = (
    "{app}-{env}-{service}",
    "{service}-{env}",
    "{env}-{service}",
    "{app}-{service}-{env}",
)


def app_name(
    given: str | None, project: str | None, names: Sequence[str], services: Sequence[str], file: str
) -> str:
    """The app: as given, else the project's name, else the common prefix of every resource's
    name (or, failing that, of the services'), else the directory's name."""
    for candidate in (given, project, common_prefix(names), common_prefix(services)):
        if candidate and sanitise(candidate):
            return sanitise(candidate)
    return directory_app(file) or FALLBACK_APP


def common_prefix(names: Sequence[str]) -> str:
    """The longest run of dash-separated words every name starts with ('' if none)."""
    if not names:
        return ""
    words = [name.split("-") for name in names]
    shared: list[str] = []
    for column in zip(*words, strict=False):
        if any(word != column[0] for word in column):
            break
        shared.append(column[0])
    return "-".join(shared)


def base_keys(app: str, env: str, names: Iterable[str]) -> tuple[str, dict[str, str]]:
    """The base environment's name template and each platform name's manifest key.

    A prefix (`<app>-<env>-`, else `<app>-`) is stripped only when every name has it, so one
    template gives every name back.
    """
    names = list(names)
    for template, prefix in ((PER_ENV, f"{app}-{env}-"), (PREFIXED, f"{app}-")):
        if names and all(name.startswith(prefix) and len(name) > len(prefix) for name in names):
            return template, {name: name[len(prefix) :] for name in names}
    return AS_IS, {name: name for name in names}


def staging_template(base_template: str) -> str:
    """The name template of the staging environment Parity adds."""
    if base_template == PER_ENV:
        return PER_ENV
    return "{app}-staging-{service}" if base_template == PREFIXED else "{service}-staging"


def render(template: str, app: str, env: str, key: str) -> str:
    """The platform name `template` gives the resource `key` in environment `env`."""
    return template.format(app=app, env=env, service=key)


def extending_template(
    app: str, env: str, pairs: Sequence[tuple[str, str]]
) -> tuple[str, dict[str, str]]:
    """A template for an environment's (key, platform name) pairs, and the names it cannot give.

    The first candidate that yields every name wins; otherwise the first candidate is used and
    the names it does not yield are returned, by key, to be pinned with `name:`.
    """
    for template in _EXTENDING_TEMPLATES:
        if all(render(template, app, env, key) == name for key, name in pairs):
            return template, {}
    template = _EXTENDING_TEMPLATES[0]
    return template, {k: n for k, n in pairs if render(template, app, env, k) != n}


def match_key(name: str, env: str, base_env: str, base: Mapping[str, str]) -> str | None:
    """The production key a resource of another environment stands for, if any.

    `base` maps production platform names to keys. Names match when equal once the environment's
    own name is removed from each (`shop-staging-web` matches `shop-prod-web` or `shop-web`).
    """
    if name in base:
        return base[name]
    wanted = strip_env(name, env)
    for base_name, key in base.items():
        if strip_env(base_name, base_env) == wanted:
            return key
    return None


def strip_env(name: str, env: str) -> str:
    """`name` without the dash-separated words that spell the environment's name."""
    words = [word for word in name.split("-") if word.lower() != env.lower()]
    return "-".join(words) or name
