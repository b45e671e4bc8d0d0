"""Import a Render Blueprint (render.yaml) as a parity.yaml document with a staging environment.

Reading is lenient by design: Render adds Blueprint fields over time and real files have
defects, so anything readable but odd becomes a located note and the import goes on. Only text
that is not a YAML mapping at all raises `InputError`.
"""

from __future__ import annotations

import json
from typing import Any

from parity.errors import InputError, Location, Problem
from parity.importers.base import Imported
from parity.importers.render_build import build_document
from parity.importers.render_context import Context, plain
from parity.importers.render_layout import TOP_LEVEL, read_layout
from parity.yamltext import LineIndex, load_yaml

_PREVIEW_KEYS = ("previews", "previewsEnabled", "previewsExpireAfterDays")


def import_render(text: str, file: str, *, app: str | None = None) -> Imported:
    """A parity.yaml document for the app a Blueprint describes, with a staging environment.

    Every service, database and environment group is imported; Render settings the manifest does
    not model are kept verbatim under each service's `platform`. Secrets are never copied: a
    literal secret becomes `from_platform`, and staging reads its own value of every secret,
    platform-entered or foreign resource from `${env:STAGING_<NAME>}`.
    """
    data, index = _load(text, file)
    context = Context(file, data, index, text.splitlines())
    for key, line in index.duplicates:
        context.notes.append(
            Problem(
                Location(file, line, key), f"key {key!r} is written twice; the later one is used"
            )
        )
    _top_level(context, data)
    document = build_document(context, read_layout(context, data), app)
    return Imported(document, tuple(context.notes), tuple(context.decisions))


def _load(text: str, file: str) -> tuple[dict[Any, Any], LineIndex]:
    try:
        data, index = load_yaml(text, file)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # PyYAML builds dates and numbers with Python's constructors, which raise these
        # for text such as 2024-13-45; the text is still unreadable input.
        message = f"not valid YAML: {type(exc).__name__}: {exc}"[:200]
        raise InputError(Problem(Location(file), message)) from None
    if not isinstance(data, dict):
        raise InputError(
            Problem(
                Location(file, 1),
                "a Blueprint must be a YAML mapping",
                "keys such as services, databases, envVarGroups, projects",
            )
        )
    return data, index


def _top_level(context: Context, data: dict[Any, Any]) -> None:
    for key in data:
        if key not in TOP_LEVEL:
            context.note(
                (str(key),),
                f"unknown top-level key {str(key)!r} (Render may have added it; not imported)",
            )
    if "version" in data and data["version"] not in ("1", 1):
        context.note(
            ("version",),
            f"Blueprint version {data['version']!r} is not one Parity knows: read as version 1",
            "version: '1'",
        )
    for key in _PREVIEW_KEYS:
        if key in data:
            _preview_note(context, key, data[key])


def _preview_note(context: Context, key: str, value: Any) -> None:
    if key == "previews" and isinstance(value, dict) and value.get("generation") is False:
        context.note(
            (key, "generation"),
            "'off' is read by YAML 1.1 as the boolean false: read as generation 'off'",
            "'off' in quotes",
        )
        value = {**value, "generation": "off"}
    shown = json.dumps(plain(value, context, (key,)), default=str)
    deprecated = "" if key == "previews" else " (a deprecated spelling of previews)"
    context.note(
        (key,),
        f"preview settings are not imported{deprecated}: {key}: {shown}; "
        "Parity manages staging, not preview environments",
    )
