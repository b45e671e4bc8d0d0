"""The importer contract: another tool's configuration text in, a parity.yaml document out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from parity.errors import Problem


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import produced: a manifest document, warnings, and what is left to decide.

    `document` is plain data (dicts, lists, text, numbers, booleans) that
    `Manifest.model_validate` accepts. `notes` are located warnings about things the importer
    dropped, changed or could not follow. `decisions` are single sentences the user still has
    to act on before staging is safe.
    """

    document: dict[str, Any]
    notes: tuple[Problem, ...]
    decisions: tuple[str, ...]


class Importer(Protocol):
    """Turns the text of one file into a parity.yaml document.

    Importers are pure: the caller reads the file and passes its text and path. Text that cannot
    be read at all raises `InputError` naming the file and line; anything odd but readable
    becomes a note and the import goes on.
    """

    def __call__(self, text: str, file: str, *, app: str | None = None) -> Imported: ...
