"""Import a .env file: python-dotenv's reading of it, as a one-service parity.yaml document."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dotenv.parser import Binding, parse_stream
from dotenv.variables import Variable, parse_variables

from parity.checks.isolation import staging_label
from parity.errors import InputError, Location, Problem
from parity.importers.base import Imported
from parity.importers.naming import FALLBACK_APP, directory_app, sanitise
from parity.importers.sensitive import (
    carries_secret,
    classify,
    is_sensitive,
    literal,
    own_value_decision,
    schema_entry,
    staging_placeholder,
)
from parity.model import VarSpec

_NEWLINE = re.compile(r"\r\n|\n|\r")
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_SERVICE = "app"
_SHORTEST_SECRET = 4  # shorter secret values would match inside unrelated values
_VALID_LINE = 'KEY=value, KEY="quoted value", a # comment, or a blank line'


@dataclass(frozen=True, slots=True)
class DotenvFile:
    """A .env file as python-dotenv reads it, with `${VAR}` expanded within the file only.

    `values` maps each key to its expanded value (a key written without `=` is empty);
    `lines` gives the line each key was (last) set on; `problems` are located warnings:
    unreadable lines, keys without `=`, keys set twice, references to unset variables.
    """

    values: dict[str, str]
    lines: dict[str, int]
    problems: tuple[Problem, ...]


def parse_dotenv(text: str, file: str) -> DotenvFile:
    """Read .env text with python-dotenv's parser; never consults the process environment."""
    bindings = list(parse_stream(io.StringIO(text)))
    problems = [problem for binding in bindings for problem in _binding_problems(binding, file)]
    pairs: list[tuple[str, str | None, int]] = []
    lines: dict[str, int] = {}
    for binding in bindings:
        if binding.key is None or binding.error:
            continue
        if binding.key in lines:
            problems.append(_twice(file, binding, lines[binding.key]))
        pairs.append((binding.key, binding.value, _line(binding)))
        lines[binding.key] = _line(binding)
    values, unresolved = _expand(pairs)
    problems += [_unset_reference(file, line, key, name) for key, line, name in unresolved]
    return DotenvFile(values, lines, tuple(problems))


def _line(binding: Binding) -> int:
    """The binding's own line: python-dotenv counts from the blank lines before it."""
    text = binding.original.string
    leading = text[: len(text) - len(text.lstrip())]
    return binding.original.line + len(_NEWLINE.findall(leading))


def _binding_problems(binding: Binding, file: str) -> Iterator[Problem]:
    if binding.error:
        text = binding.original.string.strip()
        where = Location(file, _line(binding))
        yield Problem(where, f"cannot read this line: {text[:60]!r}", _VALID_LINE)
    elif binding.key is not None and binding.value is None:
        yield Problem(
            Location(file, _line(binding), binding.key),
            f"{binding.key} has no '=': read as empty",
            f"{binding.key}=value",
        )


def _twice(file: str, binding: Binding, first_line: int) -> Problem:
    key = binding.key or ""
    return Problem(
        Location(file, _line(binding), key),
        f"{key} is also set on line {first_line}; the later value is used",
    )


def _unset_reference(file: str, line: int, key: str, name: str) -> Problem:
    return Problem(
        Location(file, line, key),
        f"{key} refers to ${{{name}}}, which this file does not set before it: read as empty",
        f"a variable set earlier in the file, or ${{{name}:-default}}",
    )


def _expand(
    pairs: Sequence[tuple[str, str | None, int]],
) -> tuple[dict[str, str], list[tuple[str, int, str]]]:
    """Expand `${VAR}` in order, as python-dotenv does, but against the file's own keys only."""
    seen: dict[str, str | None] = {}
    unresolved: list[tuple[str, int, str]] = []
    for key, value, line in pairs:
        if value is None:
            seen[key] = None
            continue
        atoms = list(parse_variables(value))
        for atom in atoms:
            if isinstance(atom, Variable) and atom.name not in seen and atom.default is None:
                unresolved.append((key, line, atom.name))
        seen[key] = "".join(atom.resolve(seen) for atom in atoms)
    return {key: value or "" for key, value in seen.items()}, unresolved


def import_dotenv(text: str, file: str, *, app: str | None = None) -> Imported:
    """A parity.yaml document for the app whose production environment this .env describes.

    Production gets the file's values, except secrets, which are read from the platform
    (`from_platform`); staging extends production and reads every secret or resource from
    `${env:STAGING_<NAME>}`, so no secret is ever written into the manifest.
    """
    parsed = parse_dotenv(text, file)
    notes = list(parsed.problems)
    values = _usable(parsed, file, notes)
    if not values and notes:
        raise InputError(notes)
    name, naming_notes = _app_name(app, file)
    notes += naming_notes
    if not values:
        notes.append(Problem(Location(file, 1), "the file sets no variables", "KEY=value lines"))
    document, decisions = _document(name, values)
    return Imported(document, tuple(notes), decisions)


def _usable(parsed: DotenvFile, file: str, notes: list[Problem]) -> dict[str, str]:
    usable: dict[str, str] = {}
    for key, value in parsed.values.items():
        if _VAR_NAME.match(key):
            usable[key] = value
        else:
            notes.append(
                Problem(
                    Location(file, parsed.lines[key], key),
                    f"{key!r} is not a variable name Parity accepts: left out",
                    "letters, digits, _ . -, not starting with a digit",
                )
            )
    return usable


def _app_name(app: str | None, file: str) -> tuple[str, list[Problem]]:
    if app is not None:
        name = sanitise(app) or FALLBACK_APP
        if name != app:
            return name, [Problem(Location(file), f"app name {app!r} written as {name!r}")]
        return name, []
    return directory_app(file) or FALLBACK_APP, []


def _document(app: str, values: dict[str, str]) -> tuple[dict[str, Any], tuple[str, ...]]:
    specs = {key: classify(key, value) for key, value in values.items()}
    hidden = _hidden(values, specs)
    schema = {key: entry for key, spec in specs.items() if (entry := schema_entry(spec))}
    for key in hidden:
        if not carries_secret(specs[key], values[key]):  # it embeds another variable's secret
            schema[key] = {**schema.get(key, {}), "secret": True}
    production = {
        key: {"from_platform": True} if key in hidden else literal(value)
        for key, value in values.items()
    }
    sensitive = [key for key, spec in specs.items() if is_sensitive(spec) or key in hidden]
    staging = {key: staging_placeholder(key) for key in sensitive}
    for key, value in values.items():
        label = staging_label(key, value)
        if label is not None:
            staging[key] = label  # ENVIRONMENT=production must not follow staging
    decisions = [own_value_decision(key, specs[key]) for key in sensitive]
    if hidden:
        decisions.append(_hidden_decision(hidden))
    decisions.append(_naming_decision(app))
    return _assemble(app, schema, production, staging), tuple(decisions)


def _hidden(values: dict[str, str], specs: dict[str, VarSpec]) -> list[str]:
    """Keys whose production value must not be written: secrets, and values that embed one."""
    secrets = [
        values[key]
        for key, spec in specs.items()
        if spec.secret is True and len(values[key]) >= _SHORTEST_SECRET
    ]
    return [
        key
        for key, value in values.items()
        if carries_secret(specs[key], value) or any(secret in value for secret in secrets)
    ]


def _assemble(
    app: str, schema: dict[str, Any], production: dict[str, Any], staging: dict[str, Any]
) -> dict[str, Any]:
    staging_env: dict[str, Any] = {
        "extends": "production",
        "name_template": "{app}-staging-{service}",
    }
    if staging:
        staging_env["services"] = {_SERVICE: {"variables": staging}}
    document: dict[str, Any] = {"app": app, "services": {_SERVICE: {"type": "web"}}}
    if schema:
        document["variables"] = schema
    document["environments"] = {
        "production": {"services": {_SERVICE: {"variables": production}}},
        "staging": staging_env,
    }
    return document


def _hidden_decision(keys: list[str]) -> str:
    listed = ", ".join(keys)
    return (
        f"The production values of {listed} hold secrets and were not written into "
        "parity.yaml (from_platform): make sure production has them on the platform"
    )


def _naming_decision(app: str) -> str:
    return (
        f"A .env file does not say what the service is called: the service is '{_SERVICE}' of "
        f"app '{app}'; set its type and production name (environments.production.services."
        f"{_SERVICE}.name) to match the platform"
    )
