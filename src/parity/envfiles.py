"""A plain .env file as an environment of one service, for checks and diffs without a manifest."""

from __future__ import annotations

from pathlib import Path

from parity.errors import InputError, Location
from parity.importers.dotenv import parse_dotenv
from parity.infer import infer_spec
from parity.manifest.load import read_text
from parity.resolved import Origin, ResolvedEnvironment, ResolvedService, ResolvedVar

SERVICE = "app"


def env_environment(text: str, file: str, name: str) -> ResolvedEnvironment:
    """Resolve .env text as environment `name`; unreadable lines are bad input."""
    parsed = parse_dotenv(text, file)
    if parsed.problems:
        raise InputError(list(parsed.problems))
    variables = {}
    for key, value in parsed.values.items():
        spec = infer_spec(key, value)
        variables[key] = ResolvedVar(
            name=key,
            value=value,
            origin=Origin.DECLARED,
            spec=spec,
            secret=bool(spec.secret),
            location=Location(file, parsed.lines.get(key), key),
        )
    service = ResolvedService(
        key=SERVICE,
        name=Path(file).name,
        type="web",
        fields={},
        field_reasons={},
        variables=variables,
    )
    kind = "production" if name == "production" else "staging"
    return ResolvedEnvironment(
        name=name, kind=kind, extends=None, services={SERVICE: service}, source=file
    )


def read_env_environment(path: str, name: str) -> ResolvedEnvironment:
    """Read a .env file as environment `name`."""
    return env_environment(read_text(Path(path)), path, name)
