"""Scalars of a Blueprint as text, noting where YAML 1.1 read something other than was written."""

from __future__ import annotations

import datetime
from typing import Any

from parity.importers.render_context import Context, Path

_BOOLEAN_WORDS = {"true", "false"}


def as_text(context: Context, path: Path, value: Any) -> str | None:
    """A variable's scalar value as text; None when it is null or not a scalar (noted)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return _boolean(context, path, value)
    if isinstance(value, int | float):
        return _number(context, path, value)
    if isinstance(value, datetime.date):
        text = value.isoformat()
        context.note(path, f"YAML read this as a date; imported as {text!r}", "a quoted value")
        return text
    if value is None:
        context.note(
            path, "the value is empty (null): imported as unset", "a value, or sync: false"
        )
        return None
    context.note(path, f"a value must be text, not a {_kind(value)}: imported as unset")
    return None


def _boolean(context: Context, path: Path, value: bool) -> str:
    text = "true" if value else "false"
    written = context.written(path)
    if written is not None and written.lower() not in _BOOLEAN_WORDS:
        context.note(
            path,
            f"'{written}' is read by YAML 1.1 as the boolean {text}: imported as {text!r}; "
            f"the original text may have been '{written}'",
            f"'{written}' in quotes if the text is meant",
        )
    return text


def _number(context: Context, path: Path, value: float) -> str:
    text = str(value)
    written = context.written(path)
    if written is not None and written != text:
        context.note(
            path,
            f"'{written}' is read by YAML as the number {text}: imported as {text!r}",
            f"'{written}' in quotes if the text is meant",
        )
    return text


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "list" if isinstance(value, list) else type(value).__name__


def text_field(context: Context, path: Path, value: Any) -> str | None:
    """A service or database setting that must be text; numbers become text, others are noted."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    context.note(path, f"expected text, found a {_kind(value)}: kept under platform")
    return None


def count_field(context: Context, path: Path, value: Any, minimum: int = 0) -> int | None:
    """A setting that must be a whole number of at least `minimum`; anything else is noted."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
        return value
    context.note(
        path, f"expected a whole number of at least {minimum}, found {value!r}: kept under platform"
    )
    return None


def texts_field(context: Context, path: Path, value: Any) -> list[str] | None:
    """A setting that must be a list of text."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    context.note(path, "expected a list of text: kept under platform")
    return None
