"""`${env:NAME}` and `${file:PATH}` in manifest values: found, validated and filled in purely.

`${env:NAME:-fallback}` uses the fallback when NAME is unset or empty, as shells and compose do.

The CLI reads the process environment and the named files at the edge and passes them in; this
module never reads either itself. `$${` writes a literal `${`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Ref:
    """One `${kind:argument}` reference inside a value."""

    kind: str  # "env" or "file"
    argument: str
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class Filled:
    """A value with its references filled in, or the references that could not be."""

    value: str | None
    refs: tuple[Ref, ...]
    unresolved: tuple[Ref, ...]


def references(text: str) -> tuple[Ref, ...]:
    """The well-formed references in `text`, in order."""
    found = []
    for match in _REFERENCE.finditer(text):
        body = match.group(1)
        if body is None:
            continue
        found.append(_parse(body))
    return tuple(found)


def _parse(body: str) -> Ref:
    kind, _, argument = body.partition(":")
    fallback = None
    if ":-" in argument:
        argument, _, fallback = argument.partition(":-")
    return Ref(kind.strip(), argument.strip(), fallback)


def template_problems(text: str) -> list[tuple[str, str]]:
    """What is wrong with the references in `text`, with what would be valid."""
    problems = []
    for ref in references(text):
        if ref.kind not in ("env", "file"):
            problems.append(
                (f"unknown reference ${{{ref.kind}:...}}", "${env:NAME} or ${file:PATH}")
            )
        elif ref.kind == "env" and not _ENV_NAME.match(ref.argument):
            problems.append((f"${{env:{ref.argument}}} does not name a variable", "${env:NAME}"))
        elif ref.kind == "file" and not ref.argument:
            problems.append(("${file:} names no file", "${file:PATH}"))
    if "${" in _REFERENCE.sub("", text):
        problems.append(("unclosed ${", "${env:NAME} or ${file:PATH}; write $${ for a literal"))
    return problems


def fill(text: str, environ: Mapping[str, str], files: Mapping[str, str]) -> Filled:
    """Substitute references; a file's trailing newline is dropped, as shells do."""
    refs: list[Ref] = []
    unresolved: list[Ref] = []

    def substitute(match: re.Match[str]) -> str:
        body = match.group(1)
        if body is None:
            return "${"
        ref = _parse(body)
        refs.append(ref)
        source = environ if ref.kind == "env" else files
        value = source.get(ref.argument)
        if not value and ref.fallback is not None:
            return ref.fallback
        if value is None:
            unresolved.append(ref)
            return ""
        return value.removesuffix("\n") if ref.kind == "file" else value

    value = _REFERENCE.sub(substitute, text)
    return Filled(None if unresolved else value, tuple(refs), tuple(unresolved))
