"""Load a parity.yaml into a validated Manifest, or fail with every problem located."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from parity.errors import InputError, Location, ManifestError, Problem
from parity.manifest.errors import problems_from
from parity.manifest.validate import semantic_problems
from parity.model import Manifest
from parity.yamltext import LineIndex, load_yaml


@dataclass(frozen=True, slots=True)
class LoadedManifest:
    """A validated manifest together with where each of its keys was written."""

    manifest: Manifest
    file: str
    document: Any
    index: LineIndex

    def key_lines(self, *path: object) -> dict[object, int]:
        """Lines of the keys of the mapping at `path` (empty when there is none)."""
        node = self.document
        for step in path:
            if not isinstance(node, dict) or step not in node:
                return {}
            node = node[step]
        return self.index.keys.get(id(node), {}) if isinstance(node, dict) else {}

    def locate(self, *path: object) -> Location:
        """The location of the deepest existing key along `path`."""
        field = ".".join(str(step) for step in path) or None
        return Location(self.file, self.index.line_of(self.document, path), field)


def parse_manifest(text: str, file: str) -> LoadedManifest:
    """Validate manifest text; raises ManifestError listing every problem with its location."""
    document, index = load_yaml(text, file)
    if not isinstance(document, dict):
        raise ManifestError(
            Problem(
                Location(file, 1), "a manifest must be a YAML mapping", "keys app, environments"
            )
        )
    problems = [
        Problem(Location(file, line, key), f"key {key!r} is written twice", "each key once")
        for key, line in index.duplicates
    ]
    try:
        manifest = Manifest.model_validate(document)
    except ValidationError as exc:
        raise ManifestError(
            problems + problems_from(exc, Manifest, document, index, file)
        ) from None
    loaded = LoadedManifest(manifest, file, document, index)
    problems += semantic_problems(loaded)
    if problems:
        raise ManifestError(problems)
    return loaded


def read_manifest(path: Path) -> LoadedManifest:
    """Read and validate a manifest file."""
    return parse_manifest(read_text(path), str(path))


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, turning OS errors into located input errors."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Problem(Location(str(path)), "file not found")) from None
    except IsADirectoryError:
        raise InputError(Problem(Location(str(path)), "is a directory, not a file")) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            Problem(Location(str(path)), f"not UTF-8 text (byte {exc.start})", "a UTF-8 text file")
        ) from None
    except OSError as exc:
        raise InputError(Problem(Location(str(path)), f"cannot read: {exc.strerror}")) from None
