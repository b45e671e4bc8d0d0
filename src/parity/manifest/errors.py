"""Turn pydantic's validation errors into problems that name file, line, field and what is valid."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from parity.errors import Location, Problem
from parity.yamltext import LineIndex

#: Tags pydantic inserts into an error's location for tagged unions: variable value forms and
#: check kinds. A step is dropped only where the document has no such key (see _document_path).
_TAGS = {
    "text",
    "unset",
    "generate",
    "from_platform",
    "from_database",
    "from_service",
    "http",
    "tcp",
    "postgres",
    "redis",
    "command",
    "api_key",
}


def problems_from(
    exc: ValidationError, root: type[BaseModel], document: Any, index: LineIndex, file: str
) -> list[Problem]:
    """One problem per pydantic error, located in the YAML document."""
    problems = []
    for error in exc.errors(include_url=False):
        path = _document_path(document, error["loc"])
        field = _dotted(path)
        location = Location(file, index.line_of(document, path), field or None)
        problems.append(_problem(error, path, root, location))
    return problems


def _problem(error: Any, path: list[Any], root: type[BaseModel], location: Location) -> Problem:
    kind = error["type"]
    if kind == "extra_forbidden":
        valid = _valid_keys(root, path[:-1])
        expected = "one of: " + ", ".join(valid) if valid else None
        return Problem(location, f"unknown key {path[-1]!r}", expected)
    if kind == "missing":
        return Problem(location, "this field is required")
    if kind == "literal_error":
        return Problem(location, f"{error['input']!r} is not allowed", error["ctx"]["expected"])
    return Problem(location, _message(error))


def _message(error: Any) -> str:
    message = str(error["msg"])
    given = error.get("input")
    if isinstance(given, str | int | float | bool) and len(repr(given)) < 60:
        message += f" (got {given!r})"
    return message


def _document_path(document: Any, loc: Sequence[object]) -> list[object]:
    """The error's location with pydantic's union tags removed: a tag is a step the document
    does not have at that point (a key named like a tag is kept)."""
    path: list[object] = []
    node = document
    for step in loc:
        child = _child(node, step)
        if (
            child is _ABSENT
            and isinstance(step, str)
            and (step in _TAGS or step.startswith("function-"))
        ):
            continue
        node = None if child is _ABSENT else child
        path.append(step)
    return path


_ABSENT = object()


def _child(node: Any, step: object) -> Any:
    if isinstance(node, dict):
        return node.get(step, _ABSENT)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return _ABSENT


def _dotted(path: Sequence[object]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _valid_keys(root: type[BaseModel], path: Sequence[object]) -> list[str]:
    """The keys the model at `path` accepts, found by walking the model's annotations."""
    current: Any = root
    for step in path:
        current = _step_into(current, step)
        if current is None:
            return []
    model = _model_in(current)
    return list(model.model_fields) if model else []


def _step_into(annotation: Any, step: object) -> Any:
    model = _model_in(annotation)
    if model is not None and isinstance(step, str) and step in model.model_fields:
        return model.model_fields[step].annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _step_into(typing.get_args(annotation)[0], step)
    if origin in (dict, tuple, list):
        return typing.get_args(annotation)[-1]
    if origin in (typing.Union, types.UnionType):
        for arm in typing.get_args(annotation):
            found = _step_into(arm, step)
            if found is not None:
                return found
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        for arm in typing.get_args(annotation):
            model = _model_in(arm)
            if model is not None:
                return model
    return None
