"""One Blueprint being read: where each key was written, and the notes and decisions so far."""

from __future__ import annotations

import base64
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from parity.errors import InputError, Location, Problem
from parity.yamltext import LineIndex

Path = tuple[str | int, ...]
_MISSING = object()


@dataclass(slots=True)
class Context:
    """The parsed Blueprint with its line index; collects notes and decisions as it is read.

    It lives for one import call only; everything it collects ends up in the `Imported` result.
    """

    file: str
    data: Any
    index: LineIndex
    lines: Sequence[str]
    notes: list[Problem] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    _once: set[str] = field(default_factory=set)

    def locate(self, path: Path) -> Location:
        """The location of `path`: its key's line, or a list item's first key's line."""
        return Location(self.file, self._line(path), dotted(path) or None)

    def note(self, path: Path, message: str, expected: str | None = None) -> None:
        """Record a warning about the key at `path`."""
        self.notes.append(Problem(self.locate(path), message, expected))

    def note_once(self, topic: str, path: Path, message: str) -> None:
        """Record a warning only the first time `topic` comes up in this Blueprint."""
        if topic not in self._once:
            self._once.add(topic)
            self.note(path, message)

    def decide(self, sentence: str) -> None:
        """Record something the user has to decide (each sentence once)."""
        if sentence not in self.decisions:
            self.decisions.append(sentence)

    def written(self, path: Path) -> str | None:
        """The text a plain scalar at `path` was written as, when it is on its key's line."""
        line, key = self._line(path), path[-1] if path else None
        if line is None or not isinstance(key, str) or line > len(self.lines):
            return None
        pattern = re.escape(key) + r"""['"]?\s*:\s+([^\s#,}\]'"]+)"""
        match = re.search(pattern, self.lines[line - 1])
        return match.group(1) if match else None

    def _line(self, path: Path) -> int | None:
        node = _node_at(self.data, path)
        if path and isinstance(path[-1], int) and isinstance(node, dict) and node:
            lines = self.index.keys.get(id(node), {})
            if lines:
                return min(lines.values())
        return self.index.line_of(self.data, path)


def _node_at(data: Any, path: Path) -> Any:
    node = data
    for step in path:
        node = _child(node, step)
    return None if node is _MISSING else node


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(step, _MISSING)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return _MISSING


def dotted(path: Path) -> str:
    """A path as a field name: `services[0].envVars[2].value`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else ("." if text else "") + str(step)
    return text


def plain(value: Any, context: Context, path: Path, _active: frozenset[int] = frozenset()) -> Any:
    """A verbatim copy of YAML data as plain, dumpable data (text keys, lists, ISO dates)."""
    if isinstance(value, dict | list | tuple | set | frozenset):
        if id(value) in _active:
            raise InputError(Problem(context.locate(path), "a YAML alias refers to itself"))
        active = _active | {id(value)}
        if isinstance(value, dict):
            return {str(k): plain(v, context, (*path, str(k)), active) for k, v in value.items()}
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [plain(v, context, (*path, i), active) for i, v in enumerate(items)]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value
